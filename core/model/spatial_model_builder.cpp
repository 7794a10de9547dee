#include "core/model/spatial_model_builder.h"

#include "base/input_error.h"
#include "core/layers/conv2d_layer.h"
#include "core/layers/flatten_layer.h"
#include "core/layers/pool2d_layer.h"

namespace dl {
namespace {

void requireMaps(const LayerSpec& l, const std::string& path, const std::vector<int>& shape) {
    if (shape.size() == 3) return;
    throw InputError(path + ": a " + l.type +
                     " layer needs C×H×W feature maps as input, but it "
                     "gets shape " +
                     shapeText(shape) +
                     "; use an image data set and put it before the dense layers.");
}

ConvGeometry fittedGeometry(const LayerSpec& l, const std::string& path,
                            const std::vector<int>& shape, int window, int padding) {
    requireMaps(l, path, shape);
    ConvGeometry g = geometryFor(shape, window, l.stride, padding);
    if (!g.fits())
        throw InputError(path + ": the " + std::to_string(window) + "×" + std::to_string(window) +
                         " window (padding " + std::to_string(padding) +
                         ") does not fit the input maps of shape " + shapeText(shape) +
                         "; use a smaller window or more padding.");
    return g;
}

}  // namespace

void addSpatialLayer(Network& net, const LayerSpec& l, const std::string& path, std::uint64_t seed,
                     std::uint32_t& siteIndex, std::uint32_t& layerIndex, std::vector<int>& shape) {
    std::unique_ptr<Layer> layer;
    if (l.type == "conv2d") {
        auto conv =
            std::make_unique<Conv2DLayer>(fittedGeometry(l, path, shape, l.kernel, l.padding),
                                          l.filters, activationFromName(l.activation));
        conv->initialize(initFromName(l.init), seed, layerIndex++);
        layer = std::move(conv);
    } else if (l.type == "maxpool2d" || l.type == "avgpool2d") {
        const PoolKind kind = l.type == "maxpool2d" ? PoolKind::Max : PoolKind::Average;
        layer = std::make_unique<Pool2DLayer>(kind, fittedGeometry(l, path, shape, l.size, 0));
    } else if (l.type == "globalavgpool") {
        requireMaps(l, path, shape);
        layer = std::make_unique<GlobalAvgPoolLayer>(shape);
    } else {
        layer = std::make_unique<FlattenLayer>(shape);
    }
    shape = layer->outputShape();
    net.add(std::move(layer));
    if (l.dropout) net.add(std::make_unique<DropoutLayer>(*l.dropout, siteIndex++, shape));
}

}  // namespace dl
