// dropoutlab-cli: the headless twin of the GUI (the command-line contract: docs/architecture.md).
#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <iostream>
#include <limits>

#include "app/cli/bench.h"
#include "app/cli/common.h"
#include "app/cli/masks.h"
#include "app/cli/predict.h"
#include "app/cli/sweep.h"
#include "app/cli/train.h"
#include "base/input_error.h"
#include "base/text_preview.h"
#include "core/config/experiment_config.h"
#include "core/training/trainer.h"

namespace {

// The exit code of every input error, command-line mistakes included.
constexpr int kBadInput = 2;

// Every command's name, as "train, predict, … or presets".
std::string commandNames(CLI::App& app) {
    std::string names;
    const auto commands = app.get_subcommands([](CLI::App*) { return true; });
    for (std::size_t i = 0; i < commands.size(); ++i)
        names += (i == 0 ? "" : i + 1 == commands.size() ? " or " : ", ") + commands[i]->get_name();
    return names;
}

// CLI11 says "A subcommand is required" for both a missing and a misspelt command; name what
// was wrong and what would work instead.
std::string commandError(CLI::App& app, int argc, char** argv) {
    if (argc < 2 || argv[1][0] == '-')
        return "a command is required first: " + commandNames(app) + " (see --help).";
    return "unknown command " + dl::quotedPreview(argv[1]) + "; expected " + commandNames(app) +
           " (see --help).";
}

// `dropoutlab-cli --config x train` parses as train without --config, which CLI11 reports as
// "--config is required": misleading when the option is right there, only too early. Returns
// the sentence for an option written before the command, or "" if that is not the mistake.
std::string optionBeforeCommand(CLI::App& app, int argc, char** argv) {
    if (argc < 3 || argv[1][0] != '-') return {};
    for (int i = 2; i < argc; ++i) {
        const auto commands =
            app.get_subcommands([&](CLI::App* c) { return c->get_name() == argv[i]; });
        if (commands.empty()) continue;
        std::string option = argv[1];
        option = option.substr(0, option.find('='));
        const std::string shown = dl::escapeText(option, dl::kPreviewChars);
        return shown + ": options go after the command, e.g. `dropoutlab-cli " + argv[i] + " " +
               shown + " …` (see --help).";
    }
    return {};
}

// CLI11's message as one sentence, like every other input error (its own exit() adds a line).
std::string oneSentence(const CLI::Error& e) {
    std::string what = e.what();
    while (!what.empty() && (what.back() == '.' || what.back() == '\n')) what.pop_back();
    return what + " (see --help).";
}

// One of a few words (--mode, --sharing, --split): CLI11 prefixes the flag's name.
CLI::Validator oneOf(std::vector<std::string> words) {
    std::string list;
    for (std::size_t i = 0; i < words.size(); ++i)
        list += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
    auto check = [words, list](std::string& text) -> std::string {
        if (std::find(words.begin(), words.end(), text) != words.end()) return {};
        return "expected " + list + ", got " + dl::quotedPreview(text);
    };
    return CLI::Validator(check, list, "WORD");
}

// A path (or a preset name) that is not empty: "" would otherwise surface later as a
// sentence about a file with no name.
CLI::Validator nonEmpty(const std::string& what) {
    auto check = [what](std::string& text) -> std::string {
        if (!text.empty()) return {};
        return "expected " + what + ", got an empty string";
    };
    return CLI::Validator(check, "", "NONEMPTY");
}

// The caps of the numeric flags, shared by every subcommand. They keep a mistyped value from
// running for hours or filling memory (docs/architecture.md, "The command line").
constexpr std::uint64_t kMaxThreads = 1024;
constexpr std::uint64_t kMaxEpochs = 100'000;
constexpr std::uint64_t kMaxMaskSteps = 1'000;        // masks --steps: MASKS.json holds them all
constexpr std::uint64_t kMaxCurveSamples = 1'000;     // mc-curve --max-samples
constexpr std::uint64_t kMaxPredictSamples = 10'000;  // predict --samples
constexpr std::uint64_t kMaxBenchSteps = 1'000'000;   // bench --steps, --warmup

// A whole number in [lo, hi] written in plain decimal digits: no sign, point or exponent, so
// "-1" is refused instead of wrapping to 2^64 − 1. One validator per flag kind, for every
// subcommand.
CLI::Validator wholeNumber(std::uint64_t lo, std::uint64_t hi, const std::string& range) {
    auto check = [lo, hi, range](std::string& text) -> std::string {
        std::uint64_t v = 0;
        const char* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, v);
        const bool digits =
            !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        if (digits && ec == std::errc() && ptr == end && v >= lo && v <= hi) return {};
        return "expected a whole number " + range + ", got " + dl::quotedPreview(text);
    };
    return CLI::Validator(check, range, "WHOLE");
}

std::string rangeText(std::uint64_t lo, std::uint64_t hi) {
    return "from " + std::to_string(lo) + " to " + std::to_string(hi);
}

const CLI::Validator& seedCheck() {
    static const CLI::Validator v =
        wholeNumber(0, std::numeric_limits<std::uint64_t>::max(), "from 0 to 2^64 − 1");
    return v;
}
const CLI::Validator& threadsCheck() {
    static const CLI::Validator v = wholeNumber(0, kMaxThreads, rangeText(0, kMaxThreads));
    return v;
}
const CLI::Validator& epochsCheck() {
    static const CLI::Validator v = wholeNumber(1, kMaxEpochs, rangeText(1, kMaxEpochs));
    return v;
}
CLI::Validator capped(std::uint64_t lo, std::uint64_t hi) {
    return wholeNumber(lo, hi, rangeText(lo, hi));
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Dropout Lab, headless: train, inspect and benchmark dropout experiments."};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("dropoutlab-cli ") + DL_VERSION,
                         "Print the version and exit");

    const CLI::Validator configPath = nonEmpty("a file path or preset name");
    const CLI::Validator filePath = nonEmpty("a file path");
    const CLI::Validator outPath = nonEmpty("a file path");

    dl::cli::TrainOptions train;
    auto* trainCmd =
        app.add_subcommand("train", "Train an experiment and report per-epoch metrics.");
    trainCmd->add_option("--config", train.config, "Experiment JSON file or built-in preset name")
        ->required()
        ->check(configPath);
    trainCmd->add_option("--epochs", train.epochs, "Override the number of epochs (1 to 100000)")
        ->check(epochsCheck());
    trainCmd->add_option("--seed", train.seed, "Override the experiment seed (0 to 2^64 - 1)")
        ->check(seedCheck());
    trainCmd->add_option("--threads", train.threads, "Worker threads, 0 to 1024 (0: all cores)")
        ->check(threadsCheck());
    trainCmd->add_option("--out", train.out, "Write RUN.json here (atomically)")->check(outPath);
    trainCmd->add_flag("--quiet", train.quiet, "No per-epoch progress lines");

    dl::cli::MasksOptions masks;
    auto* masksCmd = app.add_subcommand(
        "masks", "Train a few steps and write the mask every dropout site drew at each step.");
    masksCmd->add_option("--config", masks.config, "Experiment JSON file or built-in preset name")
        ->required()
        ->check(configPath);
    masksCmd->add_option("--steps", masks.steps, "Training steps to record, 1 to 1000 (default 1)")
        ->check(capped(1, kMaxMaskSteps));
    masksCmd->add_option("--seed", masks.seed, "Override the experiment seed (0 to 2^64 - 1)")
        ->check(seedCheck());
    masksCmd->add_option("--threads", masks.threads, "Worker threads, 0 to 1024 (0: all cores)")
        ->check(threadsCheck());
    masksCmd->add_option("--out", masks.out, "Write MASKS.json here (atomically); default stdout")
        ->check(outPath);

    dl::cli::PredictOptions predict;
    auto* predictCmd = app.add_subcommand("predict", "Predict from a trained RUN.json.");
    predictCmd->add_option("--run", predict.run, "RUN.json written by train --out")
        ->required()
        ->check(filePath);
    predictCmd->add_option("--input", predict.input, "CSV of inputs (with a header)")
        ->required()
        ->check(filePath);
    predictCmd->add_option("--mode", predict.mode, "deterministic | mc | mc-average")
        ->check(oneOf({"deterministic", "mc", "mc-average"}));
    predictCmd->add_option("--samples", predict.samples, "T, the number of MC passes (1 to 10000)")
        ->check(capped(1, kMaxPredictSamples));
    predictCmd->add_option("--sharing", predict.sharing, "MC masks: function | per-input")
        ->check(oneOf({"function", "per-input"}));
    predictCmd->add_option("--seed", predict.seed, "Seed of the MC masks (0 to 2^64 - 1)")
        ->check(seedCheck());
    predictCmd->add_option("--threads", predict.threads, "Worker threads, 0 to 1024 (0: all cores)")
        ->check(threadsCheck());
    predictCmd->add_option("--out", predict.out, "Write the CSV here (default: stdout)")
        ->check(outPath);

    dl::cli::McCurveOptions curve;
    auto* curveCmd = app.add_subcommand(
        "mc-curve", "Accuracy and NLL of MC averaging for T = 1..N against weight scaling.");
    curveCmd->add_option("--run", curve.run, "RUN.json written by train --out")
        ->required()
        ->check(filePath);
    curveCmd->add_option("--max-samples", curve.maxSamples, "Largest T, 1 to 1000 (default 50)")
        ->check(capped(1, kMaxCurveSamples));
    curveCmd->add_option("--split", curve.split, "test | val")->check(oneOf({"test", "val"}));
    curveCmd->add_option("--threads", curve.threads, "Worker threads, 0 to 1024 (0: all cores)")
        ->check(threadsCheck());
    curveCmd->add_option("--out", curve.out, "Write the CSV here (default: stdout)")
        ->check(outPath);

    dl::cli::BenchOptions bench;
    auto* benchCmd = app.add_subcommand(
        "bench", "Time the five workloads of docs/benchmarks.md (the PyTorch peer's format).");
    benchCmd->add_option("--only", bench.only, "Workloads to run: W1[,W3...] or 1[,3...]");
    benchCmd->add_option("--threads", bench.threads, "Threads, 1 to 1024 (default 2, as the peers)")
        ->check(capped(1, kMaxThreads));
    benchCmd
        ->add_option("--steps", bench.steps,
                     "Timed steps of every selected workload (1 to 1000000)")
        ->check(capped(1, kMaxBenchSteps));
    benchCmd
        ->add_option("--warmup", bench.warmup,
                     "Warm-up steps of every selected workload (0 to 1000000)")
        ->check(capped(0, kMaxBenchSteps));
    benchCmd->add_flag("--sanity", bench.sanity, "Untimed: check that losses fall, exit 1 if not");
    benchCmd->add_flag("--data-check", bench.dataCheck, "Print the data checksums and stop");

    dl::cli::SweepOptions sweep;
    auto* sweepCmd = app.add_subcommand(
        "sweep", "Train one run per drop rate (or rate pair) and write a CSV of final metrics.");
    sweepCmd->add_option("--config", sweep.config, "Experiment JSON file or built-in preset name")
        ->required()
        ->check(configPath);
    sweepCmd->add_option("--site", sweep.site, "Id of the dropout site to sweep")->required();
    sweepCmd->add_option("--rates", sweep.rates, "Drop rates to try, e.g. 0,0.1,0.3,0.5")
        ->required();
    sweepCmd->add_option("--site2", sweep.site2, "A second site: every pair of rates is tried");
    sweepCmd->add_option("--rates2", sweep.rates2, "Drop rates of the second site");
    sweepCmd->add_option("--epochs", sweep.epochs, "Override the number of epochs (1 to 100000)")
        ->check(epochsCheck());
    sweepCmd->add_option("--seed", sweep.seed, "Override the experiment seed (0 to 2^64 - 1)")
        ->check(seedCheck());
    sweepCmd->add_option("--threads", sweep.threads, "Worker threads, 0 to 1024 (0: all cores)")
        ->check(threadsCheck());
    sweepCmd->add_option("--out", sweep.out, "Write the CSV here (atomically); default stdout")
        ->check(outPath);
    sweepCmd->add_flag("--quiet", sweep.quiet, "No per-point progress lines");

    auto* presetsCmd = app.add_subcommand("presets", "List the built-in presets.");

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
        std::string message = optionBeforeCommand(app, argc, argv);
        if (message.empty() && dynamic_cast<const CLI::RequiredError*>(&e) &&
            app.get_subcommands().empty())
            message = commandError(app, argc, argv);  // not a missing option: no command
        dl::cli::printError(message.empty() ? oneSentence(e) : message);
        return kBadInput;
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
        return kBadInput;
    } catch (const nlohmann::json::exception& e) {
        // Readers check types before reading, so this is a missed check on some input file;
        // still bad input, not an unexpected error.
        dl::cli::printError(std::string("an input file holds a value of the wrong type (") +
                            e.what() + ").");
        return kBadInput;
    } catch (const std::exception& e) {
        dl::cli::printError(std::string("unexpected error: ") + e.what());
        return 1;
    }
    return 0;
}
