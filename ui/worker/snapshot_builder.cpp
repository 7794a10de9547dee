#include "ui/worker/snapshot_builder.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/dropout/dropout_site.h"
#include "core/model/network.h"
#include "core/training/loss.h"
#include "core/training/trainer.h"
#include "ui/worker/image_extras.h"

namespace dl {
namespace {

constexpr int kGrid = 72;    // heat-map resolution: 5184 points, a few ms per refresh
constexpr int kCurve = 240;  // points on a 1-D regression curve

std::vector<float> rowOf(const Matrix& m, Eigen::Index r) {
    if (m.rows() <= r) return {};
    return std::vector<float>(m.row(r).data(), m.row(r).data() + m.cols());
}

// The diagram's column title of a layer kind.
std::string shortKind(LayerKind kind) {
    switch (kind) {
        case LayerKind::Conv2D:
            return "conv";
        case LayerKind::MaxPool2D:
            return "max pool";
        case LayerKind::AvgPool2D:
            return "avg pool";
        case LayerKind::GlobalAvgPool:
            return "global avg";
        default:
            return std::string(kindName(kind));
    }
}

// The sites inside a recurrent layer have no column of their own: describe them in a note.
std::string innerSitesNote(Network& net, const LayerDescription& l) {
    std::string note;
    for (const std::string& id : l.siteIds) {
        const DropoutSite* site = net.site(id);
        if (!note.empty()) note += " · ";
        const auto dash = id.rfind('-');
        note += (dash == std::string::npos ? id : id.substr(dash + 1)) + " " +
                variantName(site->spec().variant) + " " + std::to_string(site->rate()).substr(0, 4);
    }
    return note;
}

void fillLayers(Trainer& trainer, TrainingSnapshot& s) {
    Network& net = trainer.network();
    const Matrix& input = net.activation(-1);
    if (input.rows() == 0) return;
    s.layers.push_back({"input", rowOf(input, 0), {}, "", ""});
    std::map<std::string, int> counts;
    const ModelDescription model = net.describe();
    for (const LayerDescription& l : model.layers) {
        // A dropout layer marks the column before it with its mask rather than adding one.
        if (l.isDropout()) {
            DropoutSite* site = net.site(l.siteIds.front());
            s.layers.back().mask = rowOf(site->lastMask(), 0);
            s.layers.back().siteId = site->id();
            continue;
        }
        const bool last = l.index == int(model.layers.size()) - 1;
        const std::string kind = shortKind(l.kind);
        std::string name = last ? "output" : kind + " " + std::to_string(++counts[kind]);
        if (l.kind == LayerKind::Dense && l.activation && !last)
            name += " (" + activationName(*l.activation) + ")";
        s.layers.push_back(
            {name, rowOf(net.activation(l.index), 0), {}, "", innerSitesNote(net, l)});
    }
}

}  // namespace

void dataBounds(const Dataset& d, OutputView& v) {
    if (d.size() == 0 || d.x.cols() < 1) return;
    auto x = d.x.col(0);
    double lo = x.minCoeff(), hi = x.maxCoeff();
    double m = 0.1 * std::max(1e-3, hi - lo);
    v.xMin = lo - m;
    v.xMax = hi + m;
    if (d.x.cols() >= 2) {
        auto y = d.x.col(1);
        lo = y.minCoeff();
        hi = y.maxCoeff();
        m = 0.1 * std::max(1e-3, hi - lo);
        v.yMin = lo - m;
        v.yMax = hi + m;
    }
}

void computeOutputView(Trainer& trainer, OutputView& v) {
    const Dataset& train = trainer.data().train;
    const auto& shape = train.sampleShape;
    if (shape.size() != 1) return;
    if (shape[0] == 2 && train.isClassification()) {
        v.resolution = kGrid;
        Matrix grid(kGrid * kGrid, 2);
        for (int r = 0; r < kGrid; ++r)
            for (int c = 0; c < kGrid; ++c) {
                grid(r * kGrid + c, 0) = float(v.xMin + (v.xMax - v.xMin) * (c + 0.5) / kGrid);
                grid(r * kGrid + c, 1) = float(v.yMin + (v.yMax - v.yMin) * (r + 0.5) / kGrid);
            }
        v.probs = softmax(trainer.predict(grid));
    } else if (shape[0] == 1 && !train.isClassification()) {
        v.curveX.resize(kCurve, 1);
        for (int i = 0; i < kCurve; ++i)
            v.curveX(i, 0) = float(v.xMin + (v.xMax - v.xMin) * i / (kCurve - 1));
        v.curveY = trainer.predict(v.curveX);
    }
}

void fillSnapshot(Trainer& trainer, TrainingSnapshot& s, bool withOutput) {
    s.step = trainer.globalStep();
    s.epoch = trainer.epoch();
    s.plannedEpochs = trainer.config().training.epochs;
    s.stepInEpoch = trainer.stepInEpoch();
    s.stepsPerEpoch = trainer.stepsPerEpoch();
    s.classification = trainer.classification();
    s.numClasses = trainer.data().train.numClasses;
    s.history = trainer.history();
    for (DropoutSite* site : trainer.network().sites())
        s.masks.push_back({site->id(), variantName(site->spec().variant), site->rate(),
                           site->maskShape(), site->lastMask()});
    fillLayers(trainer, s);
    if (withOutput) computeOutputView(trainer, s.output);
}

namespace {

bool finite(double v) {
    return std::isfinite(v);
}
bool finite(const std::vector<float>& v) {
    return std::all_of(v.begin(), v.end(), [](float x) { return std::isfinite(x); });
}
bool finite(const std::vector<double>& v) {
    return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}
template <typename Derived>
bool finite(const Eigen::DenseBase<Derived>& m) {
    return m.size() == 0 || m.allFinite();
}

bool finite(const SplitMetrics& m) {
    return finite(m.loss) && finite(m.accuracy);
}

bool historyFinite(const std::vector<EpochRecord>& history) {
    for (const EpochRecord& r : history) {
        if (!finite(r.train) || !finite(r.val) || !finite(r.trainBatchLoss)) return false;
        for (const auto& [id, rate] : r.rates)
            if (!finite(rate)) return false;
    }
    return true;
}

bool uncertaintyFinite(const UncertaintyView& u) {
    for (const Matrix& f : u.functions)
        if (!finite(f)) return false;
    return finite(u.mean) && finite(u.std) && finite(u.entropy) && finite(u.mutualInfo) &&
           finite(u.winnerStd);
}

bool mcCurveFinite(const McCurveView& c) {
    return finite(c.mcAccuracy) && finite(c.mcNll) && finite(c.wsAccuracy) && finite(c.wsNll) &&
           finite(c.mcEce) && finite(c.wsEce) && finite(c.mcCoverage2);
}

bool extrasFinite(const TrainingSnapshot& s) {
    if (s.uncertainty && !uncertaintyFinite(*s.uncertainty)) return false;
    if (s.mcCurve && !mcCurveFinite(*s.mcCurve)) return false;
    if (s.sequence && !(finite(s.sequence->prediction) && finite(s.sequence->rollout)))
        return false;
    if (s.imageEval && !finite(s.imageEval->confidence)) return false;
    if (s.featureMaps)
        for (const FeatureMapLayer& l : s.featureMaps->layers)
            if (!finite(l.values) || !finite(l.mask)) return false;
    return true;
}

}  // namespace

bool snapshotFinite(const TrainingSnapshot& s) {
    if (!finite(s.lastBatchLoss) || !historyFinite(s.history)) return false;
    for (const SiteMaskView& m : s.masks)
        if (!finite(m.rate) || !finite(m.mask)) return false;
    for (const LayerActivity& l : s.layers)
        if (!finite(l.activation) || !finite(l.mask)) return false;
    return finite(s.output.probs) && finite(s.output.curveY) && extrasFinite(s);
}

}  // namespace dl
