#include "core/kernels/im2col.h"

#include <algorithm>

namespace dl {
namespace {

// Outputs [lo, hi) along one axis (out outputs over an input of length in) whose input
// position o·stride − padding + tap lies inside [0, in).
void validSpan(int out, int in, const ConvGeometry& g, int tap, int& lo, int& hi) {
    lo = 0;
    while (lo < out && lo * g.stride - g.padding + tap < 0) ++lo;
    hi = out;
    while (hi > lo && (hi - 1) * g.stride - g.padding + tap >= in) --hi;
}

// Output columns of tap column kx that read inside the image.
void validRange(const ConvGeometry& g, int kx, int& lo, int& hi) {
    validSpan(g.outWidth(), g.width, g, kx, lo, hi);
}

// Output rows of tap row ky that read inside the image.
void validRows(const ConvGeometry& g, int ky, int& lo, int& hi) {
    validSpan(g.outHeight(), g.height, g, ky, lo, hi);
}

// With stride 1 and outWidth == width ("same" convolutions, e.g. 3×3 with padding 1), output
// (oy, ox) of tap (ky, kx) reads input oy·W + ox + shift: a whole plane is one contiguous
// run, apart from the cells where ox + kx − padding falls off a row's end and wraps around.
bool planar(const ConvGeometry& g) {
    return g.stride == 1 && g.outWidth() == g.width;
}

void im2colPlanar(const ConvGeometry& g, const float* in, float* col, long ld, long col0) {
    const int k = g.kernel, w = g.width, ho = g.outHeight();
    const long plane = long(g.height) * w;
    for (int c = 0; c < g.channels; ++c) {
        for (int ky = 0; ky < k; ++ky) {
            int y0, y1;
            validRows(g, ky, y0, y1);
            for (int kx = 0; kx < k; ++kx) {
                float* dst = col + long((c * k + ky) * k + kx) * ld + col0;
                int x0, x1;
                validRange(g, kx, x0, x1);
                const long shift = long(ky - g.padding) * w + (kx - g.padding);
                std::fill(dst, dst + long(y0) * w, 0.0f);
                std::fill(dst + long(y1) * w, dst + long(ho) * w, 0.0f);
                if (y0 >= y1) continue;
                // One copy of the valid span, then zeros over the wrapped cells.
                const long b = long(y0) * w + x0, e = long(y1 - 1) * w + x1;
                const float* src = in + long(c) * plane;  // input index = output index + shift
                std::copy(src + b + shift, src + e + shift, dst + b);
                // Column by column: the wrapped cells are a padding's width at each row end, and
                // per-row fills would each be a library call for one or two values.
                for (int x = 0; x < x0; ++x)
                    for (int oy = y0; oy < y1; ++oy) dst[long(oy) * w + x] = 0.0f;
                for (int x = x1; x < w; ++x)
                    for (int oy = y0; oy < y1; ++oy) dst[long(oy) * w + x] = 0.0f;
            }
        }
    }
}

void col2imPlanar(const ConvGeometry& g, float* col, long ld, long col0, float* dIn) {
    const int k = g.kernel, w = g.width;
    const long plane = long(g.height) * w;
    for (int c = 0; c < g.channels; ++c) {
        for (int ky = 0; ky < k; ++ky) {
            int y0, y1;
            validRows(g, ky, y0, y1);
            if (y0 >= y1) continue;
            for (int kx = 0; kx < k; ++kx) {
                float* src = col + long((c * k + ky) * k + kx) * ld + col0;
                int x0, x1;
                validRange(g, kx, x0, x1);
                const long shift = long(ky - g.padding) * w + (kx - g.padding);
                float* dst = dIn + long(c) * plane;  // input index = output index + shift
                // The wrapped cells inside the span would land on other input positions: make
                // them zeros (they read padding, so their gradient is dropped anyway), then add
                // the whole span in one vectorised run. x + 0 is x, so sums stay exact.
                for (int x = 0; x < x0; ++x)
                    for (int oy = y0 + 1; oy < y1; ++oy) src[long(oy) * w + x] = 0.0f;
                for (int x = x1; x < w; ++x)
                    for (int oy = y0; oy + 1 < y1; ++oy) src[long(oy) * w + x] = 0.0f;
                const long b = long(y0) * w + x0, e = long(y1 - 1) * w + x1;
                for (long i = b; i < e; ++i) dst[i + shift] += src[i];
            }
        }
    }
}

}  // namespace

void im2col(const ConvGeometry& g, const float* in, float* col, long ld, long col0) {
    if (planar(g)) return im2colPlanar(g, in, col, ld, col0);
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

void col2imAdd(const ConvGeometry& g, float* col, long ld, long col0, float* dIn) {
    if (planar(g)) return col2imPlanar(g, col, ld, col0, dIn);
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
