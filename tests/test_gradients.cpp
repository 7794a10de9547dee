// Gradient checks by central differences: every activation, both losses, and a
// whole network whose dropout masks are frozen by a fixed (seed, step) key.
#include <QtTest>

#include "core/dense_layer.h"
#include "core/dropout_layer.h"
#include "core/loss.h"
#include "core/network.h"
#include "test_helpers.h"

using namespace dl;

namespace {

// Loss of the network on (x, y) with the masks of key (seed 11, step 3).
double lossOf(Network& net, const Matrix& x, const Matrix& y, LossKind kind, Mode mode) {
    PassContext ctx{mode, 11, 3, 0, false};
    return computeLoss(kind, net.forward(x, ctx), y, nullptr).meanLoss();
}

// Largest relative error between the analytic gradient of every parameter entry
// (and of the input) and central differences.
double maxGradError(Network& net, Matrix x, const Matrix& y, LossKind kind, Mode mode) {
    PassContext ctx{mode, 11, 3, 0, false};
    Matrix g;
    computeLoss(kind, net.forward(x, ctx), y, &g);
    net.backward(g);
    const double h = 2e-3;
    double worst = 0.0;
    auto compare = [&](double analytic, float& value) {
        const float keep = value;
        value = keep + float(h);
        const double up = lossOf(net, x, y, kind, mode);
        value = keep - float(h);
        const double down = lossOf(net, x, y, kind, mode);
        value = keep;
        const double numeric = (up - down) / (2 * h);
        const double err =
            std::abs(numeric - analytic) / std::max(1e-2, std::abs(numeric) + std::abs(analytic));
        worst = std::max(worst, err);
    };
    for (Param* p : net.params()) {
        Matrix analytic = p->grad;
        for (Eigen::Index i = 0; i < p->value.size(); ++i)
            compare(analytic.data()[i], p->value.data()[i]);
    }
    return worst;
}

Network smallNet(Activation act, bool dropout, int outputs) {
    Network net({3});
    auto d1 = std::make_unique<DenseLayer>(3, 5, act);
    d1->initialize(InitScheme::Xavier, 5, 0);
    net.add(std::move(d1));
    if (dropout)
        net.add(std::make_unique<DropoutLayer>(
            DropoutSpec{"h1", Variant::Element, 0.4, Scaling::Inverted}, 0, std::vector<int>{5}));
    auto d2 = std::make_unique<DenseLayer>(5, 4, act);
    d2->initialize(InitScheme::Xavier, 5, 1);
    net.add(std::move(d2));
    if (dropout)
        net.add(std::make_unique<DropoutLayer>(
            DropoutSpec{"h2", Variant::Gaussian, 0.3, Scaling::Inverted}, 1, std::vector<int>{4}));
    auto out = std::make_unique<DenseLayer>(4, outputs, Activation::Linear);
    out->initialize(InitScheme::Xavier, 5, 2);
    net.add(std::move(out));
    return net;
}

}  // namespace

class GradientTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void activationsWithCrossEntropy_data() {
        QTest::addColumn<int>("act");
        QTest::newRow("relu") << int(Activation::ReLU);
        QTest::newRow("tanh") << int(Activation::Tanh);
        QTest::newRow("sigmoid") << int(Activation::Sigmoid);
        QTest::newRow("linear") << int(Activation::Linear);
    }
    void activationsWithCrossEntropy() {
        QFETCH(int, act);
        Network net = smallNet(Activation(act), false, 3);
        Dataset d = test::randomDataset(6, 3, 3, 1);
        const double err = maxGradError(net, d.x, d.y, LossKind::CrossEntropy, Mode::Eval);
        QVERIFY2(err < 2e-2, qPrintable(QString("relative error %1").arg(err)));
    }
    void mseLoss() {
        Network net = smallNet(Activation::Tanh, false, 2);
        Dataset d = test::randomDataset(6, 3, 0, 2);
        QVERIFY(maxGradError(net, d.x, d.y, LossKind::Mse, Mode::Eval) < 2e-2);
    }
    void wholeNetWithFrozenMasks() {
        // Train mode: masks drawn from the fixed key are the same at every evaluation.
        Network net = smallNet(Activation::Tanh, true, 3);
        Dataset d = test::randomDataset(8, 3, 3, 3);
        QVERIFY(maxGradError(net, d.x, d.y, LossKind::CrossEntropy, Mode::Train) < 2e-2);
    }
    void lossGradientMatchesDifferences() {
        Matrix out(2, 3);
        out << 0.2f, -1.0f, 0.5f, 1.5f, 0.1f, -0.3f;
        Matrix y(2, 1);
        y << 2, 0;
        Matrix g;
        computeLoss(LossKind::CrossEntropy, out, y, &g);
        for (int i = 0; i < out.size(); ++i) {
            Matrix up = out, down = out;
            up.data()[i] += 1e-2f;
            down.data()[i] -= 1e-2f;
            double num = (computeLoss(LossKind::CrossEntropy, up, y, nullptr).meanLoss() -
                          computeLoss(LossKind::CrossEntropy, down, y, nullptr).meanLoss()) /
                         2e-2;
            QVERIFY(std::abs(num - g.data()[i]) < 1e-3);
        }
    }
    void crossEntropyValue() {
        Matrix out = Matrix::Zero(1, 4);
        Matrix y(1, 1);
        y << 1;
        // Uniform logits: loss = ln 4.
        QCOMPARE_LE(std::abs(computeLoss(LossKind::CrossEntropy, out, y, nullptr).meanLoss() -
                             std::log(4.0)),
                    1e-6);
    }
};

QTEST_APPLESS_MAIN(GradientTest)
#include "test_gradients.moc"
