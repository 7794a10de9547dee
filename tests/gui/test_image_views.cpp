// The image tabs on shapes-cnn-spatial: the grid's wrong marks match the predictions, the
// confusion matrix adds up to the class counts and the accuracy, the feature-map view marks
// exactly the dropped channels (channel) and positions (block), the variant switch applies
// live, and the tabs only appear for image experiments.
#include <QtTest>

#include <functional>

#include "core/config/experiment_setup.h"
#include "core/training/loss.h"
#include "tests/gui/gui_test_helpers.h"
#include "ui/canvas/feature_map_canvas.h"
#include "ui/shell/main_window.h"
#include "ui/views/confusion_view.h"
#include "ui/views/feature_maps_view.h"
#include "ui/views/image_grid_view.h"
#include "ui/worker/image_extras_builder.h"
#include "ui/worker/snapshot_builder.h"
#include "ui/worker/training_controller.h"

using namespace dl;
using dl::test::waitUntil;

namespace {

// Red marks are saturated reds; maps and images are grey, so they never pass.
bool isMarkRed(const QColor& c) {
    return c.red() > 140 && c.red() > 1.7 * c.green() && c.red() > 1.7 * c.blue();
}

int redIn(const QImage& img, const QRect& r) {
    int n = 0;
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x) n += isMarkRed(img.pixelColor(x, y));
    return n;
}

struct Trained {
    std::unique_ptr<Trainer> trainer;
    SnapshotPtr snap;
};

// A snapshot built as the worker builds it, with the image extras for batch row `sample`.
Trained trained(ExperimentConfig c, int steps, int sample = 0) {
    Trained t{makeTrainer(c), nullptr};
    for (int i = 0; i < steps; ++i) t.trainer->step();
    auto s = std::make_shared<TrainingSnapshot>();
    s->data = std::make_shared<DataSplit>(t.trainer->data());
    fillSnapshot(*t.trainer, *s, false);
    s->imageEval = computeImageEval(*t.trainer, ImageExtras::kEvalRows);
    s->featureMaps = computeFeatureMaps(*t.trainer, sample);
    t.snap = s;
    return t;
}

ExperimentConfig shapes() {
    return loadExperiment("shapes-cnn-spatial");
}

const SiteMaskView& maskOf(const TrainingSnapshot& s, const std::string& id) {
    for (const auto& m : s.masks)
        if (m.id == id) return m;
    throw std::runtime_error("no site " + id);
}

// Channels of `site` whose mask is 0 at every position for batch row `row`.
std::vector<int> zeroChannels(const SiteMaskView& m, int row) {
    const int c = m.shape[0], hw = m.shape[1] * m.shape[2];
    std::vector<int> out;
    for (int k = 0; k < c; ++k)
        if ((m.mask.row(row).segment(k * hw, hw).array() == 0.f).all()) out.push_back(k);
    return out;
}

}  // namespace

class ImageViewsTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dl::test::isolateSettings());
        qputenv("DL_NO_DIALOGS", "1");
    }

    void gridWrongMarksMatchThePredictions() {
        Trained t = trained(shapes(), 15);
        ImageGridView view;
        view.resize(1100, 700);
        view.showSnapshot(t.snap, nullptr);
        QCOMPARE(int(view.cells().size()), ImageGridView::kCells);
        // Independently: arg-max of the trainer's deterministic prediction on those images.
        const Dataset& val = t.trainer->data().val;
        const Matrix out = t.trainer->predict(val.x.topRows(ImageGridView::kCells));
        int wrong = 0;
        for (int r = 0; r < ImageGridView::kCells; ++r) {
            Eigen::Index best;
            out.row(r).maxCoeff(&best);
            wrong += int(best) != int(val.y(r, 0));
            QCOMPARE(view.cells()[size_t(r)].predicted, int(best));
        }
        QVERIFY2(wrong > 0, "15 steps should leave some mistakes to mark");
        QCOMPARE(view.wrongMarks(), wrong);
        view.show();
        QVERIFY(redIn(view.grab().toImage(), view.rect()) > 0);  // the wrong frames and ✕
        view.setMistakesOnly(true);
        QVERIFY(!view.cells().empty());
        QCOMPARE(view.wrongMarks(), int(view.cells().size()));
    }

    void confusionMatrixAddsUp() {
        Trained t = trained(shapes(), 40);
        ConfusionView view;
        view.resize(900, 600);
        view.showSnapshot(t.snap, nullptr);
        const ImageEvalView* e = view.eval();
        QVERIFY(e);
        const Dataset& val = t.trainer->data().val;
        QCOMPARE(e->evaluated(), val.size());  // 400 images: all of them, under the cap
        long total = 0, trace = 0;
        for (int k = 0; k < e->numClasses; ++k) {
            long row = 0;
            for (int j = 0; j < e->numClasses; ++j) row += e->cell(k, j);
            const long count = (val.y.col(0).array() == float(k)).count();
            QCOMPARE(row, count);
            total += row;
            trace += e->cell(k, k);
            QCOMPARE(view.classAccuracy(k), double(e->cell(k, k)) / double(row));
        }
        QCOMPARE(total, long(val.size()));
        QCOMPARE(view.reportedAccuracy(), double(trace) / double(total));
        QVERIFY(std::abs(view.reportedAccuracy() - t.trainer->evaluate(val).accuracy) < 1e-9);
    }

    void featureMapsMarkTheDroppedChannels() {
        Trained probe = trained(shapes(), 3);
        const SiteMaskView& m = maskOf(*probe.snap, "conv1");
        int row = 0;  // a sample with at least one dropped channel, so the check can fail
        while (zeroChannels(m, row).empty()) ++row;
        Trained t = trained(shapes(), 3, row);
        FeatureMapsView view;
        view.resize(1200, 900);
        view.show();
        view.showSnapshot(t.snap, nullptr);
        FeatureMapCanvas& canvas = view.canvas();
        QCOMPARE(canvas.maps()->sample, row);
        const QImage img = canvas.grab().toImage();
        for (int layer = 0; layer < 2; ++layer) {
            const auto& mask = maskOf(*t.snap, layer == 0 ? "conv1" : "conv2");
            const std::vector<int> expected = zeroChannels(mask, row);
            QCOMPARE(canvas.marks(layer).droppedChannels, expected);
            for (int c = 0; c < mask.shape[0]; ++c) {
                const bool dropped = std::count(expected.begin(), expected.end(), c) > 0;
                const int red = redIn(img, canvas.tileRect(layer, c).toRect());
                QVERIFY2(
                    dropped == (red > 20),
                    qPrintable(QString("layer %1 channel %2: %3 red").arg(layer).arg(c).arg(red)));
            }
        }
    }

    void featureMapsMarkTheDroppedBlocks() {
        ExperimentConfig c = shapes();
        c.layers[0].dropout->variant = Variant::Block;
        c.layers[0].dropout->rate = 0.3;
        Trained t = trained(c, 3, 2);
        FeatureMapsView view;
        view.resize(1200, 900);
        view.show();
        view.showSnapshot(t.snap, nullptr);
        FeatureMapCanvas& canvas = view.canvas();
        const SiteMaskView& m = maskOf(*t.snap, "conv1");
        QCOMPARE(m.variant, std::string("block"));
        const MapMarks marks = canvas.marks(0);
        const QImage img = canvas.grab().toImage();
        int zeros = 0;
        const int ch = m.shape[0], h = m.shape[1], w = m.shape[2];
        for (int k = 0; k < ch; ++k)
            for (int y = 0; y < h; ++y)
                for (int x = 0; x < w; ++x) {
                    const int i = (k * h + y) * w + x;
                    const bool zero = m.mask(2, i) == 0.f;
                    zeros += zero;
                    QCOMPARE(bool(marks.droppedValues[size_t(i)]), zero);
                    const QPoint centre = canvas.pixelRect(0, k, y, x).center().toPoint();
                    QCOMPARE(isMarkRed(img.pixelColor(centre)), zero);
                }
        QVERIFY2(zeros > 0, "rate 0.3 should drop some blocks");
    }

    void variantSwitchAppliesFromTheNextStep() {
        MainWindow w;
        w.loadExperiment(shapes());
        QVERIFY(w.showView("Feature maps"));
        auto& ctl = w.controller();
        w.stepAll(1);
        QVERIFY(waitUntil([&] { return ctl.latest() && ctl.latest()->featureMaps; }));
        auto* view = qobject_cast<FeatureMapsView*>(w.activeView());
        QVERIFY(view);
        view->applyVariant("block");
        QCOMPARE(ctl.config().layers[0].dropout->variant, Variant::Block);
        QCOMPARE(w.currentConfig().layers[0].dropout->variant, Variant::Block);  // the builder too
        w.stepAll(1);
        QVERIFY(waitUntil([&] {
            auto s = ctl.latest();
            return s && s->step == 2 && s->featureMaps && s->featureMaps->step == 2;
        }));
        QCOMPARE(ctl.latest()->featureMaps->layers[0].variant, std::string("block"));
        QCOMPARE(maskOf(*ctl.latest(), "conv1").variant, std::string("block"));
        QCOMPARE(ctl.latest()->history.size(), size_t(0));  // same run: no rebuild
    }

    void tabsOnlyForImageExperiments() {
        MainWindow w;
        w.loadExperiment(loadExperiment("spiral-dropout"));
        for (const char* tab : {"Images", "Confusion", "Feature maps"}) QVERIFY(!w.showView(tab));
        w.loadExperiment(shapes());
        QVERIFY(w.showView("Images"));
        QVERIFY(w.showView("Confusion"));
        QVERIFY(w.showView("Feature maps"));
    }

    void predictionsOnlyWhileTheTabIsOnScreen() {
        MainWindow w;
        w.loadExperiment(shapes());
        auto& ctl = w.controller();
        w.stepAll(2);
        QVERIFY(waitUntil([&] { return ctl.latest() && ctl.latest()->step == 2; }));
        QVERIFY(!ctl.latest()->imageEval);
        QVERIFY(w.showView("Images"));
        QVERIFY(waitUntil([&] { return ctl.latest()->imageEval != nullptr; }));
        QCOMPARE(ctl.latest()->imageEval->step, 2L);
        QVERIFY(w.activeView()->readyForScreenshot());
    }
};

QTEST_MAIN(ImageViewsTest)
#include "test_image_views.moc"
