#include "ui/worker/uncertainty_builder.h"

#include <cmath>
#include <optional>

#include "core/inference/calibration.h"
#include "core/inference/mc_inference.h"
#include "core/inference/model_precision.h"
#include "core/training/loss.h"
#include "core/training/trainer.h"

namespace dl {
namespace {

constexpr int kMcGrid = 48;  // coarser than the heat map: T passes per point cost T forwards
constexpr int kCurve = 240;
constexpr int kFunctions = 8;  // individual function samples drawn as thin lines

McOptions optionsFor(Trainer& trainer, int samples, int keep) {
    McOptions o;
    o.samples = samples;
    o.seed = trainer.config().seed;
    o.call = static_cast<std::uint64_t>(trainer.globalStep());
    o.sharing = maskSharingFromName(trainer.config().inference.sharing);
    o.keepPasses = keep;
    o.tauInverse = inverseModelPrecision(trainer.config().inference, trainer.network(),
                                         trainer.data().train.size());
    return o;
}

// mcPredict that gives up (empty) once `cancel` is set.
std::optional<McResult> predictUnlessCancelled(Network& net, const Matrix& x, McOptions o,
                                               bool classification,
                                               const std::atomic<bool>* cancel) {
    o.cancel = cancel;
    const std::vector<Matrix> passes = mcPasses(net, x, o, classification);
    if (int(passes.size()) < o.samples) return std::nullopt;
    return summarisePasses(passes, classification, o.tauInverse, o.keepPasses);
}

}  // namespace

std::shared_ptr<const UncertaintyView> computeUncertainty(Trainer& trainer,
                                                          const OutputView& bounds, int samples,
                                                          const std::atomic<bool>* cancel) {
    auto v = std::make_shared<UncertaintyView>();
    const Dataset& train = trainer.data().train;
    if (train.sampleShape.size() != 1 || samples < 1) return v;
    Network frozen = trainer.network();  // sampling never touches the live model
    const bool cls = train.isClassification();
    v->samples = samples;
    v->step = trainer.globalStep();
    if (train.sampleShape[0] == 1 && !cls) {
        v->x.resize(kCurve, 1);
        for (int i = 0; i < kCurve; ++i)
            v->x(i, 0) = float(bounds.xMin + (bounds.xMax - bounds.xMin) * i / (kCurve - 1));
        const auto r = predictUnlessCancelled(
            frozen, v->x, optionsFor(trainer, samples, kFunctions), false, cancel);
        if (!r) return nullptr;
        v->mean = r->mean;
        v->std = r->std;
        v->functions = r->passes;
    } else if (train.sampleShape[0] == 2 && cls) {
        v->resolution = kMcGrid;
        Matrix grid(kMcGrid * kMcGrid, 2);
        for (int r = 0; r < kMcGrid; ++r)
            for (int c = 0; c < kMcGrid; ++c) {
                grid(r * kMcGrid + c, 0) =
                    float(bounds.xMin + (bounds.xMax - bounds.xMin) * (c + 0.5) / kMcGrid);
                grid(r * kMcGrid + c, 1) =
                    float(bounds.yMin + (bounds.yMax - bounds.yMin) * (r + 0.5) / kMcGrid);
            }
        const auto r =
            predictUnlessCancelled(frozen, grid, optionsFor(trainer, samples, 0), true, cancel);
        if (!r) return nullptr;
        v->mean = r->mean;
        v->entropy = r->entropy;
        v->mutualInfo = r->mutualInfo;
        v->winnerStd = r->winnerStd;
    }
    return v;
}

std::shared_ptr<const McCurveView> computeMcCurve(Trainer& trainer, int maxT, int maxRows,
                                                  const std::atomic<bool>* cancel) {
    auto v = std::make_shared<McCurveView>();
    const Dataset& split = trainer.data().test;
    v->step = trainer.globalStep();
    if (split.size() == 0 || maxT < 1) {
        v->error = "This data set has no test split to measure on.";
        return v;
    }
    v->splitSize = split.size();
    v->rows = std::min(split.size(), std::max(1, maxRows));
    const Matrix x = split.x.topRows(v->rows), y = split.y.topRows(v->rows);
    Network frozen = trainer.network();
    const bool cls = split.isClassification();
    v->classification = cls;
    McOptions o = optionsFor(trainer, maxT, 0);
    o.cancel = cancel;
    std::vector<Matrix> passes = mcPasses(frozen, x, o, cls);
    if (int(passes.size()) < maxT) return nullptr;
    std::vector<Matrix> scratch;
    Matrix det =
        frozen.infer(x, PassContext{Mode::Eval, trainer.config().seed, 0, 0, false}, scratch);
    if (cls) {
        const auto ws = calibrateClassification(softmax(det), y);
        v->wsAccuracy = ws.accuracy;
        v->wsNll = ws.nll;
        v->wsEce = ws.ece;
        v->wsBins = ws.bins;
    } else {
        v->wsAccuracy = std::sqrt((det - y).squaredNorm() / double(det.size()));
    }
    Matrix sum = Matrix::Zero(x.rows(), passes[0].cols());
    for (int t = 0; t < maxT; ++t) {
        sum += passes[t];
        const Matrix mean = sum / float(t + 1);
        v->t.push_back(t + 1);
        if (!cls) {
            v->mcAccuracy.push_back(std::sqrt((mean - y).squaredNorm() / double(mean.size())));
            continue;
        }
        const auto c = calibrateClassification(mean, y);
        v->mcAccuracy.push_back(c.accuracy);
        v->mcNll.push_back(c.nll);
        if (t + 1 == maxT) {
            v->mcEce = c.ece;
            v->mcBins = c.bins;
        }
    }
    if (!cls) {  // how often the ±2σ band of the full MC predictive holds the target
        const McResult r = summarisePasses(passes, false, o.tauInverse, 0);
        v->mcCoverage2 = calibrateRegression(r.mean, r.std, y).coverage2;
    }
    return v;
}

}  // namespace dl
