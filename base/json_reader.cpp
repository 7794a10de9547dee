#include "base/json_reader.h"

#include <cmath>
#include <cstdint>
#include <sstream>

#include "base/text_preview.h"

namespace dl {

JsonReader::JsonReader(const nlohmann::json& obj, std::string path)
    : obj_(obj), path_(std::move(path)) {
    if (!obj_.is_object())
        throw InputError((path_.empty() ? std::string("the top level") : path_) +
                         ": expected a JSON object.");
}

bool JsonReader::has(const std::string& field) const {
    return obj_.contains(field) && !obj_.at(field).is_null();
}

std::string JsonReader::fieldPath(const std::string& field) const {
    return path_.empty() ? field : path_ + "." + field;
}

void JsonReader::fail(const std::string& field, const std::string& expected) const {
    throw InputError(fieldPath(field) + ": " + expected + ".");
}

const nlohmann::json& JsonReader::require(const std::string& field) {
    seen_.insert(field);
    if (!has(field)) fail(field, "this field is required");
    return obj_.at(field);
}

double JsonReader::number(const std::string& field, double fallback) {
    seen_.insert(field);
    return has(field) ? number(field) : fallback;
}

double JsonReader::number(const std::string& field) {
    const auto& v = require(field);
    if (!v.is_number()) fail(field, "expected a number, got " + describeJson(v));
    double d = v.get<double>();
    if (!std::isfinite(d)) fail(field, "expected a finite number");
    return d;
}

int JsonReader::integer(const std::string& field, int fallback) {
    seen_.insert(field);
    return has(field) ? integer(field) : fallback;
}

int JsonReader::integer(const std::string& field) {
    const auto& v = require(field);
    if (!v.is_number_integer()) fail(field, "expected a whole number, got " + describeJson(v));
    // Reject values that would wrap around in an int instead of silently changing them.
    const bool fits = v.is_number_unsigned() ? v.get<std::uint64_t>() <= 2147483647ull
                                             : v.get<std::int64_t>() >= -2147483648ll &&
                                                   v.get<std::int64_t>() <= 2147483647ll;
    if (!fits) fail(field, "expected a whole number of reasonable size, got " + describeJson(v));
    return v.get<int>();
}

bool JsonReader::boolean(const std::string& field, bool fallback) {
    seen_.insert(field);
    if (!has(field)) return fallback;
    const auto& v = obj_.at(field);
    if (!v.is_boolean()) fail(field, "expected true or false, got " + describeJson(v));
    return v.get<bool>();
}

std::string JsonReader::string(const std::string& field, const std::string& fallback) {
    seen_.insert(field);
    return has(field) ? string(field) : fallback;
}

std::string JsonReader::string(const std::string& field) {
    const auto& v = require(field);
    if (!v.is_string()) fail(field, "expected a string, got " + describeJson(v));
    return v.get<std::string>();
}

std::string JsonReader::choice(const std::string& field, const std::vector<std::string>& allowed,
                               const std::string& fallback) {
    std::string s = string(field, fallback);
    for (const auto& a : allowed)
        if (a == s) return s;
    std::ostringstream os;
    os << "expected one of ";
    for (std::size_t i = 0; i < allowed.size(); ++i)
        os << (i ? ", " : "") << '"' << allowed[i] << '"';
    os << ", got " << quotedPreview(s);
    fail(field, os.str());
}

const nlohmann::json& JsonReader::object(const std::string& field, bool optional) {
    seen_.insert(field);
    static const nlohmann::json kNull;
    if (!has(field)) {
        if (optional) return kNull;
        fail(field, "this field is required");
    }
    const auto& v = obj_.at(field);
    if (!v.is_object()) fail(field, "expected an object, got " + describeJson(v));
    return v;
}

const nlohmann::json& JsonReader::array(const std::string& field, bool optional) {
    seen_.insert(field);
    static const nlohmann::json kNull;
    if (!has(field)) {
        if (optional) return kNull;
        fail(field, "this field is required");
    }
    const auto& v = obj_.at(field);
    if (!v.is_array()) fail(field, "expected an array, got " + describeJson(v));
    return v;
}

void JsonReader::rejectUnknown() const {
    for (const auto& [key, value] : obj_.items())
        if (!seen_.count(key))
            throw InputError(fieldPath(escapeText(key, kPreviewChars)) + ": unknown field.");
}

double checkRange(JsonReader& r, const std::string& field, double value, double lo, double hi,
                  bool hiInclusive) {
    bool ok = value >= lo && (hiInclusive ? value <= hi : value < hi);
    if (!ok) {
        std::ostringstream os;
        os << "expected a value in [" << lo << ", " << hi << (hiInclusive ? "]" : ")") << ", got "
           << value;
        r.fail(field, os.str());
    }
    return value;
}

}  // namespace dl
