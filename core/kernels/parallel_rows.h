#pragma once
// Runs work over fixed row chunks. The partition depends only on the row count
// and grain, never on the thread count, so results are bit-identical at any
// number of threads.
#include <tbb/parallel_for.h>

#include <algorithm>

namespace dl {

/// Calls fn(begin, end) for every chunk [k*grain, min(n, (k+1)*grain)); chunks may run in parallel.
template <typename Fn>
void parallelRows(long n, long grain, Fn&& fn) {
    if (n <= 0) return;
    grain = std::max(1L, grain);
    long chunks = (n + grain - 1) / grain;
    if (chunks == 1) {
        fn(0L, n);
        return;
    }
    tbb::parallel_for(
        tbb::blocked_range<long>(0, chunks, 1),
        [&](const tbb::blocked_range<long>& r) {
            for (long k = r.begin(); k < r.end(); ++k) fn(k * grain, std::min(n, (k + 1) * grain));
        },
        tbb::simple_partitioner());
}

/// A grain that gives chunks of roughly `work` flops each, at least one row.
inline long grainFor(long rows, double flopsPerRow, double work = 4.0e6) {
    long g = static_cast<long>(work / std::max(1.0, flopsPerRow));
    return std::clamp(g, 1L, std::max(1L, rows));
}

}  // namespace dl
