#pragma once
// `dropoutlab-cli sweep`: one training run per drop rate (or rate pair) and a CSV of the
// final metrics, a thin wrapper over core/training/rate_sweep.h.
#include <cstdint>
#include <optional>
#include <string>

namespace dl::cli {

/// Options of the sweep subcommand.
struct SweepOptions {
    std::string config;
    std::string site, rates;
    std::string site2, rates2;  ///< optional second axis (both or neither)
    std::optional<int> epochs;
    std::optional<std::uint64_t> seed;
    int threads = 0;
    std::string out;  ///< empty: the CSV goes to stdout
    bool quiet = false;
};

/// Runs it; returns the process exit code. Throws InputError for bad input.
int runSweep(const SweepOptions& o);

}  // namespace dl::cli
