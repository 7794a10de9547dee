#pragma once
// Training shares the machine's cores with the interface: its threads run at a lower CPU
// priority, so the scheduler hands the UI thread a core as soon as it has something to draw.

namespace dl {

/// Lowers the calling thread's priority (Linux nice +kTrainingNice); harmless where unsupported.
void lowerCurrentThreadPriority();

/// From now on every TBB worker thread lowers its own priority when it joins the pool.
/// Idempotent; the UI thread is never a TBB worker, so it keeps its priority.
void lowerTbbWorkerPriority();

}  // namespace dl
