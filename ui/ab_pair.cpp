#include "ab_pair.h"

namespace dl {

ExperimentConfig withoutDropout(ExperimentConfig config) {
    config.inputDropout.reset();
    for (auto& l : config.layers) l.dropout.reset();
    config.name += " (no dropout)";
    return config;
}

ExperimentConfig abPartner(const ExperimentConfig& a) {
    if (hasDropout(a)) return withoutDropout(a);
    ExperimentConfig b = a;
    for (std::size_t i = 0; i < b.layers.size(); ++i)
        b.layers[i].dropout =
            DropoutSpec{"layer" + std::to_string(i + 1), Variant::Element, 0.5, Scaling::Inverted};
    b.name += " (dropout 0.5)";
    return b;
}

bool hasDropout(const ExperimentConfig& config) {
    if (config.inputDropout) return true;
    for (const auto& l : config.layers)
        if (l.dropout) return true;
    return false;
}

}  // namespace dl
