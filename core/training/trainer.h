#pragma once
// Runs an experiment step by step: shuffled mini-batches, optimiser updates,
// per-epoch metrics. The CLI drives it synchronously, the GUI from a worker thread.
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/config/experiment_config.h"
#include "core/dropout/rate_adaptation.h"
#include "core/model/network.h"
#include "core/training/epoch_record.h"
#include "core/training/optimizer.h"
#include "datasets/standardizer.h"

namespace dl {

/// Thrown when the loss stops being finite.
class TrainingDiverged : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Owns the network, optimiser and data of one run.
class Trainer {
  public:
    Trainer(ExperimentConfig config, DataSplit data);

    /// Trains on one mini-batch; returns its loss. Throws TrainingDiverged on NaN/inf.
    double step();
    /// One training step on the given rows instead of the next shuffled mini-batch (callers that
    /// fix their own batch order, like `bench`): counts as a step for masks and schedules, but
    /// not towards an epoch. Returns the loss; throws TrainingDiverged on NaN/inf.
    double trainBatch(const Eigen::Ref<const Matrix>& x, const Eigen::Ref<const Matrix>& y);
    /// The training-set rows of the last step()'s mini-batch, in batch order (empty before the
    /// first step and after a trainBatch() on rows of the caller's).
    const std::vector<int>& lastBatchRows() const { return batchRows_; }
    /// True when the last step() completed an epoch (its record is in history()).
    bool epochJustEnded() const { return epochJustEnded_; }
    /// Runs whole epochs; `onEpoch` is called after each.
    void run(int epochs, const std::function<void(const EpochRecord&)>& onEpoch = {});

    /// Deterministic (weight-scaled) metrics on a data set.
    SplitMetrics evaluate(const Dataset& d);
    /// Deterministic predictions for rows of x.
    Matrix predict(const Matrix& x);

    const ExperimentConfig& config() const { return config_; }
    const DataSplit& data() const { return data_; }
    /// Input standardisation fitted on the training set (empty for generated data).
    const Standardizer& standardizer() const { return standardizer_; }
    void setStandardizer(Standardizer s) { standardizer_ = std::move(s); }
    Network& network() { return net_; }
    const std::vector<EpochRecord>& history() const { return history_; }
    int epoch() const { return epoch_; }       ///< completed epochs
    long globalStep() const { return step_; }  ///< completed steps
    int stepsPerEpoch() const { return stepsPerEpoch_; }
    int stepInEpoch() const { return stepInEpoch_; }
    bool classification() const { return data_.train.isClassification(); }
    LossKind lossKind() const { return loss_; }
    /// Live optimiser settings: learning rate, L2 weight decay, max-norm bound (0 = off).
    void setOptimizerSettings(double lr, double weightDecay, double maxNorm);
    /// Changes how many epochs the run plans (the GUI pauses there).
    void setPlannedEpochs(int epochs) { config_.training.epochs = std::max(1, epochs); }
    /// Every rate change the validation-driven controller made.
    const std::vector<RateAdaptation>& adaptations() const { return adaptations_; }
    /// Sets a site's drop rate from the next step on (for a scheduled site: its target);
    /// false if there is no such site.
    bool setSiteRate(const std::string& id, double rate);

  private:
    double trainOn(const Eigen::Ref<const Matrix>& x, const Eigen::Ref<const Matrix>& y);
    void beginEpoch();
    void endEpoch();
    void applySchedules();
    void adaptRates();
    ExperimentConfig config_;
    DataSplit data_;
    Network net_;
    Optimizer optimizer_;
    LossKind loss_;
    std::vector<int> order_;
    std::vector<int> batchRows_;  ///< rows of the last step()'s batch
    Matrix batchX_, batchY_, grad_;
    std::vector<Matrix> inferScratch_;
    Standardizer standardizer_;
    std::map<std::string, double> targets_;  ///< configured (or user-set) rate per site
    std::vector<RateAdaptation> adaptations_;
    std::map<std::string, double> epochStartRates_;
    std::vector<EpochRecord> history_;
    int epoch_ = 0, stepInEpoch_ = 0, stepsPerEpoch_ = 1;
    long step_ = 0;
    double epochLossSum_ = 0.0;
    bool epochJustEnded_ = false;
};

/// The shuffled order of n rows for one epoch (a pure function of seed and epoch).
std::vector<int> epochOrder(int n, std::uint64_t seed, int epoch);

}  // namespace dl
