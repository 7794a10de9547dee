#include "core/io/run_record.h"

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "core/model/model_builder.h"

namespace dl {

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
            for (std::size_t e = 0; e < data.size(); ++e) p->value.data()[e] = data[e].get<float>();
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

LoadedRun loadRun(const std::string& path) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(readTextFile(path));
    } catch (const nlohmann::json::parse_error&) {
        throw InputError(path + ": not valid JSON; expected a RUN.json written by train --out.");
    }
    if (!j.is_object() || j.value("format", "") != "dropoutlab-run/1")
        throw InputError(path +
                         ": not a Dropout Lab RUN.json (\"format\" should be "
                         "\"dropoutlab-run/1\").");
    LoadedRun run;
    try {
        run.config = ExperimentConfig::fromJson(j.at("config"));
        const auto& m = j.at("model");
        run.inputShape = m.at("input_shape").get<std::vector<int>>();
        run.outputs = m.at("outputs").get<int>();
        run.classification = m.at("classification").get<bool>();
        run.trainSize = m.value("train_size", 0);
        run.classNames = m.at("class_names").get<std::vector<std::string>>();
        if (m.contains("standardizer"))
            run.standardizer = Standardizer::fromJson(m.at("standardizer"), "model.standardizer");
    } catch (const InputError& e) {
        throw InputError(path + ": " + e.what());
    } catch (const nlohmann::json::exception&) {
        throw InputError(path + ": the \"model\" or \"config\" section is missing or malformed.");
    }
    run.network = buildNetwork(run.config, run.inputShape, run.outputs);
    if (!j.contains("weights")) throw InputError(path + ": the \"weights\" section is missing.");
    try {
        weightsFromJson(run.network, j.at("weights"), path);
    } catch (const nlohmann::json::exception&) {
        throw InputError(path + ": the \"weights\" section is malformed.");
    }
    return run;
}

}  // namespace dl
