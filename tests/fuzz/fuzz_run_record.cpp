// Fuzzes RUN.json reading (loadRun): the config, the model section and the weights. Bad input
// must surface as InputError.
#include <cstddef>
#include <cstdint>

#include "base/input_error.h"
#include "core/io/run_record.h"
#include "tests/fuzz/fuzz_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static dl::fuzz::MemFile file("RUN.json");
    try {
        (void)dl::loadRun(file.write(data, size));
    } catch (const dl::InputError&) {
    }
    return 0;
}
