#include "core/layers/recurrent_layer.h"

#include <algorithm>
#include <cmath>

#include "base/counter_rng.h"
#include "base/input_error.h"
#include "core/kernels/parallel_rows.h"

namespace dl {
namespace {

// Sequences per chunk. Fixed (never the thread count), so results are bit-identical at any
// number of threads; 16 keeps the per-step GEMMs efficient and a batch of 32 on two cores.
constexpr long kChunkRows = 16;

// Grows m to at least rows × cols (exactly cols columns) without shrinking, so steps of one
// size never reallocate.
void ensure(Matrix& m, long rows, long cols) {
    if (m.rows() < rows || m.cols() != cols) m.resize(std::max(rows, long(m.rows())), cols);
}

// A view of rows [row0, row0 + rows) of a row-major matrix (contiguous).
Eigen::Map<Matrix> rowsOf(Matrix& m, long row0, long rows) {
    return Eigen::Map<Matrix>(m.data() + row0 * m.cols(), rows, m.cols());
}

Eigen::Map<Matrix> maskView(float* data, long rows, long cols) {
    return data ? Eigen::Map<Matrix>(data, rows, cols) : Eigen::Map<Matrix>(nullptr, 0, 0);
}

float* maskRows(DropoutSite* site, long r0) {
    return site ? site->lastMaskRef().data() + r0 * site->lastMaskRef().cols() : nullptr;
}

// One tensor of gate blocks (H rows each; biases: one row) drawn from its own stream.
void initTensor(InitScheme s, Matrix& m, int units, int fanIn, bool bias, const CounterRng& rng) {
    const double uniformBound = 1.0 / std::sqrt(double(units));
    const double xavierBound = std::sqrt(6.0 / double(fanIn + units));
    const double heStd = std::sqrt(2.0 / double(fanIn));
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        for (Eigen::Index c = 0; c < m.cols(); ++c) {
            const auto i = std::uint32_t(r), j = std::uint32_t(c);
            double v = 0.0;
            if (s == InitScheme::Uniform)
                v = (2.0 * rng.uniformDouble(i, j) - 1.0) * uniformBound;
            else if (bias)
                v = 0.0;
            else if (s == InitScheme::Xavier)
                v = (2.0 * rng.uniformDouble(i, j) - 1.0) * xavierBound;
            else
                v = rng.normal(i, j) * heStd;
            m(r, c) = float(v);
        }
}

}  // namespace

RecurrentLayer::RecurrentLayer(RecurrentShape shape, int gates, const RecurrentOptions& options,
                               std::uint32_t firstSiteIndex)
    : shape_(shape),
      gates_(gates),
      returnSequences_(options.returnSequences),
      sites_(options, shape.timesteps, shape.inputs, shape.units, gates, firstSiteIndex) {
    const int gh = gates * shape.units;
    wIh_ = {"W_ih", Matrix::Zero(gh, shape.inputs), Matrix::Zero(gh, shape.inputs), true};
    wHh_ = {"W_hh", Matrix::Zero(gh, shape.units), Matrix::Zero(gh, shape.units), true};
    bIh_ = {"b_ih", Matrix::Zero(1, gh), Matrix::Zero(1, gh), false};
    bHh_ = {"b_hh", Matrix::Zero(1, gh), Matrix::Zero(1, gh), false};
}

void RecurrentLayer::initialize(InitScheme scheme, std::uint64_t seed, std::uint32_t layerIndex) {
    const int h = shape_.units;
    initTensor(scheme, wIh_.value, h, shape_.inputs, false,
               CounterRng(seed, Purpose::Init, layerIndex, 0));
    initTensor(scheme, wHh_.value, h, h, false, CounterRng(seed, Purpose::Init, layerIndex, 2));
    initTensor(scheme, bIh_.value, h, shape_.inputs, true,
               CounterRng(seed, Purpose::Init, layerIndex, 1));
    initTensor(scheme, bHh_.value, h, h, true, CounterRng(seed, Purpose::Init, layerIndex, 3));
}

std::vector<int> RecurrentLayer::outputShape() const {
    if (returnSequences_) return {shape_.timesteps, shape_.units};
    return {shape_.units};
}

long RecurrentLayer::chunkRows() const {
    return kChunkRows;
}

void RecurrentLayer::reserveBuffers(Buffers& b, long sequences, bool masksToo) const {
    const long rows = sequences * shape_.timesteps, h = shape_.units, t = shape_.timesteps;
    ensure(b.x, rows, long(sites_.inputGroups()) * shape_.inputs);
    ensure(b.gates, rows, long(gates_) * h);
    ensure(b.hprev, rows, long(sites_.recurrentGroups()) * h);
    for (Matrix* m : {&b.h, &b.aux1, &b.aux2}) ensure(*m, rows, h);
    if (!masksToo) return;
    if (auto* s = sites_.input()) ensure(b.zx, sequences, t * s->maskShape()[1]);
    if (auto* s = sites_.recurrent()) ensure(b.zh, sequences, t * s->maskShape()[1]);
    if (sites_.zoneout()) ensure(b.zu, sequences, t * h);
}

RecurrentLayer::Chunk RecurrentLayer::chunkOf(Buffers& b, long row0, long n, float* zx, float* zh,
                                              float* zu) {
    const long t = shape_.timesteps, r = row0 * t, rows = n * t;
    auto maskCols = [&](const DropoutSite* s) { return s ? t * s->maskShape()[1] : 0L; };
    return Chunk{n,
                 rowsOf(b.x, r, rows),
                 rowsOf(b.gates, r, rows),
                 rowsOf(b.hprev, r, rows),
                 rowsOf(b.h, r, rows),
                 rowsOf(b.aux1, r, rows),
                 rowsOf(b.aux2, r, rows),
                 maskView(zx, n, maskCols(sites_.input())),
                 maskView(zh, n, maskCols(sites_.recurrent())),
                 maskView(zu, n, maskCols(sites_.zoneout()))};
}

RecurrentLayer::Chunk RecurrentLayer::trainChunk(long r0, long r1) {
    return chunkOf(train_, r0, r1 - r0, maskRows(sites_.input(), r0),
                   maskRows(sites_.recurrent(), r0), maskRows(sites_.zoneout(), r0));
}

void RecurrentLayer::forward(const Matrix& in, Matrix& out, const PassContext& ctx) {
    const long batch = in.rows(), t = shape_.timesteps, h = shape_.units;
    if (in.cols() != t * shape_.inputs)
        throw InputError(kind() + " layer: expected rows of " + std::to_string(t * shape_.inputs) +
                         " values (timesteps × features), got " + std::to_string(in.cols()) + ".");
    out.resize(batch, returnSequences_ ? t * h : h);
    const bool train = ctx.mode == Mode::Train;
    if (train) {
        reserveBuffers(train_, batch, false);
        for (DropoutSite* s : sites_.all()) s->lastMaskRef().resize(batch, t * s->maskShape()[1]);
    }
    parallelRows(batch, chunkRows(), [&](long r0, long r1) {
        if (train) {
            Chunk c = trainChunk(r0, r1);
            forwardChunk(in, out, ctx, c, r0);
            return;
        }
        Buffers& b = scratch_.local().infer;
        reserveBuffers(b, r1 - r0, true);
        Chunk c = chunkOf(b, 0, r1 - r0, b.zx.data(), b.zh.data(), b.zu.data());
        forwardChunk(in, out, ctx, c, r0);
    });
}

void RecurrentLayer::prepareMasks(Chunk& c, const PassContext& ctx, long r0, long r1) {
    if (DropoutSite* s = sites_.input()) fillRecurrentMask(*s, ctx, r0, r1, c.zx.data());
    if (DropoutSite* s = sites_.recurrent()) fillRecurrentMask(*s, ctx, r0, r1, c.zh.data());
    if (DropoutSite* s = sites_.zoneout()) fillRecurrentMask(*s, ctx, r0, r1, c.zu.data());
}

void RecurrentLayer::maskInput(const Matrix& in, Chunk& c, long r0) const {
    const int t = shape_.timesteps, f = shape_.inputs, groups = sites_.inputGroups();
    const long n = c.n;
    for (long s = 0; s < n; ++s)
        for (int k = 0; k < t; ++k) {
            const float* src = in.row(r0 + s).data() + long(k) * f;
            float* dst = c.x.row(k * n + s).data();
            if (c.zx.size() == 0) {
                std::copy(src, src + f, dst);
                continue;
            }
            const float* z = c.zx.row(s).data() + long(k) * groups * f;
            for (int g = 0; g < groups; ++g)
                for (int i = 0; i < f; ++i) dst[g * f + i] = src[i] * z[g * f + i];
        }
}

void RecurrentLayer::forwardChunk(const Matrix& in, Matrix& out, const PassContext& ctx, Chunk& c,
                                  long r0) {
    prepareMasks(c, ctx, r0, r0 + c.n);
    maskInput(in, c, r0);
    // The input part of every gate for all timesteps in one GEMM (per gate for untied masks).
    const int h = shape_.units, f = shape_.inputs;
    if (sites_.inputGroups() == 1) {
        c.gates.noalias() = c.x * wIh_.value.transpose();
    } else {
        for (int g = 0; g < gates_; ++g)
            c.gates.middleCols(g * h, h).noalias() =
                c.x.middleCols(g * f, f) * wIh_.value.middleRows(g * h, h).transpose();
    }
    c.gates.rowwise() += bIh_.value.row(0);
    stepsForward(c);
    writeOutput(c, out, r0);
}

void RecurrentLayer::writeOutput(const Chunk& c, Matrix& out, long r0) const {
    const int t = shape_.timesteps, h = shape_.units;
    const long n = c.n;
    if (!returnSequences_) {
        out.middleRows(r0, n) = c.h.middleRows((t - 1) * n, n);
        return;
    }
    for (long s = 0; s < n; ++s)
        for (int k = 0; k < t; ++k) out.row(r0 + s).segment(long(k) * h, h) = c.h.row(k * n + s);
}

void RecurrentLayer::maskPreviousState(Chunk& c, int t) const {
    const long n = c.n, h = shape_.units;
    auto hp = c.hprev.middleRows(t * n, n);
    if (t == 0) {
        hp.setZero();
        return;
    }
    const auto prev = c.h.middleRows((t - 1) * n, n);
    if (c.zh.size() == 0) {
        hp = prev;
        return;
    }
    const int groups = sites_.recurrentGroups();
    for (int g = 0; g < groups; ++g)
        hp.middleCols(g * h, h).array() =
            prev.array() * c.zh.middleCols((long(t) * groups + g) * h, h).array();
}

void RecurrentLayer::addRecurrentProduct(Chunk& c, int t, Eigen::Ref<Matrix> out) const {
    if (t == 0) return;  // h̃₋₁ = 0
    const long n = c.n, h = shape_.units;
    const auto hp = c.hprev.middleRows(t * n, n);
    if (sites_.recurrentGroups() == 1) {
        out.noalias() += hp * wHh_.value.transpose();
        return;
    }
    for (int g = 0; g < gates_; ++g)
        out.middleCols(g * h, h).noalias() +=
            hp.middleCols(g * h, h) * wHh_.value.middleRows(g * h, h).transpose();
}

void RecurrentLayer::addRecurrentGrad(Chunk& c, int t, const Eigen::Ref<const Matrix>& dG,
                                      Eigen::Ref<Matrix> dh) {
    const long n = c.n, h = shape_.units;
    if (c.zh.size() == 0) {
        dh.noalias() += dG * wHh_.value;
        return;
    }
    Matrix& work = scratch_.local().work;
    ensure(work, n, h);
    auto w = work.topRows(n);
    const int groups = sites_.recurrentGroups();
    for (int g = 0; g < groups; ++g) {
        if (groups == 1)
            w.noalias() = dG * wHh_.value;
        else
            w.noalias() = dG.middleCols(g * h, h) * wHh_.value.middleRows(g * h, h);
        dh.array() += w.array() * c.zh.middleCols((long(t) * groups + g) * h, h).array();
    }
}

void RecurrentLayer::applyZoneout(Chunk& c, MatMap& state, int t) const {
    if (c.zu.size() == 0) return;
    const long n = c.n, h = shape_.units;
    auto now = state.middleRows(t * n, n).array();
    const auto u = c.zu.middleCols(long(t) * h, h).array();
    if (t == 0)
        now *= u;
    else
        now = state.middleRows((t - 1) * n, n).array() +
              u * (now - state.middleRows((t - 1) * n, n).array());
}

void RecurrentLayer::splitZoneoutGrad(Chunk& c, int t, Eigen::Ref<Matrix> d,
                                      Eigen::Ref<Matrix> toNew) const {
    if (c.zu.size() == 0) {
        toNew = d;
        d.setZero();
        return;
    }
    const auto u = c.zu.middleCols(long(t) * shape_.units, shape_.units).array();
    toNew.array() = u * d.array();
    d.array() -= toNew.array();
}

void RecurrentLayer::backward(const Matrix& in, const Matrix& out, const Matrix& dOut,
                              Matrix* dIn) {
    const long batch = dOut.rows(), grain = chunkRows();
    const long chunks = (batch + grain - 1) / grain;
    for (long k = long(partialWih_.size()); k < chunks; ++k) {
        partialWih_.emplace_back(wIh_.value.rows(), wIh_.value.cols());
        partialWhh_.emplace_back(wHh_.value.rows(), wHh_.value.cols());
        partialBih_.emplace_back(1, bIh_.value.cols());
        partialBhh_.emplace_back(1, bHh_.value.cols());
    }
    if (dIn) dIn->resize(batch, long(shape_.timesteps) * shape_.inputs);
    parallelRows(batch, grain,
                 [&](long r0, long r1) { backwardChunk(dOut, dIn, r0, r1, r0 / grain); });
    // Fixed combining order: chunk 0, 1, 2, … whatever thread computed each.
    wIh_.grad = partialWih_[0];
    wHh_.grad = partialWhh_[0];
    bIh_.grad = partialBih_[0];
    bHh_.grad = partialBhh_[0];
    for (long k = 1; k < chunks; ++k) {
        wIh_.grad += partialWih_[k];
        wHh_.grad += partialWhh_[k];
        bIh_.grad += partialBih_[k];
        bHh_.grad += partialBhh_[k];
    }
}

void RecurrentLayer::gatherOutputGrad(const Matrix& dOut, MatMap& dOutTm, long r0, long n) const {
    const int t = shape_.timesteps, h = shape_.units;
    if (!returnSequences_) {
        dOutTm.topRows((t - 1) * n).setZero();
        dOutTm.middleRows((t - 1) * n, n) = dOut.middleRows(r0, n);
        return;
    }
    for (long s = 0; s < n; ++s)
        for (int k = 0; k < t; ++k)
            dOutTm.row(k * n + s) = dOut.row(r0 + s).segment(long(k) * h, h);
}

void RecurrentLayer::backwardChunk(const Matrix& dOut, Matrix* dIn, long r0, long r1, long chunk) {
    Chunk c = trainChunk(r0, r1);
    const long n = c.n, rows = n * shape_.timesteps, gh = long(gates_) * shape_.units;
    Scratch& s = scratch_.local();
    ensure(s.dOut, rows, shape_.units);
    ensure(s.dGx, rows, gh);
    const bool separate = separateRecurrentGrad();
    if (separate) ensure(s.dGh, rows, gh);
    ChunkGrads g{rowsOf(s.dOut, 0, rows), rowsOf(s.dGx, 0, rows),
                 rowsOf(separate ? s.dGh : s.dGx, 0, rows)};
    gatherOutputGrad(dOut, g.dOut, r0, n);
    stepsBackward(c, g);
    chunkWeightGrads(c, g, chunk);
    if (dIn) inputGrad(c, g.dGx, dIn, r0, s);
}

void RecurrentLayer::chunkWeightGrads(const Chunk& c, const ChunkGrads& g, long chunk) {
    const int h = shape_.units, f = shape_.inputs;
    // Σₜ dGₜᵀ·x̃ₜ and Σₜ dGₜᵀ·h̃ₜ₋₁ over all timesteps at once (per gate for untied masks).
    if (sites_.inputGroups() == 1) {
        partialWih_[chunk].noalias() = g.dGx.transpose() * c.x;
    } else {
        for (int k = 0; k < gates_; ++k)
            partialWih_[chunk].middleRows(k * h, h).noalias() =
                g.dGx.middleCols(k * h, h).transpose() * c.x.middleCols(k * f, f);
    }
    if (sites_.recurrentGroups() == 1) {
        partialWhh_[chunk].noalias() = g.dGh.transpose() * c.hprev;
    } else {
        for (int k = 0; k < gates_; ++k)
            partialWhh_[chunk].middleRows(k * h, h).noalias() =
                g.dGh.middleCols(k * h, h).transpose() * c.hprev.middleCols(k * h, h);
    }
    partialBih_[chunk] = g.dGx.colwise().sum();
    partialBhh_[chunk] = g.dGh.colwise().sum();
}

void RecurrentLayer::inputGrad(const Chunk& c, const MatMap& dGx, Matrix* dIn, long r0,
                               Scratch& s) const {
    const int t = shape_.timesteps, f = shape_.inputs, h = shape_.units;
    const int groups = sites_.inputGroups();
    const long n = c.n, rows = n * t;
    ensure(s.dX, rows, long(groups) * f);
    auto dX = s.dX.topRows(rows);
    if (groups == 1) {
        dX.noalias() = dGx * wIh_.value;
    } else {
        for (int k = 0; k < gates_; ++k)
            dX.middleCols(k * f, f).noalias() =
                dGx.middleCols(k * h, h) * wIh_.value.middleRows(k * h, h);
    }
    for (long q = 0; q < n; ++q)
        for (int k = 0; k < t; ++k) {
            float* dst = dIn->row(r0 + q).data() + long(k) * f;
            const float* src = dX.row(k * n + q).data();
            if (c.zx.size() == 0) {
                std::copy(src, src + f, dst);
                continue;
            }
            const float* z = c.zx.row(q).data() + long(k) * groups * f;
            for (int i = 0; i < f; ++i) {
                float sum = 0.0f;
                for (int g = 0; g < groups; ++g) sum += src[g * f + i] * z[g * f + i];
                dst[i] = sum;
            }
        }
}

}  // namespace dl
