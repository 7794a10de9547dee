#pragma once
// Short, safe renderings of user-supplied text and JSON values for error messages: control
// characters and invalid UTF-8 are escaped, and long values are cut with "…", so a message
// stays one short line whatever the input held.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace dl {

/// The longest preview, in characters, that quotedPreview and describeJson produce.
inline constexpr std::size_t kPreviewChars = 40;

/// `text` with C0 and C1 control characters, DEL and bytes that are not valid UTF-8 written
/// as \n, \t, \r or \xNN; cut to at most `maxChars` characters (counting the final "…").
std::string escapeText(std::string_view text, std::size_t maxChars);

/// `text` in double quotes, escaped as above (and " and \ escaped), cut to kPreviewChars.
std::string quotedPreview(std::string_view text);

/// The JSON type and a short escaped preview of `value`, for "got …" in messages:
/// `a string "abc"`, `an array [1,2,3]`, `an object {"a":1,…`; numbers, true, false and null
/// are shown as they are written (`2.5`, `true`). Never serialises more than the preview, so
/// deep or huge values are cheap.
std::string describeJson(const nlohmann::json& value);

}  // namespace dl
