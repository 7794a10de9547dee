// The painted views: each is rendered offscreen and checked for something a broken drawing
// would lose (class colours, red dropped units, the regression curve, decimated series).
// Set DL_VIEWS_PNG_DIR to also save every grab as a PNG for looking at.
#include <QLineSeries>
#include <QMouseEvent>
#include <QtTest>

#include <functional>

#include "core/config/experiment_config.h"
#include "core/config/experiment_setup.h"
#include "tests/gui/gui_test_helpers.h"
#include "ui/canvas/network_view.h"
#include "ui/canvas/output_view.h"
#include "ui/panels/data_preview.h"
#include "ui/plots/chart_hover.h"
#include "ui/plots/class_palette.h"
#include "ui/plots/metric_chart.h"
#include "ui/plots/plot_markers.h"
#include "ui/worker/snapshot_builder.h"

using namespace dl;
using dl::test::grabOf;

namespace {

// A snapshot of a preset after `steps` training steps, built as the worker builds it.
SnapshotPtr trainedSnapshot(const std::string& preset, int steps) {
    auto trainer = makeTrainer(loadExperiment(preset));
    for (int i = 0; i < steps; ++i) trainer->step();
    auto s = std::make_shared<TrainingSnapshot>();
    s->data = std::make_shared<DataSplit>(trainer->data());
    dataBounds(trainer->data().train, s->output);
    fillSnapshot(*trainer, *s, true);
    return s;
}

// A three-layer snapshot made by hand: 2 inputs, 8 hidden units (3 dropped), 2 outputs.
SnapshotPtr handSnapshot(std::vector<float> hiddenMask) {
    auto s = std::make_shared<TrainingSnapshot>();
    s->step = 5;
    s->layers.push_back({"input", {0.5f, -1.2f}, {}, "", ""});
    s->layers.push_back({"dense 1 (relu)",
                         {0.f, 0.3f, 1.1f, 0.7f, 0.f, 2.0f, 0.4f, 0.9f},
                         std::move(hiddenMask),
                         "dense1",
                         ""});
    s->layers.push_back({"output", {1.5f, -0.5f}, {}, "", ""});
    SiteMaskView m;
    m.id = "dense1";
    m.variant = "element";
    m.rate = 0.5;
    s->masks.push_back(m);
    return s;
}

int countPixels(const QImage& img, const std::function<bool(const QColor&)>& pred) {
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) n += pred(img.pixelColor(x, y));
    return n;
}

// Pixels of roughly the hue of `c` and at least a little saturated (tints included).
std::function<bool(const QColor&)> hueOf(const QColor& c) {
    return [h = c.hsvHue()](const QColor& p) {
        const int d = std::abs(p.hsvHue() - h);
        return p.hsvSaturation() > 40 && std::min(d, 360 - d) < 12;
    };
}

bool isRed(const QColor& c) {
    return c.red() > 180 && c.green() < 90 && c.blue() < 90;
}

int zerosInMasks(const TrainingSnapshot& s) {
    int n = 0;
    for (const auto& l : s.layers)
        if (l.mask.size() == l.activation.size())
            n += int(std::count(l.mask.begin(), l.mask.end(), 0.f));
    return n;
}

}  // namespace

class ViewsTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() { QVERIFY(dl::test::isolateSettings()); }

    void heatMapShowsEachClassColour() {
        auto s = trainedSnapshot("spiral-dropout", 600);
        OutputViewWidget w;
        w.resize(640, 600);
        w.showSnapshot(s);
        const QImage img = grabOf(w, "output_spiral.png");
        // The points alone cover about 5 % of the grab per class; the regions much more.
        const int total = img.width() * img.height();
        QVERIFY(countPixels(img, hueOf(ClassPalette::color(0))) > total / 8);
        QVERIFY(countPixels(img, hueOf(ClassPalette::color(1))) > total / 8);
        const int cells = w.heatMap().width() * w.heatMap().height();
        QVERIFY(countPixels(w.heatMap(), hueOf(ClassPalette::color(0))) > cells / 5);
        QVERIFY(countPixels(w.heatMap(), hueOf(ClassPalette::color(1))) > cells / 5);
        QVERIFY(w.boundarySegmentCount() > 10);
        QCOMPARE(w.heatMap().size(), QSize(s->output.resolution, s->output.resolution));
    }
    void heatMapIsNotRebuiltForAnUnchangedOutput() {
        auto s = trainedSnapshot("spiral-dropout", 20);
        OutputViewWidget w;
        w.showSnapshot(s);
        QCOMPARE(w.heatMapBuilds(), 1);
        auto next = std::make_shared<TrainingSnapshot>(*s);  // the worker copies the output on
        next->step += 1;
        w.showSnapshot(next);
        QCOMPARE(w.heatMapBuilds(), 1);
        auto changed = std::make_shared<TrainingSnapshot>(*next);
        changed->output.probs(0, 0) += 0.25f;
        w.showSnapshot(changed);
        QCOMPARE(w.heatMapBuilds(), 2);
    }
    void titleIsShown() {
        auto s = trainedSnapshot("spiral-dropout", 20);
        OutputViewWidget a;
        a.resize(500, 480);
        a.setTitle("A: with dropout");
        a.showSnapshot(s);
        QCOMPARE(a.title(), QString("A: with dropout"));
        grabOf(a, "output_titled.png");
    }
    void regressionDrawsTheCurve() {
        auto s = trainedSnapshot("sine-gap", 400);
        QVERIFY(s->output.curveX.rows() > 10);
        OutputViewWidget w;
        w.resize(700, 480);
        w.showSnapshot(s);
        const QImage img = grabOf(w, "output_sine.png");
        QVERIFY(w.heatMap().isNull());
        const QColor curve = ClassPalette::color(0);
        auto onCurve = [&](const QColor& c) {
            return std::abs(c.red() - curve.red()) + std::abs(c.green() - curve.green()) +
                       std::abs(c.blue() - curve.blue()) <
                   40;
        };
        QVERIFY2(countPixels(img, onCurve) > 800, "the fitted curve is missing");
    }
    void networkViewMarksDroppedUnits() {
        auto s = trainedSnapshot("spiral-dropout", 30);
        NetworkView w;
        w.resize(1000, 560);
        w.showSnapshot(s);
        const QImage img = grabOf(w, "network_spiral.png");
        QVERIFY(zerosInMasks(*s) > 0);
        QCOMPARE(w.droppedUnitCount(), zerosInMasks(*s));
        QVERIFY(countPixels(img, isRed) > 20 * w.droppedUnitCount());
        grabOf(w, "network_spiral.png");
        w.resize(1600, 800);
        grabOf(w, "network_spiral_large.png");
    }
    void tooltipSaysDroppedOrKept() {
        auto s = trainedSnapshot("spiral-dropout", 30);
        NetworkView w;
        w.resize(1000, 560);
        w.showSnapshot(s);
        int dropped = 0, kept = 0;
        for (int l = 0; l < int(s->layers.size()); ++l) {
            const auto& mask = s->layers[size_t(l)].mask;
            for (int u = 0; u < int(mask.size()); ++u) {
                const QString t = w.toolTipAt(w.unitPosition(l, u));
                QVERIFY2(t.contains(QString("unit %1 of").arg(u + 1)), qPrintable(t));
                if (mask[size_t(u)] == 0.f) {
                    QVERIFY2(t.contains("dropped"), qPrintable(t));
                    ++dropped;
                } else {
                    QVERIFY2(t.contains("kept") && !t.contains("dropped"), qPrintable(t));
                    ++kept;
                }
            }
        }
        QVERIFY(dropped > 0 && kept > 0);
        QVERIFY(w.toolTipAt(QPoint(2, 2)).isEmpty());
    }
    void smallLayersAreCirclesWithCrosses() {
        auto s = handSnapshot({2, 0, 2, 0, 2, 2, 0, 2});
        NetworkView w;
        w.resize(900, 520);
        w.showSnapshot(s);
        const QImage img = grabOf(w, "network_hand.png");
        QCOMPARE(w.droppedUnitCount(), 3);
        QVERIFY(!w.layout().columns()[1].strip);
        QVERIFY(countPixels(img, isRed) > 3 * 30);
        QVERIFY(w.toolTipAt(w.unitPosition(1, 1)).contains("dropped"));
        QVERIFY(w.toolTipAt(w.unitPosition(1, 0)).contains("kept"));
        QVERIFY(w.toolTipAt(w.unitPosition(0, 0)).contains("no dropout"));
    }
    void gaussianMultipliersAreNotDropped() {
        auto s = handSnapshot({0.4f, 1.3f, 0.9f, 1.8f, 1.0f, 0.2f, 1.1f, 0.7f});
        NetworkView w;
        w.resize(900, 520);
        w.showSnapshot(s);
        grabOf(w, "network_gaussian.png");
        QCOMPARE(w.droppedUnitCount(), 0);
        QVERIFY(w.toolTipAt(w.unitPosition(1, 5)).contains("multiplier 0.2"));
    }
    void metricChartDecimatesAndReadsOut() {
        MetricChart chart("Loss", "loss");
        chart.resize(1400, 400);  // about one drawn point per horizontal pixel, at most 2000
        chart.addSeries("train", QColor(0x1f, 0x77, 0xb4));
        chart.addSeries("val", QColor(0xe6, 0x55, 0x0d), Qt::DashLine);
        QList<QPointF> big, val;
        for (int i = 0; i < 10000; ++i) big.append({double(i), 1.0 / (1 + i)});
        big[5000].setY(100.0);  // a spike must survive decimation
        chart.setSeries("train", big);
        const int n = chart.pointCount("train");
        QVERIFY2(n <= MetricChart::kMaxPoints && n > 1000, qPrintable(QString::number(n)));
        const auto pts = chart.series("train")->points();
        QCOMPARE(pts.front(), big.front());
        QCOMPARE(pts.back(), big.back());
        QVERIFY(
            std::any_of(pts.begin(), pts.end(), [](const QPointF& p) { return p.y() == 100.0; }));
        for (int i = 0; i <= 60; ++i) val.append({double(i), 0.145});
        QList<QPointF> tr;
        for (int i = 0; i <= 60; ++i) tr.append({double(i), 0.123});
        chart.setSeries("train", tr);
        chart.setSeries("val", val);
        QCOMPARE(chart.hover().textAt(42.2), QString("epoch 42: train 0.123, val 0.145"));
        chart.resize(640, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        grabOf(chart, "metric_linear.png");
        chart.setLogScale(true);
        QCOMPARE(chart.pointCount("val"), 61);
        chart.settle();  // the log axis's range and layout now, not from the event loop
        grabOf(chart, "metric_log.png");
    }
    void hoverFollowsTheMouse() {
        MetricChart chart("Loss", "loss");
        QList<QPointF> tr, va;
        for (int i = 0; i <= 100; ++i) {
            tr.append({double(i), 1.0 / (1 + 0.1 * i)});
            va.append({double(i), 1.2 / (1 + 0.08 * i)});
        }
        chart.addSeries("train", QColor(0x1f, 0x77, 0xb4));
        chart.addSeries("val", QColor(0xe6, 0x55, 0x0d));
        chart.setSeries("train", tr);
        chart.setSeries("val", va);
        chart.resize(640, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        const QRectF area = chart.chart()->plotArea();
        const QPoint at = chart.mapFromScene(chart.chart()->mapToScene(area.center()));
        QMouseEvent move(QEvent::MouseMove, at, chart.viewport()->mapToGlobal(at), Qt::NoButton,
                         Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(chart.viewport(), &move);
        const QString text = chart.hover().lastText();
        QVERIFY2(text.startsWith("epoch ") && text.contains("train") && text.contains("val"),
                 qPrintable(text));
        grabOf(chart, "metric_hover.png");
    }
    void dataPreviewShowsPoints() {
        auto s = trainedSnapshot("spiral-dropout", 0);
        DataPreview p;
        p.resize(320, 300);
        p.setData(s->data);
        QVERIFY(p.isDrawable());
        QImage img = grabOf(p, "preview_spiral.png");
        QVERIFY(countPixels(img, hueOf(ClassPalette::color(0))) > 300);
        QVERIFY(countPixels(img, hueOf(ClassPalette::color(1))) > 300);
        auto r = trainedSnapshot("sine-gap", 0);
        p.setData(r->data);
        img = grabOf(p, "preview_sine.png");
        auto dark = [](const QColor& c) { return c.lightness() < 90; };
        QVERIFY(countPixels(img, hueOf(PlotMarkers::regressionVal())) > 100);
        QVERIFY(countPixels(img, dark) > 500);
    }
};

QTEST_MAIN(ViewsTest)
#include "test_views.moc"
