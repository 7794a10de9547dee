#pragma once
// Sequence data sets generated in code, for recurrent layers: rows are [T, 1] sequences
// (sampleShape {T, 1}, timestep-major). Sample i draws only from CounterRng keyed by i.
#include <cstdint>

#include "datasets/dataset.h"

namespace dl {

/// Next-value forecasting of a noisy sum of two sines: s(t) = Σₖ aₖ sin(2π fₖ t + φₖ) with
/// aₖ ~ U(0.3, 0.6), fₖ ~ U(0.02, 0.12), φₖ ~ U(0, 2π) per sequence; x[t] = s(t) + noise·ε for
/// t < length, target y = s(length) + noise·ε (the next observation).
Dataset makeSineForecast(int samples, int length, double noise, std::uint64_t seed);

/// Frequency classification: class c of K is a sine of frequency f_c = 0.05 + 0.15·c/(K − 1)
/// cycles per step with amplitude ~ U(0.5, 1.5) and phase ~ U(0, 2π), plus noise·ε per step.
/// Classes are balanced and laid out class by class as balancedClassCounts gives.
Dataset makeSequenceClass(int samples, int classes, int length, double noise, std::uint64_t seed);

/// The frequency of class c of K in makeSequenceClass.
double sequenceClassFrequency(int c, int classes);

/// D4 of docs/benchmarks.md exactly (no seed): sequence i has f = 0.02 + 0.08·u01(4, 2i),
/// φ = 2π·u01(4, 2i + 1), x[t] = sin(2π f t + φ) for t < 50 and target sin(2π f·50 + φ).
/// The first `samples` sequences (4096 in the workload).
Dataset makeW4Sines(int samples);

}  // namespace dl
