#include "core/inference/calibration.h"

#include <algorithm>
#include <cmath>

namespace dl {

ClassificationCalibration calibrateClassification(const Matrix& probs, const Matrix& y, int bins) {
    ClassificationCalibration c;
    const long n = probs.rows();
    c.bins.resize(bins);
    for (int b = 0; b < bins; ++b) c.bins[b] = {double(b) / bins, double(b + 1) / bins, 0, 0, 0};
    long correct = 0;
    for (long i = 0; i < n; ++i) {
        Eigen::Index pred;
        const double conf = probs.row(i).maxCoeff(&pred);
        const int label = int(y(i, 0));
        const bool right = pred == label;
        correct += right;
        ReliabilityBin& bin = c.bins[std::min(bins - 1, int(conf * bins))];
        ++bin.count;
        bin.confidence += conf;
        bin.accuracy += right;
        c.nll -= std::log(std::max(1e-12, double(probs(i, label))));
        for (long k = 0; k < probs.cols(); ++k) {
            const double d = probs(i, k) - (k == label ? 1.0 : 0.0);
            c.brier += d * d;
        }
    }
    for (auto& bin : c.bins) {
        if (bin.count == 0) continue;
        c.ece +=
            double(bin.count) / n * std::abs(bin.accuracy / bin.count - bin.confidence / bin.count);
        bin.confidence /= bin.count;
        bin.accuracy /= bin.count;
    }
    c.nll /= n;
    c.brier /= n;
    c.accuracy = double(correct) / n;
    return c;
}

RegressionCalibration calibrateRegression(const Matrix& mean, const Matrix& std, const Matrix& y) {
    RegressionCalibration r;
    const double halfLog2Pi = 0.5 * std::log(2.0 * 3.141592653589793);
    long inside = 0;
    for (long i = 0; i < mean.rows(); ++i)
        for (long k = 0; k < mean.cols(); ++k) {
            const double s = std::max(1e-6, double(std(i, k)));
            const double d = double(y(i, k)) - mean(i, k);
            r.nll += halfLog2Pi + std::log(s) + 0.5 * d * d / (s * s);
            r.rmse += d * d;
            inside += std::abs(d) <= 2.0 * s;
        }
    const double count = double(mean.size());
    r.nll /= count;
    r.rmse = std::sqrt(r.rmse / count);
    r.coverage2 = inside / count;
    return r;
}

}  // namespace dl
