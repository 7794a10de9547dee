// A run whose loss stops being finite, in the window: training stops by itself, a banner says
// what happened and what to try, the views keep the last finite state, Play stays off until
// Reset (or a change to the experiment), and Reset trains a fresh network again.
#include <QAction>
#include <QChart>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineSeries>
#include <QSignalSpy>
#include <QStatusBar>
#include <QValueAxis>
#include <QtTest>

#include <cmath>

#include "core/config/experiment_config.h"
#include "tests/gui/gui_test_helpers.h"
#include "ui/panels/training_panel.h"
#include "ui/plots/metric_chart.h"
#include "ui/shell/main_window.h"
#include "ui/worker/snapshot_builder.h"
#include "ui/worker/training_controller.h"

using namespace dl;

namespace {

constexpr int kWaitMs = 60000;  // generous: the machine is shared; the waits end on conditions

// SGD with momentum at lr 0.2 on tanh units: two epochs of ever larger (finite) losses, then
// NaN at step 27 of epoch 3 (`dropoutlab-cli train` exits 3 on the same file). Lower rates train.
ExperimentConfig divergingRegression() {
    return parseExperiment(R"({"name": "diverging-sine", "seed": 1,
        "dataset": {"kind": "sine-gap"},
        "network": {"layers": [
            {"units": 32, "activation": "tanh", "dropout": {"rate": 0.2}},
            {"units": 32, "activation": "tanh"}]},
        "optimizer": {"kind": "sgd", "lr": 0.2, "momentum": 0.9},
        "training": {"epochs": 30, "batch_size": 32}})",
                           "diverging-sine");
}

// Linear units at lr 10 on the spiral: NaN at step 6, with and without the dropout (A/B's B).
ExperimentConfig divergingSpiral() {
    return parseExperiment(R"({"name": "diverging-spiral", "seed": 1,
        "dataset": {"kind": "spiral", "samples": 300},
        "network": {"layers": [
            {"units": 32, "activation": "linear", "dropout": {"rate": 0.2}},
            {"units": 32, "activation": "linear"}]},
        "optimizer": {"kind": "sgd", "lr": 10, "momentum": 0.9},
        "training": {"epochs": 20, "batch_size": 32}})",
                           "diverging-spiral");
}

// The same regression at lr 3: the first epoch's evaluation is already infinite, so the trainer
// fails at the end of the epoch, after its update (the other place it can throw).
ExperimentConfig divergingAtEpochEnd() {
    ExperimentConfig c = divergingRegression();
    c.optimizer.lr = 3.0;
    return c;
}

bool finitePoints(const MetricChart& chart) {
    for (const QString& name : chart.seriesNames())
        for (const QPointF& p : chart.series(name)->points())
            if (!std::isfinite(p.x()) || !std::isfinite(p.y())) return false;
    return true;
}

bool finiteAxes(MetricChart& chart) {
    for (QAbstractAxis* axis : chart.chart()->axes())
        if (auto* v = qobject_cast<QValueAxis*>(axis))
            if (!std::isfinite(v->min()) || !std::isfinite(v->max())) return false;
    return true;
}

QString statusText(MainWindow& w) {
    QStringList all;
    for (QLabel* l : w.statusBar()->findChildren<QLabel*>()) all << l->text();
    return all.join(" | ");
}

bool bannerShown(MainWindow& w) {
    return w.divergenceBanner()->isVisible();
}

}  // namespace

class DivergenceGuiTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dl::test::isolateSettings());
        qputenv("DL_NO_DIALOGS", "1");  // a dialog would block; the banner must do without
    }

    void divergedRunStopsAndSaysWhy() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.loadExperiment(divergingRegression());
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().latest() != nullptr, kWaitMs);
        QVERIFY(!bannerShown(w));
        // Two epochs of huge but finite losses on screen, then Play runs into the NaN.
        const long twoEpochs = 2 * w.controller().latest()->stepsPerEpoch;
        w.stepAll(int(twoEpochs));
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().latest()->step == twoEpochs, kWaitMs);
        QVERIFY(!w.controller().diverged());
        w.playAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().diverged(), kWaitMs);
        auto s = w.controller().latest();
        QVERIFY(!s->running);
        // The last finite state published before it blew up at step 27 (normally the step
        // Play started from: a burst of three steps outruns the 30 ms beat).
        QVERIFY2(s->step >= twoEpochs && s->step < 27, qPrintable(QString::number(s->step)));
        QCOMPARE(int(s->history.size()), 2);
        // One sentence, in the window, naming the cause and what to try.
        QTRY_VERIFY_WITH_TIMEOUT(bannerShown(w), kWaitMs);
        const QString msg = w.divergenceBanner()->text();
        QVERIFY2(msg.contains("diverged") && msg.contains("NaN or infinite") &&
                     msg.contains("learning rate") && msg.contains("Reset"),
                 qPrintable(msg));
        QVERIFY2(msg.contains(QString("step %1)").arg(s->step)), qPrintable(msg));
        QVERIFY(!w.playAction()->isEnabled());
        QVERIFY(!w.stepAction()->isEnabled());
        QVERIFY(!w.epochAction()->isEnabled());
        QVERIFY(w.resetAction()->isEnabled());
        QCOMPARE(w.playAction()->text(), QString("Play"));
        // The last finite state stays on screen: curve, diagram, charts and axes.
        QVERIFY(snapshotFinite(*s));
        QVERIFY(s->output.curveY.rows() > 0);
        QVERIFY(!s->layers.empty());
        QTRY_VERIFY_WITH_TIMEOUT(w.chartsSettled(), kWaitMs);
        QCOMPARE(w.lossChart().pointCount("train"), 2);
        QVERIFY(finitePoints(w.lossChart()));
        QVERIFY(finiteAxes(w.lossChart()));
        QVERIFY2(!statusText(w).contains("nan", Qt::CaseInsensitive) &&
                     !statusText(w).contains("inf", Qt::CaseInsensitive),
                 qPrintable(statusText(w)));
        QVERIFY(!w.grab().isNull());  // paints the frozen state without tripping over it
        // Commands that would train are answered with the same stopped state.
        QSignalSpy snapshots(&w.controller(), &TrainingController::snapshotUpdated);
        w.controller().play();
        w.controller().step(5);
        w.controller().stepEpoch();
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() >= 1, kWaitMs);
        w.playAction()->trigger();  // disabled: nothing happens
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().latest() && !w.controller().latest()->running &&
                                     w.controller().latest()->diverged,
                                 kWaitMs);
        QCOMPARE(w.controller().latest()->step, s->step);
        QVERIFY(bannerShown(w));
    }

    void resetClearsTheMessageAndTrainsAgain() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.loadExperiment(divergingRegression());
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().latest() != nullptr, kWaitMs);
        w.playAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().diverged() && bannerShown(w), kWaitMs);
        w.resetAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!w.controller().diverged() && !bannerShown(w), kWaitMs);
        QCOMPARE(w.controller().latest()->step, 0L);
        QVERIFY(w.playAction()->isEnabled() && w.stepAction()->isEnabled());
        // A fresh network: its first steps (well before the divergence at 27) are finite.
        w.stepAction()->trigger();
        w.stepAll(4);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().latest()->step == 5, kWaitMs);
        auto s = w.controller().latest();
        QVERIFY(std::isfinite(s->lastBatchLoss));
        QVERIFY(!s->diverged && s->error.empty());
        QVERIFY(snapshotFinite(*s));
    }

    void lowerLearningRateRestartsAndTrains() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.loadExperiment(divergingRegression());
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().latest() != nullptr, kWaitMs);
        w.playAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().diverged() && bannerShown(w), kWaitMs);
        // What the message suggests: a change to the experiment restarts from the seed.
        w.trainingPanel().learningRateBox()->setValue(0.01);
        QTRY_VERIFY_WITH_TIMEOUT(!w.controller().diverged() && !bannerShown(w), kWaitMs);
        QVERIFY(w.playAction()->isEnabled());
        w.playAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().latest()->epoch >= 4, kWaitMs);
        w.playAction()->trigger();  // pause
        QTRY_VERIFY_WITH_TIMEOUT(!w.controller().isRunning(), kWaitMs);
        auto s = w.controller().latest();
        QVERIFY(!s->diverged);
        QVERIFY(snapshotFinite(*s));
        QVERIFY(s->history.back().train.loss < 10.0);  // trains: no blow-up this time
    }

    void divergenceAtTheEndOfAnEpochStopsToo() {
        MainWindow w;
        w.loadExperiment(divergingAtEpochEnd());
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().latest() != nullptr, kWaitMs);
        w.stepAll(100);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().diverged(), kWaitMs);
        auto s = w.controller().latest();
        QCOMPARE(s->step, 0L);  // nothing finite was published after the load
        QVERIFY(snapshotFinite(*s));
        QVERIFY(s->history.empty());
        QTRY_VERIFY_WITH_TIMEOUT(
            w.divergenceBanner()->text().contains(QString("at step %1:").arg(s->stepsPerEpoch)),
            kWaitMs);
        // The trainer was left mid-epoch-end: nothing may step it again.
        w.stepAll(3);
        w.controller().stepEpoch();
        w.controller().play();
        QSignalSpy snapshots(&w.controller(), &TrainingController::snapshotUpdated);
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() >= 1, kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!w.controller().latest()->running, kWaitMs);
        QCOMPARE(w.controller().latest()->step, s->step);
        w.resetAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!w.controller().diverged(), kWaitMs);
    }

    void bothSidesOfAnAbPairStop() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.loadExperiment(divergingSpiral());
        w.setAbMode(true);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().latest() && w.controllerB()->latest(), kWaitMs);
        w.playAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().diverged() && w.controllerB()->diverged(), kWaitMs);
        const QLabel* banner = w.divergenceBanner();
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible() &&
                                     banner->text().contains("A: Training diverged") &&
                                     banner->text().contains("B: Training diverged"),
                                 kWaitMs);
        QVERIFY(!w.playAction()->isEnabled());
        for (TrainingController* c : {&w.controller(), w.controllerB()}) {
            auto s = c->latest();
            QVERIFY(!s->running);
            QVERIFY(snapshotFinite(*s));
            QCOMPARE(s->output.resolution, 72);  // the last finite decision boundary
        }
        QTRY_VERIFY_WITH_TIMEOUT(w.chartsSettled(), kWaitMs);
        QVERIFY(finiteAxes(w.lossChart()));
        QVERIFY(!w.grab().isNull());
        w.resetAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!w.anyDiverged() && !bannerShown(w), kWaitMs);
        QCOMPARE(w.controller().latest()->step, 0L);
        QCOMPARE(w.controllerB()->latest()->step, 0L);
        w.stepAll(3);  // before step 6, where both blow up
        QTRY_VERIFY_WITH_TIMEOUT(w.reachedStep(3), kWaitMs);
        QVERIFY(std::isfinite(w.controller().latest()->lastBatchLoss));
        QVERIFY(std::isfinite(w.controllerB()->latest()->lastBatchLoss));
    }

    // One side diverging stops the other too, so the comparison stays in step.
    void theOtherSideWaits() {
        MainWindow w;
        ExperimentConfig c = divergingRegression();
        c.optimizer.lr = 0.01;
        w.loadExperiment(c);
        w.setAbMode(true);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().latest() && w.controllerB()->latest(), kWaitMs);
        // B alone gets a learning rate that blows up (NaN in its second epoch); A's trains.
        w.controllerB()->setLiveSettings(1.0, 0.0, 0.0, c.training.epochs);
        w.playAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w.controllerB()->diverged(), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!w.controller().isRunning(), kWaitMs);
        QVERIFY(!w.controller().diverged());
        QVERIFY(w.divergenceBanner()->text().startsWith("B: "));
        QVERIFY(!w.playAction()->isEnabled());
    }
};

QTEST_MAIN(DivergenceGuiTest)
#include "test_divergence_gui.moc"
