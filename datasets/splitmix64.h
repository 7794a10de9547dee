#pragma once
// The benchmark workloads' data generator (docs/benchmarks.md, "The generator"):
// SplitMix64 and the uniform and Gaussian draws built on it, all arithmetic modulo 2⁶⁴.
#include <cmath>
#include <cstdint>

namespace dl::splitmix {

/// One SplitMix64 output for state z.
inline std::uint64_t next(std::uint64_t z) {
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/// u01(key, i) = (splitmix64((key << 32) | i) >> 40) / 2²⁴: in [0, 1), 24 bits.
inline double u01(std::uint64_t key, std::uint64_t i) {
    return double(next((key << 32) | i) >> 40) / 16777216.0;
}

/// gauss(key, i): Box–Muller on u01(key, 2i) and u01(key, 2i + 1), in double.
inline double gauss(std::uint64_t key, std::uint64_t i) {
    constexpr double kTwoPi = 6.283185307179586;
    return std::sqrt(-2.0 * std::log(1.0 - u01(key, 2 * i))) *
           std::cos(kTwoPi * u01(key, 2 * i + 1));
}

}  // namespace dl::splitmix
