#include "core/dropout/concrete_dropout_layer.h"

#include <algorithm>
#include <cmath>

#include "base/counter_rng.h"
#include "core/dropout/dropout_layer.h"
#include "core/kernels/parallel_rows.h"

namespace dl {
namespace {

double sigmoid(double x) {
    return 1.0 / (1.0 + std::exp(-x));
}

}  // namespace

ConcreteDropoutLayer::ConcreteDropoutLayer(DropoutSpec spec, std::uint32_t siteIndex,
                                           std::vector<int> shape)
    : site_(spec, siteIndex, shape), shape_(std::move(shape)) {
    logit_ = {"logit", Matrix::Zero(1, 1), Matrix::Zero(1, 1), false};
    resetRate(spec.rate);
}

void ConcreteDropoutLayer::resetRate(double rate) {
    const double p = std::clamp(rate, 1e-4, 0.99);
    logit_.value(0, 0) = float(std::log(p / (1.0 - p)));
    syncRate();
}

std::unique_ptr<Layer> ConcreteDropoutLayer::clone() const {
    return std::make_unique<ConcreteDropoutLayer>(*this);
}

double ConcreteDropoutLayer::learnedRate() const {
    return sigmoid(logit_.value(0, 0));
}

void ConcreteDropoutLayer::drawRelaxed(const PassContext& ctx, long rows, Matrix& z,
                                       Matrix& mask) const {
    const long cols = shapeSize(shape_);
    z.resize(rows, cols);
    mask.resize(rows, cols);
    const double theta = logit_.value(0, 0), p = sigmoid(theta);
    const float invT = float(1.0 / site_.spec().temperature), keep = float(1.0 / (1.0 - p));
    Purpose purpose = ctx.mode == Mode::MonteCarlo ? Purpose::McMask : Purpose::Mask;
    CounterRng rng(ctx.seed, purpose, site_.index(), ctx.step);
    parallelRows(rows, grainFor(rows, 30.0 * cols, 2.0e5), [&](long r0, long r1) {
        for (long r = r0; r < r1; ++r) {
            float* zr = z.row(r).data();
            rng.fillUniform(maskSample(ctx, r), zr, std::uint32_t(cols));
            for (long c = 0; c < cols; ++c) {
                const float u = std::clamp(zr[c], 1e-7f, 1.0f - 1e-7f);
                const float a = (float(theta) + std::log(u) - std::log1p(-u)) * invT;
                zr[c] = 1.0f / (1.0f + std::exp(-a));
                mask(r, c) = (1.0f - zr[c]) * keep;
            }
        }
    });
}

void ConcreteDropoutLayer::forward(const Matrix& in, Matrix& out, const PassContext& ctx) {
    if (ctx.mode == Mode::Eval) {
        out = in;
        return;
    }
    const bool train = ctx.mode == Mode::Train;
    Matrix& z = train ? z_ : mcZ_;
    Matrix& mask = train ? site_.lastMaskRef() : mcMask_;
    drawRelaxed(ctx, in.rows(), z, mask);
    if (train) syncRate();
    out = (in.array() * mask.array()).matrix();
}

void ConcreteDropoutLayer::backward(const Matrix& in, const Matrix& out, const Matrix& dOut,
                                    Matrix* dIn) {
    const Matrix& mask = site_.lastMask();
    if (dIn) *dIn = (dOut.array() * mask.array()).matrix();
    // dmask/dθ = −z(1−z)/(t(1−p)) + (1−z)·p/(1−p), through the relaxed sample.
    const double p = learnedRate(), t = site_.spec().temperature;
    auto z = z_.array();
    Matrix dm =
        (-(z * (1.0f - z)) / float(t * (1.0 - p)) + (1.0f - z) * float(p / (1.0 - p))).matrix();
    double g = 0.0;
    for (Eigen::Index r = 0; r < dOut.rows(); ++r)
        g += (dOut.row(r).array() * in.row(r).array() * dm.row(r).array()).cast<double>().sum();
    logit_.grad(0, 0) = float(g);
}

void ConcreteDropoutLayer::regularize(Param& nextWeight, int trainSize) {
    const DropoutSpec& s = site_.spec();
    const double n = std::max(1, trainSize), p = learnedRate(), theta = logit_.value(0, 0);
    const double wr =
        s.weightRegularizer >= 0 ? s.weightRegularizer : s.lengthScale * s.lengthScale / n;
    const double dr = s.dropoutRegularizer >= 0 ? s.dropoutRegularizer : 2.0 / n;
    const double k = shapeSize(shape_);
    const double w2 = nextWeight.value.cast<double>().squaredNorm();
    nextWeight.grad += nextWeight.value * float(2.0 * wr / (1.0 - p));
    logit_.grad(0, 0) += float(wr * w2 * p / (1.0 - p) + dr * k * theta * p * (1.0 - p));
}

double ConcreteDropoutLayer::regularizerValue(const Param& nextWeight, int trainSize) const {
    const DropoutSpec& s = site_.spec();
    const double n = std::max(1, trainSize), p = learnedRate();
    const double wr =
        s.weightRegularizer >= 0 ? s.weightRegularizer : s.lengthScale * s.lengthScale / n;
    const double dr = s.dropoutRegularizer >= 0 ? s.dropoutRegularizer : 2.0 / n;
    const double w2 = nextWeight.value.cast<double>().squaredNorm();
    return wr * w2 / (1.0 - p) +
           dr * shapeSize(shape_) * (p * std::log(p) + (1 - p) * std::log(1 - p));
}

std::unique_ptr<Layer> makeSiteLayer(const DropoutSpec& spec, std::uint32_t siteIndex,
                                     const std::vector<int>& shape) {
    if (spec.variant == Variant::Concrete)
        return std::make_unique<ConcreteDropoutLayer>(spec, siteIndex, shape);
    return std::make_unique<DropoutLayer>(spec, siteIndex, shape);
}

}  // namespace dl
