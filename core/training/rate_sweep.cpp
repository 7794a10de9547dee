#include "core/training/rate_sweep.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <mutex>
#include <sstream>

#include "base/input_error.h"
#include "core/training/trainer.h"
#include "datasets/dataset_factory.h"

namespace dl {
namespace {

bool cancelled(const std::atomic<bool>* cancel) {
    return cancel && cancel->load();
}

// The config of one grid point: the swept sites' configured rates replaced.
ExperimentConfig pointConfig(const ExperimentConfig& base, const SweepGrid& grid, double rate,
                             std::optional<double> rate2) {
    ExperimentConfig c = base;
    c.setSiteRate(grid.first.site, rate);
    if (grid.second) c.setSiteRate(grid.second->site, *rate2);
    return c;
}

void checkAxis(const ExperimentConfig& config, const SweepAxis& axis, const std::string& flag) {
    const auto ids = config.siteIds();
    if (std::find(ids.begin(), ids.end(), axis.site) == ids.end()) {
        std::string known;
        for (const auto& id : ids) known += (known.empty() ? "\"" : ", \"") + id + "\"";
        throw InputError(flag + ": the experiment has no dropout site \"" + axis.site + "\"" +
                         (ids.empty() ? std::string(" (it has no dropout sites).")
                                      : " (its sites are " + known + ")."));
    }
    const std::string ratesFlag = flag == "--site" ? "--rates" : "--rates2";
    if (axis.rates.empty()) throw InputError(ratesFlag + ": expected at least one rate.");
    for (double r : axis.rates) checkRate(r, ratesFlag);
}

// Each point's config must be valid as a file would be (e.g. a concrete site's start rate > 0).
void checkPointConfig(const ExperimentConfig& c, const std::string& site, double rate) {
    try {
        ExperimentConfig::fromJson(c.toJson());
    } catch (const InputError& e) {
        std::ostringstream os;
        os << "rate " << rate << " on site \"" << site
           << "\" makes an invalid experiment: " << e.what();
        throw InputError(os.str());
    }
}

std::optional<double> secondRate(const SweepGrid& grid, int i) {
    if (!grid.second) return std::nullopt;
    return grid.second->rates[std::size_t(i) % grid.second->rates.size()];
}

double firstRate(const SweepGrid& grid, int i) {
    const std::size_t inner = grid.second ? grid.second->rates.size() : 1;
    return grid.first.rates[std::size_t(i) / inner];
}

// Trains one point to the end (or until cancelled) and scores it.
SweepPoint trainPoint(const ExperimentConfig& base, const SweepGrid& grid, const DataSplit& data,
                      const Standardizer& standardizer, int index,
                      const std::atomic<bool>* cancel) {
    SweepPoint p;
    p.index = index;
    p.rate = firstRate(grid, index);
    p.rate2 = secondRate(grid, index);
    if (cancelled(cancel)) return p;
    const auto start = std::chrono::steady_clock::now();
    Trainer trainer(pointConfig(base, grid, p.rate, p.rate2), data);
    trainer.setStandardizer(standardizer);
    try {
        for (int e = 0; e < base.training.epochs; ++e) {
            if (cancelled(cancel)) return p;
            trainer.run(1);
        }
    } catch (const TrainingDiverged&) {
        p.status = SweepStatus::Diverged;
        return p;
    }
    p.train = trainer.history().back().train;
    p.val = trainer.history().back().val;
    p.test = trainer.evaluate(trainer.data().test);
    p.status = SweepStatus::Done;
    p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return p;
}

// Shortest text that reads back as the same double (so equal runs give equal bytes).
std::string number(double v) {
    if (!std::isfinite(v)) return "nan";
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

}  // namespace

void checkSweepGrid(const ExperimentConfig& config, const SweepGrid& grid) {
    checkAxis(config, grid.first, "--site");
    if (!grid.second) {
        for (double r : grid.first.rates)
            checkPointConfig(pointConfig(config, grid, r, std::nullopt), grid.first.site, r);
        return;
    }
    checkAxis(config, *grid.second, "--site2");
    if (grid.second->site == grid.first.site)
        throw InputError("--site2: expected a different site than --site (both are \"" +
                         grid.first.site + "\").");
    for (double r : grid.first.rates)
        checkPointConfig(pointConfig(config, grid, r, grid.second->rates.front()), grid.first.site,
                         r);
    for (double r : grid.second->rates)
        checkPointConfig(pointConfig(config, grid, grid.first.rates.front(), r), grid.second->site,
                         r);
}

SweepResult runRateSweep(const ExperimentConfig& config, const SweepGrid& grid,
                         const SweepProgress& progress, const std::atomic<bool>* cancel) {
    checkSweepGrid(config, grid);
    Standardizer standardizer;
    const DataSplit data = loadDataSplit(config.dataset, config.seed, &standardizer);
    SweepResult result;
    result.classification = data.train.isClassification();
    const int n = grid.size();
    result.points.resize(std::size_t(n));
    std::mutex progressMutex;
    int done = 0;
    // One task per point; each run's own parallel loops share the arena. Results land in
    // their grid slot, so scheduling changes only the order of progress calls.
    tbb::parallel_for(
        tbb::blocked_range<int>(0, n, 1),
        [&](const tbb::blocked_range<int>& range) {
            for (int i = range.begin(); i != range.end(); ++i) {
                SweepPoint p = trainPoint(config, grid, data, standardizer, i, cancel);
                result.points[std::size_t(i)] = p;
                std::lock_guard<std::mutex> lock(progressMutex);
                ++done;
                if (progress) progress(p, done, n);
            }
        },
        tbb::simple_partitioner());
    for (const auto& p : result.points)
        if (p.status == SweepStatus::Cancelled) result.cancelled = true;
    return result;
}

std::string sweepCsv(const SweepGrid& grid, const SweepResult& result) {
    std::string out = "site,rate";
    if (grid.second) out += ",site2,rate2";
    out += ",train_loss,val_loss,test_loss";
    if (result.classification) out += ",train_acc,val_acc,test_acc";
    out += "\n";
    for (const auto& p : result.points) {
        const bool ok = p.status == SweepStatus::Done;
        auto metric = [&](double v) { return "," + (ok ? number(v) : std::string("nan")); };
        out += grid.first.site + "," + number(p.rate);
        if (grid.second) out += "," + grid.second->site + "," + number(*p.rate2);
        out += metric(p.train.loss) + metric(p.val.loss) + metric(p.test.loss);
        if (result.classification)
            out += metric(p.train.accuracy) + metric(p.val.accuracy) + metric(p.test.accuracy);
        out += "\n";
    }
    return out;
}

std::vector<double> parseRateList(const std::string& text, const std::string& what) {
    std::vector<double> rates;
    std::stringstream items(text);
    std::string item;
    while (std::getline(items, item, ',')) {
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        double v = 0.0;
        const auto res = std::from_chars(item.data(), item.data() + item.size(), v);
        if (item.empty() || res.ec != std::errc() || res.ptr != item.data() + item.size())
            throw InputError(what +
                             ": expected comma-separated drop rates such as 0,0.1,0.5, got \"" +
                             item + "\".");
        checkRate(v, what);
        rates.push_back(v);
    }
    if (rates.empty()) throw InputError(what + ": expected at least one rate.");
    return rates;
}

}  // namespace dl
