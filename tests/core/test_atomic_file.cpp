// writeFileAtomically (base/atomic_file.h): the whole text or nothing; the temporary file has an
// unpredictable name and nothing planted beside the target is followed; a symbolic link at the
// target is replaced, never written through; folders, FIFOs and other non-files are refused
// (a FIFO without hanging) while character devices are written straight through; failures are
// one sentence naming the path and leave no temporary file; SIGINT/SIGTERM keep their previous
// disposition (a handler is chained, an ignored signal stays ignored, the default still kills)
// and a terminating signal in the middle of a write removes the temporary file.
// checkWritableTarget applies the same rules without writing anything. InputFile and
// readTextFile read regular files only: a FIFO (without hanging), a socket, a device or a folder
// is refused with one sentence, and lines come back as std::getline gives them.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "base/input_file.h"
#include "tests/support/temp_dir.h"
#include "tests/support/text_assertions.h"

using dl::checkWritableTarget;
using dl::InputError;
using dl::InputFile;
using dl::readTextFile;
using dl::writeFileAtomically;
using dl::test::readFile;
using dl::test::TempDir;
using dl::test::writeFile;
namespace fs = std::filesystem;

namespace {

using dl::test::contains;

// The InputError sentence writeFileAtomically(path, text) throws, or "" if it succeeds.
std::string errorOf(const std::string& path, const std::string& text = "x") {
    try {
        writeFileAtomically(path, text);
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

// What an error must look like: it names the path and is one sentence ending in a full stop.
void expectSentenceNaming(const std::string& error, const std::string& path) {
    EXPECT_TRUE(error.starts_with(path + ": ")) << error;
    EXPECT_TRUE(error.ends_with(".")) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
}

struct stat lstatOf(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
    return st;
}

std::string linkTarget(const std::string& path) {
    std::error_code ec;
    return fs::read_symlink(path, ec).string();
}

// Every name in the folder but `keep`.
std::vector<std::string> othersThan(const TempDir& dir, const std::vector<std::string>& keep) {
    std::vector<std::string> rest;
    for (const std::string& e : dir.entries())
        if (std::find(keep.begin(), keep.end(), e) == keep.end()) rest.push_back(e);
    return rest;
}

// Restores the umask when it goes away.
struct UmaskGuard {
    explicit UmaskGuard(mode_t mask) : old(::umask(mask)) {}
    ~UmaskGuard() { ::umask(old); }
    mode_t old;
};

}  // namespace

TEST(AtomicFile, WritesTheWholeTextAndLeavesNothingElse) {
    TempDir dir;
    const std::string path = dir.file("run.json");
    std::string text(300000, 'a');
    text[1] = '\0';
    text.back() = '\n';
    writeFileAtomically(path, text);
    EXPECT_EQ(readFile(path), text);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"run.json"});

    writeFileAtomically(path, "second");
    EXPECT_EQ(readFile(path), "second");
    writeFileAtomically(path, "");
    EXPECT_EQ(readFile(path), "");
    EXPECT_TRUE(fs::is_regular_file(path));
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"run.json"});
}

TEST(AtomicFile, RelativePathIsWrittenInTheWorkingFolder) {
    TempDir dir;
    const fs::path before = fs::current_path();
    fs::current_path(dir.path());
    const std::string error = errorOf("plain.csv", "a,b\n");
    fs::current_path(before);
    EXPECT_EQ(error, "");
    EXPECT_EQ(readFile(dir.file("plain.csv")), "a,b\n");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"plain.csv"});
}

TEST(AtomicFile, NewFileHasTheModeOfANormalFile) {
    TempDir dir;
    {
        UmaskGuard mask(022);
        writeFileAtomically(dir.file("a"), "a");
    }
    EXPECT_EQ(lstatOf(dir.file("a")).st_mode & 07777, 0644u);
    {
        UmaskGuard mask(077);
        writeFileAtomically(dir.file("b"), "b");
    }
    EXPECT_EQ(lstatOf(dir.file("b")).st_mode & 07777, 0600u);
    {
        UmaskGuard mask(0);
        writeFileAtomically(dir.file("c"), "c");
    }
    EXPECT_EQ(lstatOf(dir.file("c")).st_mode & 07777, 0666u);
}

// The old temporary name was "<path>.tmp<pid>": a link planted there had its target overwritten.
TEST(AtomicFile, LinksAndFilesPlantedAtPredictableTempNamesAreNeverFollowed) {
    TempDir dir, elsewhere;
    const std::string victim = elsewhere.file("victim");
    ASSERT_TRUE(writeFile(victim, "precious"));
    const std::string path = dir.file("run.json");
    const std::vector<std::string> planted = {"run.json.tmp" + std::to_string(::getpid()),
                                              "run.json.tmp",
                                              "run.json.tmp-",
                                              ".run.json.tmp",
                                              "run.json~",
                                              "run.json.new"};
    for (const std::string& name : planted) fs::create_symlink(victim, dir.file(name));
    ASSERT_TRUE(writeFile(dir.file("run.json.tmp0"), "someone else's"));

    writeFileAtomically(path, "fresh");
    EXPECT_EQ(readFile(victim), "precious");
    EXPECT_EQ(readFile(path), "fresh");
    EXPECT_TRUE(S_ISREG(lstatOf(path).st_mode));
    for (const std::string& name : planted) {
        EXPECT_TRUE(S_ISLNK(lstatOf(dir.file(name)).st_mode)) << name;
        EXPECT_EQ(linkTarget(dir.file(name)), victim) << name;
    }
    EXPECT_EQ(readFile(dir.file("run.json.tmp0")), "someone else's");
    std::vector<std::string> keep = planted;
    keep.push_back("run.json");
    keep.push_back("run.json.tmp0");
    EXPECT_EQ(othersThan(dir, keep), std::vector<std::string>{});
}

TEST(AtomicFile, ASymlinkAtTheTargetIsReplacedAndWhatItPointsToIsUntouched) {
    TempDir dir, elsewhere;
    const std::string victim = elsewhere.file("victim");
    ASSERT_TRUE(writeFile(victim, "precious"));
    const std::string path = dir.file("out.csv");
    fs::create_symlink(victim, path);
    writeFileAtomically(path, "new");
    EXPECT_TRUE(S_ISREG(lstatOf(path).st_mode));
    EXPECT_EQ(readFile(path), "new");
    EXPECT_EQ(readFile(victim), "precious");

    // A dangling link: replaced too, its target is not created.
    const std::string dangling = dir.file("dangling.csv");
    fs::create_symlink(elsewhere.file("missing"), dangling);
    writeFileAtomically(dangling, "new");
    EXPECT_TRUE(S_ISREG(lstatOf(dangling).st_mode));
    EXPECT_FALSE(fs::exists(elsewhere.file("missing")));
    EXPECT_EQ(elsewhere.entries(), std::vector<std::string>{"victim"});
}

TEST(AtomicFile, AFolderIsRefused) {
    TempDir dir;
    fs::create_directory(dir.file("sub"));
    const std::string error = errorOf(dir.file("sub"));
    expectSentenceNaming(error, dir.file("sub"));
    EXPECT_TRUE(contains(error, "is a folder; give a file path")) << error;
    EXPECT_TRUE(fs::is_directory(dir.file("sub")));
    EXPECT_TRUE(fs::is_empty(dir.file("sub")));

    // A link to a folder, and a path ending in '/'.
    fs::create_directory_symlink(dir.file("sub"), dir.file("link"));
    EXPECT_TRUE(contains(errorOf(dir.file("link")), "is a folder")) << errorOf(dir.file("link"));
    EXPECT_TRUE(fs::is_symlink(dir.file("link")));
    const std::string slash = dir.file("sub") + "/";
    expectSentenceNaming(errorOf(slash), slash);
    EXPECT_TRUE(contains(errorOf(dir.file("new") + "/"), "give a file path"));
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"link", "sub"}));
}

TEST(AtomicFile, AFifoIsRefusedWithoutHanging) {
    TempDir dir;
    const std::string fifo = dir.file("pipe");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0666), 0);
    auto result = std::async(std::launch::async, [&] { return errorOf(fifo); });
    if (result.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
        // Opened for writing, it blocks until a reader comes: be that reader, then fail.
        const int fd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
        result.wait();
        if (fd >= 0) ::close(fd);
        FAIL() << "writing to a FIFO hung";
    }
    const std::string error = result.get();
    expectSentenceNaming(error, fifo);
    EXPECT_TRUE(contains(error, "is not a regular file (it is a FIFO); give a file path")) << error;
    EXPECT_TRUE(S_ISFIFO(lstatOf(fifo).st_mode));
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"pipe"});

    // A link to it is refused the same way and stays a link.
    fs::create_symlink(fifo, dir.file("link"));
    EXPECT_TRUE(contains(errorOf(dir.file("link")), "is not a regular file"));
    EXPECT_TRUE(fs::is_symlink(dir.file("link")));
}

TEST(AtomicFile, DevNullIsWrittenStraightThroughNotReplaced) {
    const struct stat before = lstatOf("/dev/null");
    ASSERT_TRUE(S_ISCHR(before.st_mode));
    EXPECT_EQ(errorOf("/dev/null", std::string(100000, 'z')), "");
    const struct stat after = lstatOf("/dev/null");
    EXPECT_TRUE(S_ISCHR(after.st_mode));
    EXPECT_EQ(after.st_ino, before.st_ino);
    EXPECT_EQ(after.st_rdev, before.st_rdev);
    for (const auto& e : fs::directory_iterator("/dev"))
        EXPECT_FALSE(e.path().filename().string().starts_with("null.")) << e.path();
}

TEST(AtomicFile, ALinkToACharacterDeviceIsWrittenThroughAndStaysALink) {
    TempDir dir;
    const std::string link = dir.file("sink");
    fs::create_symlink("/dev/null", link);
    EXPECT_EQ(errorOf(link, "data"), "");
    EXPECT_TRUE(fs::is_symlink(link));
    EXPECT_EQ(linkTarget(link), "/dev/null");
    EXPECT_TRUE(S_ISCHR(lstatOf("/dev/null").st_mode));
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"sink"});
}

// /dev/full stands for a full disk on the straight-through path.
TEST(AtomicFile, AFullDeviceGivesOneSentence) {
    if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no writable /dev/full here";
    const std::string error = errorOf("/dev/full", "data");
    expectSentenceNaming(error, "/dev/full");
    EXPECT_TRUE(contains(error, "no space left on the device")) << error;
    EXPECT_TRUE(S_ISCHR(lstatOf("/dev/full").st_mode));
}

// A file size limit stops the write half way, as a full disk would: the old file stays as it
// was and no temporary file is left.
TEST(AtomicFile, AWriteThatRunsOutOfRoomLeavesTheOldFileAndNoTempFile) {
    TempDir dir;
    const std::string path = dir.file("run.json");
    ASSERT_TRUE(writeFile(path, "old"));
    struct rlimit old {};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
    struct rlimit small = old;
    small.rlim_cur = 64 * 1024;
    struct sigaction ignore {
    }, previous{};
    ignore.sa_handler = SIG_IGN;
    ASSERT_EQ(::sigaction(SIGXFSZ, &ignore, &previous), 0);
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
    const std::string error = errorOf(path, std::string(1 << 20, 'q'));
    ::setrlimit(RLIMIT_FSIZE, &old);
    ::sigaction(SIGXFSZ, &previous, nullptr);
    expectSentenceNaming(error, path);
    EXPECT_TRUE(contains(error, "writing failed")) << error;
    EXPECT_EQ(readFile(path), "old");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"run.json"});
}

TEST(AtomicFile, AMissingFolderOrAFileAsFolderGivesOneSentenceAndCreatesNothing) {
    TempDir dir;
    const std::string missing = dir.file("no/such/run.json");
    std::string error = errorOf(missing);
    expectSentenceNaming(error, missing);
    EXPECT_TRUE(contains(error, "is not there")) << error;

    ASSERT_TRUE(writeFile(dir.file("file"), "f"));
    const std::string underFile = dir.file("file") + "/run.json";
    error = errorOf(underFile);
    expectSentenceNaming(error, underFile);
    EXPECT_TRUE(contains(error, "is not a folder")) << error;
    EXPECT_EQ(readFile(dir.file("file")), "f");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"file"});

    error = errorOf("");
    EXPECT_TRUE(contains(error, "give a file path")) << error;
}

// Permission bits do not stop root, so as root a folder no one may create files in stands in
// (sysfs refuses new files even to root); the test is skipped where there is none.
TEST(AtomicFile, AReadOnlyFolderGivesOneSentenceAndLeavesNoTempFile) {
    TempDir dir;
    std::string folder = dir.file("locked");
    if (::geteuid() == 0) {
        folder = "/sys";
        const std::string probe = folder + "/dl-probe-" + std::to_string(::getpid());
        const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd >= 0) {
            ::close(fd);
            ::unlink(probe.c_str());
            GTEST_SKIP() << "running as root and /sys takes new files: no read-only folder";
        }
    } else {
        fs::create_directory(folder);
        fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec);
    }
    std::vector<std::string> before;
    for (const auto& e : fs::directory_iterator(folder)) before.push_back(e.path().string());
    const std::string path = folder + "/run.json";
    const std::string error = errorOf(path);
    expectSentenceNaming(error, path);
    EXPECT_TRUE(contains(error, "cannot be written (permission denied")) << error;
    std::vector<std::string> after;
    for (const auto& e : fs::directory_iterator(folder)) after.push_back(e.path().string());
    EXPECT_EQ(after, before);
    if (::geteuid() != 0) fs::permissions(folder, fs::perms::owner_all);
}

// ---- checkWritableTarget: the write's rules, nothing written ------------------------------------

namespace {

// The InputError sentence of `f()`, or "" if it throws none.
template <typename F>
std::string thrownBy(F&& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

std::string checkError(const std::string& path) {
    return thrownBy([&] { checkWritableTarget(path); });
}

}  // namespace

TEST(AtomicFileCheck, RefusesWhatTheWriteRefusesWithTheSameSentence) {
    TempDir dir;
    fs::create_directory(dir.file("sub"));
    ASSERT_EQ(::mkfifo(dir.file("pipe").c_str(), 0666), 0);
    ASSERT_TRUE(writeFile(dir.file("file"), "f"));
    for (const std::string& path :
         {dir.file("sub"), dir.file("pipe"), dir.file("no/such/run.json"),
          dir.file("file") + "/run.json", dir.file("sub") + "/", std::string()}) {
        const std::string error = checkError(path);
        EXPECT_FALSE(error.empty()) << path;
        EXPECT_EQ(error, errorOf(path)) << path;
    }
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"file", "pipe", "sub"}));
    EXPECT_TRUE(S_ISFIFO(lstatOf(dir.file("pipe")).st_mode));
}

TEST(AtomicFileCheck, AcceptsWhatTheWriteAcceptsAndWritesNothing) {
    TempDir dir;
    ASSERT_TRUE(writeFile(dir.file("old.json"), "old"));
    fs::create_symlink("/dev/null", dir.file("sink"));
    fs::create_symlink(dir.file("missing"), dir.file("dangling"));
    for (const std::string& path : {dir.file("new.json"), dir.file("old.json"), dir.file("sink"),
                                    dir.file("dangling"), std::string("/dev/null")})
        EXPECT_EQ(checkError(path), "") << path;
    EXPECT_EQ(readFile(dir.file("old.json")), "old");
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"dangling", "old.json", "sink"}));
}

TEST(AtomicFileCheck, AReadOnlyFolderIsRefusedWhereAccessCanTell) {
    if (::geteuid() == 0) GTEST_SKIP() << "root may create files in any folder it can write";
    TempDir dir;
    const std::string folder = dir.file("locked");
    fs::create_directory(folder);
    fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec);
    const std::string path = folder + "/run.json";
    EXPECT_EQ(checkError(path), errorOf(path));
    EXPECT_TRUE(contains(checkError(path), "permission denied")) << checkError(path);
    fs::permissions(folder, fs::perms::owner_all);
}

// ---- Reading: regular files only -------------------------------------------------------------

namespace {

std::string readError(const std::string& path, const std::string& expected = "a file") {
    return thrownBy([&] { readTextFile(path, expected); });
}

// A Unix socket bound at `path` (the name stays after the socket is closed).
bool makeSocket(const std::string& path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path) return false;
    std::strcpy(addr.sun_path, path.c_str());
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    const bool bound =
        fd >= 0 && ::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
    if (fd >= 0) ::close(fd);
    return bound;
}

}  // namespace

TEST(InputFile, ReadsARegularFileOrALinkToOne) {
    TempDir dir;
    std::string text(200000, 'r');
    text[7] = '\0';
    ASSERT_TRUE(writeFile(dir.file("data"), text));
    fs::create_symlink(dir.file("data"), dir.file("link"));
    EXPECT_EQ(readTextFile(dir.file("data")), text);
    EXPECT_EQ(readTextFile(dir.file("link")), text);
    ASSERT_TRUE(writeFile(dir.file("empty"), ""));
    EXPECT_EQ(readTextFile(dir.file("empty")), "");
}

TEST(InputFile, AFifoWithoutAWriterIsRefusedWithoutHanging) {
    TempDir dir;
    const std::string fifo = dir.file("pipe");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0666), 0);
    auto result = std::async(std::launch::async, [&] { return readError(fifo, "a CSV file"); });
    if (result.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
        // Opened for reading, it blocks until a writer comes: be that writer, then fail.
        const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
        result.wait();
        if (fd >= 0) ::close(fd);
        FAIL() << "reading a FIFO hung";
    }
    EXPECT_EQ(result.get(), fifo + ": is not a regular file (it is a FIFO); expected a CSV file.");
    fs::create_symlink(fifo, dir.file("link"));
    EXPECT_TRUE(contains(readError(dir.file("link")), "(it is a FIFO)"))
        << readError(dir.file("link"));
}

TEST(InputFile, FoldersSocketsAndDevicesAreRefusedNamingWhatTheyAre) {
    TempDir dir;
    EXPECT_EQ(readError(dir.path().string(), "a RUN.json file"),
              dir.path().string() + ": is a folder; expected a RUN.json file.");
    EXPECT_EQ(readError("/dev/null"),
              "/dev/null: is not a regular file (it is a character device); expected a file.");
    const std::string sock = dir.file("sock");
    ASSERT_TRUE(makeSocket(sock));
    EXPECT_EQ(readError(sock), sock + ": is not a regular file (it is a socket); expected a file.");
    EXPECT_EQ(readError(dir.file("absent")), dir.file("absent") + ": no such file.");
    ASSERT_TRUE(writeFile(dir.file("file"), "f"));
    const std::string underFile = dir.file("file") + "/x";
    expectSentenceNaming(readError(underFile), underFile);
    EXPECT_TRUE(contains(readError(""), "empty")) << readError("");
}

TEST(InputFile, ReadLineGivesLinesAsGetlineDoes) {
    TempDir dir;
    const std::string big(100000, 'b');  // longer than one read-ahead chunk
    const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
        {"", {}},
        {"a", {"a"}},
        {"a\n", {"a"}},
        {"a\n\nb", {"a", "", "b"}},
        {"a\r\nb\n", {"a\r", "b"}},
        {"\n", {""}},
        {big + "\n" + big, {big, big}},
    };
    for (const auto& [text, lines] : cases) {
        ASSERT_TRUE(writeFile(dir.file("t"), text));
        InputFile in(dir.file("t"));
        EXPECT_EQ(in.size(), text.size());
        std::vector<std::string> got;
        std::string line;
        while (in.readLine(line)) got.push_back(line);
        EXPECT_EQ(got, lines) << text.substr(0, 20);
    }
}

// ---- Signals: each case runs in a fresh process, since the handlers are installed once ------

namespace {

// A folder the test and its re-executed death-test child share through the environment (the
// child must not make its own: it never gets to remove it).
struct SharedFolder {
    explicit SharedFolder(const char* key) : key(key) {
        if (const char* shared = std::getenv(key)) {
            path = shared;
        } else {
            own.emplace();
            path = own->path().string();
            ::setenv(key, path.c_str(), 1);
        }
    }
    ~SharedFolder() {
        if (own) ::unsetenv(key);
    }
    std::string file(const std::string& name) const { return path + "/" + name; }
    /// In the test itself (not the child): what the folder holds.
    std::vector<std::string> entries() const {
        return own ? own->entries() : std::vector<std::string>{};
    }

    const char* key;
    std::string path;
    std::optional<TempDir> own;
};

std::atomic<int> g_chained{0};
void countingHandler(int) {
    g_chained.fetch_add(1);
}

// Writes a file, then raises `sig`; exits 0 if the write worked and the process lived on.
[[noreturn]] void writeThenRaise(int sig, const std::string& path) {
    writeFileAtomically(path, "content");
    if (readFile(path) != "content") std::_Exit(10);
    ::raise(sig);
    std::_Exit(0);
}

}  // namespace

TEST(AtomicFileDeathTest, APreviousHandlerIsChainedAndTheProcessLivesOn) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    SharedFolder dir("DL_ATOMIC_TEST_CHAINED");
    EXPECT_EXIT(
        {
            ::signal(SIGINT, countingHandler);
            writeFileAtomically(dir.file("a"), "content");
            ::raise(SIGINT);
            ::raise(SIGINT);
            std::_Exit(g_chained.load() == 2 && readFile(dir.file("a")) == "content" ? 0 : 1);
        },
        testing::ExitedWithCode(0), "");
}

TEST(AtomicFileDeathTest, AnIgnoredSignalStaysIgnored) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    SharedFolder dir("DL_ATOMIC_TEST_IGNORED");
    EXPECT_EXIT(
        {
            ::signal(SIGTERM, SIG_IGN);
            writeFileAtomically(dir.file("a"), "content");
            struct sigaction now {};
            ::sigaction(SIGTERM, nullptr, &now);
            if (now.sa_handler != SIG_IGN) std::_Exit(20);
            writeThenRaise(SIGTERM, dir.file("b"));
        },
        testing::ExitedWithCode(0), "");
}

TEST(AtomicFileDeathTest, TheDefaultStillKillsWithTheSignal) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    SharedFolder dir("DL_ATOMIC_TEST_DEFAULT");
    EXPECT_EXIT(writeThenRaise(SIGTERM, dir.file("a")), testing::KilledBySignal(SIGTERM), "");
    EXPECT_EXIT(writeThenRaise(SIGINT, dir.file("b")), testing::KilledBySignal(SIGINT), "");
}

namespace {

// In the child: pauses half way through a write (the test hook) while another thread waits for
// the temporary file to appear, then signals the process. The signal may land before or after
// the hook's "paused in write" line: the file exists and holds data either way, so the write is
// under way (a finished write exits 40, a file that never shows exits 30).
[[noreturn]] void signalInTheMiddleOfAWrite(const std::string& folder, int sig) {
    ::setenv("DL_TEST_PAUSE_IN_WRITE", "1", 1);
    std::thread([folder, sig] {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < deadline) {
            for (const auto& e : fs::directory_iterator(folder)) {
                std::error_code ec;
                if (contains(e.path().filename().string(), ".tmp-") &&
                    fs::file_size(e.path(), ec) > 0 && !ec) {
                    ::kill(::getpid(), sig);
                    return;
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        std::_Exit(30);  // the temporary file never showed
    }).detach();
    writeFileAtomically(folder + "/run.json", std::string(4 << 20, 'w'));
    std::_Exit(40);  // the write finished: the signal did not stop it
}

}  // namespace

TEST(AtomicFileDeathTest, ASignalInTheMiddleOfAWriteRemovesTheTempFile) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    SharedFolder folder("DL_ATOMIC_TEST_MIDWRITE");
    EXPECT_EXIT(signalInTheMiddleOfAWrite(folder.path, SIGTERM), testing::KilledBySignal(SIGTERM),
                "");
    EXPECT_EQ(folder.entries(), std::vector<std::string>{}) << "a temporary file was left";
    EXPECT_EXIT(signalInTheMiddleOfAWrite(folder.path, SIGINT), testing::KilledBySignal(SIGINT),
                "");
    EXPECT_EQ(folder.entries(), std::vector<std::string>{}) << "a temporary file was left";
}
