#pragma once
// Writes a whole file or nothing: text goes to a fresh temporary file beside the target, which
// is renamed over it only once everything is written and synced to disk.
//
// What `path` may name, and what happens:
// - nothing yet, or a regular file: replaced atomically. The temporary file has an
//   unpredictable name (`<name>.tmp-XXXXXXXXXXXX`) in the target's folder and is created with
//   O_CREAT|O_EXCL|O_NOFOLLOW, so nothing planted there (a file or a symbolic link) is ever
//   opened or followed; its mode is 0666 less the umask, like any new file. It is fsynced
//   before the rename and the folder after it.
// - a symbolic link: the link itself is replaced by the new regular file; whatever it pointed
//   to is left untouched. Two exceptions: a link that leads to the program's own standard
//   output or error (/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N) is written to that
//   stream, and a link to a character device is written straight through to the device.
//   A link to a folder, a FIFO, a socket or a block device is refused like the thing itself.
// - a character device (/dev/null, a terminal, …): written straight through, never replaced.
// - a folder: refused, "<path>: is a folder; give a file path."
// - anything else (a FIFO, a socket, a block device): refused, "<path>: is not a regular file
//   (it is a FIFO); give a file path." Nothing is opened, so a FIFO with no reader cannot hang.
// Every failure (missing or read-only folder, full disk, …) throws InputError with one
// sentence naming `path`, and leaves neither a temporary file nor a changed target.
//
// Signals: the first write installs a SIGINT and SIGTERM handler (unless the signal is
// ignored, which is kept). If the process had its own handler, that handler is simply called
// and the write carries on. Otherwise (the default disposition: terminate) the handler removes
// the temporary files being written at that moment, restores the default and re-raises the
// signal, so the process still dies of it and its exit status says so. The files being written
// are kept in a fixed table that the handler reads without allocating (async-signal-safe).
//
// Test-only hook: with the environment variable DL_TEST_PAUSE_IN_WRITE=1, a write through a
// temporary file stops after writing half of the text, prints one line
// "dropoutlab: paused in write: <temporary file>" on stderr and waits in pause() until a signal
// is handled; then it carries on. Tests use it to signal a process in the middle of a write.
//
// Reading (InputFile, readTextFile): only regular files (or links to them) are read. A folder,
// a FIFO, a socket or a device is refused with one sentence before it is opened, so a FIFO
// with no writer cannot hang the reader; the file is then opened with O_NONBLOCK and checked
// again, in case something else was swapped in meanwhile.
#include <cstddef>
#include <cstdint>
#include <string>

namespace dl {

/// Writes `text` to `path` as described above; throws InputError naming the path on failure.
void writeFileAtomically(const std::string& path, const std::string& text);

/// Checks, writing nothing, that writeFileAtomically(path, …) would be let through: the same
/// rules (the folder is there and is a folder, `path` is not a folder, FIFO, socket or block
/// device), plus, when a temporary file will be needed, that the folder takes new files (as
/// far as access(2) can tell). Throws the InputError the write would. Commands call it before
/// long work, so a bad --out is reported before training instead of after it.
void checkWritableTarget(const std::string& path);

/// A regular file open for reading. The constructor throws InputError naming `path`, e.g.
/// "<path>: no such file.", "<path>: is a folder; expected <expected>." or "<path>: is not a
/// regular file (it is a FIFO); expected <expected>."; read errors throw too.
class InputFile {
  public:
    explicit InputFile(const std::string& path, const std::string& expected = "a file");
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    const std::string& path() const { return path_; }
    /// The file's size in bytes when it was opened.
    std::uint64_t size() const { return size_; }
    /// Reads up to `n` bytes (fewer only at the end of the file); 0 at the end.
    std::size_t read(char* out, std::size_t n);
    /// The next line without its '\n' (as std::getline); false at the end of the file.
    bool readLine(std::string& line);
    /// Hands the descriptor over (to zlib's gzdopen, say), which must then close it. Only
    /// before anything was read.
    int release();

  private:
    static constexpr std::size_t kChunk = std::size_t(1) << 16;
    bool fill();
    void close();

    std::string path_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
    std::string buffer_;  // read ahead by readLine
    std::size_t pos_ = 0;
};

/// Reads a whole regular file (InputFile's rules); throws InputError naming the path.
std::string readTextFile(const std::string& path, const std::string& expected = "a file");

}  // namespace dl
