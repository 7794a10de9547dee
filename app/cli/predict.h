#pragma once
// `dropoutlab-cli predict` and `mc-curve`: predictions from a RUN.json.
#include <cstdint>
#include <optional>
#include <string>

namespace dl::cli {

/// Options of the predict subcommand.
struct PredictOptions {
    std::string run;
    std::string input;
    std::string mode;  ///< empty: the run's inference.mode
    std::optional<int> samples;
    std::string sharing;
    std::optional<std::uint64_t> seed;
    int threads = 0;
    std::string out;
};

/// Options of the mc-curve subcommand (the 2014 paper's Figure 11).
struct McCurveOptions {
    std::string run;
    int maxSamples = 50;
    std::string split = "test";
    int threads = 0;
    std::string out;
};

int runPredict(const PredictOptions& o);
int runMcCurve(const McCurveOptions& o);

}  // namespace dl::cli
