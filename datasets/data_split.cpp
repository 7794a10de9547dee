#include "datasets/data_split.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "base/counter_rng.h"
#include "base/input_error.h"

namespace dl {
namespace {

struct Parts {
    std::vector<int> train, val, test;
};

// Groups row indices by class (one group for regression), each group in row order.
std::vector<std::vector<int>> strata(const Dataset& data) {
    std::vector<std::vector<int>> groups(std::max(data.numClasses, 1));
    for (int i = 0; i < data.size(); ++i) {
        int c = data.isClassification() ? static_cast<int>(data.y(i, 0)) : 0;
        if (c < 0 || c >= static_cast<int>(groups.size()))
            throw InputError(data.name + ": row " + std::to_string(i) + " has an invalid class.");
        groups[c].push_back(i);
    }
    return groups;
}

void sortByKey(std::vector<int>& rows, const std::vector<double>& key) {
    std::sort(rows.begin(), rows.end(),
              [&](int a, int b) { return key[a] != key[b] ? key[a] < key[b] : a < b; });
}

void requireNonEmpty(const std::vector<int>& part, const char* name, const char* remedy) {
    if (part.empty()) {
        throw InputError(std::string("dataset: the split leaves the ") + name +
                         " set empty; use more samples or " + remedy + ".");
    }
}

}  // namespace

Dataset selectRows(const Dataset& data, const std::vector<int>& rows) {
    Dataset out = data;
    out.x.resize(static_cast<Eigen::Index>(rows.size()), data.x.cols());
    out.y.resize(static_cast<Eigen::Index>(rows.size()), data.y.cols());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        out.x.row(Eigen::Index(r)) = data.x.row(rows[r]);
        out.y.row(Eigen::Index(r)) = data.y.row(rows[r]);
    }
    return out;
}

DataSplit splitDataset(const Dataset& data, double train, double val, std::uint64_t seed) {
    if (!(train > 0 && val > 0 && train + val < 1)) {
        throw InputError("dataset.split: expected fractions in (0, 1) with train + val < 1.");
    }
    CounterRng rng(seed, Purpose::Split, 0, 0);
    std::vector<double> key(data.size());
    for (int i = 0; i < data.size(); ++i) key[i] = rng.uniformDouble(std::uint32_t(i), 0);
    Parts parts;
    for (auto& group : strata(data)) {
        sortByKey(group, key);
        const auto n = static_cast<double>(group.size());
        const auto trainEnd = static_cast<std::ptrdiff_t>(std::llround(n * train));
        const auto valEnd = static_cast<std::ptrdiff_t>(std::llround(n * (train + val)));
        parts.train.insert(parts.train.end(), group.begin(), group.begin() + trainEnd);
        parts.val.insert(parts.val.end(), group.begin() + trainEnd, group.begin() + valEnd);
        parts.test.insert(parts.test.end(), group.begin() + valEnd, group.end());
    }
    requireNonEmpty(parts.train, "training", "a larger train fraction");
    requireNonEmpty(parts.val, "validation", "a larger val fraction");
    requireNonEmpty(parts.test, "test", "smaller train and val fractions");
    // Each part is shuffled with a second, independent key. Ordering by the split key would
    // put first, in every part, the classes whose own cut fell lowest (Fashion-MNIST's first
    // 48 validation images were trousers, coats, sandals and sneakers only).
    std::vector<double> order(data.size());
    for (int i = 0; i < data.size(); ++i) order[i] = rng.uniformDouble(std::uint32_t(i), 1);
    for (auto* part : {&parts.train, &parts.val, &parts.test}) sortByKey(*part, order);
    return {selectRows(data, parts.train), selectRows(data, parts.val),
            selectRows(data, parts.test)};
}

}  // namespace dl
