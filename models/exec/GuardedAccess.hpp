// Which shared accesses step merging may run inside the step before them. This is Lipton's
// reduction: an access to data its lock guards cannot be observed by any other activation
// before the lock is released, so a critical section can run as one step.
//
// Two cases. A cell every access of which (outside `finally`) holds a common lock is guarded
// always. A cell that callbacks only touch under a common set of locks, but that an
// environment thread also reads or writes without them (typically a final check after
// flushing the work items), is guarded in a state where no thread can reach such an unlocked
// ("weak") access before the accessing activation ends: a thread waiting in
// WdfWorkItemFlush for the very work item that is accessing cannot.
//
// Lock releases merge too (a release is a left mover: whatever another activation does while
// the lock is still held, it can do after the release with the same effect), unless the
// design tries a lock (WdfInterruptTryToAcquireLock), whose result a release changes.
#pragma once
#include <cstdint>
#include <vector>

#include "LockSets.hpp"
#include "State.hpp"

namespace wdf::model::exec {

struct GuardedAccess {
  // body -> pc: an access guarded always, or a lock release.
  std::vector<std::vector<char>> always;
  // body -> pc: for an access that holds every lock its cells' callback accesses hold, the
  // cells (bits 0..62) that threads also access unlocked; 0 for other instructions.
  std::vector<std::vector<uint64_t>> weakCells;
  // Work items that some WdfWorkItemFlush names; their position + 1 selects a weakReach table.
  std::vector<int> flushed;
  // [k][body][pc]: cells with a weak access that may run from there on (through calls),
  // without passing a flush of flushed[k - 1] (k = 0: no flush stops the search).
  std::vector<std::vector<std::vector<uint64_t>>> weakReach;

  bool empty() const { return always.empty(); }
  int reachTable(int workItem) const; // k for the running work item, 0 for anything else
  // True if no activation of `s` but `self` (-1: none) can reach a weak access of `cells`
  // before a run of work item `workItem` (-1: of anything else) ends.
  bool unreachable(const State &s, int self, int workItem, uint64_t cells) const;
};

GuardedAccess computeGuardedAccess(const Design &d, const LockSets &ls);

} // namespace wdf::model::exec
