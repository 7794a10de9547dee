#pragma once
// Fills a TrainingSnapshot from the live trainer. Runs in the worker thread only.
#include "ui/worker/training_snapshot.h"

namespace dl {

class Trainer;

/// Copies metrics, masks and the network diagram; recomputes the output view when withOutput.
void fillSnapshot(Trainer& trainer, TrainingSnapshot& s, bool withOutput);

/// True when every number the snapshot would show is finite (metrics, masks, the diagram, the
/// output view and the extras): a snapshot that fails is never drawn.
bool snapshotFinite(const TrainingSnapshot& s);

/// The bounding box of the data's first two features with a 10 % margin.
void dataBounds(const Dataset& d, OutputView& v);

/// Deterministic predictions over the view grid (2-D) or curve (1-D) for the trainer's network.
void computeOutputView(Trainer& trainer, OutputView& v);

}  // namespace dl
