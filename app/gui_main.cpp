// dropoutlab: the desktop app. Also the way to look at the UI without a person:
// --screenshot FILE.png --train-steps N loads, trains N steps, saves the window, exits.
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>

#include "core/config_error.h"
#include "core/experiment_config.h"
#include "ui/main_window.h"
#include "ui/screenshot_runner.h"
#include "ui/training_controller.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("Dropout Lab");
    QApplication::setOrganizationName("DropoutLab");
    QCommandLineParser cli;
    cli.setApplicationDescription("Dropout Lab: train small networks live and see dropout at work.");
    cli.addHelpOption();
    QCommandLineOption preset("preset", "Open a built-in preset.", "NAME", "spiral-dropout");
    QCommandLineOption config("config", "Open an experiment JSON file.", "FILE");
    QCommandLineOption shot("screenshot", "Train, save a PNG of the window, exit.", "FILE.png");
    QCommandLineOption steps("train-steps", "Steps to train before --screenshot.", "N", "200");
    QCommandLineOption ab("ab", "Start in A/B comparison mode (B: without dropout).");
    cli.addOptions({preset, config, shot, steps, ab});
    cli.process(app);

    dl::ExperimentConfig experiment;
    try {
        experiment = dl::loadExperiment(cli.isSet(config) ? cli.value(config).toStdString()
                                                          : cli.value(preset).toStdString());
    } catch (const dl::InputError& e) {
        std::fprintf(stderr, "dropoutlab: %s\n", e.what());
        return 2;
    }
    dl::MainWindow window;
    window.loadExperiment(experiment);
    if (cli.isSet(ab)) window.setAbMode(true);
    if (cli.isSet(shot)) {
        bool ok = false;
        const int n = cli.value(steps).toInt(&ok);
        if (!ok || n < 0) {
            std::fprintf(stderr, "dropoutlab: --train-steps: expected a whole number ≥ 0.\n");
            return 2;
        }
        return dl::runScreenshot(app, window, cli.value(shot), n);
    }
    window.show();
    return app.exec();
}
