#include "core/config/ab_pair.h"

namespace dl {
namespace {

bool isRecurrentLayer(const LayerSpec& l) {
    return l.type == "lstm" || l.type == "gru";
}

// The variant of the first variational or naive input/recurrent site, if any.
std::optional<Variant> firstRecurrentMaskVariant(const ExperimentConfig& c) {
    for (const auto& l : c.layers) {
        if (!isRecurrentLayer(l)) continue;
        for (const auto* s : {&l.recurrent.inputDropout, &l.recurrent.recurrentDropout})
            if (*s && ((*s)->variant == Variant::Variational || (*s)->variant == Variant::Naive))
                return (*s)->variant;
    }
    return std::nullopt;
}

void swapVariant(std::optional<DropoutSpec>& site, Variant from, Variant to) {
    if (site && site->variant == from) site->variant = to;
}

}  // namespace

ExperimentConfig withoutDropout(ExperimentConfig config) {
    config.inputDropout.reset();
    for (auto& l : config.layers) {
        l.dropout.reset();
        l.recurrent.inputDropout.reset();
        l.recurrent.recurrentDropout.reset();
        l.recurrent.zoneout.reset();
    }
    config.name += " (no dropout)";
    return config;
}

std::optional<ExperimentConfig> withFlippedRecurrentMasks(ExperimentConfig config) {
    const auto first = firstRecurrentMaskVariant(config);
    if (!first) return std::nullopt;
    const bool toNaive = *first == Variant::Variational;
    const Variant from = toNaive ? Variant::Variational : Variant::Naive;
    const Variant to = toNaive ? Variant::Naive : Variant::Variational;
    for (auto& l : config.layers) {
        if (!isRecurrentLayer(l)) continue;
        swapVariant(l.recurrent.inputDropout, from, to);
        swapVariant(l.recurrent.recurrentDropout, from, to);
        // A {T, H} output site has no "naive" variant: its per-timestep form is element.
        if (l.recurrent.returnSequences)
            toNaive ? swapVariant(l.dropout, Variant::Variational, Variant::Element)
                    : swapVariant(l.dropout, Variant::Element, Variant::Variational);
    }
    config.name += toNaive ? " (naive masks)" : " (variational masks)";
    return config;
}

ExperimentConfig abPartner(const ExperimentConfig& a) {
    if (auto flipped = withFlippedRecurrentMasks(a)) return *flipped;
    if (hasDropout(a)) return withoutDropout(a);
    ExperimentConfig b = a;
    for (std::size_t i = 0; i < b.layers.size(); ++i) {
        DropoutSpec spec;  // element-wise, inverted, rate 0.5
        spec.id = "layer" + std::to_string(i + 1);
        b.layers[i].dropout = spec;
    }
    b.name += " (dropout 0.5)";
    return b;
}

bool hasDropout(const ExperimentConfig& config) {
    if (config.inputDropout) return true;
    for (const auto& l : config.layers)
        if (l.dropout || l.recurrent.siteCount() > 0) return true;
    return false;
}

bool isRecurrent(const ExperimentConfig& config) {
    for (const auto& l : config.layers)
        if (isRecurrentLayer(l)) return true;
    return false;
}

}  // namespace dl
