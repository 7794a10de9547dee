// What `--out` does with unusual targets and interruptions, end to end through the real binary
// (base/atomic_file.h): SIGTERM or SIGINT in the middle of writing RUN.json kills the CLI by that
// signal and leaves neither a temporary file nor RUN.json; a stop during training writes
// nothing; links planted at predictable temporary names are never followed; a link at the
// target is replaced, never written through; a folder or a FIFO is refused with one sentence
// (a FIFO without hanging); /dev/null, any character device named by --out of any subcommand,
// and /dev/stdout are written straight through and never replaced; a missing or read-only
// folder and a write that runs out of room give one sentence naming the path and leave nothing
// behind; a --out that cannot be written is refused before any training.
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_helpers.h"
#include "tests/support/text_assertions.h"

using dl::test::CliResult;
using dl::test::describe;
using dl::test::readFile;
using dl::test::readJson;
using dl::test::runCli;
using dl::test::RunningCli;
using dl::test::TempDir;
using dl::test::writeFile;
using nlohmann::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

using dl::test::contains;

// The contract's error: exit code 2 and one line "dropoutlab-cli: <one sentence>." naming `path`.
void expectOneSentenceNaming(const CliResult& r, const std::string& path) {
    ASSERT_TRUE(r.exited) << describe(r);
    EXPECT_EQ(r.code, 2) << describe(r);
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << describe(r);
    EXPECT_TRUE(r.err.starts_with("dropoutlab-cli: " + path + ": ")) << describe(r);
    EXPECT_TRUE(r.err.ends_with(".\n")) << describe(r);
    EXPECT_FALSE(std::regex_search(r.err, std::regex(R"([.!?]\s+[A-Z])"))) << describe(r);
}

bool isSymlink(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

// A small experiment in its own folder, so the output folder holds only what the CLI wrote.
struct Experiment {
    TempDir dir;
    std::string path = dir.file("config.json");
    explicit Experiment(const json& config) { EXPECT_TRUE(writeFile(path, config.dump())); }
};

json quickConfig() {
    return dl::test::minimalConfigJson();
}

// A net whose RUN.json is about 1.7 MB (two 256-unit layers' weights), trained briefly.
json bigRunConfig() {
    json c = dl::test::minimalConfigJson();
    c["dataset"]["samples"] = 100;
    c["network"]["layers"] = json::parse(R"([
        {"type": "dense", "units": 256, "activation": "relu", "dropout": {"rate": 0.5}},
        {"type": "dense", "units": 256, "activation": "relu", "dropout": {"rate": 0.5}}])");
    c["training"]["epochs"] = 1;
    return c;
}

// The masks command with `out` as --out: quick, and its output is a JSON object.
CliResult masksTo(const Experiment& e, const std::string& out) {
    return runCli({"masks", "--config", e.path, "--threads", "1", "--out", out}, 120s);
}

}  // namespace

// ---- Signals ----------------------------------------------------------------------------------

class CliOutputSignal : public testing::TestWithParam<int> {};

TEST_P(CliOutputSignal, InTheMiddleOfTheWriteLeavesNoTempFileAndNoRunJson) {
    const int sig = GetParam();
    Experiment e(bigRunConfig());
    TempDir out;
    RunningCli cli(
        {"train", "--config", e.path, "--quiet", "--threads", "1", "--out", out.file("run.json")},
        {"DL_TEST_PAUSE_IN_WRITE=1"});
    ASSERT_TRUE(cli.started()) << cli.err();
    ASSERT_TRUE(cli.waitForErr("paused in write: ", 120s))
        << "the CLI never reached the write; stderr: " << cli.err();
    // The line (one write(2), so it arrives whole) names the temporary file, which holds half
    // of RUN.json at this point.
    std::string temp = cli.err().substr(cli.err().find("paused in write: ") + 17);
    temp = temp.substr(0, temp.find('\n'));
    EXPECT_EQ(fs::path(temp).parent_path(), out.path()) << temp;
    EXPECT_TRUE(contains(fs::path(temp).filename().string(), "run.json.tmp-")) << temp;
    std::error_code ec;
    EXPECT_GT(fs::file_size(temp, ec), 500000u) << temp << ": " << ec.message();

    ASSERT_TRUE(cli.sendSignal(sig));
    const CliResult r = cli.finish(60s);
    EXPECT_FALSE(r.exited) << describe(r);
    EXPECT_EQ(r.signal, sig) << "the exit status must still say the signal killed it; "
                             << describe(r);
    EXPECT_EQ(out.entries(), std::vector<std::string>{}) << "a temporary file or RUN.json is left";
}

INSTANTIATE_TEST_SUITE_P(TermAndInt, CliOutputSignal, testing::Values(SIGTERM, SIGINT),
                         [](const testing::TestParamInfo<int>& info) {
                             return std::string(info.param == SIGTERM ? "SIGTERM" : "SIGINT");
                         });

TEST(CliOutputSafety, AStopDuringTrainingWritesNothingAndDiesOfTheSignal) {
    json c = quickConfig();
    c["training"]["epochs"] = 100000;
    Experiment e(c);
    TempDir out;
    RunningCli cli({"train", "--config", e.path, "--threads", "1", "--out", out.file("run.json")});
    ASSERT_TRUE(cli.started()) << cli.err();
    // Progress goes to stdout; --quiet is off, so wait for an epoch line there.
    ASSERT_TRUE(cli.waitForOut("epoch ", 120s)) << cli.out() << cli.err();
    ASSERT_TRUE(cli.sendSignal(SIGTERM));
    const CliResult r = cli.finish(60s);
    EXPECT_EQ(r.signal, SIGTERM) << describe(r);
    EXPECT_EQ(out.entries(), std::vector<std::string>{});
}

// ---- Planted links and the target's kind ------------------------------------------------------

// The old temporary name was "<out>.tmp<pid>": plant links at those names for the next
// thousands of process ids (the CLI's will be among them unless the machine is very busy).
TEST(CliOutputSafety, LinksPlantedAtPredictableTempNamesAreNeverFollowed) {
    Experiment e(quickConfig());
    TempDir out, elsewhere;
    const std::string victim = elsewhere.file("victim");
    ASSERT_TRUE(writeFile(victim, "precious"));
    long last = 0;
    std::ifstream("/proc/sys/kernel/ns_last_pid") >> last;
    const int planted = 4000;
    for (long pid = last + 1; last > 0 && pid <= last + planted; ++pid)
        fs::create_symlink(victim, out.file("masks.json.tmp" + std::to_string(pid)));
    fs::create_symlink(victim, out.file("masks.json.tmp"));

    const CliResult r = masksTo(e, out.file("masks.json"));
    ASSERT_TRUE(r.exited && r.code == 0) << describe(r);
    EXPECT_EQ(readFile(victim), "precious");
    EXPECT_FALSE(isSymlink(out.file("masks.json")));
    EXPECT_TRUE(readJson(out.file("masks.json")).is_object());
    int links = 0;
    for (const auto& entry : fs::directory_iterator(out.path()))
        if (entry.is_symlink() && fs::read_symlink(entry.path()) == victim) ++links;
    EXPECT_EQ(links, (last > 0 ? planted : 0) + 1) << "every planted link stays as it was";
    EXPECT_EQ(out.entries().size(), std::size_t(links) + 1);
}

TEST(CliOutputSafety, ALinkAtTheTargetIsReplacedNotWrittenThrough) {
    Experiment e(quickConfig());
    TempDir out, elsewhere;
    const std::string victim = elsewhere.file("victim.json");
    ASSERT_TRUE(writeFile(victim, "precious"));
    fs::create_symlink(victim, out.file("masks.json"));
    const CliResult r = masksTo(e, out.file("masks.json"));
    ASSERT_TRUE(r.exited && r.code == 0) << describe(r);
    EXPECT_EQ(readFile(victim), "precious");
    EXPECT_FALSE(isSymlink(out.file("masks.json")));
    EXPECT_TRUE(readJson(out.file("masks.json")).is_object());
    EXPECT_EQ(out.entries(), std::vector<std::string>{"masks.json"});
}

TEST(CliOutputSafety, AFifoIsRefusedWithoutHanging) {
    Experiment e(quickConfig());
    TempDir out;
    const std::string fifo = out.file("pipe");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0666), 0);
    const CliResult r = runCli({"masks", "--config", e.path, "--threads", "1", "--out", fifo}, 60s);
    ASSERT_FALSE(r.timedOut) << "writing to a FIFO with no reader hung";
    expectOneSentenceNaming(r, fifo);
    EXPECT_TRUE(contains(r.err, "is not a regular file")) << describe(r);
    struct stat st {};
    ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the FIFO was replaced";
    EXPECT_EQ(out.entries(), std::vector<std::string>{"pipe"});
}

TEST(CliOutputSafety, AFolderIsRefused) {
    Experiment e(quickConfig());
    TempDir out;
    const CliResult r = masksTo(e, out.path().string());
    expectOneSentenceNaming(r, out.path().string());
    EXPECT_TRUE(contains(r.err, "is a folder; give a file path")) << describe(r);
    EXPECT_EQ(out.entries(), std::vector<std::string>{});
}

TEST(CliOutputSafety, DevNullIsWrittenStraightThroughNotReplaced) {
    struct stat before {
    }, after{};
    ASSERT_EQ(::lstat("/dev/null", &before), 0);
    ASSERT_TRUE(S_ISCHR(before.st_mode));
    Experiment e(quickConfig());
    const CliResult r = masksTo(e, "/dev/null");
    ASSERT_TRUE(r.exited && r.code == 0) << describe(r);
    ASSERT_EQ(::lstat("/dev/null", &after), 0);
    EXPECT_TRUE(S_ISCHR(after.st_mode)) << "/dev/null was replaced";
    EXPECT_EQ(after.st_rdev, before.st_rdev);
    for (const auto& entry : fs::directory_iterator("/dev"))
        EXPECT_FALSE(entry.path().filename().string().starts_with("null.")) << entry.path();
}

// The bad-input catalogue's device case, as the positive case it is: a character device named
// by --out (a null device node in the folder, or a link to /dev/null where mknod is not
// allowed) is written straight through by every subcommand that writes one, and stays a
// device, with nothing left beside it.
TEST(CliOutputSafety, EverySubcommandWritesThroughACharacterDevice) {
    json c = quickConfig();
    c["network"]["layers"][0]["dropout"]["id"] = "fc";
    Experiment e(c);
    const std::string run = e.dir.file("run.json"), in = e.dir.file("in.csv");
    const CliResult trained = runCli({"train", "--config", e.path, "--quiet", "--out", run}, 120s);
    ASSERT_TRUE(trained.exited && trained.code == 0) << describe(trained);
    ASSERT_TRUE(writeFile(in, "x1,x2\n0.1,0.2\n"));

    TempDir out;
    const std::string dev = out.file("dev");
    const bool node = ::mknod(dev.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0;
    if (!node) fs::create_symlink("/dev/null", dev);
    const std::vector<std::vector<std::string>> commands = {
        {"train", "--config", e.path, "--quiet"},
        {"predict", "--run", run, "--input", in},
        {"mc-curve", "--run", run, "--max-samples", "2"},
        {"masks", "--config", e.path},
        {"sweep", "--config", e.path, "--site", "fc", "--rates", "0.1", "--epochs", "1",
         "--quiet"}};
    for (std::vector<std::string> args : commands) {
        SCOPED_TRACE(args[0]);
        args.insert(args.end(), {"--threads", "1", "--out", dev});
        const CliResult r = runCli(args, 120s);
        ASSERT_TRUE(r.exited) << describe(r);
        EXPECT_EQ(r.code, 0) << describe(r);
        EXPECT_EQ(r.err, "") << describe(r);
        struct stat st {};
        ASSERT_EQ(::stat(dev.c_str(), &st), 0);
        EXPECT_TRUE(S_ISCHR(st.st_mode)) << "the device was replaced";
        EXPECT_EQ(st.st_rdev, makedev(1, 3));
        EXPECT_EQ(isSymlink(dev), !node);
        EXPECT_EQ(out.entries(), std::vector<std::string>{"dev"});
    }
}

// /dev/stdout leads to the CLI's own standard output (a pipe here): the file goes there, and
// neither /dev/stdout nor a link to it is replaced.
TEST(CliOutputSafety, DevStdoutAndLinksToItWriteToStandardOutput) {
    Experiment e(quickConfig());
    TempDir out;
    const std::string link = out.file("to-stdout");
    fs::create_symlink("/dev/stdout", link);
    const CliResult viaLink = masksTo(e, link);
    ASSERT_TRUE(viaLink.exited && viaLink.code == 0) << describe(viaLink);
    // MASKS.json is one line; the CLI then says where it wrote it.
    const std::string first = viaLink.out.substr(0, viaLink.out.find('\n'));
    EXPECT_TRUE(json::parse(first, nullptr, false).is_object()) << describe(viaLink);
    EXPECT_TRUE(contains(viaLink.out, "\nwrote the masks")) << describe(viaLink);
    EXPECT_TRUE(isSymlink(link)) << "the link was replaced";
    EXPECT_EQ(out.entries(), std::vector<std::string>{"to-stdout"});

    ASSERT_TRUE(isSymlink("/dev/stdout"));
    const CliResult direct = masksTo(e, "/dev/stdout");
    ASSERT_TRUE(direct.exited && direct.code == 0) << describe(direct);
    EXPECT_EQ(direct.out.substr(0, direct.out.find('\n')), first) << describe(direct);
    EXPECT_TRUE(isSymlink("/dev/stdout")) << "/dev/stdout was replaced";
}

// ---- Folders that cannot take the file ------------------------------------------------------

TEST(CliOutputSafety, AMissingFolderOrAFileAsFolderGivesOneSentence) {
    Experiment e(quickConfig());
    TempDir out;
    const std::string missing = out.file("no/such/masks.json");
    CliResult r = masksTo(e, missing);
    expectOneSentenceNaming(r, missing);
    EXPECT_TRUE(contains(r.err, "is not there")) << describe(r);

    ASSERT_TRUE(writeFile(out.file("file"), "f"));
    const std::string underFile = out.file("file") + "/masks.json";
    r = masksTo(e, underFile);
    expectOneSentenceNaming(r, underFile);
    EXPECT_TRUE(contains(r.err, "is not a folder")) << describe(r);
    EXPECT_EQ(readFile(out.file("file")), "f");
    EXPECT_EQ(out.entries(), std::vector<std::string>{"file"});
}

// A --out that cannot be written is refused before training starts: with progress lines on and
// a hundred thousand epochs to run, nothing reaches stdout and the refusal comes at once.
TEST(CliOutputSafety, ABadOutIsRefusedBeforeTraining) {
    json c = quickConfig();
    c["training"]["epochs"] = 100000;
    c["network"]["layers"][0]["dropout"]["id"] = "fc";
    Experiment e(c);
    TempDir out;
    ASSERT_EQ(::mkfifo(out.file("pipe").c_str(), 0666), 0);
    fs::create_directory(out.file("sub"));
    for (const std::string& target : {out.file("no/run.json"), out.file("sub"), out.file("pipe")}) {
        for (const std::string cmd : {"train", "sweep"}) {
            SCOPED_TRACE(cmd + " --out " + target);
            std::vector<std::string> args = {cmd, "--config", e.path, "--threads",
                                             "1", "--out",    target};
            if (cmd == "sweep") args.insert(args.end(), {"--site", "fc", "--rates", "0,0.5"});
            const auto start = std::chrono::steady_clock::now();
            const CliResult r = runCli(args, 60s);
            expectOneSentenceNaming(r, target);
            EXPECT_EQ(r.out, "") << describe(r);
            EXPECT_LT(std::chrono::steady_clock::now() - start, 30s) << "it trained first";
        }
    }
    EXPECT_EQ(out.entries(), (std::vector<std::string>{"pipe", "sub"}));
}

// Permission bits do not stop root: as root, /sys (which takes no new files even from root)
// stands in for a read-only folder; the test is skipped where there is no such folder.
TEST(CliOutputSafety, AReadOnlyFolderGivesOneSentenceAndLeavesNothing) {
    Experiment e(quickConfig());
    TempDir out;
    std::string folder = out.file("locked");
    if (::geteuid() == 0) {
        folder = "/sys";
        const std::string probe = folder + "/dl-probe-" + std::to_string(::getpid());
        if (writeFile(probe, "")) {
            fs::remove(probe);
            GTEST_SKIP() << "running as root and /sys takes new files: no read-only folder";
        }
    } else {
        fs::create_directory(folder);
        fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec);
    }
    std::vector<fs::path> before, after;
    for (const auto& entry : fs::directory_iterator(folder)) before.push_back(entry.path());
    const std::string path = folder + "/masks.json";
    const CliResult r = masksTo(e, path);
    expectOneSentenceNaming(r, path);
    EXPECT_TRUE(contains(r.err, "permission denied")) << describe(r);
    for (const auto& entry : fs::directory_iterator(folder)) after.push_back(entry.path());
    EXPECT_EQ(after, before);
    if (::geteuid() != 0) fs::permissions(folder, fs::perms::owner_all);
}

// A file size limit (with SIGXFSZ ignored) makes the write fail half way, as a full disk does.
TEST(CliOutputSafety, AWriteThatRunsOutOfRoomGivesOneSentenceAndLeavesTheOldFile) {
    json c = quickConfig();
    c["network"]["layers"][0]["units"] = 256;
    Experiment e(c);
    TempDir out;
    const std::string path = out.file("masks.json");
    ASSERT_TRUE(writeFile(path, "old"));
    const CliResult r = dl::test::runProgram(
        {"sh", "-c", "trap '' XFSZ; ulimit -f 4 && exec \"$0\" \"$@\"", dl::test::cliPath(),
         "masks", "--config", e.path, "--threads", "1", "--out", path},
        120s);
    expectOneSentenceNaming(r, path);
    EXPECT_TRUE(contains(r.err, "writing failed")) << describe(r);
    EXPECT_EQ(readFile(path), "old");
    EXPECT_EQ(out.entries(), std::vector<std::string>{"masks.json"});
}
