// dropoutlab-cli: the headless twin of the GUI (the command-line contract: docs/architecture.md).
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/cli/bench.h"
#include "app/cli/common.h"
#include "app/cli/masks.h"
#include "app/cli/predict.h"
#include "app/cli/sweep.h"
#include "app/cli/train.h"
#include "base/input_error.h"
#include "core/config/experiment_config.h"
#include "core/training/trainer.h"

namespace {

// CLI11 says "A subcommand is required" for both a missing and a misspelt command; name what
// was wrong and what would work instead.
std::string commandError(CLI::App& app, int argc, char** argv) {
    std::string names;
    const auto commands = app.get_subcommands([](CLI::App*) { return true; });
    for (std::size_t i = 0; i < commands.size(); ++i)
        names += (i == 0 ? "" : i + 1 == commands.size() ? " or " : ", ") + commands[i]->get_name();
    if (argc < 2 || argv[1][0] == '-')
        return "a command is required first: " + names + " (see --help).";
    return std::string("unknown command \"") + argv[1] + "\"; expected " + names + " (see --help).";
}

// CLI11's message as one sentence, like every other input error (its own exit() adds a line).
std::string oneSentence(const CLI::Error& e) {
    std::string what = e.what();
    while (!what.empty() && (what.back() == '.' || what.back() == '\n')) what.pop_back();
    return what + " (see --help).";
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Dropout Lab, headless: train, inspect and benchmark dropout experiments."};
    app.require_subcommand(1);

    dl::cli::TrainOptions train;
    auto* trainCmd =
        app.add_subcommand("train", "Train an experiment and report per-epoch metrics.");
    trainCmd->add_option("--config", train.config, "Experiment JSON file or built-in preset name")
        ->required();
    trainCmd->add_option("--epochs", train.epochs, "Override the number of epochs");
    trainCmd->add_option("--seed", train.seed, "Override the experiment seed");
    trainCmd->add_option("--threads", train.threads, "Worker threads (default: all cores)")
        ->check(CLI::NonNegativeNumber);
    trainCmd->add_option("--out", train.out, "Write RUN.json here (atomically)");
    trainCmd->add_flag("--quiet", train.quiet, "No per-epoch progress lines");

    dl::cli::MasksOptions masks;
    auto* masksCmd = app.add_subcommand(
        "masks", "Train a few steps and write the mask every dropout site drew at each step.");
    masksCmd->add_option("--config", masks.config, "Experiment JSON file or built-in preset name")
        ->required();
    masksCmd->add_option("--steps", masks.steps, "Training steps to record (default 1)");
    masksCmd->add_option("--seed", masks.seed, "Override the experiment seed");
    masksCmd->add_option("--threads", masks.threads, "Worker threads (default: all cores)")
        ->check(CLI::NonNegativeNumber);
    masksCmd->add_option("--out", masks.out, "Write MASKS.json here (atomically); default stdout");

    dl::cli::PredictOptions predict;
    auto* predictCmd = app.add_subcommand("predict", "Predict from a trained RUN.json.");
    predictCmd->add_option("--run", predict.run, "RUN.json written by train --out")->required();
    predictCmd->add_option("--input", predict.input, "CSV of inputs (with a header)")->required();
    predictCmd->add_option("--mode", predict.mode, "deterministic | mc | mc-average");
    predictCmd->add_option("--samples", predict.samples, "T, the number of MC passes");
    predictCmd->add_option("--sharing", predict.sharing, "MC masks: function | per-input");
    predictCmd->add_option("--seed", predict.seed, "Seed of the MC masks");
    predictCmd->add_option("--threads", predict.threads, "Worker threads (default: all cores)");
    predictCmd->add_option("--out", predict.out, "Write the CSV here (default: stdout)");

    dl::cli::McCurveOptions curve;
    auto* curveCmd = app.add_subcommand(
        "mc-curve", "Accuracy and NLL of MC averaging for T = 1..N against weight scaling.");
    curveCmd->add_option("--run", curve.run, "RUN.json written by train --out")->required();
    curveCmd->add_option("--max-samples", curve.maxSamples, "Largest T (default 50)");
    curveCmd->add_option("--split", curve.split, "test | val")
        ->check(CLI::IsMember({"test", "val"}));
    curveCmd->add_option("--threads", curve.threads, "Worker threads (default: all cores)");
    curveCmd->add_option("--out", curve.out, "Write the CSV here (default: stdout)");

    dl::cli::BenchOptions bench;
    auto* benchCmd = app.add_subcommand(
        "bench", "Time the five workloads of docs/benchmarks.md (the PyTorch peer's format).");
    benchCmd->add_option("--only", bench.only, "Workloads to run: W1[,W3...] or 1[,3...]");
    benchCmd->add_option("--threads", bench.threads, "Threads (default 2, as the peers)");
    benchCmd->add_option("--steps", bench.steps, "Timed steps of every selected workload");
    benchCmd->add_option("--warmup", bench.warmup, "Warm-up steps of every selected workload");
    benchCmd->add_flag("--sanity", bench.sanity, "Untimed: check that losses fall, exit 1 if not");
    benchCmd->add_flag("--data-check", bench.dataCheck, "Print the data checksums and stop");

    dl::cli::SweepOptions sweep;
    auto* sweepCmd = app.add_subcommand(
        "sweep", "Train one run per drop rate (or rate pair) and write a CSV of final metrics.");
    sweepCmd->add_option("--config", sweep.config, "Experiment JSON file or built-in preset name")
        ->required();
    sweepCmd->add_option("--site", sweep.site, "Id of the dropout site to sweep")->required();
    sweepCmd->add_option("--rates", sweep.rates, "Drop rates to try, e.g. 0,0.1,0.3,0.5")
        ->required();
    sweepCmd->add_option("--site2", sweep.site2, "A second site: every pair of rates is tried");
    sweepCmd->add_option("--rates2", sweep.rates2, "Drop rates of the second site");
    sweepCmd->add_option("--epochs", sweep.epochs, "Override the number of epochs");
    sweepCmd->add_option("--seed", sweep.seed, "Override the experiment seed");
    sweepCmd->add_option("--threads", sweep.threads, "Worker threads (default: all cores)")
        ->check(CLI::NonNegativeNumber);
    sweepCmd->add_option("--out", sweep.out, "Write the CSV here (atomically); default stdout");
    sweepCmd->add_flag("--quiet", sweep.quiet, "No per-point progress lines");

    auto* presetsCmd = app.add_subcommand("presets", "List the built-in presets.");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::RequiredError& e) {
        // No command parsed: a missing or misspelt command, not a missing option.
        dl::cli::printError(app.get_subcommands().empty() ? commandError(app, argc, argv)
                                                          : oneSentence(e));
        return e.get_exit_code();
    } catch (const CLI::ParseError& e) {
        dl::cli::printError(oneSentence(e));
        return e.get_exit_code();
    }
    try {
        if (trainCmd->parsed()) return dl::cli::runTrain(train);
        if (predictCmd->parsed()) return dl::cli::runPredict(predict);
        if (curveCmd->parsed()) return dl::cli::runMcCurve(curve);
        if (masksCmd->parsed()) return dl::cli::runMasks(masks);
        if (benchCmd->parsed()) return dl::cli::runBench(bench);
        if (sweepCmd->parsed()) return dl::cli::runSweep(sweep);
        if (presetsCmd->parsed()) {
            for (const auto& name : dl::presetNames()) {
                auto c = dl::parseExperiment(dl::presetText(name), "preset " + name);
                std::cout << name << "\t" << c.description << "\n";
            }
            return 0;
        }
    } catch (const dl::InputError& e) {
        dl::cli::printError(e.what());
        return 2;
    } catch (const std::exception& e) {
        dl::cli::printError(std::string("unexpected error: ") + e.what());
        return 1;
    }
    return 0;
}
