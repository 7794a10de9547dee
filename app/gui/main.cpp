// dropoutlab: the desktop app. Also the way to look at the UI without a person:
// --screenshot FILE.png --train-steps N loads, trains N steps, saves the window, exits.
#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <string_view>

#include "base/input_error.h"
#include "base/text_preview.h"
#include "core/config/experiment_config.h"
#include "ui/shell/app_theme.h"
#include "ui/shell/main_window.h"
#include "ui/shell/screenshot_runner.h"
#include "ui/shell/ui_measure.h"
#include "ui/views/tuning_view.h"
#include "ui/worker/training_controller.h"

// --sweep: the Tuning tab runs a sweep with its default grid (for screenshots and demos).
static bool startSweep(dl::MainWindow& window, const QString& mode, const QString& epochs) {
    const int n = epochs.toInt();
    auto* tuning =
        window.showView("Tuning") ? qobject_cast<dl::TuningView*>(window.activeView()) : nullptr;
    if ((mode != "1d" && mode != "2d") || n < 1 || !tuning) {
        std::fprintf(stderr,
                     "dropoutlab: --sweep: expected 1d or 2d, --sweep-epochs ≥ 1, and "
                     "an experiment with dropout sites.\n");
        return false;
    }
    tuning->setTwoD(mode == "2d");
    tuning->setEpochsPerRun(n);
    if (tuning->runSweep()) return true;
    std::fprintf(stderr, "dropoutlab: --sweep: %s\n", qPrintable(tuning->statusText()));
    return false;
}

// The desktop app's flags; built twice when --help or --version is asked for (once without a
// display), so they live in one place.
struct GuiFlags {
    QCommandLineOption preset{"preset", "Open a built-in preset.", "NAME", "spiral-dropout"};
    QCommandLineOption config{"config", "Open an experiment JSON file.", "FILE"};
    QCommandLineOption shot{"screenshot", "Train, save a PNG of the window, exit.", "FILE.png"};
    QCommandLineOption steps{"train-steps", "Steps to train before --screenshot.", "N", "200"};
    QCommandLineOption ab{"ab", "Start in A/B comparison mode (B: without dropout)."};
    QCommandLineOption view{"view", "Open on this centre tab (e.g. Uncertainty).", "TITLE"};
    QCommandLineOption size{"size", "Window size, e.g. 1920x1080.", "WxH"};
    QCommandLineOption dark{"dark", "Use the dark palette."};
    QCommandLineOption light{"light", "Use the light palette."};
    QCommandLineOption sweep{"sweep",
                             "Open the Tuning tab and run a 1-D or 2-D rate sweep with its "
                             "default settings (first two sites, rates 0 to 0.8, 5 per axis).",
                             "1d|2d"};
    QCommandLineOption sweepEpochs{"sweep-epochs", "Epochs per run of --sweep.", "N", "30"};
    QCommandLineOption measure{"measure-ui",
                               "Train flat out for SECONDS, then report the longest UI stall, "
                               "chart refreshes per second and GUI vs headless steps/s.",
                               "SECONDS"};

    void addTo(QCommandLineParser& cli) const {
        cli.setApplicationDescription(
            "Dropout Lab: train small networks live and see dropout at work.");
        cli.addHelpOption();
        cli.addVersionOption();
        cli.addOptions({preset, config, shot, steps, ab, view, size, dark, light, measure, sweep,
                        sweepEpochs});
    }
};

static void setApplicationNames() {
    QCoreApplication::setApplicationName("Dropout Lab");
    QCoreApplication::setOrganizationName("DropoutLab");
    QCoreApplication::setApplicationVersion(DL_VERSION);
}

// True when the arguments ask for help or the version: those need no display.
static bool asksForHelpOrVersion(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--") return false;
        if (a == "-h" || a == "--help" || a == "-?" || a == "--help-all" || a == "-v" ||
            a == "--version")
            return true;
    }
    return false;
}

// An error message as one line: control characters escaped, cut short.
static void printError(const std::string& message) {
    std::fprintf(stderr, "dropoutlab: %s\n", dl::escapeText(message, 400).c_str());
}

int main(int argc, char** argv) {
    if (asksForHelpOrVersion(argc, argv)) {
        // No QApplication: it would need a display (or abort in the platform plugin) just to
        // print text. process() prints the help or version and exits.
        QCoreApplication core(argc, argv);
        setApplicationNames();
        QCommandLineParser cli;
        GuiFlags flags;
        flags.addTo(cli);
        cli.process(core);
        return 0;
    }
    QApplication app(argc, argv);
    setApplicationNames();
    QCommandLineParser cli;
    GuiFlags flags;
    flags.addTo(cli);
    const auto& [preset, config, shot, steps, ab, view, size, dark, light, sweep, sweepEpochs,
                 measure] = flags;
    cli.process(app);
    const bool useDark = cli.isSet(dark) || (!cli.isSet(light) && !cli.isSet(shot) &&
                                             QSettings().value("view/dark", false).toBool());
    dl::applyTheme(app, useDark);

    dl::ExperimentConfig experiment;
    try {
        experiment = dl::loadExperiment(cli.isSet(config) ? cli.value(config).toStdString()
                                                          : cli.value(preset).toStdString());
    } catch (const dl::InputError& e) {
        printError(e.what());
        return 2;
    } catch (const nlohmann::json::exception& e) {
        // A missed type check in some reader: still bad input, never an abort.
        printError(std::string("the experiment holds a value of the wrong type (") + e.what() +
                   ").");
        return 2;
    }
    dl::MainWindow window;
    window.loadExperiment(experiment);
    if (cli.isSet(ab)) window.setAbMode(true);
    if (cli.isSet(view) && !window.showView(cli.value(view))) {
        std::fprintf(stderr, "dropoutlab: --view: no tab \"%s\" for this experiment.\n",
                     qPrintable(cli.value(view)));
        return 2;
    }
    if (cli.isSet(sweep) && !startSweep(window, cli.value(sweep), cli.value(sweepEpochs))) return 2;
    if (cli.isSet(shot)) window.resize(1280, 800);  // not the user's remembered geometry
    if (cli.isSet(size)) {
        const QStringList wh = cli.value(size).split('x');
        const int w = wh.size() == 2 ? wh[0].toInt() : 0, h = wh.size() == 2 ? wh[1].toInt() : 0;
        if (w < 320 || h < 240) {
            std::fprintf(stderr, "dropoutlab: --size: expected WIDTHxHEIGHT, e.g. 1920x1080.\n");
            return 2;
        }
        window.resize(w, h);
    }
    if (cli.isSet(measure)) {
        bool ok = false;
        const double s = cli.value(measure).toDouble(&ok);
        if (!ok || s <= 0 || s > 3600) {
            std::fprintf(stderr, "dropoutlab: --measure-ui: expected seconds in (0, 3600].\n");
            return 2;
        }
        return dl::runMeasureUi(app, window, s);
    }
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
