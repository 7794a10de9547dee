#include "base/file_errors.h"

#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "base/input_error.h"

namespace dl {

std::string errnoReason(int err) {
    switch (err) {
        case EACCES:
        case EPERM:
            return "permission denied";
        case EROFS:
            return "the file system is read-only";
        case ENOSPC:
        case EDQUOT:
            return "no space left on the device";
        case EFBIG:
            return "the file is larger than the file system or the size limit allows";
        case ENAMETOOLONG:
            return "the name is too long";
        case ELOOP:
            return "too many symbolic links";
        case EIO:
            return "an input/output error";
        default: {
            std::string s = std::strerror(err);
            if (!s.empty()) s[0] = char(std::tolower(static_cast<unsigned char>(s[0])));
            return s;
        }
    }
}

void failOnFile(const std::string& path, const std::string& what) {
    throw InputError(path + ": " + what + ".");
}

const char* specialFileKind(mode_t mode) {
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISBLK(mode)) return "a block device";
    return "not a file";
}

}  // namespace dl
