#pragma once
// Loading numeric CSV files: a labelled Dataset for training, or a plain matrix of inputs.
#include <string>
#include <vector>

#include "datasets/dataset.h"

namespace dl {

/// What the target column of a CSV data set holds.
enum class CsvTask { Classification, Regression };

/// Loads a CSV file with a header row. Column `target` becomes y, every other (numeric) column
/// a feature of x. Classification maps the target's distinct values to classes in sorted order
/// (numerically if all are numbers) and keeps the original strings as classNames.
Dataset loadCsvDataset(const std::string& path, const std::string& target, CsvTask task);

/// Reads a CSV file whose columns are all numeric (e.g. inputs for prediction); the header row
/// is stored in *header when header is not null.
Matrix readCsvMatrix(const std::string& path, std::vector<std::string>* header = nullptr);

}  // namespace dl
