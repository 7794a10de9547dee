#include "base/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "base/file_errors.h"
#include "base/input_error.h"

namespace dl {
namespace {

// The sentence for a file to read that stat or open refused.
[[noreturn]] void failToOpen(const std::string& path, int err) {
    if (err == ENOENT) failOnFile(path, "no such file");
    if (err == ENOTDIR) failOnFile(path, "no such file (a part of the path is not a folder)");
    failOnFile(path, "cannot be opened for reading (" + errnoReason(err) + ")");
}

// What a file that is not a regular file nor a folder is, for the sentences below.
const char* kindOf(mode_t mode) {
    if (S_ISCHR(mode)) return "a character device";
    return specialFileKind(mode);
}

// Throws unless `st` is a regular file, saying what it is instead.
void requireRegular(const std::string& path, const struct stat& st, const std::string& expected) {
    if (S_ISDIR(st.st_mode)) failOnFile(path, "is a folder; expected " + expected);
    if (!S_ISREG(st.st_mode))
        failOnFile(path, std::string("is not a regular file (it is ") + kindOf(st.st_mode) +
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
        if (got < 0) failOnFile(path_, "reading failed (" + errnoReason(errno) + ")");
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
    if (got < 0) failOnFile(path_, "reading failed (" + errnoReason(errno) + ")");
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
