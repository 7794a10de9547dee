#pragma once
// Small pieces every CLI subcommand shares.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <tbb/global_control.h>

#include "core/config/experiment_config.h"

namespace dl::cli {

/// Limits TBB to `threads` workers for the lifetime of the returned object (0: all cores).
std::unique_ptr<tbb::global_control> limitThreads(int threads);

/// Refuses, before any work, a --out that the final write would refuse (a missing folder, a
/// folder, a FIFO, …: base/atomic_file.h, checkWritableTarget), so a long run does not end in
/// that error. Nothing to check when `out` is empty (the output goes to stdout).
void checkOutArgument(const std::string& out);

/// The experiment `name` (a file or preset) with the command line's --epochs and --seed, when
/// given, in place of its own (the flags' validators have checked their ranges).
ExperimentConfig loadWithOverrides(const std::string& name, std::optional<int> epochs,
                                   std::optional<std::uint64_t> seed);

/// The longest error message printed, in characters; longer ones end in "…".
inline constexpr std::size_t kMaxErrorChars = 400;

/// "dropoutlab-cli: <message>" as printed: control characters (ANSI escapes, NUL, newlines)
/// and invalid UTF-8 escaped as \xNN or \n, cut to kMaxErrorChars, so it stays one line.
std::string errorLine(const std::string& message);

/// Prints errorLine(message) and a newline to stderr.
void printError(const std::string& message);

}  // namespace dl::cli
