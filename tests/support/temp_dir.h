#pragma once
// A scoped temporary folder and the small file helpers the Qt-free tests share.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace dl::test {

/// A fresh folder under the system's temporary directory, removed with everything in it when
/// the object goes away.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    /// The path of `name` inside the folder, as a string (what the CLI takes).
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    /// Every entry of the folder, hidden ones included, sorted (a leftover temp file shows).
    std::vector<std::string> entries() const;

  private:
    std::filesystem::path path_;
};

/// Writes `text` to `path` (truncating); false if it could not.
bool writeFile(const std::string& path, const std::string& text);
/// The whole file, or "" when it cannot be read.
std::string readFile(const std::string& path);
/// The file parsed as JSON, or a discarded value when it is missing or not JSON.
nlohmann::json readJson(const std::string& path);
/// Splits text into lines (no trailing empty line for a final newline).
std::vector<std::string> lines(const std::string& text);

}  // namespace dl::test
