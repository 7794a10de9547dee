#pragma once
// Computes the "Sequences" tab's data in the worker thread, from the trainer between steps.
#include <memory>

#include "core/config/experiment_config.h"
#include "datasets/dataset.h"
#include "ui/worker/sequence_inspection.h"
#include "ui/worker/training_snapshot.h"

namespace dl {

class Trainer;

/// Steps the roll-out continues beyond the observed window.
constexpr int kRolloutSteps = 30;

/// The true next `horizon` values of every validation sequence ([val rows, horizon]): the data
/// set generated `horizon` steps longer with the same seed and split. Empty when the generator
/// cannot do that (fixed-length or file data) or the longer sequences do not extend the
/// validation rows exactly.
Matrix trueContinuation(const ExperimentConfig& config, const Dataset& val, int horizon);

/// Validation sequence `index` (clamped) with the trainer's deterministic prediction, and for
/// forecasting a roll-out of `horizon` steps; `truth` is trueContinuation's result (may be empty).
std::shared_ptr<const SequenceInspection> inspectSequence(Trainer& trainer, int index, int horizon,
                                                          const Matrix& truth);

}  // namespace dl
