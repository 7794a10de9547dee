#include "dropout_spec.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "json_reader.h"

namespace dl {
namespace {

std::string quotedList(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "\"" : ", \"") + n + "\"";
    return out;
}

std::string shapeText(const std::vector<int>& shape) {
    std::string out = "{";
    for (std::size_t i = 0; i < shape.size(); ++i)
        out += (i ? ", " : "") + std::to_string(shape[i]);
    return out + "}";
}

// A known variant that this site cannot take gets a sentence saying why; unknown names get
// the list of allowed ones.
Variant readVariant(JsonReader& r, const std::vector<std::string>& allowed) {
    const std::string name = r.string("variant", "element");
    for (const auto& a : allowed)
        if (a == name) return variantFromName(name);
    const auto& conv = convVariantNames();
    if (std::find(conv.begin(), conv.end(), name) != conv.end() &&
        isSpatialVariant(variantFromName(name)))
        r.fail("variant", "\"" + name +
                              "\" needs convolutional feature maps (a conv2d layer's dropout); "
                              "this site takes " +
                              quotedList(allowed));
    return variantFromName(r.choice("variant", allowed, "element"));
}

// block_size belongs to the block variant only; block always renormalises (inverted).
void readBlockFields(JsonReader& r, DropoutSpec& s) {
    if (s.variant != Variant::Block) {
        if (r.has("block_size")) r.fail("block_size", "applies only to variant \"block\"");
        return;
    }
    s.blockSize = r.integer("block_size", s.blockSize);
    if (s.blockSize < 1)
        r.fail("block_size", "expected a whole number ≥ 1, got " + std::to_string(s.blockSize));
    if (s.scaling == Scaling::Classic)
        r.fail("scaling",
               "the block variant always rescales kept values by count/count_kept; "
               "use \"inverted\"");
}

}  // namespace

Variant variantFromName(const std::string& name) {
    if (name == "element") return Variant::Element;
    if (name == "gaussian") return Variant::Gaussian;
    if (name == "channel") return Variant::Channel;
    if (name == "block") return Variant::Block;
    throw InputError("unknown dropout variant \"" + name + "\".");
}

std::string variantName(Variant v) {
    switch (v) {
        case Variant::Element: return "element";
        case Variant::Gaussian: return "gaussian";
        case Variant::Channel:
            return "channel";
        case Variant::Block:
            return "block";
    }
    return "element";
}

std::string scalingName(Scaling s) { return s == Scaling::Inverted ? "inverted" : "classic"; }

std::string variantDescription(Variant v) {
    switch (v) {
        case Variant::Element:
            return "Bernoulli dropout: each unit is dropped independently with probability "
                   "'drop rate' (the 2014 paper's p is the keep probability, 1 - rate).";
        case Variant::Gaussian:
            return "Gaussian dropout: each unit is multiplied by noise drawn from "
                   "N(1, rate/(1-rate)), the same mean and variance as inverted Bernoulli dropout.";
        case Variant::Channel:
            return "Spatial (channel) dropout: each feature map of a sample is dropped whole with "
                   "probability 'drop rate', one draw per (sample, channel) shared by all H×W "
                   "positions (PyTorch Dropout2d).";
        case Variant::Block:
            return "DropBlock: contiguous block_size × block_size squares of each feature map are "
                   "dropped so that about 'drop rate' of the positions go, then each sample is "
                   "rescaled by count/count_kept to keep the expectation.";
    }
    return {};
}

const std::vector<std::string>& denseVariantNames() {
    static const std::vector<std::string> names = {"element", "gaussian"};
    return names;
}

const std::vector<std::string>& convVariantNames() {
    static const std::vector<std::string> names = {"element", "channel", "block", "gaussian"};
    return names;
}

bool isSpatialVariant(Variant v) {
    return v == Variant::Channel || v == Variant::Block;
}

void checkRate(double rate, const std::string& where) {
    if (!(rate >= 0.0 && rate < 1.0)) {
        std::ostringstream os;
        os << where << ": expected a drop rate in [0, 1), got " << rate << ".";
        throw InputError(os.str());
    }
}

void checkVariantFitsShape(const DropoutSpec& spec, const std::vector<int>& shape,
                           const std::string& where) {
    if (!isSpatialVariant(spec.variant) || shape.size() == 3) return;
    throw InputError(where + ".variant: \"" + variantName(spec.variant) +
                     "\" needs C×H×W feature maps, but this site's values have shape " +
                     shapeText(shape) + "; use \"element\" or \"gaussian\".");
}

DropoutSpec DropoutSpec::fromJson(JsonReader& r, const std::string& defaultId,
                                  const std::vector<std::string>& allowedVariants) {
    DropoutSpec s;
    s.id = r.string("id", defaultId);
    if (s.id.empty()) r.fail("id", "expected a non-empty site id");
    s.variant = readVariant(r, allowedVariants);
    s.rate = r.number("rate", 0.5);
    checkRate(s.rate, r.fieldPath("rate"));
    s.scaling = r.choice("scaling", {"inverted", "classic"}, "inverted") == "classic"
                    ? Scaling::Classic
                    : Scaling::Inverted;
    readBlockFields(r, s);
    r.rejectUnknown();
    return s;
}

nlohmann::json DropoutSpec::toJson() const {
    nlohmann::json j = {{"id", id},
                        {"variant", variantName(variant)},
                        {"rate", rate},
                        {"scaling", scalingName(scaling)}};
    if (variant == Variant::Block) j["block_size"] = blockSize;
    return j;
}

}  // namespace dl
