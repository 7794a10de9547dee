#include "core/config/site_variant.h"

namespace dl {
namespace {

void applyTo(DropoutSpec& spec, Variant v) {
    spec.variant = v;
    if (v == Variant::Block) spec.scaling = Scaling::Inverted;
}

}  // namespace

bool setConfigSiteVariant(ExperimentConfig& config, const std::string& id, Variant v) {
    DropoutSpec* spec = config.findSite(id);
    if (spec) applyTo(*spec, v);
    return spec != nullptr;
}

bool setTrainerSiteVariant(Trainer& trainer, const std::string& id, Variant v) {
    DropoutSite* site = trainer.network().site(id);
    if (!site) return false;
    site->setVariant(v);
    if (v == Variant::Block) site->setScaling(Scaling::Inverted);
    return true;
}

}  // namespace dl
