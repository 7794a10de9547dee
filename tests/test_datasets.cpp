// Tests of datasets/: toy generators, the dataset spec, splitting, CSV loading, standardising.
#include <QTemporaryDir>

#include <QtTest>
#include <set>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <tuple>

#include "core/config_error.h"
#include "datasets/csv_loader.h"
#include "datasets/data_split.h"
#include "datasets/dataset_factory.h"
#include "datasets/dataset_spec.h"
#include "datasets/standardizer.h"
#include "datasets/toy_generators.h"

using nlohmann::json;

namespace {

constexpr double kTwoPi = 6.283185307179586;

// The InputError message `f` throws, or an empty string if it throws none.
template <class F>
QString errorOf(F f) {
    try {
        f();
    } catch (const dl::InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

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

dl::DatasetSpec spec(const char* text) {
    return dl::DatasetSpec::fromJson(json::parse(text), "dataset");
}

}  // namespace

class DatasetsTest : public QObject {
    Q_OBJECT

  private:
    QTemporaryDir dir_;

    std::string writeFile(const QString& name, const QByteArray& content) {
        QString path = dir_.filePath(name);
        std::ofstream(path.toStdString(), std::ios::binary) << content.toStdString();
        return path.toStdString();
    }

  private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void generatorsAreDeterministic_data() {
        QTest::addColumn<QByteArray>("config");
        for (const char* kind : {"spiral", "moons", "circles", "xor", "blobs", "sine-gap"})
            QTest::newRow(kind) << QByteArray("{\"kind\":\"") + kind + "\"}";
    }

    void generatorsAreDeterministic() {
        QFETCH(QByteArray, config);
        dl::DatasetSpec s = spec(config.constData());
        dl::Dataset a = dl::makeDataset(s, 42), b = dl::makeDataset(s, 42),
                    c = dl::makeDataset(s, 43);
        QCOMPARE(a.size(), 600);
        QVERIFY(sameBits(a.x, b.x));
        QVERIFY(sameBits(a.y, b.y));
        QVERIFY(!sameBits(a.x, c.x));
        QVERIFY(a.x.allFinite() && a.y.allFinite());
    }

    void seedOffsetShiftsTheSeed() {
        dl::Dataset shifted = dl::makeDataset(spec(R"({"kind":"spiral","seed_offset":3})"), 10);
        QVERIFY(sameBits(shifted.x, dl::makeSpiral(600, 2, 0.2, 13).x));
    }

    void classesAreBalanced() {
        QCOMPARE(classCounts(dl::makeSpiral(601, 3, 0.2, 1)), (std::vector<int>{201, 200, 200}));
        QCOMPARE(classCounts(dl::makeBlobs(600, 5, 0.2, 1)), (std::vector<int>(5, 120)));
        QCOMPARE(classCounts(dl::makeMoons(601, 0.1, 1)), (std::vector<int>{301, 300}));
        QCOMPARE(classCounts(dl::makeXor(600, 0.1, 1)), (std::vector<int>{300, 300}));
    }

    void spiralArmsFollowTheirCurves() {
        dl::Dataset d = dl::makeSpiral(800, 4, 0.0, 5);
        QCOMPARE(d.numClasses, 4);
        QCOMPARE(d.classNames,
                 (std::vector<std::string>{"class 0", "class 1", "class 2", "class 3"}));
        QCOMPARE(d.sampleShape, std::vector<int>{2});
        for (int i = 0; i < d.size(); ++i) {
            double x = d.x(i, 0), y = d.x(i, 1), r = std::hypot(x, y);
            double angle = kTwoPi * (d.y(i, 0) / 4.0 + 1.25 * r);
            QVERIFY(r <= 1.0);
            QVERIFY2(std::abs(x - r * std::cos(angle)) < 1e-5 &&
                         std::abs(y - r * std::sin(angle)) < 1e-5,
                     qPrintable(QString("row %1 is off its arm").arg(i)));
        }
        dl::Dataset noisy = dl::makeSpiral(600, 2, 0.2, 5);
        QVERIFY(noisy.x.cwiseAbs().maxCoeff() <= 1.0f);
    }

    void moonsCirclesAndXorHaveTheirShapes() {
        dl::Dataset moons = dl::makeMoons(400, 0.0, 2);
        for (int i = 0; i < moons.size(); ++i) {
            bool upper = moons.y(i, 0) == 0;  // upper moon centred (-0.5, -0.25), lower (0.5, 0.25)
            double dx = moons.x(i, 0) - (upper ? -0.5 : 0.5),
                   dy = moons.x(i, 1) - (upper ? -0.25 : 0.25);
            QVERIFY(std::abs(std::hypot(dx, dy) - 1.0) < 1e-5);
            QVERIFY(upper ? dy >= -1e-6 : dy <= 1e-6);
        }
        dl::Dataset circles = dl::makeCircles(400, 0.0, 2);
        for (int i = 0; i < circles.size(); ++i)
            QVERIFY(std::abs(circles.x.row(i).norm() - (circles.y(i, 0) == 0 ? 1.0 : 0.5)) < 1e-5);
        dl::Dataset xorSet = dl::makeXor(400, 0.0, 2);
        std::map<std::pair<bool, bool>, int> quadrants;
        for (int i = 0; i < xorSet.size(); ++i) {
            float x = xorSet.x(i, 0), y = xorSet.x(i, 1);
            QCOMPARE(xorSet.y(i, 0), x * y > 0 ? 1.0f : 0.0f);
            QVERIFY(std::abs(x) >= 0.1f && std::abs(y) >= 0.1f && std::abs(x) <= 1 &&
                    std::abs(y) <= 1);
            ++quadrants[{x > 0, y > 0}];
        }
        for (const auto& [quadrant, count] : quadrants) QCOMPARE(count, 100);
    }

    void blobsSitAroundTheirCentres() {
        dl::Dataset d = dl::makeBlobs(3000, 3, 0.25, 9);
        for (int c = 0; c < 3; ++c) {
            Eigen::Vector2d sum(0, 0);
            for (int i = 0; i < d.size(); ++i)
                if (d.y(i, 0) == c) sum += d.x.row(i).transpose().cast<double>();
            Eigen::Vector2d mean = sum / 1000.0;
            QVERIFY(std::abs(mean.x() - std::cos(kTwoPi * c / 3)) < 0.05);
            QVERIFY(std::abs(mean.y() - std::sin(kTwoPi * c / 3)) < 0.05);
        }
    }

    void sineGapLeavesTheGapEmpty() {
        dl::Dataset d = dl::makeDataset(spec(R"({"kind":"sine-gap","samples":5000,"noise":0})"), 3);
        QCOMPARE(d.x.cols(), 1);
        QCOMPARE(d.y.cols(), 1);
        QCOMPARE(d.numClasses, 0);
        int left = 0, right = 0;
        for (int i = 0; i < d.size(); ++i) {
            float x = d.x(i, 0);
            QVERIFY2(x < -1.0f || x > 1.0f, qPrintable(QString("x = %1 lies in the gap").arg(x)));
            QVERIFY(x >= -4.0f && x <= 4.0f);
            QVERIFY(std::abs(d.y(i, 0) - std::sin(x)) < 1e-6);
            (x < 0 ? left : right)++;
        }
        QVERIFY(left > 2000 && right > 2000);  // each side holds 3/6 of the measure
        dl::Dataset edge = dl::makeSineGap(2000, {-4, 4}, {1, 4}, 0.1, 3);
        QVERIFY(edge.x.maxCoeff() < 1.0f && edge.x.minCoeff() >= -4.0f);
    }

    void splitSizesAreExactAndPartsDisjoint() {
        dl::Dataset d = dl::makeSpiral(600, 2, 0.2, 4);
        dl::DataSplit s = dl::splitDataset(d, 0.6, 0.2, 4);
        QCOMPARE(s.train.size(), 360);
        QCOMPARE(s.val.size(), 120);
        QCOMPARE(s.test.size(), 120);
        QCOMPARE(sortedRows({&s.train, &s.val, &s.test}), sortedRows({&d}));
        QCOMPARE(s.val.classNames, d.classNames);
        QCOMPARE(s.test.numClasses, 2);
        dl::DataSplit r =
            dl::splitDataset(dl::makeSineGap(100, {-4, 4}, {-1, 1}, 0.1, 4), 0.5, 0.3, 4);
        QCOMPARE(r.train.size(), 50);
        QCOMPARE(r.val.size(), 30);
        QCOMPARE(r.test.size(), 20);
    }

    void splitIsStratifiedAndShuffled() {
        dl::DataSplit s = dl::splitDataset(dl::makeBlobs(600, 3, 0.3, 8), 0.6, 0.2, 8);
        QCOMPARE(classCounts(s.train), (std::vector<int>{120, 120, 120}));
        QCOMPARE(classCounts(s.val), (std::vector<int>{40, 40, 40}));
        QCOMPARE(classCounts(s.test), (std::vector<int>{40, 40, 40}));
        int changes = 0;  // classes interleave rather than come in blocks
        for (int i = 1; i < s.train.size(); ++i) changes += s.train.y(i, 0) != s.train.y(i - 1, 0);
        QVERIFY(changes > 100);
    }

    // Every stretch of every part mixes the classes: with ordering by the split key, each part
    // began with the few classes whose own cut fell lowest (on Fashion-MNIST, 48 validation
    // images of 4 classes).
    void everyPartStartsWithMixedClasses() {
        dl::Dataset d;
        d.numClasses = 10;
        d.sampleShape = {1};
        d.x = dl::Matrix::Zero(10000, 1);
        d.y.resize(10000, 1);
        for (int i = 0; i < 10000; ++i) d.y(i, 0) = float(i / 1000);  // classes in blocks
        const dl::DataSplit s = dl::splitDataset(d, 0.8, 0.1, 1);
        for (const dl::Dataset* part : {&s.train, &s.val, &s.test}) {
            std::set<int> first;
            for (int r = 0; r < 48; ++r) first.insert(int(part->y(r, 0)));
            QVERIFY2(first.size() >= 7, qPrintable(QString("%1 classes").arg(first.size())));
        }
    }

    void splitIsDeterministic() {
        dl::Dataset d = dl::makeMoons(300, 0.1, 1);
        dl::DataSplit a = dl::splitDataset(d, 0.6, 0.2, 7), b = dl::splitDataset(d, 0.6, 0.2, 7);
        dl::DataSplit c = dl::splitDataset(d, 0.6, 0.2, 8);
        QVERIFY(sameBits(a.train.x, b.train.x) && sameBits(a.test.y, b.test.y));
        QVERIFY(!sameBits(a.train.x, c.train.x));
        dl::DataSplit viaSpec = dl::loadDataSplit(spec(R"({"kind":"moons","samples":300})"), 1);
        QVERIFY(sameBits(viaSpec.val.x, dl::splitDataset(d, 0.6, 0.2, 1).val.x));
    }

    void splitRejectsEmptyParts() {
        dl::Dataset d = dl::makeSpiral(10, 2, 0.2, 1);
        QCOMPARE(errorOf([&] { dl::splitDataset(d, 0.6, 0.02, 1); }),
                 QString("dataset: the split leaves the validation set empty; use more samples or "
                         "a larger val fraction."));
        QVERIFY(errorOf([&] { dl::splitDataset(d, 0.85, 0.1, 1); }).contains("test set empty"));
        QVERIFY(errorOf([&] {
                    dl::loadDataSplit(spec(R"({"kind":"blobs","samples":10,
            "classes":10})"),
                                      1);
                }).contains("set empty"));
    }

    void specRoundTrips_data() {
        QTest::addColumn<QByteArray>("config");
        QTest::newRow("spiral") << QByteArray(R"({"kind":"spiral","samples":900,"noise":0.35,
            "arms":3,"split":{"train":0.7,"val":0.15},"seed_offset":-4})");
        QTest::newRow("moons") << QByteArray(R"({"kind":"moons"})");
        QTest::newRow("circles") << QByteArray(R"({"kind":"circles","noise":0})");
        QTest::newRow("xor") << QByteArray(R"({"kind":"xor","samples":40})");
        QTest::newRow("blobs") << QByteArray(R"({"kind":"blobs","classes":6})");
        QTest::newRow("sine-gap") << QByteArray(
            R"({"kind":"sine-gap","gap":[0.5,2],"range":[-6,6]})");
        QTest::newRow("csv") << QByteArray(R"({"kind":"csv","path":"d.csv","target":"y",
            "task":"regression","standardize":false})");
    }

    void specRoundTrips() {
        QFETCH(QByteArray, config);
        dl::DatasetSpec s = spec(config.constData());
        json written = s.toJson();
        dl::DatasetSpec back = dl::DatasetSpec::fromJson(written, "dataset");
        QVERIFY(back == s);
        QCOMPARE(back.toJson(), written);
        json given = json::parse(config.constData());
        for (const auto& [key, value] : given.items())
            QVERIFY2(written.at(key) == value, qPrintable(QString::fromStdString(key)));
        QVERIFY(written.contains("split") && written.contains("seed_offset"));
    }

    void specFillsDefaults() {
        json moons = spec(R"({"kind":"moons"})").toJson();
        QCOMPARE(moons, json::parse(R"({"kind":"moons","samples":600,"noise":0.1,
            "split":{"train":0.6,"val":0.2},"seed_offset":0})"));
        json sine = spec(R"({"kind":"sine-gap"})").toJson();
        QCOMPARE(sine["gap"], json::parse("[-1, 1]"));
        QCOMPARE(sine["range"], json::parse("[-4, 4]"));
        QCOMPARE(spec(R"({"kind":"csv","path":"a.csv","target":"t"})").toJson()["standardize"],
                 json(true));
        QCOMPARE(spec(R"({"kind":"blobs"})").classes, 3);
        QCOMPARE(spec(R"({"kind":"spiral"})").noiseLevel(), 0.2);
        dl::DatasetSpec code;  // built in code: noise follows the kind until set
        code.kind = "blobs";
        QCOMPARE(code.noiseLevel(), 0.25);
    }

    void specErrors_data() {
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown field")
            << QByteArray(R"({"kind":"spiral","nosie":0.1})") << "dataset.nosie: unknown field.";
        QTest::newRow("bad kind")
            << QByteArray(R"({"kind":"spirals"})")
            << R"(dataset.kind: expected one of "spiral", "moons", "circles", )"
               R"("xor", "blobs", "sine-gap", "csv", "shapes", "fashion-mnist", "idx", "sine-forecast", "sequence-class", "w4-sines", "w1-spiral", "w2-pixels", "w5-grid", got "spirals".)";
        QTest::newRow("no kind")
            << QByteArray("{}")
            << R"(dataset.kind: this field is required; expected one of "spiral")";
        QTest::newRow("samples 0") << QByteArray(R"({"kind":"spiral","samples":0})")
                                   << "dataset.samples: expected a whole number ≥ 10, got 0.";
        QTest::newRow("samples 2.5") << QByteArray(R"({"kind":"xor","samples":2.5})")
                                     << "dataset.samples: expected a whole number, got 2.5.";
        QTest::newRow("arms 1") << QByteArray(R"({"kind":"spiral","arms":1})")
                                << "dataset.arms: expected a whole number ≥ 2, got 1.";
        QTest::newRow("misplaced")
            << QByteArray(R"({"kind":"moons","arms":3})")
            << R"(dataset.arms: does not apply to kind "moons"; it is used by "spiral".)";
        QTest::newRow("negative noise") << QByteArray(R"({"kind":"circles","noise":-0.1})")
                                        << "dataset.noise: expected a value in [0, 10], got -0.1.";
        QTest::newRow("train 1.2")
            << QByteArray(R"({"kind":"xor","split":{"train":1.2}})")
            << "dataset.split.train: expected a fraction in (0, 1), got 1.2.";
        QTest::newRow("val 0") << QByteArray(R"({"kind":"xor","split":{"val":0}})")
                               << "dataset.split.val: expected a fraction in (0, 1), got 0.";
        QTest::newRow("sum 1")
            << QByteArray(R"({"kind":"xor","split":{"train":0.7,"val":0.3}})")
            << "dataset.split: expected train + val < 1 so the test set gets the "
               "rest, got 0.7 + 0.3.";
        QTest::newRow("split test") << QByteArray(R"({"kind":"xor","split":{"test":0.2}})")
                                    << "dataset.split.test: unknown field.";
        QTest::newRow("gap order")
            << QByteArray(R"({"kind":"sine-gap","gap":[1,-1]})")
            << "dataset.gap: expected [lo, hi] with two numbers lo < hi, got [1,-1].";
        QTest::newRow("gap outside")
            << QByteArray(R"({"kind":"sine-gap","gap":[-5,5]})")
            << "dataset.gap: expected an interval inside the range [-4, 4]";
        QTest::newRow("csv target") << QByteArray(R"({"kind":"csv","path":"a.csv"})")
                                    << "dataset.target: this field is required.";
        QTest::newRow("csv task")
            << QByteArray(R"({"kind":"csv","path":"a.csv","target":"y","task":"rank"})")
            << R"(dataset.task: expected one of "classification", "regression", got "rank".)";
        QTest::newRow("csv samples")
            << QByteArray(R"({"kind":"csv","path":"a.csv","target":"y","samples":50})")
            << R"(dataset.samples: does not apply to kind "csv")";
    }

    void specErrors() {
        QFETCH(QByteArray, config);
        QFETCH(QString, message);
        QString error = errorOf([&] { spec(config.constData()); });
        QVERIFY2(error.startsWith(message), qPrintable("got: " + error));
    }

    void csvLoadsClassification() {
        std::string path = writeFile("good.csv",
                                     "x1, \"label\" ,x2\r\n1.5,b,-2\r\n3,a,4e-1\r\n"
                                     "\r\n-0.25, b ,+7\r\n");
        dl::Dataset d = dl::loadCsvDataset(path, "label", dl::CsvTask::Classification);
        dl::Matrix x(3, 2);
        x << 1.5f, -2.0f, 3.0f, 0.4f, -0.25f, 7.0f;
        QVERIFY(d.x == x);
        QCOMPARE(d.y.col(0), Eigen::VectorXf((Eigen::VectorXf(3) << 1, 0, 1).finished()));
        QCOMPARE(d.classNames, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(d.numClasses, 2);
        QCOMPARE(d.sampleShape, std::vector<int>{2});
        QCOMPARE(d.name, std::string("good"));
    }

    void csvParsesQuotedCells() {
        std::string path = writeFile("quoted.csv",
                                     "\"width, cm\",\"kind\"\n"
                                     "1, \"say \"\"hi\"\", then go\"\n2,plain\n");
        dl::Dataset d = dl::loadCsvDataset(path, "kind", dl::CsvTask::Classification);
        QCOMPARE(d.classNames, (std::vector<std::string>{"plain", "say \"hi\", then go"}));
        QCOMPARE(d.x(1, 0), 2.0f);
        std::string open = writeFile("open.csv", "a,b\n1,\"oops\n");
        QVERIFY(errorOf([&] {
                    dl::readCsvMatrix(open);
                }).endsWith("open.csv: line 2: a quoted value is not closed."));
    }

    void csvSortsNumericLabelsNumerically() {
        std::string path = writeFile("digits.csv", "x,digit\n0,10\n1,2\n2,9\n3,2\n");
        dl::Dataset d = dl::loadCsvDataset(path, "digit", dl::CsvTask::Classification);
        QCOMPARE(d.classNames, (std::vector<std::string>{"2", "9", "10"}));
        QCOMPARE(d.y(0, 0), 2.0f);
        QCOMPARE(d.y(3, 0), 0.0f);
    }

    void csvLoadsRegression() {
        std::string path = writeFile("reg.csv", "a,b,y\n1,2,0.5\n3,4,-1.25\n");
        dl::Dataset d = dl::loadCsvDataset(path, "y", dl::CsvTask::Regression);
        QCOMPARE(d.numClasses, 0);
        QCOMPARE(d.y.rows(), 2);
        QCOMPARE(d.y(1, 0), -1.25f);
        QCOMPARE(d.x(1, 1), 4.0f);
    }

    void csvErrors_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing value") << QByteArray("x1,x2,label\n1,2,a\n3,,b\n") << "label"
                                       << R"(line 3, column "x2": missing value.)";
        QTest::newRow("non-numeric")
            << QByteArray("x1,x2,label\n1,2,a\n3,abc,b\n") << "label"
            << R"(line 3, column "x2": expected a finite number, got "abc".)";
        QTest::newRow("ragged row") << QByteArray("x1,x2,label\n1,2,a\n3,4,b,5\n") << "label"
                                    << "line 3: expected 3 values (one per header column), got 4.";
        QTest::newRow("short row after blank")
            << QByteArray("x1,x2,label\n\n1,2,a\n3,4\n") << "label"
            << "line 4: expected 3 values (one per header column), got 2.";
        QTest::newRow("missing target column")
            << QByteArray("x1,x2,label\n1,2,a\n") << "class"
            << R"(no column named "class"; the header has "x1", "x2", "label".)";
        QTest::newRow("missing label") << QByteArray("x1,x2,label\n1,2,\n") << "label"
                                       << R"(line 2, column "label": missing value.)";
        QTest::newRow("NA") << QByteArray("x1,label\nNA,a\n") << "label"
                            << R"(line 2, column "x1": missing value.)";
        QTest::newRow("empty file")
            << QByteArray("") << "label"
            << "the file is empty; expected a header row naming the columns.";
        QTest::newRow("no rows") << QByteArray("x1,label\n") << "label"
                                 << "the file has a header but no data rows.";
        QTest::newRow("one class") << QByteArray("x1,label\n1,a\n2,a\n") << "label"
                                   << R"(column "label" holds a single value)";
        QTest::newRow("duplicate column") << QByteArray("x,x,label\n1,2,a\n") << "label"
                                          << R"(line 1: column "x" appears twice.)";
    }

    void csvErrors() {
        QFETCH(QByteArray, content);
        QFETCH(QString, target);
        QFETCH(QString, message);
        std::string path = writeFile("data.csv", content);
        QString error = errorOf(
            [&] { dl::loadCsvDataset(path, target.toStdString(), dl::CsvTask::Classification); });
        QVERIFY2(error.startsWith(QString::fromStdString(path) + ": " + message),
                 qPrintable(error));
        QVERIFY(error.contains("data.csv"));
    }

    void csvRegressionNeedsNumbersAndFilesMustExist() {
        std::string path = writeFile("reg_bad.csv", "x,y\n1,2\n2,high\n");
        QString error = errorOf([&] { dl::loadCsvDataset(path, "y", dl::CsvTask::Regression); });
        QVERIFY2(error.endsWith(
                     R"(reg_bad.csv: line 3, column "y": expected a finite number, got "high".)"),
                 qPrintable(error));
        std::string missing = dir_.filePath("absent.csv").toStdString();
        QCOMPARE(errorOf([&] { dl::readCsvMatrix(missing); }),
                 QString::fromStdString(missing + ": cannot open the file for reading."));
    }

    void csvMatrixReadsInputs() {
        std::vector<std::string> header;
        dl::Matrix m = dl::readCsvMatrix(writeFile("in.csv", "u,v\n1,2\n3,4.5\n"), &header);
        QCOMPARE(header, (std::vector<std::string>{"u", "v"}));
        QCOMPARE(m.rows(), 2);
        QCOMPARE(m(1, 1), 4.5f);
        std::string bad = writeFile("in_bad.csv", "u,v\n1,2\n3,x\n");
        QVERIFY(errorOf([&] {
                    dl::readCsvMatrix(bad);
                }).endsWith(R"(line 3, column "v": expected a finite number, got "x".)"));
    }

    void standardizerFitsAppliesAndRoundTrips() {
        dl::Matrix x(3, 2);
        x << 1, 10, 3, 10, 5, 10;
        dl::Standardizer s = dl::fitStandardizer(x);
        QCOMPARE(s.mean, (std::vector<double>{3, 10}));
        QCOMPARE(s.stddev[0], std::sqrt(8.0 / 3.0));
        QCOMPARE(s.stddev[1], 1.0);  // constant column: left unscaled
        s.apply(x);
        QVERIFY(std::abs(x(2, 0) - 1.2247449f) < 1e-6f && x(1, 0) == 0.0f && x(0, 1) == 0.0f);
        dl::Standardizer back = dl::Standardizer::fromJson(s.toJson(), "run.standardizer");
        QCOMPARE(back.mean, s.mean);
        QCOMPARE(back.stddev, s.stddev);
        dl::Matrix wrong(1, 3);
        QCOMPARE(errorOf([&] { s.apply(wrong); }),
                 QString("the input has 3 columns but the model expects 2."));
        QVERIFY(errorOf([&] {
                    dl::Standardizer::fromJson(json::parse(R"({"mean":[0],"std":[0]})"),
                                               "run.scale");
                }).startsWith("run.scale.std: expected positive values"));
    }

    void csvSplitIsStandardisedWithTrainingStatistics() {
        QByteArray csv = "a,b,label\n";
        for (int i = 0; i < 100; ++i)
            csv += QByteArray::number(i) + "," + QByteArray::number(3 * i + 7) + "," +
                   (i % 2 ? "odd" : "even") + "\n";
        std::string path = writeFile("numbers.csv", csv);
        dl::DatasetSpec s = spec(
            ("{\"kind\":\"csv\",\"target\":\"label\",\"path\":" + json(path).dump() + "}").c_str());
        dl::Standardizer fitted;
        dl::DataSplit split = dl::loadDataSplit(s, 5, &fitted);
        QCOMPARE(split.train.size(), 60);
        QCOMPARE(fitted.mean.size(), std::size_t(2));
        QVERIFY(std::abs(split.train.x.col(1).mean()) < 1e-5f);
        dl::DataSplit raw = dl::splitDataset(dl::makeDataset(s, 5), 0.6, 0.2, 5);
        QVERIFY(std::abs(fitted.mean[0] - raw.train.x.col(0).cast<double>().mean()) < 1e-9);
        fitted.apply(raw.val.x);
        QVERIFY(sameBits(raw.val.x, split.val.x));
        s.standardize = false;
        dl::Standardizer none;
        QVERIFY(sameBits(dl::loadDataSplit(s, 5, &none).test.x, raw.test.x));
        QVERIFY(none.empty());
    }
};

QTEST_APPLESS_MAIN(DatasetsTest)
#include "test_datasets.moc"
