#pragma once
// The built-in presets (resources/presets/*.json), embedded at build time.
#include <string>
#include <vector>

namespace dl {

/// One built-in preset: its name (the file name) and JSON text.
struct EmbeddedPreset {
    std::string name;
    std::string json;
};

/// Every built-in preset, sorted by name.
const std::vector<EmbeddedPreset>& embeddedPresets();

}  // namespace dl
