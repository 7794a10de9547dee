#pragma once
// Per-column standardisation (x - mean) / std, fitted on training inputs and reused unchanged
// on validation, test and prediction inputs.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "datasets/dataset.h"

namespace dl {

/// Column means and standard deviations; an empty Standardizer leaves inputs unchanged.
struct Standardizer {
    std::vector<double> mean;
    std::vector<double> stddev;  ///< population std; 1 for a constant column

    bool empty() const { return mean.empty(); }
    /// Standardises x in place; throws InputError if its column count differs from the fit.
    void apply(Matrix& x) const;
    /// {"mean": [...], "std": [...]}, for storing beside trained weights.
    nlohmann::json toJson() const;
    /// Reads toJson()'s output; errors name `path`.
    static Standardizer fromJson(const nlohmann::json& j, const std::string& path);
};

/// Fits a Standardizer to the columns of x (at least one row).
Standardizer fitStandardizer(const Matrix& x);

}  // namespace dl
