#include "core/layers/conv2d_layer.h"

#include <algorithm>

#include "core/kernels/im2col.h"
#include "core/kernels/parallel_rows.h"
#include "core/kernels/small_patch_conv.h"

namespace dl {
namespace {

// Samples per chunk: about kChunkFlops of GEMM work, at most kMaxChunkRows so a
// training batch still splits over the cores. Depends only on sizes, never on threads.
constexpr double kChunkFlops = 1.6e7;
constexpr long kMaxChunkRows = 16;

// Makes m at least rows × cols without shrinking it, so later steps never reallocate.
void reserve(Matrix& m, long rows, long cols) {
    if (m.rows() != rows || m.cols() < cols) m.resize(rows, std::max(cols, long(m.cols())));
}

}  // namespace

Conv2DLayer::Conv2DLayer(ConvGeometry geometry, int filters, Activation act)
    : geom_(geometry), act_(act) {
    const int k = geom_.patchSize();
    weight_ = {"W", Matrix::Zero(filters, k), Matrix::Zero(filters, k), true};
    bias_ = {"b", Matrix::Zero(1, filters), Matrix::Zero(1, filters), false};
}

void Conv2DLayer::initialize(InitScheme scheme, std::uint64_t seed, std::uint32_t layerIndex) {
    const int area = geom_.kernel * geom_.kernel;
    initializeDense(scheme, weight_.value, bias_.value, geom_.patchSize(), filters() * area, seed,
                    layerIndex);
}

std::vector<int> Conv2DLayer::outputShape() const {
    return {filters(), geom_.outHeight(), geom_.outWidth()};
}

long Conv2DLayer::chunkRows(long rows) const {
    const double flops = 2.0 * filters() * geom_.patchSize() * geom_.outPositions();
    return std::min(kMaxChunkRows, grainFor(rows, flops, kChunkFlops));
}

Conv2DLayer::Scratch& Conv2DLayer::scratch() {
    Scratch& s = scratch_.local();
    reserve(s.col, geom_.patchSize(), geom_.outPositions());
    reserve(s.maps, filters(), geom_.outPositions());
    return s;
}

void Conv2DLayer::forward(const Matrix& in, Matrix& out, const PassContext&) {
    const long n = in.rows();
    out.resize(n, long(filters()) * geom_.outPositions());
    parallelRows(n, chunkRows(n), [&](long r0, long r1) { forwardChunk(in, out, r0, r1); });
}

void Conv2DLayer::forwardChunk(const Matrix& in, Matrix& out, long r0, long r1) {
    const long p = geom_.outPositions();
    // One sample's patch matrix at a time, so it stays in L2; backward rebuilds it rather than
    // keeping a batch's worth, which would stream megabytes out to memory and back.
    Matrix& col = scratch().col;
    for (long r = r0; r < r1; ++r) {
        im2col(geom_, in.row(r).data(), col.data(), col.cols(), 0);
        const bool small = geom_.patchSize() <= kSmallPatchRows;
        if (small) {  // applies ReLU on the way out
            smallPatchForward(weight_.value, bias_.value, col.data(), col.cols(), p,
                              out.row(r).data(), act_ == Activation::ReLU);
        } else {
            // One GEMM per sample writes straight into its output row, seen as the column-major
            // [position, filter] matrix: the patches then pack without a transpose and the long
            // position axis fills Eigen's register blocks. Starting from the bias and
            // accumulating saves the zero fill Eigen's '=' does first.
            Eigen::Map<Eigen::MatrixXf> yt(out.row(r).data(), p, filters());
            for (int f = 0; f < filters(); ++f) yt.col(f).setConstant(bias_.value(0, f));
            yt.noalias() += col.leftCols(p).transpose() * weight_.value.transpose();
        }
        if (!small || act_ != Activation::ReLU) applyActivation(act_, out, r, r + 1);
    }
}

void Conv2DLayer::backward(const Matrix& in, const Matrix& out, const Matrix& dOut, Matrix* dIn) {
    const long n = in.rows();
    const long grain = chunkRows(n);
    const long chunks = (n + grain - 1) / grain;
    for (long k = long(partialW_.size()); k < chunks; ++k) {
        partialW_.push_back(Matrix::Zero(weight_.value.rows(), weight_.value.cols()));
        partialB_.push_back(Matrix::Zero(1, filters()));
    }
    if (dIn) dIn->resize(n, geom_.inSize());
    parallelRows(n, grain,
                 [&](long r0, long r1) { backwardChunk(in, out, dOut, dIn, r0, r1, r0 / grain); });
    // Fixed combining order: chunk 0, 1, 2, … whatever thread computed each.
    weight_.grad = partialW_[0];
    bias_.grad = partialB_[0];
    for (long k = 1; k < chunks; ++k) {
        weight_.grad += partialW_[k];
        bias_.grad += partialB_[k];
    }
}

void Conv2DLayer::backwardChunk(const Matrix& in, const Matrix& out, const Matrix& dOut,
                                Matrix* dIn, long r0, long r1, long chunk) {
    const long n = r1 - r0, p = geom_.outPositions();
    Scratch& s = scratch();
    Matrix& dB = partialB_[chunk];
    // dW accumulates column-major: Eigen then packs dz (filters rows) and streams the patches
    // column by column, instead of transposing all patchSize rows while packing.
    s.dw.setZero(filters(), geom_.patchSize());
    dB.setZero();
    if (dIn) reserve(s.dcol, geom_.patchSize(), p);
    // Sample by sample, so its patches (rebuilt here), pre-activation gradient and patch
    // gradient all stay in cache.
    // A first layer with ReLU (no input gradient) folds the ReLU gradient into its kernel.
    const bool fused = !dIn && act_ == Activation::ReLU && geom_.patchSize() <= kSmallPatchRows;
    for (long i = 0; i < n; ++i) {
        const float* y = out.row(r0 + i).data();
        const float* g = dOut.row(r0 + i).data();
        im2col(geom_, in.row(r0 + i).data(), s.col.data(), s.col.cols(), 0);
        if (fused) {
            smallPatchReluGrads(y, g, filters(), s.col.data(), s.col.cols(), geom_.patchSize(), p,
                                s.dw.data(), dB.data());
            continue;
        }
        auto dz = s.maps.leftCols(p);  // [filter, position]
        for (int f = 0; f < filters(); ++f)
            activationGrad(act_, y + f * p, g + f * p, dz.row(f).data(), p);
        if (geom_.patchSize() <= kSmallPatchRows)
            smallPatchWeightGrad(s.maps.data(), s.maps.cols(), filters(), s.col.data(),
                                 s.col.cols(), geom_.patchSize(), p, s.dw.data());
        else
            s.dw.noalias() += dz * s.col.leftCols(p).transpose();
        dB += dz.rowwise().sum().transpose();
        if (!dIn) continue;
        s.dcol.leftCols(p).noalias() = weight_.value.transpose() * dz;
        dIn->row(r0 + i).setZero();  // col2im accumulates; zeroed here, while it stays in cache
        col2imAdd(geom_, s.dcol.data(), s.dcol.cols(), 0, dIn->row(r0 + i).data());
    }
    partialW_[chunk] = s.dw;
}

}  // namespace dl
