#include "ui/canvas/mask_raster.h"

namespace dl {

MaskRaster::MaskRaster(const SiteMaskView& site, int sequence)
    : id_(site.id), variant_(site.variant), rate_(site.rate), sequence_(sequence) {
    if (!isSequenceSite(site) || sequence < 0 || sequence >= site.mask.rows()) return;
    timesteps_ = site.shape[0];
    units_ = site.shape[1];
    if (site.mask.cols() != Eigen::Index(timesteps_) * units_) return;
    const float* row = site.mask.row(sequence).data();
    values_.assign(row, row + site.mask.cols());
}

double MaskRaster::zeroFraction() const {
    if (values_.empty()) return 0.0;
    long zeros = 0;
    for (float v : values_) zeros += v == 0.0f;
    return double(zeros) / double(values_.size());
}

bool MaskRaster::constantOverTime() const {
    for (int t = 1; t < timesteps_; ++t)
        for (int u = 0; u < units_; ++u)
            if (multiplier(t, u) != multiplier(0, u)) return false;
    return true;
}

bool isSequenceSite(const SiteMaskView& site) {
    return site.shape.size() == 2 && site.shape[0] > 0 && site.shape[1] > 0;
}

std::vector<MaskRaster> sequenceRasters(const TrainingSnapshot& s, int sequence) {
    std::vector<MaskRaster> out;
    for (const auto& site : s.masks)
        if (isSequenceSite(site)) out.emplace_back(site, sequence);
    return out;
}

}  // namespace dl
