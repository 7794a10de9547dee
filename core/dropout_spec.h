#pragma once
// The configuration of one dropout site: what the experiment JSON says about it.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dl {

class JsonReader;

/// How a mask is drawn and shared (see DESIGN.md's vocabulary).
enum class Variant { Element, Gaussian };

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

/// id, variant, drop rate (probability of dropping) and scaling of one site.
struct DropoutSpec {
    std::string id;
    Variant variant = Variant::Element;
    double rate = 0.5;
    Scaling scaling = Scaling::Inverted;

    /// Reads {"id","variant","rate","scaling"}; `defaultId` when "id" is absent.
    static DropoutSpec fromJson(JsonReader& r, const std::string& defaultId);
    nlohmann::json toJson() const;
};

/// Throws InputError unless 0 <= rate < 1.
void checkRate(double rate, const std::string& where);

}  // namespace dl
