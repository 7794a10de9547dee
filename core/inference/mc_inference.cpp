#include "core/inference/mc_inference.h"

#include <algorithm>
#include <cmath>

#include "base/input_error.h"
#include "core/training/loss.h"

namespace dl {
namespace {

// Passes are stacked until the widest layer holds this many values (8 MB of floats, as
// Trainer::predict's blocks): 16 passes of 1000 points for a 128-unit MLP, one at a time for a
// conv net. Larger stacks add no GEMM efficiency but stream every layer through memory (and
// page-fault fresh buffers): at 64 MB per layer W5's MC prediction ran ~1.5× slower.
constexpr long kMaxStackedValues = 1L << 21;

double entropyOf(const float* p, long k) {
    double h = 0.0;
    for (long c = 0; c < k; ++c)
        if (p[c] > 0.0f) h -= double(p[c]) * std::log(double(p[c]));
    return h;
}

}  // namespace

MaskSharing maskSharingFromName(const std::string& name) {
    if (name == "function") return MaskSharing::Function;
    if (name == "per-input") return MaskSharing::PerInput;
    throw InputError("unknown mask sharing \"" + name + "\"; expected function or per-input.");
}

std::string maskSharingName(MaskSharing m) {
    return m == MaskSharing::Function ? "function" : "per-input";
}

std::vector<Matrix> mcPasses(Network& net, const Matrix& x, const McOptions& o,
                             bool classification) {
    if (o.samples < 1) throw InputError("MC dropout needs at least one sample (T ≥ 1).");
    const long n = x.rows();
    std::vector<Matrix> passes;
    passes.reserve(o.samples);
    const long maxRows = kMaxStackedValues / net.widestValues();
    const long perBatch = std::max(1L, std::min<long>(o.samples, maxRows / std::max(1L, n)));
    std::vector<Matrix> scratch;
    Matrix stacked;
    for (long t0 = 0; t0 < o.samples; t0 += perBatch) {
        if (o.cancel && o.cancel->load()) break;
        const long t1 = std::min<long>(o.samples, t0 + perBatch);
        stacked.resize((t1 - t0) * n, x.cols());
        for (long t = t0; t < t1; ++t) stacked.middleRows((t - t0) * n, n) = x;
        PassContext ctx{Mode::MonteCarlo,
                        o.seed,
                        o.call,
                        static_cast<std::uint32_t>(t0 * n),
                        false,
                        o.sharing == MaskSharing::Function ? std::uint32_t(n) : 1u};
        const Matrix& out = net.infer(stacked, ctx, scratch);
        for (long t = t0; t < t1; ++t) {
            Matrix p = out.middleRows((t - t0) * n, n);
            passes.push_back(classification ? softmax(p) : std::move(p));
        }
    }
    return passes;
}

McResult summarisePasses(const std::vector<Matrix>& passes, bool classification, double tauInverse,
                         int keepPasses) {
    McResult r;
    const int T = int(passes.size());
    r.samples = T;
    const long n = passes[0].rows(), k = passes[0].cols();
    Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(n, k), sumSq = Eigen::MatrixXd::Zero(n, k);
    for (const Matrix& p : passes) {
        Eigen::MatrixXd d = p.cast<double>();
        sum += d;
        sumSq += d.cwiseProduct(d);
    }
    Eigen::MatrixXd mean = sum / T;
    Eigen::MatrixXd var = T > 1 ? Eigen::MatrixXd((sumSq - sum.cwiseProduct(mean)) / (T - 1))
                                : Eigen::MatrixXd::Zero(n, k);
    var = var.cwiseMax(0.0);
    if (!classification) var.array() += tauInverse;
    r.mean = mean.cast<float>();
    r.std = var.cwiseSqrt().cast<float>();
    for (int i = 0; i < std::min(keepPasses, T); ++i) r.passes.push_back(passes[i]);
    if (!classification) return r;
    r.entropy.resize(n);
    r.mutualInfo.resize(n);
    r.variationRatio.resize(n);
    r.winnerStd.resize(n);
    for (long i = 0; i < n; ++i) {
        const double h = entropyOf(r.mean.row(i).data(), k);
        double expectedH = 0.0;
        Eigen::Index winner;
        r.mean.row(i).maxCoeff(&winner);
        std::vector<int> votes(k, 0);
        for (const Matrix& p : passes) {
            expectedH += entropyOf(p.row(i).data(), k);
            Eigen::Index arg;
            p.row(i).maxCoeff(&arg);
            ++votes[arg];
        }
        expectedH /= T;
        r.entropy(i) = float(h);
        r.mutualInfo(i) = float(std::max(0.0, h - expectedH));
        r.variationRatio(i) =
            float(1.0 - double(*std::max_element(votes.begin(), votes.end())) / T);
        r.winnerStd(i) = r.std(i, winner);
    }
    return r;
}

McResult mcPredict(Network& net, const Matrix& x, const McOptions& o, bool classification) {
    return summarisePasses(mcPasses(net, x, o, classification), classification, o.tauInverse,
                           o.keepPasses);
}

}  // namespace dl
