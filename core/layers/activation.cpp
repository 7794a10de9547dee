#include "core/layers/activation.h"

#include "base/input_error.h"

namespace dl {

Activation activationFromName(const std::string& name) {
    if (name == "relu") return Activation::ReLU;
    if (name == "tanh") return Activation::Tanh;
    if (name == "sigmoid") return Activation::Sigmoid;
    if (name == "linear") return Activation::Linear;
    throw InputError("unknown activation \"" + name +
                     "\"; expected relu, tanh, sigmoid or linear.");
}

std::string activationName(Activation a) {
    switch (a) {
        case Activation::ReLU:
            return "relu";
        case Activation::Tanh:
            return "tanh";
        case Activation::Sigmoid:
            return "sigmoid";
        case Activation::Linear:
            return "linear";
    }
    return "linear";
}

void applyActivation(Activation a, Matrix& m, Eigen::Index r0, Eigen::Index r1) {
    auto block = m.middleRows(r0, r1 - r0).array();
    switch (a) {
        case Activation::ReLU:
            block = block.max(0.0f);
            break;
        case Activation::Tanh:
            block = block.tanh();
            break;
        case Activation::Sigmoid:
            block = (1.0f + (-block).exp()).inverse();
            break;
        case Activation::Linear:
            break;
    }
}

void activationBackward(Activation a, const Matrix& out, Matrix& grad, Eigen::Index r0,
                        Eigen::Index r1) {
    auto g = grad.middleRows(r0, r1 - r0).array();
    auto y = out.middleRows(r0, r1 - r0).array();
    switch (a) {
        case Activation::ReLU:
            g = (y > 0.0f).select(g, 0.0f);
            break;
        case Activation::Tanh:
            g *= 1.0f - y.square();
            break;
        case Activation::Sigmoid:
            g *= y * (1.0f - y);
            break;
        case Activation::Linear:
            break;
    }
}

void activationGrad(Activation a, const float* y, const float* g, float* dst, long n) {
    using Vec = Eigen::Array<float, 1, Eigen::Dynamic>;
    const Eigen::Map<const Vec> yv(y, n), gv(g, n);
    Eigen::Map<Vec> d(dst, n);
    switch (a) {
        case Activation::ReLU:
            d = (yv > 0.0f).select(gv, 0.0f);
            break;
        case Activation::Tanh:
            d = gv * (1.0f - yv.square());
            break;
        case Activation::Sigmoid:
            d = gv * yv * (1.0f - yv);
            break;
        case Activation::Linear:
            d = gv;
            break;
    }
}

}  // namespace dl
