#pragma once
// Data sets D1, D2 and G5 of docs/benchmarks.md, bit for bit: pure functions of the
// row index built on the workloads' SplitMix64 generator (datasets/splitmix64.h), independent of
// any seed, computed in double and rounded to float once. D4 is makeW4Sines
// (sequence_generators.h).
#include "datasets/dataset.h"

namespace dl {

/// D1 (W1): a two-arm spiral (1000 points in the workload). Row i: class c = i mod 2, t =
/// ⌊i/2⌋/500, θ = 2π·t + π·c + 0.2·gauss(1, i), x = (t cos θ, t sin θ). The first `samples` rows.
Dataset makeW1Spiral(int samples);

/// D2 (W2, W3): images (8192 in the workload) of 1×28×28 "pixels" in 10 classes, y_i = ⌊10·u01(3,
/// i)⌋; pixel k of row i is 0.5·u01(2, 784i + k) + 0.5·T[y_i][b(k)], T[c][b] = [u01(5, 49c + b) <
/// 0.5] the class template over 7×7 blocks of 4×4 pixels, b(k) = 7·⌊h/4⌋ + ⌊w/4⌋. The first
/// `samples`.
Dataset makeW2Pixels(int samples);

/// G5 (W5): the regression grid x_j = −3 + 6j/(N − 1), j = 0 … N − 1 (N = 1000 in the
/// workload), with target y = x.
Dataset makeW5Grid(int samples);

}  // namespace dl
