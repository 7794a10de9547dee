#include "app/cli/flag_checks.h"

#include <algorithm>
#include <charconv>
#include <limits>

#include "base/text_preview.h"

namespace dl::cli {
namespace {

// A whole number in [lo, hi] written in plain decimal digits: no sign, point or exponent, so
// "-1" is refused instead of wrapping to 2^64 − 1. `range` is [lo, hi] in words.
CLI::Validator wholeNumber(std::uint64_t lo, std::uint64_t hi, const std::string& range) {
    auto check = [lo, hi, range](std::string& text) -> std::string {
        std::uint64_t v = 0;
        const char* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, v);
        const bool digits =
            !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        if (digits && ec == std::errc() && ptr == end && v >= lo && v <= hi) return {};
        return "expected a whole number " + range + ", got " + dl::quotedPreview(text);
    };
    return CLI::Validator(check, range, "WHOLE");
}

std::string rangeText(std::uint64_t lo, std::uint64_t hi) {
    return "from " + std::to_string(lo) + " to " + std::to_string(hi);
}

// A path (or a preset name, as `what` says) that is not empty.
CLI::Validator nonEmpty(const std::string& what) {
    auto check = [what](std::string& text) -> std::string {
        if (!text.empty()) return {};
        return "expected " + what + ", got an empty string";
    };
    return CLI::Validator(check, "", "NONEMPTY");
}

}  // namespace

const CLI::Validator& seedCheck() {
    static const CLI::Validator v =
        wholeNumber(0, std::numeric_limits<std::uint64_t>::max(), "from 0 to 2^64 − 1");
    return v;
}

const CLI::Validator& threadsCheck() {
    static const CLI::Validator v = wholeNumber(0, kMaxThreads, rangeText(0, kMaxThreads));
    return v;
}

const CLI::Validator& epochsCheck() {
    static const CLI::Validator v = wholeNumber(1, kMaxEpochs, rangeText(1, kMaxEpochs));
    return v;
}

CLI::Validator capped(std::uint64_t lo, std::uint64_t hi) {
    return wholeNumber(lo, hi, rangeText(lo, hi));
}

CLI::Validator oneOf(std::vector<std::string> words) {
    std::string list;
    for (std::size_t i = 0; i < words.size(); ++i)
        list += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
    auto check = [words, list](std::string& text) -> std::string {
        if (std::find(words.begin(), words.end(), text) != words.end()) return {};
        return "expected " + list + ", got " + dl::quotedPreview(text);
    };
    return CLI::Validator(check, list, "WORD");
}

const CLI::Validator& configCheck() {
    static const CLI::Validator v = nonEmpty("a file path or preset name");
    return v;
}

const CLI::Validator& pathCheck() {
    static const CLI::Validator v = nonEmpty("a file path");
    return v;
}

}  // namespace dl::cli
