#include "core/config/experiment_config.h"

#include <algorithm>
#include <filesystem>

#include "base/input_file.h"
#include "base/json_document.h"
#include "base/json_reader.h"
#include "base/text_preview.h"
#include "core/config/preset_table.h"
#include "core/layers/activation.h"
#include "core/model/initializer.h"
#include "core/model/recurrent_layer_spec.h"
#include "core/model/spatial_layer_spec.h"

namespace dl {
namespace {

// The widest dense layer: 4096 × 4096 weights are 64 MB of floats, far past what the explorer
// trains live, and a bound stops a typo from zero-filling gigabytes.
constexpr int kMaxDenseUnits = 4096;

// Every accepted network.layers[].type; each family parses its own fields.
std::vector<std::string> layerTypes() {
    std::vector<std::string> types = {"dense"};
    for (const auto& t : spatialLayerTypes()) types.push_back(t);
    for (const auto& t : recurrentLayerTypes()) types.push_back(t);
    return types;
}

LayerSpec parseLayer(const nlohmann::json& j, const std::string& path, int index) {
    JsonReader r(j, path);
    LayerSpec l;
    l.type = r.choice("type", layerTypes(), "dense");
    if (isSpatialLayerType(l.type)) {
        parseSpatialLayer(r, l, "layer" + std::to_string(index + 1));
        return l;
    }
    if (isRecurrentLayerType(l.type)) {
        parseRecurrentLayer(r, l, "layer" + std::to_string(index + 1));
        return l;
    }
    l.units = r.integer("units");
    if (l.units < 1) r.fail("units", "expected a whole number ≥ 1, got " + std::to_string(l.units));
    if (l.units > kMaxDenseUnits)
        r.fail("units", "expected a whole number ≤ " + std::to_string(kMaxDenseUnits) + ", got " +
                            std::to_string(l.units));
    l.activation = r.choice("activation", {"relu", "tanh", "sigmoid", "linear"}, "relu");
    l.init =
        r.choice("init", {"he", "xavier", "uniform"}, l.activation == "relu" ? "he" : "xavier");
    const auto& d = r.object("dropout", true);
    if (!d.is_null()) {
        JsonReader dr(d, r.fieldPath("dropout"));
        l.dropout = DropoutSpec::fromJson(dr, "layer" + std::to_string(index + 1));
    }
    r.rejectUnknown();
    return l;
}

void parseNetwork(ExperimentConfig& c, const nlohmann::json& j) {
    JsonReader r(j, "network");
    const auto& in = r.object("input_dropout", true);
    if (!in.is_null()) {
        JsonReader dr(in, "network.input_dropout");
        // Image inputs may take spatial variants; buildNetwork checks the input's shape.
        c.inputDropout = DropoutSpec::fromJson(dr, "input", convVariantNames());
    }
    const auto& layers = r.array("layers");
    for (std::size_t i = 0; i < layers.size(); ++i)
        c.layers.push_back(
            parseLayer(layers[i], "network.layers[" + std::to_string(i) + "]", int(i)));
    const auto& out = r.object("output", true);
    if (!out.is_null()) {
        JsonReader orr(out, "network.output");
        c.outputInit = orr.choice("init", {"he", "xavier", "uniform"}, "xavier");
        orr.rejectUnknown();
    }
    r.rejectUnknown();
}

void checkSiteIds(const ExperimentConfig& c) {
    std::vector<std::string> ids;
    if (c.inputDropout) ids.push_back(c.inputDropout->id);
    for (const auto& l : c.layers) {
        for (const auto& id : recurrentSiteIds(l)) ids.push_back(id);
        if (l.dropout) ids.push_back(l.dropout->id);
    }
    for (std::size_t i = 0; i < ids.size(); ++i)
        for (std::size_t k = i + 1; k < ids.size(); ++k)
            if (ids[i] == ids[k])
                throw InputError("network: two dropout sites share the id " +
                                 quotedPreview(ids[i]) + "; site ids must be unique.");
}

}  // namespace

ExperimentConfig ExperimentConfig::fromJson(const nlohmann::json& j) {
    ExperimentConfig c;
    JsonReader r(j, "");
    c.name = r.string("name", c.name);
    c.description = r.string("description", "");
    if (r.has("seed")) {
        const auto& s = j.at("seed");
        if (!s.is_number_unsigned() && !(s.is_number_integer() && s.get<long long>() >= 0))
            r.fail("seed", "expected a whole number ≥ 0, got " + describeJson(s));
        c.seed = s.get<std::uint64_t>();
    }
    r.number("seed", 0);  // mark as read
    c.dataset = DatasetSpec::fromJson(r.object("dataset"), "dataset");
    parseNetwork(c, r.object("network"));
    c.loss = r.choice("loss", {"auto", "cross_entropy", "mse"}, "auto");
    const auto& opt = r.object("optimizer", true);
    if (!opt.is_null()) {
        JsonReader orr(opt, "optimizer");
        c.optimizer = OptimizerSpec::fromJson(orr);
    }
    const auto& tr = r.object("training", true);
    if (!tr.is_null()) {
        JsonReader tr2(tr, "training");
        c.training.epochs = tr2.integer("epochs", c.training.epochs);
        if (c.training.epochs < 1) tr2.fail("epochs", "expected a whole number ≥ 1");
        c.training.batchSize = tr2.integer("batch_size", c.training.batchSize);
        if (c.training.batchSize < 1) tr2.fail("batch_size", "expected a whole number ≥ 1");
        tr2.rejectUnknown();
    }
    const auto& inf = r.object("inference", true);
    if (!inf.is_null()) {
        JsonReader ir(inf, "inference");
        c.inference.mode =
            ir.choice("mode", {"deterministic", "mc", "mc-average"}, "deterministic");
        c.inference.samples = ir.integer("samples", c.inference.samples);
        if (c.inference.samples < 1) ir.fail("samples", "expected a whole number ≥ 1");
        c.inference.sharing = ir.choice("sharing", {"function", "per-input"}, "function");
        c.inference.lengthScale = ir.number("length_scale", 0.0);
        if (c.inference.lengthScale < 0) ir.fail("length_scale", "expected 0 (off) or a value > 0");
        c.inference.lambda = ir.number("lambda", c.inference.lambda);
        if (c.inference.lambda <= 0) ir.fail("lambda", "expected a value > 0");
        ir.rejectUnknown();
    }
    r.rejectUnknown();
    checkSiteIds(c);
    return c;
}

nlohmann::json ExperimentConfig::toJson() const {
    nlohmann::json layersJson = nlohmann::json::array();
    for (const auto& l : layers) {
        if (isSpatialLayerType(l.type)) {
            layersJson.push_back(spatialLayerToJson(l));
            continue;
        }
        if (isRecurrentLayerType(l.type)) {
            layersJson.push_back(recurrentLayerToJson(l));
            continue;
        }
        nlohmann::json lj = {
            {"type", l.type}, {"units", l.units}, {"activation", l.activation}, {"init", l.init}};
        if (l.dropout) lj["dropout"] = l.dropout->toJson();
        layersJson.push_back(lj);
    }
    nlohmann::json net = {{"layers", layersJson}, {"output", {{"init", outputInit}}}};
    if (inputDropout) net["input_dropout"] = inputDropout->toJson();
    return {{"name", name},
            {"description", description},
            {"seed", seed},
            {"dataset", dataset.toJson()},
            {"network", net},
            {"loss", loss},
            {"optimizer", optimizer.toJson()},
            {"training", {{"epochs", training.epochs}, {"batch_size", training.batchSize}}},
            {"inference",
             {{"mode", inference.mode},
              {"samples", inference.samples},
              {"sharing", inference.sharing},
              {"length_scale", inference.lengthScale},
              {"lambda", inference.lambda}}}};
}

namespace {

// Every optional site spec of a config, in network order (set or not).
template <typename Config>
auto allSiteSpecs(Config& c) {
    std::vector<decltype(&c.inputDropout)> specs = {&c.inputDropout};
    for (auto& l : c.layers)
        for (auto* d : {&l.recurrent.inputDropout, &l.recurrent.recurrentDropout,
                        &l.recurrent.zoneout, &l.dropout})
            specs.push_back(d);
    return specs;
}

}  // namespace

bool ExperimentConfig::setSiteRate(const std::string& id, double rate) {
    DropoutSpec* site = findSite(id);
    if (site) site->rate = rate;
    return site != nullptr;
}

DropoutSpec* ExperimentConfig::findSite(const std::string& id) {
    for (auto* d : allSiteSpecs(*this))
        if (*d && (*d)->id == id) return &**d;
    return nullptr;
}

const DropoutSpec* ExperimentConfig::findSite(const std::string& id) const {
    return const_cast<ExperimentConfig*>(this)->findSite(id);
}

std::vector<std::string> ExperimentConfig::siteIds() const {
    std::vector<std::string> ids;
    for (const auto* d : allSiteSpecs(*this))
        if (*d) ids.push_back((*d)->id);
    return ids;
}

std::string ExperimentConfig::resolvedLoss(bool classification) const {
    if (loss != "auto") {
        if (loss == "cross_entropy" && !classification)
            throw InputError("loss: cross_entropy needs a classification data set; use mse.");
        if (loss == "mse" && classification)
            throw InputError("loss: mse needs a regression data set; use cross_entropy.");
        return loss;
    }
    return classification ? "cross_entropy" : "mse";
}

ExperimentConfig parseExperiment(const std::string& text, const std::string& source) {
    const nlohmann::json j = parseJsonDocument(text, source);
    try {
        return ExperimentConfig::fromJson(j);
    } catch (const InputError& e) {
        throw InputError(source + ": " + e.what());
    } catch (const nlohmann::json::exception& e) {
        // Every field is type-checked before it is read, so this is a missed check; still an
        // input error, never an unexpected one.
        throw InputError(source + ": a field has the wrong type (" +
                         escapeText(e.what(), kPreviewChars * 4) + ").");
    }
}

std::vector<std::string> presetNames() {
    std::vector<std::string> names;
    for (const auto& p : embeddedPresets()) names.push_back(p.name);
    return names;
}

std::string presetText(const std::string& name) {
    for (const auto& p : embeddedPresets())
        if (p.name == name) return p.json;
    return {};
}

namespace {

// Levenshtein distance, for "did you mean" (preset names are short).
std::size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = up;
        }
    }
    return row[b.size()];
}

// The sentence for a --config that is neither a file nor a preset. It names the presets'
// list instead of printing it (thirteen names would not fit on one line), and suggests the
// preset a typo was probably meant to be.
[[noreturn]] void noSuchConfig(const std::string& fileOrPreset) {
    std::string message =
        escapeText(fileOrPreset, 160) + ": no such file, and no built-in preset by that name";
    std::string nearest;
    std::size_t best = 3;  // at most two edits away
    if (fileOrPreset.size() <= 64)
        for (const auto& n : presetNames())
            if (const std::size_t d = editDistance(fileOrPreset, n); d < best)
                best = d, nearest = n;
    if (!nearest.empty()) message += " (did you mean " + nearest + "?)";
    throw InputError(message + "; `dropoutlab-cli presets` lists the built-in ones.");
}

}  // namespace

ExperimentConfig loadExperiment(const std::string& fileOrPreset) {
    namespace fs = std::filesystem;
    if (fileOrPreset.empty())
        throw InputError("the experiment is empty; expected a JSON file or a preset name.");
    std::error_code ec;
    if (fs::is_directory(fileOrPreset, ec))
        throw InputError(fileOrPreset + ": is a folder; expected an experiment JSON file.");
    if (!fs::exists(fileOrPreset, ec)) {
        std::string text = presetText(fileOrPreset);
        if (!text.empty()) return parseExperiment(text, "preset " + fileOrPreset);
        noSuchConfig(fileOrPreset);
    }
    // Only a regular file is read: a FIFO, a socket or a device is refused without waiting.
    ExperimentConfig c =
        parseExperiment(readTextFile(fileOrPreset, "an experiment JSON file"), fileOrPreset);
    // Data files named relative to the experiment file live beside it, wherever the program runs.
    const fs::path folder = fs::path(fileOrPreset).parent_path();
    for (std::string* p : {&c.dataset.path, &c.dataset.images, &c.dataset.labels})
        if (!p->empty() && fs::path(*p).is_relative())
            *p = (folder / *p).lexically_normal().string();
    return c;
}

}  // namespace dl
