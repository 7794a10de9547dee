#include "dropout_site.h"

namespace dl {

DropoutSite::DropoutSite(DropoutSpec spec, std::uint32_t index, std::vector<int> maskShape)
    : spec_(std::move(spec)), index_(index), maskShape_(std::move(maskShape)) {
    checkRate(spec_.rate, "dropout site \"" + spec_.id + "\"");
}

void DropoutSite::setRate(double rate) {
    checkRate(rate, "dropout site \"" + spec_.id + "\"");
    spec_.rate = rate;
}

}  // namespace dl
