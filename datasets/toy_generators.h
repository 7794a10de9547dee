#pragma once
// Synthetic data sets: 2-D classification toys and 1-D regression with a gap. Each generator is
// a pure function of its parameters and seed; sample i draws only from CounterRng keyed by i.
#include <cstdint>
#include <vector>

#include "datasets/dataset.h"
#include "datasets/interval.h"

namespace dl {

/// Per-class sample counts for `samples` rows over `classes` balanced classes (the first
/// samples % classes classes get one extra row). Rows are laid out class by class.
std::vector<int> balancedClassCounts(int samples, int classes);

/// K interleaved spiral arms: radius r ~ U(0,1), angle 2π(k/K + 1.25 r) + noise·N(0,1).
Dataset makeSpiral(int samples, int arms, double noise, std::uint64_t seed);

/// Two interleaving half circles, centred on the origin, plus Gaussian noise of std `noise`.
Dataset makeMoons(int samples, double noise, std::uint64_t seed);

/// Concentric circles of radius 1 (class 0) and 0.5 (class 1) plus Gaussian noise.
Dataset makeCircles(int samples, double noise, std::uint64_t seed);

/// Four quadrants; class 1 where sign(x)·sign(y) > 0 before Gaussian noise is added.
Dataset makeXor(int samples, double noise, std::uint64_t seed);

/// Gaussian blobs of std `noise` around `classes` centres evenly spaced on the unit circle.
Dataset makeBlobs(int samples, int classes, double noise, std::uint64_t seed);

/// The noise-free target of the sine-gap regression set: sin(x).
double sineGapFunction(double x);

/// 1-D regression: x uniform over `range` minus `gap`, y = sin(x) + noise·N(0,1).
/// No sample lies in the closed interval `gap`; x is N×1 and y is N×1.
Dataset makeSineGap(int samples, Interval range, Interval gap, double noise, std::uint64_t seed);

}  // namespace dl
