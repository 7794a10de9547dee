#include "core/model/initializer.h"

#include <cmath>

#include "base/counter_rng.h"
#include "base/input_error.h"

namespace dl {

InitScheme initFromName(const std::string& name) {
    if (name == "he") return InitScheme::He;
    if (name == "xavier") return InitScheme::Xavier;
    if (name == "uniform") return InitScheme::Uniform;
    throw InputError("unknown init \"" + name + "\"; expected he, xavier or uniform.");
}

std::string initName(InitScheme s) {
    switch (s) {
        case InitScheme::He:
            return "he";
        case InitScheme::Xavier:
            return "xavier";
        case InitScheme::Uniform:
            return "uniform";
    }
    return "he";
}

void initializeDense(InitScheme s, Matrix& w, Matrix& b, int fanIn, int fanOut, std::uint64_t seed,
                     std::uint32_t layerIndex) {
    CounterRng rng(seed, Purpose::Init, layerIndex, 0);
    CounterRng biasRng(seed, Purpose::Init, layerIndex, 1);
    b.setZero();
    for (Eigen::Index r = 0; r < w.rows(); ++r) {
        for (Eigen::Index c = 0; c < w.cols(); ++c) {
            auto i = static_cast<std::uint32_t>(r), j = static_cast<std::uint32_t>(c);
            double v = 0.0;
            switch (s) {
                case InitScheme::He:
                    v = rng.normal(i, j) * std::sqrt(2.0 / fanIn);
                    break;
                case InitScheme::Xavier:
                    v = (2.0 * rng.uniformDouble(i, j) - 1.0) * std::sqrt(6.0 / (fanIn + fanOut));
                    break;
                case InitScheme::Uniform:
                    v = (2.0 * rng.uniformDouble(i, j) - 1.0) / std::sqrt(double(fanIn));
                    break;
            }
            w(r, c) = static_cast<float>(v);
        }
    }
    if (s == InitScheme::Uniform)
        for (Eigen::Index c = 0; c < b.cols(); ++c)
            b(0, c) = static_cast<float>((2.0 * biasRng.uniformDouble(0, c) - 1.0) /
                                         std::sqrt(double(fanIn)));
}

}  // namespace dl
