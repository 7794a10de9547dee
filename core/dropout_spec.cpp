#include "dropout_spec.h"

#include <cmath>
#include <sstream>

#include "json_reader.h"

namespace dl {

Variant variantFromName(const std::string& name) {
    if (name == "element") return Variant::Element;
    if (name == "gaussian") return Variant::Gaussian;
    throw InputError("unknown dropout variant \"" + name + "\".");
}

std::string variantName(Variant v) {
    switch (v) {
        case Variant::Element: return "element";
        case Variant::Gaussian: return "gaussian";
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
    }
    return {};
}

const std::vector<std::string>& denseVariantNames() {
    static const std::vector<std::string> names = {"element", "gaussian"};
    return names;
}

void checkRate(double rate, const std::string& where) {
    if (!(rate >= 0.0 && rate < 1.0)) {
        std::ostringstream os;
        os << where << ": expected a drop rate in [0, 1), got " << rate << ".";
        throw InputError(os.str());
    }
}

DropoutSpec DropoutSpec::fromJson(JsonReader& r, const std::string& defaultId) {
    DropoutSpec s;
    s.id = r.string("id", defaultId);
    if (s.id.empty()) r.fail("id", "expected a non-empty site id");
    s.variant = variantFromName(r.choice("variant", denseVariantNames(), "element"));
    s.rate = r.number("rate", 0.5);
    checkRate(s.rate, r.fieldPath("rate"));
    s.scaling = r.choice("scaling", {"inverted", "classic"}, "inverted") == "classic"
                    ? Scaling::Classic
                    : Scaling::Inverted;
    r.rejectUnknown();
    return s;
}

nlohmann::json DropoutSpec::toJson() const {
    return {{"id", id}, {"variant", variantName(variant)}, {"rate", rate},
            {"scaling", scalingName(scaling)}};
}

}  // namespace dl
