#include "datasets/csv_loader.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "base/text_preview.h"
#include "datasets/csv_reader.h"
#include "datasets/dataset_factory.h"

namespace dl {
namespace {

constexpr std::size_t kMaxClasses = 1000;
constexpr std::size_t kListedNames = 5;  // column names shown in one message

// "a", "b", "c" (each previewed), or the first few and how many there are, so a message stays
// short whatever the header holds.
std::string quotedList(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < kListedNames; ++i)
        out += (i ? ", " : "") + quotedPreview(names[i]);
    if (names.size() > kListedNames) out += ", … (" + std::to_string(names.size()) + " columns)";
    return out;
}

Matrix toMatrix(const std::vector<float>& values, Eigen::Index rows, Eigen::Index cols) {
    Matrix m(rows, cols);
    std::copy(values.begin(), values.end(), m.data());
    return m;
}

// Distinct labels in class order: numeric order if every label is a number, else text order.
std::vector<std::string> sortedClassNames(const std::vector<std::string>& labels) {
    std::vector<std::string> names(labels);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    bool numeric = std::all_of(names.begin(), names.end(),
                               [](const std::string& s) { return parseCsvNumber(s).has_value(); });
    if (numeric) {
        std::stable_sort(names.begin(), names.end(),
                         [](const std::string& a, const std::string& b) {
                             return *parseCsvNumber(a) < *parseCsvNumber(b);
                         });
    }
    return names;
}

void setClassTargets(const CsvReader& csv, const std::string& target,
                     const std::vector<std::string>& labels, Dataset& d) {
    d.classNames = sortedClassNames(labels);
    if (d.classNames.size() < 2) {
        csv.fail("column " + quotedPreview(target) +
                 " holds a single value; classification needs at least two classes");
    }
    if (d.classNames.size() > kMaxClasses) {
        csv.fail("column " + quotedPreview(target) + " holds " +
                 std::to_string(d.classNames.size()) + " distinct values, more than the " +
                 std::to_string(kMaxClasses) +
                 " classes allowed; for a numeric target use \"task\": \"regression\"");
    }
    std::map<std::string, int> index;
    for (std::size_t c = 0; c < d.classNames.size(); ++c) index[d.classNames[c]] = int(c);
    d.numClasses = static_cast<int>(d.classNames.size());
    d.y.resize(static_cast<Eigen::Index>(labels.size()), 1);
    for (std::size_t i = 0; i < labels.size(); ++i)
        d.y(Eigen::Index(i), 0) = float(index[labels[i]]);
}

// A CSV data set must fit kMaxDatasetValues; checked row by row while the file is read.
void checkSize(const CsvReader& csv, std::size_t values) {
    if (values > static_cast<std::size_t>(kMaxDatasetValues))
        csv.fail("line " + std::to_string(csv.line()) + ": the file holds more than " +
                 std::to_string(kMaxDatasetValues) +
                 " values, the limit of a data set (1 GiB of "
                 "floats)");
}

}  // namespace

Dataset loadCsvDataset(const std::string& path, const std::string& target, CsvTask task) {
    CsvReader csv(path);
    const int targetCol = csv.column(target);
    if (targetCol < 0) {
        csv.fail("no column named " + quotedPreview(target) + "; the header has " +
                 quotedList(csv.header()));
    }
    const auto features = static_cast<Eigen::Index>(csv.header().size()) - 1;
    if (features == 0) csv.fail("no input columns besides the target " + quotedPreview(target));
    std::vector<float> x, y;
    std::vector<std::string> labels;
    while (csv.next()) {
        for (int c = 0; c < static_cast<int>(csv.header().size()); ++c) {
            if (c != targetCol) x.push_back(csv.floatNumber(c));
        }
        checkSize(csv, x.size() + (task == CsvTask::Classification ? labels.size() : y.size()));
        if (task == CsvTask::Classification)
            labels.push_back(csv.text(targetCol));
        else
            y.push_back(csv.floatNumber(targetCol));
    }
    const auto rows = static_cast<Eigen::Index>(x.size()) / features;
    if (rows == 0) csv.fail("the file has a header but no data rows");
    Dataset d;
    d.name = std::filesystem::path(path).stem().string();
    d.x = toMatrix(x, rows, features);
    d.sampleShape = {static_cast<int>(features)};
    if (task == CsvTask::Classification)
        setClassTargets(csv, target, labels, d);
    else
        d.y = toMatrix(y, rows, 1);
    return d;
}

Matrix readCsvMatrix(const std::string& path, std::vector<std::string>* header) {
    CsvReader csv(path);
    const auto cols = static_cast<Eigen::Index>(csv.header().size());
    std::vector<float> values;
    while (csv.next()) {
        for (int c = 0; c < cols; ++c) values.push_back(csv.floatNumber(c));
        checkSize(csv, values.size());
    }
    if (values.empty()) csv.fail("the file has a header but no data rows");
    if (header) *header = csv.header();
    return toMatrix(values, static_cast<Eigen::Index>(values.size()) / cols, cols);
}

}  // namespace dl
