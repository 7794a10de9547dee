#include "core/training/loss.h"

#include <cmath>

#include "base/input_error.h"

namespace dl {

LossKind lossFromName(const std::string& name) {
    if (name == "cross_entropy") return LossKind::CrossEntropy;
    if (name == "mse") return LossKind::Mse;
    throw InputError("unknown loss \"" + name + "\"; expected cross_entropy or mse.");
}

std::string lossName(LossKind k) {
    return k == LossKind::CrossEntropy ? "cross_entropy" : "mse";
}

Matrix softmax(const Matrix& logits) {
    Matrix p = logits;
    for (Eigen::Index r = 0; r < p.rows(); ++r) {
        auto row = p.row(r).array();
        row = (row - row.maxCoeff()).exp();
        row /= row.sum();
    }
    return p;
}

static LossSums crossEntropy(const Matrix& out, const Eigen::Ref<const Matrix>& y, Matrix* grad) {
    LossSums s;
    const Eigen::Index n = out.rows();
    s.count = n;
    if (grad) grad->resize(n, out.cols());
    for (Eigen::Index r = 0; r < n; ++r) {
        auto row = out.row(r).array();
        const float mx = row.maxCoeff();
        const double sumExp = (row - mx).exp().cast<double>().sum();
        const int label = static_cast<int>(y(r, 0));
        s.loss += std::log(sumExp) - double(row(label) - mx);
        Eigen::Index arg;
        row.maxCoeff(&arg);
        s.correct += (arg == label);
        if (grad) {
            auto g = grad->row(r).array();
            g = (row - mx).exp() / static_cast<float>(sumExp);
            g(label) -= 1.0f;
            g /= static_cast<float>(n);
        }
    }
    return s;
}

static LossSums meanSquared(const Matrix& out, const Eigen::Ref<const Matrix>& y, Matrix* grad) {
    LossSums s;
    const Eigen::Index n = out.rows(), d = out.cols();
    s.count = n;
    for (Eigen::Index r = 0; r < n; ++r)
        s.loss += (out.row(r) - y.row(r)).cast<double>().squaredNorm() / double(d);
    if (grad) *grad = (out - y) * (2.0f / static_cast<float>(n * d));
    return s;
}

LossSums computeLoss(LossKind kind, const Matrix& out, const Eigen::Ref<const Matrix>& y,
                     Matrix* grad) {
    return kind == LossKind::CrossEntropy ? crossEntropy(out, y, grad) : meanSquared(out, y, grad);
}

}  // namespace dl
