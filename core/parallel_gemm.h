#pragma once
// Matrix products split over TBB in fixed blocks of the result. Eigen runs each block's GEMM on
// one core (it is built without OpenMP); the blocks depend only on the sizes, never on the
// thread count, and each result value is computed by one block, so results are bit-identical
// at any number of threads.
#include <algorithm>

#include "parallel_rows.h"

namespace dl {

/// Lines (rows or columns) of the result per block: about `kGemmBlockFlops` of work, and a
/// multiple of 64 so each block keeps the GEMM kernel efficient. Splitting the longer side of
/// the result means every block repacks only the small operand, not the large one.
inline long gemmBlockLines(long otherSide, long depth) {
    constexpr double kGemmBlockFlops = 1.6e7;
    constexpr long kLineQuantum = 64;
    const double perLine = std::max(1.0, 2.0 * double(otherSide) * double(depth));
    const long lines = std::max(1L, long(kGemmBlockFlops / perLine));
    return (lines + kLineQuantum - 1) / kLineQuantum * kLineQuantum;
}

/// dst = lhs · rhs (accumulate: dst += lhs · rhs), split over fixed blocks of dst's longer side.
/// dst must not alias lhs or rhs.
template <class Dst, class Lhs, class Rhs>
void parallelProduct(Dst&& dst, const Lhs& lhs, const Rhs& rhs, bool accumulate = false) {
    const long m = dst.rows(), n = dst.cols(), k = lhs.cols();
    if (n >= m) {
        parallelRows(n, gemmBlockLines(m, k), [&](long j0, long j1) {
            auto out = dst.middleCols(j0, j1 - j0);
            if (accumulate)
                out.noalias() += lhs * rhs.middleCols(j0, j1 - j0);
            else
                out.noalias() = lhs * rhs.middleCols(j0, j1 - j0);
        });
        return;
    }
    parallelRows(m, gemmBlockLines(n, k), [&](long i0, long i1) {
        auto out = dst.middleRows(i0, i1 - i0);
        if (accumulate)
            out.noalias() += lhs.middleRows(i0, i1 - i0) * rhs;
        else
            out.noalias() = lhs.middleRows(i0, i1 - i0) * rhs;
    });
}

}  // namespace dl
