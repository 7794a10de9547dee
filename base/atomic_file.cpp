#include "base/atomic_file.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "base/file_errors.h"
#include "base/input_error.h"
#include "base/temp_file_cleanup.h"

namespace dl {
namespace {

class UniqueFd {
  public:
    explicit UniqueFd(int fd = -1) : fd_(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    int get() const { return fd_; }
    void adopt(int fd) {
        reset();
        fd_ = fd;
    }
    /// Closes now; returns 0 or the errno of close (a late write error on some file systems).
    int reset() {
        int err = 0;
        if (fd_ >= 0 && ::close(fd_) != 0 && errno != EINTR) err = errno;
        fd_ = -1;
        return err;
    }

  private:
    int fd_;
};

// 0, or the errno of the write that failed; short writes and interruptions are carried on.
int writeAll(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, std::min<std::size_t>(size, std::size_t(1) << 30));
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        if (n == 0) return EIO;
        data += n;
        size -= std::size_t(n);
    }
    return 0;
}

// Random bytes without getrandom (no entropy yet, early boot): O_EXCL still keeps the
// temporary file safe, its name is only less unpredictable.
void fallbackRandomBytes(unsigned char* bytes, std::size_t n) {
    static std::atomic<std::uint64_t> counter{0};
    std::uint64_t x = std::uint64_t(std::chrono::steady_clock::now().time_since_epoch().count()) ^
                      (std::uint64_t(::getpid()) << 32) ^ counter.fetch_add(0x9E3779B97F4A7C15ull);
    for (std::size_t i = 0; i < n; ++i) {
        x += 0x9E3779B97F4A7C15ull;
        std::uint64_t z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        bytes[i] = static_cast<unsigned char>(z ^ (z >> 31));
    }
}

// Twelve characters nobody can guess, for the temporary file's name.
std::string randomSuffix() {
    static const char kAlphabet[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char bytes[12];
    if (::getrandom(bytes, sizeof bytes, GRND_NONBLOCK) != ssize_t(sizeof bytes))
        fallbackRandomBytes(bytes, sizeof bytes);
    std::string s;
    for (unsigned char b : bytes) s += kAlphabet[b % (sizeof kAlphabet - 1)];
    return s;
}

bool sameFile(const struct stat& a, int fd) {
    struct stat b;
    return ::fstat(fd, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

void testPauseIfAsked(const std::string& tempPath) {
    const char* hook = std::getenv("DL_TEST_PAUSE_IN_WRITE");
    if (!hook || std::strcmp(hook, "1") != 0) return;
    const std::string line = "dropoutlab: paused in write: " + tempPath + "\n";
    writeAll(STDERR_FILENO, line.data(), line.size());
    ::pause();
}

// Where a write to `path` goes, once the rules below have let it through.
enum class Route { Replace, Device, Stdout, Stderr };

struct Target {
    std::string folder;  // the folder the file goes in, as written in the path ("." if none)
    std::string name;    // the file's name in it
    UniqueFd dir;        // the folder, open
    Route route = Route::Replace;
};

// Writes to one of our own standard streams, after what the program printed there so far.
void writeToStream(const std::string& path, int fd, const std::string& text) {
    std::cout.flush();
    std::fflush(nullptr);
    if (const int err = writeAll(fd, text.data(), text.size()))
        failOnFile(path, "writing failed (" + errnoReason(err) + ")");
}

// Writes straight through to a character device (/dev/null, a terminal).
void writeToDevice(const std::string& path, const Target& t, const std::string& text) {
    UniqueFd fd(::openat(t.dir.get(), t.name.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC));
    if (fd.get() < 0) failOnFile(path, "cannot be written (" + errnoReason(errno) + ")");
    struct stat st;
    if (::fstat(fd.get(), &st) != 0 || !S_ISCHR(st.st_mode))
        failOnFile(path, "changed while it was being opened; try again");
    if (const int err = writeAll(fd.get(), text.data(), text.size()))
        failOnFile(path, "writing failed (" + errnoReason(err) + ")");
    if (const int err = fd.reset()) failOnFile(path, "writing failed (" + errnoReason(err) + ")");
}

// Creates the temporary file beside the target, under a fresh random name, armed for removal
// by a terminating signal from before it exists; returns its name, open in `fd`.
std::string createTemp(const std::string& path, const Target& t, TempFileRegistration& registration,
                       UniqueFd& fd) {
    const std::string suffixStart = ".tmp-";
    const std::size_t room = NAME_MAX - suffixStart.size() - 12;
    const std::string stem = t.name.substr(0, std::min(t.name.size(), room));
    for (int attempt = 0;; ++attempt) {
        const std::string tempName = stem + suffixStart + randomSuffix();
        registration.arm(t.dir.get(), tempName);
        fd.adopt(::openat(t.dir.get(), tempName.c_str(),
                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666));
        if (fd.get() >= 0) return tempName;
        const int err = errno;
        registration.disarm();
        if (err == EEXIST && attempt < 100) continue;
        if (err == EACCES || err == EPERM)
            failOnFile(path,
                       "cannot be written (permission denied in the folder " + t.folder + ")");
        failOnFile(path, "cannot be written (" + errnoReason(err) + ")");
    }
}

// The usual case: a fresh temporary file beside the target, renamed over it when complete.
void writeReplacing(const std::string& path, const Target& t, const std::string& text) {
    TempFileRegistration registration;
    UniqueFd fd;
    const std::string tempName = createTemp(path, t, registration, fd);
    const int dirFd = t.dir.get();
    // From here every failure removes the temporary file before it throws.
    auto abandon = [&](const std::string& what, int err) {
        fd.reset();
        ::unlinkat(dirFd, tempName.c_str(), 0);
        registration.disarm();
        failOnFile(path, what + " (" + errnoReason(err) + ")");
    };
    const std::size_t half = text.size() / 2;
    if (const int err = writeAll(fd.get(), text.data(), half)) abandon("writing failed", err);
    testPauseIfAsked(t.folder + "/" + tempName);
    if (const int err = writeAll(fd.get(), text.data() + half, text.size() - half))
        abandon("writing failed", err);
    if (::fsync(fd.get()) != 0 && errno != EINVAL) abandon("writing failed", errno);
    if (const int err = fd.reset()) abandon("writing failed", err);
    if (::renameat(dirFd, tempName.c_str(), dirFd, t.name.c_str()) != 0)
        abandon("cannot be replaced", errno);
    registration.disarm();
    ::fsync(dirFd);  // makes the rename durable; the file is in place whatever this says
}

// Splits `path` into its folder and name and opens the folder; throws when there is none.
void openFolder(const std::string& path, Target& t) {
    if (path.empty()) throw InputError("the output path is empty; give a file path.");
    const std::size_t slash = path.find_last_of('/');
    t.folder = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    t.name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (t.name.empty() || t.name == "." || t.name == "..") {
        struct stat st;
        if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
            failOnFile(path, "is a folder; give a file path");
        failOnFile(path, "names a folder; give a file path");
    }
    t.dir.adopt(::open(t.folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (t.dir.get() >= 0) return;
    const int err = errno;
    if (err == ENOENT)
        failOnFile(path, "cannot be written (the folder " + t.folder + " is not there)");
    if (err == ENOTDIR) failOnFile(path, "cannot be written (" + t.folder + " is not a folder)");
    failOnFile(path, "cannot be written (" + errnoReason(err) + " on the folder " + t.folder + ")");
}

// Where a write through the symbolic link t.name goes: the link itself is replaced unless it
// leads to our own stdout or stderr or to a character device; other non-files are refused.
Route routeOfLink(const std::string& path, const Target& t) {
    struct stat target;
    if (::fstatat(t.dir.get(), t.name.c_str(), &target, 0) != 0) return Route::Replace;  // dangling
    if (sameFile(target, STDOUT_FILENO)) return Route::Stdout;
    if (sameFile(target, STDERR_FILENO)) return Route::Stderr;
    if (S_ISCHR(target.st_mode)) return Route::Device;
    if (S_ISDIR(target.st_mode)) failOnFile(path, "is a folder; give a file path");
    if (!S_ISREG(target.st_mode))
        failOnFile(path, std::string("is not a regular file (it leads to ") +
                             specialFileKind(target.st_mode) + "); give a file path");
    return Route::Replace;
}

// The rules of writeFileAtomically (atomic_file.h), applied without writing anything: fills
// `t` or throws the sentence the write would fail with.
void resolveTarget(const std::string& path, Target& t) {
    openFolder(path, t);
    struct stat st;
    if (::fstatat(t.dir.get(), t.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno != ENOENT) failOnFile(path, "cannot be written (" + errnoReason(errno) + ")");
        t.route = Route::Replace;  // a new file
        return;
    }
    if (S_ISLNK(st.st_mode)) {
        t.route = routeOfLink(path, t);
        return;
    }
    if (S_ISDIR(st.st_mode)) failOnFile(path, "is a folder; give a file path");
    if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode))
        failOnFile(path, std::string("is not a regular file (it is ") +
                             specialFileKind(st.st_mode) + "); give a file path");
    t.route = S_ISCHR(st.st_mode) ? Route::Device : Route::Replace;
}

}  // namespace

void writeFileAtomically(const std::string& path, const std::string& text) {
    Target t;
    resolveTarget(path, t);
    switch (t.route) {
        case Route::Stdout:
            return writeToStream(path, STDOUT_FILENO, text);
        case Route::Stderr:
            return writeToStream(path, STDERR_FILENO, text);
        case Route::Device:
            return writeToDevice(path, t, text);
        case Route::Replace:
            return writeReplacing(path, t, text);
    }
}

void checkWritableTarget(const std::string& path) {
    Target t;
    resolveTarget(path, t);
    if (t.route != Route::Replace) return;
    // The temporary file is created in the folder: it must take new files. (Root passes this
    // test on any writable file system; the write itself still says so if it cannot.)
    if (::faccessat(t.dir.get(), ".", W_OK | X_OK, AT_EACCESS) == 0) return;
    const int err = errno;
    if (err == EACCES || err == EPERM)
        failOnFile(path, "cannot be written (permission denied in the folder " + t.folder + ")");
    if (err == EROFS) failOnFile(path, "cannot be written (" + errnoReason(err) + ")");
}

}  // namespace dl
