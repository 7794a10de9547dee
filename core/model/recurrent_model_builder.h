#pragma once
// Builds the recurrent layers of a network (lstm, gru) from their LayerSpecs.
#include <cstdint>
#include <string>
#include <vector>

#include "core/config/experiment_config.h"
#include "core/model/model_builder.h"
#include "core/model/network.h"

namespace dl {

/// Appends the lstm or gru layer `l` describes, with its own recurrent dropout sites, to `net`
/// (the `dropout` after it is added by buildNetwork like any layer's). `shape` must be
/// {timesteps, features} and becomes {timesteps, units} (return_sequences) or {units};
/// siteIndex and layerIndex are the running RNG keys. `path` names the layer in the InputError
/// thrown when the input is not a sequence. With a budget, the layer's parameters and
/// activations are checked before it is allocated.
void addRecurrentLayer(Network& net, const LayerSpec& l, const std::string& path,
                       std::uint64_t seed, std::uint32_t& siteIndex, std::uint32_t& layerIndex,
                       std::vector<int>& shape, ModelBudget* budget = nullptr);

}  // namespace dl
