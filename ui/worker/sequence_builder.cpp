#include "ui/worker/sequence_builder.h"

#include <algorithm>

#include "core/training/loss.h"
#include "core/training/trainer.h"
#include "datasets/dataset_factory.h"

namespace dl {

Matrix trueContinuation(const ExperimentConfig& config, const Dataset& val, int horizon) {
    if (!val.isSequence() || val.isClassification() || val.sampleShape[1] != 1) return {};
    const int T = val.sampleShape[0];
    DatasetSpec longer = config.dataset;
    longer.length = T + horizon;
    Dataset ext;
    try {
        ext = loadDataSplit(longer, config.seed).val;
    } catch (const std::exception&) {
        return {};
    }
    // Only trust the longer data when it is the same sequences, merely extended.
    if (ext.x.rows() != val.x.rows() || ext.x.cols() != T + horizon) return {};
    if (ext.x.leftCols(T) != val.x || ext.x.col(T) != val.y.col(0)) return {};
    Matrix truth = ext.x.rightCols(horizon);
    return truth;
}

namespace {

void fillForecast(Trainer& trainer, const Matrix& row, int horizon, SequenceInspection& s) {
    Matrix window = row;
    const int T = s.timesteps;
    for (int k = 0; k < horizon; ++k) {
        const float next = k == 0 ? s.prediction[0] : trainer.predict(window)(0, 0);
        s.rollout.push_back(next);
        // Closed loop: drop the oldest value, append the model's own forecast.
        for (int t = 0; t + 1 < T; ++t) window(0, t) = window(0, t + 1);
        window(0, T - 1) = next;
    }
}

}  // namespace

std::shared_ptr<const SequenceInspection> inspectSequence(Trainer& trainer, int index, int horizon,
                                                          const Matrix& truth) {
    const Dataset& val = trainer.data().val;
    auto s = std::make_shared<SequenceInspection>();
    s->step = trainer.globalStep();
    s->count = val.size();
    if (!val.isSequence() || val.size() == 0) return s;
    s->index = std::clamp(index, 0, val.size() - 1);
    s->timesteps = val.sampleShape[0];
    s->features = val.sampleShape[1];
    s->classification = val.isClassification();
    s->classNames = val.classNames;
    const Matrix row = val.x.row(s->index);
    s->inputs.assign(row.data(), row.data() + row.size());
    s->target.assign(val.y.row(s->index).data(), val.y.row(s->index).data() + val.y.cols());
    Matrix out = trainer.predict(row);
    if (s->classification) out = softmax(out);
    s->prediction.assign(out.data(), out.data() + out.size());
    const bool forecast =
        !s->classification && s->features == 1 && out.cols() == 1 && trainer.standardizer().empty();
    if (forecast && horizon > 0) fillForecast(trainer, row, horizon, *s);
    if (forecast && truth.rows() == val.size() && truth.cols() >= horizon)
        s->truth.assign(truth.row(s->index).data(), truth.row(s->index).data() + horizon);
    return s;
}

}  // namespace dl
