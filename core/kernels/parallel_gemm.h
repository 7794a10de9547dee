#pragma once
// Matrix products split over TBB in fixed blocks of the result. Eigen runs each block's GEMM on
// one core (it is built without OpenMP); the blocks depend only on the sizes, never on the
// thread count, and each result value is computed by one block, so results are bit-identical
// at any number of threads.
#include <algorithm>

#include "core/kernels/parallel_rows.h"

namespace dl {

/// Lines (rows or columns) of the result per block, for a result side of `length` lines: a
/// power-of-two number of equal blocks (cores share them evenly) of about kGemmBlockFlops each,
/// at most 1024 lines (thin, GEMV-like products still split) and, when the product is worth
/// splitting, at least two. Splitting the longer side of the result means every block repacks
/// only the small operand; big blocks keep that repacking rare.
inline long gemmBlockLines(long length, long otherSide, long depth) {
    constexpr double kGemmBlockFlops = 6.4e7, kWorthSplitting = 4.0e6;
    constexpr long kMaxLines = 1024;
    const double perLine = std::max(1.0, 2.0 * double(otherSide) * double(depth));
    const double work = perLine * double(length);
    long blocks = 1;
    while (blocks * 2 <= work / kGemmBlockFlops || length > blocks * kMaxLines) blocks *= 2;
    if (blocks == 1 && length >= 32 && work >= kWorthSplitting) blocks = 2;
    const long lines = (length + blocks - 1) / blocks;
    return (lines + 15) / 16 * 16;
}

/// dst = lhs · rhs (accumulate: dst += lhs · rhs), split over fixed blocks of dst's longer side.
/// dst must not alias lhs or rhs.
template <class Dst, class Lhs, class Rhs>
void parallelProduct(Dst&& dst, const Lhs& lhs, const Rhs& rhs, bool accumulate = false) {
    const long m = dst.rows(), n = dst.cols(), k = lhs.cols();
    if (n >= m) {
        parallelRows(n, gemmBlockLines(n, m, k), [&](long j0, long j1) {
            auto out = dst.middleCols(j0, j1 - j0);
            if (accumulate)
                out.noalias() += lhs * rhs.middleCols(j0, j1 - j0);
            else
                out.noalias() = lhs * rhs.middleCols(j0, j1 - j0);
        });
        return;
    }
    parallelRows(m, gemmBlockLines(m, n, k), [&](long i0, long i1) {
        auto out = dst.middleRows(i0, i1 - i0);
        if (accumulate)
            out.noalias() += lhs.middleRows(i0, i1 - i0) * rhs;
        else
            out.noalias() = lhs.middleRows(i0, i1 - i0) * rhs;
    });
}

}  // namespace dl
