#pragma once
// `dropoutlab-cli bench`: the five workloads of docs/benchmarks.md, one line each in the format
// the PyTorch peer (bench/peers/torch_peer.py) prints too, so the figures sit beside theirs.
#include <optional>
#include <string>

namespace dl::cli {

/// Options of the bench subcommand (the peers' options, same meaning).
struct BenchOptions {
    std::string only;           ///< "W1,W3" or "1,3"; empty: all five
    int threads = 2;            ///< the peers' default
    std::optional<long> steps;  ///< timed steps (W5: MC predictions) of every selected workload
    std::optional<long> warmup;
    bool sanity = false;     ///< untimed: losses must fall and outputs stay finite (exit 1 if not)
    bool dataCheck = false;  ///< print the data checksums of docs/benchmarks.md and stop
};

/// Runs it; returns the process exit code (1 when an output is not finite or sanity fails).
/// Throws InputError for bad options.
int runBench(const BenchOptions& o);

}  // namespace dl::cli
