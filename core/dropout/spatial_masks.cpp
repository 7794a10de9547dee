#include "core/dropout/spatial_masks.h"

#include <algorithm>

namespace dl {
namespace {

// Calls fn(unit, u) for units [0, n) of one sample, u uniform in [0, 1); one Philox block
// serves four consecutive units, exactly as CounterRng::uniform(sample, unit) would.
template <typename Fn>
void forEachUniform(const CounterRng& rng, std::uint32_t sample, std::uint32_t n, Fn&& fn) {
    for (std::uint32_t b = 0; b * 4 < n; ++b) {
        const auto w = rng.bits(sample, b);
        for (std::uint32_t k = 0; k < 4 && b * 4 + k < n; ++k)
            fn(b * 4 + k, CounterRng::toUnit(w[k]));
    }
}

void zeroSquare(float* map, int width, int top, int left, int b) {
    for (int y = top; y < top + b; ++y)
        std::fill(map + y * width + left, map + y * width + left + b, 0.0f);
}

}  // namespace

MapDims mapDims(const std::vector<int>& shape) {
    if (shape.size() == 3) return {shape[0], shape[1], shape[2]};
    int size = 1;
    for (int s : shape) size *= s;
    return {size, 1, 1};
}

void scaleMaps(const float* in, const float* scales, MapDims d, float* out) {
    const long p = d.positions();
    for (int c = 0; c < d.channels; ++c)
        for (long i = c * p; i < (c + 1) * p; ++i) out[i] = in[i] * scales[c];
}

void channelScales(const CounterRng& rng, std::uint32_t sample, int channels, float rate,
                   float keepScale, float* scales) {
    forEachUniform(rng, sample, std::uint32_t(channels),
                   [&](std::uint32_t c, float u) { scales[c] = u >= rate ? keepScale : 0.0f; });
}

void channelMaskRow(const CounterRng& rng, std::uint32_t sample, MapDims d, float rate,
                    float keepScale, float* row) {
    const int p = d.positions();
    forEachUniform(rng, sample, std::uint32_t(d.channels), [&](std::uint32_t c, float u) {
        std::fill(row + c * p, row + (c + 1) * p, u >= rate ? keepScale : 0.0f);
    });
}

int clippedBlockSize(int blockSize, MapDims d) {
    return std::max(1, std::min({blockSize, d.height, d.width}));
}

double dropBlockGamma(double rate, int block, int height, int width) {
    const double valid = double(height - block + 1) * double(width - block + 1);
    return std::min(1.0, rate / (double(block) * block) * (double(height) * width) / valid);
}

void blockMaskRow(const CounterRng& rng, std::uint32_t sample, MapDims d, float rate, int blockSize,
                  float* row) {
    const int b = clippedBlockSize(blockSize, d);
    const int vh = d.height - b + 1, vw = d.width - b + 1, seeds = vh * vw;
    const float gamma = float(dropBlockGamma(rate, b, d.height, d.width));
    const int p = d.positions();
    std::fill(row, row + d.size(), 1.0f);
    forEachUniform(rng, sample, std::uint32_t(d.channels * seeds),
                   [&](std::uint32_t unit, float u) {
                       if (u >= gamma) return;
                       const int c = int(unit) / seeds, s = int(unit) % seeds;
                       zeroSquare(row + c * p, d.width, s / vw, s % vw, b);
                   });
    const long kept = std::count(row, row + d.size(), 1.0f);
    const float scale = kept > 0 ? float(d.size()) / float(kept) : 0.0f;
    for (int i = 0; i < d.size(); ++i) row[i] *= scale;
}

}  // namespace dl
