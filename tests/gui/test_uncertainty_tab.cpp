// The Uncertainty tab: bands on sine-gap are wider in the gap than over the data, the map's
// measure toggle changes the picture, the MC-vs-weight-scaling panel draws both predictors and
// waits (busy) for the worker, and in the main window the tab gets its extras from the worker.
// Set DL_VIEWS_PNG_DIR to also save the grabs as PNGs for looking at.
#include <QtTest>

#include <cmath>
#include <functional>
#include <limits>

#include "core/config/experiment_config.h"
#include "core/config/experiment_setup.h"
#include "tests/gui/gui_test_helpers.h"
#include "ui/plots/line_plot.h"
#include "ui/plots/reliability_diagram.h"
#include "ui/plots/uncertainty_bands.h"
#include "ui/plots/uncertainty_map.h"
#include "ui/shell/main_window.h"
#include "ui/views/mc_curve_panel.h"
#include "ui/views/uncertainty_tab.h"
#include "ui/worker/snapshot_builder.h"
#include "ui/worker/training_controller.h"
#include "ui/worker/uncertainty_builder.h"

using namespace dl;
using dl::test::grabOf;
using dl::test::waitUntil;

namespace {

// The top of the colour bar for a measure without a natural maximum: the smallest round number
// (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k) at or above the largest value on the map, and at
// least 10^-3, so every cell lies on the bar and the bar ends on a readable tick.
double roundTopAbove(const Eigen::VectorXf& values) {
    const double largest = std::max(1e-3, double(values.maxCoeff()));
    double top = std::numeric_limits<double>::infinity();
    for (int k = -4; k <= 2; ++k)
        for (double f : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0})
            if (const double t = f * std::pow(10.0, k); t >= largest * (1 - 1e-9))
                top = std::min(top, t);
    return top;
}

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
    void initTestCase() {
        QVERIFY(dl::test::isolateSettings());
        qputenv("DL_NO_DIALOGS", "1");
    }

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
        QVERIFY(s->uncertainty);
        QVERIFY(!tab.map().image().isNull());
        QImage images[3];
        QImage grabs[3];
        double tops[3];
        for (int i = 0; i < 3; ++i) {
            tab.setMeasureIndex(i);
            QCOMPARE(int(tab.map().measure()), i);
            images[i] = tab.map().image();
            grabs[i] = grabOf(tab.map(), QString("uncertainty-map-%1.png").arg(i));
            tops[i] = tab.map().scaleMax();
        }
        QVERIFY(images[0] != images[1]);
        QVERIFY(images[1] != images[2]);
        QVERIFY(grabs[0] != grabs[1]);
        // The colour bar's top: entropy's natural maximum ln K (K = 2 classes here); mutual
        // information and the winner's std, far below theirs, top at the round number just
        // above the largest value on the map.
        const UncertaintyView& u = *s->uncertainty;
        QCOMPARE(int(u.mean.cols()), 2);
        QVERIFY2(std::abs(tops[0] - std::log(2.0)) < 1e-9, qPrintable(QString::number(tops[0])));
        const Eigen::VectorXf* measured[] = {nullptr, &u.mutualInfo, &u.winnerStd};
        for (int i : {1, 2}) {
            const double want = roundTopAbove(*measured[i]);
            QVERIFY2(std::abs(tops[i] - want) <= 1e-9 * want,
                     qPrintable(QString("measure %1: colour bar tops at %2, want %3 (largest %4)")
                                    .arg(i)
                                    .arg(tops[i])
                                    .arg(want)
                                    .arg(measured[i]->maxCoeff())));
        }
        // The picture uses the bar's scale: the most and the least unsure cells have the colours
        // the bar shows for their values (grid row r is image row res - 1 - r).
        const Eigen::VectorXf* shown[] = {&u.entropy, &u.mutualInfo, &u.winnerStd};
        const int res = u.resolution;
        for (int i = 0; i < 3; ++i) {
            Eigen::Index hi = 0, lo = 0;
            shown[i]->maxCoeff(&hi);
            shown[i]->minCoeff(&lo);
            for (Eigen::Index cell : {hi, lo}) {
                const int r = int(cell / res), c = int(cell % res);
                const double v = (*shown[i])(cell);
                QCOMPARE(images[i].pixel(c, res - 1 - r), uncertaintyColour(v / tops[i]).rgb());
            }
        }
        tab.setMeasureIndex(0);  // back to entropy: its scale comes back with it
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
        QVERIFY(s);
        QCOMPARE(s->step, 40L);
        QVERIFY(s->uncertainty && s->uncertainty->samples == 12);
        QVERIFY(s->mcCurve && s->mcCurve->step == 40);
        QVERIFY(!tab->map().image().isNull());
        // Leaving the tab stops the sampling: later snapshots keep the old MC view.
        QVERIFY(w.showView("Explore"));
        w.stepAll(5);
        QVERIFY(waitUntil([&] { return w.controller().latest()->step == 45; }));
        QVERIFY(w.controller().latest()->uncertainty);
        QCOMPARE(w.controller().latest()->uncertainty->step, 40L);
    }
};

QTEST_MAIN(TestUncertaintyTab)
#include "test_uncertainty_tab.moc"
