// A monkey on the real window: thousands of random user actions from a seeded generator
// (buttons, spin boxes, sliders, combo boxes, tabs, the training actions, A/B, rate sweeps,
// layers, dropout sites, clicks and hovers on the plots). It must not crash, the event loop
// must answer within a second after every burst of actions, no snapshot on screen may hold a
// NaN, and at the end a known-good preset must train again.
//
// DL_MONKEY_SEED=S replays a seed (printed at the start; the worker threads' timing still
// varies, so a replay takes the same actions but not always the same path), DL_MONKEY_ACTIONS=N
// changes the number of actions (default 10000), DL_MONKEY_VERBOSE=1 prints every action and
// DL_MONKEY_BIG_DATA=1 lets it pick Fashion-MNIST too.
#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QtTest>

#include <unistd.h>
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <functional>
#include <mutex>
#include <random>
#include <thread>

#include "core/config/experiment_config.h"
#include "tests/gui/gui_test_helpers.h"
#include "ui/canvas/feature_map_canvas.h"
#include "ui/canvas/mask_raster_widget.h"
#include "ui/canvas/network_view.h"
#include "ui/canvas/output_view.h"
#include "ui/panels/data_preview.h"
#include "ui/panels/dropout_editor.h"
#include "ui/panels/network_builder.h"
#include "ui/panels/training_panel.h"
#include "ui/plots/line_plot.h"
#include "ui/plots/reliability_diagram.h"
#include "ui/plots/schedule_plot.h"
#include "ui/plots/sequence_plot.h"
#include "ui/plots/sweep_curve_plot.h"
#include "ui/plots/sweep_heatmap.h"
#include "ui/plots/uncertainty_bands.h"
#include "ui/plots/uncertainty_map.h"
#include "ui/shell/main_window.h"
#include "ui/views/tuning_view.h"
#include "ui/worker/snapshot_builder.h"
#include "ui/worker/training_controller.h"

using namespace dl;

namespace {

constexpr int kBurst = 100;            // actions between two checks that the event loop answers
constexpr int kAnswerMs = 1000;        // how soon it must answer
constexpr int kWatchdogSeconds = 120;  // no action finished for this long: a hang, abort
constexpr int kResumeWaitMs = 60000;   // the final preset must train within this
constexpr int kMaxLayers = 6;          // the monkey adds layers up to this many
constexpr long kMaxRssMb = 4096;       // more resident memory than this: fail, name the actions

// The last actions, kept where a signal handler can write them out without allocating.
class ActionLog {
  public:
    static constexpr int kKept = 20;
    void add(long index, const QString& what) {
        std::lock_guard<std::mutex> lock(mutex_);
        auto& line = lines_[size_t(next_)];
        std::snprintf(line.data(), line.size(), "  #%ld %s\n", index, what.toUtf8().constData());
        next_ = (next_ + 1) % kKept;
        count_ = std::min(count_ + 1, kKept);
    }
    /// Async-signal-safe: plain write(2) of fixed buffers (the lock is not taken).
    void write(int fd) const {
        const char head[] = "The monkey's last actions, oldest first:\n";
        ::write(fd, head, sizeof head - 1);
        for (int i = 0; i < count_; ++i) {
            const auto& line = lines_[size_t((next_ - count_ + i + kKept) % kKept)];
            ::write(fd, line.data(), strnlen(line.data(), line.size()));
        }
    }

  private:
    std::mutex mutex_;
    std::array<std::array<char, 300>, kKept> lines_{};
    int next_ = 0, count_ = 0;
};

ActionLog g_log;
std::atomic<long> g_heartbeat{0};  // actions done; the watchdog thread looks for progress
struct sigaction g_previous[32];

extern "C" void onFatalSignal(int sig) {
    g_log.write(STDERR_FILENO);
    sigaction(sig, &g_previous[sig], nullptr);  // Qt's (or the default) handler takes over
    raise(sig);
}

void installCrashReport() {
    struct sigaction sa {};
    sa.sa_handler = onFatalSignal;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL})
        sigaction(sig, &sa, &g_previous[sig]);
}

quint64 envNumber(const char* name, quint64 fallback) {
    bool ok = false;
    const quint64 v = qEnvironmentVariable(name).toULongLong(&ok);
    return ok ? v : fallback;
}

// Fashion-MNIST (70 000 images, read from disk on every load, a few hundred MB per copy of
// the data) made runs minutes longer and gigabytes larger: only with DL_MONKEY_BIG_DATA=1.
bool bigData() {
    return qEnvironmentVariableIsSet("DL_MONKEY_BIG_DATA");
}
bool isBigData(const QString& name) {
    return name.contains("fashion") || name == "idx";
}

// The plots and canvases: clicks and hovers on them open schedules, apply sweep rates, move
// read-outs.
bool isPlot(QWidget* w) {
    return qobject_cast<QChartView*>(w) || dynamic_cast<OutputViewWidget*>(w) ||
           dynamic_cast<NetworkView*>(w) || dynamic_cast<SweepCurvePlot*>(w) ||
           dynamic_cast<SweepHeatmap*>(w) || dynamic_cast<UncertaintyMap*>(w) ||
           dynamic_cast<UncertaintyBands*>(w) || dynamic_cast<ReliabilityDiagram*>(w) ||
           dynamic_cast<SequencePlot*>(w) || dynamic_cast<SchedulePlot*>(w) ||
           dynamic_cast<LinePlot*>(w) || dynamic_cast<FeatureMapCanvas*>(w) ||
           dynamic_cast<MaskRasterWidget*>(w) || dynamic_cast<DataPreview*>(w);
}

QString describe(const QWidget* w) {
    QString text;
    if (auto* b = qobject_cast<const QAbstractButton*>(w)) text = b->text();
    if (auto* c = qobject_cast<const QComboBox*>(w)) text = c->currentText();
    if (auto* s = qobject_cast<const QAbstractSpinBox*>(w)) text = s->text();
    if (text.isEmpty()) text = w->toolTip().left(40);
    const QString name = w->objectName().isEmpty() ? QString() : "#" + w->objectName();
    return QString("%1%2 \"%3\"").arg(w->metaObject()->className(), name, text.simplified());
}

// Drives one MainWindow with random actions.
class Monkey {
  public:
    Monkey(MainWindow& w, quint64 seed) : w_(w), rng_(seed) {}

    /// One random action, logged before it runs (so a crash names it).
    void act(long index) {
        index_ = index;
        // How often each kind of action comes up, in parts of the total.
        static const Weighted kActions[] = {
            {18, &Monkey::clickButton}, {10, &Monkey::trainingAction},
            {3, &Monkey::otherAction},  {2, &Monkey::abToggle},
            {14, &Monkey::spinBox},     {7, &Monkey::slider},
            {10, &Monkey::comboBox},    {7, &Monkey::tab},
            {5, &Monkey::layer},        {7, &Monkey::dropoutSite},
            {4, &Monkey::sweep},        {1, &Monkey::lineEdit},
            {2, &Monkey::listItem},     {7, &Monkey::mouse},
            {2, &Monkey::key},          {1, &Monkey::preset},
            {1, &Monkey::blowUp},       {1, &Monkey::resize},
        };
        int total = 0;
        for (const Weighted& a : kActions) total += a.weight;
        int r = pick(total);
        for (const Weighted& a : kActions) {
            if (r < a.weight) return (this->*a.run)();
            r -= a.weight;
        }
    }
    /// Closes the schedule editor and any popup or modal window, now and then accepting the
    /// editor (which applies its schedule and rebuilds).
    void closeDialogs(bool all) {
        if (QWidget* popup = QApplication::activePopupWidget()) popup->close();
        for (QDialog* d : w_.findChildren<QDialog*>())
            if (d->isVisible() && (all || chance(0.3))) chance(0.3) ? d->accept() : d->reject();
        if (QWidget* modal = QApplication::activeModalWidget()) modal->close();
    }

  private:
    struct Weighted {
        int weight;
        void (Monkey::*run)();
    };

    int pick(int n) { return n <= 1 ? 0 : int(std::uniform_int_distribution<int>(0, n - 1)(rng_)); }
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
    double uniform(double lo, double hi) {
        return std::uniform_real_distribution<double>(lo, hi)(rng_);
    }
    void note(const QString& what) {
        g_log.add(index_, what);
        if (qEnvironmentVariableIsSet("DL_MONKEY_VERBOSE"))
            std::fprintf(stderr, "#%ld %s\n", index_, qPrintable(what));
    }
    template <typename T>
    std::vector<T*> usable() {
        std::vector<T*> out;
        for (T* x : w_.findChildren<T*>())
            if (x->isVisible() && x->isEnabled()) out.push_back(x);
        return out;
    }
    template <typename T>
    T* any() {
        auto all = usable<T>();
        return all.empty() ? nullptr : all[size_t(pick(int(all.size())))];
    }

    void clickButton() {
        auto buttons = usable<QAbstractButton>();
        // "Browse…" opens a file dialog, which would wait for a person.
        std::erase_if(buttons, [](QAbstractButton* b) { return b->text().startsWith("Browse"); });
        if (buttons.empty()) return;
        QAbstractButton* b = buttons[size_t(pick(int(buttons.size())))];
        note("click " + describe(b));
        b->click();
    }

    void trainingAction() {
        QAction* actions[] = {w_.playAction(), w_.playAction(), w_.stepAction(), w_.epochAction(),
                              w_.resetAction()};
        QAction* a = actions[pick(5)];
        note("action " + a->text() + (a->isEnabled() ? "" : " (disabled)"));
        a->trigger();  // a disabled action ignores it, as the toolbar would
    }

    void otherAction() {
        std::vector<QAction*> all;
        for (QToolBar* bar : w_.findChildren<QToolBar*>())
            for (QAction* a : bar->actions())
                if (!a->isSeparator()) all.push_back(a);
        for (QAction* m : w_.menuBar()->actions())
            if (m->menu())
                for (QAction* a : m->menu()->actions()) all.push_back(a);
        if (all.empty()) return;
        QAction* a = all[size_t(pick(int(all.size())))];
        note("action " + a->text());
        a->trigger();
    }

    void abToggle() {
        note(QString("A/B %1").arg(w_.abMode() ? "off" : "on"));
        w_.setAbMode(!w_.abMode());
    }

    // Integer boxes stay within 32 of their minimum (samples, units, epochs and batch reach
    // into the thousands and would only make every action slower), doubles roam their range.
    void spinBox() {
        QAbstractSpinBox* box = any<QAbstractSpinBox>();
        if (!box) return;
        const QString before = describe(box);
        if (auto* s = qobject_cast<QSpinBox*>(box)) {
            const int hi = std::min(s->maximum(), s->minimum() + 32);
            const int v =
                chance(0.5) ? s->value() + pick(7) - 3 : s->minimum() + pick(hi - s->minimum() + 1);
            s->setValue(std::clamp(v, s->minimum(), hi));
        } else if (auto* d = qobject_cast<QDoubleSpinBox*>(box)) {
            const double v = chance(0.3)   ? d->value() + d->singleStep() * (pick(7) - 3)
                             : chance(0.2) ? (chance(0.5) ? d->minimum() : d->maximum())
                                           : uniform(d->minimum(), d->maximum());
            d->setValue(v);
        } else {
            box->stepBy(pick(3) - 1);
        }
        note("spin " + before + " -> " + box->text());
        QTest::keyClick(box, Qt::Key_Return);  // editingFinished, as a person would end it
    }

    void slider() {
        QSlider* s = any<QSlider>();
        if (!s) return;
        const int moves = 1 + pick(4);  // a short drag
        note(QString("drag %1 through %2 values").arg(describe(s)).arg(moves));
        s->setSliderDown(true);
        for (int i = 0; i < moves; ++i)
            s->setValue(s->minimum() + pick(s->maximum() - s->minimum() + 1));
        s->setSliderDown(false);
    }

    void comboBox() {
        QComboBox* c = any<QComboBox>();
        if (!c || c->count() == 0) return;
        const int i = pick(c->count());
        if (!(c->model()->flags(c->model()->index(i, 0)) & Qt::ItemIsEnabled)) return;
        if (!bigData() && isBigData(c->itemText(i))) return;
        note(QString("choose \"%1\" in %2").arg(c->itemText(i), describe(c)));
        c->setCurrentIndex(i);
    }

    void tab() {
        QTabWidget* t = any<QTabWidget>();
        if (!t || t->count() == 0) return;
        const int i = pick(t->count());
        if (!t->isTabVisible(i) || !t->isTabEnabled(i)) return;
        note("tab " + t->tabText(i));
        t->setCurrentIndex(i);
    }

    void layer() {
        NetworkBuilder& b = w_.networkBuilder();
        if (b.layerCount() > 0 && chance(0.45)) {
            const int i = pick(b.layerCount());
            note(QString("remove layer %1 of %2").arg(i + 1).arg(b.layerCount()));
            b.removeLayer(b.row(i));
            return;
        }
        static const char* kTypes[] = {"dense",   "dense", "conv2d", "maxpool2d",    "avgpool2d",
                                       "flatten", "lstm",  "gru",    "globalavgpool"};
        // A few layers at most: padded convolutions grow their maps with every layer, and a
        // stack of them reached gigabytes (the model's limits are per layer).
        if (b.layerCount() >= kMaxLayers) return;
        const char* type = kTypes[pick(9)];
        note(QString("add a %1 layer").arg(type));
        b.addLayer(type);
    }

    void dropoutSite() {
        DropoutEditor* e = any<DropoutEditor>();
        if (!e) return;
        switch (pick(4)) {
            case 0:
                note("toggle dropout of " + e->siteId());
                e->enabledBox()->click();
                break;
            case 1: {
                QComboBox* v = e->variantBox();
                if (!v->isEnabled() || v->count() == 0) return;
                const int i = pick(v->count());
                note(QString("variant of %1 -> %2").arg(e->siteId(), v->itemText(i)));
                v->setCurrentIndex(i);
                break;
            }
            default: {
                QDoubleSpinBox* r = e->rateBox();
                if (!r->isEnabled()) return;
                const double rate = uniform(r->minimum(), r->maximum());
                note(QString("rate of %1 -> %2").arg(e->siteId()).arg(rate));
                r->setValue(rate);
                break;
            }
        }
    }

    void sweep() {
        auto* tuning = w_.findChild<TuningView*>();
        if (!tuning) return;
        if (tuning->isSweeping()) {
            note("cancel the sweep");
            tuning->cancelButton().click();
            return;
        }
        if (!w_.showView("Tuning")) return;
        tuning->setTwoD(chance(0.3));
        tuning->setRateRange(0.0, uniform(0.1, 0.9), 2 + pick(3));
        tuning->setEpochsPerRun(1 + pick(3));
        note(QString("run a %1 sweep").arg(tuning->twoD() ? "2-D" : "1-D"));
        tuning->runButton().click();
    }

    void lineEdit() {
        std::vector<QLineEdit*> edits;
        for (QLineEdit* e : usable<QLineEdit>())
            if (!qobject_cast<QAbstractSpinBox*>(e->parentWidget())) edits.push_back(e);
        if (edits.empty()) return;
        static const char* kTexts[] = {
            "", "y", "label", "/nonexistent/data.csv", "x1", DL_SOURCE_DIR "/README.md"};
        QLineEdit* e = edits[size_t(pick(int(edits.size())))];
        const char* text = kTexts[pick(6)];
        note(QString("type \"%1\" into %2").arg(text, describe(e)));
        e->setText(text);
        QTest::keyClick(e, Qt::Key_Return);
    }

    void listItem() {
        QListWidget* l = any<QListWidget>();
        if (!l || l->count() == 0) return;
        QListWidgetItem* item = l->item(pick(l->count()));
        note("tick " + item->text());
        item->setCheckState(item->checkState() == Qt::Checked ? Qt::Unchecked : Qt::Checked);
    }

    void mouse() {
        std::vector<QWidget*> plots;
        for (QWidget* x : usable<QWidget>())
            if (isPlot(x) && x->width() > 2 && x->height() > 2) plots.push_back(x);
        if (plots.empty()) return;
        QWidget* p = plots[size_t(pick(int(plots.size())))];
        const QPoint at(pick(p->width()), pick(p->height()));
        const bool click = chance(0.5);
        note(QString("%1 %2 at %3,%4")
                 .arg(click ? "click" : "hover", p->metaObject()->className())
                 .arg(at.x())
                 .arg(at.y()));
        if (click)
            QTest::mouseClick(p, Qt::LeftButton, {}, at);
        else
            QTest::mouseMove(p, at);
    }

    void key() {
        static const Qt::Key kKeys[] = {Qt::Key_Space, Qt::Key_S, Qt::Key_E, Qt::Key_R};
        const Qt::Key k = kKeys[pick(4)];
        note("key " + QKeySequence(k).toString());
        QTest::keyClick(&w_, k);
    }

    // What a student tries sooner or later: SGD at the largest learning rate, then Play.
    void blowUp() {
        note("SGD at the largest learning rate, then Play");
        QDoubleSpinBox* lr = w_.trainingPanel().learningRateBox();
        if (auto* kind = w_.trainingPanel().findChild<QComboBox*>()) kind->setCurrentText("sgd");
        lr->setValue(lr->maximum());
        if (!w_.controller().isRunning()) w_.playAction()->trigger();
    }

    void preset() {
        const auto names = presetNames();
        const std::string name = names[size_t(pick(int(names.size())))];
        if (!bigData() && isBigData(QString::fromStdString(name))) return;
        note("load preset " + QString::fromStdString(name));
        w_.loadExperiment(loadExperiment(name));
    }

    void resize() {
        const QSize size(800 + pick(800), 600 + pick(400));
        note(QString("resize to %1x%2").arg(size.width()).arg(size.height()));
        w_.resize(size);
    }

    MainWindow& w_;
    std::mt19937_64 rng_;
    long index_ = 0;
};

// Resident memory of this process in MB (0 if unknown).
long residentMb() {
    long pages = 0, resident = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1024) / 1024;
}

// Aborts the run with the last actions when nothing moves for kWatchdogSeconds (a hang that
// never gives the event loop back cannot be caught by a QTRY wait) or when memory runs away
// (before it takes the machine with it).
class Watchdog {
  public:
    Watchdog()
        : thread_([this] {
              long seen = -1;
              auto last = std::chrono::steady_clock::now();
              while (!stop_) {
                  std::this_thread::sleep_for(std::chrono::milliseconds(200));
                  if (const long mb = residentMb(); mb > kMaxRssMb) {
                      std::fprintf(stderr, "monkey: %ld MB resident, over %ld MB.\n", mb,
                                   kMaxRssMb);
                      std::abort();
                  }
                  const long now = g_heartbeat.load();
                  if (now != seen) {
                      seen = now;
                      last = std::chrono::steady_clock::now();
                  } else if (std::chrono::steady_clock::now() - last >
                             std::chrono::seconds(kWatchdogSeconds)) {
                      std::fprintf(stderr, "monkey: no progress for %d s: a hang.\n",
                                   kWatchdogSeconds);
                      std::abort();  // the crash report prints the actions and every stack
                  }
              }
          }) {}
    ~Watchdog() {
        stop_ = true;
        thread_.join();
    }

  private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

// On a failed check, the last actions (a crash prints them from the signal handler).
struct ReportOnFailure {
    ~ReportOnFailure() {
        if (QTest::currentTestFailed()) g_log.write(STDERR_FILENO);
    }
};

// "A: step 12 running; B: step 0 paused diverged" (for a failed final check).
QString runsText(MainWindow& w) {
    QStringList parts;
    for (TrainingController* c : {&w.controller(), w.controllerB()}) {
        if (!c) continue;
        const SnapshotPtr s = c->latest();
        parts << QString("%1: %2")
                     .arg(c == &w.controller() ? "A" : "B")
                     .arg(!s ? QString("no snapshot")
                             : QString("step %1 %2%3 %4")
                                   .arg(s->step)
                                   .arg(s->running ? "running" : "paused")
                                   .arg(s->diverged ? " diverged" : "")
                                   .arg(QString::fromStdString(s->error)));
    }
    return parts.join("; ");
}

bool snapshotsFinite(MainWindow& w) {
    for (TrainingController* c : {&w.controller(), w.controllerB()})
        if (c && c->latest() && !snapshotFinite(*c->latest())) return false;
    return true;
}

}  // namespace

class GuiMonkeyTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dl::test::isolateSettings());
        qputenv("DL_NO_DIALOGS", "1");  // errors go to the status bar, not a message box
        installCrashReport();
    }

    void randomActionsNeitherCrashNorHang() {
        const quint64 seed = envNumber("DL_MONKEY_SEED", QRandomGenerator::global()->generate64());
        const long count = long(envNumber("DL_MONKEY_ACTIONS", 10000));
        std::fprintf(stderr, "monkey: seed %llu, %ld actions (replay: DL_MONKEY_SEED=%llu)\n",
                     static_cast<unsigned long long>(seed), count,
                     static_cast<unsigned long long>(seed));
        ReportOnFailure report;
        Watchdog watchdog;
        MainWindow w;
        w.loadExperiment(loadExperiment("spiral-dropout"));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.activateWindow();
        Monkey monkey(w, seed);
        // A modal window opened by something the monkey did not expect would wait for a
        // person: close it from a timer, which runs even inside the dialog's own loop.
        QTimer unblock;
        connect(&unblock, &QTimer::timeout, &w, [&] { monkey.closeDialogs(true); });
        unblock.start(100);
        QElapsedTimer clock;
        clock.start();
        int divergedChecks = 0;  // bursts that ended with a diverged run on screen
        for (long i = 0; i < count; ++i) {
            try {  // an exception out of a slot would end the run without naming itself
                monkey.act(i);
                QCoreApplication::processEvents();
                monkey.closeDialogs(false);
            } catch (const std::exception& e) {
                QFAIL(qPrintable(QString("an exception left the event loop: ") + e.what()));
            }
            g_heartbeat = i + 1;
            if ((i + 1) % kBurst != 0) continue;
            bool answered = false;
            QTimer::singleShot(0, &w, [&] { answered = true; });
            QTRY_VERIFY_WITH_TIMEOUT(answered, kAnswerMs);
            QVERIFY2(snapshotsFinite(w), "a snapshot on screen holds a NaN or an infinity");
            if (w.anyDiverged()) {  // the window catches up with the newest snapshot soon
                QTRY_VERIFY_WITH_TIMEOUT(!w.anyDiverged() || !w.playAction()->isEnabled(),
                                         kAnswerMs);
                ++divergedChecks;
            }
        }
        const double actionsSeconds = clock.elapsed() / 1000.0;
        std::fprintf(stderr,
                     "monkey: %ld actions in %.1f s; %d of %ld checks found a diverged run\n",
                     count, actionsSeconds, divergedChecks, count / kBurst);
        unblock.stop();
        monkey.closeDialogs(true);
        g_heartbeat = count + 1;  // the final waits have their own (shorter) timeouts
        // A known-good preset trains again after Reset and Play.
        if (auto* tuning = w.findChild<TuningView*>()) tuning->cancelSweep();
        w.loadExperiment(loadExperiment("spiral-dropout"));
        w.resetAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().latest() && w.controller().latest()->step == 0 &&
                                     !w.controller().isRunning() && !w.anyDiverged(),
                                 kResumeWaitMs);
        QVERIFY(w.playAction()->isEnabled());
        g_heartbeat = count + 2;
        w.playAction()->trigger();
        QTRY_VERIFY2_WITH_TIMEOUT(w.reachedStep(21), qPrintable(runsText(w)), kResumeWaitMs);
        QVERIFY(snapshotsFinite(w));
        std::fprintf(stderr, "monkey: the preset trains again %.1f s later\n",
                     clock.elapsed() / 1000.0 - actionsSeconds);
    }
};

QTEST_MAIN(GuiMonkeyTest)
#include "test_gui_monkey.moc"
