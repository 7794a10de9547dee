#pragma once
// The validation-driven controller: every K epochs it compares the mean losses of
// the last K epochs with the K before. Validation worse while training better
// (overfitting) raises the rate by `up`; both stalled (underfitting) lowers it by `down`.
#include <string>
#include <vector>

#include "core/dropout/rate_schedule.h"

namespace dl {

/// One decision of the controller, logged in RUN.json's "adaptations".
struct RateAdaptation {
    int epoch = 0;
    std::string site;
    double from = 0, to = 0;
    std::string reason;  ///< "overfitting", "underfitting"
};

/// Decides the next rate from per-epoch train and validation losses (oldest first).
/// Returns `current` unchanged (reason empty) when it is not a decision epoch or nothing fits.
RateAdaptation decideRate(const RateSchedule& s, const std::vector<double>& trainLoss,
                          const std::vector<double>& valLoss, double current);

}  // namespace dl
