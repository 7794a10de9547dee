#pragma once
// Reading MNIST-format IDX files (plain or gzip-compressed) into data sets.
#include <cstdint>
#include <string>
#include <vector>

#include "datasets/dataset.h"

namespace dl {

/// The contents of one IDX file of unsigned bytes: its dimensions and its values, row-major.
struct IdxArray {
    std::vector<int> dims;
    std::vector<std::uint8_t> data;
};

/// Reads an IDX file of unsigned bytes (magic 0x00 0x00 0x08 ndims, big-endian int32 dims,
/// then the values); gzip is detected from the content, so "x.gz" and "x" both work. Throws
/// InputError, one sentence naming the file, when the file cannot be read, has a wrong magic
/// number, is truncated, or holds more bytes than its header declares.
IdxArray readIdx(const std::string& path);

/// An image file ([N, H, W]) and its label file ([N]) as a classification set: pixels scaled
/// to [0, 1], sampleShape {1, H, W}, classes 0 … max label named "class k". limit > 0 keeps
/// only the first `limit` samples. Throws InputError naming the files when they do not match.
Dataset loadIdxPair(const std::string& images, const std::string& labels, int limit = 0);

/// Appends the rows of `more` to `base` (same sample shape); keeps base's names and classes
/// unless `more` has more classes.
void appendSamples(Dataset& base, const Dataset& more);

}  // namespace dl
