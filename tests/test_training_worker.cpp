// The thread boundary: commands reach the worker between steps, snapshots come
// back to the UI thread, step counts are exact, reset reruns bit-identically.
#include <QSignalSpy>
#include <QtTest>

#include "core/experiment_config.h"
#include "ui/training_controller.h"

using namespace dl;

namespace {

// Waits until a snapshot satisfying pred arrives; returns it (null on timeout).
template <typename Pred>
SnapshotPtr waitFor(TrainingController& c, Pred pred, int timeoutMs = 20000) {
    SnapshotPtr found;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        if (c.latest() && pred(*c.latest())) return c.latest();
        QTest::qWait(5);
    }
    return found;
}

ExperimentConfig preset() {
    return loadExperiment("spiral-dropout");
}

}  // namespace

class TrainingWorkerTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void loadPublishesOnTheUiThread() {
        TrainingController c;
        QThread* uiThread = QThread::currentThread();
        bool onUiThread = true;
        connect(&c, &TrainingController::snapshotUpdated, this,
                [&](SnapshotPtr) { onUiThread &= QThread::currentThread() == uiThread; });
        QSignalSpy spy(&c, &TrainingController::snapshotUpdated);
        c.load(preset());
        QVERIFY(spy.wait(10000));
        auto s = c.latest();
        QCOMPARE(s->step, 0L);
        QVERIFY(!s->running);
        QCOMPARE(int(s->masks.size()), 2);
        QVERIFY(onUiThread);
    }
    void stepRunsExactlyN() {
        TrainingController c;
        c.load(preset());
        c.step(7);
        auto s = waitFor(c, [](const TrainingSnapshot& s) { return s.step >= 7; });
        QVERIFY(s);
        QCOMPARE(s->step, 7L);
        c.step(5);
        s = waitFor(c, [](const TrainingSnapshot& s) { return s.step >= 12; });
        QCOMPARE(s->step, 12L);
        QTest::qWait(100);
        QCOMPARE(c.latest()->step, 12L);  // nothing runs on after a step command
    }
    void playAndPause() {
        TrainingController c;
        c.load(preset());
        c.play();
        auto s = waitFor(c, [](const TrainingSnapshot& s) { return s.running && s.step > 50; });
        QVERIFY(s);
        c.pause();
        s = waitFor(c, [](const TrainingSnapshot& s) { return !s.running; });
        QVERIFY(s);
        const long stopped = s->step;
        QTest::qWait(150);
        QCOMPARE(c.latest()->step, stopped);
    }
    void stepEpochStopsAtTheEpochBoundary() {
        TrainingController c;
        c.load(preset());
        c.step(3);
        waitFor(c, [](const TrainingSnapshot& s) { return s.step == 3; });
        c.stepEpoch();
        auto s = waitFor(c, [](const TrainingSnapshot& s) { return s.epoch == 1 && !s.running; });
        QVERIFY(s);
        QCOMPARE(s->step, long(s->stepsPerEpoch));
        QCOMPARE(int(s->history.size()), 1);
    }
    void resetRerunsBitIdentically() {
        TrainingController c;
        c.load(preset());
        c.step(40);
        auto first = waitFor(c, [](const TrainingSnapshot& s) { return s.step == 40; });
        QVERIFY(first);
        c.reset();
        auto zero = waitFor(c, [](const TrainingSnapshot& s) { return s.step == 0; });
        QVERIFY(zero);
        c.step(40);
        auto second = waitFor(c, [](const TrainingSnapshot& s) { return s.step == 40; });
        QVERIFY(second);
        QCOMPARE(second->lastBatchLoss, first->lastBatchLoss);
        QCOMPARE(second->history.back().val.loss, first->history.back().val.loss);
        QCOMPARE(second->masks[0].mask, first->masks[0].mask);
    }
    void rateChangeShowsInTheNextMasks() {
        TrainingController c;
        c.load(preset());
        c.setRate("layer1", 0.1);
        c.step(1);
        auto s = waitFor(c, [](const TrainingSnapshot& s) { return s.step == 1; });
        QVERIFY(s);
        const auto& m = s->masks[0];
        QCOMPARE(m.id, std::string("layer1"));
        QCOMPARE(m.rate, 0.1);
        const double dropped = double((m.mask.array() == 0.0f).count()) / double(m.mask.size());
        QVERIFY2(dropped < 0.2, qPrintable(QString("dropped %1").arg(dropped)));
        QCOMPARE(c.config().layers[0].dropout->rate, 0.1);
    }
    void badRateReportsAnErrorAndKeepsTheOldRate() {
        TrainingController c;
        QSignalSpy errors(&c, &TrainingController::errorOccurred);
        c.load(preset());
        c.setRate("layer1", 1.0);
        c.step(1);
        auto s = waitFor(c, [](const TrainingSnapshot& s) { return s.step == 1; });
        QVERIFY(s);
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors.at(0).at(0).toString().contains("[0, 1)"));
        QCOMPARE(s->masks[0].rate, 0.5);
    }
    void shutdownJoinsWhileRunning() {
        auto* c = new TrainingController;
        c->load(preset());
        c->play();
        waitFor(*c, [](const TrainingSnapshot& s) { return s.step > 10; });
        QElapsedTimer t;
        t.start();
        c->shutdown();
        QVERIFY(t.elapsed() < 2000);
        delete c;  // second shutdown in the destructor is harmless
    }
};

QTEST_MAIN(TrainingWorkerTest)
#include "test_training_worker.moc"
