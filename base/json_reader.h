#pragma once
// Strict reading of one JSON object: every field read is remembered, so the
// unknown ones can be rejected by name, and type errors name the full path.
#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

#include "base/input_error.h"

namespace dl {

/// Reads fields of one JSON object under a dotted path such as "network.layers[1]".
class JsonReader {
  public:
    JsonReader(const nlohmann::json& obj, std::string path);

    const std::string& path() const { return path_; }
    bool has(const std::string& field) const;
    std::string fieldPath(const std::string& field) const;

    double number(const std::string& field, double fallback);
    double number(const std::string& field);  ///< required
    int integer(const std::string& field, int fallback);
    int integer(const std::string& field);  ///< required
    bool boolean(const std::string& field, bool fallback);
    std::string string(const std::string& field, const std::string& fallback);
    std::string string(const std::string& field);  ///< required
    /// A string that must be one of `allowed`.
    std::string choice(const std::string& field, const std::vector<std::string>& allowed,
                       const std::string& fallback);
    /// A nested object (required unless optional is true; then null json if absent).
    const nlohmann::json& object(const std::string& field, bool optional = false);
    const nlohmann::json& array(const std::string& field, bool optional = false);

    /// Throws InputError naming the first field that was never read.
    void rejectUnknown() const;
    /// Throws InputError "<path>.<field>: <expected>".
    [[noreturn]] void fail(const std::string& field, const std::string& expected) const;

  private:
    const nlohmann::json& require(const std::string& field);
    const nlohmann::json& obj_;
    std::string path_;
    std::set<std::string> seen_;
};

/// Checks a number lies in [lo, hi) (or [lo, hi] when hiInclusive); throws naming the field.
double checkRange(JsonReader& r, const std::string& field, double value, double lo, double hi,
                  bool hiInclusive);

}  // namespace dl
