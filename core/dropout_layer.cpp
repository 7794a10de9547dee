#include "dropout_layer.h"

#include <cmath>

#include "counter_rng.h"
#include "parallel_rows.h"
#include "recurrent_masks.h"
#include "spatial_masks.h"

namespace dl {

DropoutLayer::DropoutLayer(DropoutSpec spec, std::uint32_t siteIndex, std::vector<int> shape)
    : site_(std::move(spec), siteIndex, shape), shape_(std::move(shape)) {}

void DropoutLayer::drawMask(Matrix& mask, long rows, const PassContext& ctx) const {
    const long cols = shapeSize(shape_);
    mask.resize(rows, cols);
    const float rate = static_cast<float>(site_.spec().rate);
    if (rate == 0.0f) {
        mask.setOnes();
        return;
    }
    Purpose purpose = ctx.mode == Mode::MonteCarlo ? Purpose::McMask : Purpose::Mask;
    CounterRng rng(ctx.seed, purpose, site_.index(), ctx.step);
    const Variant variant = site_.spec().variant;
    const float keepScale = site_.spec().scaling == Scaling::Inverted ? 1.0f / (1.0f - rate) : 1.0f;
    const double sigma = std::sqrt(double(rate) / (1.0 - rate));
    const MapDims dims = mapDims(shape_);
    parallelRows(rows, grainFor(rows, 8.0 * cols, 2.0e5), [&](long r0, long r1) {
        for (long r = r0; r < r1; ++r) {
            float* m = mask.row(r).data();
            const auto sample = maskSample(ctx, r);
            switch (variant) {
                case Variant::Channel:
                    channelMaskRow(rng, sample, dims, rate, keepScale, m);
                    break;
                case Variant::Block:
                    blockMaskRow(rng, sample, dims, rate, site_.spec().blockSize, m);
                    break;
                case Variant::Gaussian:
                    for (long c = 0; c < cols; ++c)
                        m[c] = static_cast<float>(1.0 + sigma * rng.normal(sample, c));
                    break;
                case Variant::Variational:  // sequences {T, units}: one draw per unit
                    variationalMaskRow(rng, sample, shape_[0], int(cols / shape_[0]), rate,
                                       keepScale, m);
                    break;
                case Variant::Naive:    // the config never puts naive or zoneout on a dropout
                case Variant::Zoneout:  // layer; drawn per value (element) if it did
                case Variant::Element:
                    rng.fillUniform(sample, m, static_cast<std::uint32_t>(cols));
                    for (long c = 0; c < cols; ++c) m[c] = m[c] >= rate ? keepScale : 0.0f;
                    break;
            }
        }
    });
}

void DropoutLayer::forward(const Matrix& in, Matrix& out, const PassContext& ctx) {
    const float rate = static_cast<float>(site_.spec().rate);
    if (ctx.mode == Mode::Eval || rate == 0.0f) {
        // Classic scaling applies to the Bernoulli variants that honour it; block renormalises.
        const Variant v = site_.spec().variant;
        const bool classic = site_.spec().scaling == Scaling::Classic &&
                             (v == Variant::Element || v == Variant::Channel ||
                              v == Variant::Variational);
        if (ctx.mode == Mode::Eval && classic)
            out = in * (1.0f - rate);
        else
            out = in;
        if (ctx.mode == Mode::Train) site_.lastMaskRef().setOnes(in.rows(), in.cols());
        return;
    }
    Matrix& mask = ctx.mode == Mode::Train ? site_.lastMaskRef() : mcMask_;
    drawMask(mask, in.rows(), ctx);
    out.resize(in.rows(), in.cols());
    parallelRows(in.rows(), grainFor(in.rows(), double(in.cols()), 2.0e5), [&](long r0, long r1) {
        out.middleRows(r0, r1 - r0).array() =
            in.middleRows(r0, r1 - r0).array() * mask.middleRows(r0, r1 - r0).array();
    });
}

void DropoutLayer::backward(const Matrix& in, const Matrix& out, const Matrix& dOut, Matrix* dIn) {
    if (!dIn) return;
    const Matrix& mask = site_.lastMask();
    if (mask.rows() != dOut.rows() || mask.cols() != dOut.cols()) {
        *dIn = dOut;  // rate 0 or eval pass: identity
        return;
    }
    dIn->resize(dOut.rows(), dOut.cols());
    parallelRows(
        dOut.rows(), grainFor(dOut.rows(), double(dOut.cols()), 2.0e5), [&](long r0, long r1) {
            dIn->middleRows(r0, r1 - r0).array() =
                dOut.middleRows(r0, r1 - r0).array() * mask.middleRows(r0, r1 - r0).array();
        });
}

}  // namespace dl
