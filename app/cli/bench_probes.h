#pragma once
// Machine figures printed beside the benchmark workloads: GEMM throughput and peak memory.
namespace dl::cli {

/// Best-of-`repeats` single-precision GEMM throughput (GFLOPS) of an n×n·n×n product with
/// Eigen's noalias(), its rows split into `chunks` blocks run through TBB (chunks = 1: one Eigen
/// call, which is single-threaded here: Eigen is built without OpenMP).
double gemmGflops(int n, int chunks, int repeats);

/// Resets the process's peak resident memory (Linux clear_refs), so peakRssMb() measures from
/// here; false where that is not supported (the peak then counts from process start).
bool resetPeakRss();

/// Peak resident memory in MiB (VmHWM, else getrusage's ru_maxrss).
double peakRssMb();

}  // namespace dl::cli
