#pragma once
// The network.layers entries of the recurrent layer types, lstm and gru: units, output form,
// init, and their dropout sites (docs/recurrent-layers.md).
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/config/experiment_config.h"

namespace dl {

class JsonReader;

/// "lstm", "gru".
const std::vector<std::string>& recurrentLayerTypes();
bool isRecurrentLayerType(const std::string& type);

/// Reads the fields of an lstm/gru layer whose `type` has been read into l.type. Sites without
/// an id get `defaultSiteId` + "-input", "-recurrent", "-zoneout", and `defaultSiteId` for the
/// `dropout` after the layer. Rejects unknown fields and misplaced variants by name.
void parseRecurrentLayer(JsonReader& r, LayerSpec& l, const std::string& defaultSiteId);

/// The fields of a recurrent layer, defaults filled in; parseRecurrentLayer reads it back.
nlohmann::json recurrentLayerToJson(const LayerSpec& l);

/// The ids of a recurrent layer's own sites (input, recurrent, zoneout; not its `dropout`).
std::vector<std::string> recurrentSiteIds(const LayerSpec& l);

}  // namespace dl
