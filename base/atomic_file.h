#pragma once
// Writes a whole file or nothing: text goes to a fresh temporary file beside the target, which
// is renamed over it only once everything is written and synced to disk.
//
// What `path` may name, and what happens:
// - nothing yet, or a regular file: replaced atomically. The temporary file has an
//   unpredictable name (`<name>.tmp-XXXXXXXXXXXX`) in the target's folder and is created with
//   O_CREAT|O_EXCL|O_NOFOLLOW, so nothing planted there (a file or a symbolic link) is ever
//   opened or followed; its mode is 0666 less the umask, like any new file. It is fsynced
//   before the rename and the folder after it.
// - a symbolic link: the link itself is replaced by the new regular file; whatever it pointed
//   to is left untouched. Two exceptions: a link that leads to the program's own standard
//   output or error (/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N) is written to that
//   stream, and a link to a character device is written straight through to the device.
//   A link to a folder, a FIFO, a socket or a block device is refused like the thing itself.
// - a character device (/dev/null, a terminal, …): written straight through, never replaced.
// - a folder: refused, "<path>: is a folder; give a file path."
// - anything else (a FIFO, a socket, a block device): refused, "<path>: is not a regular file
//   (it is a FIFO); give a file path." Nothing is opened, so a FIFO with no reader cannot hang.
// Every failure (missing or read-only folder, full disk, …) throws InputError with one
// sentence naming `path`, and leaves neither a temporary file nor a changed target.
//
// Signals: unless the program handles them itself, a SIGINT or SIGTERM during a write removes
// the temporary file, then ends the process as it would have (temp_file_cleanup.h).
//
// Test-only hook: with the environment variable DL_TEST_PAUSE_IN_WRITE=1, a write through a
// temporary file stops after writing half of the text, prints one line
// "dropoutlab: paused in write: <temporary file>" on stderr and waits in pause() until a signal
// is handled; then it carries on. Tests use it to signal a process in the middle of a write.
#include <string>

namespace dl {

/// Writes `text` to `path` as described above; throws InputError naming the path on failure.
void writeFileAtomically(const std::string& path, const std::string& text);

/// Checks, writing nothing, that writeFileAtomically(path, …) would be let through: the same
/// rules (the folder is there and is a folder, `path` is not a folder, FIFO, socket or block
/// device), plus, when a temporary file will be needed, that the folder takes new files (as
/// far as access(2) can tell). Throws the InputError the write would. Commands call it before
/// long work, so a bad --out is reported before training instead of after it.
void checkWritableTarget(const std::string& path);

}  // namespace dl
