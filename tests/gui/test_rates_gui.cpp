// Rates that change, in the GUI: the schedule editor round-trips every kind and plots
// RateSchedule::rateAt; the rates chart draws the snapshot history's rates per site; the
// Tuning tab's sweeps yield one point per rate (or cell per pair), apply a clicked point's
// rates to the live run, and stop on Cancel.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <functional>

#include "core/config/experiment_config.h"
#include "tests/gui/gui_test_helpers.h"
#include "ui/panels/dropout_editor.h"
#include "ui/panels/schedule_dialog.h"
#include "ui/panels/schedule_editor.h"
#include "ui/plots/rates_chart.h"
#include "ui/plots/schedule_plot.h"
#include "ui/plots/sweep_curve_plot.h"
#include "ui/plots/sweep_heatmap.h"
#include "ui/shell/main_window.h"
#include "ui/views/tuning_view.h"
#include "ui/worker/training_controller.h"

using namespace dl;
using dl::test::waitUntil;

namespace {

// A small two-site spiral that trains a few epochs in well under a second.
ExperimentConfig tinyConfig() {
    return parseExperiment(R"({
      "name": "tiny", "seed": 3,
      "dataset": {"kind": "spiral", "samples": 160, "noise": 0.2},
      "network": {"layers": [
        {"type": "dense", "units": 16, "activation": "relu",
         "dropout": {"variant": "element", "rate": 0.5}},
        {"type": "dense", "units": 16, "activation": "relu",
         "dropout": {"variant": "element", "rate": 0.5}}]},
      "optimizer": {"kind": "adam", "lr": 0.01},
      "training": {"epochs": 50, "batch_size": 32}
    })",
                           "tiny");
}

// One schedule per kind, every parameter off its default.
std::vector<RateSchedule> everyKind() {
    std::vector<RateSchedule> out;
    for (const auto& kind : scheduleKinds()) {
        RateSchedule s;
        s.kind = kind;
        s.unit = kind == "cosine" ? "step" : "epoch";
        s.start = 0.15;
        s.length = 12;
        s.gamma = 0.25;
        s.floor = 0.05;
        s.decay = 0.125;
        s.every = 4;
        s.factor = 0.6;
        s.adaptEvery = 3;
        s.up = 0.1;
        s.down = 0.02;
        s.minRate = 0.1;
        s.maxRate = 0.7;
        s.tolerance = 0.0035;
        out.push_back(s);
    }
    return out;
}

TuningView* tuningOf(MainWindow& w) {
    return w.showView("Tuning") ? qobject_cast<TuningView*>(w.activeView()) : nullptr;
}

// The step of the newest snapshot a window has taken in from one of its controllers. It listens
// after the window (connected later), so a step seen here has been through
// MainWindow::onSnapshot, which starts a new round of diagram and chart updates.
class ShownStep : public QObject {
  public:
    explicit ShownStep(TrainingController& c) {
        connect(&c, &TrainingController::snapshotUpdated, this,
                [this](const SnapshotPtr& s) { step_ = s ? s->step : -1; });
    }
    long step() const { return step_; }

  private:
    long step_ = -1;
};

// True once the window has taken in a snapshot at `step` or later and the diagram and charts
// have been redrawn from it (no round of chart updates pending).
bool chartsShow(const MainWindow& w, const ShownStep& shown, long step) {
    return shown.step() >= step && w.chartsSettled();
}

double maskRate(const TrainingSnapshot& s, const std::string& id) {
    for (const auto& m : s.masks)
        if (m.id == id) return m.rate;
    return -1;
}

}  // namespace

class RatesGuiTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dl::test::isolateSettings());
        qputenv("DL_NO_DIALOGS", "1");
    }

    void scheduleEditorRoundTripsEveryKind() {
        ScheduleEditor e;
        for (const RateSchedule& s : everyKind()) {
            e.setSchedule(s, 0.45, 40);
            const RateSchedule r = e.schedule();
            QCOMPARE(r.toJson().dump(), s.toJson().dump());
            QCOMPARE(r.kind, s.kind);
            QCOMPARE(r.unit, s.unit);
            for (auto [got, want] : {std::pair{r.start, s.start},
                                     {r.length, s.length},
                                     {r.gamma, s.gamma},
                                     {r.floor, s.floor},
                                     {r.decay, s.decay},
                                     {r.every, s.every},
                                     {r.factor, s.factor},
                                     {r.up, s.up},
                                     {r.down, s.down},
                                     {r.minRate, s.minRate},
                                     {r.maxRate, s.maxRate},
                                     {r.tolerance, s.tolerance}})
                QCOMPARE(got, want);
            QCOMPARE(r.adaptEvery, s.adaptEvery);
        }
    }

    void scheduleEditorShowsOnlyTheKindsParameters() {
        ScheduleEditor e;
        RateSchedule s;
        s.kind = "curriculum";
        e.setSchedule(s, 0.5, 100);
        QVERIFY(e.fieldShown("gamma"));
        QVERIFY(!e.fieldShown("start"));
        QVERIFY(!e.fieldShown("adapt_every"));
        QSignalSpy changed(&e, &ScheduleEditor::scheduleChanged);
        e.kindBox().setCurrentIndex(e.kindBox().findData("step"));
        QCOMPARE(changed.count(), 1);
        QVERIFY(e.fieldShown("every") && e.fieldShown("factor") && e.fieldShown("floor"));
        QVERIFY(!e.fieldShown("gamma"));
        QVERIFY(!e.field("gamma")->toolTip().isEmpty());
        QVERIFY(e.field("factor")->toolTip().contains("factor^"));
    }

    void schedulePlotFollowsRateAt() {
        ScheduleEditor e;
        for (const RateSchedule& s : everyKind()) {
            e.setSchedule(s, 0.45, 40);
            const auto pts = e.plot().curve();
            if (s.kind == "adaptive") {
                QVERIFY(pts.empty());  // it depends on validation feedback: no curve ahead
                continue;
            }
            QVERIFY(pts.size() > 10);
            QCOMPARE(pts.front().x(), 0.0);
            QCOMPARE(pts.back().x(), e.plot().horizon());
            for (const QPointF& p : pts) QCOMPARE(p.y(), s.rateAt(0.45, p.x()));
        }
        // An edit redraws the curve with the new parameter.
        RateSchedule c;
        c.kind = "curriculum";
        e.setSchedule(c, 0.5, 20);
        static_cast<QDoubleSpinBox*>(e.field("gamma"))->setValue(0.5);
        QCOMPARE(e.plot().curve()[3].y(), 0.5 * (1 - std::exp(-0.5 * 3)));
    }

    void scheduleDialogDrawsTheCurve() {
        // The curve is drawn in blue; a curriculum over 40 epochs must put plenty of it on screen.
        RateSchedule s;
        s.kind = "curriculum";
        ScheduleDialog d("layer1", s, 0.5, 40);
        d.resize(460, 600);
        d.editor().setCurrentEpoch(12.5, 10);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QImage img = d.editor().plot().grab().toImage();
        int blue = 0;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x) {
                const QColor c = img.pixelColor(x, y);
                blue += c.blue() > 150 && c.red() < 80 && c.green() > 90 && c.green() < 150;
            }
        QVERIFY2(blue > 100, qPrintable(QString("%1 curve pixels").arg(blue)));
        if (const QString dir = qEnvironmentVariable("DL_VIEWS_PNG_DIR"); !dir.isEmpty())
            d.grab().save(dir + "/schedule-dialog.png");
    }

    void ratesChartShowsTheEpochUnderWay() {
        MainWindow w;
        w.loadExperiment(loadExperiment("spiral-dropout"));
        const ShownStep shown(w.controller());
        w.stepAll(5);  // inside the first epoch: no history yet
        QVERIFY(waitUntil([&] { return chartsShow(w, shown, 5); }));
        const SnapshotPtr s = w.controller().latest();
        QVERIFY(s);
        QCOMPARE(s->step, 5L);
        QVERIFY(s->history.empty());
        const QList<QPointF> pts = w.ratesChart().series("layer1")->points();
        QCOMPARE(pts.size(), qsizetype(2));
        QCOMPARE(pts[0], QPointF(0.0, 0.5));
        QCOMPARE(pts[1], QPointF(double(s->stepInEpoch) / s->stepsPerEpoch, 0.5));
        QCOMPARE(w.ratesChart().markerX(), pts[1].x());
    }
    void ratesChartDrawsEverySitesHistoryRates() {
        MainWindow w;
        w.loadExperiment(loadExperiment("spiral-curriculum"));
        const ShownStep shown(w.controller());
        w.stepAll(3 * 12);  // 360 training rows in batches of 32: 12 steps per epoch
        // The coalesced snapshotUpdated of the last step reaches the window and its charts.
        QVERIFY(waitUntil([&] { return chartsShow(w, shown, 3 * 12); }));
        const SnapshotPtr s = w.controller().latest();
        QVERIFY(s);
        QCOMPARE(s->step, 3L * 12);
        QVERIFY(s->epoch >= 3);
        QVERIFY(s->history.size() >= 3);
        RatesChart& chart = w.ratesChart();
        QVERIFY(!chart.isHidden());
        QCOMPARE(chart.seriesNames(), QStringList({"layer1", "layer2"}));
        for (const char* id : {"layer1", "layer2"}) {
            const QList<QPointF> pts = chart.series(id)->points();
            QCOMPARE(pts.size(), qsizetype(s->history.size() + 1));  // from epoch 0
            QCOMPARE(pts[0], QPointF(0.0, s->history[0].rates.at(id)));
            for (int i = 0; i < int(s->history.size()); ++i) {
                QCOMPARE(pts[i + 1].x(), double(s->history[i].epoch));
                QCOMPARE(pts[i + 1].y(), s->history[i].rates.at(id));
            }
        }
        // Both follow the same curriculum, so their lines coincide: the first is drawn wider
        // and shows around the second.
        QVERIFY(chart.series("layer1")->pen().widthF() >
                chart.series("layer2")->pen().widthF() + 1);
        // Curriculum: 0 in the first epoch, rising after.
        QCOMPARE(s->history[0].rates.at("layer1"), 0.0);
        QVERIFY(s->history[2].rates.at("layer1") > s->history[1].rates.at("layer1"));
        QCOMPARE(chart.markerX(), s->epoch + double(s->stepInEpoch) / s->stepsPerEpoch);
    }

    void rateBoxSaysWhatTheScheduleUses() {
        // Under a schedule the box holds r̄, which the rate in use approaches or starts from.
        QCOMPARE(rateLabelText("constant", "element"), QString("drop rate"));
        for (const char* k : {"ramp", "curriculum", "cosine"})
            QCOMPARE(rateLabelText(k, "element"), QString("target rate"));
        for (const char* k : {"anneal", "step", "adaptive"})
            QCOMPARE(rateLabelText(k, "channel"), QString("initial rate"));
        QCOMPARE(rateLabelText("constant", "concrete"), QString("initial rate"));
        DropoutEditor editor("layer1", {"element", "gaussian"});
        QCOMPARE(editor.rateLabel()->text(), QString("drop rate"));
        DropoutSpec spec{"layer1", Variant::Element, 0.5, Scaling::Inverted};
        spec.schedule.kind = "curriculum";
        editor.setSpec(spec);
        QCOMPARE(editor.rateLabel()->text(), QString("target rate"));
        QVERIFY(editor.rateLabel()->toolTip().contains("rate in use"));
        spec.schedule.kind = "constant";
        editor.setSpec(spec);
        QCOMPARE(editor.rateLabel()->text(), QString("drop rate"));
    }
    void ratesChartHiddenWithoutSitesAndDashedForB() {
        MainWindow w;
        w.loadExperiment(loadExperiment("spiral-no-dropout"));
        const ShownStep shownA(w.controller());
        w.stepAll(1);
        QVERIFY(waitUntil([&] { return chartsShow(w, shownA, 1); }));
        QVERIFY(w.ratesChart().isHidden());
        w.setAbMode(true);  // B gets dropout when A has none
        QVERIFY(w.controllerB());
        const ShownStep shownB(*w.controllerB());
        w.stepAll(1);
        QVERIFY(waitUntil([&] { return chartsShow(w, shownB, 1); }));
        QVERIFY(!w.ratesChart().isHidden());
        const QStringList names = w.ratesChart().seriesNames();
        QVERIFY(!names.isEmpty());
        for (const QString& n : names) {
            QVERIFY(n.startsWith("B "));
            QCOMPARE(w.ratesChart().series(n)->pen().style(), Qt::DashLine);
        }
    }

    void scheduleAppliesToTheRun() {
        MainWindow w;
        w.loadExperiment(tinyConfig());
        RateSchedule ramp;
        ramp.kind = "ramp";
        ramp.start = 0.1;
        ramp.length = 5;
        QVERIFY(w.setSiteSchedule("layer1", ramp));
        QVERIFY(!w.setSiteSchedule("nope", ramp));
        for (const ExperimentConfig& c : {w.controller().config(), w.currentConfig()}) {
            const DropoutSpec* a = c.findSite("layer1");
            QVERIFY(a);
            QCOMPARE(a->schedule.kind, std::string("ramp"));
            QCOMPARE(a->schedule.start, 0.1);
        }
        w.controller().stepEpoch();
        QVERIFY(waitUntil(
            [&] { return w.controller().latest() && w.controller().latest()->epoch >= 1; }));
        QCOMPARE(w.controller().latest()->history[0].rates.at("layer1"), 0.1);
    }

    void oneDimensionalSweepGivesOnePointPerRateAndAClickApplies() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        w.loadExperiment(tinyConfig());
        TuningView* t = tuningOf(w);
        QVERIFY(t);
        t->setTwoD(false);
        t->setSweptSites({"layer1"});
        t->setRateRange(0.0, 0.4, 3);
        t->setEpochsPerRun(2);
        QSignalSpy done(t, &TuningView::sweepFinished);
        QVERIFY(t->runSweep());
        QVERIFY(t->isSweeping());
        QVERIFY(!t->readyForScreenshot());
        QVERIFY(waitUntil([&] { return !done.isEmpty(); }));
        QCOMPARE(done.front().front().toBool(), false);
        QCOMPARE(t->progressBar().value(), 3);
        const auto& curves = t->curvePlot().curves();
        QCOMPARE(int(curves.size()), 1);
        QCOMPARE(curves[0].site, QString("layer1"));
        QCOMPARE(curves[0].rates, (std::vector<double>{0.0, 0.2, 0.4}));
        for (double v : curves[0].values) QVERIFY(std::isfinite(v) && v > 0);
        // Click where the plot draws the point: on screen, inside the laid-out plot.
        SweepCurvePlot& plot = t->curvePlot();
        QTRY_VERIFY_WITH_TIMEOUT(
            plot.isVisible() && plot.rect().contains(plot.pointPixel(0, 2).toPoint()), 10000);
        QTest::mouseClick(&plot, Qt::LeftButton, {}, plot.pointPixel(0, 2).toPoint());
        const ExperimentConfig live = w.controller().config(), shown = w.currentConfig();
        QVERIFY(live.findSite("layer1") && shown.findSite("layer1"));
        QCOMPARE(live.findSite("layer1")->rate, 0.4);
        QCOMPARE(shown.findSite("layer1")->rate, 0.4);  // the slider shows it too
        w.controller().step(1);
        QVERIFY(waitUntil([&] {
            auto s = w.controller().latest();
            return s && s->step >= 1 && maskRate(*s, "layer1") == 0.4;
        }));
    }

    void twoDimensionalSweepMarksTheBestCellAndAClickAppliesBoth() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        w.loadExperiment(tinyConfig());
        TuningView* t = tuningOf(w);
        QVERIFY(t);
        t->setTwoD(true);
        t->setSweptSites({"layer1", "layer2"});
        t->setRateRange(0.1, 0.5, 2);
        t->setEpochsPerRun(1);
        QSignalSpy done(t, &TuningView::sweepFinished);
        QVERIFY(t->runSweep());
        QVERIFY(waitUntil([&] { return !done.isEmpty(); }));
        const SweepGrid2D& g = t->heatmap().grid();
        QCOMPARE(g.xSite, QString("layer1"));
        QCOMPARE(g.ySite, QString("layer2"));
        QCOMPARE(int(g.values.size()), 4);
        const auto [bi, bj] = t->heatmap().bestCell();
        QVERIFY(bi >= 0 && bj >= 0);
        for (double v : g.values) QVERIFY(g.value(bi, bj) <= v);
        // Click the middle of the cell as drawn: on screen, inside the laid-out heatmap.
        SweepHeatmap& map = t->heatmap();
        QTRY_VERIFY_WITH_TIMEOUT(
            map.isVisible() && map.rect().contains(map.cellRect(1, 0).center().toPoint()), 10000);
        QTest::mouseClick(&map, Qt::LeftButton, {}, map.cellRect(1, 0).center().toPoint());
        const ExperimentConfig live = w.controller().config();
        QVERIFY(live.findSite("layer1") && live.findSite("layer2"));
        QCOMPARE(live.findSite("layer1")->rate, 0.5);
        QCOMPARE(live.findSite("layer2")->rate, 0.1);
    }

    void cancelStopsASweep() {
        MainWindow w;
        w.loadExperiment(tinyConfig());
        TuningView* t = tuningOf(w);
        QVERIFY(t);
        t->setTwoD(true);
        t->setRateRange(0.0, 0.8, 9);  // 81 runs of 2000 epochs: minutes unless cancelled
        t->setEpochsPerRun(2000);
        QSignalSpy done(t, &TuningView::sweepFinished);
        QVERIFY(t->runSweep());
        QVERIFY(t->cancelButton().isEnabled());
        QVERIFY(!t->runButton().isEnabled());
        // Time passes on purpose: the runs get under way, so Cancel stops runs in progress
        // rather than a sweep that has not started. Nothing below depends on how far they got
        // (81 runs of 2000 epochs take minutes).
        QTest::qWait(100);
        QTest::mouseClick(&t->cancelButton(), Qt::LeftButton);
        QVERIFY(waitUntil([&] { return !done.isEmpty(); }));
        QCOMPARE(done.front().front().toBool(), true);
        QVERIFY(!t->isSweeping());
        QVERIFY(t->runButton().isEnabled());
        int unfinished = 0;
        for (double v : t->heatmap().grid().values) unfinished += !std::isfinite(v);
        QVERIFY(unfinished > 0);
        QVERIFY(t->statusText().startsWith("Cancelled"));
    }
};

QTEST_MAIN(RatesGuiTest)
#include "test_rates_gui.moc"
