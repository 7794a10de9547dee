#pragma once
// Element-wise activations, applied in place after a layer's affine map.
#include <string>

#include "base/matrix.h"

namespace dl {

/// The activations a layer may use.
enum class Activation { ReLU, Tanh, Sigmoid, Linear };

Activation activationFromName(const std::string& name);  ///< "relu", "tanh", "sigmoid", "linear"
std::string activationName(Activation a);

/// Applies the activation to rows [r0, r1) of m in place.
void applyActivation(Activation a, Matrix& m, Eigen::Index r0, Eigen::Index r1);

/// Multiplies grad rows [r0, r1) by the activation's derivative, expressed
/// through the activation's output (all four allow it), in place.
void activationBackward(Activation a, const Matrix& out, Matrix& grad, Eigen::Index r0,
                        Eigen::Index r1);

/// dst[i] = g[i] · act'(y[i]) for i < n, y being the activation's output (dst may be g).
void activationGrad(Activation a, const float* y, const float* g, float* dst, long n);

}  // namespace dl
