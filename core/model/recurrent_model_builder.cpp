#include "core/model/recurrent_model_builder.h"

#include "base/input_error.h"
#include "core/layers/gru_layer.h"
#include "core/layers/lstm_layer.h"

namespace dl {

void addRecurrentLayer(Network& net, const LayerSpec& l, const std::string& path,
                       std::uint64_t seed, std::uint32_t& siteIndex, std::uint32_t& layerIndex,
                       std::vector<int>& shape) {
    if (shape.size() != 2)
        throw InputError(path + (l.type == "lstm" ? ": an lstm" : ": a gru") +
                         " layer needs sequences of shape {timesteps, features} as input, but it "
                         "gets shape " +
                         shapeText(shape) +
                         "; use a sequence data set (sine-forecast, sequence-class, w4-sines) or "
                         "put it after a layer with return_sequences true.");
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
