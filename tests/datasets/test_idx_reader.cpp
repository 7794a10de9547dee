// The IDX reader on tiny files written in a temporary folder: plain and gzip files read back
// exactly; a truncated file, a wrong magic number and an image/label count mismatch each give
// one sentence naming the file. Also the "idx" data set kind built from such files.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "base/input_error.h"
#include "datasets/dataset_factory.h"
#include "datasets/idx_reader.h"
#include "tests/support/temp_dir.h"
#include "tests/support/text_assertions.h"

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
std::string errorOf(F f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

using dl::test::contains;

// IDX files written, plain or gzip-compressed, into a fresh temporary folder.
class IdxReader : public ::testing::Test {
  protected:
    test::TempDir dir_;

    std::string write(const char* name, const Bytes& bytes, bool gz = false) {
        const std::string path = dir_.file(name);
        if (gz) {
            gzFile f = gzopen(path.c_str(), "wb");
            EXPECT_NE(f, nullptr) << path;
            if (!f) return path;
            EXPECT_EQ(gzwrite(f, bytes.data(), unsigned(bytes.size())), int(bytes.size()));
            EXPECT_EQ(gzclose(f), Z_OK) << path;
        } else {
            std::ofstream out(path, std::ios::binary);
            out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
            EXPECT_TRUE(out.flush()) << path;
        }
        return path;
    }
};

TEST_F(IdxReader, ReadsPlainFile) {
    const auto path = write("img", idxBytes({3, 2, 4}, ramp(24)));
    IdxArray a = readIdx(path);
    EXPECT_EQ(a.dims, (std::vector<int>{3, 2, 4}));
    EXPECT_EQ(a.data, ramp(24));
}

TEST_F(IdxReader, ReadsGzipFile) {
    const auto path = write("img.gz", idxBytes({5, 3, 3}, ramp(45)), true);
    IdxArray a = readIdx(path);
    EXPECT_EQ(a.dims, (std::vector<int>{5, 3, 3}));
    EXPECT_EQ(a.data, ramp(45));
}

TEST_F(IdxReader, LoadsImagePair) {
    const auto images = write("pair-img.gz", idxBytes({4, 2, 3}, ramp(24)), true);
    const auto labels = write("pair-lab", idxBytes({4}, {2, 0, 1, 2}));
    Dataset d = loadIdxPair(images, labels);
    ASSERT_EQ(d.size(), 4);
    EXPECT_EQ(d.sampleShape, (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(d.numClasses, 3);
    ASSERT_EQ(d.x.cols(), 6);
    EXPECT_FLOAT_EQ(d.x(1, 2), float(ramp(24)[8]) / 255.0f);
    EXPECT_FLOAT_EQ(d.y(0, 0), 2.0f);
    EXPECT_TRUE(d.x.minCoeff() >= 0.0f && d.x.maxCoeff() <= 1.0f);
    Dataset first = loadIdxPair(images, labels, 2);
    ASSERT_EQ(first.size(), 2);
    ASSERT_EQ(first.x.cols(), d.x.cols());
    EXPECT_TRUE(first.x.row(1) == d.x.row(1));
}

TEST_F(IdxReader, TruncatedFileNamesIt) {
    Bytes b = idxBytes({10, 4, 4}, ramp(160));
    b.resize(b.size() - 7);
    const auto path = write("short", b);
    std::string msg = errorOf([&] { readIdx(path); });
    EXPECT_TRUE(contains(msg, path) && contains(msg, "truncated")) << msg;
    Bytes header = {0, 0, 8, 3, 0, 0};
    const auto inHeader = write("short-header", header);
    msg = errorOf([&] { readIdx(inHeader); });
    EXPECT_TRUE(contains(msg, inHeader) && contains(msg, "truncated")) << msg;
    Bytes full = idxBytes({10, 4, 4}, ramp(160));
    full.resize(full.size() - 30);
    const auto gz = write("short.gz", full, true);
    msg = errorOf([&] { readIdx(gz); });
    EXPECT_TRUE(contains(msg, gz) && contains(msg, "truncated")) << msg;
}

TEST_F(IdxReader, TruncatedGzipStreamNamesIt) {
    // A gzip file cut in the middle of its compressed stream.
    const auto whole = write("cut.gz", idxBytes({50, 8, 8}, ramp(3200)), true);
    const std::string bytes = test::readFile(whole);
    ASSERT_GT(bytes.size(), 20u);
    const auto path = dir_.file("cut2.gz");
    ASSERT_TRUE(test::writeFile(path, bytes.substr(0, bytes.size() / 2)));
    const std::string msg = errorOf([&] { readIdx(path); });
    EXPECT_TRUE(contains(msg, path)) << msg;
}

TEST_F(IdxReader, WrongMagicNamesIt) {
    Bytes b = idxBytes({2, 2, 2}, ramp(8));
    b[0] = 0x1F;
    const auto path = write("magic", b);
    const std::string msg = errorOf([&] { readIdx(path); });
    EXPECT_TRUE(contains(msg, path) && contains(msg, "magic")) << msg;
    Bytes floats = idxBytes({2}, {0, 0, 0, 0, 0, 0, 0, 0});
    floats[2] = 0x0D;
    const auto fpath = write("floats", floats);
    const std::string fmsg = errorOf([&] { readIdx(fpath); });
    EXPECT_TRUE(contains(fmsg, fpath) && contains(fmsg, "unsigned bytes")) << fmsg;
}

TEST_F(IdxReader, ExtraBytesNameTheFile) {
    Bytes b = idxBytes({2, 2}, ramp(4));
    b.push_back(7);
    const auto path = write("long", b);
    const std::string msg = errorOf([&] { readIdx(path); });
    EXPECT_TRUE(contains(msg, path) && contains(msg, "more bytes")) << msg;
}

TEST_F(IdxReader, CountMismatchNamesBothFiles) {
    const auto images = write("mm-img", idxBytes({4, 2, 2}, ramp(16)));
    const auto labels = write("mm-lab", idxBytes({3}, {0, 1, 0}));
    const std::string msg = errorOf([&] { loadIdxPair(images, labels); });
    EXPECT_TRUE(contains(msg, images) && contains(msg, labels) && contains(msg, "4 images") &&
                contains(msg, "3 labels"))
        << msg;
    EXPECT_TRUE(msg.ends_with('.') && !contains(msg, "\n")) << msg;  // one sentence
}

TEST_F(IdxReader, WrongDimensionsNameTheFile) {
    const auto labelsAsImages = write("dims-img", idxBytes({4}, {0, 1, 2, 3}));
    const auto labels = write("dims-lab", idxBytes({4}, {0, 1, 2, 3}));
    const std::string msg = errorOf([&] { loadIdxPair(labelsAsImages, labels); });
    EXPECT_TRUE(msg.starts_with(labelsAsImages)) << msg;
}

TEST_F(IdxReader, MissingFileNamesIt) {
    const auto path = dir_.file("nope.gz");
    const std::string msg = errorOf([&] { readIdx(path); });
    EXPECT_EQ(msg, path + ": no such file.");
}

// Only regular files are read: a folder or a FIFO (which would block the reader) is refused.
TEST_F(IdxReader, AFolderOrAFifoIsRefused) {
    EXPECT_EQ(errorOf([&] { readIdx(dir_.path().string()); }),
              dir_.path().string() + ": is a folder; expected an IDX file.");
    const auto fifo = dir_.file("fifo.idx");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    EXPECT_EQ(errorOf([&] { readIdx(fifo); }),
              fifo + ": is not a regular file (it is a FIFO); expected an IDX file.");
}

TEST_F(IdxReader, IdxKindThroughTheSpec) {
    const auto images = write("spec-img.gz", idxBytes({40, 3, 3}, ramp(360)), true);
    Bytes lab(40);
    for (int i = 0; i < 40; ++i) lab[i] = std::uint8_t(i % 2);
    const auto labels = write("spec-lab.gz", idxBytes({40}, lab), true);
    nlohmann::json j = {{"kind", "idx"}, {"images", images}, {"labels", labels}, {"samples", 30}};
    DatasetSpec s = DatasetSpec::fromJson(j, "dataset");
    EXPECT_TRUE(DatasetSpec::fromJson(s.toJson(), "dataset") == s) << s.toJson().dump();
    Dataset d = makeDataset(s, 1);
    EXPECT_EQ(d.size(), 30);
    DataSplit split = loadDataSplit(s, 1);
    EXPECT_EQ(split.train.size() + split.val.size() + split.test.size(), 30);
    j["samples"] = 41;
    const std::string msg = errorOf([&] { makeDataset(DatasetSpec::fromJson(j, "dataset"), 1); });
    EXPECT_TRUE(contains(msg, "dataset.samples")) << msg;
    j.erase("labels");
    const std::string missing = errorOf([&] { DatasetSpec::fromJson(j, "dataset"); });
    EXPECT_TRUE(contains(missing, "dataset.labels")) << missing;
}

}  // namespace
