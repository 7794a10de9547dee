// dropoutlab-cli: the headless twin of the GUI (see DESIGN.md's command-line contract).
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli_common.h"
#include "cli_train.h"
#include "core/config_error.h"
#include "core/experiment_config.h"
#include "core/trainer.h"

int main(int argc, char** argv) {
    CLI::App app{"Dropout Lab, headless: train, inspect and benchmark dropout experiments."};
    app.require_subcommand(1);

    dl::cli::TrainOptions train;
    auto* trainCmd = app.add_subcommand("train", "Train an experiment and report per-epoch metrics.");
    trainCmd->add_option("--config", train.config, "Experiment JSON file or built-in preset name")
        ->required();
    trainCmd->add_option("--epochs", train.epochs, "Override the number of epochs");
    trainCmd->add_option("--seed", train.seed, "Override the experiment seed");
    trainCmd->add_option("--threads", train.threads, "Worker threads (default: all cores)")
        ->check(CLI::NonNegativeNumber);
    trainCmd->add_option("--out", train.out, "Write RUN.json here (atomically)");
    trainCmd->add_flag("--quiet", train.quiet, "No per-epoch progress lines");

    auto* presetsCmd = app.add_subcommand("presets", "List the built-in presets.");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    try {
        if (trainCmd->parsed()) return dl::cli::runTrain(train);
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
