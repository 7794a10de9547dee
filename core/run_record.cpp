#include "run_record.h"

#include "config_error.h"

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
    if (k != j.size()) throw InputError(source + ": weights: more parameters than the network has.");
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
    return {{"format", "dropoutlab-run/1"},
            {"config", trainer.config().toJson()},
            {"history", history},
            {"final", fin},
            {"weights", weightsToJson(trainer.network())}};
}

}  // namespace dl
