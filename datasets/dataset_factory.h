#pragma once
// From a DatasetSpec to data: generate or load the set, split it, standardise it.
#include <cstdint>
#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "datasets/dataset_spec.h"
#include "datasets/standardizer.h"

namespace dl {

/// The most values (inputs and targets, as floats) a data set may hold: 2^28 (1 GiB of floats).
/// Generated kinds are checked from their spec before anything is generated; CSV and IDX files
/// while they are read.
inline constexpr std::int64_t kMaxDatasetValues = std::int64_t(1) << 28;

/// Builds or loads the whole data set `spec` describes. `seed` is the experiment seed; the data
/// is drawn with seed + spec.seedOffset. Throws InputError on bad input (e.g. an unreadable CSV).
Dataset makeDataset(const DatasetSpec& spec, std::uint64_t seed);

/// makeDataset, then splitDataset with spec.split and seed + spec.seedOffset. For a csv spec with
/// standardize, inputs are standardised with statistics of the training set, which are stored
/// in *standardizer when it is not null (otherwise *standardizer is set empty).
DataSplit loadDataSplit(const DatasetSpec& spec, std::uint64_t seed,
                        Standardizer* standardizer = nullptr);

/// The names of the input columns of the data `spec` builds, which RUN.json records so predict
/// can match its CSV columns by name: a csv file's columns but the target (read from its
/// header), "x1", "x2" for the 2-D kinds, "x" for sine-gap and w5-grid; empty for images and
/// sequences (their inputs are matched by position), or when the header cannot be read.
std::vector<std::string> inputNames(const DatasetSpec& spec);

}  // namespace dl
