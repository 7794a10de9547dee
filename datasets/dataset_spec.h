#pragma once
// The "dataset" section of an experiment file: which data to build or load, and how to split it.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "datasets/csv_loader.h"
#include "datasets/interval.h"

namespace dl {

/// Fractions of the samples in the training and validation sets; the test set gets the rest.
struct SplitFractions {
    double train = 0.6;
    double val = 0.2;
    bool operator==(const SplitFractions&) const = default;
};

/// Everything that defines a data set. Fields that do not apply to `kind` keep their defaults
/// and are neither read nor written (docs/datasets.md lists which field goes with which kind).
struct DatasetSpec {
    std::string kind = "spiral";  ///< one of datasetKinds()
    int samples = 600;            ///< total samples before the split; file kinds: first N, 0 = all
    std::optional<double> noise;  ///< generated kinds: unset means defaultNoise(kind)
    int arms = 2;                 ///< spiral
    int classes = 3;              ///< blobs, sequence-class
    int length = 50;              ///< sine-forecast, sequence-class: timesteps per sequence
    Interval gap{-1.0, 1.0};      ///< sine-gap: no sample has x in [gap.lo, gap.hi]
    Interval range{-4.0, 4.0};    ///< sine-gap: x range
    SplitFractions split;
    int seedOffset = 0;                      ///< the data is seeded by experiment seed + seedOffset
    std::string path;                        ///< csv: file to load
    std::string target;                      ///< csv: name of the target column
    CsvTask task = CsvTask::Classification;  ///< csv
    bool standardize = true;                 ///< csv: standardise inputs with train statistics
    std::string images;                      ///< idx: IDX file of N×H×W images (plain or .gz)
    std::string labels;                      ///< idx: IDX file of N labels

    /// Reads the section at JSON path `path` (e.g. "dataset"); unknown or misplaced fields and
    /// invalid values throw InputError naming the field.
    static DatasetSpec fromJson(const nlohmann::json& j, const std::string& path);
    /// Every field that applies to `kind`, defaults filled in; fromJson(toJson()) == *this.
    nlohmann::json toJson() const;
    /// The noise level used: `noise` if set, else defaultNoise(kind).
    double noiseLevel() const;
    bool operator==(const DatasetSpec&) const = default;
};

/// What the samples of a data set are, known from its spec before any data is built: the UI
/// picks its tabs from these, never from kind names.
struct DataTraits {
    bool images = false;      ///< samples are C×H×W images
    bool sequences = false;   ///< samples are [T, F] sequences
    bool regression = false;  ///< targets are real values rather than class labels
};

/// The traits of the data `spec` builds (a csv's regression follows its task).
DataTraits dataTraits(const DatasetSpec& spec);

/// Every accepted value of DatasetSpec::kind, in documentation order.
const std::vector<std::string>& datasetKinds();

/// The noise level a generated kind uses when the spec does not set one (0 for "csv").
double defaultNoise(const std::string& kind);

/// The smallest accepted `samples` of a kind: 0 (meaning every sample of the files) for kinds
/// read from files, 10 for generated ones.
int minSamples(const std::string& kind);

}  // namespace dl
