// `dropoutlab-cli bench` through the real binary, checking behaviour, never speed: each
// workload prints one line in the PyTorch peers' format (docs/benchmarks.md), bad options fail
// with one sentence and exit 2, --data-check reproduces the peers' checksums, and W1 learns
// under --sanity. In process: the data sets D1, D2 and G5 have the specified shapes and
// statistics, and Trainer::trainBatch counts steps without ending epochs.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "core/config/experiment_config.h"
#include "core/training/trainer.h"
#include "datasets/dataset_factory.h"
#include "datasets/dataset_spec.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_helpers.h"
#include "tests/support/text_assertions.h"

using namespace dl;
using dl::test::CliResult;
using dl::test::describe;
using dl::test::runCli;

namespace {

using dl::test::contains;

std::vector<std::string> linesStartingWith(const std::string& text, const std::string& prefix) {
    std::vector<std::string> out;
    for (const std::string& line : test::lines(text))
        if (line.starts_with(prefix)) out.push_back(line);
    return out;
}

Dataset dataOf(const char* kind) {
    return makeDataset(DatasetSpec::fromJson({{"kind", kind}}, "dataset"), 1);
}

// The peers' --data-check output (docs/benchmarks.md, "Checksums").
const char* const kPeerDataLines[] = {
    "DATA W1 n=1000 sum_x=-1.390602 sum_y=500.000000 x_first=0 x_last=0.15925011 y_first=0 "
    "y_last=1",
    "DATA W2/W3 n=8192 sum_x=3201875.774233 sum_y=36298.000000 x_first=0.452532589 "
    "x_last=0.31899032 y_first=3 y_last=3",
    "DATA W2/W3 class_counts=896,802,860,811,800,769,839,830,811,774",
    "DATA W4 n=4096 sum_x=37.831772 sum_y=-52.890969 x_first=0.436733902 x_last=0.577260256 "
    "y_first=-0.957949638 y_last=0.870236814",
    "DATA W5 n=1000 sum_x=0.000000 sum_y=0.000000 x_first=-3 x_last=3 y_first=-3 y_last=3",
};

std::unique_ptr<Trainer> makeTrainerFor(const nlohmann::json& j) {
    const ExperimentConfig c = ExperimentConfig::fromJson(j);
    return std::make_unique<Trainer>(c, loadDataSplit(c.dataset, c.seed));
}

TEST(BenchCli, EveryWorkloadPrintsOneLineInThePeersFormat) {
    const CliResult r = runCli({"bench", "--steps", "2", "--warmup", "1", "--threads", "2"});
    ASSERT_TRUE(r.exited) << describe(r);
    ASSERT_EQ(r.code, 0) << describe(r);
    const std::string num = R"([0-9]+\.[0-9]+)";
    const std::string tail = R"( finite=1( [a-z_]+=[^ ]+)* impl=dropoutlab$)";
    const std::string patterns[] = {
        "^W1 toy-mlp steps_per_s=" + num + " steps=2 secs=" + num + " loss=" + num + tail,
        "^W2 mnist-mlp steps_per_s=" + num + " samples_per_s=" + num + " steps=2 secs=" + num +
            " loss=" + num + tail,
        "^W3 cnn-spatial steps_per_s=" + num + " steps=2 secs=" + num + " loss=" + num + tail,
        "^W4 lstm-variational steps_per_s=" + num + " steps=2 secs=" + num + " loss=" + num + tail,
        "^W5 mc-predict ms=" + num + " reps=2 secs=" + num + " mean_std=" + num + tail,
    };
    const std::vector<std::string> lines = linesStartingWith(r.out, "W");
    ASSERT_EQ(lines.size(), 5u) << r.out;
    for (size_t k = 0; k < 5; ++k)
        EXPECT_TRUE(std::regex_search(lines[k], std::regex(patterns[k])))
            << lines[k] << "\ndoes not match " << patterns[k];
    EXPECT_TRUE(std::regex_search(lines[1], std::regex(" gemm_fraction=[0-9.]+ "))) << lines[1];
    EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\n# gemm sgemm n=\d+ .*gflops=[0-9.]+)")))
        << r.out;
    EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\n# peak_rss_mb=[0-9.]+)"))) << r.out;
    for (const std::string& line : test::lines(r.out)) {
        if (!line.empty()) {
            EXPECT_TRUE(line.starts_with('#') || line.starts_with('W')) << line;
        }
    }
}

TEST(BenchCli, OnlyTakesBothSpellings) {
    const CliResult r = runCli({"bench", "--only", "5,W1", "--steps", "1", "--warmup", "0"});
    ASSERT_TRUE(r.exited) << describe(r);
    ASSERT_EQ(r.code, 0) << describe(r);
    const std::vector<std::string> lines = linesStartingWith(r.out, "W");
    ASSERT_EQ(lines.size(), 2u) << r.out;
    EXPECT_TRUE(lines[0].starts_with("W1 toy-mlp ")) << lines[0];
    EXPECT_TRUE(lines[1].starts_with("W5 mc-predict ")) << lines[1];
}

TEST(BenchCli, UnknownWorkloadIsOneSentenceAndExit2) {
    for (const char* only : {"W6", "W1,mlp", "W1,"}) {
        SCOPED_TRACE(std::string("--only ") + only);
        const CliResult r = runCli({"bench", "--only", only});
        EXPECT_EQ(r.code, 2) << describe(r);
        EXPECT_TRUE(linesStartingWith(r.out, "W").empty()) << r.out;
        std::string err = r.err;
        while (!err.empty() && std::isspace(static_cast<unsigned char>(err.back()))) err.pop_back();
        EXPECT_TRUE(err.starts_with("dropoutlab-cli: --only: unknown workload")) << err;
        EXPECT_FALSE(contains(err, "\n")) << err;
        EXPECT_TRUE(err.ends_with('.')) << err;
    }
}

TEST(BenchCli, BadCountsAreRejected) {
    for (const std::vector<std::string>& option :
         {std::vector<std::string>{"--steps", "0"}, {"--threads", "0"}, {"--warmup", "-1"}}) {
        SCOPED_TRACE(option[0] + " " + option[1]);
        const CliResult r = runCli({"bench", option[0], option[1]});
        EXPECT_EQ(r.code, 2) << describe(r);
    }
}

TEST(BenchCli, DataCheckReproducesThePeersChecksums) {
    const CliResult r = runCli({"bench", "--data-check"});
    ASSERT_TRUE(r.exited) << describe(r);
    ASSERT_EQ(r.code, 0) << describe(r);
    const std::vector<std::string> lines = linesStartingWith(r.out, "DATA ");
    ASSERT_EQ(lines.size(), 5u) << r.out;
    for (size_t k = 0; k < 5; ++k) EXPECT_EQ(lines[k], kPeerDataLines[k]);
}

TEST(BenchCli, W1LearnsUnderSanity) {
    const CliResult r = runCli({"bench", "--sanity", "--only", "W1"});
    ASSERT_TRUE(r.exited) << describe(r);
    ASSERT_EQ(r.code, 0) << describe(r);
    const std::vector<std::string> lines =
        linesStartingWith(r.out, "SANITY W1 toy-mlp steps=3000 ");
    ASSERT_EQ(lines.size(), 1u) << r.out;
    EXPECT_TRUE(contains(lines[0], " decreased=1 ok=1 ")) << lines[0];
}

TEST(BenchData, SpiralIsD1) {
    const Dataset d = dataOf("w1-spiral");
    ASSERT_EQ(d.size(), 1000);
    EXPECT_EQ(d.sampleShape, std::vector<int>({2}));
    EXPECT_EQ(d.numClasses, 2);
    for (int i = 0; i < d.size(); ++i) {
        SCOPED_TRACE("row " + std::to_string(i));
        EXPECT_EQ(int(d.y(i, 0)), i % 2);  // classes alternate
        const double radius = std::hypot(double(d.x(i, 0)), double(d.x(i, 1)));
        EXPECT_LT(std::abs(radius - (i / 2) / 500.0), 1e-6);  // radius t = ⌊i/2⌋/500
    }
}

TEST(BenchData, PixelsAreD2) {
    const Dataset d = dataOf("w2-pixels");
    ASSERT_EQ(d.size(), 8192);
    EXPECT_EQ(d.sampleShape, std::vector<int>({1, 28, 28}));
    EXPECT_EQ(d.numClasses, 10);
    ASSERT_EQ(d.x.cols(), 784);
    // Every pixel is 0.5·noise + 0.5·template: in [0, 0.5) or [0.5, 1), constant per 4×4 block.
    EXPECT_TRUE(d.x.minCoeff() >= 0.0f && d.x.maxCoeff() < 1.0f);
    for (int i : {0, 4095, 8191})
        for (int k = 0; k < 784; ++k) {
            const int corner = (k / 28 / 4 * 4) * 28 + (k % 28) / 4 * 4;
            EXPECT_EQ(d.x(i, k) >= 0.5f, d.x(i, corner) >= 0.5f)
                << "image " << i << ", pixel " << k;
        }
}

TEST(BenchData, GridIsG5) {
    const Dataset d = dataOf("w5-grid");
    ASSERT_EQ(d.size(), 1000);
    EXPECT_EQ(d.sampleShape, std::vector<int>({1}));
    EXPECT_EQ(d.numClasses, 0);
    EXPECT_FLOAT_EQ(d.x(0, 0), -3.0f);
    EXPECT_FLOAT_EQ(d.x(999, 0), 3.0f);
    EXPECT_FLOAT_EQ(d.x(500, 0), float(-3.0 + 6.0 * 500 / 999.0));
    ASSERT_TRUE(d.y.rows() == d.x.rows() && d.y.cols() == d.x.cols());
    EXPECT_TRUE(d.y == d.x);
}

TEST(BenchTrainer, TrainBatchCountsStepsWithoutEndingEpochs) {
    auto trainer = makeTrainerFor(test::minimalConfigJson());
    const Matrix& x = trainer->data().train.x;
    const Matrix& y = trainer->data().train.y;
    for (int s = 0; s < 3 * trainer->stepsPerEpoch(); ++s)
        ASSERT_TRUE(std::isfinite(trainer->trainBatch(x.topRows(16), y.topRows(16))))
            << "step " << s;
    EXPECT_EQ(trainer->globalStep(), long(3 * trainer->stepsPerEpoch()));
    EXPECT_EQ(trainer->epoch(), 0);
    EXPECT_TRUE(trainer->history().empty());
}

}  // namespace
