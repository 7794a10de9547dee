#pragma once
// The recurrent fields of an lstm or gru entry of network.layers: output form and the
// layer's own dropout sites (docs/recurrent-layers.md documents the JSON).
#include <optional>

#include "core/dropout/dropout_spec.h"

namespace dl {

/// What an lstm/gru layer returns and which recurrent dropout sites it applies.
struct RecurrentOptions {
    bool returnSequences = false;                 ///< all states [T, H] instead of the last [H]
    std::optional<DropoutSpec> inputDropout;      ///< on xₜ: variant variational or naive
    std::optional<DropoutSpec> recurrentDropout;  ///< on hₜ₋₁ where it feeds the gates
    std::optional<DropoutSpec> zoneout;           ///< variant zoneout
    bool inputUntied = false;                     ///< one input mask per gate (Gal's "untied" form)
    bool recurrentUntied = false;                 ///< one recurrent mask per gate

    /// How many sites the layer owns (they take consecutive RNG site indices).
    int siteCount() const {
        return int(inputDropout.has_value()) + int(recurrentDropout.has_value()) +
               int(zoneout.has_value());
    }
};

}  // namespace dl
