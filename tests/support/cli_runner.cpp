#include "tests/support/cli_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <system_error>
#include <thread>

extern char** environ;

namespace dl::test {
namespace {

using Clock = std::chrono::steady_clock;

// A pipe whose read end the parent keeps and whose write end becomes one of the child's fds.
struct Pipe {
    int fds[2] = {-1, -1};
    Pipe() {
        if (pipe2(fds, O_CLOEXEC) != 0)
            throw std::system_error(errno, std::generic_category(), "pipe2");
    }
    ~Pipe() {
        for (int fd : fds)
            if (fd >= 0) close(fd);
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    void closeWrite() {
        close(fds[1]);
        fds[1] = -1;
    }
};

enum class Drained { Closed, TimedOut, Failed };

// Reads both pipes until they close or the deadline passes.
Drained drain(Pipe& out, Pipe& err, std::string& outText, std::string& errText,
              Clock::time_point deadline, int& error) {
    std::array<pollfd, 2> p{{{out.fds[0], POLLIN, 0}, {err.fds[0], POLLIN, 0}}};
    std::array<std::string*, 2> sink{&outText, &errText};
    int open = 2;
    char buf[65536];
    while (open > 0) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return Drained::TimedOut;
        const int ready = poll(p.data(), p.size(), int(std::min<long long>(left.count(), 60000)));
        if (ready < 0) {
            if (errno == EINTR) continue;  // revents are not meaningful after an interruption
            error = errno;
            return Drained::Failed;
        }
        for (size_t i = 0; i < p.size(); ++i) {
            if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL))) continue;
            const ssize_t n = read(p[i].fd, buf, sizeof buf);
            if (n > 0) {
                sink[i]->append(buf, size_t(n));
            } else if (n == 0 || errno != EINTR) {
                p[i].fd = -1;
                --open;
            }
        }
    }
    return Drained::Closed;
}

enum class Reaped { Yes, TimedOut, Failed };

// How the reaped program ended: its exit code, or the signal that killed it (a run that timed
// out was killed by us and does not count as exited).
void recordStatus(CliResult& r, int status) {
    if (WIFEXITED(status) && !r.timedOut) {
        r.exited = true;
        r.code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        r.signal = WTERMSIG(status);
    }
}

// Reaps `pid` if it ends before the deadline (a program may close its output and go on).
Reaped reapBy(pid_t pid, Clock::time_point deadline, int& status) {
    auto pause = std::chrono::microseconds(100);
    for (;;) {
        const pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid) return Reaped::Yes;
        if (w < 0 && errno != EINTR) return Reaped::Failed;
        if (Clock::now() >= deadline) return Reaped::TimedOut;
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::microseconds(20000));
    }
}

// The child reads nothing, writes to the two pipes, and starts in options.workDir if given.
void childStreams(posix_spawn_file_actions_t& actions, Pipe& out, Pipe& err,
                  const RunOptions& options) {
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out.fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err.fds[1], 2);
    if (!options.workDir.empty())
        posix_spawn_file_actions_addchdir_np(&actions, options.workDir.c_str());
}

}  // namespace

CliResult runProgram(const std::vector<std::string>& args, const RunOptions& options) {
    if (args.empty()) throw std::invalid_argument("runProgram: no program given");
    Pipe out, err;
    posix_spawn_file_actions_t actions;
    childStreams(actions, out, err, options);
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    CliResult r;
    if (rc != 0) {
        r.err = "could not start " + args[0] + ": " + std::strerror(rc);
        if (!options.workDir.empty()) r.err += " (working folder " + options.workDir.string() + ")";
        return r;
    }
    out.closeWrite();
    err.closeWrite();

    const auto deadline = Clock::now() + options.timeout;
    int pollError = 0;
    const Drained drained = drain(out, err, r.out, r.err, deadline, pollError);
    int status = 0;
    const Reaped first =
        drained == Drained::Closed ? reapBy(pid, deadline, status) : Reaped::TimedOut;
    bool reaped = first == Reaped::Yes;
    // After a failed wait the pid may belong to someone else by now: never signal it then.
    if (first == Reaped::TimedOut) {
        kill(pid, SIGKILL);
        r.timedOut = drained != Drained::Failed;
        pid_t w;
        while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
        }
        reaped = w == pid;
    }
    if (drained == Drained::Failed)
        throw std::system_error(pollError, std::generic_category(),
                                "runProgram: poll on the output of " + args[0]);
    if (!reaped) {  // status holds nothing: never report a run we could not wait for as a success
        r.err += "\n(runProgram: could not wait for " + args[0] + ")";
        return r;
    }
    recordStatus(r, status);
    return r;
}

CliResult runProgram(const std::vector<std::string>& args, std::chrono::seconds timeout) {
    RunOptions options;
    options.timeout = timeout;
    return runProgram(args, options);
}

namespace {

// Reads what is ready on the two descriptors (closing each at its end, and setting it to -1)
// until `done()` holds (true), or both are closed or the deadline passes (false).
bool readUntil(int& outFd, int& errFd, std::string& out, std::string& err,
               Clock::time_point deadline, const std::function<bool()>& done) {
    std::array<int*, 2> fds{&outFd, &errFd};
    std::array<std::string*, 2> sink{&out, &err};
    char buf[65536];
    for (;;) {
        if (done()) return true;
        if (outFd < 0 && errFd < 0) return false;
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return false;
        std::array<pollfd, 2> p{{{outFd, POLLIN, 0}, {errFd, POLLIN, 0}}};  // -1: ignored
        if (poll(p.data(), p.size(), int(std::min<long long>(left.count(), 60000))) < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "RunningCli: poll");
        }
        for (size_t i = 0; i < p.size(); ++i) {
            if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL))) continue;
            const ssize_t n = read(p[i].fd, buf, sizeof buf);
            if (n > 0) {
                sink[i]->append(buf, size_t(n));
            } else if (n == 0 || errno != EINTR) {
                close(*fds[i]);
                *fds[i] = -1;
            }
        }
    }
}

}  // namespace

RunningCli::RunningCli(const std::vector<std::string>& args,
                       const std::vector<std::string>& extraEnv, const RunOptions& options) {
    Pipe out, err;
    posix_spawn_file_actions_t actions;
    childStreams(actions, out, err, options);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults, none;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string entry = *e;
        const std::string name = entry.substr(0, entry.find('='));
        const bool replaced = std::any_of(extraEnv.begin(), extraEnv.end(), [&](const auto& x) {
            return x.substr(0, x.find('=')) == name;
        });
        if (!replaced) env.push_back(entry);
    }
    env.insert(env.end(), extraEnv.begin(), extraEnv.end());
    std::vector<char*> envp;
    for (std::string& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::vector<std::string> all{cliPath()};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);

    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        result_.err = "could not start " + all[0] + ": " + std::strerror(rc);
        return;
    }
    pid_ = pid;
    out.closeWrite();
    err.closeWrite();
    std::swap(outFd_, out.fds[0]);
    std::swap(errFd_, err.fds[0]);
}

RunningCli::~RunningCli() {
    for (int fd : {outFd_, errFd_})
        if (fd >= 0) close(fd);
    if (pid_ > 0 && !reaped_) {
        kill(pid_, SIGKILL);
        int status = 0;
        while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
    }
}

bool RunningCli::waitForErr(const std::string& text, std::chrono::milliseconds timeout) {
    return readUntil(outFd_, errFd_, result_.out, result_.err, Clock::now() + timeout,
                     [&] { return result_.err.find(text) != std::string::npos; });
}

bool RunningCli::waitForOut(const std::string& text, std::chrono::milliseconds timeout) {
    return readUntil(outFd_, errFd_, result_.out, result_.err, Clock::now() + timeout,
                     [&] { return result_.out.find(text) != std::string::npos; });
}

bool RunningCli::sendSignal(int sig) {
    return pid_ > 0 && !reaped_ && kill(pid_, sig) == 0;
}

CliResult RunningCli::finish(std::chrono::seconds timeout) {
    if (pid_ <= 0 || reaped_) return result_;
    const auto deadline = Clock::now() + timeout;
    readUntil(outFd_, errFd_, result_.out, result_.err, deadline, [] { return false; });
    int status = 0;
    const Reaped first = reapBy(pid_, deadline, status);
    reaped_ = first == Reaped::Yes;
    if (first == Reaped::TimedOut) {
        kill(pid_, SIGKILL);
        result_.timedOut = true;
        pid_t w;
        while ((w = waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {
        }
        reaped_ = w == pid_;
    }
    if (!reaped_) {
        result_.err += "\n(RunningCli: could not wait for the program)";
        reaped_ = true;  // never signal a pid we could not wait for
        return result_;
    }
    recordStatus(result_, status);
    return result_;
}

std::string cliPath() {
    return DL_CLI_PATH;
}

CliResult runCli(const std::vector<std::string>& args, const RunOptions& options) {
    std::vector<std::string> all{cliPath()};
    all.insert(all.end(), args.begin(), args.end());
    return runProgram(all, options);
}

CliResult runCli(const std::vector<std::string>& args, std::chrono::seconds timeout) {
    RunOptions options;
    options.timeout = timeout;
    return runCli(args, options);
}

std::string describe(const CliResult& r) {
    std::string s;
    if (r.timedOut)
        s = "timed out and was killed";
    else if (r.exited)
        s = "exited with code " + std::to_string(r.code);
    else if (r.signal != 0)
        s = "killed by signal " + std::to_string(r.signal) + " (" + strsignal(r.signal) + ")";
    else
        s = "did not run to an exit";
    s += "; stderr: " + (r.err.empty() ? std::string("(empty)") : r.err);
    constexpr size_t kOutShown = 2000;
    if (!r.out.empty())
        s += "; stdout: " + r.out.substr(0, kOutShown) + (r.out.size() > kOutShown ? "…" : "");
    return s;
}

}  // namespace dl::test
