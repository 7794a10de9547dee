#include "app/cli/masks.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <iostream>

#include "app/cli/common.h"
#include "base/atomic_file.h"
#include "base/input_error.h"
#include "core/config/experiment_setup.h"

namespace dl::cli {
namespace {

// Shortest text that reads back as the same float (1.25, 0, 2), so masks stay compact.
void appendFloat(std::string& out, float v) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, end);
}

void appendSite(std::string& json, const DropoutSite& s) {
    const Matrix& m = s.lastMask();
    nlohmann::json shape = nlohmann::json::array({m.rows()});
    for (int d : s.maskShape()) shape.push_back(d);
    nlohmann::json head = {{"id", s.id()},
                           {"variant", variantName(s.spec().variant)},
                           {"rate", s.rate()},
                           {"shape", shape}};
    std::string text = head.dump();
    text.pop_back();  // reopen the object to stream the (large) mask after it
    json += text + ",\"mask\":[";
    for (Eigen::Index i = 0; i < m.size(); ++i) {
        if (i) json += ',';
        appendFloat(json, m.data()[i]);
    }
    json += "]}";
}

}  // namespace

void appendStepMasks(std::string& json, long step, Network& net) {
    json += "{\"step\":" + std::to_string(step) + ",\"sites\":[";
    bool first = true;
    for (DropoutSite* s : net.sites()) {
        if (!first) json += ',';
        first = false;
        appendSite(json, *s);
    }
    json += "]}";
}

int runMasks(const MasksOptions& o) {
    auto threads = limitThreads(o.threads);
    checkOutArgument(o.out);  // before any work: a bad --out is found now, not after it
    if (o.steps < 1) throw InputError("--steps: expected a whole number ≥ 1.");
    ExperimentConfig config = loadWithOverrides(o.config, std::nullopt, o.seed);
    std::unique_ptr<Trainer> trainer;
    try {
        trainer = makeTrainer(config);
    } catch (const InputError& e) {
        throw InputError(o.config + ": " + e.what());  // data and network errors name the config
    }
    std::string json = "{\"steps\":[";
    for (int k = 1; k <= o.steps; ++k) {
        trainer->step();
        if (k > 1) json += ',';
        appendStepMasks(json, k, trainer->network());  // step K: the K-th training step's masks
    }
    json += "]}\n";
    if (o.out.empty()) {
        std::cout << json;
        return 0;
    }
    writeFileAtomically(o.out, json);
    std::printf("wrote the masks of %d step(s), %zu site(s), to %s\n", o.steps,
                trainer->network().sites().size(), o.out.c_str());
    return 0;
}

}  // namespace dl::cli
