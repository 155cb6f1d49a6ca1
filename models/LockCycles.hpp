// The lock-order cycles to report, from the lock-order graph alone: elementary cycles
// (Boost.Graph's Hawick circuits) that no common lock guards and that did not show up as a
// deadlock. A pure function of the edges, so that `wdfcheck merge` can recompute it from
// the graphs of several shards.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "Finding.hpp"

namespace wdf::model {

struct LockCycle {
  std::vector<std::string> locks;   // sorted
  std::vector<size_t> edges;        // indices into the edge list, in cycle order
};

// `edges`: one per (from, to) pair, with `gates` the bits held at every observation.
// Marks the edges on reported cycles (onCycle) and returns the cycles, at most 64.
std::vector<LockCycle> findLockCycles(std::vector<LockOrderEdge> &edges,
                                      const std::set<std::vector<std::string>> &deadlockLockSets);

} // namespace wdf::model
