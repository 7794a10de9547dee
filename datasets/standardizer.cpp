#include "datasets/standardizer.h"

#include <cmath>

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

}  // namespace

void Standardizer::apply(Matrix& x) const {
    if (empty()) return;
    if (x.cols() != static_cast<Eigen::Index>(mean.size())) {
        throw InputError("the input has " + std::to_string(x.cols()) + " columns but the model " +
                         "expects " + std::to_string(mean.size()) + ".");
    }
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        auto m = static_cast<float>(mean[j]);
        auto inv = static_cast<float>(1.0 / stddev[j]);
        x.col(j) = (x.col(j).array() - m) * inv;
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
    for (double v : s.stddev)
        if (!(v > 0)) r.fail("std", "expected positive values");
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
        s.stddev.push_back(sd > 1e-12 ? sd : 1.0);
    }
    return s;
}

}  // namespace dl
