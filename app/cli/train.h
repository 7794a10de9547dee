#pragma once
// `dropoutlab-cli train`: runs an experiment headless and writes RUN.json.
#include <cstdint>
#include <optional>
#include <string>

namespace dl::cli {

/// Options of the train subcommand.
struct TrainOptions {
    std::string config;
    std::optional<int> epochs;
    std::optional<std::uint64_t> seed;
    int threads = 0;
    std::string out;
    bool quiet = false;
};

/// Runs it; returns the process exit code. Throws InputError for bad input.
int runTrain(const TrainOptions& o);

}  // namespace dl::cli
