#pragma once
// Monte-Carlo dropout at inference: T stochastic passes with dropout left on,
// summarised as a predictive mean and spread (Gal & Ghahramani 2016).
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/network.h"

namespace dl {

/// per-input: every input point draws its own masks. function: one mask per pass
/// shared by every input, so each pass is one coherent function (the default).
enum class MaskSharing { PerInput, Function };

MaskSharing maskSharingFromName(const std::string& name);
std::string maskSharingName(MaskSharing m);

/// How to sample.
struct McOptions {
    int samples = 50;  ///< T
    MaskSharing sharing = MaskSharing::Function;
    std::uint64_t seed = 1;
    std::uint64_t call = 0;   ///< distinguishes repeated MC predictions (RNG step)
    double tauInverse = 0.0;  ///< 1/τ added to the predictive variance (regression)
    int keepPasses = 0;       ///< how many individual passes to return (function samples)
    /// Set (from any thread) to stop early: mcPasses then returns fewer than `samples` passes
    /// (possibly none; mcPredict does not check, so callers that cancel use mcPasses).
    const std::atomic<bool>* cancel = nullptr;
};

/// The summary of T passes over N inputs.
struct McResult {
    int samples = 0;
    Matrix mean;  ///< N × K: mean output (regression) or mean class probabilities
    Matrix std;   ///< N × K: std over passes (T − 1 divisor; regression includes 1/τ)
    Eigen::VectorXf entropy;         ///< classification: H[mean p] (nats)
    Eigen::VectorXf mutualInfo;      ///< classification: H[mean p] − mean H[p_t] (BALD)
    Eigen::VectorXf variationRatio;  ///< classification: 1 − (votes for the modal class)/T
    Eigen::VectorXf winnerStd;       ///< classification: std of the winning class's probability
    std::vector<Matrix> passes;      ///< the first keepPasses passes, N × K each
};

/// Runs T passes of `net` in MonteCarlo mode on x. Passes are stacked into large
/// batches (one GEMM per layer for many passes); results are deterministic for a seed.
McResult mcPredict(Network& net, const Matrix& x, const McOptions& o, bool classification);

/// The T passes themselves, T × (N × K) outputs (probabilities for classification).
std::vector<Matrix> mcPasses(Network& net, const Matrix& x, const McOptions& o,
                             bool classification);

/// Summarises passes (as returned by mcPasses) into an McResult.
McResult summarisePasses(const std::vector<Matrix>& passes, bool classification, double tauInverse,
                         int keepPasses);

}  // namespace dl
