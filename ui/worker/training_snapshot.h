#pragma once
// What the worker publishes to the UI: an immutable picture of the run at one
// moment. The UI only ever reads snapshots, never the live model.
#include <QMetaType>

#include <memory>
#include <string>
#include <vector>

#include "base/matrix.h"
#include "core/inference/calibration.h"
#include "core/training/epoch_record.h"
#include "datasets/dataset.h"
#include "ui/worker/sequence_inspection.h"

namespace dl {

struct ImageEvalView;     // image_extras.h
struct FeatureMapSample;  // image_extras.h

/// The mask one dropout site drew in the last training step.
struct SiteMaskView {
    std::string id;
    std::string variant;
    double rate = 0.0;
    std::vector<int> shape;  ///< one sample's mask shape
    Matrix mask;             ///< [batch, prod(shape)] multipliers (0 = dropped)
};

/// One column of the network diagram: a layer's values for the displayed sample.
struct LayerActivity {
    std::string name;               ///< "input", "dense 1 (relu)", "output"
    std::vector<float> activation;  ///< the layer's output for the displayed sample
    std::vector<float> mask;        ///< multipliers of the site after it (empty: no site)
    std::string siteId;
    std::string note;  ///< sites inside the layer (recurrent input/recurrent/zoneout), if any
};

/// The model's answer over the view: a heat map for 2-D inputs, a curve for 1-D.
struct OutputView {
    int resolution = 0;  ///< 2-D: grid points per side (0: no grid)
    double xMin = -1.5, xMax = 1.5, yMin = -1.5, yMax = 1.5;
    Matrix probs;   ///< 2-D classification: resolution² × classes, row r·res + c, r from yMin up
    Matrix curveX;  ///< 1-D regression: n × 1
    Matrix curveY;  ///< 1-D regression: n × outputs (deterministic prediction)
};

/// MC dropout over the view: bands for 1-D regression, uncertainty maps for 2-D
/// classification. Sampled from a frozen copy of the weights at `step`.
struct UncertaintyView {
    int samples = 0;  ///< T (0: not computed)
    long step = -1;
    Matrix x;                       ///< 1-D: n × 1 inputs of the curve
    Matrix mean, std;               ///< 1-D: n × outputs
    std::vector<Matrix> functions;  ///< 1-D: a few individual passes (one function each)
    int resolution = 0;             ///< 2-D: grid points per side, same bounds as OutputView
    Eigen::VectorXf entropy, mutualInfo, winnerStd;  ///< 2-D: resolution² values
};

/// MC averaging against weight scaling on the test split, as T grows (2014 paper, Fig. 11).
struct McCurveView {
    std::vector<int> t;
    std::vector<double> mcAccuracy,
        mcNll;  ///< classification (accuracy) or regression (RMSE in mcAccuracy)
    double wsAccuracy = 0, wsNll = 0;
    std::vector<ReliabilityBin> mcBins,
        wsBins;  ///< reliability diagrams: MC at max T, weight scaling
    double mcEce = 0, wsEce = 0;
    double mcCoverage2 = 0;  ///< regression: fraction of test targets within the MC mean ± 2σ
    bool classification = true;
    long step = -1;
    int rows = 0;       ///< test samples measured: the first `rows` of the split
    int splitSize = 0;  ///< test samples in the whole split
    std::string error;  ///< non-empty when the computation failed
};

/// One published state of the training run.
struct TrainingSnapshot {
    long step = 0;  ///< completed steps
    int epoch = 0;  ///< completed epochs
    int plannedEpochs = 0;
    int stepInEpoch = 0;
    int stepsPerEpoch = 1;
    double lastBatchLoss = 0.0;
    double stepsPerSecond = 0.0;
    bool running = false;
    bool classification = true;
    int numClasses = 0;
    std::vector<EpochRecord> history;
    std::vector<SiteMaskView> masks;
    std::vector<LayerActivity> layers;
    OutputView output;
    std::shared_ptr<const UncertaintyView> uncertainty;
    std::shared_ptr<const McCurveView> mcCurve;
    std::shared_ptr<const SequenceInspection>
        sequence;                                    ///< "Sequences" tab (while it is on screen)
    std::shared_ptr<const DataSplit> data;           ///< shared, immutable for the life of a load
    std::shared_ptr<const ImageEvalView> imageEval;  ///< Images / Confusion tabs only
    std::shared_ptr<const FeatureMapSample> featureMaps;  ///< Feature maps tab only
    std::string error;  ///< non-empty when training stopped on an error (e.g. divergence)
    /// The loss stopped being finite: this is the last finite state, training is stopped and
    /// only Reset (or a new load) trains again; `error` says what happened and what to try.
    bool diverged = false;
};

using SnapshotPtr = std::shared_ptr<const TrainingSnapshot>;

}  // namespace dl

Q_DECLARE_METATYPE(dl::SnapshotPtr)
