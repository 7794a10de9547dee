#include "core/dropout/dropout_layer.h"

#include <cmath>

#include "base/counter_rng.h"
#include "core/dropout/recurrent_masks.h"
#include "core/dropout/spatial_masks.h"
#include "core/kernels/parallel_rows.h"

namespace dl {

DropoutLayer::DropoutLayer(DropoutSpec spec, std::uint32_t siteIndex, std::vector<int> shape)
    : site_(std::move(spec), siteIndex, shape), shape_(std::move(shape)) {}

namespace {

// Rows per task of the element-wise work: about 2·10⁵ values, so tasks stay cache-sized.
long maskGrain(long rows, long cols) {
    return grainFor(rows, 8.0 * double(cols), 2.0e5);
}

}  // namespace

DropoutLayer::MaskDraw DropoutLayer::maskDraw(const PassContext& ctx) const {
    const DropoutSpec& spec = site_.spec();
    const float rate = static_cast<float>(spec.rate);
    const Purpose purpose = ctx.mode == Mode::MonteCarlo ? Purpose::McMask : Purpose::Mask;
    return {CounterRng(ctx.seed, purpose, site_.index(), ctx.step), rate,
            spec.scaling == Scaling::Inverted ? 1.0f / (1.0f - rate) : 1.0f,
            std::sqrt(double(rate) / (1.0 - rate))};
}

void DropoutLayer::maskRow(const MaskDraw& d, std::uint32_t sample, float* m) const {
    const long cols = shapeSize(shape_);
    switch (site_.spec().variant) {
        case Variant::Channel:
            channelMaskRow(d.rng, sample, mapDims(shape_), d.rate, d.keepScale, m);
            break;
        case Variant::Block:
            blockMaskRow(d.rng, sample, mapDims(shape_), d.rate, site_.spec().blockSize, m);
            break;
        case Variant::Gaussian:
            for (long c = 0; c < cols; ++c)
                m[c] = static_cast<float>(1.0 + d.sigma * d.rng.normal(sample, c));
            break;
        case Variant::Variational:  // sequences {T, units}: one draw per unit
            variationalMaskRow(d.rng, sample, shape_[0], int(cols / shape_[0]), d.rate, d.keepScale,
                               m);
            break;
        case Variant::Naive:    // the config never puts naive or zoneout on a dropout
        case Variant::Zoneout:  // layer; drawn per value (element) if it did
        case Variant::Element:
            d.rng.fillMask(sample, m, static_cast<std::uint32_t>(cols), d.rate, d.keepScale);
            break;
    }
}

void DropoutLayer::drawMask(Matrix& mask, long rows, const PassContext& ctx) const {
    const long cols = shapeSize(shape_);
    mask.resize(rows, cols);
    if (site_.spec().rate == 0.0) {
        mask.setOnes();
        return;
    }
    const MaskDraw d = maskDraw(ctx);
    parallelRows(rows, maskGrain(rows, cols), [&](long r0, long r1) {
        for (long r = r0; r < r1; ++r) maskRow(d, maskSample(ctx, r), mask.row(r).data());
    });
}

void DropoutLayer::forward(const Matrix& in, Matrix& out, const PassContext& ctx) {
    const float rate = static_cast<float>(site_.spec().rate);
    if (ctx.mode == Mode::Eval || rate == 0.0f) {
        // Classic scaling applies to the Bernoulli variants that honour it; block renormalises.
        const Variant v = site_.spec().variant;
        const bool classic =
            site_.spec().scaling == Scaling::Classic &&
            (v == Variant::Element || v == Variant::Channel || v == Variant::Variational);
        if (ctx.mode == Mode::Eval && classic)
            out = in * (1.0f - rate);
        else
            out = in;
        if (ctx.mode == Mode::Train) site_.lastMaskRef().setOnes(in.rows(), in.cols());
        return;
    }
    if (site_.spec().variant == Variant::Channel) return forwardChannels(in, out, ctx);
    // Each row's mask is drawn and applied in one go, while it is in cache. Training keeps the
    // mask (backward, display); Monte-Carlo passes draw into a per-thread row and keep nothing.
    Matrix* mask = ctx.mode == Mode::Train ? &site_.lastMaskRef() : nullptr;
    if (mask) mask->resize(in.rows(), in.cols());
    out.resize(in.rows(), in.cols());
    const MaskDraw d = maskDraw(ctx);
    parallelRows(in.rows(), maskGrain(in.rows(), in.cols()), [&](long r0, long r1) {
        Eigen::RowVectorXf& scratch = rowScratch_.local();
        if (!mask) scratch.resize(in.cols());
        for (long r = r0; r < r1; ++r) {
            float* m = mask ? mask->row(r).data() : scratch.data();
            maskRow(d, maskSample(ctx, r), m);
            out.row(r).array() =
                in.row(r).array() * Eigen::Map<const Eigen::RowVectorXf>(m, in.cols()).array();
        }
    });
}

// Channel dropout keeps one multiplier per (sample, channel) and scales whole maps: the same
// products as a full mask, without writing and re-reading a mask the size of the maps.
// Training draws and keeps them all first (keepChannelScales); Monte-Carlo passes draw each
// row's into a per-thread scratch row and keep nothing.
void DropoutLayer::forwardChannels(const Matrix& in, Matrix& out, const PassContext& ctx) {
    const MapDims dims = mapDims(shape_);
    const Matrix* kept = keepChannelScales(in.rows(), ctx);
    out.resize(in.rows(), in.cols());
    const MaskDraw d = maskDraw(ctx);
    parallelRows(in.rows(), maskGrain(in.rows(), in.cols()), [&](long r0, long r1) {
        Eigen::RowVectorXf& scratch = rowScratch_.local();
        if (!kept) scratch.resize(dims.channels);
        for (long r = r0; r < r1; ++r) {
            const float* s = kept ? kept->row(r).data() : scratch.data();
            if (!kept)
                channelScales(d.rng, maskSample(ctx, r), dims.channels, d.rate, d.keepScale,
                              scratch.data());
            scaleMaps(in.row(r).data(), s, dims, out.row(r).data());
        }
    });
}

const Matrix* DropoutLayer::keepChannelScales(long rows, const PassContext& ctx) {
    if (ctx.mode != Mode::Train || site_.spec().variant != Variant::Channel ||
        site_.spec().rate == 0.0)
        return nullptr;
    const MapDims dims = mapDims(shape_);
    Matrix& scales = site_.compactMaskRef(dims.positions());
    scales.resize(rows, dims.channels);
    const MaskDraw d = maskDraw(ctx);
    for (long r = 0; r < rows; ++r)  // a few draws per row: not worth splitting over threads
        channelScales(d.rng, maskSample(ctx, r), dims.channels, d.rate, d.keepScale,
                      scales.row(r).data());
    return &scales;
}

void DropoutLayer::backward(const Matrix& in, const Matrix& out, const Matrix& dOut, Matrix* dIn) {
    if (!dIn) return;
    const Matrix* scales = site_.compactMask();
    const MapDims dims = mapDims(shape_);
    if (scales && scales->rows() == dOut.rows() &&
        scales->cols() * dims.positions() == dOut.cols()) {
        dIn->resize(dOut.rows(), dOut.cols());
        parallelRows(dOut.rows(), maskGrain(dOut.rows(), dOut.cols()), [&](long r0, long r1) {
            for (long r = r0; r < r1; ++r)
                scaleMaps(dOut.row(r).data(), scales->row(r).data(), dims, dIn->row(r).data());
        });
        return;
    }
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
