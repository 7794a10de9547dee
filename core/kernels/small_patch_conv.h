#pragma once
// Convolution kernels for few patch rows (a first layer on 1–3 input channels, e.g. 3×3 over
// one channel: nine rows), where a GEMM's packing and short k-loop would dwarf the handful of
// multiply-adds per output. Both work on one sample's im2col patch matrix.
#include "base/matrix.h"

namespace dl {

/// Conv2DLayer takes these kernels when its patch matrix has at most this many rows.
constexpr int kSmallPatchRows = 32;

/// y[f, i] = b[f] + Σ_t w[f, t] · col[t·ld + i] for every filter f (rows of w) and position
/// i < positions; y is row-major [filter, position]. relu: negatives become 0 on the way out.
void smallPatchForward(const Matrix& w, const Matrix& b, const float* col, long ld, long positions,
                       float* y, bool relu);

/// dw[t·filters + f] += Σ_i dz[f·ldz + i] · col[t·ld + i] over positions i: one sample's weight
/// gradient added to a column-major filters × patchRows matrix.
void smallPatchWeightGrad(const float* dz, long ldz, int filters, const float* col, long ld,
                          int patchRows, long positions, float* dw);

/// The same weight gradient for a ReLU layer straight from its output y and gradient g (one
/// sample's [filter, position] rows), with dz = g where y > 0 made on the fly; also adds
/// Σ_i dz[f, i] to db[f]. Saves writing dz out and reading it back twice.
void smallPatchReluGrads(const float* y, const float* g, int filters, const float* col, long ld,
                         int patchRows, long positions, float* dw, float* db);

}  // namespace dl
