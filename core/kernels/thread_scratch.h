#pragma once
// Per-thread scratch buffers that a layer keeps across steps, so a step does
// not allocate. Which thread's buffer a chunk uses never changes its result.
#include <tbb/enumerable_thread_specific.h>

namespace dl {

/// One T per worker thread, created on first use; a copied layer gets fresh, empty scratch.
template <class T>
class ThreadScratch {
  public:
    ThreadScratch() = default;
    ThreadScratch(const ThreadScratch&) {}
    ThreadScratch& operator=(const ThreadScratch&) { return *this; }

    /// The calling thread's T.
    T& local() { return slots_.local(); }

  private:
    tbb::enumerable_thread_specific<T> slots_;
};

}  // namespace dl
