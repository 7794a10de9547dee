#pragma once
// The five benchmark workloads of docs/benchmarks.md as Dropout Lab experiments:
// each is an experiment JSON run through the same Trainer, layers and MC inference as the app.
#include <string>
#include <vector>

namespace dl::cli {

/// One workload: its number and name as the peers print them, its experiment, and the default
/// warm-up and timed counts (steps; W5: MC predictions).
struct Workload {
    int id = 0;
    const char* name = "";
    const char* config = "";
    int warmup = 0;
    int steps = 0;
    int sanitySteps = 0;  ///< untimed steps of --sanity (the peers' counts)
};

/// W1 … W5 in order.
const std::vector<Workload>& workloads();

/// The workloads named in `only` ("W1,W3", "1,3"; empty: all), in W order. Throws InputError
/// naming the bad entry.
std::vector<Workload> selectWorkloads(const std::string& only);

/// What one run measured.
struct WorkloadRun {
    long steps = 0;
    double secs = 0.0;           ///< timed seconds
    double last = 0.0;           ///< last batch loss (W5: grid-average std of the last prediction)
    bool finite = true;          ///< every loss (W5: every mean and std) finite
    bool stdPositive = true;     ///< W5: every std of the last prediction > 0
    std::vector<double> losses;  ///< every timed value, when asked for
};

/// Builds the workload's experiment outside the clock, runs `warmup` untimed steps, then times
/// `steps` consecutive ones. keepLosses records every timed step's loss.
WorkloadRun runWorkload(const Workload& w, long warmup, long steps, bool keepLosses);

/// Floating-point operations of one W2 training step (forward and backward GEMMs), for its
/// fraction of GEMM throughput.
double w2FlopsPerStep();

}  // namespace dl::cli
