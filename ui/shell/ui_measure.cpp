#include "ui/shell/ui_measure.h"

#include <QElapsedTimer>
#include <QEvent>
#include <QTimer>

#include <algorithm>
#include <cstdio>

#include "core/config/experiment_setup.h"
#include "ui/canvas/network_view.h"
#include "ui/plots/metric_chart.h"
#include "ui/shell/main_window.h"
#include "ui/worker/training_controller.h"

namespace dl {
namespace {

/// Counts the paint events a widget receives.
class PaintCounter : public QObject {
  public:
    explicit PaintCounter(QWidget* w) : QObject(w) { w->installEventFilter(this); }
    long count = 0;

  protected:
    bool eventFilter(QObject*, QEvent* e) override {
        if (e->type() == QEvent::Paint) ++count;
        return false;
    }
};

/// Ticks every millisecond on the UI thread; the largest gap between ticks is the stall.
class StallProbe : public QObject {
  public:
    explicit StallProbe(QObject* parent) : QObject(parent) {
        timer_.setTimerType(Qt::PreciseTimer);
        QObject::connect(&timer_, &QTimer::timeout, this, [this] {
            const double now = clock_.nsecsElapsed() / 1e6;
            longestMs = std::max(longestMs, now - last_);
            last_ = now;
        });
    }
    void start() {
        clock_.start();
        last_ = 0;
        longestMs = 0;
        timer_.start(1);
    }
    double longestMs = 0;

  private:
    QTimer timer_;
    QElapsedTimer clock_;
    double last_ = 0;
};

ExperimentConfig endless(ExperimentConfig c) {
    c.training.epochs = 1000000;  // never stop for the planned epochs while measuring
    return c;
}

void print(const UiMeasurement& m, const std::string& preset) {
    std::printf("measure-ui %s: %.1f s\n", preset.c_str(), m.seconds);
    std::printf("  longest event-loop stall  %7.2f ms   (target < 16 ms)\n", m.longestStallMs);
    std::printf("  loss chart refreshes      %7.1f /s   (target >= 30 /s)\n",
                m.chartRefreshesPerSecond);
    std::printf("  network view refreshes    %7.1f /s\n", m.viewRefreshesPerSecond);
    std::printf("  training in the GUI       %7.0f steps/s\n", m.guiStepsPerSecond);
    std::printf(
        "  training headless         %7.0f steps/s   (the faster of a run before and after)\n",
        m.headlessStepsPerSecond);
    std::printf("  GUI / headless            %7.1f %%   (target >= 90 %%)\n",
                100.0 * m.guiStepsPerSecond / std::max(1e-9, m.headlessStepsPerSecond));
    std::fflush(stdout);
}

// What one repaint of each of our large widgets costs, with the history of the whole run.
void printPaintCosts(QWidget& window) {
    std::printf("paint cost per repaint (mean of 5, final state):\n");
    for (QWidget* w : window.findChildren<QWidget*>()) {
        const QByteArray cls = w->metaObject()->className();
        if (!w->isVisible() || w->width() < 150 || w->height() < 100 || !cls.startsWith("dl::"))
            continue;
        QElapsedTimer g;
        g.start();
        for (int i = 0; i < 5; ++i) w->grab();
        std::printf("  %-28s %6.2f ms\n", cls.constData() + 4, g.nsecsElapsed() / 5e6);
    }
}

}  // namespace

double headlessStepsPerSecond(const ExperimentConfig& config, double seconds) {
    auto trainer = makeTrainer(endless(config));
    QElapsedTimer warm;
    warm.start();
    while (warm.elapsed() < 300) trainer->step();  // caches and thread pool warm, as in the GUI
    QElapsedTimer t;
    t.start();
    long steps = 0;
    while (t.nsecsElapsed() < qint64(seconds * 1e9)) {
        trainer->step();
        ++steps;
    }
    return steps / (t.nsecsElapsed() / 1e9);
}

namespace {

// Times the experiment headless and keeps the faster of that and `best`; false (with the
// reason printed) if it cannot be trained.
bool timeHeadless(const ExperimentConfig& config, double seconds, double& best) {
    try {
        best = std::max(best, headlessStepsPerSecond(config, seconds));
        return true;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dropoutlab: --measure-ui: %s\n", e.what());
        return false;
    }
}

}  // namespace

int runMeasureUi(QApplication& app, MainWindow& window, double seconds) {
    const ExperimentConfig config = window.currentConfig();
    UiMeasurement m;
    m.seconds = seconds;
    if (!timeHeadless(config, seconds, m.headlessStepsPerSecond)) return 2;
    window.show();
    window.loadExperiment(endless(config));
    auto* charts = new PaintCounter(window.lossChart().viewport());
    auto* diagram = new PaintCounter(window.networkViewWidget());
    auto* probe = new StallProbe(&window);
    TrainingController& ctl = window.controller();
    long startStep = -1;
    QElapsedTimer clock;
    long chartStart = 0, viewStart = 0;
    auto measure = [&] {
        startStep = ctl.latest()->step;
        chartStart = charts->count;
        viewStart = diagram->count;
        clock.start();
        probe->start();
        QTimer::singleShot(int(seconds * 1000), &app, [&] {
            const double s = clock.nsecsElapsed() / 1e9;
            m.longestStallMs = probe->longestMs;
            m.chartRefreshesPerSecond = (charts->count - chartStart) / s;
            m.viewRefreshesPerSecond = (diagram->count - viewStart) / s;
            m.guiStepsPerSecond = (ctl.latest()->step - startStep) / s;
            ctl.pause();
            printPaintCosts(window);
            app.quit();
        });
    };
    // Play once the experiment is loaded (a large data set takes a while), wait for the first
    // running snapshot, warm up for 300 ms, then measure the steady state for `seconds`.
    QTimer poll;
    bool played = false, diverged = false;
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        const auto s = ctl.latest();
        if (s && s->diverged) {  // it would never run: say why instead of waiting for ever
            std::fprintf(stderr, "dropoutlab: %s\n", s->error.c_str());
            diverged = true;
            app.quit();
        } else if (!played && s) {
            played = true;
            ctl.play();
        } else if (played && s && s->running) {
            poll.stop();
            QTimer::singleShot(300, &app, measure);
        }
    });
    poll.start(20);
    app.exec();
    ctl.shutdown();
    if (diverged) return 3;
    // Headless again now that the GUI's run is over, and the faster of the two counts: the
    // first runs from a cold start.
    if (!timeHeadless(config, seconds, m.headlessStepsPerSecond)) return 2;
    print(m, config.name);
    return 0;
}

}  // namespace dl
