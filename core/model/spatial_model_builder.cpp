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

// A conv layer's weights, its output maps and its per-thread patch matrix, checked in 64 bits
// before anything is allocated.
void checkConvBudget(ModelBudget& budget, const LayerSpec& l, const std::string& path,
                     const ConvGeometry& g) {
    const std::int64_t patch = std::int64_t(g.channels) * g.kernel * g.kernel;
    const std::int64_t positions = std::int64_t(g.outHeight()) * g.outWidth();
    budget.addParameters(saturatingMul(saturatingAdd(patch, 1), l.filters), path + ".filters",
                         "use fewer filters or a smaller kernel");
    const std::int64_t patchValues = saturatingMul(patch, positions);
    if (patchValues > kMaxPatchValues)
        throw InputError(path + ".kernel: the layer's patch matrix (" + std::to_string(patch) +
                         " values per position × " + std::to_string(positions) +
                         " positions) would hold " + std::to_string(patchValues) +
                         " values, more than the limit of " + std::to_string(kMaxPatchValues) +
                         " (128 MiB of floats); use a smaller kernel, a larger stride or fewer "
                         "input channels.");
    budget.addActivations(saturatingMul(l.filters, positions), path + ".filters");
}

}  // namespace

void addSpatialLayer(Network& net, const LayerSpec& l, const std::string& path, std::uint64_t seed,
                     std::uint32_t& siteIndex, std::uint32_t& layerIndex, std::vector<int>& shape,
                     ModelBudget* budget) {
    std::unique_ptr<Layer> layer;
    if (l.type == "conv2d") {
        const ConvGeometry g = fittedGeometry(l, path, shape, l.kernel, l.padding);
        if (budget) checkConvBudget(*budget, l, path, g);
        auto conv = std::make_unique<Conv2DLayer>(g, l.filters, activationFromName(l.activation));
        conv->initialize(initFromName(l.init), seed, layerIndex++);
        layer = std::move(conv);
    } else if (l.type == "maxpool2d" || l.type == "avgpool2d") {
        const PoolKind kind = l.type == "maxpool2d" ? PoolKind::Max : PoolKind::Average;
        const ConvGeometry g = fittedGeometry(l, path, shape, l.size, 0);
        if (budget)
            budget->addActivations(
                saturatingMul(saturatingMul(g.channels, g.outHeight()), g.outWidth()), path);
        layer = std::make_unique<Pool2DLayer>(kind, g);
    } else if (l.type == "globalavgpool") {
        requireMaps(l, path, shape);
        if (budget) budget->addActivations(shape[0], path);
        layer = std::make_unique<GlobalAvgPoolLayer>(shape);
    } else {
        if (budget) budget->addActivations(shapeValues(shape), path);
        layer = std::make_unique<FlattenLayer>(shape);
    }
    shape = layer->outputShape();
    net.add(std::move(layer));
    if (l.dropout) {
        if (budget)  // the site's output and its mask
            budget->addActivations(saturatingMul(2, shapeValues(shape)), path + ".dropout");
        net.add(std::make_unique<DropoutLayer>(*l.dropout, siteIndex++, shape));
    }
}

}  // namespace dl
