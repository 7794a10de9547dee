#pragma once
// Checks on text that many suites make of messages and files.
#include <string>

namespace dl::test {

/// True when `text` holds `part` anywhere.
inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace dl::test
