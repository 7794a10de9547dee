#include "base/text_preview.h"

#include <cstdint>

namespace dl {
namespace {

constexpr std::string_view kEllipsis = "…";

// Length of the valid UTF-8 sequence starting at s[i], or 0 if the byte does not start one.
std::size_t utf8Length(std::string_view s, std::size_t i) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (b < 0x80) return 1;
    if ((b & 0xE0) == 0xC0)
        n = 2, cp = b & 0x1F;
    else if ((b & 0xF0) == 0xE0)
        n = 3, cp = b & 0x0F;
    else if ((b & 0xF8) == 0xF0)
        n = 4, cp = b & 0x07;
    else
        return 0;
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (c & 0x3F);
    }
    const bool overlong =
        (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    if (cp >= 0x80 && cp <= 0x9F) return 0;  // C1 controls (CSI 0x9B among them) are escaped
    return n;
}

std::string hexEscape(unsigned char b) {
    static const char* digits = "0123456789abcdef";
    return std::string("\\x") + digits[b >> 4] + digits[b & 15];
}

// One character of `text` at i, escaped; `quotes` also escapes " and \. Advances i.
std::string escapedChar(std::string_view text, std::size_t& i, bool quotes) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b == '\n') return ++i, "\\n";
    if (b == '\t') return ++i, "\\t";
    if (b == '\r') return ++i, "\\r";
    if (quotes && (b == '"' || b == '\\')) return ++i, std::string("\\") + char(b);
    if (b < 0x20 || b == 0x7F) return ++i, hexEscape(b);
    const std::size_t n = utf8Length(text, i);
    if (n == 0) return ++i, hexEscape(b);
    std::string out(text.substr(i, n));
    i += n;
    return out;
}

// Appends the escaped characters of text to out until it holds `limit` characters (then true).
bool appendEscaped(std::string& out, std::size_t& chars, std::string_view text, bool quotes,
                   std::size_t limit) {
    for (std::size_t i = 0; i < text.size();) {
        if (chars >= limit) return true;
        out += escapedChar(text, i, quotes);
        ++chars;
    }
    return false;
}

// A bounded JSON serialisation: stops once `limit` characters are written (returns true then).
// Every nesting level writes a bracket first, so the recursion is at most `limit` deep.
bool appendJson(std::string& out, std::size_t& chars, const nlohmann::json& v, std::size_t limit) {
    if (chars >= limit) return true;
    if (v.is_string()) {
        if (appendEscaped(out, chars, "\"", false, limit)) return true;
        if (appendEscaped(out, chars, v.get_ref<const std::string&>(), true, limit)) return true;
        return appendEscaped(out, chars, "\"", false, limit);
    }
    if (v.is_array() || v.is_object()) {
        const bool obj = v.is_object();
        if (appendEscaped(out, chars, obj ? "{" : "[", false, limit)) return true;
        bool first = true;
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (!first && appendEscaped(out, chars, ",", false, limit)) return true;
            first = false;
            if (obj) {
                if (appendJson(out, chars, nlohmann::json(it.key()), limit)) return true;
                if (appendEscaped(out, chars, ":", false, limit)) return true;
            }
            if (appendJson(out, chars, *it, limit)) return true;
        }
        return appendEscaped(out, chars, obj ? "}" : "]", false, limit);
    }
    return appendEscaped(out, chars, v.dump(), false, limit);  // a scalar: short
}

}  // namespace

std::string escapeText(std::string_view text, std::size_t maxChars) {
    if (maxChars == 0) return {};
    std::string out;
    std::size_t chars = 0;
    if (!appendEscaped(out, chars, text, false, maxChars)) return out;
    // Cut: make room for the ellipsis.
    std::string cut;
    std::size_t kept = 0;
    appendEscaped(cut, kept, text, false, maxChars - 1);
    return cut + std::string(kEllipsis);
}

std::string quotedPreview(std::string_view text) {
    std::string body;
    std::size_t chars = 0;
    if (!appendEscaped(body, chars, text, true, kPreviewChars - 2)) return "\"" + body + "\"";
    return "\"" + body + std::string(kEllipsis);  // cut: no closing quote
}

std::string describeJson(const nlohmann::json& value) {
    std::string preview;
    std::size_t chars = 0;
    const bool cut = appendJson(preview, chars, value, kPreviewChars - 1);
    // appendJson stops at the limit; a value that fits exactly was not cut.
    if (cut) {
        std::string full;
        std::size_t fullChars = 0;
        if (!appendJson(full, fullChars, value, kPreviewChars))
            preview = full;
        else
            preview += std::string(kEllipsis);
    }
    if (value.is_string()) return "a string " + preview;
    if (value.is_array()) return "an array " + preview;
    if (value.is_object()) return "an object " + preview;
    return preview;
}

}  // namespace dl
