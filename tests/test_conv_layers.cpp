// Conv2D, pooling and flatten: output shapes, a hand-computed convolution, agreement with a
// direct (naive) convolution, gradient checks by central differences, and bit-identical
// training at 1, 2 and 4 threads.
#include <QtTest>

#include <tbb/global_control.h>

#include "core/conv2d_layer.h"
#include "core/dense_layer.h"
#include "core/dropout_layer.h"
#include "core/flatten_layer.h"
#include "core/im2col.h"
#include "core/loss.h"
#include "core/model_builder.h"
#include "core/optimizer.h"
#include "core/pool2d_layer.h"

using namespace dl;

namespace {

const PassContext kTrain{Mode::Train, 11, 3, 0, true};

// Distinct values 0.05 apart (shuffled), so max-pool windows never tie within a difference step.
Matrix distinctInput(long rows, long cols) {
    Matrix x(rows, cols);
    const long n = x.size();
    for (long i = 0; i < n; ++i) x.data()[i] = float((i * 7919) % n) * 0.05f - 0.025f * float(n);
    return x;
}

// The same smooth pattern in [0, 1] every call (Matrix::Random would differ between calls).
Matrix patternInput(long rows, long cols) {
    Matrix x(rows, cols);
    for (long i = 0; i < x.size(); ++i) x.data()[i] = 0.5f + 0.5f * std::sin(0.37f * float(i));
    return x;
}

// out[f, oy, ox] = b[f] + Σ_c,ky,kx W[f, c, ky, kx] · in[c, oy·s − p + ky, ox·s − p + kx].
Matrix naiveConv(const Conv2DLayer& l, const Matrix& in) {
    const ConvGeometry& g = l.geometry();
    auto& self = const_cast<Conv2DLayer&>(l);
    const Matrix& w = self.weight().value;
    Matrix out(in.rows(), long(l.filters()) * g.outPositions());
    for (long r = 0; r < in.rows(); ++r)
        for (int f = 0; f < l.filters(); ++f)
            for (int oy = 0; oy < g.outHeight(); ++oy)
                for (int ox = 0; ox < g.outWidth(); ++ox) {
                    double sum = self.bias().value(0, f);
                    for (int c = 0; c < g.channels; ++c)
                        for (int ky = 0; ky < g.kernel; ++ky)
                            for (int kx = 0; kx < g.kernel; ++kx) {
                                int iy = oy * g.stride - g.padding + ky;
                                int ix = ox * g.stride - g.padding + kx;
                                if (iy < 0 || ix < 0 || iy >= g.height || ix >= g.width) continue;
                                sum += double(w(f, (c * g.kernel + ky) * g.kernel + kx)) *
                                       in(r, (c * g.height + iy) * g.width + ix);
                            }
                    out(r, (f * g.outHeight() + oy) * g.outWidth() + ox) = float(sum);
                }
    return out;
}

// Largest relative error of dL/din and of every param gradient against central differences,
// for L = Σ out ⊙ R with a fixed random R.
double layerGradError(Layer& layer, Matrix x) {
    Matrix out, dIn;
    layer.forward(x, out, kTrain);
    const Matrix r = Matrix::Random(out.rows(), out.cols());
    layer.backward(x, out, r, &dIn);
    auto lossAt = [&]() {
        Matrix o;
        layer.forward(x, o, kTrain);
        return double((o.array() * r.array()).sum());
    };
    const float h = 1e-2f;
    double worst = 0.0;
    auto check = [&](double analytic, float& v) {
        const float keep = v;
        v = keep + h;
        const double up = lossAt();
        v = keep - h;
        const double down = lossAt();
        v = keep;
        const double numeric = (up - down) / (2.0 * h);
        worst = std::max(worst, std::abs(numeric - analytic) /
                                    std::max(1e-2, std::abs(numeric) + std::abs(analytic)));
    };
    for (long i = 0; i < x.size(); ++i) check(dIn.data()[i], x.data()[i]);
    for (Param* p : layer.params()) {
        const Matrix analytic = p->grad;
        for (long i = 0; i < p->value.size(); ++i) check(analytic.data()[i], p->value.data()[i]);
    }
    layer.forward(x, out, kTrain);  // leave the Train cache matching x
    return worst;
}

Conv2DLayer conv(ConvGeometry g, int filters, Activation act = Activation::Linear) {
    Conv2DLayer c(g, filters, act);
    c.initialize(InitScheme::Uniform, 5, 0);
    return c;
}

// The W3 network (conv 16, channel dropout, pool, conv 32, block dropout, pool, dense 128).
Network w3Net() {
    auto j = nlohmann::json::parse(R"({
      "seed": 3, "dataset": {"kind": "shapes", "samples": 100},
      "network": {"layers": [
        {"type": "conv2d", "filters": 16, "kernel": 3, "padding": 1, "init": "uniform",
         "dropout": {"variant": "channel", "rate": 0.2}},
        {"type": "maxpool2d", "size": 2},
        {"type": "conv2d", "filters": 32, "kernel": 3, "padding": 1,
         "dropout": {"variant": "block", "rate": 0.2, "block_size": 3}},
        {"type": "maxpool2d", "size": 2},
        {"type": "dense", "units": 128, "dropout": {"rate": 0.5}}]},
      "optimizer": {"kind": "sgd", "lr": 0.01, "momentum": 0.9}
    })");
    return buildNetwork(ExperimentConfig::fromJson(j), {1, 28, 28}, 10);
}

std::vector<float> trainW3(int threads, int steps) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    Network net = w3Net();
    Optimizer opt(OptimizerSpec{"sgd", 0.01}, net.params());
    Matrix x = patternInput(64, 784), y(64, 1), g;
    for (int i = 0; i < 64; ++i) y(i, 0) = float(i % 10);
    for (int s = 0; s < steps; ++s) {
        computeLoss(LossKind::CrossEntropy,
                    net.forward(x, {Mode::Train, 1, std::uint64_t(s), 0, true}), y, &g);
        net.backward(g);
        opt.step();
    }
    std::vector<float> all;
    for (Param* p : net.params())
        all.insert(all.end(), p->value.data(), p->value.data() + p->value.size());
    return all;
}

// A conv → channel dropout → pool → dense net whose pool is `pool` on 7-wide maps or, with
// even, 8-wide ones (the 2×2 fast path).
Network channelThenPool(const std::string& pool, bool even) {
    const int w = even ? 8 : 7;
    auto j = nlohmann::json::parse(R"({"seed": 4, "dataset": {"kind": "shapes", "samples": 50},
      "network": {"layers": [
        {"type": "conv2d", "filters": 3, "kernel": 3, "padding": 1,
         "dropout": {"variant": "channel", "rate": 0.4}},
        )" + pool + R"(,
        {"type": "dense", "units": 5}]}})");
    return buildNetwork(ExperimentConfig::fromJson(j), {2, 6, w}, 3);
}

// Runs one Train step through Network (which fuses a channel dropout with the pool after it)
// and the same layers one by one, unfused; returns the largest difference (0 if identical).
float fusedAgainstLayerByLayer(Network net) {
    Network plain = net;  // the same weights
    const PassContext ctx{Mode::Train, 9, 2, 0, false};
    const long n = 6, in = shapeSize(net.inputShape());
    Matrix x = Matrix::Random(n, in), dOut = Matrix::Random(n, shapeSize(net.outputShape()));
    const Matrix out = net.forward(x, ctx);
    net.backward(dOut);
    std::vector<Matrix> acts(plain.layerCount() + 1);
    acts[0] = x;
    for (int i = 0; i < plain.layerCount(); ++i) plain.layer(i).forward(acts[i], acts[i + 1], ctx);
    Matrix g = dOut, dIn;
    for (int i = plain.layerCount() - 1; i >= 0; --i) {
        plain.layer(i).backward(acts[i], acts[i + 1], g, i > 0 ? &dIn : nullptr);
        if (i > 0) std::swap(g, dIn);
    }
    float worst = (out - acts.back()).cwiseAbs().maxCoeff();
    const auto a = net.params(), b = plain.params();
    for (std::size_t k = 0; k < a.size(); ++k)
        worst = std::max(worst, (a[k]->grad - b[k]->grad).cwiseAbs().maxCoeff());
    return worst;
}

}  // namespace

class ConvLayerTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void outputShapes() {
        QCOMPARE(conv({1, 28, 28, 3, 1, 1}, 16).outputShape(), (std::vector<int>{16, 28, 28}));
        QCOMPARE(conv({16, 7, 7, 3, 2, 0}, 8).outputShape(), (std::vector<int>{8, 3, 3}));
        QCOMPARE(conv({2, 5, 6, 5, 1, 2}, 4).outputShape(), (std::vector<int>{4, 5, 6}));
        QCOMPARE(Pool2DLayer(PoolKind::Max, {16, 28, 28, 2, 2, 0}).outputShape(),
                 (std::vector<int>{16, 14, 14}));
        QCOMPARE(Pool2DLayer(PoolKind::Average, {32, 7, 7, 3, 2, 0}).outputShape(),
                 (std::vector<int>{32, 3, 3}));
        QCOMPARE(GlobalAvgPoolLayer({8, 5, 5}).outputShape(), (std::vector<int>{8}));
        QCOMPARE(FlattenLayer({32, 7, 7}).outputShape(), (std::vector<int>{1568}));
    }
    void builtW3NetworkShapes() {
        Network net = w3Net();
        std::vector<std::vector<int>> shapes;
        for (int i = 0; i < net.layerCount(); ++i) shapes.push_back(net.layer(i).outputShape());
        const std::vector<std::vector<int>> expected = {{16, 28, 28}, {16, 28, 28}, {16, 14, 14},
                                                        {32, 14, 14}, {32, 14, 14}, {32, 7, 7},
                                                        {128},        {128},        {10}};
        QCOMPARE(shapes, expected);
        QCOMPARE(net.sites()[0]->maskShape(), (std::vector<int>{16, 28, 28}));
        QCOMPARE(net.layer(6).params()[0]->value.cols(), 1568L);  // dense reads C·H·W
    }
    void handComputedConvolution() {
        // 1×3×3 input 1..9, one 2×2 kernel [1 2; 3 4], bias 0.5, no padding.
        Conv2DLayer c({1, 3, 3, 2, 1, 0}, 1, Activation::Linear);
        c.weight().value << 1, 2, 3, 4;
        c.bias().value << 0.5f;
        Matrix x(1, 9), out;
        x << 1, 2, 3, 4, 5, 6, 7, 8, 9;
        c.forward(x, out, kTrain);
        Matrix expected(1, 4);
        expected << 37.5f, 47.5f, 67.5f, 77.5f;  // e.g. 1·1 + 2·2 + 3·4 + 4·5 + 0.5
        QCOMPARE(out, expected);
        // With padding 1 and ReLU: the corner sees only in[0,0] under kernel entry 4.
        Conv2DLayer p({1, 3, 3, 2, 1, 1}, 1, Activation::ReLU);
        p.weight().value << 1, 2, 3, 4;
        p.bias().value << -2.0f;
        p.forward(x, out, kTrain);
        QCOMPARE(out.cols(), 16L);
        QCOMPARE(out(0, 0), 2.0f);   // 4·1 − 2
        QCOMPARE(out(0, 15), 7.0f);  // 1·9 − 2
    }
    void matchesDirectConvolution_data() {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("stride");
        QTest::addColumn<int>("padding");
        QTest::newRow("3x3 pad1") << 3 << 3 << 1 << 1;
        QTest::newRow("3x3 stride2") << 2 << 3 << 2 << 0;
        QTest::newRow("5x5 stride2 pad2") << 2 << 5 << 2 << 2;
        QTest::newRow("1x1") << 4 << 1 << 1 << 0;
        QTest::newRow("2x2 stride3 pad1") << 1 << 2 << 3 << 1;
        QTest::newRow("3x3 pad1, 4 channels (GEMM)") << 4 << 3 << 1 << 1;
        QTest::newRow("1x1, 40 channels (GEMM)") << 40 << 1 << 1 << 0;
    }
    void matchesDirectConvolution() {
        QFETCH(int, channels);
        QFETCH(int, kernel);
        QFETCH(int, stride);
        QFETCH(int, padding);
        Conv2DLayer c = conv({channels, 9, 8, kernel, stride, padding}, 5);
        Matrix x = Matrix::Random(37, channels * 72), out;
        c.forward(x, out, kTrain);
        QVERIFY((out - naiveConv(c, x)).cwiseAbs().maxCoeff() < 1e-5f);
    }
    // Images large enough for every block size of the small-patch kernels (128 and 16
    // positions at a time, then single ones), with ReLU applied on the way out; without an
    // input gradient, a ReLU layer's weight and bias gradients come from the fused kernel.
    void smallPatchKernelsOnWholeImages_data() {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("act");
        QTest::newRow("1x28x28 relu") << 1 << 28 << 28 << int(Activation::ReLU);
        QTest::newRow("3x13x11 relu") << 3 << 13 << 11 << int(Activation::ReLU);
        QTest::newRow("2x12x12 linear") << 2 << 12 << 12 << int(Activation::Linear);
    }
    void smallPatchKernelsOnWholeImages() {
        QFETCH(int, channels);
        QFETCH(int, height);
        QFETCH(int, width);
        QFETCH(int, act);
        Conv2DLayer c = conv({channels, height, width, 3, 1, 1}, 4, Activation(act));
        Matrix x = Matrix::Random(6, channels * height * width), out;
        c.forward(x, out, kTrain);
        Matrix want = naiveConv(c, x);
        if (Activation(act) == Activation::ReLU) want = want.cwiseMax(0.0f);
        QVERIFY((out - want).cwiseAbs().maxCoeff() < 1e-5f);
        Matrix g = Matrix::Random(out.rows(), out.cols());
        c.backward(x, out, g, nullptr);
        // dW[f, (ch, ky, kx)] = Σ over samples and positions of dz · input at the tap.
        Matrix dz = Activation(act) == Activation::ReLU
                        ? Matrix((out.array() > 0.0f).select(g.array(), 0.0f))
                        : g;
        const int p = height * width;
        for (int f = 0; f < 4; ++f) {  // the bias gradient sums dz over samples and positions
            const double db = dz.middleCols(f * p, p).cast<double>().sum();
            QVERIFY(std::abs(c.bias().grad(0, f) - db) < 1e-3 * (1.0 + std::abs(db)));
        }
        for (int f = 0; f < 4; ++f)
            for (int ch = 0; ch < channels; ++ch)
                for (int ky = 0; ky < 3; ++ky)
                    for (int kx = 0; kx < 3; ++kx) {
                        double sum = 0.0;
                        for (long r = 0; r < x.rows(); ++r)
                            for (int y = 0; y < height; ++y)
                                for (int xx = 0; xx < width; ++xx) {
                                    const int iy = y + ky - 1, ix = xx + kx - 1;
                                    if (iy < 0 || iy >= height || ix < 0 || ix >= width) continue;
                                    sum += double(dz(r, f * p + y * width + xx)) *
                                           x(r, (ch * height + iy) * width + ix);
                                }
                        const float got = c.weight().grad(f, (ch * 3 + ky) * 3 + kx);
                        QVERIFY2(std::abs(got - sum) < 1e-3 * (1.0 + std::abs(sum)),
                                 qPrintable(QString("dW %1 vs %2").arg(got).arg(sum)));
                    }
    }
    // The patch kernels against a plain loop over every (channel, tap, output) triple, with
    // exact equality: the fast "same"-convolution path must not even reorder a sum.
    void patchKernelsMatchPlainLoops_data() {
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("stride");
        QTest::addColumn<int>("padding");
        QTest::newRow("3x3 pad1 (W3, planar)") << 3 << 1 << 1;
        QTest::newRow("5x5 pad2 (planar)") << 5 << 1 << 2;
        QTest::newRow("1x1 (planar)") << 1 << 1 << 0;
        QTest::newRow("3x3 pad0") << 3 << 1 << 0;
        QTest::newRow("3x3 stride2 pad1") << 3 << 2 << 1;
        QTest::newRow("4x4 pad3") << 4 << 1 << 3;
    }
    void patchKernelsMatchPlainLoops() {
        QFETCH(int, kernel);
        QFETCH(int, stride);
        QFETCH(int, padding);
        const ConvGeometry g{3, 7, 6, kernel, stride, padding};
        const int p = g.outPositions(), ld = 2 * p + 5;  // two samples, spare columns
        Matrix x = Matrix::Random(1, g.inSize());
        Matrix col = Matrix::Constant(g.patchSize(), ld, 9.0f);
        im2col(g, x.data(), col.data(), ld, p);  // the second sample's columns
        Matrix dcol = Matrix::Random(g.patchSize(), ld);
        Matrix dIn = Matrix::Random(1, g.inSize()), expectIn = dIn;
        col2imAdd(g, dcol.data(), ld, p, dIn.data());
        for (int c = 0; c < g.channels; ++c)
            for (int ky = 0; ky < kernel; ++ky)
                for (int kx = 0; kx < kernel; ++kx)
                    for (int oy = 0; oy < g.outHeight(); ++oy)
                        for (int ox = 0; ox < g.outWidth(); ++ox) {
                            const int row = (c * kernel + ky) * kernel + kx;
                            const int j = p + oy * g.outWidth() + ox;
                            const int iy = oy * stride - padding + ky;
                            const int ix = ox * stride - padding + kx;
                            const bool inside = iy >= 0 && iy < g.height && ix >= 0 && ix < g.width;
                            const int at = (c * g.height + iy) * g.width + ix;
                            QCOMPARE(col(row, j), inside ? x(0, at) : 0.0f);
                            if (inside) expectIn(0, at) += dcol(row, j);
                        }
        QCOMPARE(col.leftCols(p), Matrix::Constant(g.patchSize(), p, 9.0f));  // untouched
        QVERIFY(dIn == expectIn);
    }
    void convGradients_data() {
        QTest::addColumn<int>("stride");
        QTest::addColumn<int>("padding");
        QTest::addColumn<int>("act");
        QTest::addColumn<int>("channels");
        // Two channels (18 patch rows) take the small-patch kernels, five (45) the GEMMs.
        QTest::newRow("s1 p1 linear") << 1 << 1 << int(Activation::Linear) << 2;
        QTest::newRow("s2 p1 tanh") << 2 << 1 << int(Activation::Tanh) << 2;
        QTest::newRow("s2 p0 sigmoid") << 2 << 0 << int(Activation::Sigmoid) << 2;
        QTest::newRow("s1 p1 tanh, GEMM") << 1 << 1 << int(Activation::Tanh) << 5;
        QTest::newRow("s2 p1 sigmoid, GEMM") << 2 << 1 << int(Activation::Sigmoid) << 5;
    }
    void convGradients() {
        QFETCH(int, stride);
        QFETCH(int, padding);
        QFETCH(int, act);
        QFETCH(int, channels);
        Conv2DLayer c = conv({channels, 6, 5, 3, stride, padding}, 3, Activation(act));
        // 20 rows: several chunks
        const double err = layerGradError(c, Matrix::Random(20, channels * 30));
        QVERIFY2(err < 1e-2, qPrintable(QString("relative error %1").arg(err)));
    }
    void poolGradients() {
        Pool2DLayer maxPool(PoolKind::Max, {2, 6, 6, 2, 2, 0});
        QVERIFY(layerGradError(maxPool, distinctInput(3, 72)) < 1e-2);
        Pool2DLayer overlapping(PoolKind::Max, {2, 7, 7, 3, 2, 0});
        QVERIFY(layerGradError(overlapping, distinctInput(3, 98)) < 1e-2);
        Pool2DLayer avg(PoolKind::Average, {2, 7, 7, 3, 2, 0});
        QVERIFY(layerGradError(avg, Matrix::Random(3, 98)) < 1e-2);
        GlobalAvgPoolLayer global({3, 4, 5});
        QVERIFY(layerGradError(global, Matrix::Random(3, 60)) < 1e-2);
        FlattenLayer flat({3, 4, 5});
        QVERIFY(layerGradError(flat, Matrix::Random(3, 60)) < 1e-2);
    }
    void maxPoolPicksTheMaximum() {
        Pool2DLayer pool(PoolKind::Max, {1, 4, 4, 2, 2, 0});
        Matrix x(1, 16), out;
        x << 1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 1, 1, 9, 0, 1, 2;
        pool.forward(x, out, kTrain);
        Matrix expected(1, 4);
        expected << 5, 8, 9, 2;
        QCOMPARE(out, expected);
        Matrix dIn;
        pool.backward(x, out, Matrix::Ones(1, 4), &dIn);
        QCOMPARE(dIn.sum(), 4.0f);
        QCOMPARE(dIn(0, 1), 1.0f);
        QCOMPARE(dIn(0, 12), 1.0f);
    }
    void maxPoolTiesGoToTheFirstInScanOrder_data() {
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("width");
        QTest::newRow("even 8x6") << 8 << 6;
        QTest::newRow("odd height 7x6") << 7 << 6;
        QTest::newRow("odd width 6x7 (general path)") << 6 << 7;
    }
    void maxPoolTiesGoToTheFirstInScanOrder() {
        // Values from {0, 1, 2} (ReLU zeros tie a lot): output and gradient routing must match
        // plain loops where the first maximum in scan order (row by row) wins.
        QFETCH(int, height);
        QFETCH(int, width);
        const int c = 3, ho = height / 2, wo = width / 2;
        Pool2DLayer pool(PoolKind::Max, {c, height, width, 2, 2, 0});
        Matrix x = ((Matrix::Random(5, c * height * width).array() + 1.0f) * 1.5f).floor();
        Matrix out, dIn, g = Matrix::Random(5, c * ho * wo);
        pool.forward(x, out, kTrain);
        pool.backward(x, out, g, &dIn);
        Matrix wantOut(5, c * ho * wo), wantIn = Matrix::Zero(5, x.cols());
        for (int r = 0; r < 5; ++r)
            for (int ch = 0; ch < c; ++ch)
                for (int oy = 0; oy < ho; ++oy)
                    for (int ox = 0; ox < wo; ++ox) {
                        int best = -1;
                        for (int ky = 0; ky < 2; ++ky)
                            for (int kx = 0; kx < 2; ++kx) {
                                const int i = (ch * height + 2 * oy + ky) * width + 2 * ox + kx;
                                if (best < 0 || x(r, i) > x(r, best)) best = i;
                            }
                        const int o = (ch * ho + oy) * wo + ox;
                        wantOut(r, o) = x(r, best);
                        wantIn(r, best) += g(r, o);
                    }
        QCOMPARE(out, wantOut);
        QCOMPARE(dIn, wantIn);
    }
    void evalPassKeepsTheTrainCache() {
        // backward must use the argmax of the Train pass even after an Eval pass on other data.
        Pool2DLayer pool(PoolKind::Max, {2, 6, 6, 2, 2, 0});
        Matrix x = distinctInput(4, 72), other = Matrix::Random(9, 72), out, o2, dA, dB;
        pool.forward(x, out, kTrain);
        const Matrix g = Matrix::Random(4, out.cols());
        pool.backward(x, out, g, &dA);
        pool.forward(other, o2, PassContext{Mode::Eval, 1, 0, 0, false});
        pool.backward(x, out, g, &dB);
        QCOMPARE(dA, dB);
    }
    void wholeConvNetGradients() {
        // conv → maxpool → conv (stride 2) → flatten → dense, through Network::backward.
        Network net({2, 6, 6});
        auto c1 =
            std::make_unique<Conv2DLayer>(ConvGeometry{2, 6, 6, 3, 1, 1}, 3, Activation::Tanh);
        c1->initialize(InitScheme::Xavier, 2, 0);
        net.add(std::move(c1));
        net.add(std::make_unique<Pool2DLayer>(PoolKind::Max, ConvGeometry{3, 6, 6, 2, 2, 0}));
        auto c2 =
            std::make_unique<Conv2DLayer>(ConvGeometry{3, 3, 3, 2, 2, 1}, 4, Activation::Tanh);
        c2->initialize(InitScheme::Xavier, 2, 1);
        net.add(std::move(c2));
        net.add(std::make_unique<FlattenLayer>(std::vector<int>{4, 2, 2}));
        auto d = std::make_unique<DenseLayer>(16, 3, Activation::Linear);
        d->initialize(InitScheme::Xavier, 2, 2);
        net.add(std::move(d));
        Matrix x = distinctInput(5, 72) * 0.1f, y(5, 1), g;
        y << 0, 1, 2, 1, 0;
        computeLoss(LossKind::CrossEntropy, net.forward(x, kTrain), y, &g);
        net.backward(g);
        const float kH = 2e-3f;  // small enough that no max-pool window changes its winner
        double worst = 0.0;
        for (Param* p : net.params()) {
            const Matrix analytic = p->grad;
            for (long i = 0; i < p->value.size(); ++i) {
                float& v = p->value.data()[i];
                const float keep = v;
                v = keep + kH;
                double up = computeLoss(LossKind::CrossEntropy, net.forward(x, kTrain), y, nullptr)
                                .meanLoss();
                v = keep - kH;
                double down =
                    computeLoss(LossKind::CrossEntropy, net.forward(x, kTrain), y, nullptr)
                        .meanLoss();
                v = keep;
                double numeric = (up - down) / (2.0 * kH);
                worst = std::max(
                    worst, std::abs(numeric - analytic.data()[i]) /
                               std::max(1e-2, std::abs(numeric) + std::abs(analytic.data()[i])));
            }
        }
        QVERIFY2(worst < 2e-2, qPrintable(QString("relative error %1").arg(worst)));
    }
    void uniformInitFollowsFanIn() {
        Conv2DLayer c = conv({16, 14, 14, 3, 1, 1}, 32);
        const float bound = 1.0f / std::sqrt(16.0f * 9.0f);
        QVERIFY(c.weight().value.cwiseAbs().maxCoeff() <= bound);
        QVERIFY(c.weight().value.cwiseAbs().maxCoeff() > 0.9f * bound);
        QVERIFY(c.bias().value.cwiseAbs().maxCoeff() <= bound);
        QVERIFY(c.bias().value.cwiseAbs().maxCoeff() > 0.0f);
    }
    void channelDropoutFusedWithPoolIsBitIdentical_data() {
        QTest::addColumn<QString>("pool");
        QTest::addColumn<bool>("even");
        QTest::newRow("max 2x2, even width (fast path)") << R"({"type": "maxpool2d", "size": 2})"
                                                         << true;
        QTest::newRow("max 2x2, odd width") << R"({"type": "maxpool2d", "size": 2})" << false;
        QTest::newRow("max 3x3 stride 2 (overlapping)")
            << R"({"type": "maxpool2d", "size": 3, "stride": 2})" << true;
        QTest::newRow("average 2x2") << R"({"type": "avgpool2d", "size": 2})" << true;
    }
    void channelDropoutFusedWithPoolIsBitIdentical() {
        QFETCH(QString, pool);
        QFETCH(bool, even);
        QCOMPARE(fusedAgainstLayerByLayer(channelThenPool(pool.toStdString(), even)), 0.0f);
        // The fused pass still keeps the mask for display, as forward would have.
        Network net = channelThenPool(pool.toStdString(), even);
        Matrix x = Matrix::Random(4, shapeSize(net.inputShape()));
        net.forward(x, {Mode::Train, 9, 2, 0, false});
        const Matrix& mask = net.sites().front()->lastMask();
        QCOMPARE(mask.rows(), 4L);
        QVERIFY((mask.array() == 0.0f).any());
    }
    void bitIdenticalAcrossThreads() {
        const auto one = trainW3(1, 4);
        QVERIFY(trainW3(2, 4) == one);
        QVERIFY(trainW3(4, 4) == one);
    }
};

QTEST_APPLESS_MAIN(ConvLayerTest)
#include "test_conv_layers.moc"
