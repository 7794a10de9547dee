#pragma once
// Fashion-MNIST (Zalando, 28×28 grey clothing images, 10 classes), read from the IDX files
// Debian's dataset-fashion-mnist package installs.
#include <string>
#include <vector>

#include "datasets/dataset.h"

namespace dl {

/// The folder holding the four Fashion-MNIST IDX files (plain or .gz): $DL_FASHION_MNIST_DIR
/// when set, else the first of /usr/share/datasets/fashion-mnist and
/// /usr/local/share/datasets/fashion-mnist that has them. Throws InputError saying how to
/// install them when none does.
std::string fashionMnistDir();

/// "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
/// "Bag", "Ankle boot".
const std::vector<std::string>& fashionMnistClassNames();

/// The 60 000 training images followed by the 10 000 test images, pixels in [0, 1],
/// sampleShape {1, 28, 28}. limit > 0 keeps only the first `limit` of these 70 000.
Dataset loadFashionMnist(int limit);

}  // namespace dl
