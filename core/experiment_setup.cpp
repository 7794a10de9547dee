#include "experiment_setup.h"

#include "datasets/dataset_factory.h"

namespace dl {

std::unique_ptr<Trainer> makeTrainer(const ExperimentConfig& config) {
    return std::make_unique<Trainer>(config, loadDataSplit(config.dataset, config.seed));
}

}  // namespace dl
