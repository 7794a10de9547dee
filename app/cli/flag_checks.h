#pragma once
// The checks CLI11 runs on flag values: one per kind of flag, shared by every subcommand, so
// the same flag is refused with the same sentence wherever it appears. CLI11 prefixes the
// flag's name to each sentence.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace dl::cli {

// The caps of the numeric flags. They keep a mistyped value from running for hours or filling
// memory (docs/architecture.md, "The command line").
inline constexpr std::uint64_t kMaxThreads = 1024;
inline constexpr std::uint64_t kMaxEpochs = 100'000;
inline constexpr std::uint64_t kMaxMaskSteps = 1'000;        // masks --steps: all go in MASKS.json
inline constexpr std::uint64_t kMaxCurveSamples = 1'000;     // mc-curve --max-samples
inline constexpr std::uint64_t kMaxPredictSamples = 10'000;  // predict --samples
inline constexpr std::uint64_t kMaxBenchSteps = 1'000'000;   // bench --steps, --warmup

/// --seed: a whole number from 0 to 2^64 − 1.
const CLI::Validator& seedCheck();
/// --threads: a whole number from 0 (all cores) to kMaxThreads.
const CLI::Validator& threadsCheck();
/// --epochs: a whole number from 1 to kMaxEpochs.
const CLI::Validator& epochsCheck();
/// A whole number from `lo` to `hi`. Whole numbers are plain decimal digits: no sign, point or
/// exponent, so "-1" is refused instead of wrapping to 2^64 − 1.
CLI::Validator capped(std::uint64_t lo, std::uint64_t hi);

/// One of a few words (--mode, --sharing, --split).
CLI::Validator oneOf(std::vector<std::string> words);

/// --config: a file path or preset name, not empty. "" would otherwise surface later as a
/// sentence about a file with no name.
const CLI::Validator& configCheck();
/// --run, --input, --out: a file path, not empty (as configCheck).
const CLI::Validator& pathCheck();

}  // namespace dl::cli
