#pragma once
// Runs the real dropoutlab-cli binary (its path is compiled in as DL_CLI_PATH) and captures
// its exit, stdout and stderr: the one helper every end-to-end CLI test uses.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace dl::test {

/// What one run of the CLI did. `exited` is false when it was killed by a signal or by the
/// timeout; then `code` is -1 and `signal` names the signal (SIGKILL for a timeout, unless the
/// program happened to exit by itself between the deadline and the kill).
struct CliResult {
    bool exited = false;
    bool timedOut = false;
    int code = -1;
    int signal = 0;
    std::string out, err;
};

/// How to run it. The timeout covers the whole run: reading its output and waiting for it.
struct RunOptions {
    std::chrono::seconds timeout = std::chrono::seconds(300);
    /// The program's working folder; empty: the test's own.
    std::filesystem::path workDir;
};

/// Runs DL_CLI_PATH with `args` (no shell), standard input closed; kills it after `timeout`.
CliResult runCli(const std::vector<std::string>& args,
                 std::chrono::seconds timeout = std::chrono::seconds(300));
CliResult runCli(const std::vector<std::string>& args, const RunOptions& options);

/// Runs any program the same way (args[0] is the program, looked up in PATH; with a workDir,
/// a relative program path is taken from there).
CliResult runProgram(const std::vector<std::string>& args, std::chrono::seconds timeout);
CliResult runProgram(const std::vector<std::string>& args, const RunOptions& options);

/// The CLI run in the background, for tests that act on it while it runs (e.g. signal it in
/// the middle of a write): start it, wait for a line on its stderr, signal it, then finish.
/// Its stdout and stderr are read while waiting, so it never blocks on a full pipe. It starts
/// with SIGINT and SIGTERM at their default dispositions and no signal blocked.
class RunningCli {
  public:
    /// Starts DL_CLI_PATH with `args`, standard input closed; `extraEnv` holds "NAME=value"
    /// entries added to (or replacing those of) the test's environment.
    explicit RunningCli(const std::vector<std::string>& args,
                        const std::vector<std::string>& extraEnv = {},
                        const RunOptions& options = {});
    /// Kills (SIGKILL) and reaps it if it still runs.
    ~RunningCli();
    RunningCli(const RunningCli&) = delete;
    RunningCli& operator=(const RunningCli&) = delete;

    /// False if it could not be started (then err() says why).
    bool started() const { return pid_ > 0; }
    /// Reads its output until its stderr contains `text` (true), or it closes both outputs or
    /// the timeout passes (false).
    bool waitForErr(const std::string& text, std::chrono::milliseconds timeout);
    /// The same for its stdout.
    bool waitForOut(const std::string& text, std::chrono::milliseconds timeout);
    /// Sends `sig`; false if it was not started or has been reaped already.
    bool sendSignal(int sig);
    /// Reads the rest of its output and waits for it to end; kills it after `timeout`.
    CliResult finish(std::chrono::seconds timeout);

    const std::string& out() const { return result_.out; }
    const std::string& err() const { return result_.err; }

  private:
    int pid_ = -1;
    int outFd_ = -1, errFd_ = -1;
    bool reaped_ = false;
    CliResult result_;
};

/// The CLI binary runCli starts (DL_CLI_PATH).
std::string cliPath();

/// One line for a failure message: how the run ended, then its stderr and the start of its
/// stdout.
std::string describe(const CliResult& r);

}  // namespace dl::test
