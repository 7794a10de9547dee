// Network::describe() gives one typed entry per layer (kind, shapes chained from the input,
// activation for dense and conv only, dropout site ids in network order), and the trainer
// reports the training rows of its last mini-batch (what the image views label samples with).
#include <gtest/gtest.h>

#include "core/config/experiment_config.h"
#include "core/config/experiment_setup.h"

using namespace dl;

namespace {

std::unique_ptr<Trainer> trainerFor(const std::string& preset) {
    ExperimentConfig c = loadExperiment(preset);
    c.dataset.samples = 200;
    return makeTrainer(c);
}

// Shapes chain, site ids are the network's sites in order, and activations sit where they should.
void expectConsistent(Network& net, const ModelDescription& d) {
    ASSERT_EQ(int(d.layers.size()), net.layerCount());
    EXPECT_EQ(d.inputShape, net.inputShape());
    std::vector<int> in = net.inputShape();
    std::vector<std::string> ids;
    for (const LayerDescription& l : d.layers) {
        SCOPED_TRACE("layer " + std::to_string(l.index) + " " + std::string(kindName(l.kind)));
        EXPECT_EQ(l.kind, net.layer(l.index).layerKind());
        EXPECT_EQ(l.inputShape, in);
        EXPECT_EQ(l.outputShape, net.layer(l.index).outputShape());
        const bool affine = l.kind == LayerKind::Dense || l.kind == LayerKind::Conv2D;
        EXPECT_EQ(l.activation.has_value(), affine);
        EXPECT_EQ(l.isDropout(), !l.siteIds.empty() && (l.kind == LayerKind::Dropout ||
                                                        l.kind == LayerKind::ConcreteDropout));
        in = l.outputShape;
        ids.insert(ids.end(), l.siteIds.begin(), l.siteIds.end());
    }
    std::vector<std::string> expected;
    for (DropoutSite* s : net.sites()) expected.push_back(s->id());
    EXPECT_EQ(ids, expected);
}

}  // namespace

TEST(ModelDescription, CnnHasConvPoolFlattenDenseAndItsSites) {
    auto t = trainerFor("shapes-cnn-spatial");
    Network& net = t->network();
    const ModelDescription d = net.describe();
    expectConsistent(net, d);
    EXPECT_EQ(d.indicesOf(LayerKind::Conv2D).size(), 2u);
    EXPECT_EQ(d.indicesOf(LayerKind::MaxPool2D).size(), 2u);
    const int conv1 = d.indicesOf(LayerKind::Conv2D).front();
    EXPECT_EQ(d.layers[size_t(conv1)].outputShape, (std::vector<int>{8, 16, 16}));
    EXPECT_EQ(*d.layers[size_t(conv1)].activation, Activation::ReLU);
    const LayerDescription& afterConv1 = d.layers[size_t(conv1) + 1];
    EXPECT_EQ(afterConv1.kind, LayerKind::Dropout);
    EXPECT_EQ(afterConv1.siteIds, (std::vector<std::string>{"conv1"}));
}

TEST(ModelDescription, RecurrentSitesBelongToTheirLayer) {
    auto t = trainerFor("sequence-gru-variational");
    Network& net = t->network();
    const ModelDescription d = net.describe();
    expectConsistent(net, d);
    ASSERT_EQ(d.indicesOf(LayerKind::GRU).size(), 1u);
    const LayerDescription& gru = d.layers[size_t(d.indicesOf(LayerKind::GRU).front())];
    EXPECT_EQ(gru.siteIds.size(), 3u);  // input, recurrent, zoneout
    EXPECT_FALSE(gru.isDropout());
}

TEST(ModelDescription, DenseNetworkWithConcreteDropout) {
    auto t = trainerFor("spiral-concrete");
    Network& net = t->network();
    const ModelDescription d = net.describe();
    expectConsistent(net, d);
    EXPECT_FALSE(d.indicesOf(LayerKind::ConcreteDropout).empty());
}

TEST(TrainerBatchRows, LastStepsRowsAreTheBatchTheNetworkSaw) {
    auto t = trainerFor("spiral-dropout");
    EXPECT_TRUE(t->lastBatchRows().empty());
    for (int s = 0; s < 3; ++s) t->step();
    const std::vector<int>& rows = t->lastBatchRows();
    const Matrix& input = t->network().activation(-1);
    ASSERT_EQ(long(rows.size()), input.rows());
    ASSERT_EQ(int(rows.size()), t->config().training.batchSize);
    for (size_t r = 0; r < rows.size(); ++r)
        EXPECT_TRUE(t->data().train.x.row(rows[r]) == input.row(long(r))) << "batch row " << r;
    // The third step's batch is the third slice of the first epoch's shuffled order.
    const std::vector<int> order = epochOrder(t->data().train.size(), t->config().seed, 0);
    const int bs = t->config().training.batchSize;
    EXPECT_EQ(rows, std::vector<int>(order.begin() + 2 * bs, order.begin() + 3 * bs));
}

TEST(TrainerBatchRows, CallersOwnRowsLeaveNoBatchRows) {
    auto t = trainerFor("spiral-dropout");
    t->step();
    ASSERT_FALSE(t->lastBatchRows().empty());
    const Matrix x = t->data().train.x.topRows(8);
    const Matrix y = t->data().train.y.topRows(8);
    t->trainBatch(x, y);
    EXPECT_TRUE(t->lastBatchRows().empty());
}
