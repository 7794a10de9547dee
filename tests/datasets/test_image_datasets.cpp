// The image data set kinds: generated "shapes" (deterministic, balanced, in [0, 1]) and
// "fashion-mnist" read from Debian's dataset-fashion-mnist package (skipped when absent).
#include <gtest/gtest.h>

#include <stdlib.h>

#include <optional>
#include <string>
#include <vector>

#include "base/input_error.h"
#include "datasets/dataset_factory.h"
#include "datasets/fashion_mnist.h"
#include "datasets/shape_images.h"
#include "tests/support/text_assertions.h"

using namespace dl;

namespace {

DatasetSpec spec(const char* text) {
    return DatasetSpec::fromJson(nlohmann::json::parse(text), "dataset");
}

// The InputError message `f` throws, or an empty string if it throws none.
template <class F>
std::string errorOf(F f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

using dl::test::contains;

bool fashionInstalled() {
    try {
        fashionMnistDir();
        return true;
    } catch (const InputError&) {
        return false;
    }
}

// Sets an environment variable for one scope and restores what was there before.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = getenv(name)) old_ = old;
        setenv(name, value, 1);
    }
    ~ScopedEnv() {
        if (old_)
            setenv(name_.c_str(), old_->c_str(), 1);
        else
            unsetenv(name_.c_str());
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    std::string name_;
    std::optional<std::string> old_;
};

TEST(ShapesDataset, AreImages) {
    Dataset d = makeShapes(402, 0.1, 5);
    ASSERT_EQ(d.size(), 402);
    EXPECT_EQ(d.sampleShape, (std::vector<int>{1, 16, 16}));
    EXPECT_EQ(d.numClasses, 4);
    EXPECT_EQ(d.classNames, (std::vector<std::string>{"square", "circle", "cross", "bar"}));
    EXPECT_TRUE(d.x.minCoeff() >= 0.0f && d.x.maxCoeff() <= 1.0f);
    std::vector<int> counts(4, 0);
    for (int i = 0; i < d.size(); ++i) {
        const int c = int(d.y(i, 0));
        ASSERT_TRUE(c >= 0 && c < 4) << "row " << i << " has class " << c;
        counts[c]++;
    }
    EXPECT_EQ(counts, (std::vector<int>{101, 101, 100, 100}));
}

TEST(ShapesDataset, AreSeeded) {
    EXPECT_TRUE(makeShapes(50, 0.2, 3).x == makeShapes(50, 0.2, 3).x);
    EXPECT_TRUE(makeShapes(50, 0.2, 3).x != makeShapes(50, 0.2, 4).x);
    // Without noise each image is a clean shape: some pixels on, most off.
    Dataset clean = makeShapes(40, 0.0, 1);
    for (int i = 0; i < clean.size(); ++i) {
        SCOPED_TRACE("image " + std::to_string(i));
        const long on = (clean.x.row(i).array() == 1.0f).count();
        EXPECT_TRUE(on >= 8 && on <= 128) << on << " pixels on";
        EXPECT_TRUE(((clean.x.row(i).array() == 0.0f) || (clean.x.row(i).array() == 1.0f)).all());
    }
}

TEST(ShapesDataset, SpecRoundTrips) {
    DatasetSpec s = spec(R"({"kind": "shapes", "samples": 200, "noise": 0.3})");
    EXPECT_TRUE(DatasetSpec::fromJson(s.toJson(), "dataset") == s) << s.toJson().dump();
    EXPECT_EQ(loadDataSplit(s, 1).train.sampleShape, (std::vector<int>{1, 16, 16}));
    const std::string error = errorOf([] { spec(R"({"kind": "shapes", "images": "x"})"); });
    EXPECT_TRUE(contains(error, "dataset.images"))
        << (error.empty() ? "images accepted for shapes" : error);
}

TEST(FashionMnistDataset, Subset) {
    if (!fashionInstalled()) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
    DatasetSpec s = spec(R"({"kind": "fashion-mnist", "samples": 1000})");
    EXPECT_TRUE(DatasetSpec::fromJson(s.toJson(), "dataset") == s) << s.toJson().dump();
    Dataset d = makeDataset(s, 1);
    ASSERT_EQ(d.size(), 1000);
    EXPECT_EQ(d.sampleShape, (std::vector<int>{1, 28, 28}));
    EXPECT_EQ(d.numClasses, 10);
    ASSERT_EQ(d.classNames.size(), 10u);
    EXPECT_EQ(d.classNames.front(), "T-shirt/top");
    EXPECT_EQ(d.classNames.back(), "Ankle boot");
    EXPECT_TRUE(d.x.minCoeff() >= 0.0f && d.x.maxCoeff() <= 1.0f);
    EXPECT_EQ(d.x.maxCoeff(), 1.0f);
    EXPECT_FLOAT_EQ(d.y(0, 0), 9.0f);  // the first training image is an ankle boot
}

TEST(FashionMnistDataset, AllAndTooMany) {
    if (!fashionInstalled()) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
    Dataset d = makeDataset(spec(R"({"kind": "fashion-mnist", "samples": 60005})"), 1);
    EXPECT_EQ(d.size(), 60005);  // the training file, then the test file's first images
    const std::string error =
        errorOf([] { makeDataset(spec(R"({"kind": "fashion-mnist", "samples": 70001})"), 1); });
    EXPECT_TRUE(contains(error, "dataset.samples"))
        << (error.empty() ? "70001 samples accepted" : error);
}

TEST(FashionMnistDataset, DirectoryOverride) {
    const ScopedEnv env("DL_FASHION_MNIST_DIR", "/nonexistent-folder");
    const std::string error = errorOf([] { fashionMnistDir(); });
    EXPECT_TRUE(contains(error, "/nonexistent-folder"))
        << (error.empty() ? "a folder without the files was accepted" : error);
}

}  // namespace
