#pragma once
// SGD with momentum and Adam (PyTorch semantics), L2 weight decay, and the
// 2014 paper's max-norm constraint.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/layers/layer.h"

namespace dl {

class JsonReader;

/// The "optimizer" section of an experiment.
struct OptimizerSpec {
    std::string kind = "adam";  ///< "sgd" or "adam"
    double lr = 0.01;
    double momentum = 0.9;                          ///< sgd only
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;  ///< adam only
    double weightDecay = 0.0;  ///< L2: adds weightDecay·w to each weight's gradient
    double maxNorm = 0.0;      ///< > 0: each unit's incoming weights projected to norm ≤ maxNorm

    static OptimizerSpec fromJson(JsonReader& r);
    nlohmann::json toJson() const;
};

/// Updates a fixed list of parameters from their gradients; keeps per-parameter state.
class Optimizer {
  public:
    Optimizer(OptimizerSpec spec, std::vector<Param*> params);
    void step();
    /// Takes lr, weight decay and max-norm from spec (the kind and its state are kept).
    void setSettings(const OptimizerSpec& spec) {
        spec_.lr = spec.lr;
        spec_.weightDecay = spec.weightDecay;
        spec_.maxNorm = spec.maxNorm;
    }
    const OptimizerSpec& spec() const { return spec_; }
    /// Rebinds to the same-shaped parameters of a cloned network (state is kept).
    void rebind(std::vector<Param*> params) { params_ = std::move(params); }

  private:
    void update(std::size_t i);
    OptimizerSpec spec_;
    std::vector<Param*> params_;
    std::vector<Matrix> first_;   ///< momentum buffer (sgd) or m (adam)
    std::vector<Matrix> second_;  ///< v (adam)
    long t_ = 0;
};

/// Projects each row of w (one unit's incoming weights) onto the ball of radius c.
void applyMaxNorm(Matrix& w, double c);

}  // namespace dl
