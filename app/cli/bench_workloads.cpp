#include "app/cli/bench_workloads.h"

#include <chrono>
#include <cmath>

#include "base/input_error.h"
#include "base/text_preview.h"
#include "core/config/experiment_config.h"
#include "core/inference/mc_inference.h"
#include "core/training/trainer.h"
#include "datasets/data_split.h"
#include "datasets/dataset_factory.h"

namespace dl::cli {
namespace {

using Clock = std::chrono::steady_clock;

// The experiments, written as a user would write them (docs/config.md). Weights use PyTorch's
// default initialisation ("uniform"), as the peers do; the seed is the workload number.
constexpr const char* kW1 = R"({
  "name": "W1 toy-mlp", "seed": 1,
  "dataset": {"kind": "w1-spiral"},
  "network": {
    "layers": [
      {"type": "dense", "units": 64, "activation": "relu", "init": "uniform",
       "dropout": {"id": "fc1", "variant": "element", "rate": 0.5}},
      {"type": "dense", "units": 64, "activation": "relu", "init": "uniform",
       "dropout": {"id": "fc2", "variant": "element", "rate": 0.5}}
    ],
    "output": {"init": "uniform"}
  },
  "loss": "cross_entropy",
  "optimizer": {"kind": "sgd", "lr": 0.05, "momentum": 0.9},
  "training": {"batch_size": 32}
})";

constexpr const char* kW2 = R"({
  "name": "W2 mnist-mlp", "seed": 2,
  "dataset": {"kind": "w2-pixels"},
  "network": {
    "input_dropout": {"id": "input", "variant": "element", "rate": 0.2},
    "layers": [
      {"type": "dense", "units": 1024, "activation": "relu", "init": "uniform",
       "dropout": {"id": "fc1", "variant": "element", "rate": 0.5}},
      {"type": "dense", "units": 1024, "activation": "relu", "init": "uniform",
       "dropout": {"id": "fc2", "variant": "element", "rate": 0.5}}
    ],
    "output": {"init": "uniform"}
  },
  "loss": "cross_entropy",
  "optimizer": {"kind": "sgd", "lr": 0.01, "momentum": 0.9},
  "training": {"batch_size": 128}
})";

constexpr const char* kW3 = R"({
  "name": "W3 cnn-spatial", "seed": 3,
  "dataset": {"kind": "w2-pixels"},
  "network": {
    "layers": [
      {"type": "conv2d", "filters": 16, "kernel": 3, "padding": 1, "activation": "relu",
       "init": "uniform", "dropout": {"id": "conv1", "variant": "channel", "rate": 0.2}},
      {"type": "maxpool2d", "size": 2},
      {"type": "conv2d", "filters": 32, "kernel": 3, "padding": 1, "activation": "relu",
       "init": "uniform", "dropout": {"id": "conv2", "variant": "channel", "rate": 0.2}},
      {"type": "maxpool2d", "size": 2},
      {"type": "dense", "units": 128, "activation": "relu", "init": "uniform",
       "dropout": {"id": "fc1", "variant": "element", "rate": 0.5}}
    ],
    "output": {"init": "uniform"}
  },
  "loss": "cross_entropy",
  "optimizer": {"kind": "sgd", "lr": 0.01, "momentum": 0.9},
  "training": {"batch_size": 64}
})";

constexpr const char* kW4 = R"({
  "name": "W4 lstm-variational", "seed": 4,
  "dataset": {"kind": "w4-sines"},
  "network": {
    "layers": [
      {"type": "lstm", "units": 64, "init": "uniform",
       "input_dropout": {"id": "lstm-input", "variant": "variational", "rate": 0.25},
       "recurrent_dropout": {"id": "lstm-recurrent", "variant": "variational", "rate": 0.25}}
    ],
    "output": {"init": "uniform"}
  },
  "loss": "mse",
  "optimizer": {"kind": "adam", "lr": 0.001},
  "training": {"batch_size": 32}
})";

constexpr const char* kW5 = R"({
  "name": "W5 mc-predict", "seed": 5,
  "dataset": {"kind": "w5-grid"},
  "network": {
    "layers": [
      {"type": "dense", "units": 128, "activation": "relu", "init": "uniform",
       "dropout": {"id": "fc1", "variant": "element", "rate": 0.1}},
      {"type": "dense", "units": 128, "activation": "relu", "init": "uniform",
       "dropout": {"id": "fc2", "variant": "element", "rate": 0.1}}
    ],
    "output": {"init": "uniform"}
  },
  "loss": "mse",
  "inference": {"mode": "mc", "samples": 100, "sharing": "per-input"}
})";

// A trainer over the whole data set in row order: the workloads take fixed batches themselves
// (no shuffling, no split), so validation and test get one row just to satisfy the Trainer.
std::unique_ptr<Trainer> trainerFor(const Workload& w, ExperimentConfig& config) {
    config = parseExperiment(w.config, std::string("workload W") + std::to_string(w.id));
    Dataset data = makeDataset(config.dataset, config.seed);
    Dataset one = selectRows(data, {0});
    return std::make_unique<Trainer>(config, DataSplit{std::move(data), one, one});
}

double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Step s trains on rows [k·B, k·B + B), k = s mod ⌊N/B⌋ (docs/benchmarks.md's batch order).
WorkloadRun runTraining(const Workload& w, long warmup, long steps, bool keepLosses) {
    ExperimentConfig config;
    auto trainer = trainerFor(w, config);
    const Dataset& d = trainer->data().train;
    const long batch = config.training.batchSize, batches = d.size() / batch;
    auto step = [&](long s) {
        const long r0 = (s % batches) * batch;
        return trainer->trainBatch(d.x.middleRows(r0, batch), d.y.middleRows(r0, batch));
    };
    WorkloadRun run;
    try {
        for (long s = 0; s < warmup; ++s) step(s);
        const auto t0 = Clock::now();
        for (long s = warmup; s < warmup + steps; ++s) {
            run.last = step(s);
            if (keepLosses) run.losses.push_back(run.last);
        }
        run.secs = secondsSince(t0);
    } catch (const TrainingDiverged&) {
        run.finite = false;
    }
    run.steps = steps;
    return run;
}

// One MC prediction per step: T passes over the grid, then mean and std per point.
WorkloadRun runMonteCarlo(const Workload& w, long warmup, long reps, bool keepLosses) {
    ExperimentConfig config;
    auto trainer = trainerFor(w, config);
    const Matrix& grid = trainer->data().train.x;
    McOptions options;
    options.samples = config.inference.samples;
    options.sharing = maskSharingFromName(config.inference.sharing);
    options.seed = config.seed;
    McResult result;
    auto predict = [&](long s) {
        options.call = std::uint64_t(s);  // fresh masks for every prediction
        result = mcPredict(trainer->network(), grid, options, false);
    };
    for (long s = 0; s < warmup; ++s) predict(s);
    WorkloadRun run;
    const auto t0 = Clock::now();
    for (long s = warmup; s < warmup + reps; ++s) {
        predict(s);
        if (keepLosses) run.losses.push_back(result.std.mean());
    }
    run.secs = secondsSince(t0);
    run.steps = reps;
    run.last = result.std.cast<double>().mean();
    run.finite = result.mean.allFinite() && result.std.allFinite();
    run.stdPositive = result.std.minCoeff() > 0.0f;
    return run;
}

}  // namespace

const std::vector<Workload>& workloads() {
    // Timed counts give about 2–5 s each on the project machine (the peers' guidance).
    static const std::vector<Workload> table = {
        {1, "toy-mlp", kW1, 500, 40000, 3000}, {2, "mnist-mlp", kW2, 10, 300, 400},
        {3, "cnn-spatial", kW3, 20, 500, 400}, {4, "lstm-variational", kW4, 10, 1000, 400},
        {5, "mc-predict", kW5, 2, 30, 3},
    };
    return table;
}

std::vector<Workload> selectWorkloads(const std::string& only) {
    if (only.empty()) return workloads();
    std::vector<bool> chosen(workloads().size() + 1, false);
    std::size_t pos = 0;
    while (pos <= only.size()) {
        const std::size_t end = std::min(only.find(',', pos), only.size());
        std::string name = only.substr(pos, end - pos);
        const std::string token = name;
        if (!name.empty() && (name[0] == 'W' || name[0] == 'w')) name.erase(0, 1);
        const bool ok = name.size() == 1 && name[0] >= '1' && name[0] <= '5';
        if (!ok)
            throw InputError("--only: unknown workload " + quotedPreview(token) +
                             "; expected W1, W2, W3, W4 or W5 (or 1 … 5), comma-separated.");
        chosen[name[0] - '0'] = true;
        pos = end + 1;
    }
    std::vector<Workload> out;
    for (const Workload& w : workloads())
        if (chosen[w.id]) out.push_back(w);
    return out;
}

WorkloadRun runWorkload(const Workload& w, long warmup, long steps, bool keepLosses) {
    return w.id == 5 ? runMonteCarlo(w, warmup, steps, keepLosses)
                     : runTraining(w, warmup, steps, keepLosses);
}

double w2FlopsPerStep() {
    // 2·B·(in·out) per GEMM; forward, dW and dX for every layer but the first's dX.
    const double b = 128, l1 = 784.0 * 1024, l2 = 1024.0 * 1024, l3 = 1024.0 * 10;
    return 2.0 * b * (3.0 * (l1 + l2 + l3) - l1);
}

}  // namespace dl::cli
