#include "core/layers/dense_layer.h"

#include "core/kernels/parallel_gemm.h"
#include "core/kernels/parallel_rows.h"

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
    const long m = units();
    if (m < n || double(n) * double(m) * inputs() < 1e6) {
        parallelProduct(out, in, weight_.value.transpose());  // tall or tiny: rows split
    } else {
        // A wide result (a training batch against many units) in column blocks, each computed
        // column-major and copied in: Eigen then packs the small batch with a transpose and
        // streams W's rows as they lie, instead of transposing all of W while packing (about
        // 6 % of an MNIST-sized step).
        parallelRows(m, gemmBlockLines(m, n, inputs()), [&](long j0, long j1) {
            Eigen::MatrixXf& t = columnScratch_.local();
            t.resize(n, j1 - j0);
            t.noalias() = in * weight_.value.middleRows(j0, j1 - j0).transpose();
            out.middleCols(j0, j1 - j0) = t;
        });
    }
    // Bias and activation in one pass over the rows, in cache-sized chunks.
    const auto bRow = bias_.value.row(0);
    parallelRows(n, grainFor(n, double(units()), 2.0e5), [&](long r0, long r1) {
        out.middleRows(r0, r1 - r0).rowwise() += bRow;
        applyActivation(act_, out, r0, r1);
    });
}

void DenseLayer::backward(const Matrix& in, const Matrix& out, const Matrix& dOut, Matrix* dIn) {
    const long n = in.rows();
    dz_.resize(n, units());
    parallelRows(n, grainFor(n, double(units()), 2.0e5), [&](long r0, long r1) {
        dz_.middleRows(r0, r1 - r0) = dOut.middleRows(r0, r1 - r0);
        activationBackward(act_, out, dz_, r0, r1);
    });
    // dW = dzᵀ · in and db = Σ dz: each block of the result is one task, so no reduction
    // across threads is needed.
    parallelProduct(weight_.grad, dz_.transpose(), in);
    bias_.grad = dz_.colwise().sum();
    if (!dIn) return;
    dIn->resize(n, inputs());
    parallelProduct(*dIn, dz_, weight_.value);
}

}  // namespace dl
