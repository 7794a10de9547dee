// The image data set kinds: generated "shapes" (deterministic, balanced, in [0, 1]) and
// "fashion-mnist" read from Debian's dataset-fashion-mnist package (skipped when absent).
#include <QtTest>

#include <filesystem>

#include "core/config_error.h"
#include "datasets/dataset_factory.h"
#include "datasets/fashion_mnist.h"
#include "datasets/shape_images.h"

using namespace dl;

namespace {

DatasetSpec spec(const char* text) {
    return DatasetSpec::fromJson(nlohmann::json::parse(text), "dataset");
}

bool fashionInstalled() {
    try {
        fashionMnistDir();
        return true;
    } catch (const InputError&) {
        return false;
    }
}

}  // namespace

class ImageDatasetTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void shapesAreImages() {
        Dataset d = makeShapes(402, 0.1, 5);
        QCOMPARE(d.size(), 402);
        QCOMPARE(d.sampleShape, (std::vector<int>{1, 16, 16}));
        QCOMPARE(d.numClasses, 4);
        QCOMPARE(d.classNames, (std::vector<std::string>{"square", "circle", "cross", "bar"}));
        QVERIFY(d.x.minCoeff() >= 0.0f && d.x.maxCoeff() <= 1.0f);
        std::vector<int> counts(4, 0);
        for (int i = 0; i < d.size(); ++i) counts[int(d.y(i, 0))]++;
        QCOMPARE(counts, (std::vector<int>{101, 101, 100, 100}));
    }
    void shapesAreSeeded() {
        QCOMPARE(makeShapes(50, 0.2, 3).x, makeShapes(50, 0.2, 3).x);
        QVERIFY(makeShapes(50, 0.2, 3).x != makeShapes(50, 0.2, 4).x);
        // Without noise each image is a clean shape: some pixels on, most off.
        Dataset clean = makeShapes(40, 0.0, 1);
        for (int i = 0; i < clean.size(); ++i) {
            const long on = (clean.x.row(i).array() == 1.0f).count();
            QVERIFY(on >= 8 && on <= 128);
            QVERIFY(((clean.x.row(i).array() == 0.0f) || (clean.x.row(i).array() == 1.0f)).all());
        }
    }
    void shapesSpecRoundTrip() {
        DatasetSpec s = spec(R"({"kind": "shapes", "samples": 200, "noise": 0.3})");
        QCOMPARE(DatasetSpec::fromJson(s.toJson(), "dataset"), s);
        QCOMPARE(loadDataSplit(s, 1).train.sampleShape, (std::vector<int>{1, 16, 16}));
        try {
            spec(R"({"kind": "shapes", "images": "x"})");
            QFAIL("images accepted for shapes");
        } catch (const InputError& e) {
            QVERIFY(QString(e.what()).contains("dataset.images"));
        }
    }
    void fashionMnistSubset() {
        if (!fashionInstalled()) QSKIP("dataset-fashion-mnist is not installed");
        DatasetSpec s = spec(R"({"kind": "fashion-mnist", "samples": 1000})");
        QCOMPARE(DatasetSpec::fromJson(s.toJson(), "dataset"), s);
        Dataset d = makeDataset(s, 1);
        QCOMPARE(d.size(), 1000);
        QCOMPARE(d.sampleShape, (std::vector<int>{1, 28, 28}));
        QCOMPARE(d.numClasses, 10);
        QCOMPARE(d.classNames.front(), std::string("T-shirt/top"));
        QCOMPARE(d.classNames.back(), std::string("Ankle boot"));
        QVERIFY(d.x.minCoeff() >= 0.0f && d.x.maxCoeff() <= 1.0f);
        QVERIFY(d.x.maxCoeff() == 1.0f);
        QCOMPARE(d.y(0, 0), 9.0f);  // the first training image is an ankle boot
    }
    void fashionMnistAllAndTooMany() {
        if (!fashionInstalled()) QSKIP("dataset-fashion-mnist is not installed");
        Dataset d = makeDataset(spec(R"({"kind": "fashion-mnist", "samples": 60005})"), 1);
        QCOMPARE(d.size(), 60005);  // the training file, then the test file's first images
        try {
            makeDataset(spec(R"({"kind": "fashion-mnist", "samples": 70001})"), 1);
            QFAIL("70001 samples accepted");
        } catch (const InputError& e) {
            QVERIFY(QString(e.what()).contains("dataset.samples"));
        }
    }
    void fashionDirectoryOverride() {
        qputenv("DL_FASHION_MNIST_DIR", "/nonexistent-folder");
        try {
            fashionMnistDir();
            QFAIL("a folder without the files was accepted");
        } catch (const InputError& e) {
            QVERIFY(QString(e.what()).contains("/nonexistent-folder"));
        }
        qunsetenv("DL_FASHION_MNIST_DIR");
    }
};

QTEST_APPLESS_MAIN(ImageDatasetTest)
#include "test_image_datasets.moc"
