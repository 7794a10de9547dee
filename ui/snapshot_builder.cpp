#include "snapshot_builder.h"

#include <algorithm>

#include "core/dense_layer.h"
#include "core/dropout_layer.h"
#include "core/loss.h"

namespace dl {
namespace {

constexpr int kGrid = 72;     // heat-map resolution: 5184 points, a few ms per refresh
constexpr int kCurve = 240;   // points on a 1-D regression curve

std::vector<float> rowOf(const Matrix& m, Eigen::Index r) {
    if (m.rows() <= r) return {};
    return std::vector<float>(m.row(r).data(), m.row(r).data() + m.cols());
}

void fillLayers(Trainer& trainer, TrainingSnapshot& s) {
    Network& net = trainer.network();
    const Matrix& input = net.activation(-1);
    if (input.rows() == 0) return;
    LayerActivity in{"input", rowOf(input, 0), {}, ""};
    s.layers.push_back(in);
    int dense = 0;
    for (int i = 0; i < net.layerCount(); ++i) {
        Layer& l = net.layer(i);
        if (auto* d = dynamic_cast<DropoutLayer*>(&l)) {
            if (!s.layers.empty()) {
                s.layers.back().mask = rowOf(d->lastMask(), 0);
                s.layers.back().siteId = d->spec().id;
            }
            continue;
        }
        const bool last = i == net.layerCount() - 1;
        std::string name = last ? "output" : l.kind() + " " + std::to_string(++dense);
        if (auto* dl = dynamic_cast<DenseLayer*>(&l); dl && !last)
            name += " (" + activationName(dl->activation()) + ")";
        s.layers.push_back({name, rowOf(net.activation(i), 0), {}, ""});
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

}  // namespace dl
