#pragma once
// Sizes of a 2-D sliding window (convolution or pooling) over one C×H×W sample.
#include <vector>

namespace dl {

/// Input size, window, step and zero padding of a 2-D sliding window; outputs follow from them.
struct ConvGeometry {
    int channels = 1, height = 1, width = 1;  ///< input C, H, W
    int kernel = 1;                           ///< the window is kernel × kernel
    int stride = 1;
    int padding = 0;  ///< zeros added on each side of H and W

    int outHeight() const { return (height + 2 * padding - kernel) / stride + 1; }
    int outWidth() const { return (width + 2 * padding - kernel) / stride + 1; }
    int outPositions() const { return outHeight() * outWidth(); }
    int inPositions() const { return height * width; }
    int inSize() const { return channels * height * width; }
    /// Rows of the im2col patch matrix: one per (channel, ky, kx).
    int patchSize() const { return channels * kernel * kernel; }
    /// True when the window fits the padded input at least once.
    bool fits() const {
        return kernel >= 1 && stride >= 1 && padding >= 0 && height + 2 * padding >= kernel &&
               width + 2 * padding >= kernel;
    }
};

/// The geometry of a window over a {C, H, W} sample shape.
inline ConvGeometry geometryFor(const std::vector<int>& chw, int kernel, int stride, int padding) {
    return {chw.at(0), chw.at(1), chw.at(2), kernel, stride, padding};
}

}  // namespace dl
