// The RNN lesson's views: mask rasters (variational masks constant along time, naive ones not),
// the Sequences tab's prediction and roll-out (equal to the trainer's own predictions), the
// variational ↔ naive A/B partner, and both tabs hidden for experiments without sequences.
#include <QElapsedTimer>
#include <QtTest>

#include <functional>

#include "core/config/ab_pair.h"
#include "core/config/experiment_config.h"
#include "core/config/experiment_setup.h"
#include "tests/gui/gui_test_helpers.h"
#include "ui/canvas/mask_raster.h"
#include "ui/canvas/mask_raster_widget.h"
#include "ui/shell/main_window.h"
#include "ui/views/mask_raster_view.h"
#include "ui/views/sequence_view.h"
#include "ui/worker/sequence_builder.h"
#include "ui/worker/snapshot_builder.h"
#include "ui/worker/training_controller.h"

using namespace dl;
using dl::test::waitUntil;

namespace {

// A preset's snapshot after `steps` training steps, filled as the worker fills it.
SnapshotPtr snapshotAfter(Trainer& trainer, int steps) {
    for (int i = 0; i < steps; ++i) trainer.step();
    auto s = std::make_shared<TrainingSnapshot>();
    s->data = std::make_shared<DataSplit>(trainer.data());
    fillSnapshot(trainer, *s, false);
    return s;
}

// Every raster of every sequence of the batch, as the view shows them.
std::vector<MaskRaster> allRasters(MaskRasterView& v, int batch) {
    std::vector<MaskRaster> out;
    for (int b = 0; b < batch; ++b) {
        v.setSequence(b);
        for (int i = 0; i < v.rasterCount(0); ++i) out.push_back(v.raster(0, i));
    }
    return out;
}

}  // namespace

class SequenceViewsTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dl::test::isolateSettings());
        qputenv("DL_NO_DIALOGS", "1");
    }

    void variationalRasterIsConstantAlongTime() {
        const ExperimentConfig c = loadExperiment("sine-lstm-variational");
        auto trainer = makeTrainer(c);
        MaskRasterView view;
        view.setExperiment(c, nullptr, nullptr);
        view.showSnapshot(snapshotAfter(*trainer, 1), nullptr);
        QCOMPARE(view.rasterCount(0), 2);  // input and recurrent sites
        QCOMPARE(view.raster(0, 1).timesteps(), 50);
        QCOMPARE(view.raster(0, 1).units(), 64);
        double dropped = 0;
        const auto rasters = allRasters(view, c.training.batchSize);
        QCOMPARE(int(rasters.size()), 2 * c.training.batchSize);
        for (const MaskRaster& r : rasters) {
            QVERIFY2(r.constantOverTime(), r.siteId().c_str());
            QCOMPARE(r.variant(), std::string("variational"));
            dropped += r.zeroFraction();
        }
        QVERIFY(dropped > 0);  // rate 0.25: some units are dropped, so stripes exist
    }

    void cellTooltipNamesTimestepUnitAndMultiplier() {
        auto trainer = makeTrainer(loadExperiment("sine-lstm-variational"));
        auto snap = snapshotAfter(*trainer, 1);
        MaskRasterWidget w;
        w.resize(600, 300);
        w.setRaster(MaskRaster(snap->masks[1], 0));  // the recurrent site
        int dropped = 0, kept = 0;
        for (int x = 0; x < w.width(); x += 7)
            for (int y = 0; y < w.height(); y += 5) {
                const QString t = w.cellText(QPointF(x, y));
                if (t.isEmpty()) continue;
                QVERIFY(t.contains("timestep") && t.contains("unit") && t.contains("×"));
                dropped += t.contains("×0 (dropped)");
                kept += t.contains("(kept)");
            }
        QVERIFY(dropped > 0 && kept > dropped);        // rate 0.25
        QVERIFY(w.cellText(QPointF(1, 1)).isEmpty());  // the header, not a cell
    }

    void naiveRasterSpeckles() {
        const ExperimentConfig c = loadExperiment("sine-lstm-naive");
        auto trainer = makeTrainer(c);
        MaskRasterView view;
        view.setExperiment(c, nullptr, nullptr);
        view.showSnapshot(snapshotAfter(*trainer, 1), nullptr);
        QCOMPARE(view.rasterCount(0), 2);
        for (int b = 0; b < c.training.batchSize; ++b) {
            view.setSequence(b);
            QVERIFY(!view.raster(0, 1).constantOverTime());  // 64 units × 50 fresh draws
            QCOMPARE(view.raster(0, 1).sequence(), b);
        }
    }

    void zoneoutRasterMarksHeldUnits() {
        const ExperimentConfig c = loadExperiment("sequence-gru-variational");
        auto trainer = makeTrainer(c);
        MaskRasterView view;
        view.setExperiment(c, nullptr, nullptr);
        view.showSnapshot(snapshotAfter(*trainer, 1), nullptr);
        QCOMPARE(view.rasterCount(0), 3);
        const MaskRaster& z = view.raster(0, 2);
        QVERIFY(z.isZoneout());
        QVERIFY(z.zeroFraction() > 0 && z.zeroFraction() < 0.2);  // rate 0.05
    }

    void predictionEqualsTrainerPredict() {
        const ExperimentConfig c = loadExperiment("sine-lstm-variational");
        auto trainer = makeTrainer(c);
        auto snap = std::const_pointer_cast<TrainingSnapshot>(snapshotAfter(*trainer, 40));
        const Dataset& val = trainer->data().val;
        const Matrix truth = trueContinuation(c, val, kRolloutSteps);
        QCOMPARE(int(truth.rows()), val.size());  // sine-forecast can be extended
        const int index = 7;
        snap->sequence = inspectSequence(*trainer, index, kRolloutSteps, truth);
        SequenceView view;
        view.setExperiment(c, nullptr, nullptr);
        view.showSnapshot(snap, nullptr);
        const SequenceInspection* s = view.inspection(0);
        QVERIFY(s);
        QCOMPARE(s->index, index);
        const Matrix row = val.x.row(index);
        QCOMPARE(s->prediction.size(), std::size_t(1));
        QCOMPARE(s->prediction[0], trainer->predict(row)(0, 0));
        QCOMPARE(int(s->rollout.size()), kRolloutSteps);
        QCOMPARE(s->rollout[0], s->prediction[0]);
        Matrix shifted(1, row.cols());
        shifted.leftCols(row.cols() - 1) = row.rightCols(row.cols() - 1);
        shifted(0, row.cols() - 1) = s->rollout[0];
        QCOMPARE(s->rollout[1], trainer->predict(shifted)(0, 0));  // fed back, not the truth
        QCOMPARE(int(s->truth.size()), kRolloutSteps);
        QCOMPARE(s->truth[0], val.y(index, 0));  // the continuation starts at the target
    }

    void classificationShowsProbabilities() {
        auto trainer = makeTrainer(loadExperiment("sequence-gru-variational"));
        trainer->step();
        auto s = inspectSequence(*trainer, 3, kRolloutSteps, Matrix());
        QCOMPARE(int(s->prediction.size()), 3);
        float sum = 0;
        for (float p : s->prediction) sum += p;
        QVERIFY(std::abs(sum - 1.0f) < 1e-5f);
        QVERIFY(s->rollout.empty());
    }

    void workerPublishesTheInspectionOfTheTabOnScreen() {
        MainWindow w;
        w.loadExperiment(loadExperiment("sine-lstm-variational"));
        QVERIFY(w.showView("Sequences"));
        auto* view = qobject_cast<SequenceView*>(w.activeView());
        QVERIFY(view);
        w.stepAll(3);
        QVERIFY(waitUntil([&] { return w.reachedStep(3) && view->readyForScreenshot(); }));
        QVERIFY(view->inspection(0) && !view->inspection(0)->prediction.empty());
        auto trainer = makeTrainer(loadExperiment("sine-lstm-variational"));
        for (int i = 0; i < 3; ++i) trainer->step();
        const Matrix row = trainer->data().val.x.row(0);
        QCOMPARE(view->inspection(0)->prediction[0], trainer->predict(row)(0, 0));
    }

    void abPartnerFlipsVariationalAndNaive() {
        const ExperimentConfig a = loadExperiment("sine-lstm-variational");
        ExperimentConfig b = abPartner(a);
        const auto& r = b.layers[0].recurrent;
        QCOMPARE(r.inputDropout->variant, Variant::Naive);
        QCOMPARE(r.recurrentDropout->variant, Variant::Naive);
        QCOMPARE(abPartner(b).layers[0].recurrent.inputDropout->variant, Variant::Variational);
        // Everything else equal: undo the flip and compare the whole experiment.
        b.layers[0].recurrent.inputDropout->variant = Variant::Variational;
        b.layers[0].recurrent.recurrentDropout->variant = Variant::Variational;
        QVERIFY(b.name != a.name);
        b.name = a.name;
        QCOMPARE(b.toJson().dump(), a.toJson().dump());
        // The naive preset is the flip of the variational one.
        ExperimentConfig naive = loadExperiment("sine-lstm-naive");
        ExperimentConfig flipped = abPartner(a);
        flipped.name = naive.name;  // names and descriptions differ by design
        flipped.description = naive.description;
        QCOMPARE(flipped.toJson().dump(), naive.toJson().dump());
    }

    void abPartnerOfOtherNetsIsUnchanged() {
        const ExperimentConfig spiral = loadExperiment("spiral-dropout");
        QVERIFY(!hasDropout(abPartner(spiral)));
        QVERIFY(hasDropout(abPartner(loadExperiment("spiral-no-dropout"))));
        const ExperimentConfig none = loadExperiment("sine-lstm-none");
        QVERIFY(!withFlippedRecurrentMasks(none));
    }

    void tabsHiddenWithoutSequences() {
        MainWindow w;
        w.loadExperiment(loadExperiment("spiral-dropout"));
        QVERIFY(!w.showView("Sequences"));
        QVERIFY(!w.showView("Masks over time"));
        w.loadExperiment(loadExperiment("sine-lstm-variational"));
        QVERIFY(w.showView("Masks over time"));
        QVERIFY(w.showView("Sequences"));
    }
};

QTEST_MAIN(SequenceViewsTest)
#include "test_sequence_views.moc"
