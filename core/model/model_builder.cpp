#include "core/model/model_builder.h"

#include "core/dropout/concrete_dropout_layer.h"
#include "core/layers/dense_layer.h"
#include "core/model/recurrent_layer_spec.h"
#include "core/model/recurrent_model_builder.h"
#include "core/model/spatial_layer_spec.h"
#include "core/model/spatial_model_builder.h"

namespace dl {

Network buildNetwork(const ExperimentConfig& config, const std::vector<int>& inputShape,
                     int outputs) {
    Network net(inputShape);
    std::uint32_t siteIndex = 0;
    std::uint32_t layerIndex = 0;
    std::vector<int> shape = inputShape;
    if (config.inputDropout) {
        checkVariantFitsShape(*config.inputDropout, shape, "network.input_dropout");
        net.add(makeSiteLayer(*config.inputDropout, siteIndex++, shape));
    }
    auto addDense = [&](int units, const std::string& act, const std::string& init) {
        auto dense = std::make_unique<DenseLayer>(shapeSize(shape), units, activationFromName(act));
        dense->initialize(initFromName(init), config.seed, layerIndex++);
        net.add(std::move(dense));
        shape = {units};
    };
    for (std::size_t i = 0; i < config.layers.size(); ++i) {
        const auto& l = config.layers[i];
        if (isSpatialLayerType(l.type)) {
            const std::string path = "network.layers[" + std::to_string(i) + "]";
            addSpatialLayer(net, l, path, config.seed, siteIndex, layerIndex, shape);
            continue;
        }
        if (isRecurrentLayerType(l.type))
            addRecurrentLayer(net, l, "network.layers[" + std::to_string(i) + "]", config.seed,
                              siteIndex, layerIndex, shape);
        else
            addDense(l.units, l.activation, l.init);
        if (l.dropout) net.add(makeSiteLayer(*l.dropout, siteIndex++, shape));
    }
    addDense(outputs, "linear", config.outputInit);
    return net;
}

}  // namespace dl
