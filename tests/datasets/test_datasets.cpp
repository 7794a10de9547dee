// Tests of datasets/: toy generators, the dataset spec, splitting, CSV loading, standardising.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "base/input_error.h"
#include "datasets/csv_loader.h"
#include "datasets/data_split.h"
#include "datasets/dataset_factory.h"
#include "datasets/dataset_spec.h"
#include "datasets/standardizer.h"
#include "datasets/toy_generators.h"
#include "tests/support/temp_dir.h"
#include "tests/support/text_assertions.h"

using nlohmann::json;
using namespace std::string_literals;

namespace {

constexpr double kTwoPi = 6.283185307179586;

// The InputError message `f` throws, or an empty string if it throws none.
template <class F>
std::string errorOf(F f) {
    try {
        f();
    } catch (const dl::InputError& e) {
        return e.what();
    }
    return {};
}

using dl::test::contains;

bool sameBits(const dl::Matrix& a, const dl::Matrix& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0;
}

std::vector<int> classCounts(const dl::Dataset& d) {
    std::vector<int> counts(d.numClasses, 0);
    for (int i = 0; i < d.size(); ++i) ++counts[static_cast<int>(d.y(i, 0))];
    return counts;
}

// Every row as a sortable tuple (x0, x1, y): used to compare sets of rows.
std::vector<std::tuple<float, float, float>> sortedRows(
    const std::vector<const dl::Dataset*>& parts) {
    std::vector<std::tuple<float, float, float>> rows;
    for (const auto* d : parts)
        for (int i = 0; i < d->size(); ++i) rows.emplace_back(d->x(i, 0), d->x(i, 1), d->y(i, 0));
    std::sort(rows.begin(), rows.end());
    return rows;
}

dl::DatasetSpec spec(const std::string& text) {
    return dl::DatasetSpec::fromJson(json::parse(text), "dataset");
}

// A CSV file in a fresh temporary folder for each test.
class DatasetsCsv : public ::testing::Test {
  protected:
    dl::test::TempDir dir_;

    std::string writeFile(const std::string& name, const std::string& content) {
        const std::string path = dir_.file(name);
        EXPECT_TRUE(dl::test::writeFile(path, content)) << path;
        return path;
    }
};

// A gtest-valid name for a row label ("sine-gap" → "sine_gap").
std::string testName(std::string label) {
    for (char& c : label)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return label;
}

// ---- generators ----

class DatasetsGenerator : public ::testing::TestWithParam<std::string> {};

TEST_P(DatasetsGenerator, IsDeterministic) {
    const dl::DatasetSpec s = spec("{\"kind\":\"" + GetParam() + "\"}");
    dl::Dataset a = dl::makeDataset(s, 42), b = dl::makeDataset(s, 42), c = dl::makeDataset(s, 43);
    EXPECT_EQ(a.size(), 600);
    EXPECT_TRUE(sameBits(a.x, b.x));
    EXPECT_TRUE(sameBits(a.y, b.y));
    EXPECT_FALSE(sameBits(a.x, c.x));
    EXPECT_TRUE(a.x.allFinite() && a.y.allFinite());
}

INSTANTIATE_TEST_SUITE_P(Kinds, DatasetsGenerator,
                         ::testing::Values("spiral", "moons", "circles", "xor", "blobs",
                                           "sine-gap"),
                         [](const auto& info) { return testName(info.param); });

TEST(DatasetsGenerators, SeedOffsetShiftsTheSeed) {
    dl::Dataset shifted = dl::makeDataset(spec(R"({"kind":"spiral","seed_offset":3})"), 10);
    EXPECT_TRUE(sameBits(shifted.x, dl::makeSpiral(600, 2, 0.2, 13).x));
}

TEST(DatasetsGenerators, ClassesAreBalanced) {
    EXPECT_EQ(classCounts(dl::makeSpiral(601, 3, 0.2, 1)), (std::vector<int>{201, 200, 200}));
    EXPECT_EQ(classCounts(dl::makeBlobs(600, 5, 0.2, 1)), (std::vector<int>(5, 120)));
    EXPECT_EQ(classCounts(dl::makeMoons(601, 0.1, 1)), (std::vector<int>{301, 300}));
    EXPECT_EQ(classCounts(dl::makeXor(600, 0.1, 1)), (std::vector<int>{300, 300}));
}

TEST(DatasetsGenerators, SpiralArmsFollowTheirCurves) {
    dl::Dataset d = dl::makeSpiral(800, 4, 0.0, 5);
    EXPECT_EQ(d.numClasses, 4);
    EXPECT_EQ(d.classNames, (std::vector<std::string>{"class 0", "class 1", "class 2", "class 3"}));
    EXPECT_EQ(d.sampleShape, std::vector<int>{2});
    for (int i = 0; i < d.size(); ++i) {
        double x = d.x(i, 0), y = d.x(i, 1), r = std::hypot(x, y);
        double angle = kTwoPi * (d.y(i, 0) / 4.0 + 1.25 * r);
        EXPECT_LE(r, 1.0) << "row " << i;
        EXPECT_TRUE(std::abs(x - r * std::cos(angle)) < 1e-5 &&
                    std::abs(y - r * std::sin(angle)) < 1e-5)
            << "row " << i << " is off its arm";
    }
    dl::Dataset noisy = dl::makeSpiral(600, 2, 0.2, 5);
    EXPECT_LE(noisy.x.cwiseAbs().maxCoeff(), 1.0f);
}

TEST(DatasetsGenerators, MoonsCirclesAndXorHaveTheirShapes) {
    dl::Dataset moons = dl::makeMoons(400, 0.0, 2);
    for (int i = 0; i < moons.size(); ++i) {
        SCOPED_TRACE("moons row " + std::to_string(i));
        bool upper = moons.y(i, 0) == 0;  // upper moon centred (-0.5, -0.25), lower (0.5, 0.25)
        double dx = moons.x(i, 0) - (upper ? -0.5 : 0.5),
               dy = moons.x(i, 1) - (upper ? -0.25 : 0.25);
        EXPECT_LT(std::abs(std::hypot(dx, dy) - 1.0), 1e-5);
        EXPECT_TRUE(upper ? dy >= -1e-6 : dy <= 1e-6) << "dy = " << dy;
    }
    dl::Dataset circles = dl::makeCircles(400, 0.0, 2);
    for (int i = 0; i < circles.size(); ++i)
        EXPECT_LT(std::abs(circles.x.row(i).norm() - (circles.y(i, 0) == 0 ? 1.0 : 0.5)), 1e-5)
            << "circles row " << i;
    dl::Dataset xorSet = dl::makeXor(400, 0.0, 2);
    std::map<std::pair<bool, bool>, int> quadrants;
    for (int i = 0; i < xorSet.size(); ++i) {
        SCOPED_TRACE("xor row " + std::to_string(i));
        float x = xorSet.x(i, 0), y = xorSet.x(i, 1);
        EXPECT_EQ(xorSet.y(i, 0), x * y > 0 ? 1.0f : 0.0f);
        EXPECT_TRUE(std::abs(x) >= 0.1f && std::abs(y) >= 0.1f && std::abs(x) <= 1 &&
                    std::abs(y) <= 1)
            << x << ", " << y;
        ++quadrants[{x > 0, y > 0}];
    }
    EXPECT_EQ(quadrants.size(), 4u);
    for (const auto& [quadrant, count] : quadrants) EXPECT_EQ(count, 100);
}

TEST(DatasetsGenerators, BlobsSitAroundTheirCentres) {
    dl::Dataset d = dl::makeBlobs(3000, 3, 0.25, 9);
    for (int c = 0; c < 3; ++c) {
        SCOPED_TRACE("blob " + std::to_string(c));
        Eigen::Vector2d sum(0, 0);
        for (int i = 0; i < d.size(); ++i)
            if (d.y(i, 0) == c) sum += d.x.row(i).transpose().cast<double>();
        Eigen::Vector2d mean = sum / 1000.0;
        EXPECT_LT(std::abs(mean.x() - std::cos(kTwoPi * c / 3)), 0.05);
        EXPECT_LT(std::abs(mean.y() - std::sin(kTwoPi * c / 3)), 0.05);
    }
}

TEST(DatasetsGenerators, SineGapLeavesTheGapEmpty) {
    dl::Dataset d = dl::makeDataset(spec(R"({"kind":"sine-gap","samples":5000,"noise":0})"), 3);
    EXPECT_EQ(d.x.cols(), 1);
    EXPECT_EQ(d.y.cols(), 1);
    EXPECT_EQ(d.numClasses, 0);
    int left = 0, right = 0;
    for (int i = 0; i < d.size(); ++i) {
        SCOPED_TRACE("row " + std::to_string(i));
        float x = d.x(i, 0);
        EXPECT_TRUE(x < -1.0f || x > 1.0f) << "x = " << x << " lies in the gap";
        EXPECT_TRUE(x >= -4.0f && x <= 4.0f) << "x = " << x;
        EXPECT_LT(std::abs(d.y(i, 0) - std::sin(x)), 1e-6);
        (x < 0 ? left : right)++;
    }
    EXPECT_TRUE(left > 2000 && right > 2000)  // each side holds 3/6 of the measure
        << left << " left, " << right << " right";
    dl::Dataset edge = dl::makeSineGap(2000, {-4, 4}, {1, 4}, 0.1, 3);
    EXPECT_TRUE(edge.x.maxCoeff() < 1.0f && edge.x.minCoeff() >= -4.0f);
}

// ---- splitting ----

TEST(DatasetsSplit, SizesAreExactAndPartsDisjoint) {
    dl::Dataset d = dl::makeSpiral(600, 2, 0.2, 4);
    dl::DataSplit s = dl::splitDataset(d, 0.6, 0.2, 4);
    EXPECT_EQ(s.train.size(), 360);
    EXPECT_EQ(s.val.size(), 120);
    EXPECT_EQ(s.test.size(), 120);
    EXPECT_EQ(sortedRows({&s.train, &s.val, &s.test}), sortedRows({&d}));
    EXPECT_EQ(s.val.classNames, d.classNames);
    EXPECT_EQ(s.test.numClasses, 2);
    dl::DataSplit r = dl::splitDataset(dl::makeSineGap(100, {-4, 4}, {-1, 1}, 0.1, 4), 0.5, 0.3, 4);
    EXPECT_EQ(r.train.size(), 50);
    EXPECT_EQ(r.val.size(), 30);
    EXPECT_EQ(r.test.size(), 20);
}

TEST(DatasetsSplit, IsStratifiedAndShuffled) {
    dl::DataSplit s = dl::splitDataset(dl::makeBlobs(600, 3, 0.3, 8), 0.6, 0.2, 8);
    EXPECT_EQ(classCounts(s.train), (std::vector<int>{120, 120, 120}));
    EXPECT_EQ(classCounts(s.val), (std::vector<int>{40, 40, 40}));
    EXPECT_EQ(classCounts(s.test), (std::vector<int>{40, 40, 40}));
    int changes = 0;  // classes interleave rather than come in blocks
    for (int i = 1; i < s.train.size(); ++i) changes += s.train.y(i, 0) != s.train.y(i - 1, 0);
    EXPECT_GT(changes, 100);
}

// Every stretch of every part mixes the classes: with ordering by the split key, each part
// began with the few classes whose own cut fell lowest (on Fashion-MNIST, 48 validation
// images of 4 classes).
TEST(DatasetsSplit, EveryPartStartsWithMixedClasses) {
    dl::Dataset d;
    d.numClasses = 10;
    d.sampleShape = {1};
    d.x = dl::Matrix::Zero(10000, 1);
    d.y.resize(10000, 1);
    for (int i = 0; i < 10000; ++i) d.y(i, 0) = float(i / 1000);  // classes in blocks
    const dl::DataSplit s = dl::splitDataset(d, 0.8, 0.1, 1);
    const char* names[] = {"train", "val", "test"};
    int k = 0;
    for (const dl::Dataset* part : {&s.train, &s.val, &s.test}) {
        SCOPED_TRACE(names[k++]);
        ASSERT_GE(part->size(), 48);
        std::set<int> first;
        for (int r = 0; r < 48; ++r) first.insert(int(part->y(r, 0)));
        EXPECT_GE(first.size(), 7u) << first.size() << " classes";
    }
}

TEST(DatasetsSplit, IsDeterministic) {
    dl::Dataset d = dl::makeMoons(300, 0.1, 1);
    dl::DataSplit a = dl::splitDataset(d, 0.6, 0.2, 7), b = dl::splitDataset(d, 0.6, 0.2, 7);
    dl::DataSplit c = dl::splitDataset(d, 0.6, 0.2, 8);
    EXPECT_TRUE(sameBits(a.train.x, b.train.x) && sameBits(a.test.y, b.test.y));
    EXPECT_FALSE(sameBits(a.train.x, c.train.x));
    dl::DataSplit viaSpec = dl::loadDataSplit(spec(R"({"kind":"moons","samples":300})"), 1);
    EXPECT_TRUE(sameBits(viaSpec.val.x, dl::splitDataset(d, 0.6, 0.2, 1).val.x));
}

TEST(DatasetsSplit, RejectsEmptyParts) {
    dl::Dataset d = dl::makeSpiral(10, 2, 0.2, 1);
    EXPECT_EQ(errorOf([&] { dl::splitDataset(d, 0.6, 0.02, 1); }),
              "dataset: the split leaves the validation set empty; use more samples or a larger "
              "val fraction.");
    const std::string test = errorOf([&] { dl::splitDataset(d, 0.85, 0.1, 1); });
    EXPECT_TRUE(contains(test, "test set empty")) << test;
    const std::string blobs = errorOf([&] {
        dl::loadDataSplit(spec(R"({"kind":"blobs","samples":10,
            "classes":10})"),
                          1);
    });
    EXPECT_TRUE(contains(blobs, "set empty")) << blobs;
}

// ---- the spec ----

struct SpecRow {
    std::string name;
    std::string config;
};

void PrintTo(const SpecRow& row, std::ostream* os) {
    *os << row.name << ": " << row.config;
}

class DatasetsSpecRoundTrip : public ::testing::TestWithParam<SpecRow> {};

TEST_P(DatasetsSpecRoundTrip, WritesWhatItReads) {
    const std::string& config = GetParam().config;
    dl::DatasetSpec s = spec(config);
    json written = s.toJson();
    dl::DatasetSpec back = dl::DatasetSpec::fromJson(written, "dataset");
    EXPECT_TRUE(back == s);
    EXPECT_TRUE(back.toJson() == written) << back.toJson().dump() << " vs " << written.dump();
    json given = json::parse(config);
    for (const auto& [key, value] : given.items())
        EXPECT_TRUE(written.contains(key) && written.at(key) == value)
            << key << ": " << written.dump();
    EXPECT_TRUE(written.contains("split") && written.contains("seed_offset")) << written.dump();
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, DatasetsSpecRoundTrip,
    ::testing::Values(SpecRow{"spiral", R"({"kind":"spiral","samples":900,"noise":0.35,
            "arms":3,"split":{"train":0.7,"val":0.15},"seed_offset":-4})"},
                      SpecRow{"moons", R"({"kind":"moons"})"},
                      SpecRow{"circles", R"({"kind":"circles","noise":0})"},
                      SpecRow{"xor", R"({"kind":"xor","samples":40})"},
                      SpecRow{"blobs", R"({"kind":"blobs","classes":6})"},
                      SpecRow{"sine_gap", R"({"kind":"sine-gap","gap":[0.5,2],"range":[-6,6]})"},
                      SpecRow{"csv", R"({"kind":"csv","path":"d.csv","target":"y",
            "task":"regression","standardize":false})"}),
    [](const auto& info) { return info.param.name; });

TEST(DatasetsSpec, FillsDefaults) {
    json moons = spec(R"({"kind":"moons"})").toJson();
    const json moonsWant = json::parse(R"({"kind":"moons","samples":600,"noise":0.1,
            "split":{"train":0.6,"val":0.2},"seed_offset":0})");
    EXPECT_TRUE(moons == moonsWant) << moons.dump();
    json sine = spec(R"({"kind":"sine-gap"})").toJson();
    EXPECT_TRUE(sine["gap"] == json::parse("[-1, 1]")) << sine.dump();
    EXPECT_TRUE(sine["range"] == json::parse("[-4, 4]")) << sine.dump();
    EXPECT_TRUE(spec(R"({"kind":"csv","path":"a.csv","target":"t"})").toJson()["standardize"] ==
                json(true));
    EXPECT_EQ(spec(R"({"kind":"blobs"})").classes, 3);
    EXPECT_DOUBLE_EQ(spec(R"({"kind":"spiral"})").noiseLevel(), 0.2);
    dl::DatasetSpec code;  // built in code: noise follows the kind until set
    code.kind = "blobs";
    EXPECT_DOUBLE_EQ(code.noiseLevel(), 0.25);
}

struct SpecError {
    std::string name;
    std::string config;
    std::string message;  // what the error must start with
};

void PrintTo(const SpecError& row, std::ostream* os) {
    *os << row.name << ": " << row.config;
}

class DatasetsSpecError : public ::testing::TestWithParam<SpecError> {};

TEST_P(DatasetsSpecError, IsOneSentenceNamingTheField) {
    const std::string error = errorOf([&] { spec(GetParam().config); });
    EXPECT_TRUE(error.starts_with(GetParam().message))
        << "got: " << error << "\nwant a start of: " << GetParam().message;
}

INSTANTIATE_TEST_SUITE_P(
    Fields, DatasetsSpecError,
    ::testing::Values(
        SpecError{"unknown_field", R"({"kind":"spiral","nosie":0.1})",
                  "dataset.nosie: unknown field."},
        SpecError{"bad_kind", R"({"kind":"spirals"})",
                  R"(dataset.kind: expected one of "spiral", "moons", "circles", )"
                  R"("xor", "blobs", "sine-gap", "csv", "shapes", "fashion-mnist", "idx", )"
                  R"("sine-forecast", "sequence-class", "w4-sines", "w1-spiral", "w2-pixels", )"
                  R"("w5-grid", got "spirals".)"},
        SpecError{"no_kind", "{}",
                  R"(dataset.kind: this field is required; expected one of "spiral")"},
        SpecError{"samples_0", R"({"kind":"spiral","samples":0})",
                  "dataset.samples: expected a whole number ≥ 10, got 0."},
        SpecError{"samples_2_5", R"({"kind":"xor","samples":2.5})",
                  "dataset.samples: expected a whole number, got 2.5."},
        SpecError{"arms_1", R"({"kind":"spiral","arms":1})",
                  "dataset.arms: expected a whole number ≥ 2, got 1."},
        SpecError{"misplaced", R"({"kind":"moons","arms":3})",
                  R"(dataset.arms: does not apply to kind "moons"; it is used by "spiral".)"},
        SpecError{"negative_noise", R"({"kind":"circles","noise":-0.1})",
                  "dataset.noise: expected a value in [0, 10], got -0.1."},
        SpecError{"train_1_2", R"({"kind":"xor","split":{"train":1.2}})",
                  "dataset.split.train: expected a fraction in (0, 1), got 1.2."},
        SpecError{"val_0", R"({"kind":"xor","split":{"val":0}})",
                  "dataset.split.val: expected a fraction in (0, 1), got 0."},
        SpecError{"sum_1", R"({"kind":"xor","split":{"train":0.7,"val":0.3}})",
                  "dataset.split: expected train + val < 1 so the test set gets the rest, got "
                  "0.7 + 0.3."},
        SpecError{"split_test", R"({"kind":"xor","split":{"test":0.2}})",
                  "dataset.split.test: unknown field."},
        SpecError{"gap_order", R"({"kind":"sine-gap","gap":[1,-1]})",
                  "dataset.gap: expected [lo, hi] with two numbers lo < hi, got an array [1,-1]."},
        SpecError{"gap_outside", R"({"kind":"sine-gap","gap":[-5,5]})",
                  "dataset.gap: expected an interval inside the range [-4, 4]"},
        SpecError{"csv_target", R"({"kind":"csv","path":"a.csv"})",
                  "dataset.target: this field is required."},
        SpecError{"csv_task", R"({"kind":"csv","path":"a.csv","target":"y","task":"rank"})",
                  R"(dataset.task: expected one of "classification", "regression", got "rank".)"},
        SpecError{"csv_samples", R"({"kind":"csv","path":"a.csv","target":"y","samples":50})",
                  R"(dataset.samples: does not apply to kind "csv")"}),
    [](const auto& info) { return info.param.name; });

// ---- CSV ----

TEST_F(DatasetsCsv, LoadsClassification) {
    std::string path = writeFile("good.csv",
                                 "x1, \"label\" ,x2\r\n1.5,b,-2\r\n3,a,4e-1\r\n"
                                 "\r\n-0.25, b ,+7\r\n");
    dl::Dataset d = dl::loadCsvDataset(path, "label", dl::CsvTask::Classification);
    dl::Matrix x(3, 2);
    x << 1.5f, -2.0f, 3.0f, 0.4f, -0.25f, 7.0f;
    ASSERT_EQ(d.x.rows(), 3);
    ASSERT_EQ(d.x.cols(), 2);
    EXPECT_TRUE(d.x == x) << d.x;
    ASSERT_EQ(d.y.rows(), 3);
    EXPECT_TRUE(d.y.col(0) == Eigen::VectorXf((Eigen::VectorXf(3) << 1, 0, 1).finished()))
        << d.y.transpose();
    EXPECT_EQ(d.classNames, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(d.numClasses, 2);
    EXPECT_EQ(d.sampleShape, std::vector<int>{2});
    EXPECT_EQ(d.name, "good");
}

TEST_F(DatasetsCsv, ParsesQuotedCells) {
    std::string path = writeFile("quoted.csv",
                                 "\"width, cm\",\"kind\"\n"
                                 "1, \"say \"\"hi\"\", then go\"\n2,plain\n");
    dl::Dataset d = dl::loadCsvDataset(path, "kind", dl::CsvTask::Classification);
    EXPECT_EQ(d.classNames, (std::vector<std::string>{"plain", "say \"hi\", then go"}));
    ASSERT_EQ(d.x.rows(), 2);
    EXPECT_FLOAT_EQ(d.x(1, 0), 2.0f);
    std::string open = writeFile("open.csv", "a,b\n1,\"oops\n");
    const std::string error = errorOf([&] { dl::readCsvMatrix(open); });
    EXPECT_TRUE(error.ends_with("open.csv: line 2: a quoted value is not closed.")) << error;
}

TEST_F(DatasetsCsv, SortsNumericLabelsNumerically) {
    std::string path = writeFile("digits.csv", "x,digit\n0,10\n1,2\n2,9\n3,2\n");
    dl::Dataset d = dl::loadCsvDataset(path, "digit", dl::CsvTask::Classification);
    EXPECT_EQ(d.classNames, (std::vector<std::string>{"2", "9", "10"}));
    ASSERT_EQ(d.y.rows(), 4);
    EXPECT_FLOAT_EQ(d.y(0, 0), 2.0f);
    EXPECT_FLOAT_EQ(d.y(3, 0), 0.0f);
}

TEST_F(DatasetsCsv, LoadsRegression) {
    std::string path = writeFile("reg.csv", "a,b,y\n1,2,0.5\n3,4,-1.25\n");
    dl::Dataset d = dl::loadCsvDataset(path, "y", dl::CsvTask::Regression);
    EXPECT_EQ(d.numClasses, 0);
    ASSERT_EQ(d.y.rows(), 2);
    ASSERT_EQ(d.x.rows(), 2);
    ASSERT_EQ(d.x.cols(), 2);
    EXPECT_FLOAT_EQ(d.y(1, 0), -1.25f);
    EXPECT_FLOAT_EQ(d.x(1, 1), 4.0f);
}

struct CsvError {
    std::string name;
    std::string content;
    std::string target;
    std::string message;  // what follows "<path>: " at the start of the error
};

void PrintTo(const CsvError& row, std::ostream* os) {
    *os << row.name;
}

class DatasetsCsvError : public DatasetsCsv, public ::testing::WithParamInterface<CsvError> {};

TEST_P(DatasetsCsvError, NamesTheFileAndLine) {
    const CsvError& row = GetParam();
    std::string path = writeFile("data.csv", row.content);
    const std::string error =
        errorOf([&] { dl::loadCsvDataset(path, row.target, dl::CsvTask::Classification); });
    EXPECT_TRUE(error.starts_with(path + ": " + row.message))
        << "got: " << error << "\nwant a start of: " << path << ": " << row.message;
    EXPECT_TRUE(contains(error, "data.csv")) << error;
}

INSTANTIATE_TEST_SUITE_P(
    Files, DatasetsCsvError,
    ::testing::Values(
        CsvError{"missing_value", "x1,x2,label\n1,2,a\n3,,b\n", "label",
                 R"(line 3, column "x2": missing value.)"},
        CsvError{"non_numeric", "x1,x2,label\n1,2,a\n3,abc,b\n", "label",
                 R"(line 3, column "x2": expected a finite number, got "abc".)"},
        CsvError{"ragged_row", "x1,x2,label\n1,2,a\n3,4,b,5\n", "label",
                 "line 3: expected 3 values (one per header column), got 4."},
        CsvError{"short_row_after_blank", "x1,x2,label\n\n1,2,a\n3,4\n", "label",
                 "line 4: expected 3 values (one per header column), got 2."},
        CsvError{"missing_target_column", "x1,x2,label\n1,2,a\n", "class",
                 R"(no column named "class"; the header has "x1", "x2", "label".)"},
        CsvError{"missing_label", "x1,x2,label\n1,2,\n", "label",
                 R"(line 2, column "label": missing value.)"},
        CsvError{"NA", "x1,label\nNA,a\n", "label", R"(line 2, column "x1": missing value.)"},
        CsvError{"empty_file", "", "label",
                 "the file is empty; expected a header row naming the columns."},
        CsvError{"no_rows", "x1,label\n", "label", "the file has a header but no data rows."},
        CsvError{"one_class", "x1,label\n1,a\n2,a\n", "label",
                 R"(column "label" holds a single value)"},
        CsvError{"duplicate_column", "x,x,label\n1,2,a\n", "label",
                 R"(line 1: column "x" appears twice.)"},
        // A NUL byte is binary data, named by line and column, never cut into the message.
        CsvError{"nul_in_cell", "x1,x2,label\n1,2,a\n3\0,4,b\n"s, "label",
                 R"(line 3, column "x1": holds a NUL byte; a CSV file is text)"},
        CsvError{"nul_in_label", "x1,label\n1,a\0\n"s, "label",
                 R"(line 2, column "label": holds a NUL byte)"},
        CsvError{"nul_in_header", "x1,l\0abel\n1,a\n"s, "label",
                 "line 1: column 2's name holds a NUL byte; a CSV file is text"},
        CsvError{"utf16", "x\0,\0l\0\n\0"s, "l",
                 "line 1: column 1's name holds a NUL byte; a CSV file is text (is this file "
                 "binary or UTF-16?)."}),
    [](const auto& info) { return info.param.name; });

TEST_F(DatasetsCsv, RegressionNeedsNumbersAndFilesMustExist) {
    std::string path = writeFile("reg_bad.csv", "x,y\n1,2\n2,high\n");
    const std::string error =
        errorOf([&] { dl::loadCsvDataset(path, "y", dl::CsvTask::Regression); });
    EXPECT_TRUE(error.ends_with(
        R"(reg_bad.csv: line 3, column "y": expected a finite number, got "high".)"))
        << error;
    const std::string missing = dir_.file("absent.csv");
    EXPECT_EQ(errorOf([&] { dl::readCsvMatrix(missing); }), missing + ": no such file.");
    EXPECT_EQ(errorOf([&] { dl::readCsvMatrix(dir_.path().string()); }),
              dir_.path().string() + ": is a folder; expected a CSV file.");
}

// Cells and names are previewed in messages: escaped and cut to 40 characters, so a 1 MB cell
// or a header of 10 000 columns still gives one short line.
TEST_F(DatasetsCsv, MessagesPreviewLongCellsAndHeaders) {
    const std::string cell(1 << 20, '9');
    std::string path = writeFile("long.csv", "x,label\n" + cell + "x,a\n");
    std::string error =
        errorOf([&] { dl::loadCsvDataset(path, "label", dl::CsvTask::Classification); });
    EXPECT_TRUE(contains(error, R"(line 2, column "x": expected a finite number, got "999)"))
        << error;
    EXPECT_LT(error.size(), path.size() + 120) << error.substr(0, 300);

    path = writeFile("zeros.csv", "x,label\n" + std::string(1 << 20, '0') + "1e39,a\n");
    error = errorOf([&] { dl::loadCsvDataset(path, "label", dl::CsvTask::Classification); });
    EXPECT_TRUE(contains(error, "beyond the range of a float")) << error.substr(0, 300);
    EXPECT_LT(error.size(), path.size() + 160) << error.substr(0, 300);

    std::string header = "\x1b[31m" + std::string(1 << 20, 'h');
    for (int i = 0; i < 10000; ++i) header += ",c" + std::to_string(i);
    path = writeFile("wide.csv", header + "\n1\n");
    error = errorOf([&] { dl::loadCsvDataset(path, "label", dl::CsvTask::Classification); });
    EXPECT_TRUE(contains(error, R"(no column named "label"; the header has "\x1b[31mhhh)"))
        << error;
    EXPECT_TRUE(contains(error, "(10001 columns).")) << error;
    EXPECT_LT(error.size(), path.size() + 200) << error.substr(0, 300);
}

TEST_F(DatasetsCsv, MatrixReadsInputs) {
    std::vector<std::string> header;
    dl::Matrix m = dl::readCsvMatrix(writeFile("in.csv", "u,v\n1,2\n3,4.5\n"), &header);
    EXPECT_EQ(header, (std::vector<std::string>{"u", "v"}));
    ASSERT_EQ(m.rows(), 2);
    ASSERT_EQ(m.cols(), 2);
    EXPECT_FLOAT_EQ(m(1, 1), 4.5f);
    std::string bad = writeFile("in_bad.csv", "u,v\n1,2\n3,x\n");
    const std::string error = errorOf([&] { dl::readCsvMatrix(bad); });
    EXPECT_TRUE(error.ends_with(R"(line 3, column "v": expected a finite number, got "x".)"))
        << error;
}

// ---- standardising ----

TEST(DatasetsStandardizer, FitsAppliesAndRoundTrips) {
    dl::Matrix x(3, 2);
    x << 1, 10, 3, 10, 5, 10;
    dl::Standardizer s = dl::fitStandardizer(x);
    EXPECT_EQ(s.mean, (std::vector<double>{3, 10}));
    ASSERT_EQ(s.stddev.size(), 2u);
    EXPECT_DOUBLE_EQ(s.stddev[0], std::sqrt(8.0 / 3.0));
    EXPECT_DOUBLE_EQ(s.stddev[1], 1.0);  // constant column: left unscaled
    s.apply(x);
    EXPECT_TRUE(std::abs(x(2, 0) - 1.2247449f) < 1e-6f && x(1, 0) == 0.0f && x(0, 1) == 0.0f) << x;
    dl::Standardizer back = dl::Standardizer::fromJson(s.toJson(), "run.standardizer");
    EXPECT_EQ(back.mean, s.mean);
    EXPECT_EQ(back.stddev, s.stddev);
    dl::Matrix wrong(1, 3);
    EXPECT_EQ(errorOf([&] { s.apply(wrong); }), "the input has 3 columns but the model expects 2.");
    const std::string error = errorOf(
        [&] { dl::Standardizer::fromJson(json::parse(R"({"mean":[0],"std":[0]})"), "run.scale"); });
    EXPECT_TRUE(error.starts_with("run.scale.std: value 0 is 0; expected a standard deviation"))
        << error;
}

TEST_F(DatasetsCsv, SplitIsStandardisedWithTrainingStatistics) {
    std::string csv = "a,b,label\n";
    for (int i = 0; i < 100; ++i)
        csv += std::to_string(i) + "," + std::to_string(3 * i + 7) + "," +
               (i % 2 ? "odd" : "even") + "\n";
    std::string path = writeFile("numbers.csv", csv);
    dl::DatasetSpec s =
        spec("{\"kind\":\"csv\",\"target\":\"label\",\"path\":" + json(path).dump() + "}");
    dl::Standardizer fitted;
    dl::DataSplit split = dl::loadDataSplit(s, 5, &fitted);
    EXPECT_EQ(split.train.size(), 60);
    ASSERT_EQ(fitted.mean.size(), 2u);
    EXPECT_LT(std::abs(split.train.x.col(1).mean()), 1e-5f);
    dl::DataSplit raw = dl::splitDataset(dl::makeDataset(s, 5), 0.6, 0.2, 5);
    EXPECT_LT(std::abs(fitted.mean[0] - raw.train.x.col(0).cast<double>().mean()), 1e-9);
    fitted.apply(raw.val.x);
    EXPECT_TRUE(sameBits(raw.val.x, split.val.x));
    s.standardize = false;
    dl::Standardizer none;
    EXPECT_TRUE(sameBits(dl::loadDataSplit(s, 5, &none).test.x, raw.test.x));
    EXPECT_TRUE(none.empty());
}

}  // namespace
