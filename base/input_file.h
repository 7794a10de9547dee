#pragma once
// Reads files the user named: only regular files (or links to them) are read. A folder, a
// FIFO, a socket or a device is refused with one sentence before it is opened, so a FIFO with
// no writer cannot hang the reader; the file is then opened with O_NONBLOCK and checked again,
// in case something else was swapped in meanwhile.
#include <cstddef>
#include <cstdint>
#include <string>

namespace dl {

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
