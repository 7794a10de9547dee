// Config of the spatial layers and sites: conv2d/pool/flatten fields read and written back,
// unknown and misplaced fields rejected by name, variants checked against the site's kind,
// and layers that do not fit their input rejected when the network is built.
#include <gtest/gtest.h>

#include <string>

#include "base/input_error.h"
#include "core/config/experiment_config.h"
#include "core/model/model_builder.h"

using namespace dl;
using nlohmann::json;

namespace {

json configWith(const json& layers) {
    return {{"seed", 2},
            {"dataset", {{"kind", "shapes"}, {"samples", 100}}},
            {"network", {{"layers", layers}}}};
}

// The InputError message of reading `j` and building its network on `input`; "" if none.
std::string errorOf(const json& j, std::vector<int> input = {1, 16, 16}) {
    try {
        auto c = ExperimentConfig::fromJson(j);
        buildNetwork(c, input, 4);
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

// Success when `message` contains every one of `parts`; names the message otherwise.
::testing::AssertionResult mentions(const std::string& message,
                                    std::initializer_list<std::string> parts) {
    for (const std::string& part : parts)
        if (message.find(part) == std::string::npos)
            return ::testing::AssertionFailure()
                   << "\"" << message << "\" does not mention \"" << part << "\"";
    return ::testing::AssertionSuccess();
}

}  // namespace

TEST(ConvConfig, ReadsAndWritesBack) {
    json layers = json::parse(R"([
      {"type": "conv2d", "filters": 8, "kernel": 5, "stride": 2, "padding": 2, "init": "uniform",
       "dropout": {"id": "c1", "variant": "block", "rate": 0.1, "block_size": 2}},
      {"type": "avgpool2d", "size": 3, "stride": 1},
      {"type": "conv2d", "filters": 4, "activation": "tanh", "dropout": {"variant": "channel"}},
      {"type": "globalavgpool"},
      {"type": "dense", "units": 8}])");
    auto c = ExperimentConfig::fromJson(configWith(layers));
    ASSERT_EQ(c.layers.size(), 5u);
    EXPECT_EQ(c.layers[0].kernel, 5);
    ASSERT_TRUE(c.layers[0].dropout);
    EXPECT_EQ(c.layers[0].dropout->blockSize, 2);
    EXPECT_EQ(c.layers[1].stride, 1);
    EXPECT_EQ(c.layers[2].init, std::string("xavier"));
    ASSERT_TRUE(c.layers[2].dropout);
    EXPECT_EQ(c.layers[2].dropout->id, std::string("layer3"));
    auto again = ExperimentConfig::fromJson(c.toJson());
    EXPECT_EQ(again.toJson(), c.toJson());
    Network net = buildNetwork(c, {1, 16, 16}, 4);
    EXPECT_EQ(net.layer(0).outputShape(), (std::vector<int>{8, 8, 8}));
    EXPECT_EQ(net.layer(2).outputShape(), (std::vector<int>{8, 6, 6}));
    EXPECT_EQ(net.layer(5).outputShape(), (std::vector<int>{4}));
}

TEST(ConvConfig, PoolStrideDefaultsToSize) {
    auto c = ExperimentConfig::fromJson(
        configWith(json::parse(R"([{"type": "maxpool2d", "size": 4}])")));
    ASSERT_EQ(c.layers.size(), 1u);
    EXPECT_EQ(c.layers[0].stride, 4);
}

TEST(ConvConfig, UnknownFieldsRejectedByName) {
    EXPECT_TRUE(mentions(errorOf(configWith(json::parse(R"([{"type": "conv2d", "units": 3}])"))),
                         {"network.layers[0].units: unknown field"}));
    EXPECT_TRUE(
        mentions(errorOf(configWith(json::parse(R"([{"type": "maxpool2d", "padding": 1}])"))),
                 {"network.layers[0].padding"}));
    EXPECT_TRUE(mentions(errorOf(configWith(json::parse(R"([{"type": "flatten", "size": 2}])"))),
                         {"network.layers[0].size"}));
    EXPECT_TRUE(mentions(errorOf(configWith(json::parse(R"([{"type": "conv2d", "kernel": 0}])"))),
                         {"network.layers[0].kernel"}));
    EXPECT_TRUE(mentions(errorOf(configWith(json::parse(R"([{"type": "conv3d"}])"))),
                         {"network.layers[0].type"}));
}

TEST(ConvConfig, DenseSiteRejectsSpatialVariants) {
    for (const char* v : {"channel", "block"}) {
        SCOPED_TRACE(v);
        json layers = {{{"type", "dense"}, {"units", 4}, {"dropout", {{"variant", v}}}}};
        EXPECT_TRUE(mentions(errorOf(configWith(layers)),
                             {"network.layers[0].dropout.variant", v, "conv2d"}));
    }
}

TEST(ConvConfig, InputDropoutSpatialNeedsImages) {
    json j = configWith(json::array());
    j["network"]["input_dropout"] = {{"variant", "channel"}, {"rate", 0.1}};
    EXPECT_EQ(errorOf(j), "");  // 1×16×16 images
    EXPECT_TRUE(mentions(errorOf(j, {2}), {"network.input_dropout.variant"}));
}

TEST(ConvConfig, BlockFieldsChecked) {
    json onElement = {
        {{"type", "conv2d"}, {"dropout", {{"variant", "element"}, {"block_size", 3}}}}};
    EXPECT_TRUE(mentions(errorOf(configWith(onElement)), {"network.layers[0].dropout.block_size"}));
    json zero = {{{"type", "conv2d"}, {"dropout", {{"variant", "block"}, {"block_size", 0}}}}};
    EXPECT_TRUE(mentions(errorOf(configWith(zero)), {"network.layers[0].dropout.block_size"}));
    json classic = {
        {{"type", "conv2d"}, {"dropout", {{"variant", "block"}, {"scaling", "classic"}}}}};
    EXPECT_TRUE(mentions(errorOf(configWith(classic)), {"network.layers[0].dropout.scaling"}));
}

TEST(ConvConfig, LayersThatDoNotFitAreRejected) {
    json convAfterDense = json::parse(R"([{"type": "dense", "units": 4}, {"type": "conv2d"}])");
    EXPECT_TRUE(mentions(errorOf(configWith(convAfterDense)), {"network.layers[1]"}));
    json tooBig = json::parse(R"([{"type": "conv2d", "kernel": 17}])");
    EXPECT_TRUE(mentions(errorOf(configWith(tooBig)), {"network.layers[0]"}));
    json poolTooBig =
        json::parse(R"([{"type": "maxpool2d", "size": 4}, {"type": "maxpool2d", "size": 5}])");
    EXPECT_TRUE(mentions(errorOf(configWith(poolTooBig)), {"network.layers[1]"}));
    EXPECT_TRUE(mentions(errorOf(configWith(json::parse(R"([{"type": "conv2d"}])")), {5}),
                         {"needs C×H×W"}));
}

TEST(ConvConfig, PresetsParse) {
    for (const char* name : {"shapes-cnn-spatial", "fashion-cnn-spatial", "fashion-cnn-element"}) {
        SCOPED_TRACE(name);
        ExperimentConfig c = loadExperiment(name);
        Network net = buildNetwork(
            c,
            c.dataset.kind == "shapes" ? std::vector<int>{1, 16, 16} : std::vector<int>{1, 28, 28},
            c.dataset.kind == "shapes" ? 4 : 10);
        ASSERT_EQ(int(net.sites().size()), 3);
        EXPECT_EQ(net.sites()[0]->maskShape().size(), std::size_t(3));
    }
    ExperimentConfig w3 = loadExperiment("fashion-cnn-spatial");
    EXPECT_EQ(buildNetwork(w3, {1, 28, 28}, 10).parameterCount(),
              160L + 4640L + 1568L * 128 + 128 + 1290);  // the W3 network's size
}
