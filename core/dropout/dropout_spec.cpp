#include "core/dropout/dropout_spec.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "base/json_reader.h"
#include "core/layers/layer.h"

namespace dl {
namespace {

std::string quotedList(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "\"" : ", \"") + n + "\"";
    return out;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Why a site cannot take a known variant when sequences are involved; empty if they are not.
std::string recurrentMismatch(const std::string& name, const std::vector<std::string>& allowed) {
    const std::string takes = "; this site takes " + quotedList(allowed);
    if (name == "zoneout")
        return "\"zoneout\" is not a dropout variant here: give an lstm or gru layer a "
               "\"zoneout\": {\"rate\": …} field" +
               takes;
    if (name == "variational" || name == "naive")
        return "\"" + name + "\" needs sequences (an lstm or gru layer's input_dropout or " +
               "recurrent_dropout" +
               (name == "variational" ? ", or the dropout of a return_sequences layer)" : ")") +
               takes;
    if (contains(allowed, "variational") && !contains(allowed, "element"))
        return "\"" + name +
               "\" is not a recurrent variant; an lstm or gru layer's input_dropout and "
               "recurrent_dropout take \"variational\" (one mask per sequence, reused at every "
               "timestep) or \"naive\" (a new mask at every timestep)";
    return {};
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
    if (const std::string why = recurrentMismatch(name, allowed); !why.empty())
        r.fail("variant", why);
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

void readScheduleFields(JsonReader& r, DropoutSpec& s) {
    const auto& j = r.object("schedule", true);
    if (j.is_null()) return;
    JsonReader sr(j, r.fieldPath("schedule"));
    s.schedule = RateSchedule::fromJson(sr);
    if (s.variant == Variant::Concrete && s.schedule.kind != "constant")
        r.fail("schedule", "a concrete site learns its rate; it cannot also follow a schedule");
}

// Concrete dropout's temperature and regularisers (Gal, Hron & Kendall 2017).
void readConcreteFields(JsonReader& r, DropoutSpec& s) {
    const char* fields[] = {"temperature", "length_scale", "weight_regularizer",
                            "dropout_regularizer"};
    if (s.variant != Variant::Concrete) {
        for (const char* f : fields)
            if (r.has(f)) r.fail(f, "applies only to variant \"concrete\"");
        return;
    }
    s.temperature = r.number("temperature", s.temperature);
    if (s.temperature <= 0) r.fail("temperature", "expected a value > 0");
    s.lengthScale = r.number("length_scale", s.lengthScale);
    if (s.lengthScale <= 0) r.fail("length_scale", "expected a value > 0");
    // Absent: derived from N when training starts (stored as −1).
    for (auto [field, value] : {std::pair{"weight_regularizer", &s.weightRegularizer},
                                std::pair{"dropout_regularizer", &s.dropoutRegularizer}}) {
        if (!r.has(field)) continue;
        *value = r.number(field, -1.0);
        if (*value < 0) r.fail(field, "expected a value ≥ 0 (leave it out for the default)");
    }
    if (s.rate <= 0) r.fail("rate", "a concrete site needs a starting rate > 0 (it learns it)");
}

}  // namespace

Variant variantFromName(const std::string& name) {
    if (name == "element") return Variant::Element;
    if (name == "gaussian") return Variant::Gaussian;
    if (name == "channel") return Variant::Channel;
    if (name == "block") return Variant::Block;
    if (name == "concrete") return Variant::Concrete;
    if (name == "variational") return Variant::Variational;
    if (name == "naive") return Variant::Naive;
    if (name == "zoneout") return Variant::Zoneout;
    throw InputError("unknown dropout variant \"" + name + "\".");
}

std::string variantName(Variant v) {
    switch (v) {
        case Variant::Element:
            return "element";
        case Variant::Gaussian:
            return "gaussian";
        case Variant::Channel:
            return "channel";
        case Variant::Block:
            return "block";
        case Variant::Concrete:
            return "concrete";
        case Variant::Variational:
            return "variational";
        case Variant::Naive:
            return "naive";
        case Variant::Zoneout:
            return "zoneout";
    }
    return "element";
}

std::string scalingName(Scaling s) {
    return s == Scaling::Inverted ? "inverted" : "classic";
}

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
        case Variant::Concrete:
            return "Concrete dropout (Gal, Hron & Kendall 2017): a relaxed Bernoulli mask whose "
                   "drop rate is learned during training; 'drop rate' is its starting value.";
        case Variant::Variational:
            return "Variational dropout (Gal & Ghahramani 2016): one Bernoulli mask per sequence, "
                   "reused at every timestep, on an LSTM/GRU's input or recurrent state.";
        case Variant::Naive:
            return "Naive recurrent dropout: a new Bernoulli mask at every timestep, which "
                   "disrupts the recurrent information flow (the baseline variational improves "
                   "on).";
        case Variant::Zoneout:
            return "Zoneout (Krueger et al. 2016): each unit keeps its previous hidden and cell "
                   "value with probability 'drop rate' while training; the expectation at test.";
    }
    return {};
}

const std::vector<std::string>& denseVariantNames() {
    static const std::vector<std::string> names = {"element", "gaussian", "concrete"};
    return names;
}

const std::vector<std::string>& convVariantNames() {
    static const std::vector<std::string> names = {"element", "channel", "block", "gaussian"};
    return names;
}

bool isSpatialVariant(Variant v) {
    return v == Variant::Channel || v == Variant::Block;
}

const std::vector<std::string>& recurrentVariantNames() {
    static const std::vector<std::string> names = {"variational", "naive"};
    return names;
}

const std::vector<std::string>& sequenceVariantNames() {
    static const std::vector<std::string> names = {"element", "gaussian", "variational"};
    return names;
}

bool isRecurrentVariant(Variant v) {
    return v == Variant::Variational || v == Variant::Naive || v == Variant::Zoneout;
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
    if (spec.variant == Variant::Variational && shape.size() != 2)
        throw InputError(where +
                         ".variant: \"variational\" shares one mask over timesteps, so it "
                         "needs sequences of shape {timesteps, units}, but this site's values "
                         "have shape " +
                         shapeText(shape) + "; use \"element\".");
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
    readScheduleFields(r, s);
    readConcreteFields(r, s);
    r.rejectUnknown();
    return s;
}

nlohmann::json DropoutSpec::toJson() const {
    nlohmann::json j = {{"id", id},
                        {"variant", variantName(variant)},
                        {"rate", rate},
                        {"scaling", scalingName(scaling)}};
    if (variant == Variant::Block) j["block_size"] = blockSize;
    if (schedule.kind != "constant") j["schedule"] = schedule.toJson();
    if (variant == Variant::Concrete) {
        j["temperature"] = temperature;
        j["length_scale"] = lengthScale;
        if (weightRegularizer >= 0) j["weight_regularizer"] = weightRegularizer;
        if (dropoutRegularizer >= 0) j["dropout_regularizer"] = dropoutRegularizer;
    }
    return j;
}

}  // namespace dl
