#pragma once
// Turns the network section of a config into layers, for a given input shape and output size.
#include "experiment_config.h"
#include "network.h"

namespace dl {

/// Builds and initialises the network: [input dropout] → (dense → [dropout])* → dense output.
/// Dropout sites are numbered in order (the RNG's site index); layers by position.
Network buildNetwork(const ExperimentConfig& config, const std::vector<int>& inputShape,
                     int outputs);

}  // namespace dl
