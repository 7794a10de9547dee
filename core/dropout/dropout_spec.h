#pragma once
// The configuration of one dropout site: what the experiment JSON says about it.
#include <nlohmann/json.hpp>

#include "core/dropout/rate_schedule.h"

#include <string>
#include <vector>

namespace dl {

class JsonReader;

/// How a mask is drawn and shared (see docs/architecture.md's vocabulary). Channel and Block need
/// C×H×W feature maps (a conv2d layer's site).
enum class Variant { Element, Gaussian, Channel, Block, Concrete, Variational, Naive, Zoneout };

/// inverted: kept units scaled by 1/(1-rate) in training; classic: no scaling in
/// training, outputs scaled by (1-rate) at test. Same expected output either way.
enum class Scaling { Inverted, Classic };

Variant variantFromName(const std::string& name);
std::string variantName(Variant v);
std::string scalingName(Scaling s);
/// One sentence describing a variant, for tooltips and `--help`.
std::string variantDescription(Variant v);
/// The variant names allowed on a dense (fully connected) site.
const std::vector<std::string>& denseVariantNames();
/// The variant names allowed on a convolutional (C×H×W) site.
const std::vector<std::string>& convVariantNames();
/// True for variants that share draws over a feature map's positions (channel, block).
bool isSpatialVariant(Variant v);
/// The variant names allowed on an lstm/gru layer's input_dropout and recurrent_dropout.
const std::vector<std::string>& recurrentVariantNames();
/// The variant names allowed on a dropout site over sequences ({T, units} values, e.g. after a
/// return_sequences layer): element (a new mask per timestep), gaussian, variational.
const std::vector<std::string>& sequenceVariantNames();
/// True for the variants that need timesteps (variational, naive, zoneout).
bool isRecurrentVariant(Variant v);

/// id, variant, drop rate (probability of dropping) and scaling of one site.
struct DropoutSpec {
    std::string id;
    Variant variant = Variant::Element;
    double rate = 0.5;
    Scaling scaling = Scaling::Inverted;
    int blockSize = 3;         ///< block: side of the dropped squares (clipped to the feature size)
    RateSchedule schedule;     ///< how the rate changes over training (constant by default)
    double temperature = 0.1;  ///< concrete: temperature of the relaxed Bernoulli mask
    double lengthScale = 1e-4;       ///< concrete: prior length-scale l; weight reg = l²/N
    double weightRegularizer = -1;   ///< concrete: explicit l²/N (< 0: derived from l and N)
    double dropoutRegularizer = -1;  ///< concrete: explicit 2/N (< 0: derived from N)

    /// Reads {"id","variant","rate","scaling"[,"block_size"]}; `defaultId` when "id" is absent.
    /// A variant outside `allowedVariants` is rejected with a sentence naming the field.
    static DropoutSpec fromJson(
        JsonReader& r, const std::string& defaultId,
        const std::vector<std::string>& allowedVariants = denseVariantNames());
    nlohmann::json toJson() const;
};

/// Throws InputError unless 0 <= rate < 1.
void checkRate(double rate, const std::string& where);

/// Throws InputError (naming `where`, e.g. "network.input_dropout") when a spatial variant is
/// put on a site whose sample shape is not {C, H, W}.
void checkVariantFitsShape(const DropoutSpec& spec, const std::vector<int>& shape,
                           const std::string& where);

}  // namespace dl
