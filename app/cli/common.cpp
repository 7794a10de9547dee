#include "app/cli/common.h"

#include <iostream>
#include <thread>

#include "base/atomic_file.h"
#include "base/text_preview.h"

namespace dl::cli {

std::unique_ptr<tbb::global_control> limitThreads(int threads) {
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                 static_cast<std::size_t>(threads));
}

void checkOutArgument(const std::string& out) {
    if (!out.empty()) checkWritableTarget(out);
}

ExperimentConfig loadWithOverrides(const std::string& name, std::optional<int> epochs,
                                   std::optional<std::uint64_t> seed) {
    ExperimentConfig config = loadExperiment(name);
    if (epochs) config.training.epochs = *epochs;
    if (seed) config.seed = *seed;
    return config;
}

std::string errorLine(const std::string& message) {
    return "dropoutlab-cli: " + escapeText(message, kMaxErrorChars);
}

void printError(const std::string& message) {
    std::cerr << errorLine(message) << "\n";
}

}  // namespace dl::cli
