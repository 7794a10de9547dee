#include "datasets/dataset_factory.h"

#include <algorithm>
#include <map>
#include <string>

#include "base/input_error.h"
#include "datasets/csv_loader.h"
#include "datasets/csv_reader.h"
#include "datasets/data_split.h"
#include "datasets/fashion_mnist.h"
#include "datasets/idx_reader.h"
#include "datasets/sequence_generators.h"
#include "datasets/shape_images.h"
#include "datasets/toy_generators.h"
#include "datasets/workload_generators.h"

namespace dl {
namespace {

Dataset buildSpiral(const DatasetSpec& s, std::uint64_t seed) {
    return makeSpiral(s.samples, s.arms, s.noiseLevel(), seed);
}
Dataset buildMoons(const DatasetSpec& s, std::uint64_t seed) {
    return makeMoons(s.samples, s.noiseLevel(), seed);
}
Dataset buildCircles(const DatasetSpec& s, std::uint64_t seed) {
    return makeCircles(s.samples, s.noiseLevel(), seed);
}
Dataset buildXor(const DatasetSpec& s, std::uint64_t seed) {
    return makeXor(s.samples, s.noiseLevel(), seed);
}
Dataset buildBlobs(const DatasetSpec& s, std::uint64_t seed) {
    return makeBlobs(s.samples, s.classes, s.noiseLevel(), seed);
}
Dataset buildSineGap(const DatasetSpec& s, std::uint64_t seed) {
    return makeSineGap(s.samples, s.range, s.gap, s.noiseLevel(), seed);
}
Dataset buildCsv(const DatasetSpec& s, std::uint64_t) {
    return loadCsvDataset(s.path, s.target, s.task);
}
Dataset buildShapes(const DatasetSpec& s, std::uint64_t seed) {
    return makeShapes(s.samples, s.noiseLevel(), seed);
}
Dataset buildFashionMnist(const DatasetSpec& s, std::uint64_t) {
    return loadFashionMnist(s.samples);
}
Dataset buildIdx(const DatasetSpec& s, std::uint64_t) {
    return loadIdxPair(s.images, s.labels, s.samples);
}
Dataset buildSineForecast(const DatasetSpec& s, std::uint64_t seed) {
    return makeSineForecast(s.samples, s.length, s.noiseLevel(), seed);
}
Dataset buildSequenceClass(const DatasetSpec& s, std::uint64_t seed) {
    return makeSequenceClass(s.samples, s.classes, s.length, s.noiseLevel(), seed);
}
Dataset buildW4Sines(const DatasetSpec& s, std::uint64_t) {
    return makeW4Sines(s.samples);
}
Dataset buildW1Spiral(const DatasetSpec& s, std::uint64_t) {
    return makeW1Spiral(s.samples);
}
Dataset buildW2Pixels(const DatasetSpec& s, std::uint64_t) {
    return makeW2Pixels(s.samples);
}
Dataset buildW5Grid(const DatasetSpec& s, std::uint64_t) {
    return makeW5Grid(s.samples);
}

using Builder = Dataset (*)(const DatasetSpec&, std::uint64_t);

// One builder per kind (add a row here and in dataset_spec.cpp for a new kind).
const std::map<std::string, Builder>& builders() {
    static const std::map<std::string, Builder> table = {
        {"spiral", buildSpiral},
        {"moons", buildMoons},
        {"circles", buildCircles},
        {"xor", buildXor},
        {"blobs", buildBlobs},
        {"sine-gap", buildSineGap},
        {"csv", buildCsv},
        {"shapes", buildShapes},
        {"fashion-mnist", buildFashionMnist},
        {"idx", buildIdx},
        {"sine-forecast", buildSineForecast},
        {"sequence-class", buildSequenceClass},
        {"w4-sines", buildW4Sines},
        {"w1-spiral", buildW1Spiral},
        {"w2-pixels", buildW2Pixels},
        {"w5-grid", buildW5Grid},
    };
    return table;
}

// Values per sample (inputs and target) of the generated kinds, or 0 for kinds read from files.
std::int64_t generatedValuesPerSample(const DatasetSpec& s) {
    static const std::map<std::string, std::int64_t> fixed = {
        {"spiral", 3},
        {"moons", 3},
        {"circles", 3},
        {"xor", 3},
        {"blobs", 3},
        {"sine-gap", 2},
        {"w1-spiral", 3},
        {"w5-grid", 2},
        {"w4-sines", 51},
        {"w2-pixels", 28 * 28 + 1},
        {"shapes", kShapeImageSize * kShapeImageSize + 1}};
    if (s.kind == "sine-forecast" || s.kind == "sequence-class") return std::int64_t(s.length) + 1;
    auto it = fixed.find(s.kind);
    return it == fixed.end() ? 0 : it->second;
}

// Generated data must fit kMaxDatasetValues; checked before anything is allocated.
void checkGeneratedSize(const DatasetSpec& s) {
    const std::int64_t perSample = generatedValuesPerSample(s);
    const std::int64_t total = perSample * std::max(s.samples, 0);  // both < 2^31: no overflow
    if (total <= kMaxDatasetValues) return;
    throw InputError(
        "dataset.samples: " + std::to_string(s.samples) + " samples of " +
        std::to_string(perSample) + " values each make " + std::to_string(total) +
        " values, more than the limit of " + std::to_string(kMaxDatasetValues) +
        " (1 GiB of floats); use at most " + std::to_string(kMaxDatasetValues / perSample) +
        " samples" +
        (s.kind == "sine-forecast" || s.kind == "sequence-class" ? " or a shorter length" : "") +
        ".");
}

std::uint64_t dataSeed(const DatasetSpec& spec, std::uint64_t seed) {
    return seed + static_cast<std::uint64_t>(static_cast<std::int64_t>(spec.seedOffset));
}

}  // namespace

Dataset makeDataset(const DatasetSpec& spec, std::uint64_t seed) {
    auto it = builders().find(spec.kind);
    if (it == builders().end()) {
        throw InputError("dataset.kind: no data set of kind \"" + spec.kind + "\".");
    }
    checkGeneratedSize(spec);
    return it->second(spec, dataSeed(spec, seed));
}

std::vector<std::string> inputNames(const DatasetSpec& spec) {
    static const std::vector<std::string> plane = {"x1", "x2"}, line = {"x"};
    if (spec.kind == "csv") {
        try {
            CsvReader csv(spec.path);
            std::vector<std::string> names;
            for (const std::string& name : csv.header())
                if (name != spec.target) names.push_back(name);
            return names;
        } catch (const InputError&) {
            return {};
        }
    }
    if (spec.kind == "sine-gap" || spec.kind == "w5-grid") return line;
    for (const char* kind : {"spiral", "moons", "circles", "xor", "blobs", "w1-spiral"})
        if (spec.kind == kind) return plane;
    return {};
}

DataSplit loadDataSplit(const DatasetSpec& spec, std::uint64_t seed, Standardizer* standardizer) {
    DataSplit split = splitDataset(makeDataset(spec, seed), spec.split.train, spec.split.val,
                                   dataSeed(spec, seed));
    Standardizer fitted;
    if (spec.kind == "csv" && spec.standardize) {
        fitted = fitStandardizer(split.train.x);
        for (Dataset* part : {&split.train, &split.val, &split.test})
            fitted.apply(part->x, spec.path);
    }
    if (standardizer) *standardizer = std::move(fitted);
    return split;
}

}  // namespace dl
