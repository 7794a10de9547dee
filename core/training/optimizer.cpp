#include "core/training/optimizer.h"

#include <cmath>

#include "base/json_reader.h"
#include "core/kernels/parallel_rows.h"

namespace dl {

OptimizerSpec OptimizerSpec::fromJson(JsonReader& r) {
    OptimizerSpec s;
    s.kind = r.choice("kind", {"sgd", "adam"}, "adam");
    s.lr = r.number("lr", s.kind == "sgd" ? 0.05 : 0.01);
    if (s.lr <= 0) r.fail("lr", "expected a learning rate > 0");
    s.momentum = checkRange(r, "momentum", r.number("momentum", 0.9), 0.0, 1.0, false);
    s.beta1 = checkRange(r, "beta1", r.number("beta1", 0.9), 0.0, 1.0, false);
    s.beta2 = checkRange(r, "beta2", r.number("beta2", 0.999), 0.0, 1.0, false);
    s.eps = r.number("eps", 1e-8);
    if (s.eps <= 0) r.fail("eps", "expected a value > 0");
    s.weightDecay = r.number("weight_decay", 0.0);
    if (s.weightDecay < 0) r.fail("weight_decay", "expected a value ≥ 0");
    s.maxNorm = r.number("max_norm", 0.0);
    if (s.maxNorm < 0) r.fail("max_norm", "expected 0 (off) or a norm bound > 0");
    r.rejectUnknown();
    return s;
}

nlohmann::json OptimizerSpec::toJson() const {
    return {{"kind", kind},   {"lr", lr},   {"momentum", momentum},        {"beta1", beta1},
            {"beta2", beta2}, {"eps", eps}, {"weight_decay", weightDecay}, {"max_norm", maxNorm}};
}

Optimizer::Optimizer(OptimizerSpec spec, std::vector<Param*> params)
    : spec_(std::move(spec)), params_(std::move(params)) {
    for (Param* p : params_) {
        first_.push_back(Matrix::Zero(p->value.rows(), p->value.cols()));
        if (spec_.kind == "adam") second_.push_back(Matrix::Zero(p->value.rows(), p->value.cols()));
    }
}

void Optimizer::step() {
    ++t_;
    for (std::size_t i = 0; i < params_.size(); ++i) update(i);
}

void Optimizer::update(std::size_t i) {
    Param& p = *params_[i];
    const float lr = static_cast<float>(spec_.lr);
    const float wd = p.isWeight ? static_cast<float>(spec_.weightDecay) : 0.0f;
    const bool adam = spec_.kind == "adam";
    const float b1 = float(spec_.beta1), b2 = float(spec_.beta2), eps = float(spec_.eps);
    const float mu = float(spec_.momentum);
    const float c1 = adam ? 1.0f / (1.0f - std::pow(b1, float(t_))) : 1.0f;
    const float c2 = adam ? 1.0f / (1.0f - std::pow(b2, float(t_))) : 1.0f;
    // Element-wise work split over rows: any partition gives the same bits.
    parallelRows(p.value.rows(), grainFor(p.value.rows(), 8.0 * p.value.cols(), 2.0e5),
                 [&](long r0, long r1) {
                     auto w = p.value.middleRows(r0, r1 - r0).array();
                     auto g = p.grad.middleRows(r0, r1 - r0).array();
                     auto m = first_[i].middleRows(r0, r1 - r0).array();
                     if (wd != 0.0f) g += wd * w;
                     if (!adam) {
                         m = mu * m + g;
                         w -= lr * m;
                         return;
                     }
                     auto v = second_[i].middleRows(r0, r1 - r0).array();
                     m = b1 * m + (1.0f - b1) * g;
                     v = b2 * v + (1.0f - b2) * g.square();
                     w -= lr * (m * c1) / ((v * c2).sqrt() + eps);
                 });
    if (p.isWeight && spec_.maxNorm > 0) applyMaxNorm(p.value, spec_.maxNorm);
}

void applyMaxNorm(Matrix& w, double c) {
    for (Eigen::Index r = 0; r < w.rows(); ++r) {
        const double norm = w.row(r).cast<double>().norm();
        if (norm > c) w.row(r) *= static_cast<float>(c / norm);
    }
}

}  // namespace dl
