// dropoutlab-cli: the headless twin of the GUI (the command-line contract: docs/architecture.md).
// This file defines the commands and their flags and dispatches to the one that was given; the
// flags' checks are in flag_checks.h, the parser's error sentences in parse_errors.h.
#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

#include "app/cli/bench.h"
#include "app/cli/common.h"
#include "app/cli/flag_checks.h"
#include "app/cli/masks.h"
#include "app/cli/parse_errors.h"
#include "app/cli/predict.h"
#include "app/cli/sweep.h"
#include "app/cli/train.h"
#include "base/input_error.h"
#include "core/config/experiment_config.h"
#include "core/training/trainer.h"

namespace dl::cli {
namespace {

// The exit code of every input error, command-line mistakes included.
constexpr int kBadInput = 2;

// Every command's options as the parser fills them in, and the command each belongs to.
struct Commands {
    TrainOptions train;
    MasksOptions masks;
    PredictOptions predict;
    McCurveOptions curve;
    BenchOptions bench;
    SweepOptions sweep;
    CLI::App* trainCmd = nullptr;
    CLI::App* masksCmd = nullptr;
    CLI::App* predictCmd = nullptr;
    CLI::App* curveCmd = nullptr;
    CLI::App* benchCmd = nullptr;
    CLI::App* sweepCmd = nullptr;
    CLI::App* presetsCmd = nullptr;
};

CLI::App* addTrain(CLI::App& app, TrainOptions& o) {
    auto* cmd = app.add_subcommand("train", "Train an experiment and report per-epoch metrics.");
    cmd->add_option("--config", o.config, "Experiment JSON file or built-in preset name")
        ->required()
        ->check(configCheck());
    cmd->add_option("--epochs", o.epochs, "Override the number of epochs (1 to 100000)")
        ->check(epochsCheck());
    cmd->add_option("--seed", o.seed, "Override the experiment seed (0 to 2^64 - 1)")
        ->check(seedCheck());
    cmd->add_option("--threads", o.threads, "Worker threads, 0 to 1024 (0: all cores)")
        ->check(threadsCheck());
    cmd->add_option("--out", o.out, "Write RUN.json here (atomically)")->check(pathCheck());
    cmd->add_flag("--quiet", o.quiet, "No per-epoch progress lines");
    return cmd;
}

CLI::App* addMasks(CLI::App& app, MasksOptions& o) {
    auto* cmd = app.add_subcommand(
        "masks", "Train a few steps and write the mask every dropout site drew at each step.");
    cmd->add_option("--config", o.config, "Experiment JSON file or built-in preset name")
        ->required()
        ->check(configCheck());
    cmd->add_option("--steps", o.steps, "Training steps to record, 1 to 1000 (default 1)")
        ->check(capped(1, kMaxMaskSteps));
    cmd->add_option("--seed", o.seed, "Override the experiment seed (0 to 2^64 - 1)")
        ->check(seedCheck());
    cmd->add_option("--threads", o.threads, "Worker threads, 0 to 1024 (0: all cores)")
        ->check(threadsCheck());
    cmd->add_option("--out", o.out, "Write MASKS.json here (atomically); default stdout")
        ->check(pathCheck());
    return cmd;
}

CLI::App* addPredict(CLI::App& app, PredictOptions& o) {
    auto* cmd = app.add_subcommand("predict", "Predict from a trained RUN.json.");
    cmd->add_option("--run", o.run, "RUN.json written by train --out")
        ->required()
        ->check(pathCheck());
    cmd->add_option("--input", o.input, "CSV of inputs (with a header)")
        ->required()
        ->check(pathCheck());
    cmd->add_option("--mode", o.mode, "deterministic | mc | mc-average")
        ->check(oneOf({"deterministic", "mc", "mc-average"}));
    cmd->add_option("--samples", o.samples, "T, the number of MC passes (1 to 10000)")
        ->check(capped(1, kMaxPredictSamples));
    cmd->add_option("--sharing", o.sharing, "MC masks: function | per-input")
        ->check(oneOf({"function", "per-input"}));
    cmd->add_option("--seed", o.seed, "Seed of the MC masks (0 to 2^64 - 1)")->check(seedCheck());
    cmd->add_option("--threads", o.threads, "Worker threads, 0 to 1024 (0: all cores)")
        ->check(threadsCheck());
    cmd->add_option("--out", o.out, "Write the CSV here (default: stdout)")->check(pathCheck());
    return cmd;
}

CLI::App* addMcCurve(CLI::App& app, McCurveOptions& o) {
    auto* cmd = app.add_subcommand(
        "mc-curve", "Accuracy and NLL of MC averaging for T = 1..N against weight scaling.");
    cmd->add_option("--run", o.run, "RUN.json written by train --out")
        ->required()
        ->check(pathCheck());
    cmd->add_option("--max-samples", o.maxSamples, "Largest T, 1 to 1000 (default 50)")
        ->check(capped(1, kMaxCurveSamples));
    cmd->add_option("--split", o.split, "test | val")->check(oneOf({"test", "val"}));
    cmd->add_option("--threads", o.threads, "Worker threads, 0 to 1024 (0: all cores)")
        ->check(threadsCheck());
    cmd->add_option("--out", o.out, "Write the CSV here (default: stdout)")->check(pathCheck());
    return cmd;
}

CLI::App* addBench(CLI::App& app, BenchOptions& o) {
    auto* cmd = app.add_subcommand(
        "bench", "Time the five workloads of docs/benchmarks.md (the PyTorch peer's format).");
    cmd->add_option("--only", o.only, "Workloads to run: W1[,W3...] or 1[,3...]");
    cmd->add_option("--threads", o.threads, "Threads, 1 to 1024 (default 2, as the peers)")
        ->check(capped(1, kMaxThreads));
    cmd->add_option("--steps", o.steps, "Timed steps of every selected workload (1 to 1000000)")
        ->check(capped(1, kMaxBenchSteps));
    cmd->add_option("--warmup", o.warmup, "Warm-up steps of every selected workload (0 to 1000000)")
        ->check(capped(0, kMaxBenchSteps));
    cmd->add_flag("--sanity", o.sanity, "Untimed: check that losses fall, exit 1 if not");
    cmd->add_flag("--data-check", o.dataCheck, "Print the data checksums and stop");
    return cmd;
}

CLI::App* addSweep(CLI::App& app, SweepOptions& o) {
    auto* cmd = app.add_subcommand(
        "sweep", "Train one run per drop rate (or rate pair) and write a CSV of final metrics.");
    cmd->add_option("--config", o.config, "Experiment JSON file or built-in preset name")
        ->required()
        ->check(configCheck());
    cmd->add_option("--site", o.site, "Id of the dropout site to sweep")->required();
    cmd->add_option("--rates", o.rates, "Drop rates to try, e.g. 0,0.1,0.3,0.5")->required();
    cmd->add_option("--site2", o.site2, "A second site: every pair of rates is tried");
    cmd->add_option("--rates2", o.rates2, "Drop rates of the second site");
    cmd->add_option("--epochs", o.epochs, "Override the number of epochs (1 to 100000)")
        ->check(epochsCheck());
    cmd->add_option("--seed", o.seed, "Override the experiment seed (0 to 2^64 - 1)")
        ->check(seedCheck());
    cmd->add_option("--threads", o.threads, "Worker threads, 0 to 1024 (0: all cores)")
        ->check(threadsCheck());
    cmd->add_option("--out", o.out, "Write the CSV here (atomically); default stdout")
        ->check(pathCheck());
    cmd->add_flag("--quiet", o.quiet, "No per-point progress lines");
    return cmd;
}

// In the order `--help` lists them and parse errors name them.
void defineCommands(CLI::App& app, Commands& c) {
    c.trainCmd = addTrain(app, c.train);
    c.masksCmd = addMasks(app, c.masks);
    c.predictCmd = addPredict(app, c.predict);
    c.curveCmd = addMcCurve(app, c.curve);
    c.benchCmd = addBench(app, c.bench);
    c.sweepCmd = addSweep(app, c.sweep);
    c.presetsCmd = app.add_subcommand("presets", "List the built-in presets.");
}

int listPresets() {
    for (const auto& name : presetNames()) {
        auto c = parseExperiment(presetText(name), "preset " + name);
        std::cout << name << "\t" << c.description << "\n";
    }
    return 0;
}

// Runs the command that was parsed; returns the exit code. Throws for errors.
int runCommand(const Commands& c) {
    if (c.trainCmd->parsed()) return runTrain(c.train);
    if (c.predictCmd->parsed()) return runPredict(c.predict);
    if (c.curveCmd->parsed()) return runMcCurve(c.curve);
    if (c.masksCmd->parsed()) return runMasks(c.masks);
    if (c.benchCmd->parsed()) return runBench(c.bench);
    if (c.sweepCmd->parsed()) return runSweep(c.sweep);
    if (c.presetsCmd->parsed()) return listPresets();
    return 0;
}

// runCommand, with every error turned into one line on stderr and its exit code.
int runReportingErrors(const Commands& c) {
    try {
        return runCommand(c);
    } catch (const InputError& e) {
        printError(e.what());
        return kBadInput;
    } catch (const nlohmann::json::exception& e) {
        // Readers check types before reading, so this is a missed check on some input file;
        // still bad input, not an unexpected error.
        printError(std::string("an input file holds a value of the wrong type (") + e.what() +
                   ").");
        return kBadInput;
    } catch (const std::exception& e) {
        printError(std::string("unexpected error: ") + e.what());
        return 1;
    }
}

}  // namespace
}  // namespace dl::cli

int main(int argc, char** argv) {
    CLI::App app{"Dropout Lab, headless: train, inspect and benchmark dropout experiments."};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("dropoutlab-cli ") + DL_VERSION,
                         "Print the version and exit");
    dl::cli::Commands commands;
    dl::cli::defineCommands(app, commands);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // A command-line mistake is bad input like any other: exit 2, not CLI11's own codes.
        dl::cli::printError(dl::cli::parseErrorSentence(app, e, argc, argv));
        return dl::cli::kBadInput;
    }
    return dl::cli::runReportingErrors(commands);
}
