// Counter sections: critical sections that only add constants to shared counters,
//
//     WdfSpinLockAcquire(L); Count = Count + 1; Total += 2; WdfSpinLockRelease(L);
//
// Step merging runs such a section as one step (GuardedAccess.hpp), and two of them
// commute: each needs L free and leaves it free, and additions to a cell give the same sum
// in either order. So the partial-order reduction may treat the section as a read of L and
// an addition to each counter (Reduction.hpp), where it used to see two writes of L; ten
// work items bumping one statistics counter under one lock then no longer interleave in
// every order.
//
// An interlocked addition whose result nobody reads (`InterlockedIncrement(Count);`,
// `InterlockedAdd(Count, 4);`) is a one-step addition too, and commutes the same way.
//
// Sums are the same in either order only if no addition overflows (an overflow is a
// finding at its site). So a cell is a counter only when every write to it, outside
// `finally`, is an addition in a counter section or an interlocked addition, and its initial
// value plus every addition each may make, as often as the section's body may run (RunBounds.hpp),
// stays within int32.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "GuardedAccess.hpp"
#include "models/ObjectModel.hpp"

namespace wdf::model::exec {

struct CounterSection {
  int lock = -1;           // the lock it takes and releases
  size_t release = 0;      // pc of the release
  std::vector<int> cells;  // the counters it adds to
  // Cells (bits 0..62) that step merging runs inside the step only in states where no
  // thread can reach an unlocked access (GuardedAccess::weakCells); 0: merged always.
  uint64_t weak = 0;
};

struct CounterSections {
  std::vector<std::vector<int>> at; // body -> pc -> index into `list` of the section that starts there, or -1
  std::vector<CounterSection> list;
  std::vector<std::vector<int>> interlocked; // body -> pc -> the counter an interlocked addition there adds to, or -1

  int interlockedAt(int body, size_t pc) const {
    return body >= 0 && static_cast<size_t>(body) < interlocked.size() && pc < interlocked[body].size()
               ? interlocked[body][pc]
               : -1;
  }
  const CounterSection *find(int body, size_t pc) const {
    int i = body >= 0 && static_cast<size_t>(body) < at.size() && pc < at[body].size() ? at[body][pc] : -1;
    return i >= 0 ? &list[static_cast<size_t>(i)] : nullptr;
  }
  bool empty() const { return list.empty() && !anyInterlocked; }
  bool anyInterlocked = false;
};

// `live(body, pc, reg)`: at `pc`, the register holds a value some later instruction reads.
using Liveness = std::function<bool(int body, size_t pc, Reg reg)>;
CounterSections findCounterSections(const Design &d, const ObjectModel &om, const GuardedAccess &g, const Liveness &live);

} // namespace wdf::model::exec
