#include "datasets/fashion_mnist.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "base/input_error.h"
#include "datasets/idx_reader.h"

namespace dl {
namespace {

constexpr int kTrainImages = 60000;
constexpr int kAllImages = 70000;

// The path of `name` or `name.gz` in `dir`, or "" if neither exists.
std::string findFile(const std::string& dir, const std::string& name) {
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const std::string& candidate : {name + ".gz", name}) {
        fs::path p = fs::path(dir) / candidate;
        if (fs::is_regular_file(p, ec)) return p.string();
    }
    return {};
}

bool hasAllFiles(const std::string& dir) {
    for (const char* name : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                             "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"})
        if (findFile(dir, name).empty()) return false;
    return true;
}

Dataset loadPart(const std::string& dir, const std::string& part, int limit) {
    return loadIdxPair(findFile(dir, part + "-images-idx3-ubyte"),
                       findFile(dir, part + "-labels-idx1-ubyte"), limit);
}

}  // namespace

std::string fashionMnistDir() {
    if (const char* env = std::getenv("DL_FASHION_MNIST_DIR"); env && *env) {
        if (hasAllFiles(env)) return env;
        throw InputError(std::string("DL_FASHION_MNIST_DIR=") + env +
                         ": the folder lacks the four Fashion-MNIST IDX files "
                         "(train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                         "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz).");
    }
    for (const char* dir :
         {"/usr/share/datasets/fashion-mnist", "/usr/local/share/datasets/fashion-mnist"})
        if (hasAllFiles(dir)) return dir;
    throw InputError(
        "dataset.kind: Fashion-MNIST is not installed (looked in "
        "/usr/share/datasets/fashion-mnist); install the Debian package "
        "dataset-fashion-mnist or set DL_FASHION_MNIST_DIR to its folder.");
}

const std::vector<std::string>& fashionMnistClassNames() {
    static const std::vector<std::string> names = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return names;
}

Dataset loadFashionMnist(int limit) {
    if (limit > kAllImages)
        throw InputError("dataset.samples: Fashion-MNIST has " + std::to_string(kAllImages) +
                         " images, got " + std::to_string(limit) + ".");
    const std::string dir = fashionMnistDir();
    const int trainRows = limit > 0 ? std::min(limit, kTrainImages) : 0;
    Dataset d = loadPart(dir, "train", trainRows);
    if (limit <= 0 || limit > kTrainImages)
        appendSamples(d, loadPart(dir, "t10k", limit > 0 ? limit - kTrainImages : 0));
    if (d.sampleShape != std::vector<int>{1, 28, 28})
        throw InputError(dir + ": the Fashion-MNIST images are " +
                         std::to_string(d.sampleShape[1]) + "×" + std::to_string(d.sampleShape[2]) +
                         " pixels; expected 28×28.");
    if (d.numClasses > 10)
        throw InputError(dir + ": the Fashion-MNIST labels go up to " +
                         std::to_string(d.numClasses - 1) + "; expected 0 … 9.");
    d.name = "fashion-mnist";
    d.numClasses = 10;
    d.classNames = fashionMnistClassNames();
    return d;
}

}  // namespace dl
