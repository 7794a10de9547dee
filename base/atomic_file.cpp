#include "base/atomic_file.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/input_error.h"

namespace dl {

void writeFileAtomically(const std::string& path, const std::string& text) {
    namespace fs = std::filesystem;
    const std::string tmp = path + ".tmp" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw InputError(path + ": cannot be written (is the folder there and writable?).");
        out << text;
        out.flush();
        if (!out) {
            out.close();
            std::remove(tmp.c_str());
            throw InputError(path + ": writing failed (disk full?).");
        }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        std::remove(tmp.c_str());
        throw InputError(path + ": cannot be replaced (" + ec.message() + ").");
    }
}

std::string readTextFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot be opened for reading.");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace dl
