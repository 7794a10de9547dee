#pragma once
// What LSTM and GRU layers share: sequence input [T, F] per row (timestep-major), the input
// GEMM for all timesteps at once, recurrent dropout masks, chunked parallel execution, caches
// for backpropagation through time and the fixed-order reduction of weight gradients.
#include <Eigen/Core>

#include "core/dropout/recurrent_masks.h"
#include "core/kernels/thread_scratch.h"
#include "core/layers/layer.h"
#include "core/model/initializer.h"
#include "core/model/recurrent_options.h"

namespace dl {

/// Sizes of a recurrent layer: sequences of `timesteps` steps of `inputs` features each, and
/// `units` hidden units (H).
struct RecurrentShape {
    int timesteps = 1;
    int inputs = 1;
    int units = 1;
};

/// Base of LstmLayer and GruLayer. Parameters follow PyTorch: W_ih [G·H, F], W_hh [G·H, H],
/// b_ih and b_hh [1, G·H], gate g in rows g·H…(g+1)·H. Output: hₜ for every t ([T·H] per row,
/// return_sequences) or the last state h_{T−1} ([H]).
class RecurrentLayer : public Layer {
  public:
    RecurrentLayer(RecurrentShape shape, int gates, const RecurrentOptions& options,
                   std::uint32_t firstSiteIndex);

    /// uniform (PyTorch's default): every weight and bias U(±1/√H); xavier: U(±√(6/(fan_in+H)))
    /// per gate block; he: N(0, 2/fan_in); biases 0 for xavier and he.
    void initialize(InitScheme scheme, std::uint64_t seed, std::uint32_t layerIndex);

    std::vector<int> outputShape() const override;
    void forward(const Matrix& in, Matrix& out, const PassContext& ctx) override;
    void backward(const Matrix& in, const Matrix& out, const Matrix& dOut, Matrix* dIn) override;
    std::vector<Param*> params() override { return {&wIh_, &wHh_, &bIh_, &bHh_}; }
    std::vector<DropoutSite*> sites() override { return sites_.all(); }

    const RecurrentShape& shape() const { return shape_; }
    bool returnSequences() const { return returnSequences_; }
    int gates() const { return gates_; }
    RecurrentSites& recurrentSites() { return sites_; }
    Param& weightIh() { return wIh_; }
    Param& weightHh() { return wHh_; }
    Param& biasIh() { return bIh_; }
    Param& biasHh() { return bHh_; }

  protected:
    using MatMap = Eigen::Map<Matrix>;

    /// One chunk of n sequences. Sequence buffers are time-major: row t·n + s holds timestep t
    /// of sequence s. Masks have one row per sequence, [T, width] flattened.
    struct Chunk {
        long n;
        MatMap x;      ///< masked input x̃ₜ, [T·n, groups·F]
        MatMap gates;  ///< activated gates, [T·n, G·H] (on entry: x̃ₜ·W_ihᵀ + b_ih)
        MatMap hprev;  ///< masked state h̃ₜ₋₁ that fed the gates, [T·n, groups·H] (0 at t = 0)
        MatMap h;      ///< state hₜ, [T·n, H]
        MatMap aux1;  ///< cell-specific cache, [T·n, H]
        MatMap aux2;  ///< cell-specific cache, [T·n, H]
        MatMap zx;    ///< input mask, [n, T·groups·F] (empty without an input site)
        MatMap zh;    ///< recurrent mask, [n, T·groups·H] (empty without a recurrent site)
        MatMap zu;    ///< zoneout update mask (1 update, 0 hold), [n, T·H] (empty without)
    };

    /// Gradient buffers of one chunk, time-major like Chunk (not kept between calls).
    struct ChunkGrads {
        MatMap dOut;  ///< dL/dhₜ from the layer's output, [T·n, H] (zero where none)
        MatMap dGx;   ///< dL/d(input pre-activations), [T·n, G·H]
        MatMap dGh;   ///< dL/d(recurrent pre-activations), [T·n, G·H]; may alias dGx
    };

    /// Runs the cell over timesteps 0…T−1: turns c.gates into activated gates and fills
    /// hprev, h, aux1, aux2.
    virtual void stepsForward(Chunk& c) = 0;
    /// Backpropagation through time from T−1 down to 0: fills g.dGx and g.dGh from g.dOut.
    virtual void stepsBackward(Chunk& c, ChunkGrads& g) = 0;
    /// True when the input and recurrent pre-activation gradients differ (GRU's n gate).
    virtual bool separateRecurrentGrad() const = 0;

    /// h̃ₜ₋₁ = hₜ₋₁ ⊙ z_h (per gate group) into c.hprev's block t; zeros at t = 0.
    void maskPreviousState(Chunk& c, int t) const;
    /// out += h̃ₜ₋₁ · W_hhᵀ (nothing at t = 0), gate group by gate group for untied masks.
    void addRecurrentProduct(Chunk& c, int t, Eigen::Ref<Matrix> out) const;
    /// dh += (dG · W_hh) ⊙ z_h at timestep t > 0, summed over gate groups: the gradient that
    /// flows from the gates back into hₜ₋₁.
    void addRecurrentGrad(Chunk& c, int t, const Eigen::Ref<const Matrix>& dG,
                          Eigen::Ref<Matrix> dh);
    /// Zoneout on a time-major state buffer at timestep t: sₜ ← sₜ₋₁ + u ⊙ (sₜ − sₜ₋₁), with
    /// sₜ₋₁ = 0 at t = 0. Does nothing without a zoneout site.
    void applyZoneout(Chunk& c, MatMap& state, int t) const;
    /// Splits a gradient through zoneout at timestep t: returns u ⊙ d in `toNew` (to the
    /// freshly computed value) and leaves (1 − u) ⊙ d in d (to the held previous value).
    void splitZoneoutGrad(Chunk& c, int t, Eigen::Ref<Matrix> d, Eigen::Ref<Matrix> toNew) const;

    RecurrentShape shape_;
    int gates_;
    bool returnSequences_;
    RecurrentSites sites_;
    Param wIh_, wHh_, bIh_, bHh_;

  private:
    /// Buffers of Chunk for a number of rows (train: the batch; inference: one chunk).
    struct Buffers {
        Matrix x, gates, hprev, h, aux1, aux2, zx, zh, zu;
    };
    /// Per-thread scratch: inference buffers, gradient buffers, and dX̃.
    struct Scratch {
        Buffers infer;
        Matrix dOut, dGx, dGh, dX, work;
    };
    long chunkRows() const;
    void reserveBuffers(Buffers& b, long sequences, bool masksToo) const;
    Chunk chunkOf(Buffers& b, long row0, long n, float* zx, float* zh, float* zu);
    Chunk trainChunk(long r0, long r1);
    void prepareMasks(Chunk& c, const PassContext& ctx, long r0, long r1);
    void forwardChunk(const Matrix& in, Matrix& out, const PassContext& ctx, Chunk& c, long r0);
    void backwardChunk(const Matrix& dOut, Matrix* dIn, long r0, long r1, long chunk);
    void maskInput(const Matrix& in, Chunk& c, long r0) const;
    void writeOutput(const Chunk& c, Matrix& out, long r0) const;
    void gatherOutputGrad(const Matrix& dOut, MatMap& dOutTm, long r0, long n) const;
    void chunkWeightGrads(const Chunk& c, const ChunkGrads& g, long chunk);
    void inputGrad(const Chunk& c, const MatMap& dGx, Matrix* dIn, long r0, Scratch& s) const;

    Buffers train_;  ///< caches of the last Train pass, [T·batch, …] in chunk blocks
    std::vector<Matrix> partialWih_, partialWhh_, partialBih_, partialBhh_;
    ThreadScratch<Scratch> scratch_;
};

}  // namespace dl
