// The recurrent presets from the command line: `masks --config sine-lstm-variational` reports
// the recurrent sites with shape [batch, timesteps, units] and masks constant over time (and
// sine-lstm-naive's vary over time); `train` records every recurrent site's rate per epoch.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"

using dl::test::CliResult;
using dl::test::describe;
using dl::test::runCli;
using dl::test::TempDir;
using nlohmann::json;

namespace {

// Runs `masks` on a preset for two steps and reads the "steps" it wrote into *steps.
void masksOf(const std::string& preset, const std::string& out, json* steps) {
    const CliResult r =
        runCli({"masks", "--config", preset, "--steps", "2", "--threads", "2", "--out", out});
    ASSERT_TRUE(r.exited) << describe(r);
    ASSERT_EQ(r.code, 0) << describe(r);
    const json file = dl::test::readJson(out);
    ASSERT_TRUE(file.is_object() && file.contains("steps")) << out << ": no \"steps\"";
    *steps = file.at("steps");
}

// A site's [batch, timesteps, units] mask, with its shape checked.
struct SequenceMask {
    int batch = 0, timesteps = 0, units = 0;
    std::vector<double> values;
};

void sequenceMaskOf(const json& site, SequenceMask* m) {
    const auto shape = site.at("shape").get<std::vector<int>>();
    ASSERT_EQ(shape.size(), 3u) << "shape is not [batch, timesteps, units]";
    m->batch = shape[0];
    m->timesteps = shape[1];
    m->units = shape[2];
    m->values = site.at("mask").get<std::vector<double>>();
    ASSERT_EQ(m->values.size(), size_t(m->batch) * m->timesteps * m->units);
}

// How many (sequence, timestep > 0, unit) values differ from the same unit at timestep 0.
long changesOverTime(const SequenceMask& m) {
    const int t = m.timesteps, u = m.units;
    long changes = 0;
    for (int s = 0; s < m.batch; ++s)
        for (int k = 1; k < t; ++k)
            for (int j = 0; j < u; ++j)
                changes += m.values[(s * t + k) * u + j] != m.values[s * t * u + j];
    return changes;
}

TEST(RecurrentCli, VariationalMasksAreConstantOverTime) {
    TempDir dir;
    json steps;
    ASSERT_NO_FATAL_FAILURE(masksOf("sine-lstm-variational", dir.file("var.json"), &steps));
    ASSERT_EQ(steps.size(), 2u);
    for (size_t st = 0; st < steps.size(); ++st) {
        const json& sites = steps[st].at("sites");
        ASSERT_EQ(sites.size(), 2u);  // input and recurrent state
        for (const json& s : sites) {
            SCOPED_TRACE("step " + std::to_string(st + 1) + ", site " + s.value("id", "?"));
            EXPECT_EQ(s.at("variant").get<std::string>(), "variational");
            EXPECT_EQ(s.at("rate").get<double>(), 0.25);
            SequenceMask m;
            ASSERT_NO_FATAL_FAILURE(sequenceMaskOf(s, &m));
            EXPECT_EQ(m.timesteps, 50);
            EXPECT_EQ(changesOverTime(m), 0L);
        }
    }
    const json& first = steps[0].at("sites");
    EXPECT_EQ(first[0].at("shape").at(2).get<int>(), 1);   // x: 1 feature
    EXPECT_EQ(first[1].at("shape").at(2).get<int>(), 64);  // h: 64 units
    const json& second = steps[1].at("sites");
    EXPECT_TRUE(first[1].at("mask") != second[1].at("mask")) << "the same mask at a new step";
}

TEST(RecurrentCli, NaiveMasksChangeOverTime) {
    TempDir dir;
    json steps;
    ASSERT_NO_FATAL_FAILURE(masksOf("sine-lstm-naive", dir.file("naive.json"), &steps));
    ASSERT_EQ(steps.size(), 2u);
    const json& sites = steps[0].at("sites");
    ASSERT_EQ(sites.size(), 2u);
    for (const json& s : sites) {
        SCOPED_TRACE("site " + s.value("id", "?"));
        EXPECT_EQ(s.at("variant").get<std::string>(), "naive");
        SequenceMask m;
        ASSERT_NO_FATAL_FAILURE(sequenceMaskOf(s, &m));
        EXPECT_GT(changesOverTime(m), 0L);
    }
}

TEST(RecurrentCli, TrainRecordsRecurrentRates) {
    TempDir dir;
    const std::string out = dir.file("run.json");
    const CliResult r = runCli({"train", "--config", "sine-lstm-variational", "--epochs", "1",
                                "--threads", "2", "--quiet", "--out", out});
    ASSERT_TRUE(r.exited) << describe(r);
    ASSERT_EQ(r.code, 0) << describe(r);
    const json run = dl::test::readJson(out);
    ASSERT_TRUE(run.is_object());
    const json& epoch = run.at("history").at(0);
    std::vector<std::string> keys;
    for (const auto& [k, v] : epoch.at("rates").items()) keys.push_back(k);
    EXPECT_EQ(keys, (std::vector<std::string>{"lstm-input", "lstm-recurrent"}));
    EXPECT_GT(epoch.at("val_loss").get<double>(), 0.0);
}

}  // namespace
