#include "app/cli/bench.h"

#include <oneapi/tbb/version.h>
#include <Eigen/Core>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "app/cli/bench_probes.h"
#include "app/cli/bench_workloads.h"
#include "app/cli/common.h"
#include "base/input_error.h"
#include "datasets/sequence_generators.h"
#include "datasets/workload_generators.h"

namespace dl::cli {
namespace {

constexpr int kGemmSize = 2048;
constexpr int kGemmRepeats = 3;

void printDataLine(const char* w, const Matrix& x, const Matrix& y) {
    std::printf(
        "DATA %s n=%ld sum_x=%.6f sum_y=%.6f x_first=%.9g x_last=%.9g y_first=%.9g "
        "y_last=%.9g\n",
        w, long(x.rows()), x.cast<double>().sum(), y.cast<double>().sum(), x(0, 0),
        x(x.rows() - 1, x.cols() - 1), y(0, 0), y(y.rows() - 1, y.cols() - 1));
}

// The data checksums of docs/benchmarks.md, in the peers' format.
void dataCheck() {
    const Dataset spiral = makeW1Spiral(1000), pixels = makeW2Pixels(8192);
    const Dataset sines = makeW4Sines(4096), grid = makeW5Grid(1000);
    printDataLine("W1", spiral.x, spiral.y);
    printDataLine("W2/W3", pixels.x, pixels.y);
    std::vector<int> counts(pixels.numClasses, 0);
    for (Eigen::Index i = 0; i < pixels.y.rows(); ++i) ++counts[int(pixels.y(i, 0))];
    std::printf("DATA W2/W3 class_counts=");
    for (std::size_t c = 0; c < counts.size(); ++c) std::printf("%s%d", c ? "," : "", counts[c]);
    std::printf("\n");
    printDataLine("W4", sines.x, sines.y);
    printDataLine("W5", grid.x, grid.y);
}

// "# …" lines: how this build computes, so a reader can tell the figures' conditions apart.
void printConfiguration(int threads) {
#ifdef EIGEN_HAS_OPENMP
    const int eigenOpenMp = 1;
#else
    const int eigenOpenMp = 0;
#endif
    std::printf(
        "# impl=dropoutlab threads=%d eigen=%d.%d.%d eigen_simd=\"%s\" eigen_openmp=%d "
        "tbb=%d.%d parallelism=tbb-fixed-row-chunks\n",
        threads, EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION,
        Eigen::SimdInstructionSetsInUse(), eigenOpenMp, TBB_VERSION_MAJOR, TBB_VERSION_MINOR);
}

// Returns the GEMM throughput at `threads` (GFLOPS), the W2 yardstick.
double printGemm(int threads) {
    const double one = gemmGflops(kGemmSize, 1, kGemmRepeats);
    const double all = gemmGflops(kGemmSize, threads, kGemmRepeats);
    std::printf(
        "# gemm sgemm n=%d best_of=%d gflops=%.1f threads=%d gflops_1thread=%.1f "
        "(Eigen noalias GEMM; rows split into %d TBB chunks)\n",
        kGemmSize, kGemmRepeats, all, threads, one, threads);
    return all;
}

void printTimedLine(const Workload& w, const WorkloadRun& r, double gemm, double rssMb) {
    const int finite = r.finite ? 1 : 0;
    if (w.id == 5) {
        std::printf(
            "W5 %s ms=%.3f reps=%ld secs=%.3f mean_std=%.5f finite=%d peak_rss_mb=%.1f "
            "impl=dropoutlab\n",
            w.name, 1e3 * r.secs / double(r.steps), r.steps, r.secs, r.last, finite, rssMb);
        return;
    }
    const double sps = double(r.steps) / r.secs;
    std::printf("W%d %s steps_per_s=%.2f ", w.id, w.name, sps);
    if (w.id == 2) std::printf("samples_per_s=%.1f ", sps * 128);
    std::printf("steps=%ld secs=%.3f loss=%.5f finite=%d peak_rss_mb=%.1f", r.steps, r.secs, r.last,
                finite, rssMb);
    if (w.id == 2) {
        const double gflops = w2FlopsPerStep() * sps * 1e-9;
        std::printf(" gflops=%.1f gemm_fraction=%.2f", gflops, gflops / gemm);
    }
    std::printf(" impl=dropoutlab\n");
}

// Mean of the first and last tenth of the losses, as the peers' --sanity reports them.
bool printSanityLine(const Workload& w, const WorkloadRun& r) {
    if (w.id == 5) {
        const bool ok = r.finite && r.stdPositive;
        std::printf("SANITY W5 %s mean_std=%.5f finite=%d std_positive=%d ok=%d impl=dropoutlab\n",
                    w.name, r.last, r.finite ? 1 : 0, r.stdPositive ? 1 : 0, ok ? 1 : 0);
        return ok;
    }
    const long n = long(r.losses.size()), tenth = std::max(1L, n / 10);
    double first = 0.0, last = 0.0;
    for (long s = 0; s < tenth && s < n; ++s) first += r.losses[s] / double(tenth);
    for (long s = std::max(0L, n - tenth); s < n; ++s) last += r.losses[s] / double(tenth);
    const bool decreased = n > 0 && last < first, ok = r.finite && decreased;
    std::printf(
        "SANITY W%d %s steps=%ld loss_first=%.5f loss_last=%.5f finite=%d decreased=%d "
        "ok=%d impl=dropoutlab\n",
        w.id, w.name, n, first, last, r.finite ? 1 : 0, decreased ? 1 : 0, ok ? 1 : 0);
    return ok;
}

void checkOptions(const BenchOptions& o) {
    if (o.threads < 1) throw InputError("--threads: expected a whole number ≥ 1.");
    if (o.steps && *o.steps < 1) throw InputError("--steps: expected a whole number ≥ 1.");
    if (o.warmup && *o.warmup < 0) throw InputError("--warmup: expected a whole number ≥ 0.");
}

}  // namespace

int runBench(const BenchOptions& o) {
    checkOptions(o);
    const std::vector<Workload> selected = selectWorkloads(o.only);
    auto limit = limitThreads(o.threads);
    printConfiguration(o.threads);
    if (o.dataCheck) {
        dataCheck();
        return 0;
    }
    const double gemm = o.sanity ? 0.0 : printGemm(o.threads);
    std::fflush(stdout);
    bool ok = true;
    double largestPeak = 0.0;
    for (const Workload& w : selected) {
        const bool perWorkloadRss = resetPeakRss();
        if (o.sanity) {
            const WorkloadRun r = runWorkload(w, 0, o.steps.value_or(w.sanitySteps), true);
            ok = printSanityLine(w, r) && ok;
        } else {
            const WorkloadRun r =
                runWorkload(w, o.warmup.value_or(w.warmup), o.steps.value_or(w.steps), false);
            printTimedLine(w, r, gemm, peakRssMb());
            ok = ok && r.finite;
        }
        if (!perWorkloadRss) std::printf("# peak_rss_mb counts from process start\n");
        largestPeak = std::max(largestPeak, peakRssMb());
        std::fflush(stdout);
    }
    std::printf("# peak_rss_mb=%.1f (the largest of the workloads' peaks)\n", largestPeak);
    return ok ? 0 : 1;
}

}  // namespace dl::cli
