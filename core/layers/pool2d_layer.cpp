#include "core/layers/pool2d_layer.h"

#include <algorithm>
#include <stdexcept>

#include "core/dropout/spatial_masks.h"
#include "core/kernels/parallel_rows.h"

namespace dl {

Pool2DLayer::Pool2DLayer(PoolKind kind, ConvGeometry geometry) : kind_(kind), geom_(geometry) {
    if (geom_.padding != 0 || !geom_.fits())
        throw std::invalid_argument("Pool2DLayer: the window must fit the input, without padding");
}

std::vector<int> Pool2DLayer::outputShape() const {
    return {geom_.channels, geom_.outHeight(), geom_.outWidth()};
}

void Pool2DLayer::maxRow(const float* in, float* out, std::int32_t* argmax, const float* scales) {
    const int ho = geom_.outHeight(), wo = geom_.outWidth(), k = geom_.kernel;
    if (k == 2 && geom_.stride == 2 && geom_.width % 2 == 0) {
        max2x2Row(in, out, argmax, scales);
        return;
    }
    for (int c = 0; c < geom_.channels; ++c) {
        const int base = c * geom_.inPositions();
        // Values are compared as the layer before would have written them (x · 1 is x).
        const float sc = scales ? scales[c] : 1.0f;
        auto v = [&](int i) { return in[i] * sc; };
        for (int oy = 0; oy < ho; ++oy) {
            for (int ox = 0; ox < wo; ++ox, ++out) {
                // First maximum in scan order wins ties, so backward is well defined.
                int best = base + oy * geom_.stride * geom_.width + ox * geom_.stride;
                for (int ky = 0; ky < k; ++ky) {
                    const int i0 =
                        base + (oy * geom_.stride + ky) * geom_.width + ox * geom_.stride;
                    for (int kx = 0; kx < k; ++kx)
                        if (v(i0 + kx) > v(best)) best = i0 + kx;
                }
                *out = v(best);
                if (argmax) *argmax++ = best;
            }
        }
    }
}

// The common 2×2 / stride 2 case on even widths, in three flat passes the compiler vectorises
// (rows of 14 or 28 are too short to vectorise one by one). Pair j of the sample is input
// values 2j, 2j+1 (pairs never straddle rows), and pair j + W/2 lies right below it:
//   1. the maximum of every horizontal pair, and its input index;
//   2. the maximum of every pair and the one below, and its index;
//   3. copy out the results of the pairs that start a window (even rows of each channel).
// A right or lower value wins only when strictly larger, so the first maximum in scan order
// wins ties, as in maxRow.
void Pool2DLayer::max2x2Row(const float* in, float* out, std::int32_t* argmax,
                            const float* scales) {
    const int ho = geom_.outHeight(), wo = geom_.outWidth(), half = geom_.width / 2;
    const long n = long(geom_.inSize()) / 2, m = n - half;
    PairScratch& s = pairs_.local();
    s.pairMax.resize(n);
    s.pairArg.resize(n);
    s.windowMax.resize(m);
    s.windowArg.resize(m);
    float *pm = s.pairMax.data(), *vm = s.windowMax.data();
    std::int32_t *pa = s.pairArg.data(), *va = s.windowArg.data();
    // Channel by channel, each value scaled as the layer before would have written it.
    const long per = geom_.inPositions() / 2;
    for (int c = 0; c < geom_.channels; ++c) {
        const float sc = scales ? scales[c] : 1.0f;  // x · 1 is x
        for (long j = c * per; j < (c + 1) * per; ++j) {
            const float a = in[2 * j] * sc, b = in[2 * j + 1] * sc;
            pm[j] = std::max(a, b);
            pa[j] = std::int32_t(2 * j) + std::int32_t(b > a);
        }
    }
    for (long j = 0; j < m; ++j) {
        const std::int32_t down = -std::int32_t(pm[j + half] > pm[j]);  // all ones: lower wins
        vm[j] = std::max(pm[j], pm[j + half]);
        va[j] = (down & pa[j + half]) | (~down & pa[j]);
    }
    for (int c = 0; c < geom_.channels; ++c)
        for (int oy = 0; oy < ho; ++oy, out += wo) {
            const long top = (long(c) * geom_.height + 2 * oy) * half;
            for (int ox = 0; ox < wo; ++ox) out[ox] = vm[top + ox];
            if (!argmax) continue;
            for (int ox = 0; ox < wo; ++ox) argmax[ox] = va[top + ox];
            argmax += wo;
        }
}

void Pool2DLayer::averageRow(const float* in, float* out, const float* scales) const {
    const int ho = geom_.outHeight(), wo = geom_.outWidth(), k = geom_.kernel;
    const float scale = 1.0f / float(k * k);
    for (int c = 0; c < geom_.channels; ++c) {
        const int base = c * geom_.inPositions();
        const float sc = scales ? scales[c] : 1.0f;
        for (int oy = 0; oy < ho; ++oy) {
            for (int ox = 0; ox < wo; ++ox, ++out) {
                float sum = 0.0f;
                for (int ky = 0; ky < k; ++ky) {
                    const float* src =
                        in + base + (oy * geom_.stride + ky) * geom_.width + ox * geom_.stride;
                    for (int kx = 0; kx < k; ++kx) sum += src[kx] * sc;  // x · 1 is x
                }
                *out = sum * scale;
            }
        }
    }
}

void Pool2DLayer::forward(const Matrix& in, Matrix& out, const PassContext& ctx) {
    forwardRows(in, out, ctx, nullptr);
}

void Pool2DLayer::forwardScaled(const Matrix& in, const Matrix& scales, Matrix& out,
                                const PassContext& ctx) {
    forwardRows(in, out, ctx, &scales);
}

void Pool2DLayer::forwardRows(const Matrix& in, Matrix& out, const PassContext& ctx,
                              const Matrix* scales) {
    const long n = in.rows(), outSize = long(geom_.channels) * geom_.outPositions();
    out.resize(n, outSize);
    // Only a Train pass records the argmax: Eval/MC passes must not disturb backward's cache.
    const bool record = kind_ == PoolKind::Max && ctx.mode == Mode::Train;
    if (record) argmax_.resize(n, outSize);
    parallelRows(n, grainFor(n, double(geom_.inSize()), 2.0e5), [&](long r0, long r1) {
        for (long r = r0; r < r1; ++r) {
            const float* sc = scales ? scales->row(r).data() : nullptr;
            if (kind_ == PoolKind::Max)
                maxRow(in.row(r).data(), out.row(r).data(),
                       record ? argmax_.row(r).data() : nullptr, sc);
            else
                averageRow(in.row(r).data(), out.row(r).data(), sc);
        }
    });
}

void Pool2DLayer::backward(const Matrix&, const Matrix&, const Matrix& dOut, Matrix* dIn) {
    backwardRows(dOut, dIn, nullptr);
}

void Pool2DLayer::backwardScaled(const Matrix& dOut, const Matrix& scales, Matrix* dIn) {
    backwardRows(dOut, dIn, &scales);
}

void Pool2DLayer::backwardRows(const Matrix& dOut, Matrix* dIn, const Matrix* scales) {
    if (!dIn) return;
    const long n = dOut.rows();
    dIn->resize(n, geom_.inSize());
    const int ho = geom_.outHeight(), wo = geom_.outWidth(), k = geom_.kernel;
    const long plane = geom_.inPositions();
    const float scale = 1.0f / float(k * k);
    parallelRows(n, grainFor(n, double(geom_.inSize()), 2.0e5), [&](long r0, long r1) {
        for (long r = r0; r < r1; ++r) {
            const float* g = dOut.row(r).data();
            float* d = dIn->row(r).data();
            // Windows accumulate: zero the row just before, so it is still in cache.
            std::fill(d, d + dIn->cols(), 0.0f);
            if (kind_ == PoolKind::Max) {
                const std::int32_t* idx = argmax_.row(r).data();
                for (long j = 0; j < dOut.cols(); ++j) d[idx[j]] += g[j];
            } else {
                for (int c = 0; c < geom_.channels; ++c)
                    for (int oy = 0; oy < ho; ++oy)
                        for (int ox = 0; ox < wo; ++ox, ++g)
                            for (int ky = 0; ky < k; ++ky) {
                                float* dst = d + c * plane +
                                             (oy * geom_.stride + ky) * geom_.width +
                                             ox * geom_.stride;
                                for (int kx = 0; kx < k; ++kx) dst[kx] += *g * scale;
                            }
            }
            if (!scales) continue;
            // Through the scaling of the layer before, while the row is in cache: the same
            // products its own backward would make.
            scaleMaps(d, scales->row(r).data(), {geom_.channels, geom_.height, geom_.width}, d);
        }
    });
}

GlobalAvgPoolLayer::GlobalAvgPoolLayer(std::vector<int> inputShape)
    : channels_(inputShape.at(0)), positions_(shapeSize(inputShape) / inputShape.at(0)) {}

void GlobalAvgPoolLayer::forward(const Matrix& in, Matrix& out, const PassContext&) {
    const long n = in.rows();
    out.resize(n, channels_);
    for (long r = 0; r < n; ++r)
        for (int c = 0; c < channels_; ++c)
            out(r, c) = in.row(r).segment(long(c) * positions_, positions_).mean();
}

void GlobalAvgPoolLayer::backward(const Matrix&, const Matrix&, const Matrix& dOut, Matrix* dIn) {
    if (!dIn) return;
    const long n = dOut.rows();
    dIn->resize(n, long(channels_) * positions_);
    const float scale = 1.0f / float(positions_);
    for (long r = 0; r < n; ++r)
        for (int c = 0; c < channels_; ++c)
            dIn->row(r).segment(long(c) * positions_, positions_).setConstant(dOut(r, c) * scale);
}

}  // namespace dl
