#pragma once
// Finding a dropout site of an experiment by id, whatever layer kind owns it (input, dense,
// conv, recurrent input/recurrent/zoneout), for the panels that edit one site.
#include <string>
#include <vector>

#include "core/experiment_config.h"

namespace dl {

/// The ids of every configured dropout site, in network order.
std::vector<std::string> configuredSiteIds(const ExperimentConfig& config);
/// The site with this id, or null.
DropoutSpec* findSiteSpec(ExperimentConfig& config, const std::string& id);
const DropoutSpec* findSiteSpec(const ExperimentConfig& config, const std::string& id);

}  // namespace dl
