// The same seed gives bit-identical parameters and metrics at 1, 2 and 4 threads,
// and a second run in the same process repeats the first exactly.
#include <QtTest>

#include <tbb/global_control.h>

#include "core/experiment_setup.h"
#include "test_helpers.h"

using namespace dl;

namespace {

// Trains `steps` steps with at most `threads` TBB workers; returns every parameter, flattened.
std::vector<float> trainAndCollect(const ExperimentConfig& c, int threads, int steps,
                                   std::vector<double>* losses = nullptr) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    auto trainer = makeTrainer(c);
    for (int i = 0; i < steps; ++i) {
        double l = trainer->step();
        if (losses) losses->push_back(l);
    }
    std::vector<float> all;
    for (Param* p : trainer->network().params())
        all.insert(all.end(), p->value.data(), p->value.data() + p->value.size());
    return all;
}

// A net wide enough that every layer really splits its work into many chunks.
ExperimentConfig wideConfig() {
    auto j = test::minimalConfigJson();
    j["dataset"]["samples"] = 1200;
    j["network"]["input_dropout"] = {{"rate", 0.2}};
    j["network"]["layers"] = nlohmann::json::parse(R"([
        {"units": 384, "activation": "relu", "dropout": {"rate": 0.5}},
        {"units": 384, "activation": "tanh", "dropout": {"variant": "gaussian", "rate": 0.3}}])");
    j["training"]["batch_size"] = 256;
    j["optimizer"] = {{"kind", "sgd"}, {"lr", 0.05}, {"max_norm", 3.0}, {"weight_decay", 1e-4}};
    return ExperimentConfig::fromJson(j);
}

}  // namespace

class DeterminismTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void presetBitIdenticalAcrossThreads() {
        ExperimentConfig c = loadExperiment("spiral-dropout");
        auto one = trainAndCollect(c, 1, 50);
        QCOMPARE(trainAndCollect(c, 2, 50), one);
        QCOMPARE(trainAndCollect(c, 4, 50), one);
    }
    void wideNetBitIdenticalAcrossThreads() {
        ExperimentConfig c = wideConfig();
        std::vector<double> l1, l2, l4;
        auto one = trainAndCollect(c, 1, 50, &l1);
        auto two = trainAndCollect(c, 2, 50, &l2);
        auto four = trainAndCollect(c, 4, 50, &l4);
        QVERIFY(one == two);
        QVERIFY(one == four);
        QVERIFY(l1 == l2 && l1 == l4);
        QVERIFY(l1.front() != l1.back());  // it did train
    }
    void differentSeedDiffers() {
        ExperimentConfig c = loadExperiment("spiral-dropout");
        auto a = trainAndCollect(c, 2, 5);
        c.seed += 1;
        QVERIFY(trainAndCollect(c, 2, 5) != a);
    }
    void epochMetricsRepeat() {
        ExperimentConfig c = loadExperiment("spiral-dropout");
        c.training.epochs = 3;
        auto a = makeTrainer(c), b = makeTrainer(c);
        a->run(3);
        b->run(3);
        for (int e = 0; e < 3; ++e) {
            QCOMPARE(a->history()[e].val.loss, b->history()[e].val.loss);
            QCOMPARE(a->history()[e].train.accuracy, b->history()[e].train.accuracy);
        }
    }
};

QTEST_APPLESS_MAIN(DeterminismTest)
#include "test_determinism.moc"
