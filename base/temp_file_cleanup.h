#pragma once
// Removes the temporary files being written (atomic_file.h) when SIGINT or SIGTERM ends the
// process, so an interrupted write leaves nothing behind.
//
// The first registration installs a SIGINT and SIGTERM handler (unless the signal is ignored,
// which is kept). If the process had its own handler, that handler is simply called and the
// write carries on. Otherwise (the default disposition: terminate) the handler removes the
// temporary files being written at that moment, restores the default and re-raises the
// signal, so the process still dies of it and its exit status says so. The files being written
// are kept in a fixed table that the handler reads without allocating (async-signal-safe).
#include <string>

namespace dl {

/// A claim on one slot of the table for the duration of one write. When all slots are taken
/// (more concurrent writes than the table holds) the write goes on unprotected.
class TempFileRegistration {
  public:
    TempFileRegistration();
    ~TempFileRegistration();
    TempFileRegistration(const TempFileRegistration&) = delete;
    TempFileRegistration& operator=(const TempFileRegistration&) = delete;

    /// Before the file is created: from now on a terminating signal removes `name` in the
    /// folder open as `dirFd`.
    void arm(int dirFd, const std::string& name);
    /// Once the file is gone (renamed or removed). False if the handler has taken it already:
    /// the process is dying, and the slot must stay as it is.
    bool disarm();

  private:
    int slot_ = -1;  // index in the table, -1 if none was free
};

}  // namespace dl
