#pragma once
// Builds the spatial layers of a network (conv2d, pools, flatten) from their LayerSpecs.
#include <cstdint>
#include <string>
#include <vector>

#include "core/config/experiment_config.h"
#include "core/model/model_builder.h"
#include "core/model/network.h"

namespace dl {

/// Appends the layer `l` describes (a conv2d also gets its dropout site after the activation)
/// to `net`. `shape` is the current sample shape and is updated; siteIndex and layerIndex are
/// the running RNG keys of sites and layers. `path` (e.g. "network.layers[2]") names the layer
/// in the InputError thrown when it does not fit its input. With a budget, the layer's
/// parameters, activations and (conv) patch matrix are checked before it is allocated.
void addSpatialLayer(Network& net, const LayerSpec& l, const std::string& path, std::uint64_t seed,
                     std::uint32_t& siteIndex, std::uint32_t& layerIndex, std::vector<int>& shape,
                     ModelBudget* budget = nullptr);

}  // namespace dl
