#pragma once
// `dropoutlab-cli masks`: trains a few steps and writes the mask every dropout site drew.
#include <cstdint>
#include <optional>
#include <string>

namespace dl {
class Network;
}

namespace dl::cli {

/// Options of the masks subcommand.
struct MasksOptions {
    std::string config;
    int steps = 1;
    std::optional<std::uint64_t> seed;
    int threads = 0;
    std::string out;  ///< empty: stdout
};

/// Runs it; returns the process exit code. Throws InputError for bad input.
int runMasks(const MasksOptions& o);

/// Appends one step object {"step":K,"sites":[{"id","variant","rate","shape","mask"}]} for the
/// last training masks of every site of `net`: shape is [batch] + the site's maskShape(), and
/// mask the multipliers flattened row-major over it.
void appendStepMasks(std::string& json, long step, Network& net);

}  // namespace dl::cli
