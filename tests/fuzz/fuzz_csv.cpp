// Fuzzes the CSV readers: the row reader, the all-numeric matrix reader and the labelled data
// set loader (classification and regression, target "y"). Bad input must surface as InputError.
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/input_error.h"
#include "datasets/csv_loader.h"
#include "datasets/csv_reader.h"
#include "tests/fuzz/fuzz_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static dl::fuzz::MemFile file("fuzz.csv");
    const std::string& path = file.write(data, size);
    try {
        dl::CsvReader reader(path);
        while (reader.next()) {
            for (int c = 0; c < static_cast<int>(reader.cells().size()); ++c)
                (void)dl::parseCsvNumber(reader.cells()[c]);
        }
    } catch (const dl::InputError&) {
    }
    try {
        std::vector<std::string> header;
        (void)dl::readCsvMatrix(path, &header);
    } catch (const dl::InputError&) {
    }
    for (dl::CsvTask task : {dl::CsvTask::Classification, dl::CsvTask::Regression}) {
        try {
            (void)dl::loadCsvDataset(path, "y", task);
        } catch (const dl::InputError&) {
        }
    }
    return 0;
}
