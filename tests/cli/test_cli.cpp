// `dropoutlab-cli train` and `presets` end to end, through the real binary: bad input fails
// with one sentence on stderr naming the file or field and writes nothing; a diverging run
// stops cleanly; RUN.json has the contract's sections and is the same at 1 and 2 threads;
// --seed and --epochs override the file; a data path relative to the experiment file is found
// from any working folder; every built-in preset trains one epoch.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <memory>
#include <ostream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/config/experiment_config.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_helpers.h"
#include "tests/support/text_assertions.h"

using dl::test::CliResult;
using dl::test::describe;
using dl::test::readJson;
using dl::test::runCli;
using dl::test::TempDir;
using dl::test::writeFile;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using dl::test::contains;

std::string trimmed(const std::string& s) {
    const char* space = " \t\n\r\f\v";
    const size_t first = s.find_first_not_of(space);
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(space) - first + 1);
}

// `text` cut at every `sep`, empty parts kept ("a\t" is two parts).
std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> parts(1);
    for (char c : text) {
        if (c == sep)
            parts.emplace_back();
        else
            parts.back() += c;
    }
    return parts;
}

// `s` with every "DIR" replaced by `dir` (the test's temporary folder).
std::string inDir(std::string s, const std::string& dir) {
    for (size_t at = s.find("DIR"); at != std::string::npos; at = s.find("DIR", at + dir.size()))
        s.replace(at, 3, dir);
    return s;
}

// A gtest name for a label such as a preset name: every run of other characters becomes '_'.
std::string testName(const std::string& label) {
    std::string name;
    for (char c : label) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            name += c;
        else if (!name.empty() && name.back() != '_')
            name += '_';
    }
    while (!name.empty() && name.back() == '_') name.pop_back();
    return name;
}

// The contract's error: one line, "dropoutlab-cli: <one sentence>." Returns why not, or "".
std::string errorShapeProblem(const std::string& err) {
    if (!err.ends_with('\n') || std::count(err.begin(), err.end(), '\n') != 1)
        return "stderr is not exactly one line";
    const std::string line = trimmed(err);
    if (!line.starts_with("dropoutlab-cli: ")) return "stderr does not start with the program name";
    if (!line.ends_with('.')) return "the sentence does not end with a full stop";
    if (contains(line, "unexpected error")) return "bad input reached the unexpected-error path";
    return {};
}

// True if the line holds more than one sentence (a full stop followed by a capitalised word).
bool hasSecondSentence(const std::string& err) {
    static const std::regex re(R"([.!?]\s+[A-Z])");
    return std::regex_search(err, re);
}

bool allFinite(const json& entry, std::initializer_list<const char*> keys) {
    for (const char* k : keys)
        if (!entry.contains(k) || !entry[k].is_number() || !std::isfinite(entry[k].get<double>()))
            return false;
    return true;
}

// The site ids a written config declares: every object under "network" with an "id" (dense and
// conv layers' "dropout", "input_dropout", recurrent layers' "recurrent_dropout", "zoneout", …).
void collectSiteIds(const json& j, std::set<std::string>& ids) {
    if (j.is_object() && j.contains("id") && j["id"].is_string())
        ids.insert(j["id"].get<std::string>());
    if (j.is_structured())
        for (const auto& v : j) collectSiteIds(v, ids);
}

std::set<std::string> siteIds(const json& config) {
    std::set<std::string> ids;
    collectSiteIds(config.at("network"), ids);
    return ids;
}

std::set<std::string> keysOf(const json& obj) {
    std::set<std::string> keys;
    for (const auto& [k, v] : obj.items()) keys.insert(k);
    return keys;
}

// A quick experiment on a regression set that SGD with a huge learning rate blows up.
json divergingConfig() {
    json c = dl::test::minimalConfigJson();
    c["dataset"] = {{"kind", "sine-gap"}, {"samples", 200}};
    c["optimizer"] = {{"kind", "sgd"}, {"lr", 1e6}};
    return c;
}

// ---- bad input: non-zero exit, one sentence naming the file/field, nothing written ----

// One bad `train` call. In every string "DIR" stands for the test's temporary folder.
struct BadInput {
    std::string name;
    std::string config;                 // written to DIR/config.json unless empty
    std::vector<std::string> mentions;  // substrings the sentence must hold
    std::vector<std::string> extraArgs;
    std::string configArg;  // --config value
    std::string outArg;     // --out value
};

void PrintTo(const BadInput& b, std::ostream* os) {
    *os << b.name;
}

std::vector<BadInput> badInputs() {
    const std::string cfg = "DIR/config.json";
    auto mutated = [](auto&& edit) {
        json c = dl::test::minimalConfigJson();
        edit(c);
        return c.dump(2);
    };
    std::vector<BadInput> rows;
    auto row = [&](const char* name, const std::string& config,
                   const std::vector<std::string>& mentions,
                   const std::vector<std::string>& extra = {},
                   const std::string& configArg = "DIR/config.json",
                   const std::string& outArg = "DIR/run.json") {
        rows.push_back({name, config, mentions, extra, configArg, outArg});
    };

    row("malformed_json", R"({"name": "t", "seed": 7,, "dataset": {}})", {cfg, "not valid JSON"});
    row("unknown_top_level_field", mutated([](json& c) { c["bogus"] = 1; }),
        {cfg, "bogus", "unknown field"});
    row("unknown_dropout_field",
        mutated([](json& c) { c["network"]["layers"][0]["dropout"]["dropuot"] = 0.5; }),
        {cfg, "network.layers[0].dropout.dropuot", "unknown field"});
    row("unknown_layer_field", mutated([](json& c) { c["network"]["layers"][0]["dropuot"] = 0.5; }),
        {cfg, "network.layers[0].dropuot", "unknown field"});
    row("unknown_optimizer_field", mutated([](json& c) {
            c["optimizer"] = {{"kind", "adam"}, {"learning_rate", 0.1}};
        }),
        {cfg, "optimizer.learning_rate", "unknown field"});
    row("drop_rate_1_0",
        mutated([](json& c) { c["network"]["layers"][0]["dropout"]["rate"] = 1.0; }),
        {cfg, "network.layers[0].dropout.rate", "[0, 1)"});
    row("drop_rate_minus_0_1",
        mutated([](json& c) { c["network"]["layers"][0]["dropout"]["rate"] = -0.1; }),
        {cfg, "network.layers[0].dropout.rate", "[0, 1)", "-0.1"});
    row("input_drop_rate_1_0", mutated([](json& c) {
            c["network"]["input_dropout"] = {{"rate", 1.0}};
        }),
        {cfg, "network.input_dropout.rate", "[0, 1)"});
    row("drop_rate_as_text",
        mutated([](json& c) { c["network"]["layers"][0]["dropout"]["rate"] = "0.5"; }),
        {cfg, "network.layers[0].dropout.rate", "expected a number"});
    row("zero_units", mutated([](json& c) { c["network"]["layers"][0]["units"] = 0; }),
        {cfg, "network.layers[0].units", "≥ 1"});
    row("no_layers_field", mutated([](json& c) { c["network"].erase("layers"); }),
        {cfg, "network.layers", "required"});
    row("unknown_optimizer_kind", mutated([](json& c) {
            c["optimizer"] = {{"kind", "rmsprop"}};
        }),
        {cfg, "optimizer.kind", "\"sgd\"", "\"adam\"", "rmsprop"});
    row("duplicate_site_ids", mutated([](json& c) {
            c["network"]["layers"][0]["dropout"]["id"] = "same";
            c["network"]["input_dropout"] = {{"id", "same"}, {"rate", 0.1}};
        }),
        {cfg, "\"same\"", "unique"});
    row("csv_with_only_a_header", mutated([](json& c) {
            c["dataset"] = {{"kind", "csv"}, {"path", "DIR/header-only.csv"}, {"target", "y"}};
        }),
        {"header-only.csv", "no data rows"});
    row("too_few_samples", mutated([](json& c) { c["dataset"]["samples"] = 5; }),
        {cfg, "dataset.samples", "≥ 10"});
    row("split_leaves_validation_empty", mutated([](json& c) {
            c["dataset"]["samples"] = 10;
            c["dataset"]["split"] = {{"train", 0.9}, {"val", 0.05}};
        }),
        {"dataset", "validation set", "empty"});
    row("missing_config_file", "", {"DIR/missing.json", "no such file"}, {}, "DIR/missing.json");
    // The presets are not listed (thirteen names make the line too long): the message says
    // where they are.
    row("unknown_preset", "", {"no-such-preset", "no built-in preset", "dropoutlab-cli presets"},
        {}, "no-such-preset");
    row("epochs_0", mutated([](json&) {}), {"--epochs", "from 1 to 100000"}, {"--epochs", "0"});
    row("epochs_not_a_number", mutated([](json&) {}), {"--epochs", "abc"}, {"--epochs", "abc"});
    row("out_in_a_missing_folder", mutated([](json&) {}), {"DIR/no/such/folder/run.json"}, {}, cfg,
        "DIR/no/such/folder/run.json");
    return rows;
}

class CliBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(CliBadInput, FailsWithOneSentenceAndWritesNothing) {
    const BadInput& c = GetParam();
    TempDir dir;
    const std::string d = dir.path().string();
    ASSERT_TRUE(writeFile(dir.file("header-only.csv"), "x1,x2,y\n"));
    if (!c.config.empty()) {
        ASSERT_TRUE(writeFile(dir.file("config.json"), inDir(c.config, d)));
    }
    const std::vector<std::string> before = dir.entries();

    const std::string out = inDir(c.outArg, d);
    std::vector<std::string> args = {"train", "--config", inDir(c.configArg, d), "--out", out};
    args.insert(args.end(), {"--threads", "2", "--quiet"});
    args.insert(args.end(), c.extraArgs.begin(), c.extraArgs.end());
    const CliResult r = runCli(args);

    ASSERT_TRUE(r.exited) << describe(r);
    EXPECT_NE(r.code, 0) << describe(r);
    const std::string problem = errorShapeProblem(r.err);
    EXPECT_TRUE(problem.empty()) << problem << ": " << r.err;
    EXPECT_FALSE(hasSecondSentence(r.err)) << r.err;
    for (const std::string& m : c.mentions)
        EXPECT_TRUE(contains(r.err, inDir(m, d))) << '"' << inDir(m, d) << "\" not in: " << r.err;
    EXPECT_FALSE(fs::exists(out)) << "the --out file was written";
    EXPECT_EQ(dir.entries(), before) << "no RUN.json and no leftover temporary file";
}

INSTANTIATE_TEST_SUITE_P(Train, CliBadInput, ::testing::ValuesIn(badInputs()),
                         [](const auto& info) { return info.param.name; });

// ---- a run whose loss stops being finite ----

TEST(CliDivergingRun, WritesNothing) {
    TempDir dir;
    const std::string config = dir.file("diverge.json"), out = dir.file("run.json");
    ASSERT_TRUE(writeFile(config, divergingConfig().dump()));
    const std::vector<std::string> before = dir.entries();

    const CliResult r = runCli({"train", "--config", config, "--threads", "2", "--out", out});
    ASSERT_TRUE(r.exited) << describe(r);
    EXPECT_NE(r.code, 0) << describe(r);
    const std::string problem = errorShapeProblem(r.err);
    EXPECT_TRUE(problem.empty()) << problem << ": " << r.err;
    EXPECT_TRUE(contains(r.err, "diverged")) << r.err;
    EXPECT_FALSE(contains(r.out, "final")) << r.out;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_EQ(dir.entries(), before);
    EXPECT_TRUE(contains(r.err, "nothing was written")) << r.err;
    EXPECT_FALSE(hasSecondSentence(r.err)) << r.err;
}

TEST(CliDivergingRun, KeepsAnOlderRunFile) {
    TempDir dir;
    const std::string config = dir.file("diverge.json"), out = dir.file("run.json");
    ASSERT_TRUE(writeFile(config, divergingConfig().dump()));
    const std::string old = "{\"an\": \"earlier run\"}\n";
    ASSERT_TRUE(writeFile(out, old));
    const std::vector<std::string> before = dir.entries();

    const CliResult r =
        runCli({"train", "--config", config, "--threads", "2", "--quiet", "--out", out});
    ASSERT_TRUE(r.exited) << describe(r);
    EXPECT_NE(r.code, 0) << describe(r);
    EXPECT_TRUE(contains(r.err, "diverged")) << r.err;
    ASSERT_TRUE(fs::exists(out));
    EXPECT_EQ(dl::test::readFile(out), old);
    EXPECT_EQ(dir.entries(), before);
}

// ---- RUN.json ----

// Reads the two 20-epoch spiral-dropout runs (at 1 and 2 threads), trained once for the suite.
class CliRunFile : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        runs_ = std::make_unique<TempDir>();
        for (const char* threads : {"1", "2"})
            results_.push_back(runCli({"train", "--config", "spiral-dropout", "--epochs", "20",
                                       "--threads", threads, "--quiet", "--out",
                                       runs_->file(std::string("run-") + threads + ".json")}));
    }
    static void TearDownTestSuite() {
        results_.clear();
        runs_.reset();
    }
    void SetUp() override {
        ASSERT_TRUE(fs::exists(dl::test::cliPath())) << dl::test::cliPath();
        ASSERT_EQ(results_.size(), 2u);
        for (size_t i = 0; i < 2; ++i)
            ASSERT_TRUE(results_[i].exited && results_[i].code == 0)
                << "the " << i + 1 << "-thread run: " << describe(results_[i]);
    }
    static std::string oneThread() { return runs_->file("run-1.json"); }
    static std::string twoThreads() { return runs_->file("run-2.json"); }

  private:
    static inline std::unique_ptr<TempDir> runs_;
    static inline std::vector<CliResult> results_;
};

TEST_F(CliRunFile, IsTheSameAtOneAndTwoThreads) {
    const json a = readJson(oneThread()), b = readJson(twoThreads());
    ASSERT_TRUE(a.is_object() && b.is_object());
    ASSERT_TRUE(a.at("history").is_array());
    EXPECT_EQ(a.at("history").size(), 20u);
    EXPECT_TRUE(a.at("history") == b.at("history")) << "history differs between 1 and 2 threads";
    EXPECT_TRUE(a.at("weights") == b.at("weights")) << "weights differ between 1 and 2 threads";
    EXPECT_EQ(a.at("final").at("test_loss").get<double>(),
              b.at("final").at("test_loss").get<double>());
    EXPECT_EQ(a.at("final").at("test_acc").get<double>(),
              b.at("final").at("test_acc").get<double>());
}

TEST_F(CliRunFile, HasTheContractSections) {
    const json run = readJson(oneThread());
    ASSERT_TRUE(run.is_object());
    EXPECT_EQ(run.value("format", ""), "dropoutlab-run/1");

    // config: the whole experiment, defaults filled in, overrides applied.
    const json& c = run.at("config");
    EXPECT_EQ(c.at("name").get<std::string>(), "spiral-dropout");
    EXPECT_EQ(c.at("training").at("epochs").get<int>(), 20);  // --epochs 20
    EXPECT_EQ(c.at("training").at("batch_size").get<int>(), 32);
    const json& opt = c.at("optimizer");
    EXPECT_EQ(opt.at("kind").get<std::string>(), "adam");
    for (const char* k : {"lr", "momentum", "beta1", "beta2", "eps", "weight_decay", "max_norm"})
        EXPECT_TRUE(opt.contains(k) && opt[k].is_number()) << k;
    EXPECT_EQ(c.at("loss").get<std::string>(), "auto");
    EXPECT_EQ(c.at("inference").at("mode").get<std::string>(), "deterministic");
    EXPECT_TRUE(c.at("inference").contains("samples"));
    EXPECT_EQ(c.at("network").at("output").at("init").get<std::string>(), "xavier");
    const json& layers = c.at("network").at("layers");
    ASSERT_EQ(layers.size(), 2u);
    for (size_t i = 0; i < layers.size(); ++i) {
        SCOPED_TRACE("layer " + std::to_string(i));
        const json& d = layers[i].at("dropout");
        EXPECT_EQ(d.at("id").get<std::string>(), "layer" + std::to_string(i + 1));
        EXPECT_EQ(d.at("variant").get<std::string>(), "element");
        EXPECT_EQ(d.at("rate").get<double>(), 0.5);
        EXPECT_EQ(d.at("scaling").get<std::string>(), "inverted");
        EXPECT_EQ(layers[i].at("init").get<std::string>(), "he");
    }
    EXPECT_TRUE(c.at("dataset").at("split").contains("train"));
    // The written config is itself a valid experiment.
    const json again = dl::ExperimentConfig::fromJson(c).toJson();
    EXPECT_TRUE(again == c) << "read back and written again: " << again.dump();

    // history: one object per epoch, in order, with every site's rate.
    const json& h = run.at("history");
    ASSERT_EQ(h.size(), 20u);
    for (size_t e = 0; e < h.size(); ++e) {
        SCOPED_TRACE("history[" + std::to_string(e) + "]");
        const json& r = h[e];
        EXPECT_EQ(r.at("epoch").get<int>(), int(e + 1));
        EXPECT_TRUE(allFinite(r, {"train_loss", "val_loss", "train_acc", "val_acc"})) << r.dump();
        for (const char* k : {"train_acc", "val_acc"})
            EXPECT_TRUE(r.at(k).get<double>() >= 0.0 && r.at(k).get<double>() <= 1.0) << k;
        EXPECT_EQ(keysOf(r.at("rates")), (std::set<std::string>{"layer1", "layer2"}));
        EXPECT_EQ(r.at("rates").value("layer1", -1.0), 0.5);
        EXPECT_EQ(r.at("rates").value("layer2", -1.0), 0.5);
    }
    EXPECT_LT(h.back().at("train_loss").get<double>(), h.front().at("train_loss").get<double>())
        << "the loss did not go down in 20 epochs";

    // final: the same metrics on the test split.
    const json& f = run.at("final");
    EXPECT_TRUE(allFinite(f, {"test_loss", "test_acc"})) << f.dump();
    EXPECT_EQ(f.at("epochs").get<int>(), 20);

    // weights: every parameter with its shape, enough to predict with.
    const json& w = run.at("weights");
    ASSERT_TRUE(w.is_array());
    EXPECT_EQ(w.size(), 6u);  // W and b of 2→64, 64→64, 64→2
    size_t total = 0;
    for (const json& p : w) {
        const auto shape = p.at("shape").get<std::vector<long>>();
        ASSERT_EQ(shape.size(), 2u) << p.at("shape").dump();
        EXPECT_EQ(p.at("data").size(), size_t(shape[0] * shape[1]));
        EXPECT_TRUE(p.contains("layer") && p.contains("name"));
        total += p.at("data").size();
    }
    EXPECT_EQ(total, size_t(2 * 64 + 64 + 64 * 64 + 64 + 64 * 2 + 2));
}

TEST_F(CliRunFile, SeedAndEpochsOverrideTheFile) {
    TempDir dir;
    auto train = [&](const std::string& seed, const std::string& out) {
        const CliResult r =
            runCli({"train", "--config", "spiral-dropout", "--epochs", "3", "--seed", seed,
                    "--threads", "2", "--quiet", "--out", dir.file(out)});
        EXPECT_TRUE(r.exited && r.code == 0) << "--seed " << seed << ": " << describe(r);
        return readJson(dir.file(out));
    };
    const json same = train("1", "seed1.json"), other = train("5", "seed5.json");
    ASSERT_TRUE(same.is_object() && other.is_object());
    EXPECT_EQ(other.at("config").at("seed").get<std::uint64_t>(), 5u);
    EXPECT_EQ(other.at("config").at("training").at("epochs").get<int>(), 3);
    EXPECT_EQ(other.at("history").size(), 3u);
    EXPECT_EQ(other.at("final").at("epochs").get<int>(), 3);
    // The preset's own seed (1) reproduces the first 3 epochs of the 20-epoch run...
    const json twenty = readJson(oneThread());
    ASSERT_TRUE(twenty.is_object());
    ASSERT_GE(same.at("history").size(), 3u);
    for (size_t e = 0; e < 3; ++e)
        EXPECT_TRUE(same.at("history").at(e) == twenty.at("history").at(e)) << "epoch " << e + 1;
    // ...and another seed gives another run.
    const json& otherLoss = other.at("history").at(0).at("train_loss");
    EXPECT_TRUE(otherLoss != same.at("history").at(0).at("train_loss")) << otherLoss.dump();
    EXPECT_TRUE(other.at("weights") != same.at("weights"));
}

// A CSV named relative to the experiment file is found beside it, from any working folder.
TEST(CliTrain, RelativeDataPathsFollowTheConfigFile) {
    TempDir dir, elsewhere;
    ASSERT_TRUE(fs::create_directory(dir.path() / "data"));
    std::string csv = "x1,x2,y\n";
    for (int i = 0; i < 60; ++i)
        csv += std::to_string(i % 7) + "," + std::to_string(i % 5) + "," + std::to_string(i % 2) +
               "\n";
    const std::string csvPath = dir.file("data/points.csv");
    ASSERT_TRUE(writeFile(csvPath, csv));
    json c = dl::test::minimalConfigJson();
    c["dataset"] = {{"kind", "csv"}, {"path", "data/points.csv"}, {"target", "y"}};
    const std::string cfg = dir.file("experiment.json");
    ASSERT_TRUE(writeFile(cfg, c.dump()));

    // In process, from the test's own working folder...
    ASSERT_FALSE(fs::exists("data/points.csv"))
        << "data/points.csv beside the test's working folder";
    const std::string loaded = dl::loadExperiment(cfg).dataset.path;
    ASSERT_TRUE(fs::exists(loaded)) << loaded;
    EXPECT_EQ(fs::canonical(loaded), fs::canonical(csvPath));
    // ...and through the CLI, started in a folder of its own.
    dl::test::RunOptions fromElsewhere;
    fromElsewhere.workDir = elsewhere.path();
    const CliResult r =
        runCli({"train", "--config", cfg, "--quiet", "--out", dir.file("run.json")}, fromElsewhere);
    ASSERT_TRUE(r.exited) << describe(r);
    EXPECT_EQ(r.code, 0) << describe(r);
    EXPECT_TRUE(readJson(dir.file("run.json")).is_object());
}

// ---- the command itself ----

struct BadCommand {
    std::string name;
    std::vector<std::string> args;
    std::string says;
};

void PrintTo(const BadCommand& b, std::ostream* os) {
    *os << b.name;
}

class CliCommand : public ::testing::TestWithParam<BadCommand> {};

TEST_P(CliCommand, MissingOrUnknownCommandIsNamed) {
    const CliResult r = runCli(GetParam().args);
    ASSERT_TRUE(r.exited) << describe(r);
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.out.empty()) << r.out;
    const std::string err = trimmed(r.err);
    EXPECT_FALSE(contains(err, "\n")) << err;  // one sentence
    EXPECT_TRUE(contains(err, GetParam().says)) << err;
    for (const char* command : {"train", "predict", "mc-curve", "bench", "sweep", "presets"})
        EXPECT_TRUE(contains(err, command)) << command << " not in: " << err;
}

INSTANTIATE_TEST_SUITE_P(
    Cli, CliCommand,
    ::testing::Values(BadCommand{"nothing", {}, "a command is required first"},
                      BadCommand{"options_only", {"--threads", "2"}, "a command is required first"},
                      BadCommand{
                          "misspelt", {"trian", "--epochs", "3"}, "unknown command \"trian\""}),
    [](const auto& info) { return info.param.name; });

// ---- presets ----

TEST(CliPresets, ListsTheBuiltIns) {
    const CliResult r = runCli({"presets"});
    ASSERT_TRUE(r.exited) << describe(r);
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_TRUE(r.err.empty()) << r.err;
    std::vector<std::string> names;
    for (const std::string& line : split(r.out, '\n')) {
        if (line.empty()) continue;
        const std::vector<std::string> cols = split(line, '\t');
        EXPECT_TRUE(cols.size() == 2 && !trimmed(cols[1]).empty()) << line;
        names.push_back(cols[0]);
    }
    for (const char* want :
         {"spiral-dropout", "spiral-no-dropout", "spiral-small-data", "sine-gap"})
        EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
    EXPECT_EQ(names, dl::presetNames());
}

class CliEveryPreset : public ::testing::TestWithParam<std::string> {};

TEST_P(CliEveryPreset, TrainsOneEpoch) {
    const std::string& preset = GetParam();
    TempDir dir;
    // Presets on big data sets (Fashion-MNIST: 70 000 images, ~40 s an epoch here) train on
    // a copy that keeps their network but only the first 1000 samples.
    json text = json::parse(dl::presetText(preset));
    std::string configArg = preset;
    const int samples = text.at("dataset").value("samples", 600);
    if (samples == 0 || samples > 5000) {
        text["dataset"]["samples"] = 1000;
        configArg = dir.file(preset + "-1000.json");
        ASSERT_TRUE(writeFile(configArg, text.dump()));
    }
    const std::string out = dir.file("run.json");
    const CliResult r = runCli({"train", "--config", configArg, "--epochs", "1", "--threads", "2",
                                "--quiet", "--out", out});
    ASSERT_TRUE(r.exited) << describe(r);
    if (r.code != 0 && contains(r.err, "not installed"))
        GTEST_SKIP() << r.err;  // e.g. Fashion-MNIST missing on this machine
    ASSERT_EQ(r.code, 0) << describe(r);

    const json run = readJson(out);
    ASSERT_TRUE(run.is_object());
    EXPECT_EQ(run.at("config").at("name").get<std::string>(), preset);
    ASSERT_EQ(run.at("history").size(), 1u);
    const json& e = run.at("history").at(0);
    EXPECT_EQ(e.at("epoch").get<int>(), 1);
    EXPECT_TRUE(allFinite(e, {"train_loss", "val_loss"})) << e.dump();
    EXPECT_EQ(keysOf(e.at("rates")), siteIds(run.at("config")));
    const bool cls = run.at("model").at("classification").get<bool>();
    EXPECT_EQ(e.contains("train_acc") && e.contains("val_acc"), cls);
    EXPECT_EQ(run.at("final").contains("test_acc"), cls);
    EXPECT_TRUE(allFinite(run.at("final"), {"test_loss"})) << run.at("final").dump();
    EXPECT_FALSE(run.at("weights").empty());
}

INSTANTIATE_TEST_SUITE_P(Presets, CliEveryPreset, ::testing::ValuesIn(dl::presetNames()),
                         [](const auto& info) { return testName(info.param); });

}  // namespace
