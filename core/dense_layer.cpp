#include "dense_layer.h"

#include "parallel_rows.h"

namespace dl {

DenseLayer::DenseLayer(int inputs, int units, Activation act) : act_(act) {
    weight_ = {"W", Matrix::Zero(units, inputs), Matrix::Zero(units, inputs), true};
    bias_ = {"b", Matrix::Zero(1, units), Matrix::Zero(1, units), false};
}

void DenseLayer::initialize(InitScheme scheme, std::uint64_t seed, std::uint32_t layerIndex) {
    initializeDense(scheme, weight_.value, bias_.value, inputs(), units(), seed, layerIndex);
}

void DenseLayer::forward(const Matrix& in, Matrix& out, const PassContext&) {
    const long n = in.rows();
    out.resize(n, units());
    const auto& w = weight_.value;
    const auto bRow = bias_.value.row(0);
    parallelRows(n, grainFor(n, 2.0 * inputs() * units()), [&](long r0, long r1) {
        auto o = out.middleRows(r0, r1 - r0);
        o.noalias() = in.middleRows(r0, r1 - r0) * w.transpose();
        o.rowwise() += bRow;
        applyActivation(act_, out, r0, r1);
    });
}

void DenseLayer::backward(const Matrix& in, const Matrix& out, const Matrix& dOut, Matrix* dIn) {
    const long n = in.rows();
    dz_ = dOut;
    activationBackward(act_, out, dz_, 0, n);
    // dW = dzᵀ · in, split over output units so no reduction across threads is needed.
    parallelRows(units(), grainFor(units(), 2.0 * n * inputs()), [&](long j0, long j1) {
        weight_.grad.middleRows(j0, j1 - j0).noalias() =
            dz_.middleCols(j0, j1 - j0).transpose() * in;
        bias_.grad.middleCols(j0, j1 - j0) = dz_.middleCols(j0, j1 - j0).colwise().sum();
    });
    if (!dIn) return;
    dIn->resize(n, inputs());
    parallelRows(n, grainFor(n, 2.0 * inputs() * units()), [&](long r0, long r1) {
        dIn->middleRows(r0, r1 - r0).noalias() = dz_.middleRows(r0, r1 - r0) * weight_.value;
    });
}

}  // namespace dl
