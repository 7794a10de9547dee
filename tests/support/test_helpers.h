#pragma once
// Small shared pieces for the test suites: tiny configs and data sets built in code.
#include <nlohmann/json.hpp>

#include "core/config/experiment_config.h"
#include "datasets/dataset.h"

namespace dl::test {

/// A minimal valid experiment JSON (spiral, one hidden layer with dropout) to mutate in tests.
inline nlohmann::json minimalConfigJson() {
    return nlohmann::json::parse(R"({
      "name": "t", "seed": 7,
      "dataset": {"kind": "spiral", "samples": 200},
      "network": {"layers": [{"type": "dense", "units": 16, "activation": "relu",
                              "dropout": {"rate": 0.5}}]},
      "training": {"epochs": 2, "batch_size": 16}
    })");
}

/// A dataset of `n` random rows with `d` features and `classes` classes (0 = regression).
inline Dataset randomDataset(int n, int d, int classes, unsigned seed) {
    Dataset ds;
    std::srand(seed);
    ds.x = Matrix::Random(n, d);
    ds.sampleShape = {d};
    ds.numClasses = classes;
    if (classes > 0) {
        ds.y.resize(n, 1);
        for (int i = 0; i < n; ++i) ds.y(i, 0) = float(std::rand() % classes);
    } else {
        ds.y = Matrix::Random(n, 2);
    }
    return ds;
}

}  // namespace dl::test
