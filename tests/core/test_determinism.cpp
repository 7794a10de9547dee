// The same seed gives bit-identical parameters and losses at 1, 2 and 4 threads, a second run
// in the same process repeats the first's epoch metrics exactly, and another seed differs.
#include <gtest/gtest.h>

#include <tbb/global_control.h>

#include <string>
#include <vector>

#include "core/config/experiment_setup.h"
#include "tests/support/test_helpers.h"

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

TEST(Determinism, PresetBitIdenticalAcrossThreads) {
    ExperimentConfig c = loadExperiment("spiral-dropout");
    auto one = trainAndCollect(c, 1, 50);
    EXPECT_EQ(trainAndCollect(c, 2, 50), one);
    EXPECT_EQ(trainAndCollect(c, 4, 50), one);
}

TEST(Determinism, WideNetBitIdenticalAcrossThreads) {
    ExperimentConfig c = wideConfig();
    std::vector<double> l1, l2, l4;
    auto one = trainAndCollect(c, 1, 50, &l1);
    auto two = trainAndCollect(c, 2, 50, &l2);
    auto four = trainAndCollect(c, 4, 50, &l4);
    EXPECT_EQ(one, two);
    EXPECT_EQ(one, four);
    EXPECT_EQ(l1, l2);
    EXPECT_EQ(l1, l4);
    ASSERT_EQ(l1.size(), 50u);
    EXPECT_NE(l1.front(), l1.back());  // it did train
}

TEST(Determinism, DifferentSeedDiffers) {
    ExperimentConfig c = loadExperiment("spiral-dropout");
    auto a = trainAndCollect(c, 2, 5);
    c.seed += 1;
    EXPECT_NE(trainAndCollect(c, 2, 5), a);
}

TEST(Determinism, EpochMetricsRepeat) {
    ExperimentConfig c = loadExperiment("spiral-dropout");
    c.training.epochs = 3;
    auto a = makeTrainer(c), b = makeTrainer(c);
    a->run(3);
    b->run(3);
    ASSERT_EQ(a->history().size(), 3u);
    ASSERT_EQ(b->history().size(), 3u);
    for (int e = 0; e < 3; ++e) {
        SCOPED_TRACE("epoch " + std::to_string(e));
        EXPECT_EQ(a->history()[e].val.loss, b->history()[e].val.loss);
        EXPECT_EQ(a->history()[e].train.accuracy, b->history()[e].train.accuracy);
    }
}
