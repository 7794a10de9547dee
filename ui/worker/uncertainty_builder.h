#pragma once
// Computes the MC dropout views in the worker thread from a frozen copy of the weights.
#include "ui/worker/training_snapshot.h"

namespace dl {

class Trainer;

/// T stochastic passes over the view (curve or grid); `bounds` gives the grid's extent.
std::shared_ptr<const UncertaintyView> computeUncertainty(Trainer& trainer,
                                                          const OutputView& bounds, int samples);

/// MC averaging (T = 1..maxT) against weight scaling on the test split, plus reliability bins.
std::shared_ptr<const McCurveView> computeMcCurve(Trainer& trainer, int maxT);

}  // namespace dl
