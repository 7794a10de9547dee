#include "app/cli/common.h"

#include <iostream>
#include <thread>

namespace dl::cli {

std::unique_ptr<tbb::global_control> limitThreads(int threads) {
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                 static_cast<std::size_t>(threads));
}

void printError(const std::string& message) {
    std::cerr << "dropoutlab-cli: " << message << "\n";
}

}  // namespace dl::cli
