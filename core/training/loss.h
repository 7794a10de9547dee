#pragma once
// Losses: mean over the batch, with the gradient with respect to the network output.
#include <string>

#include "base/matrix.h"

namespace dl {

/// softmax cross-entropy (classification, targets are class indices) or mean squared error.
enum class LossKind { CrossEntropy, Mse };

LossKind lossFromName(const std::string& name);
std::string lossName(LossKind k);

/// Sum of per-sample losses (and correct predictions for classification).
struct LossSums {
    double loss = 0.0;
    long correct = 0;
    long count = 0;
    double meanLoss() const { return count ? loss / count : 0.0; }
    double accuracy() const { return count ? double(correct) / count : 0.0; }
};

/// Loss of `out` against `y`. When grad is not null it receives dL/dout for the
/// batch mean (cross-entropy: (softmax − onehot)/N; MSE: 2(out − y)/(N·D)).
LossSums computeLoss(LossKind kind, const Matrix& out, const Eigen::Ref<const Matrix>& y,
                     Matrix* grad);

/// Row-wise softmax of logits (numerically stable).
Matrix softmax(const Matrix& logits);

}  // namespace dl
