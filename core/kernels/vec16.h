#pragma once
// A 16-float vector type for hand-blocked kernels (GCC vector extension: one AVX-512
// register, split into narrower ones where the ISA has none), with unaligned load and store.
#include <cstring>

namespace dl::vec16 {

using Vec = float __attribute__((vector_size(64)));
constexpr int kLanes = 16;

inline Vec loadu(const float* p) {
    Vec v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

inline void storeu(float* p, Vec v) {
    std::memcpy(p, &v, sizeof v);
}

}  // namespace dl::vec16
