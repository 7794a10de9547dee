#include "core/dropout/rate_adaptation.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dl {
namespace {

double meanOf(const std::vector<double>& v, std::size_t from, std::size_t to) {
    return std::accumulate(v.begin() + from, v.begin() + to, 0.0) / double(to - from);
}

}  // namespace

RateAdaptation decideRate(const RateSchedule& s, const std::vector<double>& trainLoss,
                          const std::vector<double>& valLoss, double current) {
    RateAdaptation a;
    a.epoch = int(trainLoss.size());
    a.from = a.to = current;
    const std::size_t k = std::size_t(s.adaptEvery), n = trainLoss.size();
    if (n < 2 * k || n % k != 0 || valLoss.size() != n) return a;
    const double trainBefore = meanOf(trainLoss, n - 2 * k, n - k),
                 trainNow = meanOf(trainLoss, n - k, n);
    const double valBefore = meanOf(valLoss, n - 2 * k, n - k), valNow = meanOf(valLoss, n - k, n);
    const double tol = s.tolerance;
    const bool trainBetter = trainNow < trainBefore * (1.0 - tol);
    const bool valWorse = valNow > valBefore * (1.0 + tol);
    const bool trainStalled = std::abs(trainNow - trainBefore) <= tol * trainBefore;
    const bool valStalled = std::abs(valNow - valBefore) <= tol * valBefore;
    if (trainBetter && valWorse) {
        // Never moves against the decision, even from a rate set outside [min, max].
        a.to = std::max(current, std::min(s.maxRate, current + s.up));
        a.reason = "overfitting";
    } else if (trainStalled && valStalled) {
        a.to = std::min(current, std::max(s.minRate, current - s.down));
        a.reason = "underfitting";
    }
    if (a.to == a.from) a.reason.clear();
    return a;
}

}  // namespace dl
