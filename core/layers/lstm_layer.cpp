#include "core/layers/lstm_layer.h"

namespace dl {
namespace {

// Resizes without reallocating when the size is unchanged.
void fit(Matrix& m, long rows, long cols) {
    if (m.rows() != rows || m.cols() != cols) m.resize(rows, cols);
}

}  // namespace

void LstmLayer::activateGates(Chunk& c, int t) const {
    const long n = c.n, h = shape_.units;
    auto gates = c.gates.middleRows(t * n, n);
    gates.leftCols(2 * h).array() = gates.leftCols(2 * h).array().logistic();        // i, f
    gates.middleCols(2 * h, h).array() = gates.middleCols(2 * h, h).array().tanh();  // g
    gates.rightCols(h).array() = gates.rightCols(h).array().logistic();              // o
}

void LstmLayer::stepsForward(Chunk& c) {
    const long n = c.n, h = shape_.units;
    for (int t = 0; t < shape_.timesteps; ++t) {
        maskPreviousState(c, t);
        auto gates = c.gates.middleRows(t * n, n);
        addRecurrentProduct(c, t, gates);
        gates.rowwise() += bHh_.value.row(0);
        activateGates(c, t);
        const auto i = gates.leftCols(h).array(), f = gates.middleCols(h, h).array();
        const auto g = gates.middleCols(2 * h, h).array(), o = gates.rightCols(h).array();
        auto cell = c.aux1.middleRows(t * n, n).array();
        if (t == 0)
            cell = i * g;
        else
            cell = f * c.aux1.middleRows((t - 1) * n, n).array() + i * g;
        auto tanhCell = c.aux2.middleRows(t * n, n).array();
        tanhCell = cell.tanh();
        c.h.middleRows(t * n, n).array() = o * tanhCell;
        applyZoneout(c, c.aux1, t);
        applyZoneout(c, c.h, t);
    }
}

void LstmLayer::gateGrads(Chunk& c, ChunkGrads& g, int t, const Matrix& dHat,
                          const Matrix& dCell) const {
    const long n = c.n, h = shape_.units;
    const auto gates = c.gates.middleRows(t * n, n);
    const auto i = gates.leftCols(h).array(), f = gates.middleCols(h, h).array();
    const auto gg = gates.middleCols(2 * h, h).array(), o = gates.rightCols(h).array();
    const auto tanhCell = c.aux2.middleRows(t * n, n).array();
    auto d = g.dGx.middleRows(t * n, n);
    d.leftCols(h).array() = dCell.array() * gg * i * (1.0f - i);
    if (t == 0)
        d.middleCols(h, h).setZero();  // c₋₁ = 0
    else
        d.middleCols(h, h).array() =
            dCell.array() * c.aux1.middleRows((t - 1) * n, n).array() * f * (1.0f - f);
    d.middleCols(2 * h, h).array() = dCell.array() * i * (1.0f - gg.square());
    d.rightCols(h).array() = dHat.array() * tanhCell * o * (1.0f - o);
}

void LstmLayer::stepsBackward(Chunk& c, ChunkGrads& g) {
    const long n = c.n, h = shape_.units;
    Carry& k = carry_.local();
    for (Matrix* m : {&k.dh, &k.dc, &k.dHat, &k.dCell}) fit(*m, n, h);
    k.dh.setZero();  // dL/dhₜ and dL/dcₜ arriving from timestep t + 1
    k.dc.setZero();
    for (int t = shape_.timesteps - 1; t >= 0; --t) {
        k.dh += g.dOut.middleRows(t * n, n);
        // Through zoneout: the fresh values get u⊙d, the held previous values keep (1 − u)⊙d.
        splitZoneoutGrad(c, t, k.dh, k.dHat);
        splitZoneoutGrad(c, t, k.dc, k.dCell);
        const auto gates = c.gates.middleRows(t * n, n);
        const auto tanhCell = c.aux2.middleRows(t * n, n).array();
        k.dCell.array() += k.dHat.array() * gates.rightCols(h).array() * (1.0f - tanhCell.square());
        gateGrads(c, g, t, k.dHat, k.dCell);
        k.dc.array() += k.dCell.array() * gates.middleCols(h, h).array();
        if (t > 0) addRecurrentGrad(c, t, g.dGx.middleRows(t * n, n), k.dh);
    }
}

}  // namespace dl
