// The Uncertainty tab: bands on sine-gap are wider in the gap than over the data, the map's
// measure toggle changes the picture, the MC-vs-weight-scaling panel draws both predictors and
// waits (busy) for the worker, and in the main window the tab gets its extras from the worker.
// Set DL_VIEWS_PNG_DIR to also save the grabs as PNGs for looking at.
#include <QtTest>

#include <functional>

#include "core/experiment_config.h"
#include "core/experiment_setup.h"
#include "gui_test_helpers.h"
#include "ui/line_plot.h"
#include "ui/main_window.h"
#include "ui/mc_curve_panel.h"
#include "ui/reliability_diagram.h"
#include "ui/snapshot_builder.h"
#include "ui/training_controller.h"
#include "ui/uncertainty_bands.h"
#include "ui/uncertainty_builder.h"
#include "ui/uncertainty_map.h"
#include "ui/uncertainty_tab.h"

using namespace dl;
using dl::test::grabOf;
using dl::test::waitUntil;

namespace {

// A preset trained `steps` steps, with its MC views as the worker builds them.
SnapshotPtr mcSnapshot(const std::string& preset, int steps, int samples, int curveT) {
    auto trainer = makeTrainer(loadExperiment(preset));
    for (int i = 0; i < steps; ++i) trainer->step();
    auto s = std::make_shared<TrainingSnapshot>();
    s->data = std::make_shared<DataSplit>(trainer->data());
    dataBounds(trainer->data().train, s->output);
    const OutputView bounds = s->output;
    fillSnapshot(*trainer, *s, true);
    s->uncertainty = computeUncertainty(*trainer, bounds, samples);
    if (curveT > 0) s->mcCurve = computeMcCurve(*trainer, curveT);
    return s;
}

}  // namespace

class TestUncertaintyTab : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() { qputenv("DL_NO_DIALOGS", "1"); }

    void sineGapBandsAreWiderInTheGap() {
        const SnapshotPtr s = mcSnapshot("sine-gap", 3300, 100, 10);  // the preset's 300 epochs
        UncertaintyTab tab;
        tab.setExperiment(loadExperiment("sine-gap"), nullptr, nullptr);
        tab.resize(1400, 700);
        tab.showSnapshot(s, nullptr);
        QVERIFY(tab.bands().hasBands());
        const GapSpread& g = tab.bands().gap();
        QVERIFY(g.hasGap);
        QVERIFY(g.lo < -2.0 && g.hi > 2.0);  // the preset's gap is [-2.5, 2.5]
        QVERIFY2(g.inside > 2 * g.outside,
                 qPrintable(QString("in %1, out %2").arg(g.inside).arg(g.outside)));
        QVERIFY(tab.bands().stdAt(0.0) > tab.bands().stdAt(-4.5));
        QVERIFY(tab.bands().stdAt(0.0) > tab.bands().stdAt(4.5));
        QVERIFY(tab.readyForScreenshot());
        // Regression: the curve panel shows RMSE against weight scaling, no reliability bars.
        QCOMPARE(tab.curvePanel().accuracyPlot().series().size(), 2);
        QVERIFY(!tab.curvePanel().reliability().hasBins());
        QVERIFY(!grabOf(tab, "uncertainty-bands.png").isNull());
    }

    void mapTogglesChangeTheImage() {
        const SnapshotPtr s = mcSnapshot("spiral-dropout", 300, 30, 0);
        UncertaintyTab tab;
        tab.setExperiment(loadExperiment("spiral-dropout"), nullptr, nullptr);
        tab.resize(1400, 700);
        tab.showSnapshot(s, nullptr);
        QVERIFY(!tab.map().image().isNull());
        QImage images[3];
        QImage grabs[3];
        for (int i = 0; i < 3; ++i) {
            tab.setMeasureIndex(i);
            QCOMPARE(int(tab.map().measure()), i);
            images[i] = tab.map().image();
            grabs[i] = grabOf(tab.map(), QString("uncertainty-map-%1.png").arg(i));
        }
        QVERIFY(images[0] != images[1]);
        QVERIFY(images[1] != images[2]);
        QVERIFY(grabs[0] != grabs[1]);
        QCOMPARE(tab.map().scaleMax(), tab.map().scaleMax());
        tab.setMeasureIndex(0);  // entropy's colour bar tops at ln 2 for two classes
        QVERIFY(std::abs(tab.map().scaleMax() - std::log(2.0)) < 1e-9);
        QVERIFY(!tab.map().toolTip().isEmpty());
    }

    void curvePanelDrawsBothPredictorsAndWaitsWhileBusy() {
        const SnapshotPtr s = mcSnapshot("spiral-dropout", 200, 10, 20);
        McCurvePanel panel;
        QSignalSpy asked(&panel, &McCurvePanel::computeRequested);
        panel.requestCompute();
        QCOMPARE(asked.count(), 1);
        QVERIFY(panel.busy());
        auto running = std::make_shared<TrainingSnapshot>(*s);
        running->mcCurve.reset();
        running->running = true;
        panel.showSnapshot(running);  // no curve yet: still busy
        QVERIFY(panel.busy());
        panel.showSnapshot(s);
        QVERIFY(!panel.busy());
        QVERIFY(panel.upToDate(s->step));
        const auto& series = panel.accuracyPlot().series();
        QCOMPARE(series.size(), 2);
        QCOMPARE(series[0].points.size(), 20);  // T = 1 … 20
        QCOMPARE(panel.nllPlot().series().size(), 2);
        QVERIFY(panel.reliability().hasBins());
        QCOMPARE(s->mcCurve->mcBins.size(), size_t(15));
        QVERIFY(s->mcCurve->wsEce >= 0 && s->mcCurve->mcEce >= 0);
    }

    void mainWindowTabGetsItsExtrasFromTheWorker() {
        MainWindow w;
        w.loadExperiment(loadExperiment("spiral-dropout"));
        w.resize(1280, 800);
        w.show();
        QVERIFY(w.showView("Uncertainty"));
        auto* tab = qobject_cast<UncertaintyTab*>(w.activeView());
        QVERIFY(tab);
        QVERIFY(waitUntil([&] { return w.controller().latest() != nullptr; }));
        tab->setSamples(12);
        w.stepAll(40);
        // Paused at step 40: the worker samples T = 12 passes there and, with "recompute when
        // paused", the MC-vs-weight-scaling curve for that step.
        QVERIFY(waitUntil([&] { return tab->readyForScreenshot(); }));
        auto s = w.controller().latest();
        QCOMPARE(s->step, 40L);
        QVERIFY(s->uncertainty && s->uncertainty->samples == 12);
        QVERIFY(s->mcCurve && s->mcCurve->step == 40);
        QVERIFY(!tab->map().image().isNull());
        // Leaving the tab stops the sampling: later snapshots keep the old MC view.
        QVERIFY(w.showView("Explore"));
        w.stepAll(5);
        QVERIFY(waitUntil([&] { return w.controller().latest()->step == 45; }));
        QCOMPARE(w.controller().latest()->uncertainty->step, 40L);
    }
};

QTEST_MAIN(TestUncertaintyTab)
#include "test_uncertainty_tab.moc"
