#include "datasets/dataset_spec.h"

#include <charconv>
#include <string_view>

#include "base/json_reader.h"
#include "base/text_preview.h"

namespace dl {
namespace {

// Groups of optional fields; each kind accepts some of them.
enum FieldGroup : unsigned {
    kSamples = 1u << 0,
    kNoise = 1u << 1,
    kArms = 1u << 2,
    kClasses = 1u << 3,
    kSineX = 1u << 4,
    kFile = 1u << 5,
    kIdxFiles = 1u << 6,
    kLength = 1u << 7,
};

constexpr int kMinSamples = 10;

struct KindInfo {
    std::string_view name;
    unsigned groups;
    double defaultNoise;
    int defaultSamples = 600;  // kinds read from files: 0 = every sample of the files
    int minSamples = kMinSamples;
};

// One row per kind (add a row here and a builder in dataset_factory.cpp for a new kind).
constexpr KindInfo kKinds[] = {
    {"spiral", kSamples | kNoise | kArms, 0.2},
    {"moons", kSamples | kNoise, 0.1},
    {"circles", kSamples | kNoise, 0.1},
    {"xor", kSamples | kNoise, 0.1},
    {"blobs", kSamples | kNoise | kClasses, 0.25},
    {"sine-gap", kSamples | kNoise | kSineX, 0.1},
    {"csv", kFile, 0.0},
    {"shapes", kSamples | kNoise, 0.1},
    {"fashion-mnist", kSamples, 0.0, 0, 0},
    {"idx", kSamples | kIdxFiles, 0.0, 0, 0},
    {"sine-forecast", kSamples | kNoise | kLength, 0.1},
    {"sequence-class", kSamples | kNoise | kClasses | kLength, 0.5},
    {"w4-sines", kSamples, 0.0, 4096},
    {"w1-spiral", kSamples, 0.0, 1000},
    {"w2-pixels", kSamples, 0.0, 8192},
    {"w5-grid", kSamples, 0.0, 1000},
};

struct FieldInfo {
    const char* name;
    FieldGroup group;
};

constexpr FieldInfo kKindFields[] = {
    {"samples", kSamples}, {"noise", kNoise},      {"arms", kArms},       {"classes", kClasses},
    {"gap", kSineX},       {"range", kSineX},      {"path", kFile},       {"target", kFile},
    {"task", kFile},       {"standardize", kFile}, {"images", kIdxFiles}, {"labels", kIdxFiles},
    {"length", kLength},
};
constexpr int kMaxSamples = 10'000'000;
constexpr int kMaxClasses = 10;
constexpr double kMaxNoise = 10.0;
constexpr int kMaxLength = 10'000;

const KindInfo* findKind(std::string_view name) {
    for (const auto& k : kKinds)
        if (k.name == name) return &k;
    return nullptr;
}

// Shortest text that reads back as v: 4 for 4.0, 0.1 for 0.1.
std::string num(double v) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, end);
}

// The quoted names of the kinds that accept any of `groups`.
std::string kindsUsing(unsigned groups) {
    std::string out;
    for (const auto& k : kKinds)
        if (k.groups & groups) out += (out.empty() ? "\"" : ", \"") + std::string(k.name) + "\"";
    return out;
}

// Rejects fields that exist but belong to other kinds, naming the kinds that use them.
void rejectMisplaced(JsonReader& r, const KindInfo& kind) {
    for (const auto& f : kKindFields) {
        if ((kind.groups & f.group) || !r.has(f.name)) continue;
        r.fail(f.name, "does not apply to kind \"" + std::string(kind.name) + "\"; it is used by " +
                           kindsUsing(f.group));
    }
}

int readCount(JsonReader& r, const std::string& field, int fallback, int lo, int hi) {
    int v = r.integer(field, fallback);
    if (v < lo)
        r.fail(field, "expected a whole number ≥ " + std::to_string(lo) + ", got " + num(v));
    if (v > hi)
        r.fail(field, "expected a whole number ≤ " + std::to_string(hi) + ", got " + num(v));
    return v;
}

Interval readInterval(JsonReader& r, const std::string& field, Interval fallback) {
    const auto& a = r.array(field, true);
    if (a.is_null()) return fallback;
    if (a.size() != 2 || !a[0].is_number() || !a[1].is_number() ||
        !(a[0].get<double>() < a[1].get<double>())) {
        r.fail(field, "expected [lo, hi] with two numbers lo < hi, got " + describeJson(a));
    }
    return {a[0].get<double>(), a[1].get<double>()};
}

void readSineX(JsonReader& r, DatasetSpec& s) {
    s.range = readInterval(r, "range", s.range);
    s.gap = readInterval(r, "gap", s.gap);
    if (s.gap.lo < s.range.lo || s.gap.hi > s.range.hi || s.gap.length() >= s.range.length()) {
        r.fail("gap", "expected an interval inside the range [" + num(s.range.lo) + ", " +
                          num(s.range.hi) + "] that leaves part of it, got [" + num(s.gap.lo) +
                          ", " + num(s.gap.hi) + "]");
    }
}

void readFileFields(JsonReader& r, DatasetSpec& s) {
    s.path = r.string("path");
    if (s.path.empty()) r.fail("path", "expected the path of a CSV file, got \"\"");
    s.target = r.string("target");
    if (s.target.empty()) r.fail("target", "expected the name of a column, got \"\"");
    std::string task = r.choice("task", {"classification", "regression"}, "classification");
    s.task = task == "regression" ? CsvTask::Regression : CsvTask::Classification;
    s.standardize = r.boolean("standardize", true);
}

void readIdxFields(JsonReader& r, DatasetSpec& s) {
    s.images = r.string("images");
    if (s.images.empty()) r.fail("images", "expected the path of an IDX image file, got \"\"");
    s.labels = r.string("labels");
    if (s.labels.empty()) r.fail("labels", "expected the path of an IDX label file, got \"\"");
}

double readFraction(JsonReader& r, const std::string& field, double fallback) {
    double v = r.number(field, fallback);
    if (!(v > 0 && v < 1)) r.fail(field, "expected a fraction in (0, 1), got " + num(v));
    return v;
}

SplitFractions readSplit(JsonReader& parent) {
    SplitFractions f;
    const auto& j = parent.object("split", true);
    if (j.is_null()) return f;
    JsonReader r(j, parent.fieldPath("split"));
    f.train = readFraction(r, "train", f.train);
    f.val = readFraction(r, "val", f.val);
    r.rejectUnknown();
    if (f.train + f.val >= 1) {
        throw InputError(r.path() +
                         ": expected train + val < 1 so the test set gets the rest, got " +
                         num(f.train) + " + " + num(f.val) + ".");
    }
    return f;
}

std::string readKind(JsonReader& r) {
    if (!r.has("kind")) {
        r.fail("kind", "this field is required; expected one of " + kindsUsing(~0u));
    }
    return r.choice("kind", datasetKinds(), "");
}

}  // namespace

DataTraits dataTraits(const DatasetSpec& spec) {
    const std::string& k = spec.kind;
    DataTraits d;
    d.images = k == "shapes" || k == "fashion-mnist" || k == "idx" || k == "w2-pixels";
    d.sequences = k == "sine-forecast" || k == "sequence-class" || k == "w4-sines";
    d.regression = k == "sine-gap" || k == "sine-forecast" || k == "w4-sines" || k == "w5-grid" ||
                   (k == "csv" && spec.task == CsvTask::Regression);
    return d;
}

const std::vector<std::string>& datasetKinds() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& k : kKinds) out.emplace_back(k.name);
        return out;
    }();
    return names;
}

double defaultNoise(const std::string& kind) {
    const KindInfo* k = findKind(kind);
    return k ? k->defaultNoise : 0.0;
}

int minSamples(const std::string& kind) {
    const KindInfo* k = findKind(kind);
    return k ? k->minSamples : kMinSamples;
}

double DatasetSpec::noiseLevel() const {
    return noise.value_or(defaultNoise(kind));
}

DatasetSpec DatasetSpec::fromJson(const nlohmann::json& j, const std::string& path) {
    JsonReader r(j, path);
    DatasetSpec s;
    s.kind = readKind(r);
    const KindInfo& kind = *findKind(s.kind);
    rejectMisplaced(r, kind);
    if (kind.groups & kSamples)
        s.samples = readCount(r, "samples", kind.defaultSamples, kind.minSamples, kMaxSamples);
    if (kind.groups & kNoise) {
        s.noise = checkRange(r, "noise", r.number("noise", kind.defaultNoise), 0, kMaxNoise, true);
    }
    if (kind.groups & kArms) s.arms = readCount(r, "arms", s.arms, 2, kMaxClasses);
    if (kind.groups & kClasses) s.classes = readCount(r, "classes", s.classes, 2, kMaxClasses);
    if (kind.groups & kLength) s.length = readCount(r, "length", s.length, 2, kMaxLength);
    if (kind.groups & kSineX) readSineX(r, s);
    if (kind.groups & kFile) readFileFields(r, s);
    if (kind.groups & kIdxFiles) readIdxFields(r, s);
    s.split = readSplit(r);
    s.seedOffset = r.integer("seed_offset", 0);
    r.rejectUnknown();
    return s;
}

nlohmann::json DatasetSpec::toJson() const {
    const KindInfo* k = findKind(kind);
    const unsigned groups = k ? k->groups : 0;
    nlohmann::json j = {{"kind", kind}};
    if (groups & kSamples) j["samples"] = samples;
    if (groups & kNoise) j["noise"] = noiseLevel();
    if (groups & kArms) j["arms"] = arms;
    if (groups & kClasses) j["classes"] = classes;
    if (groups & kLength) j["length"] = length;
    if (groups & kSineX) {
        j["range"] = {range.lo, range.hi};
        j["gap"] = {gap.lo, gap.hi};
    }
    if (groups & kFile) {
        j["path"] = path;
        j["target"] = target;
        j["task"] = task == CsvTask::Regression ? "regression" : "classification";
        j["standardize"] = standardize;
    }
    if (groups & kIdxFiles) {
        j["images"] = images;
        j["labels"] = labels;
    }
    j["split"] = {{"train", split.train}, {"val", split.val}};
    j["seed_offset"] = seedOffset;
    return j;
}

}  // namespace dl
