#pragma once
// Per-column standardisation (x - mean) / std, fitted on training inputs and reused unchanged
// on validation, test and prediction inputs.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "datasets/dataset.h"

namespace dl {

/// The smallest standard deviation a fit keeps; a column that varies less gets std 1.
inline constexpr double kMinStd = 1e-12;

/// Column means and standard deviations; an empty Standardizer leaves inputs unchanged.
struct Standardizer {
    std::vector<double> mean;
    std::vector<double> stddev;  ///< population std; 1 for a constant column

    bool empty() const { return mean.empty(); }
    /// Standardises x in place, in double and rounded to float once; throws InputError, naming
    /// `source` (a file, may be empty), if its column count differs from the fit or a result
    /// does not fit a float.
    void apply(Matrix& x, const std::string& source = "") const;
    /// {"mean": [...], "std": [...]}, for storing beside trained weights.
    nlohmann::json toJson() const;
    /// Reads toJson()'s output; errors name `path`. Every mean must fit a float and every std
    /// lie in [kMinStd, 3.4e38] (a fit never stores less: a column that varies less keeps 1).
    static Standardizer fromJson(const nlohmann::json& j, const std::string& path);
};

/// Fits a Standardizer to the columns of x (at least one row).
Standardizer fitStandardizer(const Matrix& x);

}  // namespace dl
