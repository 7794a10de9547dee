// The command line's own contract, through the real binaries: every subcommand validates its
// numeric flags the same way (no sign wrap-around, documented caps), a command-line mistake
// exits 2 with one short sentence like every other input error, messages escape control
// characters, word flags (--mode, --sharing, --split) and empty paths name their flag, an option
// written before the command says so, --version works, and the desktop app prints --help and
// --version without a display.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"
#include "tests/support/text_assertions.h"

using dl::test::CliResult;
using dl::test::describe;
using dl::test::runCli;
using dl::test::TempDir;
using dl::test::writeFile;
namespace fs = std::filesystem;

namespace {

using dl::test::contains;

bool hasRawControl(const std::string& s) {
    for (std::size_t i = 0; i + 1 < s.size(); ++i)  // the final newline is allowed
        if (static_cast<unsigned char>(s[i]) < 0x20 || s[i] == 0x7f) return true;
    return false;
}

// A bad-input failure: exit 2, one line on stderr naming `flag`, nothing on stdout.
void expectFlagError(const std::vector<std::string>& args, const std::string& flag,
                     const std::string& expected) {
    const CliResult r = runCli(args, std::chrono::seconds(60));
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    ASSERT_TRUE(r.exited) << joined << describe(r);
    EXPECT_EQ(r.code, 2) << joined << describe(r);
    EXPECT_EQ(r.out, "") << joined;
    EXPECT_TRUE(r.err.starts_with("dropoutlab-cli: " + flag + ": ")) << joined << r.err;
    EXPECT_TRUE(contains(r.err, expected)) << joined << r.err;
    EXPECT_TRUE(r.err.ends_with("(see --help).\n")) << joined << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << joined << r.err;
    EXPECT_LT(r.err.size(), 200u) << joined << r.err;
}

// The common flags of each subcommand, with the required ones filled in (never reached: the
// flag under test is rejected first).
const std::vector<std::vector<std::string>> kCommands = {
    {"train", "--config", "spiral-dropout"},
    {"masks", "--config", "spiral-dropout"},
    {"predict", "--run", "RUN.json", "--input", "in.csv"},
    {"sweep", "--config", "spiral-dropout", "--site", "fc1", "--rates", "0,0.5"},
};

std::vector<std::string> with(std::vector<std::string> args, const std::string& flag,
                              const std::string& value) {
    args.push_back(flag);
    args.push_back(value);
    return args;
}

TEST(CliFlags, ANegativeSeedIsRefusedByEverySubcommand) {
    for (const auto& cmd : kCommands)
        expectFlagError(with(cmd, "--seed", "-1"), "--seed",
                        "expected a whole number from 0 to 2^64 − 1, got \"-1\"");
    expectFlagError(with(kCommands[0], "--seed", "18446744073709551616"), "--seed",
                    "got \"18446744073709551616\"");
    expectFlagError(with(kCommands[0], "--seed", "1e3"), "--seed", "got \"1e3\"");
}

TEST(CliFlags, ThreadsAreCheckedTheSameEverywhereWithAShortRange) {
    for (const auto& cmd : kCommands)
        expectFlagError(with(cmd, "--threads", "-1"), "--threads",
                        "expected a whole number from 0 to 1024, got \"-1\"");
    expectFlagError({"mc-curve", "--run", "RUN.json", "--threads", "-1"}, "--threads",
                    "from 0 to 1024");
    expectFlagError({"bench", "--threads", "0"}, "--threads", "from 1 to 1024");
    expectFlagError(with(kCommands[0], "--threads", std::string(400, '9')), "--threads", "…");
}

TEST(CliFlags, CountsThatWouldExhaustMemoryAreCapped) {
    expectFlagError(with(kCommands[1], "--steps", "100000000"), "--steps",
                    "expected a whole number from 1 to 1000, got \"100000000\"");
    expectFlagError({"mc-curve", "--run", "RUN.json", "--max-samples", "5000000"}, "--max-samples",
                    "from 1 to 1000");
    expectFlagError(with(kCommands[2], "--samples", "10001"), "--samples", "from 1 to 10000");
    expectFlagError(with(kCommands[0], "--epochs", "0"), "--epochs", "from 1 to 100000");
    expectFlagError(with(kCommands[3], "--epochs", "100001"), "--epochs", "from 1 to 100000");
    expectFlagError({"bench", "--steps", "0"}, "--steps", "from 1 to 1000000");
    expectFlagError({"bench", "--warmup", "-5"}, "--warmup", "from 0 to 1000000");
}

TEST(CliFlags, WordFlagsNameTheFlagAndTheWordsThatWork) {
    expectFlagError(with(kCommands[2], "--mode", "bayes"), "--mode",
                    "expected deterministic, mc or mc-average, got \"bayes\"");
    expectFlagError(with(kCommands[2], "--sharing", "global"), "--sharing",
                    "expected function or per-input, got \"global\"");
    expectFlagError({"mc-curve", "--run", "RUN.json", "--split", "train"}, "--split",
                    "expected test or val, got \"train\"");
    expectFlagError(with(kCommands[2], "--mode", std::string(1000, 'm')), "--mode", "…");
}

TEST(CliFlags, EmptyPathsNameTheirFlag) {
    for (const auto& cmd : {kCommands[0], kCommands[1], kCommands[3]}) {
        std::vector<std::string> args = cmd;
        args[2] = "";
        expectFlagError(args, "--config",
                        "expected a file path or preset name, got an empty string");
    }
    expectFlagError({"predict", "--run", "", "--input", "in.csv"}, "--run",
                    "expected a file path, got an empty string");
    expectFlagError({"predict", "--run", "RUN.json", "--input", ""}, "--input",
                    "expected a file path, got an empty string");
    expectFlagError({"mc-curve", "--run", ""}, "--run", "got an empty string");
    for (const auto& cmd : kCommands)
        expectFlagError(with(cmd, "--out", ""), "--out",
                        "expected a file path, got an empty string");
}

TEST(CliFlags, AnOptionBeforeTheCommandSaysOptionsGoAfterIt) {
    expectFlagError({"--config", "spiral-dropout", "train"}, "--config",
                    "options go after the command, e.g. `dropoutlab-cli train --config …`");
    expectFlagError({"--threads=2", "masks", "--config", "spiral-dropout"}, "--threads",
                    "options go after the command, e.g. `dropoutlab-cli masks --threads …`");
    // Without a command after it, the command is what is missing.
    const CliResult r = runCli({"--threads", "2"}, std::chrono::seconds(60));
    EXPECT_EQ(r.code, 2) << describe(r);
    EXPECT_TRUE(r.err.starts_with("dropoutlab-cli: a command is required first")) << r.err;
}

TEST(CliFlags, ParserErrorsExitTwoWithOneSentence) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"train", "--config", "spiral-dropout", "--bogus"},
          std::vector<std::string>{"frobnicate"}, std::vector<std::string>{},
          std::vector<std::string>{"train"}, std::vector<std::string>{"train", "--config"}}) {
        const CliResult r = runCli(args, std::chrono::seconds(60));
        ASSERT_TRUE(r.exited) << describe(r);
        EXPECT_EQ(r.code, 2) << describe(r);
        EXPECT_TRUE(r.err.starts_with("dropoutlab-cli: ")) << r.err;
        EXPECT_TRUE(r.err.ends_with("(see --help).\n")) << r.err;
        EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
    }
}

TEST(CliFlags, ControlCharactersInArgumentsAreEscaped) {
    const CliResult r = runCli({"train", "--config", "spiral-dropout", "--\x1b[31mred\x07"},
                               std::chrono::seconds(60));
    EXPECT_EQ(r.code, 2) << describe(r);
    EXPECT_FALSE(hasRawControl(r.err)) << r.err;
    EXPECT_TRUE(contains(r.err, "\\x1b[31mred\\x07")) << r.err;
}

TEST(CliFlags, AFolderAsConfigIsNamedAsAFolder) {
    TempDir dir;
    const CliResult r =
        runCli({"train", "--config", dir.path().string()}, std::chrono::seconds(60));
    EXPECT_EQ(r.code, 2) << describe(r);
    EXPECT_EQ(r.err, "dropoutlab-cli: " + dir.path().string() +
                         ": is a folder; expected an experiment JSON file.\n");
}

TEST(CliFlags, BadJsonNumbersAndNestingAreInputErrorsNamingFileAndField) {
    TempDir dir;
    const std::string overflow = dir.file("overflow.json");
    ASSERT_TRUE(writeFile(overflow, R"({"dataset": {"kind": "moons"}, "network": {"layers": )"
                                    R"([{"units": 8, "dropout": {"rate": 1e400}}]}})"));
    CliResult r = runCli({"train", "--config", overflow, "--out", dir.file("RUN.json")},
                         std::chrono::seconds(60));
    EXPECT_EQ(r.code, 2) << describe(r);
    EXPECT_EQ(r.err, "dropoutlab-cli: " + overflow +
                         ": network.layers[0].dropout.rate: expected a number a double can hold "
                         "(magnitude below 1.8e308), got 1e400.\n");

    const std::string deep = dir.file("deep.json");
    ASSERT_TRUE(
        writeFile(deep, R"({"name": )" + std::string(60000, '[') + std::string(60000, ']') + "}"));
    r = runCli({"train", "--config", deep, "--out", dir.file("RUN.json")},
               std::chrono::seconds(60));
    ASSERT_TRUE(r.exited) << describe(r);
    EXPECT_EQ(r.code, 2) << describe(r);
    EXPECT_TRUE(contains(r.err, "nested more than 64 deep")) << r.err;
    EXPECT_LT(r.err.size(), 200u);
    EXPECT_FALSE(fs::exists(dir.file("RUN.json")));
}

TEST(CliFlags, VersionPrintsTheProjectVersion) {
    const CliResult r = runCli({"--version"}, std::chrono::seconds(60));
    EXPECT_EQ(r.code, 0) << describe(r);
    EXPECT_TRUE(std::regex_match(r.out, std::regex("dropoutlab-cli \\d+\\.\\d+\\.\\d+\n")))
        << r.out;
}

// The desktop app beside the CLI, or "" when it was not built (DL_BUILD_GUI off).
std::string guiPath() {
    const fs::path gui = fs::path(dl::test::cliPath()).parent_path() / "dropoutlab";
    return fs::exists(gui) ? gui.string() : std::string();
}

TEST(CliFlags, TheDesktopAppPrintsHelpAndVersionWithoutADisplay) {
    const std::string gui = guiPath();
    if (gui.empty()) GTEST_SKIP() << "dropoutlab was not built beside dropoutlab-cli";
    const std::vector<std::string> noDisplay = {
        "env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", "-u", "QT_QPA_PLATFORM"};
    auto run = [&](const std::string& flag) {
        std::vector<std::string> args = noDisplay;
        args.push_back(gui);
        args.push_back(flag);
        return dl::test::runProgram(args, std::chrono::seconds(60));
    };
    const CliResult help = run("--help");
    ASSERT_TRUE(help.exited) << describe(help);
    EXPECT_EQ(help.code, 0) << describe(help);
    EXPECT_TRUE(contains(help.out, "--config")) << help.out;
    EXPECT_TRUE(contains(help.out, "--screenshot")) << help.out;
    const CliResult version = run("--version");
    ASSERT_TRUE(version.exited) << describe(version);
    EXPECT_EQ(version.code, 0) << describe(version);
    EXPECT_TRUE(std::regex_search(version.out, std::regex("\\d+\\.\\d+\\.\\d+"))) << version.out;
}

}  // namespace
