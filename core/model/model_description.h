#pragma once
// A typed description of a built network: one entry per layer with its kind, shapes,
// activation and dropout sites. Code that shows or inspects a network (the GUI's worker-side
// builders) reads this instead of casting layers or comparing kind strings.
#include <optional>
#include <string>
#include <vector>

#include "core/layers/layer.h"

namespace dl {

/// One layer of a network as the outside sees it.
struct LayerDescription {
    int index = 0;  ///< position in the network (Network::layer(index), activation(index))
    LayerKind kind = LayerKind::Dense;
    std::vector<int> inputShape;           ///< one sample's shape going in
    std::vector<int> outputShape;          ///< one sample's shape coming out
    std::optional<Activation> activation;  ///< dense and conv layers
    std::vector<std::string> siteIds;      ///< dropout sites the layer applies, in order
    bool isDropout() const {
        return kind == LayerKind::Dropout || kind == LayerKind::ConcreteDropout;
    }
};

/// The whole network: its input shape and one entry per layer, in order.
struct ModelDescription {
    std::vector<int> inputShape;
    std::vector<LayerDescription> layers;
    /// Indices of the layers of one kind, in order.
    std::vector<int> indicesOf(LayerKind kind) const;
};

}  // namespace dl
