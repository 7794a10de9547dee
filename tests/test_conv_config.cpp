// Config of the spatial layers and sites: conv2d/pool/flatten fields read and written back,
// unknown and misplaced fields rejected by name, variants checked against the site's kind,
// and layers that do not fit their input rejected when the network is built.
#include <QtTest>

#include "core/config_error.h"
#include "core/experiment_config.h"
#include "core/model_builder.h"

using namespace dl;
using nlohmann::json;

namespace {

json configWith(const json& layers) {
    return {{"seed", 2},
            {"dataset", {{"kind", "shapes"}, {"samples", 100}}},
            {"network", {{"layers", layers}}}};
}

QString errorOf(const json& j, std::vector<int> input = {1, 16, 16}) {
    try {
        auto c = ExperimentConfig::fromJson(j);
        buildNetwork(c, input, 4);
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class ConvConfigTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void readsAndWritesBack() {
        json layers = json::parse(R"([
          {"type": "conv2d", "filters": 8, "kernel": 5, "stride": 2, "padding": 2, "init": "uniform",
           "dropout": {"id": "c1", "variant": "block", "rate": 0.1, "block_size": 2}},
          {"type": "avgpool2d", "size": 3, "stride": 1},
          {"type": "conv2d", "filters": 4, "activation": "tanh", "dropout": {"variant": "channel"}},
          {"type": "globalavgpool"},
          {"type": "dense", "units": 8}])");
        auto c = ExperimentConfig::fromJson(configWith(layers));
        QCOMPARE(c.layers[0].kernel, 5);
        QCOMPARE(c.layers[0].dropout->blockSize, 2);
        QCOMPARE(c.layers[1].stride, 1);
        QCOMPARE(c.layers[2].init, std::string("xavier"));
        QCOMPARE(c.layers[2].dropout->id, std::string("layer3"));
        auto again = ExperimentConfig::fromJson(c.toJson());
        QCOMPARE(again.toJson(), c.toJson());
        Network net = buildNetwork(c, {1, 16, 16}, 4);
        QCOMPARE(net.layer(0).outputShape(), (std::vector<int>{8, 8, 8}));
        QCOMPARE(net.layer(2).outputShape(), (std::vector<int>{8, 6, 6}));
        QCOMPARE(net.layer(5).outputShape(), (std::vector<int>{4}));
    }
    void poolStrideDefaultsToSize() {
        auto c = ExperimentConfig::fromJson(
            configWith(json::parse(R"([{"type": "maxpool2d", "size": 4}])")));
        QCOMPARE(c.layers[0].stride, 4);
    }
    void unknownFieldsRejectedByName() {
        QVERIFY(errorOf(configWith(json::parse(R"([{"type": "conv2d", "units": 3}])")))
                    .contains("network.layers[0].units: unknown field"));
        QVERIFY(errorOf(configWith(json::parse(R"([{"type": "maxpool2d", "padding": 1}])")))
                    .contains("network.layers[0].padding"));
        QVERIFY(errorOf(configWith(json::parse(R"([{"type": "flatten", "size": 2}])")))
                    .contains("network.layers[0].size"));
        QVERIFY(errorOf(configWith(json::parse(R"([{"type": "conv2d", "kernel": 0}])")))
                    .contains("network.layers[0].kernel"));
        QVERIFY(errorOf(configWith(json::parse(R"([{"type": "conv3d"}])")))
                    .contains("network.layers[0].type"));
    }
    void denseSiteRejectsSpatialVariants() {
        for (const char* v : {"channel", "block"}) {
            json layers = {{{"type", "dense"}, {"units", 4}, {"dropout", {{"variant", v}}}}};
            const QString msg = errorOf(configWith(layers));
            QVERIFY2(msg.contains("network.layers[0].dropout.variant") && msg.contains(v) &&
                         msg.contains("conv2d"),
                     qPrintable(msg));
        }
    }
    void inputDropoutSpatialNeedsImages() {
        json j = configWith(json::array());
        j["network"]["input_dropout"] = {{"variant", "channel"}, {"rate", 0.1}};
        QVERIFY(errorOf(j).isEmpty());  // 1×16×16 images
        const QString msg = errorOf(j, {2});
        QVERIFY2(msg.contains("network.input_dropout.variant"), qPrintable(msg));
    }
    void blockFieldsChecked() {
        json onElement = {
            {{"type", "conv2d"}, {"dropout", {{"variant", "element"}, {"block_size", 3}}}}};
        QVERIFY(errorOf(configWith(onElement)).contains("network.layers[0].dropout.block_size"));
        json zero = {{{"type", "conv2d"}, {"dropout", {{"variant", "block"}, {"block_size", 0}}}}};
        QVERIFY(errorOf(configWith(zero)).contains("network.layers[0].dropout.block_size"));
        json classic = {
            {{"type", "conv2d"}, {"dropout", {{"variant", "block"}, {"scaling", "classic"}}}}};
        QVERIFY(errorOf(configWith(classic)).contains("network.layers[0].dropout.scaling"));
    }
    void layersThatDoNotFitAreRejected() {
        json convAfterDense = json::parse(R"([{"type": "dense", "units": 4}, {"type": "conv2d"}])");
        QVERIFY(errorOf(configWith(convAfterDense)).contains("network.layers[1]"));
        json tooBig = json::parse(R"([{"type": "conv2d", "kernel": 17}])");
        QVERIFY(errorOf(configWith(tooBig)).contains("network.layers[0]"));
        json poolTooBig =
            json::parse(R"([{"type": "maxpool2d", "size": 4}, {"type": "maxpool2d", "size": 5}])");
        QVERIFY(errorOf(configWith(poolTooBig)).contains("network.layers[1]"));
        QVERIFY(errorOf(configWith(json::parse(R"([{"type": "conv2d"}])")), {5})
                    .contains("needs C×H×W"));
    }
    void presetsParse() {
        for (const char* name :
             {"shapes-cnn-spatial", "fashion-cnn-spatial", "fashion-cnn-element"}) {
            ExperimentConfig c = loadExperiment(name);
            Network net = buildNetwork(c,
                                       c.dataset.kind == "shapes" ? std::vector<int>{1, 16, 16}
                                                                  : std::vector<int>{1, 28, 28},
                                       c.dataset.kind == "shapes" ? 4 : 10);
            QCOMPARE(int(net.sites().size()), 3);
            QCOMPARE(net.sites()[0]->maskShape().size(), std::size_t(3));
        }
        ExperimentConfig w3 = loadExperiment("fashion-cnn-spatial");
        QCOMPARE(buildNetwork(w3, {1, 28, 28}, 10).parameterCount(),
                 160L + 4640L + 1568L * 128 + 128 + 1290);  // the W3 network's size
    }
};

QTEST_APPLESS_MAIN(ConvConfigTest)
#include "test_conv_config.moc"
