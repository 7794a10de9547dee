#pragma once
// The pieces of the one-sentence errors that writing (atomic_file.h) and reading
// (input_file.h) a file share, so both sides word a failure the same way.
#include <sys/types.h>

#include <string>

namespace dl {

/// What errno `err` means, as the end of a sentence (lower case, no full stop), e.g.
/// "permission denied" or "no space left on the device".
std::string errnoReason(int err);

/// Throws InputError "<path>: <what>.".
[[noreturn]] void failOnFile(const std::string& path, const std::string& what);

/// The kind of a file that is neither a regular file, a folder nor a character device:
/// "a FIFO", "a socket" or "a block device" ("not a file" for anything else).
const char* specialFileKind(mode_t mode);

}  // namespace dl
