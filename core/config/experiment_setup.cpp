#include "core/config/experiment_setup.h"

#include "datasets/dataset_factory.h"

namespace dl {

std::unique_ptr<Trainer> makeTrainer(const ExperimentConfig& config) {
    Standardizer standardizer;
    auto trainer = std::make_unique<Trainer>(
        config, loadDataSplit(config.dataset, config.seed, &standardizer));
    trainer->setStandardizer(std::move(standardizer));
    return trainer;
}

}  // namespace dl
