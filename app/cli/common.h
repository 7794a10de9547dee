#pragma once
// Small pieces every CLI subcommand shares.
#include <memory>
#include <string>

#include <tbb/global_control.h>

namespace dl::cli {

/// Limits TBB to `threads` workers for the lifetime of the returned object (0: all cores).
std::unique_ptr<tbb::global_control> limitThreads(int threads);

/// Prints "dropoutlab-cli: <message>" to stderr.
void printError(const std::string& message);

}  // namespace dl::cli
