#include "datasets/idx_reader.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>

#include "base/input_error.h"
#include "base/input_file.h"
#include "datasets/dataset_factory.h"

namespace dl {
namespace {

constexpr std::uint8_t kUnsignedByte = 0x08;
constexpr int kMaxDims = 4;
constexpr std::uint64_t kMaxValues = 1ull << 31;
constexpr std::size_t kFirstChunk = 1 << 20;  // values are read in chunks of 1 MiB, then doubling

struct GzCloser {
    void operator()(gzFile_s* f) const { gzclose(f); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw InputError(path + ": " + what + ".");
}

std::string hex(std::uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08X", v);
    return buf;
}

std::string shapeText(const std::vector<int>& shape) {
    std::string out = "{";
    for (std::size_t i = 0; i < shape.size(); ++i)
        out += (i ? ", " : "") + std::to_string(shape[i]);
    return out + "}";
}

std::string dimsText(const std::vector<int>& dims) {
    std::string out;
    for (std::size_t i = 0; i < dims.size(); ++i) out += (i ? "×" : "") + std::to_string(dims[i]);
    return out;
}

// Reads exactly n bytes; returns how many were read (fewer at the end of the file).
std::size_t readBytes(gzFile f, const std::string& path, void* out, std::size_t n) {
    std::size_t done = 0;
    while (done < n) {
        const auto chunk = static_cast<unsigned>(std::min<std::size_t>(n - done, 1u << 30));
        const int got = gzread(f, static_cast<char*>(out) + done, chunk);
        if (got < 0) {
            int code = 0;
            std::string why = gzerror(f, &code);
            if (why.rfind(path + ": ", 0) == 0)
                why.erase(0, path.size() + 2);  // zlib adds the path
            fail(path, "cannot be decompressed (zlib: " + why + ")");
        }
        if (got == 0) break;
        done += static_cast<std::size_t>(got);
    }
    return done;
}

std::vector<int> readHeader(gzFile f, const std::string& path) {
    std::uint8_t magic[4];
    if (readBytes(f, path, magic, 4) < 4) fail(path, "truncated: the file ends inside its header");
    const std::uint32_t m =
        (std::uint32_t(magic[0]) << 24) | (magic[1] << 16) | (magic[2] << 8) | magic[3];
    if (magic[0] != 0 || magic[1] != 0 || magic[3] < 1 || magic[3] > kMaxDims)
        fail(path, "not an IDX file: the magic number is " + hex(m) +
                       ", expected 0x000008 followed by 1 to 4 dimensions (e.g. 0x00000803)");
    if (magic[2] != kUnsignedByte)
        fail(path, "IDX values of type " + hex(magic[2]) +
                       " are not supported; expected "
                       "unsigned bytes (magic " +
                       hex(0x800u | magic[3]) + ")");
    std::vector<int> dims(magic[3]);
    for (int& d : dims) {
        std::uint8_t b[4];
        if (readBytes(f, path, b, 4) < 4) fail(path, "truncated: the file ends inside its header");
        const std::uint32_t v = (std::uint32_t(b[0]) << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
        if (v > 0x7FFFFFFFu)
            fail(path, "the header declares a dimension of " + std::to_string(v) +
                           ", more than 2147483647");
        d = static_cast<int>(v);
    }
    return dims;
}

// The product of the dimensions, or kMaxValues + 1 once it passes kMaxValues (no overflow).
std::uint64_t valueCount(const std::vector<int>& dims) {
    if (std::find(dims.begin(), dims.end(), 0) != dims.end()) return 0;
    std::uint64_t count = 1;
    for (int d : dims) {
        if (count > kMaxValues / static_cast<std::uint64_t>(d)) return kMaxValues + 1;
        count *= static_cast<std::uint64_t>(d);
    }
    return count;
}

using HeaderCheck = std::function<void(const std::vector<int>&)>;

// Reads the header, lets `check` reject it, then reads the values without ever allocating more
// than twice what the file has yielded so far: a short file declaring a huge size fails fast.
IdxArray readIdxChecked(const std::string& path, const HeaderCheck& check) {
    // Opened through InputFile, so only a regular file is read (a FIFO cannot hang us).
    InputFile input(path, "an IDX file");
    const std::uint64_t size = input.size();
    const int fd = input.release();
    GzFile file(gzdopen(fd, "rb"));
    if (!file) {
        ::close(fd);
        fail(path, "cannot open the file for reading");
    }
    gzbuffer(file.get(), 1 << 18);
    IdxArray a;
    a.dims = readHeader(file.get(), path);
    const std::uint64_t count = valueCount(a.dims);
    if (count > kMaxValues)
        fail(path, "the header declares " + dimsText(a.dims) + " values, more than the limit of " +
                       std::to_string(kMaxValues));
    if (check) check(a.dims);
    const auto truncated = [&](std::uint64_t got) {
        fail(path, "truncated: the header declares " + dimsText(a.dims) + " = " +
                       std::to_string(count) + " values but the file holds only " +
                       std::to_string(got));
    };
    if (gzdirect(file.get())) {  // a plain file: its size says at once whether the data is there
        const std::uint64_t header = 4 + 4 * a.dims.size();
        if (size >= header && size - header < count) truncated(size - header);
    }
    std::size_t got = 0;
    while (got < count) {
        const std::size_t chunk =
            std::min<std::size_t>(count - got, std::max<std::size_t>(got, kFirstChunk));
        a.data.resize(got + chunk);
        const std::size_t n = readBytes(file.get(), path, a.data.data() + got, chunk);
        got += n;
        if (n < chunk) truncated(got);
    }
    std::uint8_t extra;
    if (readBytes(file.get(), path, &extra, 1) != 0)
        fail(path, "the file holds more bytes than its header declares (" + dimsText(a.dims) + ")");
    return a;
}

}  // namespace

IdxArray readIdx(const std::string& path) {
    return readIdxChecked(path, {});
}

Dataset loadIdxPair(const std::string& images, const std::string& labels, int limit) {
    IdxArray img = readIdxChecked(images, [&](const std::vector<int>& dims) {
        if (dims.size() != 3)
            fail(images, "expected images of N×H×W bytes (magic 0x00000803), got " +
                             std::to_string(dims.size()) + " dimension(s)");
        if (dims[0] == 0) fail(images, "holds no images");
        if (dims[1] == 0 || dims[2] == 0)
            fail(images, "the header declares images of " + std::to_string(dims[1]) + "×" +
                             std::to_string(dims[2]) + " pixels; expected at least 1×1");
        if (limit > dims[0])
            fail(images, "holds " + std::to_string(dims[0]) + " images, fewer than the " +
                             std::to_string(limit) + " that dataset.samples asks for");
        const std::int64_t rows = limit > 0 ? limit : dims[0];
        const std::int64_t values = rows * (std::int64_t(dims[1]) * dims[2] + 1);
        if (values > kMaxDatasetValues)
            fail(images, std::to_string(rows) + " images of " + std::to_string(dims[1]) + "×" +
                             std::to_string(dims[2]) + " pixels make " + std::to_string(values) +
                             " values, more than the limit of a data set, " +
                             std::to_string(kMaxDatasetValues) +
                             " (1 GiB of floats); set dataset.samples to keep fewer");
    });
    IdxArray lab = readIdxChecked(labels, [&](const std::vector<int>& dims) {
        if (dims.size() != 1)
            fail(labels, "expected labels of N bytes (magic 0x00000801), got " +
                             std::to_string(dims.size()) + " dimensions");
        if (dims[0] != img.dims[0])
            throw InputError(images + " holds " + std::to_string(img.dims[0]) + " images but " +
                             labels + " holds " + std::to_string(dims[0]) +
                             " labels; the two must match.");
    });
    const int n = img.dims[0];
    const long size = long(img.dims[1]) * img.dims[2];
    const int rows = limit > 0 ? limit : n;
    Dataset d;
    d.name = images;
    d.sampleShape = {1, img.dims[1], img.dims[2]};
    d.x.resize(rows, size);
    d.y.resize(rows, 1);
    const std::uint8_t* px = img.data.data();
    for (long i = 0; i < long(rows) * size; ++i) d.x.data()[i] = float(px[i]) / 255.0f;
    const int maxLabel = *std::max_element(lab.data.begin(), lab.data.begin() + rows);
    for (int i = 0; i < rows; ++i) d.y(i, 0) = float(lab.data[i]);
    d.numClasses = std::max(2, maxLabel + 1);
    for (int c = 0; c < d.numClasses; ++c) d.classNames.push_back("class " + std::to_string(c));
    return d;
}

void appendSamples(Dataset& base, const Dataset& more) {
    if (more.sampleShape != base.sampleShape || more.y.cols() != base.y.cols())
        throw InputError(more.name + ": samples of shape " + shapeText(more.sampleShape) +
                         " cannot follow those of " + base.name + ", of shape " +
                         shapeText(base.sampleShape) + ".");
    const long n = base.x.rows();
    base.x.conservativeResize(n + more.x.rows(), base.x.cols());
    base.y.conservativeResize(n + more.y.rows(), base.y.cols());
    base.x.bottomRows(more.x.rows()) = more.x;
    base.y.bottomRows(more.y.rows()) = more.y;
    if (more.numClasses > base.numClasses) {
        base.numClasses = more.numClasses;
        base.classNames = more.classNames;
    }
}

}  // namespace dl
