#include "base/atomic_file.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>

#include "base/input_error.h"

namespace dl {
namespace {

// ---- The table of temporary files being written, read by the signal handler ----------------

// One temporary file being written: its folder (an open descriptor) and its name in it.
// `state`: 0 free, 1 owned by a writer, 2 armed (the handler removes it), 3 taken by the handler.
struct TempSlot {
    std::atomic<int> state{0};
    int dirFd = -1;
    char name[NAME_MAX + 1] = {};
};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs lock-free atomics");

constexpr int kSlots = 32;  // concurrent writes beyond this are written unprotected
TempSlot g_slots[kSlots];

constexpr int kSignals[] = {SIGINT, SIGTERM};
struct sigaction g_previous[2];  // the dispositions our handler replaced, by kSignals index

bool isHandler(const struct sigaction& a) {
    if (a.sa_flags & SA_SIGINFO) return a.sa_sigaction != nullptr;
    return a.sa_handler != SIG_DFL && a.sa_handler != SIG_IGN;
}

// Async-signal-safe: only atomics, unlinkat, sigaction and raise.
void onTerminatingSignal(int sig, siginfo_t* info, void* context) {
    const int savedErrno = errno;
    const struct sigaction& previous = g_previous[sig == SIGINT ? 0 : 1];
    if (isHandler(previous)) {
        // The program handles the signal itself (and may well go on): the write goes on too.
        if (previous.sa_flags & SA_SIGINFO)
            previous.sa_sigaction(sig, info, context);
        else
            previous.sa_handler(sig);
        errno = savedErrno;
        return;
    }
    for (TempSlot& slot : g_slots) {
        int armed = 2;
        if (slot.state.compare_exchange_strong(armed, 3)) ::unlinkat(slot.dirFd, slot.name, 0);
    }
    struct sigaction dfl;
    std::memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    ::sigaction(sig, &dfl, nullptr);
    // The signal is blocked while its handler runs: it is delivered, with the default action,
    // as soon as this returns, so the process dies of it as it would have without us.
    ::raise(sig);
    errno = savedErrno;
}

void installHandlers() {
    for (int i = 0; i < 2; ++i) {
        const int sig = kSignals[i];
        struct sigaction old;
        if (::sigaction(sig, nullptr, &old) != 0) continue;
        if (!(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_IGN) continue;  // stays ignored
        g_previous[i] = old;
        struct sigaction ours;
        std::memset(&ours, 0, sizeof ours);
        ours.sa_sigaction = onTerminatingSignal;
        ours.sa_flags =
            SA_SIGINFO | (isHandler(old) ? old.sa_flags & (SA_RESTART | SA_ONSTACK) : SA_RESTART);
        ours.sa_mask = old.sa_mask;
        for (int other : kSignals) sigaddset(&ours.sa_mask, other);
        ::sigaction(sig, &ours, nullptr);
    }
}

void ensureHandlers() {
    static std::once_flag once;
    std::call_once(once, installHandlers);
}

// A claim on one slot of the table for the duration of one write.
class TempRegistration {
  public:
    TempRegistration() {
        for (TempSlot& s : g_slots) {
            int free = 0;
            if (s.state.compare_exchange_strong(free, 1)) {
                slot_ = &s;
                return;
            }
        }
    }
    ~TempRegistration() {
        if (slot_ && disarm()) slot_->state.store(0);
    }
    TempRegistration(const TempRegistration&) = delete;
    TempRegistration& operator=(const TempRegistration&) = delete;

    /// Before the file is created: from now on a terminating signal removes dirFd/name.
    void arm(int dirFd, const std::string& name) {
        if (!slot_) return;
        slot_->dirFd = dirFd;
        std::memcpy(slot_->name, name.c_str(), name.size() + 1);
        slot_->state.store(2);
    }
    /// Once the file is gone (renamed or removed). False if the handler has taken it already:
    /// the process is dying, and the slot must stay as it is.
    bool disarm() {
        if (!slot_) return true;
        int expected = 2;
        if (slot_->state.compare_exchange_strong(expected, 1)) return true;
        return expected == 1;
    }

  private:
    TempSlot* slot_ = nullptr;
};

// ---- Files and errors --------------------------------------------------------------------

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

// What went wrong, as the end of a sentence (lower case, no full stop).
std::string reason(int err) {
    switch (err) {
        case EACCES:
        case EPERM:
            return "permission denied";
        case EROFS:
            return "the file system is read-only";
        case ENOSPC:
        case EDQUOT:
            return "no space left on the device";
        case EFBIG:
            return "the file is larger than the file system or the size limit allows";
        case ENAMETOOLONG:
            return "the name is too long";
        case ELOOP:
            return "too many symbolic links";
        case EIO:
            return "an input/output error";
        default: {
            std::string s = std::strerror(err);
            if (!s.empty()) s[0] = char(std::tolower(static_cast<unsigned char>(s[0])));
            return s;
        }
    }
}

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw InputError(path + ": " + what + ".");
}

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

// Twelve characters nobody can guess, for the temporary file's name.
std::string randomSuffix() {
    static const char kAlphabet[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char bytes[12];
    if (::getrandom(bytes, sizeof bytes, GRND_NONBLOCK) != ssize_t(sizeof bytes)) {
        // No entropy yet (early boot): O_EXCL still keeps this safe, only less unpredictable.
        static std::atomic<std::uint64_t> counter{0};
        std::uint64_t x =
            std::uint64_t(std::chrono::steady_clock::now().time_since_epoch().count()) ^
            (std::uint64_t(::getpid()) << 32) ^ counter.fetch_add(0x9E3779B97F4A7C15ull);
        for (unsigned char& b : bytes) {
            x += 0x9E3779B97F4A7C15ull;
            std::uint64_t z = x;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            b = static_cast<unsigned char>(z ^ (z >> 31));
        }
    }
    std::string s;
    for (unsigned char b : bytes) s += kAlphabet[b % (sizeof kAlphabet - 1)];
    return s;
}

bool sameFile(const struct stat& a, int fd) {
    struct stat b;
    return ::fstat(fd, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

const char* kindOf(mode_t mode) {
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISBLK(mode)) return "a block device";
    return "not a file";
}

// The kind of a file that is not a regular file nor a folder, for the readers' sentences.
const char* inputKindOf(mode_t mode) {
    if (S_ISCHR(mode)) return "a character device";
    return kindOf(mode);
}

void testPauseIfAsked(const std::string& tempPath) {
    const char* hook = std::getenv("DL_TEST_PAUSE_IN_WRITE");
    if (!hook || std::strcmp(hook, "1") != 0) return;
    const std::string line = "dropoutlab: paused in write: " + tempPath + "\n";
    writeAll(STDERR_FILENO, line.data(), line.size());
    ::pause();
}

// Writes to one of our own standard streams, after what the program printed there so far.
void writeToStream(const std::string& path, int fd, const std::string& text) {
    std::cout.flush();
    std::fflush(nullptr);
    if (const int err = writeAll(fd, text.data(), text.size()))
        fail(path, "writing failed (" + reason(err) + ")");
}

// Writes straight through to a character device (/dev/null, a terminal).
void writeToDevice(const std::string& path, int dirFd, const std::string& name,
                   const std::string& text) {
    UniqueFd fd(::openat(dirFd, name.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC));
    if (fd.get() < 0) fail(path, "cannot be written (" + reason(errno) + ")");
    struct stat st;
    if (::fstat(fd.get(), &st) != 0 || !S_ISCHR(st.st_mode))
        fail(path, "changed while it was being opened; try again");
    if (const int err = writeAll(fd.get(), text.data(), text.size()))
        fail(path, "writing failed (" + reason(err) + ")");
    if (const int err = fd.reset()) fail(path, "writing failed (" + reason(err) + ")");
}

// The usual case: a fresh temporary file beside the target, renamed over it when complete.
void writeReplacing(const std::string& path, const std::string& folder, int dirFd,
                    const std::string& name, const std::string& text) {
    ensureHandlers();
    TempRegistration registration;
    const std::string suffixStart = ".tmp-";
    const std::size_t room = NAME_MAX - suffixStart.size() - 12;
    const std::string stem = name.substr(0, std::min(name.size(), room));
    std::string tempName;
    UniqueFd fd;
    for (int attempt = 0; fd.get() < 0; ++attempt) {
        tempName = stem + suffixStart + randomSuffix();
        registration.arm(dirFd, tempName);
        fd.adopt(::openat(dirFd, tempName.c_str(),
                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666));
        if (fd.get() >= 0) break;
        const int err = errno;
        registration.disarm();
        if (err == EEXIST && attempt < 100) continue;
        if (err == EACCES || err == EPERM)
            fail(path, "cannot be written (permission denied in the folder " + folder + ")");
        fail(path, "cannot be written (" + reason(err) + ")");
    }
    // From here every failure removes the temporary file before it throws.
    auto abandon = [&](const std::string& what, int err) {
        fd.reset();
        ::unlinkat(dirFd, tempName.c_str(), 0);
        registration.disarm();
        fail(path, what + " (" + reason(err) + ")");
    };
    const std::size_t half = text.size() / 2;
    if (const int err = writeAll(fd.get(), text.data(), half)) abandon("writing failed", err);
    testPauseIfAsked(folder + "/" + tempName);
    if (const int err = writeAll(fd.get(), text.data() + half, text.size() - half))
        abandon("writing failed", err);
    if (::fsync(fd.get()) != 0 && errno != EINVAL) abandon("writing failed", errno);
    if (const int err = fd.reset()) abandon("writing failed", err);
    if (::renameat(dirFd, tempName.c_str(), dirFd, name.c_str()) != 0)
        abandon("cannot be replaced", errno);
    registration.disarm();
    ::fsync(dirFd);  // makes the rename durable; the file is in place whatever this says
}

// Where a write to `path` goes, once the rules below have let it through.
enum class Route { Replace, Device, Stdout, Stderr };

struct Target {
    std::string folder;  // the folder the file goes in, as written in the path ("." if none)
    std::string name;    // the file's name in it
    UniqueFd dir;        // the folder, open
    Route route = Route::Replace;
};

// Splits `path` into its folder and name and opens the folder; throws when there is none.
void openFolder(const std::string& path, Target& t) {
    if (path.empty()) throw InputError("the output path is empty; give a file path.");
    const std::size_t slash = path.find_last_of('/');
    t.folder = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    t.name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (t.name.empty() || t.name == "." || t.name == "..") {
        struct stat st;
        if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
            fail(path, "is a folder; give a file path");
        fail(path, "names a folder; give a file path");
    }
    t.dir.adopt(::open(t.folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (t.dir.get() >= 0) return;
    const int err = errno;
    if (err == ENOENT) fail(path, "cannot be written (the folder " + t.folder + " is not there)");
    if (err == ENOTDIR) fail(path, "cannot be written (" + t.folder + " is not a folder)");
    fail(path, "cannot be written (" + reason(err) + " on the folder " + t.folder + ")");
}

// Where a write through the symbolic link t.name goes: the link itself is replaced unless it
// leads to our own stdout or stderr or to a character device; other non-files are refused.
Route routeOfLink(const std::string& path, const Target& t) {
    struct stat target;
    if (::fstatat(t.dir.get(), t.name.c_str(), &target, 0) != 0) return Route::Replace;  // dangling
    if (sameFile(target, STDOUT_FILENO)) return Route::Stdout;
    if (sameFile(target, STDERR_FILENO)) return Route::Stderr;
    if (S_ISCHR(target.st_mode)) return Route::Device;
    if (S_ISDIR(target.st_mode)) fail(path, "is a folder; give a file path");
    if (!S_ISREG(target.st_mode))
        fail(path, std::string("is not a regular file (it leads to ") + kindOf(target.st_mode) +
                       "); give a file path");
    return Route::Replace;
}

// The rules of writeFileAtomically (atomic_file.h), applied without writing anything: fills
// `t` or throws the sentence the write would fail with.
void resolveTarget(const std::string& path, Target& t) {
    openFolder(path, t);
    struct stat st;
    if (::fstatat(t.dir.get(), t.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno != ENOENT) fail(path, "cannot be written (" + reason(errno) + ")");
        t.route = Route::Replace;  // a new file
        return;
    }
    if (S_ISLNK(st.st_mode)) {
        t.route = routeOfLink(path, t);
        return;
    }
    if (S_ISDIR(st.st_mode)) fail(path, "is a folder; give a file path");
    if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode))
        fail(path, std::string("is not a regular file (it is ") + kindOf(st.st_mode) +
                       "); give a file path");
    t.route = S_ISCHR(st.st_mode) ? Route::Device : Route::Replace;
}

// The sentence for a file to read that stat or open refused.
[[noreturn]] void failToOpen(const std::string& path, int err) {
    if (err == ENOENT) fail(path, "no such file");
    if (err == ENOTDIR) fail(path, "no such file (a part of the path is not a folder)");
    fail(path, "cannot be opened for reading (" + reason(err) + ")");
}

// Throws unless `st` is a regular file, saying what it is instead.
void requireRegular(const std::string& path, const struct stat& st, const std::string& expected) {
    if (S_ISDIR(st.st_mode)) fail(path, "is a folder; expected " + expected);
    if (!S_ISREG(st.st_mode))
        fail(path, std::string("is not a regular file (it is ") + inputKindOf(st.st_mode) +
                       "); expected " + expected);
}

// The byte count read, or -1 (errno set) if the read failed; interruptions are retried.
ssize_t readSome(int fd, char* out, std::size_t n) {
    for (;;) {
        const ssize_t got = ::read(fd, out, std::min<std::size_t>(n, std::size_t(1) << 30));
        if (got >= 0 || errno != EINTR) return got;
    }
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
            return writeToDevice(path, t.dir.get(), t.name, text);
        case Route::Replace:
            return writeReplacing(path, t.folder, t.dir.get(), t.name, text);
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
        fail(path, "cannot be written (permission denied in the folder " + t.folder + ")");
    if (err == EROFS) fail(path, "cannot be written (" + reason(err) + ")");
}

// ---- Reading --------------------------------------------------------------------------------

InputFile::InputFile(const std::string& path, const std::string& expected) : path_(path) {
    if (path.empty()) throw InputError("the input path is empty; expected " + expected + ".");
    // Look before opening: a FIFO, a socket or a device is never opened (opening a FIFO would
    // wait for a writer, and opening some devices does something).
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) failToOpen(path, errno);
    requireRegular(path, st, expected);
    // O_NONBLOCK: should a FIFO be swapped in since the stat, opening it does not wait.
    fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd_ < 0) failToOpen(path, errno);
    const bool statted = ::fstat(fd_, &st) == 0;
    const int err = errno;
    if (!statted || !S_ISREG(st.st_mode)) {
        close();  // the destructor does not run when the constructor throws
        if (!statted) failToOpen(path, err);
        requireRegular(path, st, expected);
    }
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
    size_ = static_cast<std::uint64_t>(st.st_size);
}

InputFile::~InputFile() {
    close();
}

void InputFile::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

int InputFile::release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
}

std::size_t InputFile::read(char* out, std::size_t n) {
    std::size_t done = 0;
    // What readLine buffered comes first.
    if (pos_ < buffer_.size()) {
        done = std::min(n, buffer_.size() - pos_);
        std::memcpy(out, buffer_.data() + pos_, done);
        pos_ += done;
    }
    while (done < n) {
        const ssize_t got = readSome(fd_, out + done, n - done);
        if (got < 0) fail(path_, "reading failed (" + reason(errno) + ")");
        if (got == 0) break;
        done += std::size_t(got);
    }
    return done;
}

bool InputFile::readLine(std::string& line) {
    line.clear();
    bool any = false;
    for (;;) {
        if (pos_ < buffer_.size()) {
            any = true;
            const std::size_t newline = buffer_.find('\n', pos_);
            if (newline != std::string::npos) {
                line.append(buffer_, pos_, newline - pos_);
                pos_ = newline + 1;
                return true;
            }
            line.append(buffer_, pos_, std::string::npos);
            pos_ = buffer_.size();
        }
        if (!fill()) return any;  // the last line may lack its newline
    }
}

bool InputFile::fill() {
    buffer_.resize(kChunk);
    pos_ = 0;
    const ssize_t got = fd_ < 0 ? 0 : readSome(fd_, buffer_.data(), kChunk);
    if (got < 0) fail(path_, "reading failed (" + reason(errno) + ")");
    buffer_.resize(std::size_t(got));
    return got > 0;
}

std::string readTextFile(const std::string& path, const std::string& expected) {
    InputFile in(path, expected);
    std::string text;
    text.resize(std::size_t(std::min<std::uint64_t>(in.size(), std::uint64_t(1) << 30)));
    text.resize(in.read(text.data(), text.size()));
    char more[1 << 16];
    while (const std::size_t n = in.read(more, sizeof more)) text.append(more, n);
    return text;
}

}  // namespace dl
