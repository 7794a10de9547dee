#include "core/io/run_record.h"

#include <cmath>
#include <limits>

#include "base/input_error.h"
#include "base/input_file.h"
#include "base/json_document.h"
#include "base/text_preview.h"
#include "core/model/model_builder.h"
#include "datasets/dataset_factory.h"

namespace dl {
namespace {

constexpr double kNotAFloat = std::numeric_limits<double>::infinity();

}  // namespace

nlohmann::json epochToJson(const EpochRecord& r, bool classification) {
    nlohmann::json j = {{"epoch", r.epoch},
                        {"train_loss", r.train.loss},
                        {"val_loss", r.val.loss},
                        {"train_batch_loss", r.trainBatchLoss}};
    if (classification) {
        j["train_acc"] = r.train.accuracy;
        j["val_acc"] = r.val.accuracy;
    }
    j["rates"] = r.rates;
    return j;
}

nlohmann::json weightsToJson(Network& net) {
    nlohmann::json all = nlohmann::json::array();
    for (int i = 0; i < net.layerCount(); ++i) {
        for (Param* p : net.layer(i).params()) {
            std::vector<float> data(p->value.data(), p->value.data() + p->value.size());
            all.push_back({{"layer", i},
                           {"name", p->name},
                           {"shape", {p->value.rows(), p->value.cols()}},
                           {"data", data}});
        }
    }
    return all;
}

void weightsFromJson(Network& net, const nlohmann::json& j, const std::string& source) {
    if (!j.is_array()) throw InputError(source + ": weights: expected an array.");
    std::size_t k = 0;
    for (int i = 0; i < net.layerCount(); ++i) {
        for (Param* p : net.layer(i).params()) {
            if (k >= j.size())
                throw InputError(source + ": weights: fewer parameters than the network has.");
            const auto& w = j[k++];
            const auto& data = w.at("data");
            if (w.at("layer").get<int>() != i || w.at("name").get<std::string>() != p->name ||
                data.size() != static_cast<std::size_t>(p->value.size()))
                throw InputError(source + ": weights[" + std::to_string(k - 1) +
                                 "]: does not match the network the config describes.");
            for (std::size_t e = 0; e < data.size(); ++e) {
                const double v = data[e].is_number() ? data[e].get<double>() : kNotAFloat;
                if (!(std::abs(v) <= double(std::numeric_limits<float>::max())))
                    throw InputError(source + ": weights[" + std::to_string(k - 1) + "].data[" +
                                     std::to_string(e) + "]: expected a finite number within " +
                                     "a float's range (about ±3.4e38), got " + data[e].dump() +
                                     ".");
                p->value.data()[e] = static_cast<float>(v);
            }
        }
    }
    if (k != j.size())
        throw InputError(source + ": weights: more parameters than the network has.");
}

nlohmann::json makeRunRecord(Trainer& trainer, const SplitMetrics& final, double seconds) {
    const bool cls = trainer.classification();
    nlohmann::json history = nlohmann::json::array();
    for (const auto& r : trainer.history()) history.push_back(epochToJson(r, cls));
    nlohmann::json fin = {{"test_loss", final.loss}};
    if (cls) fin["test_acc"] = final.accuracy;
    fin["epochs"] = trainer.epoch();
    fin["steps"] = trainer.globalStep();
    fin["seconds"] = seconds;
    const Dataset& train = trainer.data().train;
    nlohmann::json model = {{"input_shape", train.sampleShape},
                            {"outputs", cls ? train.numClasses : int(train.y.cols())},
                            {"classification", cls},
                            {"train_size", train.size()},
                            {"class_names", train.classNames},
                            {"input_names", inputNames(trainer.config().dataset)},
                            {"standardizer", trainer.standardizer().toJson()}};
    nlohmann::json adaptations = nlohmann::json::array();
    for (const auto& a : trainer.adaptations())
        adaptations.push_back({{"epoch", a.epoch},
                               {"site", a.site},
                               {"from", a.from},
                               {"to", a.to},
                               {"reason", a.reason}});
    return {{"format", "dropoutlab-run/1"},
            {"adaptations", adaptations},
            {"config", trainer.config().toJson()},
            {"model", model},
            {"history", history},
            {"final", fin},
            {"weights", weightsToJson(trainer.network())}};
}

}  // namespace dl

namespace dl {

namespace {

// Reads model.FIELD as a whole number in [lo, hi]; errors name the file and field.
long long readWhole(const nlohmann::json& m, const std::string& field, long long lo, long long hi,
                    const std::string& path) {
    const auto& v = m.at(field);
    if (!v.is_number_integer() || v.get<long long>() < lo || v.get<long long>() > hi ||
        (v.is_number_unsigned() &&
         v.get<unsigned long long>() > static_cast<unsigned long long>(hi)))
        throw InputError(path + ": model." + field + ": expected a whole number from " +
                         std::to_string(lo) + " to " + std::to_string(hi) + ", got " +
                         describeJson(v) + ".");
    return v.get<long long>();
}

std::vector<int> readInputShape(const nlohmann::json& m, const std::string& path) {
    const auto& v = m.at("input_shape");
    const auto bad = [&] {
        throw InputError(path +
                         ": model.input_shape: expected 1 to 3 whole numbers, each at least " +
                         "1, got " + describeJson(v) + ".");
    };
    if (!v.is_array() || v.empty() || v.size() > 3) bad();
    std::vector<int> shape;
    for (const auto& d : v) {
        if (!d.is_number_integer() || d.get<long long>() < 1 ||
            d.get<long long>() > std::numeric_limits<int>::max() ||
            (d.is_number_unsigned() && d.get<unsigned long long>() > (1ull << 31)))
            bad();
        shape.push_back(static_cast<int>(d.get<long long>()));
    }
    return shape;
}

std::vector<std::string> readNames(const nlohmann::json& m, const std::string& field,
                                   const std::string& path) {
    if (!m.contains(field)) return {};
    const auto& v = m.at(field);
    std::vector<std::string> names;
    if (v.is_array())
        for (const auto& n : v)
            if (n.is_string()) names.push_back(n.get<std::string>());
    if (!v.is_array() || names.size() != v.size())
        throw InputError(path + ": model." + field + ": expected an array of strings.");
    return names;
}

void checkModelSection(const LoadedRun& run, const std::string& path) {
    const std::int64_t inputs = shapeValues(run.inputShape);
    if (run.classification && int(run.classNames.size()) != run.outputs)
        throw InputError(path + ": model.class_names: expected one name per output (" +
                         std::to_string(run.outputs) + "), got " +
                         std::to_string(run.classNames.size()) + ".");
    if (!run.classification && !run.classNames.empty())
        throw InputError(path + ": model.class_names: expected [] for a regression model.");
    if (!run.inputNames.empty()) {
        if (std::int64_t(run.inputNames.size()) != inputs)
            throw InputError(path + ": model.input_names: expected one name per input (" +
                             std::to_string(inputs) + "), got " +
                             std::to_string(run.inputNames.size()) + ".");
        for (std::size_t i = 0; i < run.inputNames.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (run.inputNames[i] == run.inputNames[j])
                    throw InputError(path + ": model.input_names: the name " +
                                     quotedPreview(run.inputNames[i]) + " appears twice.");
    }
    if (!run.standardizer.empty() && std::int64_t(run.standardizer.mean.size()) != inputs)
        throw InputError(path + ": model.standardizer: expected one mean and std per input (" +
                         std::to_string(inputs) + "), got " +
                         std::to_string(run.standardizer.mean.size()) + ".");
}

}  // namespace

LoadedRun loadRun(const std::string& path) {
    nlohmann::json j = parseJsonDocument(readTextFile(path, "a RUN.json file"), path);
    if (!j.is_object() || !j.contains("format") || j.at("format") != "dropoutlab-run/1")
        throw InputError(path +
                         ": not a Dropout Lab RUN.json (\"format\" should be "
                         "\"dropoutlab-run/1\").");
    LoadedRun run;
    try {
        run.config = ExperimentConfig::fromJson(j.at("config"));
        const auto& m = j.at("model");
        if (!m.is_object()) throw InputError("model: expected an object.");
        run.inputShape = readInputShape(m, path);
        run.outputs = static_cast<int>(readWhole(m, "outputs", 1, kMaxRunOutputs, path));
        run.classification = m.at("classification").get<bool>();
        run.trainSize = m.contains("train_size")
                            ? static_cast<int>(readWhole(m, "train_size", 0,
                                                         std::numeric_limits<int>::max(), path))
                            : 0;
        run.classNames = readNames(m, "class_names", path);
        if (!m.contains("class_names"))
            throw InputError(path + ": model.class_names: this field is required.");
        run.inputNames = readNames(m, "input_names", path);
        if (m.contains("standardizer"))
            run.standardizer = Standardizer::fromJson(m.at("standardizer"), "model.standardizer");
    } catch (const InputError& e) {
        const std::string what = e.what();
        throw InputError(what.starts_with(path + ": ") ? what : path + ": " + what);
    } catch (const nlohmann::json::exception&) {
        throw InputError(path + ": the \"model\" or \"config\" section is missing or malformed.");
    }
    checkModelSection(run, path);
    try {
        run.network = buildNetwork(run.config, run.inputShape, run.outputs);
    } catch (const InputError& e) {
        throw InputError(path + ": " + e.what());
    }
    if (!j.contains("weights")) throw InputError(path + ": the \"weights\" section is missing.");
    try {
        weightsFromJson(run.network, j.at("weights"), path);
    } catch (const nlohmann::json::exception&) {
        throw InputError(path + ": the \"weights\" section is malformed.");
    }
    return run;
}

void checkDataMatchesRun(const LoadedRun& run, const Dataset& data, const std::string& path) {
    const std::string section =
        path + ": the data set of its config (dataset.kind \"" + run.config.dataset.kind + "\") ";
    if (data.sampleShape != run.inputShape)
        throw InputError(section + "now gives samples of shape " + shapeText(data.sampleShape) +
                         " but the model was trained on " + shapeText(run.inputShape) +
                         "; the data changed since training.");
    if (data.isClassification() != run.classification)
        throw InputError(section + "is now a " +
                         (data.isClassification() ? "classification" : "regression") +
                         " set but the model was trained for " +
                         (run.classification ? "classification" : "regression") +
                         "; the data changed since training.");
    const int outputs = data.isClassification() ? data.numClasses : int(data.y.cols());
    if (outputs != run.outputs)
        throw InputError(section + "now has " + std::to_string(outputs) +
                         (data.isClassification() ? " classes" : " targets") +
                         " but the model has " + std::to_string(run.outputs) +
                         " outputs; the data changed since training.");
}

}  // namespace dl
