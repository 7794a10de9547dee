#pragma once
// How well predicted probabilities and spreads match what happens: reliability
// bins, expected calibration error, NLL and Brier score; Gaussian NLL and ±2σ coverage.
#include <vector>

#include "base/matrix.h"

namespace dl {

/// One bin of a reliability diagram: predictions whose confidence fell in [lo, hi).
struct ReliabilityBin {
    double lo = 0, hi = 0;
    long count = 0;
    double confidence = 0;  ///< mean confidence (probability of the predicted class)
    double accuracy = 0;    ///< fraction of those predictions that were right
};

/// Classification calibration of probabilities probs (N × K) against labels y (N × 1).
struct ClassificationCalibration {
    std::vector<ReliabilityBin> bins;
    double ece = 0;    ///< Σ_b (n_b/N)·|acc_b − conf_b|
    double nll = 0;    ///< mean −log p(true class)
    double brier = 0;  ///< mean Σ_k (p_k − onehot_k)²
    double accuracy = 0;
};

/// Regression calibration of a Gaussian predictive (mean, std) against targets y.
struct RegressionCalibration {
    double nll = 0;        ///< mean Gaussian negative log likelihood
    double coverage2 = 0;  ///< fraction of targets within mean ± 2·std
    double rmse = 0;
};

ClassificationCalibration calibrateClassification(const Matrix& probs, const Matrix& y,
                                                  int bins = 15);
RegressionCalibration calibrateRegression(const Matrix& mean, const Matrix& std, const Matrix& y);

}  // namespace dl
