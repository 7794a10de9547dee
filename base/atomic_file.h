#pragma once
// Writes a whole file or nothing: text goes to a temporary file beside the
// target, which is renamed over it only once everything is written.
#include <string>

namespace dl {

/// Writes `text` to `path` atomically; throws InputError naming the path on failure.
void writeFileAtomically(const std::string& path, const std::string& text);

/// Reads a whole file; throws InputError naming the path when it cannot.
std::string readTextFile(const std::string& path);

}  // namespace dl
