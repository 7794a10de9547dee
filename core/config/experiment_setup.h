#pragma once
// From a config to a ready trainer: generate or load the data, split it, build the network.
#include <memory>

#include "core/training/trainer.h"

namespace dl {

/// Loads the config's data set (seeded by the config's seed) and builds a trainer for it.
std::unique_ptr<Trainer> makeTrainer(const ExperimentConfig& config);

}  // namespace dl
