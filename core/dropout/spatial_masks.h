#pragma once
// Masks of the spatial dropout variants on C×H×W feature maps. Each function fills one
// sample's row of multipliers (every position, even where one draw is shared), drawing
// from the site's CounterRng keyed by (sample, unit), so results never depend on threads.
#include <cstdint>
#include <vector>

#include "base/counter_rng.h"

namespace dl {

/// Channels, height and width of a site's sample shape. A shape that is not {C, H, W}
/// counts as C = its size and H = W = 1, so each value is its own "map".
struct MapDims {
    int channels = 1, height = 1, width = 1;
    int positions() const { return height * width; }
    int size() const { return channels * height * width; }
};

MapDims mapDims(const std::vector<int>& shape);

/// Channel (spatial) dropout, PyTorch Dropout2d: one uniform draw per (sample, channel),
/// unit = channel; the whole H×W map gets keepScale if it is kept, 0 if it is dropped.
void channelMaskRow(const CounterRng& rng, std::uint32_t sample, MapDims d, float rate,
                    float keepScale, float* row);
/// out = in with each map of one sample multiplied by its channel's scale (out may be in): the
/// products a channel mask applies, and its backward.
void scaleMaps(const float* in, const float* scales, MapDims d, float* out);

/// The same draws, one multiplier per channel: scales[c] for c < channels.
void channelScales(const CounterRng& rng, std::uint32_t sample, int channels, float rate,
                   float keepScale, float* scales);

/// The block side actually used: block_size clipped to the map's height and width.
int clippedBlockSize(int blockSize, MapDims d);

/// DropBlock's seed probability (Ghiasi et al. 2018, eq. 1) for a b×b block on an H×W map:
/// γ = rate / b² · (H·W) / ((H − b + 1)(W − b + 1)), clipped to 1.
double dropBlockGamma(double rate, int block, int height, int width);

/// DropBlock on one sample: for each channel separately, every top-left corner (i, j) with
/// 0 ≤ i ≤ H − b, 0 ≤ j ≤ W − b (the positions where a whole block fits) is a seed with
/// probability γ (unit = channel·(H−b+1)(W−b+1) + i·(W−b+1) + j), and each seed zeroes the
/// b×b square it starts. Renormalisation is per sample: kept values get count / count_kept,
/// count = C·H·W and count_kept the sample's kept positions over all its channels, so the
/// sample's multipliers average exactly 1 (all 0 if nothing is kept).
void blockMaskRow(const CounterRng& rng, std::uint32_t sample, MapDims d, float rate, int blockSize,
                  float* row);

}  // namespace dl
