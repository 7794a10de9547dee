// Fuzzes the experiment file: parse, then write it back and parse that again. Bad input must
// surface as InputError; whatever parses must survive the round trip unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/input_error.h"
#include "core/config/experiment_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    dl::ExperimentConfig first;
    try {
        first = dl::parseExperiment(text, "fuzz.json");
    } catch (const dl::InputError&) {
        return 0;
    }
    const nlohmann::json written = first.toJson();
    const std::string dumped = written.dump(2);
    dl::ExperimentConfig second;
    try {
        second = dl::parseExperiment(dumped, "rewritten.json");
    } catch (const dl::InputError& e) {
        std::fprintf(stderr, "round trip: the written config does not parse: %s\n%s\n", e.what(),
                     dumped.c_str());
        std::abort();
    }
    if (second.toJson() != written) {
        std::fprintf(stderr,
                     "round trip: written and re-read configs differ\nfirst:\n%s\nsecond:\n%s\n",
                     dumped.c_str(), second.toJson().dump(2).c_str());
        std::abort();
    }
    return 0;
}
