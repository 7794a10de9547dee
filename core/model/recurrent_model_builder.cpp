#include "core/model/recurrent_model_builder.h"

#include "base/input_error.h"
#include "core/layers/gru_layer.h"
#include "core/layers/lstm_layer.h"

namespace dl {

void addRecurrentLayer(Network& net, const LayerSpec& l, const std::string& path,
                       std::uint64_t seed, std::uint32_t& siteIndex, std::uint32_t& layerIndex,
                       std::vector<int>& shape, ModelBudget* budget) {
    if (shape.size() != 2)
        throw InputError(path + (l.type == "lstm" ? ": an lstm" : ": a gru") +
                         " layer needs sequences of shape {timesteps, features} as input, but it "
                         "gets shape " +
                         shapeText(shape) +
                         "; use a sequence data set (sine-forecast, sequence-class, w4-sines) or "
                         "put it after a layer with return_sequences true.");
    if (budget) {
        // PyTorch's layout: W_ih [G·H, F], W_hh [G·H, H], two biases [1, G·H]; per sample the
        // caches hold about T·(F + G·H + 5·H) values and the output T·H (or H).
        const std::int64_t g = l.type == "lstm" ? 4 : 3, t = shape[0], f = shape[1], h = l.units;
        const std::int64_t gh = saturatingMul(g, h);
        budget->addParameters(saturatingMul(gh, saturatingAdd(saturatingAdd(f, h), 2)),
                              path + ".units", "use fewer units");
        const std::int64_t perStep = saturatingAdd(saturatingAdd(f, gh), saturatingMul(5, h));
        budget->addActivations(saturatingAdd(saturatingMul(t, perStep),
                                             l.recurrent.returnSequences ? saturatingMul(t, h) : h),
                               path + ".units");
    }
    const RecurrentShape sizes{shape[0], shape[1], l.units};
    std::unique_ptr<RecurrentLayer> layer;
    if (l.type == "lstm")
        layer = std::make_unique<LstmLayer>(sizes, l.recurrent, siteIndex);
    else
        layer = std::make_unique<GruLayer>(sizes, l.recurrent, siteIndex);
    siteIndex += std::uint32_t(l.recurrent.siteCount());
    layer->initialize(initFromName(l.init), seed, layerIndex++);
    shape = layer->outputShape();
    net.add(std::move(layer));
}

}  // namespace dl
