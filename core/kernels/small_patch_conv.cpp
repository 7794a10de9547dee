#include "core/kernels/small_patch_conv.h"

#include "core/kernels/vec16.h"

namespace dl {
namespace {

using vec16::kLanes;
using vec16::loadu;
using vec16::storeu;
using vec16::Vec;

// A row of dz read as it is.
struct PlainRow {
    const float* a;
    Vec at(long i) const { return loadu(a + i); }
    float scalar(long i) const { return a[i]; }
};

// A row of dz made on the fly from a ReLU layer's output y and gradient g: g where y > 0, else
// 0 (activationGrad's rule, NaN included), so dz is never written out and read back.
struct ReluRow {
    const float *y, *g;
    Vec at(long i) const {
        const Vec yv = loadu(y + i), gv = loadu(g + i);
        return yv > Vec{} ? gv : Vec{};
    }
    float scalar(long i) const { return y[i] > 0.0f ? g[i] : 0.0f; }
};

// sums[j] = Σ_i a(i) · b[j·ld + i] for i < n and j < kRows, in kRows vector accumulators;
// with total, also *total += Σ_i a(i).
template <int kRows, class Row>
void dotRows(const Row& a, const float* b, long ld, long n, float* sums, float* total) {
    Vec acc[kRows] = {}, all = {};
    const long nv = n - n % kLanes;
    for (long i = 0; i < nv; i += kLanes) {
        const Vec x = a.at(i);
        if (total) all += x;
        for (int j = 0; j < kRows; ++j) acc[j] += x * loadu(b + j * ld + i);
    }
    for (int j = 0; j < kRows; ++j) {
        float sum = 0.0f;
        for (int l = 0; l < kLanes; ++l) sum += acc[j][l];
        for (long i = nv; i < n; ++i) sum += a.scalar(i) * b[j * ld + i];
        sums[j] = sum;
    }
    if (!total) return;
    float sum = 0.0f;
    for (int l = 0; l < kLanes; ++l) sum += all[l];
    for (long i = nv; i < n; ++i) sum += a.scalar(i);
    *total += sum;
}

// One filter's weight gradient: dw[t·nf] += Σ_i a(i) · col[t·ld + i] for every patch row t, nine
// taps at a time for 3×3 kernels (one group per input channel), else eight, then single ones;
// each group's dot products share every load (or making) of a. With db, also *db += Σ_i a(i).
template <class Row>
void filterWeightGrad(const Row& a, int k, int nf, const float* col, long ld, long p, float* dw,
                      float* db) {
    float sums[9];
    int t = 0;
    if (k % 9 == 0)
        for (; t < k; t += 9) {
            dotRows<9>(a, col + t * ld, ld, p, sums, t == 0 ? db : nullptr);
            for (int j = 0; j < 9; ++j) dw[long(t + j) * nf] += sums[j];
        }
    for (; t + 8 <= k; t += 8) {
        dotRows<8>(a, col + t * ld, ld, p, sums, t == 0 ? db : nullptr);
        for (int j = 0; j < 8; ++j) dw[long(t + j) * nf] += sums[j];
    }
    for (; t < k; ++t) {
        dotRows<1>(a, col + t * ld, ld, p, sums, t == 0 ? db : nullptr);
        dw[long(t) * nf] += sums[0];
    }
}

// y for positions [i, …) in steps of kBlocks vectors, in independent accumulators that
// cover the multiply-add latency; returns where it stopped.
template <int kBlocks>
long forwardBlocks(const Matrix& w, const Matrix& b, const float* col, long ld, long p, long i,
                   float* y, bool relu) {
    const long k = w.cols();
    for (; i + kBlocks * kLanes <= p; i += kBlocks * kLanes) {
        for (long f = 0; f < w.rows(); ++f) {
            const float* wf = w.row(f).data();
            Vec a[kBlocks];
            for (Vec& v : a) v = b(0, f) + Vec{};
            for (long t = 0; t < k; ++t)
                for (int j = 0; j < kBlocks; ++j)
                    a[j] += wf[t] * loadu(col + t * ld + i + j * kLanes);
            if (relu)  // a < 0 ? 0 : a keeps NaNs (and -0), like Eigen's max(0) in applyActivation
                for (Vec& v : a) v = v < Vec{} ? Vec{} : v;
            for (int j = 0; j < kBlocks; ++j) storeu(y + f * p + i + j * kLanes, a[j]);
        }
    }
    return i;
}

}  // namespace

void smallPatchForward(const Matrix& w, const Matrix& b, const float* col, long ld, long positions,
                       float* y, bool relu) {
    const long p = positions;
    long i = forwardBlocks<8>(w, b, col, ld, p, 0, y, relu);
    i = forwardBlocks<1>(w, b, col, ld, p, i, y, relu);
    for (long f = 0; f < w.rows(); ++f)
        for (long q = i; q < p; ++q) {
            float a = b(0, f);
            for (long t = 0; t < w.cols(); ++t) a += w(f, t) * col[t * ld + q];
            y[f * p + q] = relu && a < 0.0f ? 0.0f : a;
        }
}

void smallPatchWeightGrad(const float* dz, long ldz, int filters, const float* col, long ld,
                          int patchRows, long positions, float* dw) {
    for (int f = 0; f < filters; ++f)
        filterWeightGrad(PlainRow{dz + f * ldz}, patchRows, filters, col, ld, positions, dw + f,
                         nullptr);
}

void smallPatchReluGrads(const float* y, const float* g, int filters, const float* col, long ld,
                         int patchRows, long positions, float* dw, float* db) {
    for (int f = 0; f < filters; ++f) {
        const long at = f * positions;
        filterWeightGrad(ReluRow{y + at, g + at}, patchRows, filters, col, ld, positions, dw + f,
                         db + f);
    }
}

}  // namespace dl
