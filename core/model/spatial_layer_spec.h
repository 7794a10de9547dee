#pragma once
// The network.layers entries of the spatial layer types: conv2d, maxpool2d, avgpool2d,
// globalavgpool and flatten (dense layers are read in experiment_config.cpp).
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/config/experiment_config.h"

namespace dl {

class JsonReader;

/// "conv2d", "maxpool2d", "avgpool2d", "globalavgpool", "flatten".
const std::vector<std::string>& spatialLayerTypes();
bool isSpatialLayerType(const std::string& type);

/// Reads the fields of a spatial layer whose `type` has been read into l.type; a conv2d's
/// dropout site gets `defaultSiteId` when it has no id. Rejects unknown fields by name.
void parseSpatialLayer(JsonReader& r, LayerSpec& l, const std::string& defaultSiteId);

/// The fields of a spatial layer, defaults filled in; parseSpatialLayer reads it back.
nlohmann::json spatialLayerToJson(const LayerSpec& l);

}  // namespace dl
