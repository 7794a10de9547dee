#pragma once
// Computes the MC dropout views in the worker thread from a frozen copy of the weights.
#include <atomic>
#include "ui/worker/training_snapshot.h"

namespace dl {

class Trainer;

/// T stochastic passes over the view (curve or grid); `bounds` gives the grid's extent. Null
/// when `cancel` was set before it finished.
std::shared_ptr<const UncertaintyView> computeUncertainty(
    Trainer& trainer, const OutputView& bounds, int samples,
    const std::atomic<bool>* cancel = nullptr);

/// The most test samples the MC curve measures on: T passes over all of Fashion-MNIST's test
/// split kept the worker busy (no training, no commands) for minutes.
inline constexpr int kMcCurveRows = 1000;

/// MC averaging (T = 1..maxT) against weight scaling on the first `maxRows` samples of the
/// test split, plus reliability bins; null when `cancel` was set before it finished.
std::shared_ptr<const McCurveView> computeMcCurve(Trainer& trainer, int maxT,
                                                  int maxRows = kMcCurveRows,
                                                  const std::atomic<bool>* cancel = nullptr);

}  // namespace dl
