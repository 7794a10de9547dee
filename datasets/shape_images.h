#pragma once
// A small image data set generated in code, so the CNN lessons need no download.
#include <cstdint>

#include "datasets/dataset.h"

namespace dl {

/// Side of the generated images.
constexpr int kShapeImageSize = 16;

/// 16×16 grey images of four classes: "square" (hollow outline), "circle" (ring), "cross"
/// (a plus sign) and "bar" (one thick bar, horizontal or vertical). Each sample has its own
/// centre (jittered over the middle of the image) and size, then Gaussian pixel noise of std
/// `noise`, clamped to [0, 1]. sampleShape {1, 16, 16}; rows are laid out class by class as
/// balancedClassCounts gives. Sample i draws only from CounterRng(seed, Data) keyed by i.
Dataset makeShapes(int samples, double noise, std::uint64_t seed);

}  // namespace dl
