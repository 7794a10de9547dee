#pragma once
// The patch-matrix kernels behind Conv2DLayer: a convolution becomes one GEMM
// with a matrix whose columns are the input patches.
#include "core/layers/conv_geometry.h"

namespace dl {

/// Writes one C×H×W sample as columns [col0, col0 + outPositions) of the patch matrix `col`
/// (row-major, patchSize rows, leading dimension ld): row (c, ky, kx), column (oy, ox).
/// Positions in the zero padding get 0.
void im2col(const ConvGeometry& g, const float* in, float* col, long ld, long col0);

/// The adjoint of im2col: adds columns [col0, col0 + outPositions) of `col` back onto the
/// C×H×W input gradient `dIn` (entries from the padding are dropped). `col` is scratch: the
/// entries from the padding may be overwritten with zeros.
void col2imAdd(const ConvGeometry& g, float* col, long ld, long col0, float* dIn);

}  // namespace dl
