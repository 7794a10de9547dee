#pragma once
// Seeded, stratified splitting of one data set into training, validation and test sets.
#include <cstdint>
#include <vector>

#include "datasets/dataset.h"

namespace dl {

/// The rows of `data` listed in `rows`, in that order, with the same metadata.
Dataset selectRows(const Dataset& data, const std::vector<int>& rows);

/// Splits `data` into train/val/test with fractions `train`, `val` and the rest. Rows are
/// shuffled by a key drawn from CounterRng(seed, Split) per row; classification splits each
/// class separately (stratified). Throws InputError if a part would be empty.
DataSplit splitDataset(const Dataset& data, double train, double val, std::uint64_t seed);

}  // namespace dl
