#include "image_extras_builder.h"

#include <algorithm>

#include "core/conv2d_layer.h"
#include "core/dropout_layer.h"
#include "core/loss.h"

namespace dl {
namespace {

constexpr qint64 kEvalEveryMs = 1000;  // a forward pass over up to kEvalRows images

bool isImageData(const Dataset& d) {
    return d.isClassification() && d.sampleShape.size() == 3;
}

std::vector<float> rowOf(const Matrix& m, long r) {
    return std::vector<float>(m.row(r).data(), m.row(r).data() + m.cols());
}

// The class of batch row `sample` of the last step: the trainer's batches are slices of
// epochOrder (a pure function), so the row is found again without touching the trainer.
int batchLabel(Trainer& trainer, const Matrix& input, int sample) {
    const Dataset& train = trainer.data().train;
    const long last = trainer.globalStep() - 1;
    const int perEpoch = std::max(1, trainer.stepsPerEpoch());
    if (last < 0) return -1;
    const auto order = epochOrder(train.size(), trainer.config().seed, int(last / perEpoch));
    const long at = (last % perEpoch) * trainer.config().training.batchSize + sample;
    if (at >= long(order.size())) return -1;
    const int row = order[size_t(at)];
    if (train.x.row(row) != input.row(sample)) return -1;  // not the row we think: say nothing
    return int(train.y(row, 0));
}

FeatureMapLayer mapLayer(Network& net, int i, int sample, int convIndex,
                         const std::map<std::string, std::string>& drawn) {
    auto& conv = static_cast<Conv2DLayer&>(net.layer(i));
    const std::vector<int> shape = conv.outputShape();
    FeatureMapLayer l;
    l.name = "conv " + std::to_string(convIndex);
    l.channels = shape[0];
    l.height = shape[1];
    l.width = shape[2];
    l.values = rowOf(net.activation(i), sample);
    auto* d = i + 1 < net.layerCount() ? dynamic_cast<DropoutLayer*>(&net.layer(i + 1)) : nullptr;
    if (!d) return l;
    l.siteId = d->spec().id;
    l.nextVariant = variantName(d->spec().variant);
    const auto it = drawn.find(l.siteId);
    l.variant = it != drawn.end() ? it->second : l.nextVariant;
    l.rate = d->rate();
    l.blockSize = d->spec().blockSize;
    const Matrix& m = d->lastMask();
    if (m.rows() > sample && m.cols() == long(l.values.size())) l.mask = rowOf(m, sample);
    return l;
}

}  // namespace

bool isImageExperiment(const ExperimentConfig& config) {
    const std::string& k = config.dataset.kind;
    return k == "shapes" || k == "fashion-mnist" || k == "idx";
}

bool hasConvLayers(const ExperimentConfig& config) {
    return isImageExperiment(config) &&
           std::any_of(config.layers.begin(), config.layers.end(),
                       [](const LayerSpec& l) { return l.type == "conv2d"; });
}

std::shared_ptr<const ImageEvalView> computeImageEval(Trainer& trainer, int maxRows) {
    const Dataset& val = trainer.data().val;
    if (!isImageData(val) || val.size() == 0) return nullptr;
    auto v = std::make_shared<ImageEvalView>();
    const int n = std::min(maxRows, val.size());
    const int k = val.numClasses;
    v->step = trainer.globalStep();
    v->splitSize = val.size();
    v->numClasses = k;
    v->confusion.assign(size_t(k * k), 0);
    const Matrix probs = softmax(trainer.predict(val.x.topRows(n)));
    for (int r = 0; r < n; ++r) {
        Eigen::Index best = 0;
        const float p = probs.row(r).maxCoeff(&best);
        const int truth = int(val.y(r, 0));
        v->rows.push_back(r);
        v->truth.push_back(truth);
        v->predicted.push_back(int(best));
        v->confidence.push_back(p);
        v->correct += truth == int(best);
        ++v->confusion[size_t(truth * k + int(best))];
    }
    return v;
}

std::shared_ptr<const FeatureMapSample> computeFeatureMaps(
    Trainer& trainer, int sample, const std::map<std::string, std::string>& drawnVariants) {
    Network& net = trainer.network();
    const Matrix& input = net.activation(-1);
    if (input.rows() == 0 || net.inputShape().size() != 3) return nullptr;
    auto v = std::make_shared<FeatureMapSample>();
    v->step = trainer.globalStep();
    v->batchRows = int(input.rows());
    v->sample = std::clamp(sample, 0, v->batchRows - 1);
    v->inputShape = net.inputShape();
    v->input = rowOf(input, v->sample);
    v->label = batchLabel(trainer, input, v->sample);
    int convs = 0;
    for (int i = 0; i < net.layerCount(); ++i)
        if (dynamic_cast<Conv2DLayer*>(&net.layer(i)))
            v->layers.push_back(mapLayer(net, i, v->sample, ++convs, drawnVariants));
    return v;
}

void ImageExtras::reset() {
    evalView_.reset();
    clock_.invalidate();
    variantsStep_ = -1;
    drawnVariants_.clear();
}

void ImageExtras::noteVariants(Trainer& trainer) {
    if (trainer.globalStep() == variantsStep_) return;  // a change since then is not drawn yet
    variantsStep_ = trainer.globalStep();
    drawnVariants_.clear();
    for (DropoutSite* s : trainer.network().sites())
        drawnVariants_[s->id()] = variantName(s->spec().variant);
}

void ImageExtras::fill(Trainer& trainer, TrainingSnapshot& s, bool running) {
    noteVariants(trainer);
    if (eval_) {
        const bool stale = !evalView_ || evalView_->step != trainer.globalStep();
        const bool due = !running || !clock_.isValid() || clock_.elapsed() >= kEvalEveryMs;
        if (stale && due) {
            evalView_ = computeImageEval(trainer, kEvalRows);
            clock_.restart();
        }
        s.imageEval = evalView_;
    }
    if (maps_) s.featureMaps = computeFeatureMaps(trainer, sample_, drawnVariants_);
}

}  // namespace dl
