#include "im2col.h"

#include <algorithm>

namespace dl {
namespace {

// Output columns [lo, hi) whose input column ox·stride − padding + kx lies inside [0, W).
void validRange(const ConvGeometry& g, int kx, int& lo, int& hi) {
    const int wo = g.outWidth();
    lo = 0;
    while (lo < wo && lo * g.stride - g.padding + kx < 0) ++lo;
    hi = wo;
    while (hi > lo && (hi - 1) * g.stride - g.padding + kx >= g.width) --hi;
}

}  // namespace

void im2col(const ConvGeometry& g, const float* in, float* col, long ld, long col0) {
    const int k = g.kernel, ho = g.outHeight(), wo = g.outWidth();
    for (int c = 0; c < g.channels; ++c) {
        for (int ky = 0; ky < k; ++ky) {
            for (int kx = 0; kx < k; ++kx) {
                float* dst = col + long((c * k + ky) * k + kx) * ld + col0;
                int lo, hi;
                validRange(g, kx, lo, hi);
                for (int oy = 0; oy < ho; ++oy, dst += wo) {
                    const int iy = oy * g.stride - g.padding + ky;
                    if (iy < 0 || iy >= g.height) {
                        std::fill(dst, dst + wo, 0.0f);
                        continue;
                    }
                    const float* row = in + long(c * g.height + iy) * g.width;
                    const int off = kx - g.padding;  // input column = ox·stride + off
                    std::fill(dst, dst + lo, 0.0f);
                    if (g.stride == 1)
                        std::copy(row + lo + off, row + hi + off, dst + lo);
                    else
                        for (int ox = lo; ox < hi; ++ox) dst[ox] = row[ox * g.stride + off];
                    std::fill(dst + hi, dst + wo, 0.0f);
                }
            }
        }
    }
}

void col2imAdd(const ConvGeometry& g, const float* col, long ld, long col0, float* dIn) {
    const int k = g.kernel, ho = g.outHeight(), wo = g.outWidth();
    for (int c = 0; c < g.channels; ++c) {
        for (int ky = 0; ky < k; ++ky) {
            for (int kx = 0; kx < k; ++kx) {
                const float* src = col + long((c * k + ky) * k + kx) * ld + col0;
                int lo, hi;
                validRange(g, kx, lo, hi);
                for (int oy = 0; oy < ho; ++oy, src += wo) {
                    const int iy = oy * g.stride - g.padding + ky;
                    if (iy < 0 || iy >= g.height) continue;
                    float* row = dIn + long(c * g.height + iy) * g.width;
                    const int off = kx - g.padding;
                    if (g.stride == 1)  // contiguous: lets the compiler vectorise
                        for (int ox = lo; ox < hi; ++ox) row[ox + off] += src[ox];
                    else
                        for (int ox = lo; ox < hi; ++ox) row[ox * g.stride + off] += src[ox];
                }
            }
        }
    }
}

}  // namespace dl
