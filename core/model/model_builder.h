#pragma once
// Turns the network section of a config into layers, for a given input shape and output size.
#include "core/config/experiment_config.h"
#include "core/model/network.h"

namespace dl {

/// Builds and initialises the network: [input dropout] → (layer → [dropout])* → dense output.
/// Layers are dense or spatial (conv2d, pools, flatten); a dense layer after feature maps
/// reads them flattened in C, H, W order (rows are stored that way), so no flatten is needed.
/// Recurrent layers (lstm, gru) take {T, F} sequences; a dense layer after a return_sequences
/// one reads its [T, H] states flattened.
/// Dropout sites are numbered in order (the RNG's site index); layers by position.
Network buildNetwork(const ExperimentConfig& config, const std::vector<int>& inputShape,
                     int outputs);

}  // namespace dl
