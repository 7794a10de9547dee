// `dropoutlab-cli masks` end to end: the JSON follows the contract's format, a conv site's
// channel mask is one value per (sample, channel) over all H×W positions, a dense site has
// shape [batch, units], and a bad config writes nothing.
#include <gtest/gtest.h>

#include <filesystem>
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

const char* kConfig = R"({
  "name": "masks-test", "seed": 4,
  "dataset": {"kind": "shapes", "samples": 120},
  "network": {"layers": [
    {"type": "conv2d", "filters": 4, "kernel": 3, "padding": 1,
     "dropout": {"id": "maps", "variant": "channel", "rate": 0.5}},
    {"type": "maxpool2d", "size": 2},
    {"type": "conv2d", "filters": 3, "kernel": 3,
     "dropout": {"id": "blocks", "variant": "block", "rate": 0.3, "block_size": 2}},
    {"type": "dense", "units": 6, "dropout": {"id": "fc", "rate": 0.25}}]},
  "training": {"epochs": 1, "batch_size": 10}
})";

TEST(CliMasks, WritesMasksInTheContractFormat) {
    TempDir dir;
    const std::string config = dir.file("config.json"), out = dir.file("masks.json");
    ASSERT_TRUE(dl::test::writeFile(config, kConfig));
    const CliResult r =
        runCli({"masks", "--config", config, "--steps", "2", "--threads", "2", "--out", out});
    ASSERT_TRUE(r.exited) << describe(r);
    ASSERT_EQ(r.code, 0) << describe(r);
    const json file = dl::test::readJson(out);
    ASSERT_TRUE(file.is_object()) << out << " is not a JSON object";
    const json& steps = file.at("steps");
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_EQ(steps[1].at("step").get<int>(), 2);
    const json& sites = steps[0].at("sites");
    ASSERT_EQ(sites.size(), 3u);

    const json& maps = sites[0];
    EXPECT_EQ(maps.at("id").get<std::string>(), "maps");
    EXPECT_EQ(maps.at("variant").get<std::string>(), "channel");
    EXPECT_EQ(maps.at("rate").get<double>(), 0.5);
    EXPECT_EQ(maps.at("shape").get<std::vector<long>>(), (std::vector<long>{10, 4, 16, 16}));
    const std::vector<double> mask = maps.at("mask").get<std::vector<double>>();
    ASSERT_EQ(mask.size(), 10u * 4 * 256);
    int dropped = 0;
    for (int s = 0; s < 10; ++s)
        for (int c = 0; c < 4; ++c) {
            SCOPED_TRACE("sample " + std::to_string(s) + ", channel " + std::to_string(c));
            const double first = mask[(s * 4 + c) * 256];
            EXPECT_TRUE(first == 0.0 || first == 2.0) << first;
            dropped += first == 0.0;
            for (int p = 1; p < 256; ++p)
                ASSERT_EQ(mask[(s * 4 + c) * 256 + p], first) << "position " << p;
        }
    EXPECT_TRUE(dropped > 0 && dropped < 40) << dropped << " of 40 channels dropped";

    EXPECT_EQ(sites[1].at("shape").get<std::vector<long>>(), (std::vector<long>{10, 3, 6, 6}));
    EXPECT_EQ(sites[1].at("variant").get<std::string>(), "block");
    const json& fc = sites[2];
    EXPECT_EQ(fc.at("shape").get<std::vector<long>>(), (std::vector<long>{10, 6}));
    EXPECT_EQ(fc.at("mask").size(), 60u);
}

TEST(CliMasks, BadConfigWritesNothing) {
    TempDir dir;
    const std::string out = dir.file("none.json");
    const CliResult r = runCli({"masks", "--config", dir.file("missing.json"), "--out", out});
    ASSERT_TRUE(r.exited) << describe(r);
    EXPECT_NE(r.code, 0);
    EXPECT_NE(r.err.find("missing.json"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
