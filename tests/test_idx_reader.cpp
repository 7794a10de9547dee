// The IDX reader on tiny files written in a temporary folder: plain and gzip files read back
// exactly; a truncated file, a wrong magic number and an image/label count mismatch each give
// one sentence naming the file. Also the "idx" data set kind built from such files.
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <fstream>

#include "core/config_error.h"
#include "datasets/dataset_factory.h"
#include "datasets/idx_reader.h"

using namespace dl;

namespace {

using Bytes = std::vector<std::uint8_t>;

// An IDX file of unsigned bytes: magic 0x000008nn, big-endian dims, then the values.
Bytes idxBytes(const std::vector<int>& dims, const Bytes& values) {
    Bytes b = {0, 0, 0x08, std::uint8_t(dims.size())};
    for (int d : dims)
        for (int shift : {24, 16, 8, 0}) b.push_back(std::uint8_t(d >> shift));
    b.insert(b.end(), values.begin(), values.end());
    return b;
}

Bytes ramp(int n) {
    Bytes v(n);
    for (int i = 0; i < n; ++i) v[i] = std::uint8_t((i * 37) % 256);
    return v;
}

// The InputError message `f` throws, or an empty string if it throws none.
template <class F>
QString errorOf(F f) {
    try {
        f();
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class IdxReaderTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    std::string write(const char* name, const Bytes& bytes, bool gz = false) {
        const std::string path = dir_.filePath(name).toStdString();
        if (gz) {
            gzFile f = gzopen(path.c_str(), "wb");
            gzwrite(f, bytes.data(), unsigned(bytes.size()));
            gzclose(f);
        } else {
            std::ofstream(path, std::ios::binary)
                .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
        }
        return path;
    }

  private Q_SLOTS:
    void readsPlainFile() {
        const auto path = write("img", idxBytes({3, 2, 4}, ramp(24)));
        IdxArray a = readIdx(path);
        QCOMPARE(a.dims, (std::vector<int>{3, 2, 4}));
        QCOMPARE(a.data, ramp(24));
    }
    void readsGzipFile() {
        const auto path = write("img.gz", idxBytes({5, 3, 3}, ramp(45)), true);
        IdxArray a = readIdx(path);
        QCOMPARE(a.dims, (std::vector<int>{5, 3, 3}));
        QCOMPARE(a.data, ramp(45));
    }
    void loadsImagePair() {
        const auto images = write("pair-img.gz", idxBytes({4, 2, 3}, ramp(24)), true);
        const auto labels = write("pair-lab", idxBytes({4}, {2, 0, 1, 2}));
        Dataset d = loadIdxPair(images, labels);
        QCOMPARE(d.size(), 4);
        QCOMPARE(d.sampleShape, (std::vector<int>{1, 2, 3}));
        QCOMPARE(d.numClasses, 3);
        QCOMPARE(d.x(1, 2), float(ramp(24)[8]) / 255.0f);
        QCOMPARE(d.y(0, 0), 2.0f);
        QVERIFY(d.x.minCoeff() >= 0.0f && d.x.maxCoeff() <= 1.0f);
        Dataset first = loadIdxPair(images, labels, 2);
        QCOMPARE(first.size(), 2);
        QCOMPARE(first.x.row(1), d.x.row(1));
    }
    void truncatedFileNamesIt() {
        Bytes b = idxBytes({10, 4, 4}, ramp(160));
        b.resize(b.size() - 7);
        const auto path = write("short", b);
        QString msg = errorOf([&] { readIdx(path); });
        QVERIFY2(msg.contains(QString::fromStdString(path)) && msg.contains("truncated"),
                 qPrintable(msg));
        Bytes header = {0, 0, 8, 3, 0, 0};
        const auto inHeader = write("short-header", header);
        msg = errorOf([&] { readIdx(inHeader); });
        QVERIFY2(msg.contains(QString::fromStdString(inHeader)) && msg.contains("truncated"),
                 qPrintable(msg));
        Bytes full = idxBytes({10, 4, 4}, ramp(160));
        full.resize(full.size() - 30);
        const auto gz = write("short.gz", full, true);
        msg = errorOf([&] { readIdx(gz); });
        QVERIFY2(msg.contains(QString::fromStdString(gz)) && msg.contains("truncated"),
                 qPrintable(msg));
    }
    void truncatedGzipStream() {
        // A gzip file cut in the middle of its compressed stream.
        const auto whole = write("cut.gz", idxBytes({50, 8, 8}, ramp(3200)), true);
        std::ifstream in(whole, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        const auto path = dir_.filePath("cut2.gz").toStdString();
        std::ofstream(path, std::ios::binary)
            .write(bytes.data(), std::streamsize(bytes.size() / 2));
        const QString msg = errorOf([&] { readIdx(path); });
        QVERIFY2(msg.contains(QString::fromStdString(path)), qPrintable(msg));
    }
    void wrongMagicNamesIt() {
        Bytes b = idxBytes({2, 2, 2}, ramp(8));
        b[0] = 0x1F;
        const auto path = write("magic", b);
        const QString msg = errorOf([&] { readIdx(path); });
        QVERIFY2(msg.contains(QString::fromStdString(path)) && msg.contains("magic"),
                 qPrintable(msg));
        Bytes floats = idxBytes({2}, {0, 0, 0, 0, 0, 0, 0, 0});
        floats[2] = 0x0D;
        const auto fpath = write("floats", floats);
        const QString fmsg = errorOf([&] { readIdx(fpath); });
        QVERIFY2(fmsg.contains(QString::fromStdString(fpath)) && fmsg.contains("unsigned bytes"),
                 qPrintable(fmsg));
    }
    void extraBytesNameTheFile() {
        Bytes b = idxBytes({2, 2}, ramp(4));
        b.push_back(7);
        const auto path = write("long", b);
        const QString msg = errorOf([&] { readIdx(path); });
        QVERIFY2(msg.contains(QString::fromStdString(path)) && msg.contains("more bytes"),
                 qPrintable(msg));
    }
    void countMismatchNamesBothFiles() {
        const auto images = write("mm-img", idxBytes({4, 2, 2}, ramp(16)));
        const auto labels = write("mm-lab", idxBytes({3}, {0, 1, 0}));
        const QString msg = errorOf([&] { loadIdxPair(images, labels); });
        QVERIFY2(msg.contains(QString::fromStdString(images)) &&
                     msg.contains(QString::fromStdString(labels)) && msg.contains("4 images") &&
                     msg.contains("3 labels"),
                 qPrintable(msg));
        QVERIFY(msg.endsWith('.') && !msg.contains('\n'));  // one sentence
    }
    void wrongDimensionsNameTheFile() {
        const auto labelsAsImages = write("dims-img", idxBytes({4}, {0, 1, 2, 3}));
        const auto labels = write("dims-lab", idxBytes({4}, {0, 1, 2, 3}));
        const QString msg = errorOf([&] { loadIdxPair(labelsAsImages, labels); });
        QVERIFY2(msg.startsWith(QString::fromStdString(labelsAsImages)), qPrintable(msg));
    }
    void missingFileNamesIt() {
        const auto path = dir_.filePath("nope.gz").toStdString();
        const QString msg = errorOf([&] { readIdx(path); });
        QVERIFY2(msg.contains(QString::fromStdString(path)) && msg.contains("cannot open"),
                 qPrintable(msg));
    }
    void idxKindThroughTheSpec() {
        const auto images = write("spec-img.gz", idxBytes({40, 3, 3}, ramp(360)), true);
        Bytes lab(40);
        for (int i = 0; i < 40; ++i) lab[i] = std::uint8_t(i % 2);
        const auto labels = write("spec-lab.gz", idxBytes({40}, lab), true);
        nlohmann::json j = {
            {"kind", "idx"}, {"images", images}, {"labels", labels}, {"samples", 30}};
        DatasetSpec s = DatasetSpec::fromJson(j, "dataset");
        QCOMPARE(DatasetSpec::fromJson(s.toJson(), "dataset"), s);
        Dataset d = makeDataset(s, 1);
        QCOMPARE(d.size(), 30);
        DataSplit split = loadDataSplit(s, 1);
        QCOMPARE(split.train.size() + split.val.size() + split.test.size(), 30);
        j["samples"] = 41;
        const QString msg = errorOf([&] { makeDataset(DatasetSpec::fromJson(j, "dataset"), 1); });
        QVERIFY2(msg.contains("dataset.samples"), qPrintable(msg));
        j.erase("labels");
        const QString missing = errorOf([&] { DatasetSpec::fromJson(j, "dataset"); });
        QVERIFY2(missing.contains("dataset.labels"), qPrintable(missing));
    }
};

QTEST_APPLESS_MAIN(IdxReaderTest)
#include "test_idx_reader.moc"
