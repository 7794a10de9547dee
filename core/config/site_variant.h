#pragma once
// Switching a dropout site's variant live (element ↔ channel ↔ block on conv maps): the
// next training step draws its mask the new way, no rebuild.
#include <string>

#include "core/training/trainer.h"

namespace dl {

/// Sets the variant of site `id` in `config` (block forces inverted scaling, the only one
/// DropBlock takes); false if the config has no site with that id.
bool setConfigSiteVariant(ExperimentConfig& config, const std::string& id, Variant v);

/// Sets the variant on the trainer's live site (from the next step on); false if absent.
bool setTrainerSiteVariant(Trainer& trainer, const std::string& id, Variant v);

}  // namespace dl
