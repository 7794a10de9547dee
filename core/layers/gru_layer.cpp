#include "core/layers/gru_layer.h"

namespace dl {
namespace {

// Resizes without reallocating when the size is unchanged.
void fit(Matrix& m, long rows, long cols) {
    if (m.rows() != rows || m.cols() != cols) m.resize(rows, cols);
}

}  // namespace

void GruLayer::activateGates(Chunk& c, int t, const Matrix& hidden) {
    const long n = c.n, h = shape_.units;
    auto gates = c.gates.middleRows(t * n, n);
    gates.leftCols(2 * h).array() =
        (gates.leftCols(2 * h).array() + hidden.leftCols(2 * h).array()).logistic();  // r, z
    c.aux1.middleRows(t * n, n) = hidden.rightCols(h);
    gates.rightCols(h).array() =
        (gates.rightCols(h).array() + gates.leftCols(h).array() * hidden.rightCols(h).array())
            .tanh();  // n
}

void GruLayer::stepsForward(Chunk& c) {
    const long n = c.n, h = shape_.units;
    Work& w = work_.local();
    fit(w.hidden, n, long(gates_) * h);
    for (int t = 0; t < shape_.timesteps; ++t) {
        maskPreviousState(c, t);
        w.hidden.rowwise() = bHh_.value.row(0);
        addRecurrentProduct(c, t, w.hidden);
        activateGates(c, t, w.hidden);
        const auto gates = c.gates.middleRows(t * n, n);
        const auto z = gates.middleCols(h, h).array(), cand = gates.rightCols(h).array();
        auto state = c.h.middleRows(t * n, n).array();
        if (t == 0)
            state = (1.0f - z) * cand;
        else
            state = (1.0f - z) * cand + z * c.h.middleRows((t - 1) * n, n).array();
        applyZoneout(c, c.h, t);
    }
}

void GruLayer::gateGrads(Chunk& c, ChunkGrads& g, int t, const Matrix& dHat) const {
    const long n = c.n, h = shape_.units;
    const auto gates = c.gates.middleRows(t * n, n);
    const auto r = gates.leftCols(h).array(), z = gates.middleCols(h, h).array();
    const auto cand = gates.rightCols(h).array();
    auto dx = g.dGx.middleRows(t * n, n);
    auto dh = g.dGh.middleRows(t * n, n);
    dx.rightCols(h).array() = dHat.array() * (1.0f - z) * (1.0f - cand.square());
    if (t == 0)
        dx.middleCols(h, h).array() = -dHat.array() * cand * z * (1.0f - z);  // h₋₁ = 0
    else
        dx.middleCols(h, h).array() =
            dHat.array() * (c.h.middleRows((t - 1) * n, n).array() - cand) * z * (1.0f - z);
    dx.leftCols(h).array() =
        dx.rightCols(h).array() * c.aux1.middleRows(t * n, n).array() * r * (1.0f - r);
    dh.leftCols(2 * h) = dx.leftCols(2 * h);
    dh.rightCols(h).array() = dx.rightCols(h).array() * r;
}

void GruLayer::stepsBackward(Chunk& c, ChunkGrads& g) {
    const long n = c.n, h = shape_.units;
    Work& w = work_.local();
    fit(w.dh, n, h);
    fit(w.dHat, n, h);
    w.dh.setZero();  // dL/dhₜ arriving from timestep t + 1
    for (int t = shape_.timesteps - 1; t >= 0; --t) {
        w.dh += g.dOut.middleRows(t * n, n);
        splitZoneoutGrad(c, t, w.dh, w.dHat);  // ĥₜ gets u⊙d, the held hₜ₋₁ keeps (1 − u)⊙d
        gateGrads(c, g, t, w.dHat);
        if (t == 0) continue;
        w.dh.array() += w.dHat.array() * c.gates.middleRows(t * n, n).middleCols(h, h).array();
        addRecurrentGrad(c, t, g.dGh.middleRows(t * n, n), w.dh);
    }
}

}  // namespace dl
