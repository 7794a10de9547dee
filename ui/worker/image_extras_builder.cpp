#include "ui/worker/image_extras_builder.h"

#include <algorithm>

#include "core/dropout/dropout_site.h"
#include "core/model/network.h"
#include "core/training/loss.h"
#include "core/training/trainer.h"

namespace dl {
namespace {

constexpr qint64 kEvalEveryMs = 1000;  // a forward pass over up to kEvalRows images

bool isImageData(const Dataset& d) {
    return d.isClassification() && d.isImage();
}

std::vector<float> rowOf(const Matrix& m, long r) {
    return std::vector<float>(m.row(r).data(), m.row(r).data() + m.cols());
}

// The class of batch row `sample` of the last step, from the rows the trainer batched.
int batchLabel(Trainer& trainer, const Matrix& input, int sample) {
    const std::vector<int>& rows = trainer.lastBatchRows();
    if (sample < 0 || sample >= int(rows.size())) return -1;
    const Dataset& train = trainer.data().train;
    const int row = rows[size_t(sample)];
    if (train.x.row(row) != input.row(sample)) return -1;  // not the row we think: say nothing
    return int(train.y(row, 0));
}

FeatureMapLayer mapLayer(Network& net, const ModelDescription& model, int i, int sample,
                         int convIndex, const std::map<std::string, std::string>& drawn) {
    const std::vector<int>& shape = model.layers[size_t(i)].outputShape;
    FeatureMapLayer l;
    l.name = "conv " + std::to_string(convIndex);
    l.channels = shape[0];
    l.height = shape[1];
    l.width = shape[2];
    l.values = rowOf(net.activation(i), sample);
    const bool dropoutNext =
        i + 1 < int(model.layers.size()) && model.layers[size_t(i) + 1].kind == LayerKind::Dropout;
    if (!dropoutNext) return l;
    const DropoutSite& d = *net.site(model.layers[size_t(i) + 1].siteIds.front());
    l.siteId = d.id();
    l.nextVariant = variantName(d.spec().variant);
    const auto it = drawn.find(l.siteId);
    l.variant = it != drawn.end() ? it->second : l.nextVariant;
    l.rate = d.rate();
    l.blockSize = d.spec().blockSize;
    const Matrix& m = d.lastMask();
    if (m.rows() > sample && m.cols() == long(l.values.size())) l.mask = rowOf(m, sample);
    return l;
}

}  // namespace

bool isImageExperiment(const ExperimentConfig& config) {
    const DataTraits d = dataTraits(config.dataset);
    return d.images && !d.regression;
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
    const ModelDescription model = net.describe();
    int convs = 0;
    for (int i : model.indicesOf(LayerKind::Conv2D))
        v->layers.push_back(mapLayer(net, model, i, v->sample, ++convs, drawnVariants));
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
