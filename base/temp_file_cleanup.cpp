#include "base/temp_file_cleanup.h"

#include <limits.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>

namespace dl {
namespace {

// One temporary file being written: its folder (an open descriptor) and its name in it.
// `state`: 0 free, 1 owned by a writer, 2 armed (the handler removes it), 3 taken by the handler.
struct TempSlot {
    std::atomic<int> state{0};
    int dirFd = -1;
    char name[NAME_MAX + 1] = {};
};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs lock-free atomics");

constexpr int kSlots = 32;  // concurrent writes beyond this are written unprotected
TempSlot g_slots[kSlots];

constexpr int kSignals[] = {SIGINT, SIGTERM};
struct sigaction g_previous[2];  // the dispositions our handler replaced, by kSignals index

bool isHandler(const struct sigaction& a) {
    if (a.sa_flags & SA_SIGINFO) return a.sa_sigaction != nullptr;
    return a.sa_handler != SIG_DFL && a.sa_handler != SIG_IGN;
}

// Removes every armed file, restores the default action and re-raises `sig`.
void removeArmedAndDie(int sig) {
    for (TempSlot& slot : g_slots) {
        int armed = 2;
        if (slot.state.compare_exchange_strong(armed, 3)) ::unlinkat(slot.dirFd, slot.name, 0);
    }
    struct sigaction dfl;
    std::memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    ::sigaction(sig, &dfl, nullptr);
    // The signal is blocked while its handler runs: it is delivered, with the default action,
    // as soon as the handler returns, so the process dies of it as it would have without us.
    ::raise(sig);
}

// Async-signal-safe: only atomics, unlinkat, sigaction and raise.
void onTerminatingSignal(int sig, siginfo_t* info, void* context) {
    const int savedErrno = errno;
    const struct sigaction& previous = g_previous[sig == SIGINT ? 0 : 1];
    if (!isHandler(previous)) {
        removeArmedAndDie(sig);
    } else if (previous.sa_flags & SA_SIGINFO) {
        // The program handles the signal itself (and may well go on): the write goes on too.
        previous.sa_sigaction(sig, info, context);
    } else {
        previous.sa_handler(sig);
    }
    errno = savedErrno;
}

void installHandlers() {
    for (int i = 0; i < 2; ++i) {
        const int sig = kSignals[i];
        struct sigaction old;
        if (::sigaction(sig, nullptr, &old) != 0) continue;
        if (!(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_IGN) continue;  // stays ignored
        g_previous[i] = old;
        struct sigaction ours;
        std::memset(&ours, 0, sizeof ours);
        ours.sa_sigaction = onTerminatingSignal;
        ours.sa_flags =
            SA_SIGINFO | (isHandler(old) ? old.sa_flags & (SA_RESTART | SA_ONSTACK) : SA_RESTART);
        ours.sa_mask = old.sa_mask;
        for (int other : kSignals) sigaddset(&ours.sa_mask, other);
        ::sigaction(sig, &ours, nullptr);
    }
}

}  // namespace

TempFileRegistration::TempFileRegistration() {
    static std::once_flag once;
    std::call_once(once, installHandlers);
    for (int i = 0; i < kSlots; ++i) {
        int free = 0;
        if (g_slots[i].state.compare_exchange_strong(free, 1)) {
            slot_ = i;
            return;
        }
    }
}

TempFileRegistration::~TempFileRegistration() {
    if (slot_ >= 0 && disarm()) g_slots[slot_].state.store(0);
}

void TempFileRegistration::arm(int dirFd, const std::string& name) {
    if (slot_ < 0) return;
    TempSlot& slot = g_slots[slot_];
    slot.dirFd = dirFd;
    std::memcpy(slot.name, name.c_str(), name.size() + 1);
    slot.state.store(2);
}

bool TempFileRegistration::disarm() {
    if (slot_ < 0) return true;
    int expected = 2;
    if (g_slots[slot_].state.compare_exchange_strong(expected, 1)) return true;
    return expected == 1;
}

}  // namespace dl
