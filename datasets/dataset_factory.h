#pragma once
// From a DatasetSpec to data: generate or load the set, split it, standardise it.
#include <cstdint>

#include "datasets/dataset.h"
#include "datasets/dataset_spec.h"
#include "datasets/standardizer.h"

namespace dl {

/// Builds or loads the whole data set `spec` describes. `seed` is the experiment seed; the data
/// is drawn with seed + spec.seedOffset. Throws InputError on bad input (e.g. an unreadable CSV).
Dataset makeDataset(const DatasetSpec& spec, std::uint64_t seed);

/// makeDataset, then splitDataset with spec.split and seed + spec.seedOffset. For a csv spec with
/// standardize, inputs are standardised with statistics of the training set, which are stored
/// in *standardizer when it is not null (otherwise *standardizer is set empty).
DataSplit loadDataSplit(const DatasetSpec& spec, std::uint64_t seed,
                        Standardizer* standardizer = nullptr);

}  // namespace dl
