#include "site_specs.h"

namespace dl {
namespace {

// Every optional site slot of the config, in network order.
std::vector<std::optional<DropoutSpec>*> siteSlots(ExperimentConfig& c) {
    std::vector<std::optional<DropoutSpec>*> out = {&c.inputDropout};
    for (auto& l : c.layers)
        for (auto* d : {&l.recurrent.inputDropout, &l.recurrent.recurrentDropout,
                        &l.recurrent.zoneout, &l.dropout})
            out.push_back(d);
    return out;
}

}  // namespace

std::vector<std::string> configuredSiteIds(const ExperimentConfig& config) {
    std::vector<std::string> ids;
    for (auto* d : siteSlots(const_cast<ExperimentConfig&>(config)))
        if (*d) ids.push_back((*d)->id);
    return ids;
}

DropoutSpec* findSiteSpec(ExperimentConfig& config, const std::string& id) {
    for (auto* d : siteSlots(config))
        if (*d && (*d)->id == id) return &**d;
    return nullptr;
}

const DropoutSpec* findSiteSpec(const ExperimentConfig& config, const std::string& id) {
    return findSiteSpec(const_cast<ExperimentConfig&>(config), id);
}

}  // namespace dl
