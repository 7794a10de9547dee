#include "core/model/model_builder.h"

#include <algorithm>
#include <limits>

#include "base/input_error.h"
#include "core/dropout/concrete_dropout_layer.h"
#include "core/layers/dense_layer.h"
#include "core/model/recurrent_layer_spec.h"
#include "core/model/recurrent_model_builder.h"
#include "core/model/spatial_layer_spec.h"
#include "core/model/spatial_model_builder.h"

namespace dl {
namespace {

constexpr std::int64_t kSaturated = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kSmallestPredictBlock = 64;  // Trainer::predict's fewest rows per block

}  // namespace

std::int64_t saturatingMul(std::int64_t a, std::int64_t b) {
    std::int64_t out;
    return __builtin_mul_overflow(a, b, &out) ? kSaturated : out;
}

std::int64_t saturatingAdd(std::int64_t a, std::int64_t b) {
    std::int64_t out;
    return __builtin_add_overflow(a, b, &out) ? kSaturated : out;
}

std::int64_t shapeValues(const std::vector<int>& shape) {
    std::int64_t n = 1;
    for (int d : shape) n = saturatingMul(n, std::max(d, 0));
    return n;
}

ModelBudget::ModelBudget(std::int64_t batchRows, const std::vector<int>& inputShape)
    : rows_(batchRows) {
    if (inputShape.empty() || inputShape.size() > 3 ||
        std::any_of(inputShape.begin(), inputShape.end(), [](int d) { return d < 1; }))
        throw InputError("the input shape " + shapeText(inputShape) +
                         " is not a sample shape; expected 1 to 3 sizes, each at least 1.");
    addActivations(shapeValues(inputShape), "the input");
}

void ModelBudget::addParameters(std::int64_t count, const std::string& field,
                                const std::string& remedy) {
    const std::int64_t total = saturatingAdd(parameters_, count);
    if (total > kMaxParameters)
        throw InputError(field + ": the layer's " + std::to_string(count) +
                         " parameters would bring the network to " +
                         (total == kSaturated ? "more than 2^63" : std::to_string(total)) +
                         ", more than the limit of " + std::to_string(kMaxParameters) +
                         " (1 GiB of floats); " + remedy + ".");
    parameters_ = total;
}

void ModelBudget::addActivations(std::int64_t perSample, const std::string& path) {
    const std::int64_t total = saturatingAdd(activations_, perSample);
    const std::int64_t batch = saturatingMul(total, rows_);
    if (batch > kMaxActivationValues)
        throw InputError(path + ": a batch of " + std::to_string(rows_) + " samples would hold " +
                         (batch == kSaturated ? "more than 2^63" : std::to_string(batch)) +
                         " activation values up to here, more than the limit of " +
                         std::to_string(kMaxActivationValues) +
                         " (1 GiB of floats); use a smaller training.batch_size, smaller layers "
                         "or smaller samples.");
    activations_ = total;
}

std::int64_t activationValuesPerSample(Network& net) {
    std::int64_t n = shapeValues(net.inputShape());
    for (int i = 0; i < net.layerCount(); ++i)
        n = saturatingAdd(n, shapeValues(net.layer(i).outputShape()));
    return n;
}

Network buildNetwork(const ExperimentConfig& config, const std::vector<int>& inputShape,
                     int outputs, std::int64_t batchRows) {
    if (batchRows <= 0) batchRows = config.training.batchSize;
    ModelBudget budget(std::max(batchRows, kSmallestPredictBlock), inputShape);
    if (outputs < 1)
        throw InputError("the model needs at least one output, got " + std::to_string(outputs) +
                         ".");
    Network net(inputShape);
    std::uint32_t siteIndex = 0;
    std::uint32_t layerIndex = 0;
    std::vector<int> shape = inputShape;
    auto addSite = [&](const DropoutSpec& spec, const std::string& path) {
        budget.addActivations(saturatingMul(2, shapeValues(shape)), path);  // output and mask
        net.add(makeSiteLayer(spec, siteIndex++, shape));
    };
    if (config.inputDropout) {
        checkVariantFitsShape(*config.inputDropout, shape, "network.input_dropout");
        addSite(*config.inputDropout, "network.input_dropout");
    }
    auto addDense = [&](int units, const std::string& act, const std::string& init,
                        const std::string& field, const std::string& remedy) {
        const std::int64_t inputs = shapeValues(shape);
        budget.addParameters(saturatingMul(saturatingAdd(inputs, 1), units), field, remedy);
        budget.addActivations(saturatingMul(2, units), field);  // output and its gradient
        auto dense = std::make_unique<DenseLayer>(shapeSize(shape), units, activationFromName(act));
        dense->initialize(initFromName(init), config.seed, layerIndex++);
        net.add(std::move(dense));
        shape = {units};
    };
    for (std::size_t i = 0; i < config.layers.size(); ++i) {
        const auto& l = config.layers[i];
        const std::string path = "network.layers[" + std::to_string(i) + "]";
        if (isSpatialLayerType(l.type)) {
            addSpatialLayer(net, l, path, config.seed, siteIndex, layerIndex, shape, &budget);
            continue;
        }
        if (isRecurrentLayerType(l.type))
            addRecurrentLayer(net, l, path, config.seed, siteIndex, layerIndex, shape, &budget);
        else
            addDense(l.units, l.activation, l.init, path + ".units", "use fewer units");
        if (l.dropout) addSite(*l.dropout, path + ".dropout");
    }
    addDense(outputs, "linear", config.outputInit,
             "network: the output layer (" + std::to_string(outputs) + " outputs)",
             "make the layer before it smaller");
    return net;
}

}  // namespace dl
