#include "core/dropout/dropout_site.h"

namespace dl {

DropoutSite::DropoutSite(DropoutSpec spec, std::uint32_t index, std::vector<int> maskShape)
    : spec_(std::move(spec)), index_(index), maskShape_(std::move(maskShape)) {
    checkRate(spec_.rate, "dropout site \"" + spec_.id + "\"");
}

void DropoutSite::setRate(double rate) {
    checkRate(rate, "dropout site \"" + spec_.id + "\"");
    spec_.rate = rate;
}

const Matrix& DropoutSite::lastMask() const {
    if (expanded_) return lastMask_;
    lastMask_.resize(compact_.rows(), compact_.cols() * spread_);
    for (Eigen::Index r = 0; r < compact_.rows(); ++r)
        for (Eigen::Index u = 0; u < compact_.cols(); ++u)
            lastMask_.row(r).segment(u * spread_, spread_).setConstant(compact_(r, u));
    expanded_ = true;
    return lastMask_;
}

Matrix& DropoutSite::lastMaskRef() {
    spread_ = 0;
    expanded_ = true;
    return lastMask_;
}

Matrix& DropoutSite::compactMaskRef(int spread) {
    spread_ = spread;
    expanded_ = false;
    return compact_;
}

}  // namespace dl
