#include "app/cli/sweep.h"

#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/cli/common.h"
#include "base/atomic_file.h"
#include "base/input_error.h"
#include "core/training/rate_sweep.h"

namespace dl::cli {
namespace {

SweepGrid gridFrom(const SweepOptions& o) {
    if (o.site2.empty() != o.rates2.empty())
        throw InputError(o.site2.empty() ? "--rates2: needs --site2 to say which site it sweeps."
                                         : "--site2: needs --rates2 with the rates to try.");
    SweepGrid grid{{o.site, parseRateList(o.rates, "--rates")}, std::nullopt};
    if (!o.site2.empty()) grid.second = SweepAxis{o.site2, parseRateList(o.rates2, "--rates2")};
    return grid;
}

// Progress goes to stderr when the CSV goes to stdout, so the CSV stays clean.
void printPoint(const SweepGrid& grid, const SweepPoint& p, int done, int total, bool toStderr) {
    std::FILE* f = toStderr ? stderr : stdout;
    std::fprintf(f, "point %d/%d  %s=%.4g", done, total, grid.first.site.c_str(), p.rate);
    if (grid.second) std::fprintf(f, " %s=%.4g", grid.second->site.c_str(), *p.rate2);
    if (p.status == SweepStatus::Diverged)
        std::fprintf(f, "  diverged");
    else
        std::fprintf(f, "  val_loss %.5f  test_loss %.5f  (%.2f s)", p.val.loss, p.test.loss,
                     p.seconds);
    std::fprintf(f, "\n");
    std::fflush(f);
}

}  // namespace

int runSweep(const SweepOptions& o) {
    auto threads = limitThreads(o.threads);
    checkOutArgument(o.out);  // before any work: a bad --out is found now, not after it
    ExperimentConfig config = loadWithOverrides(o.config, o.epochs, o.seed);
    const SweepGrid grid = gridFrom(o);
    const bool toStdout = o.out.empty();
    const auto start = std::chrono::steady_clock::now();
    checkSweepGrid(config, grid);  // grid mistakes name their flag
    SweepResult result;
    try {
        result = runRateSweep(config, grid, [&](const SweepPoint& p, int done, int total) {
            if (!o.quiet) printPoint(grid, p, done, total, toStdout);
        });
    } catch (const InputError& e) {
        // Errors found while loading the data or building the network name the config.
        throw InputError(o.config + ": " + e.what());
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string csv = sweepCsv(grid, result);
    if (toStdout)
        std::cout << csv;
    else
        writeFileAtomically(o.out, csv);
    if (!o.quiet)
        std::fprintf(toStdout ? stderr : stdout, "sweep  %d points  (%.2f s)\n", grid.size(), secs);
    return 0;
}

}  // namespace dl::cli
