// RUN.json and predict inputs that would crash or give silent nonsense are refused with one
// sentence naming the file and field, exit 2, and nothing written.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"

namespace {

using dl::test::readJson;
using dl::test::runCli;
using dl::test::TempDir;
using dl::test::writeFile;

class RunFileChecks : public ::testing::Test {
  protected:
    void SetUp() override {
        run_ = dir_.file("run.json");
        auto r = runCli(
            {"train", "--config", "spiral-dropout", "--epochs", "1", "--quiet", "--out", run_});
        ASSERT_EQ(r.code, 0) << dl::test::describe(r);
        ASSERT_TRUE(writeFile(dir_.file("ok.csv"), "x1,x2\n0.5,0.1\n"));
    }
    // Writes the run with `edit` applied and runs predict on it.
    dl::test::CliResult predictWith(const std::function<void(nlohmann::json&)>& edit,
                                    const std::string& input = "ok.csv") {
        nlohmann::json j = readJson(run_);
        edit(j);
        EXPECT_TRUE(writeFile(dir_.file("edited.json"), j.dump()));
        return runCli({"predict", "--run", dir_.file("edited.json"), "--input", dir_.file(input),
                       "--out", dir_.file("p.csv")});
    }
    void expectRefused(const dl::test::CliResult& r, const std::string& part) {
        EXPECT_EQ(r.code, 2) << dl::test::describe(r);
        EXPECT_NE(r.err.find(part), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_TRUE(dl::test::readFile(dir_.file("p.csv")).empty());
    }
    TempDir dir_;
    std::string run_;
};

TEST_F(RunFileChecks, RecordsInputNames) {
    EXPECT_EQ(readJson(run_)["model"]["input_names"], nlohmann::json({"x1", "x2"}));
}

TEST_F(RunFileChecks, MatchesColumnsByName) {
    ASSERT_TRUE(writeFile(dir_.file("swapped.csv"), "x2,x1\n0.1,0.5\n"));
    auto a = runCli({"predict", "--run", run_, "--input", dir_.file("ok.csv")});
    auto b = runCli({"predict", "--run", run_, "--input", dir_.file("swapped.csv")});
    ASSERT_EQ(a.code, 0);
    ASSERT_EQ(b.code, 0);
    auto tail = [](const std::string& s) { return s.substr(s.find('\n') + 1).substr(8); };
    EXPECT_EQ(tail(a.out), tail(b.out));  // same probabilities after the echoed inputs
}

TEST_F(RunFileChecks, RejectsUnknownColumn) {
    ASSERT_TRUE(writeFile(dir_.file("foo.csv"), "foo,x1\n1,2\n"));
    expectRefused(predictWith([](nlohmann::json&) {}, "foo.csv"), "column \"foo\"");
}

TEST_F(RunFileChecks, RejectsBadInputShape) {
    expectRefused(predictWith([](nlohmann::json& j) { j["model"]["input_shape"] = {-1}; }),
                  "model.input_shape");
}

TEST_F(RunFileChecks, RejectsHugeOutputs) {
    expectRefused(predictWith([](nlohmann::json& j) { j["model"]["outputs"] = 1e9; }),
                  "model.outputs");
}

TEST_F(RunFileChecks, RejectsWeightBeyondFloat) {
    expectRefused(predictWith([](nlohmann::json& j) { j["weights"][0]["data"][0] = 1e39; }),
                  "weights[0].data[0]");
}

TEST_F(RunFileChecks, RejectsTinyStd) {
    expectRefused(predictWith([](nlohmann::json& j) {
                      j["model"]["standardizer"] = {{"mean", {0, 0}}, {"std", {1e-300, 1}}};
                  }),
                  "model.standardizer");
}

TEST_F(RunFileChecks, McCurveRejectsChangedData) {
    nlohmann::json j = readJson(run_);
    j["config"]["dataset"]["arms"] = 3;  // three classes now, the model has two outputs
    ASSERT_TRUE(writeFile(dir_.file("edited.json"), j.dump()));
    auto r = runCli({"mc-curve", "--run", dir_.file("edited.json"), "--max-samples", "2", "--out",
                     dir_.file("p.csv")});
    expectRefused(r, "the data changed since training");
}

}  // namespace
