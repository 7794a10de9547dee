#include "core/training/trainer.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "base/counter_rng.h"
#include "base/input_error.h"
#include "core/model/model_builder.h"

namespace dl {
namespace {

int outputsFor(const Dataset& d) {
    return d.isClassification() ? d.numClasses : int(d.y.cols());
}

void checkData(const DataSplit& s) {
    if (s.train.size() == 0) throw InputError("dataset: the training split is empty.");
    if (s.val.size() == 0) throw InputError("dataset: the validation split is empty.");
}

// Rows per prediction block: at most 4096 (bounds memory on large sets), and few enough that
// the widest layer's block stays cache-sized (2 M values): a conv net's 16×28×28 maps over
// 4096 rows would stream 200 MB per layer and run twice as slow.
long predictRows(const Network& net) {
    return std::clamp((1L << 21) / net.widestValues(), 64L, 4096L);
}

}  // namespace

std::vector<int> epochOrder(int n, std::uint64_t seed, int epoch) {
    CounterRng rng(seed, Purpose::Shuffle, 0, static_cast<std::uint64_t>(epoch));
    std::vector<std::pair<std::uint32_t, int>> keyed(n);
    for (int i = 0; i < n; ++i) keyed[i] = {rng.bits(i, 0)[0], i};
    std::sort(keyed.begin(), keyed.end());
    std::vector<int> order(n);
    for (int i = 0; i < n; ++i) order[i] = keyed[i].second;
    return order;
}

Trainer::Trainer(ExperimentConfig config, DataSplit data)
    : config_(std::move(config)),
      data_((checkData(data), std::move(data))),
      net_(buildNetwork(config_, data_.train.sampleShape, outputsFor(data_.train))),
      optimizer_(config_.optimizer, net_.params()),
      loss_(lossFromName(config_.resolvedLoss(data_.train.isClassification()))) {
    const int n = data_.train.size();
    stepsPerEpoch_ = (n + config_.training.batchSize - 1) / config_.training.batchSize;
    for (DropoutSite* site : net_.sites()) targets_[site->id()] = site->rate();
    beginEpoch();
}

void Trainer::beginEpoch() {
    order_ = epochOrder(data_.train.size(), config_.seed, epoch_);
    stepInEpoch_ = 0;
    epochLossSum_ = 0.0;
}

bool Trainer::setSiteRate(const std::string& id, double rate) {
    if (!net_.setSiteRate(id, rate)) return false;
    targets_[id] = rate;
    return true;
}

void Trainer::applySchedules() {
    for (DropoutSite* site : net_.sites()) {
        const RateSchedule& sch = site->spec().schedule;
        if (!sch.isTimeVarying()) continue;
        const double t = sch.unit == "step" ? double(step_) : double(epoch_);
        site->setRate(sch.rateAt(targets_[site->id()], t));
    }
    if (stepInEpoch_ == 0)
        for (DropoutSite* site : net_.sites()) epochStartRates_[site->id()] = site->rate();
}

void Trainer::adaptRates() {
    std::vector<double> train, val;
    for (const auto& r : history_) {
        train.push_back(r.train.loss);
        val.push_back(r.val.loss);
    }
    for (DropoutSite* site : net_.sites()) {
        const RateSchedule& sch = site->spec().schedule;
        if (sch.kind != "adaptive") continue;
        RateAdaptation a = decideRate(sch, train, val, site->rate());
        if (a.reason.empty()) continue;
        a.site = site->id();
        site->setRate(a.to);
        targets_[a.site] = a.to;
        adaptations_.push_back(a);
    }
}

void Trainer::setOptimizerSettings(double lr, double weightDecay, double maxNorm) {
    OptimizerSpec spec = optimizer_.spec();
    if (lr > 0) spec.lr = lr;
    spec.weightDecay = std::max(0.0, weightDecay);
    spec.maxNorm = std::max(0.0, maxNorm);
    optimizer_.setSettings(spec);
    config_.optimizer.lr = spec.lr;
    config_.optimizer.weightDecay = spec.weightDecay;
    config_.optimizer.maxNorm = spec.maxNorm;
}

double Trainer::step() {
    const int n = data_.train.size();
    const int bs = config_.training.batchSize;
    const int begin = stepInEpoch_ * bs;
    const int rows = std::min(bs, n - begin);
    batchRows_.assign(order_.begin() + begin, order_.begin() + begin + rows);
    batchX_.resize(rows, data_.train.x.cols());
    batchY_.resize(rows, data_.train.y.cols());
    for (int r = 0; r < rows; ++r) {
        batchX_.row(r) = data_.train.x.row(batchRows_[size_t(r)]);
        batchY_.row(r) = data_.train.y.row(batchRows_[size_t(r)]);
    }
    const double loss = trainOn(batchX_, batchY_);
    ++stepInEpoch_;
    epochLossSum_ += loss;
    epochJustEnded_ = false;
    if (stepInEpoch_ == stepsPerEpoch_) endEpoch();
    return loss;
}

double Trainer::trainBatch(const Eigen::Ref<const Matrix>& x, const Eigen::Ref<const Matrix>& y) {
    batchRows_.clear();
    return trainOn(x, y);
}

double Trainer::trainOn(const Eigen::Ref<const Matrix>& x, const Eigen::Ref<const Matrix>& y) {
    applySchedules();
    PassContext ctx{Mode::Train, config_.seed, static_cast<std::uint64_t>(step_), 0, true};
    const Matrix& out = net_.forward(x, ctx);
    LossSums sums = computeLoss(loss_, out, y, &grad_);
    const double loss = sums.meanLoss();
    if (!std::isfinite(loss)) {
        std::ostringstream os;
        os << "training diverged at epoch " << epoch_ + 1 << ", step " << step_ + 1
           << " (the loss is " << loss << "); lower the learning rate.";
        throw TrainingDiverged(os.str());
    }
    net_.backward(grad_);
    net_.applyRegularizers(data_.train.size());
    optimizer_.step();
    net_.syncLearnedRates();
    ++step_;
    return loss;
}

void Trainer::endEpoch() {
    EpochRecord rec;
    rec.epoch = epoch_ + 1;
    rec.trainBatchLoss = epochLossSum_ / stepsPerEpoch_;
    rec.train = evaluate(data_.train);
    rec.val = evaluate(data_.val);
    // Rates in force during the epoch: at its first step (schedules in epochs hold them all
    // epoch); learned (concrete) rates as they are at its end.
    for (DropoutSite* s : net_.sites())
        rec.rates[s->id()] =
            s->spec().variant == Variant::Concrete || !epochStartRates_.count(s->id())
                ? s->rate()
                : epochStartRates_[s->id()];
    if (!std::isfinite(rec.train.loss) || !std::isfinite(rec.val.loss)) {
        std::ostringstream os;
        os << "training diverged in epoch " << rec.epoch
           << " (the evaluation loss is not finite); lower the learning rate.";
        throw TrainingDiverged(os.str());
    }
    history_.push_back(rec);
    ++epoch_;
    adaptRates();
    epochJustEnded_ = true;
    beginEpoch();
}

void Trainer::run(int epochs, const std::function<void(const EpochRecord&)>& onEpoch) {
    for (int e = 0; e < epochs; ++e) {
        do {
            step();
        } while (!epochJustEnded_);
        if (onEpoch) onEpoch(history_.back());
    }
}

Matrix Trainer::predict(const Matrix& x) {
    const long kRows = predictRows(net_);
    Matrix out;
    for (long r0 = 0; r0 < x.rows(); r0 += kRows) {
        const long rows = std::min(kRows, x.rows() - r0);
        PassContext ctx{Mode::Eval, config_.seed, 0, static_cast<std::uint32_t>(r0), false};
        const Matrix& o = net_.infer(x.middleRows(r0, rows), ctx, inferScratch_);
        if (out.size() == 0) out.resize(x.rows(), o.cols());
        out.middleRows(r0, rows) = o;
    }
    return out;
}

SplitMetrics Trainer::evaluate(const Dataset& d) {
    if (d.size() == 0) return {};
    Matrix out = predict(d.x);
    LossSums s = computeLoss(loss_, out, d.y, nullptr);
    return {s.meanLoss(), s.accuracy()};
}

}  // namespace dl
