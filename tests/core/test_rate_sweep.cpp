// `dropoutlab-cli sweep` end to end and core/training/rate_sweep underneath it: the CSV's columns
// and rows, byte-identical CSVs for the same command run twice and at 1 and 2 threads, every
// point trained from the same data and initial weights, cancel, bad grids (one sentence, exit 2,
// nothing written), and a curriculum run's RUN.json rates against Morerio's formula.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <ostream>
#include <regex>
#include <string>
#include <vector>

#include "base/input_error.h"
#include "core/config/experiment_config.h"
#include "core/config/experiment_setup.h"
#include "core/training/rate_sweep.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_helpers.h"
#include "tests/support/text_assertions.h"

using namespace dl;
using nlohmann::json;
using test::runCli;

namespace {

// Small and quick: spiral, input dropout and one hidden layer's dropout, 4 epochs.
json sweepConfig() {
    json j = test::minimalConfigJson();
    j["network"]["input_dropout"] = {{"rate", 0.1}};
    j["training"] = {{"epochs", 4}, {"batch_size", 16}};
    return j;
}

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> parts;
    std::string::size_type start = 0;
    for (;;) {
        const auto end = text.find(sep, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string::npos) return parts;
        start = end + 1;
    }
}

// The first four cells of a CSV line: which grid point it is.
std::string pointOf(const std::string& line) {
    const auto cells = split(line, ',');
    std::string out;
    for (size_t i = 0; i < 4 && i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
    return out;
}

bool startsWith(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

using dl::test::contains;

// Every test gets a fresh folder holding the sweep config.
class RateSweepCli : public ::testing::Test {
  protected:
    void SetUp() override { ASSERT_TRUE(test::writeFile(config_, sweepConfig().dump())); }

    test::TempDir dir_;
    const std::string config_ = dir_.file("sweep.json");
};

}  // namespace

TEST_F(RateSweepCli, CsvHasOneRowPerPair) {
    const std::string out = dir_.file("grid.csv");
    const test::CliResult r =
        runCli({"sweep", "--config", config_, "--site", "layer1", "--rates", "0,0.5", "--site2",
                "input", "--rates2", "0,0.2,0.4", "--threads", "2", "--out", out});
    ASSERT_EQ(r.code, 0) << r.err;
    const std::vector<std::string> lines = test::lines(test::readFile(out));
    ASSERT_EQ(lines.size(), 7u);
    EXPECT_EQ(lines[0],
              "site,rate,site2,rate2,train_loss,val_loss,test_loss,train_acc,val_acc,test_acc");
    EXPECT_EQ(pointOf(lines[1]), "layer1,0,input,0");
    EXPECT_EQ(pointOf(lines[3]), "layer1,0,input,0.4");
    EXPECT_EQ(pointOf(lines[6]), "layer1,0.5,input,0.4");
    for (size_t i = 1; i < lines.size(); ++i) {
        SCOPED_TRACE(lines[i]);
        const std::vector<std::string> cells = split(lines[i], ',');
        ASSERT_EQ(cells.size(), 10u);
        for (int c = 4; c < 10; ++c) {
            const char* begin = cells[c].c_str();
            char* end = nullptr;
            const double v = std::strtod(begin, &end);
            EXPECT_TRUE(!cells[c].empty() && *end == '\0' && std::isfinite(v))
                << "cell " << c << ": \"" << cells[c] << "\"";
        }
    }
    EXPECT_NE(lines[1], lines[6]);  // the rates made a difference
}

TEST_F(RateSweepCli, SameCsvTwiceAndAtAnyThreadCount) {
    std::string first;
    int run = 0;
    for (const char* threads : {"1", "2", "2"}) {
        SCOPED_TRACE(std::string("run ") + std::to_string(run) + " at " + threads + " threads");
        const std::string out = dir_.file("det-" + std::to_string(run++) + ".csv");
        const test::CliResult r =
            runCli({"sweep", "--config", config_, "--site", "layer1", "--rates", "0,0.25,0.5",
                    "--threads", threads, "--quiet", "--out", out});
        ASSERT_EQ(r.code, 0) << r.err;
        const std::string csv = test::readFile(out);
        EXPECT_TRUE(startsWith(csv, "site,rate,train_loss")) << csv;
        if (first.empty())
            first = csv;
        else
            EXPECT_EQ(csv, first);
    }
}

TEST_F(RateSweepCli, CsvGoesToStdoutWithoutOut) {
    const test::CliResult r = runCli({"sweep", "--config", config_, "--site", "input", "--rates",
                                      "0.3", "--epochs", "1", "--threads", "1"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(startsWith(r.out, "site,rate,train_loss")) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2);
    EXPECT_TRUE(contains(r.err, "point 1/1")) << r.err;  // progress on stderr
}

TEST(RateSweep, EveryPointStartsFromTheSameRun) {
    // A rate equal to the config's own gives exactly the metrics of a plain training run.
    const ExperimentConfig c = ExperimentConfig::fromJson(sweepConfig());
    auto trainer = makeTrainer(c);
    trainer->run(c.training.epochs);
    const SweepGrid grid{{"layer1", {0.2, 0.5}}, std::nullopt};
    const SweepResult res = runRateSweep(c, grid);
    ASSERT_EQ(res.points.size(), std::size_t(2));
    EXPECT_TRUE(res.classification);
    EXPECT_FALSE(res.cancelled);
    EXPECT_EQ(res.points[1].rate, 0.5);
    EXPECT_EQ(res.points[1].val.loss, trainer->history().back().val.loss);
    EXPECT_EQ(res.points[1].test.loss, trainer->evaluate(trainer->data().test).loss);
    EXPECT_NE(res.points[0].val.loss, res.points[1].val.loss);
}

TEST(RateSweep, CancelStopsThePoints) {
    const ExperimentConfig c = ExperimentConfig::fromJson(sweepConfig());
    std::atomic<bool> cancel{true};
    int calls = 0;
    const SweepResult res = runRateSweep(
        c, {{"layer1", {0.1, 0.2, 0.3}}, std::nullopt},
        [&](const SweepPoint&, int done, int total) {
            ++calls;
            EXPECT_EQ(total, 3);
            EXPECT_TRUE(done >= 1 && done <= 3) << "done = " << done;
        },
        &cancel);
    EXPECT_TRUE(res.cancelled);
    EXPECT_EQ(calls, 3);
    for (const auto& p : res.points)
        EXPECT_TRUE(p.status == SweepStatus::Cancelled) << "point " << p.index;
    EXPECT_NE(sweepCsv({{"layer1", {0.1, 0.2, 0.3}}, std::nullopt}, res).find(",nan"),
              std::string::npos);
}

namespace {

// One bad grid: the arguments after the config and what the error must mention.
struct BadGrid {
    std::string name;
    std::vector<std::string> args;
    std::string mentions;
};

std::ostream& operator<<(std::ostream& os, const BadGrid& g) {
    return os << g.name;
}

class RateSweepBadGrid : public RateSweepCli, public ::testing::WithParamInterface<BadGrid> {};

}  // namespace

TEST_P(RateSweepBadGrid, FailsWithOneSentence) {
    const BadGrid& g = GetParam();
    test::TempDir outDir;
    std::vector<std::string> args{"sweep", "--config", config_, "--out", outDir.file("never.csv")};
    args.insert(args.end(), g.args.begin(), g.args.end());
    const test::CliResult r = runCli(args);
    EXPECT_EQ(r.code, 2) << r.err;
    const std::string& err = r.err;
    EXPECT_TRUE(startsWith(err, "dropoutlab-cli: ") && endsWith(err, ".\n") &&
                std::count(err.begin(), err.end(), '\n') == 1)
        << err;
    EXPECT_TRUE(contains(err, g.mentions)) << err;
    EXPECT_FALSE(contains(err, "unexpected error")) << err;
    EXPECT_FALSE(std::regex_search(err, std::regex("[.!?]\\s+[A-Z]"))) << err;
    EXPECT_EQ(outDir.entries(), std::vector<std::string>());
}

INSTANTIATE_TEST_SUITE_P(
    Grids, RateSweepBadGrid,
    ::testing::Values(
        BadGrid{"unknown_site", {"--site", "fc9", "--rates", "0.1"}, "\"fc9\""},
        BadGrid{"rate_1", {"--site", "layer1", "--rates", "0,1"}, "--rates"},
        BadGrid{"negative_rate", {"--site", "layer1", "--rates", "-0.1"}, "[0, 1)"},
        BadGrid{"not_a_number", {"--site", "layer1", "--rates", "0,abc"}, "abc"},
        BadGrid{"empty_item", {"--site", "layer1", "--rates", "0,,0.2"}, "--rates"},
        BadGrid{"bad_site2",
                {"--site", "layer1", "--rates", "0", "--site2", "nope", "--rates2", "0.1"},
                "--site2"},
        BadGrid{"rate2_1_5",
                {"--site", "layer1", "--rates", "0", "--site2", "input", "--rates2", "1.5"},
                "--rates2"},
        BadGrid{"same_site",
                {"--site", "layer1", "--rates", "0", "--site2", "layer1", "--rates2", "0.1"},
                "different"},
        BadGrid{
            "site2_alone", {"--site", "layer1", "--rates", "0", "--site2", "input"}, "--rates2"}),
    [](const ::testing::TestParamInfo<BadGrid>& info) { return info.param.name; });

TEST_F(RateSweepCli, CurriculumRunRecordsTheFormula) {
    // RUN.json's rates of epoch e are those of t = e − 1 completed epochs (unit "epoch"),
    // and of t = the epoch's first step (unit "step").
    const double gamma = 0.3, target = 0.6;
    json j = sweepConfig();
    j["network"]["layers"][0]["dropout"] = {
        {"rate", target}, {"schedule", {{"kind", "curriculum"}, {"gamma", gamma}}}};
    j["network"]["input_dropout"] = {
        {"rate", 0.2}, {"schedule", {{"kind", "curriculum"}, {"unit", "step"}, {"gamma", 0.01}}}};
    j["training"]["epochs"] = 8;
    const std::string config = dir_.file("curriculum.json"), run = dir_.file("run.json");
    ASSERT_TRUE(test::writeFile(config, j.dump()));
    const test::CliResult r = runCli({"train", "--config", config, "--quiet", "--out", run});
    ASSERT_EQ(r.code, 0) << r.err;
    const json rec = test::readJson(run);
    ASSERT_FALSE(rec.is_discarded()) << test::readFile(run);
    const auto& h = rec.at("history");
    ASSERT_EQ(h.size(), std::size_t(8));
    const int trainSize = rec.at("model").at("train_size").get<int>(),
              steps = (trainSize + 15) / 16;
    for (const auto& e : h) {
        const int epoch = e.at("epoch").get<int>();
        SCOPED_TRACE("epoch " + std::to_string(epoch));
        const double keep = target * std::exp(-gamma * (epoch - 1)) + (1 - target);
        EXPECT_LT(std::abs(e.at("rates").at("layer1").get<double>() - (1.0 - keep)), 1e-15);
        const double t = double((epoch - 1) * steps);
        EXPECT_LT(
            std::abs(e.at("rates").at("input").get<double>() - 0.2 * (1 - std::exp(-0.01 * t))),
            1e-15);
    }
    EXPECT_EQ(h[0].at("rates").at("layer1").get<double>(), 0.0);
}
