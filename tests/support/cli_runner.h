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

/// The CLI binary runCli starts (DL_CLI_PATH).
std::string cliPath();

/// One line for a failure message: how the run ended, then its stderr and the start of its
/// stdout.
std::string describe(const CliResult& r);

}  // namespace dl::test
