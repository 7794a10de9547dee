#include "base/json_document.h"

#include "base/text_preview.h"

#include <memory>
#include <vector>

namespace dl {
namespace {

// The longest parser detail kept in a message (it may quote the offending token).
constexpr std::size_t kMaxDetailChars = 160;

// Finds where brackets first nest deeper than kMaxJsonDepth, skipping string contents, without
// recursion; throws naming the line and column. Malformed text is left for the parser to report.
void checkDepth(const std::string& text, const std::string& source) {
    std::size_t depth = 0, line = 1, column = 0;
    bool inString = false, escaped = false;
    for (const char c : text) {
        ++column;
        if (c == '\n') ++line, column = 0;
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth)
                throw InputError(source + ": arrays and objects are nested more than " +
                                 std::to_string(kMaxJsonDepth) + " deep at line " +
                                 std::to_string(line) + ", column " + std::to_string(column) +
                                 "; expected at most " + std::to_string(kMaxJsonDepth) +
                                 " levels.");
        } else if ((c == ']' || c == '}') && depth > 0)
            --depth;
    }
}

// nlohmann's message without its "[json.exception.…] " tag, escaped and cut short.
std::string detail(const nlohmann::json::exception& e) {
    std::string what = e.what();
    const auto tag = what.find("] ");
    if (what.rfind("[json.exception.", 0) == 0 && tag != std::string::npos)
        what = what.substr(tag + 2);
    return escapeText(what, kMaxDetailChars);
}

// Follows the parser's position as a dotted path ("dataset.range[1]"), so an error the parser
// reports without a position (a number overflow) can name the field.
class PathTracker {
  public:
    bool operator()(int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using E = nlohmann::json::parse_event_t;
        switch (event) {
            case E::object_start:
                frames_.push_back({false, 0, {}});
                break;
            case E::array_start:
                frames_.push_back({true, 0, {}});
                break;
            case E::key:
                if (!frames_.empty() && parsed.is_string())
                    frames_.back().key = parsed.get<std::string>();
                break;
            case E::object_end:
            case E::array_end:
                if (!frames_.empty()) frames_.pop_back();
                valueDone();
                break;
            case E::value:
                valueDone();
                break;
        }
        return true;
    }

    /// The path of the value being parsed; empty at the top level.
    std::string path() const {
        std::string out;
        for (const auto& f : frames_) {
            if (f.array)
                out += "[" + std::to_string(f.index) + "]";
            else
                out += (out.empty() ? "" : ".") + escapeText(f.key, kPreviewChars);
        }
        return out;
    }

  private:
    struct Frame {
        bool array;
        std::size_t index;
        std::string key;
    };
    void valueDone() {
        if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    }
    std::vector<Frame> frames_;
};

// The token quoted in nlohmann's "number overflow parsing '…'" message.
std::string quotedToken(const std::string& what) {
    const auto open = what.find('\'');
    const auto close = what.rfind('\'');
    if (open == std::string::npos || close <= open) return {};
    return what.substr(open + 1, close - open - 1);
}

}  // namespace

nlohmann::json parseJsonDocument(const std::string& text, const std::string& source) {
    checkDepth(text, source);
    auto tracker = std::make_shared<PathTracker>();
    try {
        return nlohmann::json::parse(
            text, [tracker](int depth, nlohmann::json::parse_event_t event,
                            nlohmann::json& parsed) { return (*tracker)(depth, event, parsed); });
    } catch (const nlohmann::json::out_of_range& e) {
        // The one parse throws for valid syntax: a number too large for a double, e.g. 1e400.
        const std::string path = tracker->path();
        throw InputError(source + ": " + (path.empty() ? "the top level" : path) +
                         ": expected a number a double can hold (magnitude below 1.8e308), got " +
                         escapeText(quotedToken(e.what()), kPreviewChars) + ".");
    } catch (const nlohmann::json::exception& e) {
        throw InputError(source + ": not valid JSON (" + detail(e) + ").");
    }
}

}  // namespace dl
