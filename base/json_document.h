#pragma once
// Parsing a whole JSON document from untrusted text: nesting depth is limited before the
// parser runs, and every parse failure becomes an InputError naming the source.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

#include "base/input_error.h"

namespace dl {

/// The deepest nesting of arrays and objects a document may have. Experiment files and
/// RUN.json need about 6; the limit keeps every recursive walk of a value (comparison,
/// serialisation, previews) far from the stack's end.
inline constexpr std::size_t kMaxJsonDepth = 64;

/// Parses `text`. Throws InputError "<source>: …" when the text is not valid JSON (with the
/// line and column), a number does not fit a double, or arrays and objects are nested deeper
/// than kMaxJsonDepth. Never lets a nlohmann::json exception escape.
nlohmann::json parseJsonDocument(const std::string& text, const std::string& source);

}  // namespace dl
