#include "core/model/spatial_layer_spec.h"

#include <algorithm>

#include "base/json_reader.h"

namespace dl {
namespace {

constexpr int kMaxFilters = 4096;
constexpr int kMaxWindow = 64;

int readWhole(JsonReader& r, const std::string& field, int fallback, int lo, int hi) {
    const int v = r.integer(field, fallback);
    if (v < lo || v > hi)
        r.fail(field, "expected a whole number in [" + std::to_string(lo) + ", " +
                          std::to_string(hi) + "], got " + std::to_string(v));
    return v;
}

void parseConv(JsonReader& r, LayerSpec& l, const std::string& defaultSiteId) {
    l.filters = readWhole(r, "filters", l.filters, 1, kMaxFilters);
    l.kernel = readWhole(r, "kernel", l.kernel, 1, kMaxWindow);
    l.stride = readWhole(r, "stride", 1, 1, kMaxWindow);
    l.padding = readWhole(r, "padding", 0, 0, l.kernel);
    l.activation = r.choice("activation", {"relu", "tanh", "sigmoid", "linear"}, "relu");
    l.init =
        r.choice("init", {"he", "xavier", "uniform"}, l.activation == "relu" ? "he" : "xavier");
    const auto& d = r.object("dropout", true);
    if (!d.is_null()) {
        JsonReader dr(d, r.fieldPath("dropout"));
        l.dropout = DropoutSpec::fromJson(dr, defaultSiteId, convVariantNames());
    }
}

void parsePool(JsonReader& r, LayerSpec& l) {
    l.size = readWhole(r, "size", 2, 1, kMaxWindow);
    l.stride = readWhole(r, "stride", l.size, 1, kMaxWindow);
}

bool isPool(const std::string& type) {
    return type == "maxpool2d" || type == "avgpool2d";
}

}  // namespace

const std::vector<std::string>& spatialLayerTypes() {
    static const std::vector<std::string> types = {"conv2d", "maxpool2d", "avgpool2d",
                                                   "globalavgpool", "flatten"};
    return types;
}

bool isSpatialLayerType(const std::string& type) {
    const auto& t = spatialLayerTypes();
    return std::find(t.begin(), t.end(), type) != t.end();
}

void parseSpatialLayer(JsonReader& r, LayerSpec& l, const std::string& defaultSiteId) {
    if (l.type == "conv2d") parseConv(r, l, defaultSiteId);
    if (isPool(l.type)) parsePool(r, l);
    r.rejectUnknown();
}

nlohmann::json spatialLayerToJson(const LayerSpec& l) {
    nlohmann::json j = {{"type", l.type}};
    if (l.type == "conv2d") {
        j.update({{"filters", l.filters},
                  {"kernel", l.kernel},
                  {"stride", l.stride},
                  {"padding", l.padding},
                  {"activation", l.activation},
                  {"init", l.init}});
        if (l.dropout) j["dropout"] = l.dropout->toJson();
    }
    if (isPool(l.type)) j.update({{"size", l.size}, {"stride", l.stride}});
    return j;
}

}  // namespace dl
