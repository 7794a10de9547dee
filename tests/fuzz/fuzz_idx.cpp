// Fuzzes the IDX reader (plain and gzip) and the image/label pair loader. The input is split in
// two at the offset its first two bytes name: images, then labels; the whole input (less those
// two bytes) is also read on its own. Bad input must surface as InputError.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "base/input_error.h"
#include "datasets/idx_reader.h"
#include "tests/fuzz/fuzz_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static dl::fuzz::MemFile whole("fuzz.idx");
    static dl::fuzz::MemFile images("fuzz-images.idx");
    static dl::fuzz::MemFile labels("fuzz-labels.idx");
    if (size < 2) return 0;
    const std::size_t split = std::min<std::size_t>((data[0] << 8) | data[1], size - 2);
    data += 2;
    size -= 2;
    try {
        (void)dl::readIdx(whole.write(data, size));
    } catch (const dl::InputError&) {
    }
    try {
        (void)dl::loadIdxPair(images.write(data, split), labels.write(data + split, size - split));
    } catch (const dl::InputError&) {
    }
    return 0;
}
