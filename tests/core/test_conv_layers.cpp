// Conv2D, pooling and flatten: output shapes, a hand-computed convolution, agreement with a
// direct (naive) convolution, gradient checks by central differences (every parameter and the
// input, tests/support/gradient_check.h), and bit-identical training at 1, 2 and 4 threads.
#include <gtest/gtest.h>

#include <tbb/global_control.h>

#include <cmath>
#include <ostream>
#include <string>

#include "core/dropout/dropout_layer.h"
#include "core/kernels/im2col.h"
#include "core/layers/conv2d_layer.h"
#include "core/layers/dense_layer.h"
#include "core/layers/flatten_layer.h"
#include "core/layers/pool2d_layer.h"
#include "core/model/model_builder.h"
#include "core/training/loss.h"
#include "core/training/optimizer.h"
#include "tests/support/gradient_check.h"
#include "tests/support/matrix_assertions.h"

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

// Matrix::Random draws from std::rand: every test starts from the same state, so a case
// fails (or passes) the same way when it runs alone.
class ConvLayers : public ::testing::Test {
  protected:
    void SetUp() override { std::srand(1); }
};

template <class Case>
class ConvLayersWith : public ::testing::TestWithParam<Case> {
  protected:
    void SetUp() override { std::srand(1); }
};

// The case's name as the test name's suffix.
const auto caseName = [](const auto& info) { return std::string(info.param.name); };

}  // namespace

TEST_F(ConvLayers, OutputShapes) {
    EXPECT_EQ(conv({1, 28, 28, 3, 1, 1}, 16).outputShape(), (std::vector<int>{16, 28, 28}));
    EXPECT_EQ(conv({16, 7, 7, 3, 2, 0}, 8).outputShape(), (std::vector<int>{8, 3, 3}));
    EXPECT_EQ(conv({2, 5, 6, 5, 1, 2}, 4).outputShape(), (std::vector<int>{4, 5, 6}));
    EXPECT_EQ(Pool2DLayer(PoolKind::Max, {16, 28, 28, 2, 2, 0}).outputShape(),
              (std::vector<int>{16, 14, 14}));
    EXPECT_EQ(Pool2DLayer(PoolKind::Average, {32, 7, 7, 3, 2, 0}).outputShape(),
              (std::vector<int>{32, 3, 3}));
    EXPECT_EQ(GlobalAvgPoolLayer({8, 5, 5}).outputShape(), (std::vector<int>{8}));
    EXPECT_EQ(FlattenLayer({32, 7, 7}).outputShape(), (std::vector<int>{1568}));
}

TEST_F(ConvLayers, BuiltW3NetworkShapes) {
    Network net = w3Net();
    std::vector<std::vector<int>> shapes;
    for (int i = 0; i < net.layerCount(); ++i) shapes.push_back(net.layer(i).outputShape());
    const std::vector<std::vector<int>> expected = {{16, 28, 28}, {16, 28, 28}, {16, 14, 14},
                                                    {32, 14, 14}, {32, 14, 14}, {32, 7, 7},
                                                    {128},        {128},        {10}};
    EXPECT_EQ(shapes, expected);
    EXPECT_EQ(net.sites()[0]->maskShape(), (std::vector<int>{16, 28, 28}));
    EXPECT_EQ(net.layer(6).params()[0]->value.cols(), 1568L);  // dense reads C·H·W
}

TEST_F(ConvLayers, HandComputedConvolution) {
    // 1×3×3 input 1..9, one 2×2 kernel [1 2; 3 4], bias 0.5, no padding.
    Conv2DLayer c({1, 3, 3, 2, 1, 0}, 1, Activation::Linear);
    c.weight().value << 1, 2, 3, 4;
    c.bias().value << 0.5f;
    Matrix x(1, 9), out;
    x << 1, 2, 3, 4, 5, 6, 7, 8, 9;
    c.forward(x, out, kTrain);
    Matrix expected(1, 4);
    expected << 37.5f, 47.5f, 67.5f, 77.5f;  // e.g. 1·1 + 2·2 + 3·4 + 4·5 + 0.5
    EXPECT_TRUE(test::sameMatrix(out, expected));
    // With padding 1 and ReLU: the corner sees only in[0,0] under kernel entry 4.
    Conv2DLayer p({1, 3, 3, 2, 1, 1}, 1, Activation::ReLU);
    p.weight().value << 1, 2, 3, 4;
    p.bias().value << -2.0f;
    p.forward(x, out, kTrain);
    ASSERT_EQ(out.cols(), 16L);
    EXPECT_EQ(out(0, 0), 2.0f);   // 4·1 − 2
    EXPECT_EQ(out(0, 15), 7.0f);  // 1·9 − 2
}

struct ConvCase {
    const char* name;
    int channels, kernel, stride, padding;
    friend std::ostream& operator<<(std::ostream& os, const ConvCase& c) { return os << c.name; }
};
using MatchesDirectConvolution = ConvLayersWith<ConvCase>;

TEST_P(MatchesDirectConvolution, OnRandomBatch) {
    const ConvCase& k = GetParam();
    Conv2DLayer c = conv({k.channels, 9, 8, k.kernel, k.stride, k.padding}, 5);
    Matrix x = Matrix::Random(37, k.channels * 72), out;
    c.forward(x, out, kTrain);
    const Matrix want = naiveConv(c, x);
    ASSERT_EQ(out.cols(), want.cols());
    EXPECT_LT((out - want).cwiseAbs().maxCoeff(), 1e-5f);
}

INSTANTIATE_TEST_SUITE_P(ConvLayers, MatchesDirectConvolution,
                         ::testing::Values(ConvCase{"k3_pad1", 3, 3, 1, 1},
                                           ConvCase{"k3_stride2", 2, 3, 2, 0},
                                           ConvCase{"k5_stride2_pad2", 2, 5, 2, 2},
                                           ConvCase{"k1", 4, 1, 1, 0},
                                           ConvCase{"k2_stride3_pad1", 1, 2, 3, 1},
                                           ConvCase{"k3_pad1_4channels_gemm", 4, 3, 1, 1},
                                           ConvCase{"k1_40channels_gemm", 40, 1, 1, 0}),
                         caseName);

// Images large enough for every block size of the small-patch kernels (128 and 16 positions at
// a time, then single ones), with ReLU applied on the way out; without an input gradient, a
// ReLU layer's weight and bias gradients come from the fused kernel.
struct ImageCase {
    const char* name;
    int channels, height, width;
    Activation act;
    friend std::ostream& operator<<(std::ostream& os, const ImageCase& c) { return os << c.name; }
};
using SmallPatchKernelsOnWholeImages = ConvLayersWith<ImageCase>;

TEST_P(SmallPatchKernelsOnWholeImages, ForwardAndParamGradients) {
    const auto [name, channels, height, width, act] = GetParam();
    Conv2DLayer c = conv({channels, height, width, 3, 1, 1}, 4, act);
    Matrix x = Matrix::Random(6, channels * height * width), out;
    c.forward(x, out, kTrain);
    Matrix want = naiveConv(c, x);
    if (act == Activation::ReLU) want = want.cwiseMax(0.0f);
    ASSERT_EQ(out.cols(), want.cols());
    EXPECT_LT((out - want).cwiseAbs().maxCoeff(), 1e-5f);
    Matrix g = Matrix::Random(out.rows(), out.cols());
    c.backward(x, out, g, nullptr);
    // dW[f, (ch, ky, kx)] = Σ over samples and positions of dz · input at the tap.
    Matrix dz = act == Activation::ReLU ? Matrix((out.array() > 0.0f).select(g.array(), 0.0f)) : g;
    const int p = height * width;
    for (int f = 0; f < 4; ++f) {  // the bias gradient sums dz over samples and positions
        const double db = dz.middleCols(f * p, p).cast<double>().sum();
        EXPECT_LT(std::abs(c.bias().grad(0, f) - db), 1e-3 * (1.0 + std::abs(db))) << "db " << f;
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
                    ASSERT_LT(std::abs(got - sum), 1e-3 * (1.0 + std::abs(sum)))
                        << "dW[filter " << f << ", channel " << ch << ", tap " << ky << "," << kx
                        << "] " << got << " vs " << sum;
                }
}

INSTANTIATE_TEST_SUITE_P(ConvLayers, SmallPatchKernelsOnWholeImages,
                         ::testing::Values(ImageCase{"c1x28x28_relu", 1, 28, 28, Activation::ReLU},
                                           ImageCase{"c3x13x11_relu", 3, 13, 11, Activation::ReLU},
                                           ImageCase{"c2x12x12_linear", 2, 12, 12,
                                                     Activation::Linear}),
                         caseName);

// The patch kernels against a plain loop over every (channel, tap, output) triple, with exact
// equality: the fast "same"-convolution path must not even reorder a sum.
struct PatchCase {
    const char* name;
    int kernel, stride, padding;
    friend std::ostream& operator<<(std::ostream& os, const PatchCase& c) { return os << c.name; }
};
using PatchKernelsMatchPlainLoops = ConvLayersWith<PatchCase>;

TEST_P(PatchKernelsMatchPlainLoops, Im2colAndCol2imAdd) {
    const auto [name, kernel, stride, padding] = GetParam();
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
                        ASSERT_EQ(col(row, j), inside ? x(0, at) : 0.0f)
                            << "channel " << c << ", tap " << ky << "," << kx << ", output " << oy
                            << "," << ox;
                        if (inside) expectIn(0, at) += dcol(row, j);
                    }
    EXPECT_TRUE(test::sameMatrix(col.leftCols(p), Matrix::Constant(g.patchSize(), p, 9.0f)))
        << "the first sample's columns must stay untouched";
    EXPECT_TRUE(test::sameMatrix(dIn, expectIn));
}

INSTANTIATE_TEST_SUITE_P(
    ConvLayers, PatchKernelsMatchPlainLoops,
    ::testing::Values(PatchCase{"k3_pad1_w3_planar", 3, 1, 1}, PatchCase{"k5_pad2_planar", 5, 1, 2},
                      PatchCase{"k1_planar", 1, 1, 0}, PatchCase{"k3_pad0", 3, 1, 0},
                      PatchCase{"k3_stride2_pad1", 3, 2, 1}, PatchCase{"k4_pad3", 4, 1, 3}),
    caseName);

struct GradientCase {
    const char* name;
    int stride, padding;
    Activation act;
    int channels;
    friend std::ostream& operator<<(std::ostream& os, const GradientCase& c) {
        return os << c.name;
    }
};
using ConvGradients = ConvLayersWith<GradientCase>;

TEST_P(ConvGradients, ParamsAndInputMatchDifferences) {
    const auto [name, stride, padding, act, channels] = GetParam();
    Conv2DLayer c = conv({channels, 6, 5, 3, stride, padding}, 3, act);
    // 20 rows: several chunks
    const auto report = test::checkLayerGradients(c, Matrix::Random(20, channels * 30), kTrain);
    EXPECT_TRUE(test::gradientsMatch(report, 1e-2));
}

// Two channels (18 patch rows) take the small-patch kernels, five (45) the GEMMs.
INSTANTIATE_TEST_SUITE_P(
    ConvLayers, ConvGradients,
    ::testing::Values(GradientCase{"s1_p1_linear", 1, 1, Activation::Linear, 2},
                      GradientCase{"s2_p1_tanh", 2, 1, Activation::Tanh, 2},
                      GradientCase{"s2_p0_sigmoid", 2, 0, Activation::Sigmoid, 2},
                      GradientCase{"s1_p1_tanh_gemm", 1, 1, Activation::Tanh, 5},
                      GradientCase{"s2_p1_sigmoid_gemm", 2, 1, Activation::Sigmoid, 5}),
    caseName);

TEST_F(ConvLayers, PoolGradients) {
    {
        SCOPED_TRACE("max 2x2");
        Pool2DLayer maxPool(PoolKind::Max, {2, 6, 6, 2, 2, 0});
        EXPECT_TRUE(test::gradientsMatch(
            test::checkLayerGradients(maxPool, distinctInput(3, 72), kTrain), 1e-2));
    }
    {
        SCOPED_TRACE("max 3x3 stride 2 (overlapping)");
        Pool2DLayer overlapping(PoolKind::Max, {2, 7, 7, 3, 2, 0});
        EXPECT_TRUE(test::gradientsMatch(
            test::checkLayerGradients(overlapping, distinctInput(3, 98), kTrain), 1e-2));
    }
    {
        SCOPED_TRACE("average 3x3 stride 2");
        Pool2DLayer avg(PoolKind::Average, {2, 7, 7, 3, 2, 0});
        EXPECT_TRUE(test::gradientsMatch(
            test::checkLayerGradients(avg, Matrix::Random(3, 98), kTrain), 1e-2));
    }
    {
        SCOPED_TRACE("global average");
        GlobalAvgPoolLayer global({3, 4, 5});
        EXPECT_TRUE(test::gradientsMatch(
            test::checkLayerGradients(global, Matrix::Random(3, 60), kTrain), 1e-2));
    }
    {
        SCOPED_TRACE("flatten");
        FlattenLayer flat({3, 4, 5});
        EXPECT_TRUE(test::gradientsMatch(
            test::checkLayerGradients(flat, Matrix::Random(3, 60), kTrain), 1e-2));
    }
}

TEST_F(ConvLayers, MaxPoolPicksTheMaximum) {
    Pool2DLayer pool(PoolKind::Max, {1, 4, 4, 2, 2, 0});
    Matrix x(1, 16), out;
    x << 1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 1, 1, 9, 0, 1, 2;
    pool.forward(x, out, kTrain);
    Matrix expected(1, 4);
    expected << 5, 8, 9, 2;
    EXPECT_TRUE(test::sameMatrix(out, expected));
    Matrix dIn;
    pool.backward(x, out, Matrix::Ones(1, 4), &dIn);
    ASSERT_EQ(dIn.cols(), 16L);
    EXPECT_EQ(dIn.sum(), 4.0f);
    EXPECT_EQ(dIn(0, 1), 1.0f);
    EXPECT_EQ(dIn(0, 12), 1.0f);
}

struct TieCase {
    const char* name;
    int height, width;
    friend std::ostream& operator<<(std::ostream& os, const TieCase& c) { return os << c.name; }
};
using MaxPoolTies = ConvLayersWith<TieCase>;

TEST_P(MaxPoolTies, GoToTheFirstInScanOrder) {
    // Values from {0, 1, 2} (ReLU zeros tie a lot): output and gradient routing must match
    // plain loops where the first maximum in scan order (row by row) wins.
    const auto [name, height, width] = GetParam();
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
    EXPECT_TRUE(test::sameMatrix(out, wantOut));
    EXPECT_TRUE(test::sameMatrix(dIn, wantIn));
}

INSTANTIATE_TEST_SUITE_P(ConvLayers, MaxPoolTies,
                         ::testing::Values(TieCase{"even_8x6", 8, 6},
                                           TieCase{"odd_height_7x6", 7, 6},
                                           TieCase{"odd_width_6x7_general_path", 6, 7}),
                         caseName);

TEST_F(ConvLayers, EvalPassKeepsTheTrainCache) {
    // backward must use the argmax of the Train pass even after an Eval pass on other data.
    Pool2DLayer pool(PoolKind::Max, {2, 6, 6, 2, 2, 0});
    Matrix x = distinctInput(4, 72), other = Matrix::Random(9, 72), out, o2, dA, dB;
    pool.forward(x, out, kTrain);
    const Matrix g = Matrix::Random(4, out.cols());
    pool.backward(x, out, g, &dA);
    pool.forward(other, o2, PassContext{Mode::Eval, 1, 0, 0, false});
    pool.backward(x, out, g, &dB);
    EXPECT_TRUE(test::sameMatrix(dA, dB));
}

TEST_F(ConvLayers, WholeConvNetGradients) {
    // conv → maxpool → conv (stride 2) → flatten → dense, through Network::backward.
    Network net({2, 6, 6});
    auto c1 = std::make_unique<Conv2DLayer>(ConvGeometry{2, 6, 6, 3, 1, 1}, 3, Activation::Tanh);
    c1->initialize(InitScheme::Xavier, 2, 0);
    net.add(std::move(c1));
    net.add(std::make_unique<Pool2DLayer>(PoolKind::Max, ConvGeometry{3, 6, 6, 2, 2, 0}));
    auto c2 = std::make_unique<Conv2DLayer>(ConvGeometry{3, 3, 3, 2, 2, 1}, 4, Activation::Tanh);
    c2->initialize(InitScheme::Xavier, 2, 1);
    net.add(std::move(c2));
    net.add(std::make_unique<FlattenLayer>(std::vector<int>{4, 2, 2}));
    auto d = std::make_unique<DenseLayer>(16, 3, Activation::Linear);
    d->initialize(InitScheme::Xavier, 2, 2);
    net.add(std::move(d));
    Matrix x = distinctInput(5, 72) * 0.1f, y(5, 1);
    y << 0, 1, 2, 1, 0;
    // A step small enough that no max-pool window changes its winner: moving input 64 up by
    // 1e-3 already does (the difference quotient then jumps), 5e-4 moves no winner anywhere.
    const auto report =
        test::checkNetworkGradients(net, x, y, LossKind::CrossEntropy, kTrain, {5e-4});
    EXPECT_TRUE(test::gradientsMatch(report, 2e-2));
}

TEST_F(ConvLayers, UniformInitFollowsFanIn) {
    Conv2DLayer c = conv({16, 14, 14, 3, 1, 1}, 32);
    const float bound = 1.0f / std::sqrt(16.0f * 9.0f);
    EXPECT_LE(c.weight().value.cwiseAbs().maxCoeff(), bound);
    EXPECT_GT(c.weight().value.cwiseAbs().maxCoeff(), 0.9f * bound);
    EXPECT_LE(c.bias().value.cwiseAbs().maxCoeff(), bound);
    EXPECT_GT(c.bias().value.cwiseAbs().maxCoeff(), 0.0f);
}

struct FusedPoolCase {
    const char* name;
    const char* pool;
    bool even;
    friend std::ostream& operator<<(std::ostream& os, const FusedPoolCase& c) {
        return os << c.name;
    }
};
using ChannelDropoutFusedWithPool = ConvLayersWith<FusedPoolCase>;

TEST_P(ChannelDropoutFusedWithPool, IsBitIdentical) {
    const auto [name, pool, even] = GetParam();
    EXPECT_EQ(fusedAgainstLayerByLayer(channelThenPool(pool, even)), 0.0f);
    // The fused pass still keeps the mask for display, as forward would have.
    Network net = channelThenPool(pool, even);
    Matrix x = Matrix::Random(4, shapeSize(net.inputShape()));
    net.forward(x, {Mode::Train, 9, 2, 0, false});
    const Matrix& mask = net.sites().front()->lastMask();
    EXPECT_EQ(mask.rows(), 4L);
    EXPECT_TRUE((mask.array() == 0.0f).any());
}

INSTANTIATE_TEST_SUITE_P(
    ConvLayers, ChannelDropoutFusedWithPool,
    ::testing::Values(
        FusedPoolCase{"max2x2_even_width_fast_path", R"({"type": "maxpool2d", "size": 2})", true},
        FusedPoolCase{"max2x2_odd_width", R"({"type": "maxpool2d", "size": 2})", false},
        FusedPoolCase{"max3x3_stride2_overlapping",
                      R"({"type": "maxpool2d", "size": 3, "stride": 2})", true},
        FusedPoolCase{"average2x2", R"({"type": "avgpool2d", "size": 2})", true}),
    caseName);

TEST_F(ConvLayers, BitIdenticalAcrossThreads) {
    const auto one = trainW3(1, 4);
    EXPECT_EQ(trainW3(2, 4), one);
    EXPECT_EQ(trainW3(4, 4), one);
}
