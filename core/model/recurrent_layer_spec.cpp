#include "core/model/recurrent_layer_spec.h"

#include <algorithm>
#include <optional>

#include "base/json_reader.h"

namespace dl {
namespace {

constexpr int kMaxUnits = 4096;

// A site on xₜ or hₜ₋₁: DropoutSpec's fields plus "untied"; the variant defaults to variational.
std::optional<DropoutSpec> readMaskSite(JsonReader& layer, const std::string& field,
                                        const std::string& defaultId, bool& untied) {
    const auto& j = layer.object(field, true);
    if (j.is_null()) return std::nullopt;
    JsonReader flags(j, layer.fieldPath(field));
    untied = flags.boolean("untied", false);
    nlohmann::json rest = j;  // DropoutSpec reads and checks everything but "untied"
    rest.erase("untied");
    if (!rest.contains("variant") || rest["variant"].is_null()) rest["variant"] = "variational";
    JsonReader r(rest, flags.path());
    return DropoutSpec::fromJson(r, defaultId, recurrentVariantNames());
}

// Zoneout: {id, rate[, schedule]}; it holds or updates values, so there is no variant or scaling.
std::optional<DropoutSpec> readZoneout(JsonReader& layer, const std::string& defaultId) {
    const auto& j = layer.object("zoneout", true);
    if (j.is_null()) return std::nullopt;
    JsonReader check(j, layer.fieldPath("zoneout"));
    if (check.has("variant") && check.string("variant") != "zoneout")
        check.fail("variant", "zoneout has no variants; leave the field out");
    if (check.has("scaling"))
        check.fail("scaling",
                   "zoneout holds or updates values and never rescales them; leave the "
                   "field out");
    check.number("rate");  // required: zoneout rates are small, so no 0.5 default
    nlohmann::json rest = j;
    rest["variant"] = "zoneout";
    JsonReader r(rest, check.path());
    static const std::vector<std::string> allowed = {"zoneout"};
    return DropoutSpec::fromJson(r, defaultId, allowed);
}

// The dropout after the layer: on all states [T, H] it may also be variational (shared over time).
std::optional<DropoutSpec> readOutputSite(JsonReader& layer, const std::string& defaultId,
                                          bool sequences) {
    const auto& j = layer.object("dropout", true);
    if (j.is_null()) return std::nullopt;
    JsonReader r(j, layer.fieldPath("dropout"));
    return DropoutSpec::fromJson(r, defaultId,
                                 sequences ? sequenceVariantNames() : denseVariantNames());
}

nlohmann::json maskSiteJson(const DropoutSpec& s, bool untied) {
    nlohmann::json j = s.toJson();
    j["untied"] = untied;
    return j;
}

nlohmann::json zoneoutJson(const DropoutSpec& s) {
    nlohmann::json j = s.toJson();
    j.erase("variant");
    j.erase("scaling");
    return j;
}

}  // namespace

const std::vector<std::string>& recurrentLayerTypes() {
    static const std::vector<std::string> types = {"lstm", "gru"};
    return types;
}

bool isRecurrentLayerType(const std::string& type) {
    const auto& t = recurrentLayerTypes();
    return std::find(t.begin(), t.end(), type) != t.end();
}

void parseRecurrentLayer(JsonReader& r, LayerSpec& l, const std::string& defaultSiteId) {
    l.units = r.integer("units");
    if (l.units < 1 || l.units > kMaxUnits)
        r.fail("units", "expected a whole number in [1, " + std::to_string(kMaxUnits) + "], got " +
                            std::to_string(l.units));
    RecurrentOptions& o = l.recurrent;
    o.returnSequences = r.boolean("return_sequences", false);
    l.init = r.choice("init", {"uniform", "xavier", "he"}, "uniform");
    o.inputDropout = readMaskSite(r, "input_dropout", defaultSiteId + "-input", o.inputUntied);
    o.recurrentDropout =
        readMaskSite(r, "recurrent_dropout", defaultSiteId + "-recurrent", o.recurrentUntied);
    o.zoneout = readZoneout(r, defaultSiteId + "-zoneout");
    l.dropout = readOutputSite(r, defaultSiteId, o.returnSequences);
    r.rejectUnknown();
}

nlohmann::json recurrentLayerToJson(const LayerSpec& l) {
    const RecurrentOptions& o = l.recurrent;
    nlohmann::json j = {{"type", l.type},
                        {"units", l.units},
                        {"return_sequences", o.returnSequences},
                        {"init", l.init}};
    if (o.inputDropout) j["input_dropout"] = maskSiteJson(*o.inputDropout, o.inputUntied);
    if (o.recurrentDropout)
        j["recurrent_dropout"] = maskSiteJson(*o.recurrentDropout, o.recurrentUntied);
    if (o.zoneout) j["zoneout"] = zoneoutJson(*o.zoneout);
    if (l.dropout) j["dropout"] = l.dropout->toJson();
    return j;
}

std::vector<std::string> recurrentSiteIds(const LayerSpec& l) {
    std::vector<std::string> ids;
    for (const auto* s :
         {&l.recurrent.inputDropout, &l.recurrent.recurrentDropout, &l.recurrent.zoneout})
        if (*s) ids.push_back((*s)->id);
    return ids;
}

}  // namespace dl
