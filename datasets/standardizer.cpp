#include "datasets/standardizer.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "base/json_reader.h"

namespace dl {
namespace {

std::vector<double> readNumbers(JsonReader& r, const std::string& field) {
    const auto& arr = r.array(field);
    std::vector<double> out;
    for (const auto& v : arr) {
        if (!v.is_number()) r.fail(field, "expected an array of numbers, got " + v.dump());
        out.push_back(v.get<double>());
    }
    return out;
}

// A number as messages write it: 1e-300, 3.5, 1e+39.
std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

}  // namespace

void Standardizer::apply(Matrix& x, const std::string& source) const {
    if (empty()) return;
    const std::string at = source.empty() ? "" : source + ": ";
    if (x.cols() != static_cast<Eigen::Index>(mean.size())) {
        throw InputError(at + "the input has " + std::to_string(x.cols()) +
                         " columns but the model expects " + std::to_string(mean.size()) + ".");
    }
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        for (Eigen::Index j = 0; j < x.cols(); ++j) {
            const double v = (double(x(i, j)) - mean[j]) / stddev[j];
            if (!(std::abs(v) <= double(std::numeric_limits<float>::max())))
                throw InputError(at + "row " + std::to_string(i + 1) + ", column " +
                                 std::to_string(j + 1) + ": the value " + num(x(i, j)) +
                                 " standardised with mean " + num(mean[j]) + " and std " +
                                 num(stddev[j]) + " is beyond the range of a float.");
            x(i, j) = static_cast<float>(v);
        }
    }
}

nlohmann::json Standardizer::toJson() const {
    return {{"mean", mean}, {"std", stddev}};
}

Standardizer Standardizer::fromJson(const nlohmann::json& j, const std::string& path) {
    JsonReader r(j, path);
    Standardizer s{readNumbers(r, "mean"), readNumbers(r, "std")};
    r.rejectUnknown();
    if (s.stddev.size() != s.mean.size()) r.fail("std", "expected as many values as \"mean\"");
    const double maxFloat = std::numeric_limits<float>::max();
    for (std::size_t i = 0; i < s.mean.size(); ++i) {
        if (!(std::abs(s.mean[i]) <= maxFloat))
            r.fail("mean", "value " + std::to_string(i) + " is " + num(s.mean[i]) +
                               ", beyond the range of a float");
        if (!(s.stddev[i] >= kMinStd && s.stddev[i] <= maxFloat))
            r.fail("std", "value " + std::to_string(i) + " is " + num(s.stddev[i]) +
                              "; expected a standard deviation in [1e-12, 3.4e38] (a fit stores 1 "
                              "for a column that varies less)");
    }
    return s;
}

Standardizer fitStandardizer(const Matrix& x) {
    Standardizer s;
    const auto n = static_cast<double>(x.rows());
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        double sum = 0, sumSq = 0;
        for (Eigen::Index i = 0; i < x.rows(); ++i) sum += x(i, j);
        double mean = sum / n;
        for (Eigen::Index i = 0; i < x.rows(); ++i) sumSq += (x(i, j) - mean) * (x(i, j) - mean);
        double sd = std::sqrt(sumSq / n);
        s.mean.push_back(mean);
        s.stddev.push_back(sd > kMinStd ? sd : 1.0);
    }
    return s;
}

}  // namespace dl
