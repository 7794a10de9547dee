#include "core/model/model_description.h"

namespace dl {

std::vector<int> ModelDescription::indicesOf(LayerKind kind) const {
    std::vector<int> out;
    for (const LayerDescription& l : layers)
        if (l.kind == kind) out.push_back(l.index);
    return out;
}

}  // namespace dl
