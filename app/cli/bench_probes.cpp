#include "app/cli/bench_probes.h"

#include <sys/resource.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>

#include "datasets/dataset.h"

namespace dl::cli {

double gemmGflops(int n, int chunks, int repeats) {
    const Matrix a = Matrix::Random(n, n), b = Matrix::Random(n, n);
    Matrix c(n, n);
    const long grain = (n + chunks - 1) / chunks;
    double best = 1e300;
    for (int k = 0; k < repeats; ++k) {
        const auto t0 = std::chrono::steady_clock::now();
        tbb::parallel_for(0, chunks, [&](int i) {
            const long r0 = i * grain, rows = std::min<long>(grain, n - r0);
            c.middleRows(r0, rows).noalias() = a.middleRows(r0, rows) * b;
        });
        best = std::min(
            best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return 2.0 * double(n) * n * n / best * 1e-9;
}

bool resetPeakRss() {
    std::ofstream f("/proc/self/clear_refs");
    return bool(f << "5" << std::flush);
}

double peakRssMb() {
    std::ifstream f("/proc/self/status");
    for (std::string line; std::getline(f, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // kB
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;  // kB on Linux
}

}  // namespace dl::cli
