// Exhaustive breadth-first exploration of a TransitionSystem's state graph. Breadth-first
// gives every finding its shortest schedule. Levels are expanded by several threads and
// merged in a fixed order, so results and schedules are the same for any thread count.
#pragma once
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "TransitionSystem.hpp"

namespace wdf::core {

struct Progress {
  uint64_t states = 0, transitions = 0;
  uint32_t depth = 0;
  double seconds = 0;
  uint64_t bytes = 0;
  uint64_t frontier = 0;
};

struct ExploreOptions {
  uint64_t maxStates = 0;      // 0: no limit
  double timeLimit = 0;        // seconds; 0: no limit
  uint64_t memoryLimit = 0;    // bytes; 0: no limit
  unsigned threads = 1;
  bool stopAtFirstHit = false; // stop as soon as anything is found (the run is then bounded)
  std::function<void(const Progress &)> progress; // called about twice a second
  const std::atomic<bool> *interrupt = nullptr;   // set by SIGINT: stop cleanly
  // Sharding: shard `shardIndex` (0-based) of `shardCount`. Every shard explores the same
  // breadth-first prefix until a level has at least shardWidth * shardCount states, keeps
  // the states of that level it owns (every shardCount-th), and explores all that is
  // reachable from them. Together the shards cover the whole state graph.
  unsigned shardIndex = 0, shardCount = 1;
  unsigned shardWidth = 16;
};

struct FoundHit {
  Hit hit;
  uint32_t state = 0;  // the state it was found in (for a failing action: the state before it)
  uint32_t depth = 0;  // steps in its schedule
  // Random search keeps no state graph: the actions leading to `state` are stored here.
  std::vector<uint32_t> path;
  bool hasPath = false;
};

struct FoundEdge {
  LockEdge edge;       // gates: the bits held at every observation of this edge
  uint32_t state = 0;  // where it was first observed
  uint32_t action = NoAction;
  std::vector<uint32_t> path; // random search: the actions leading to `state`
  bool hasPath = false;
};

struct ExploreResult {
  uint64_t states = 0, transitions = 0, rests = 0;
  uint64_t enabled = 0, skipped = 0, merged = 0; // sums of Expansion's reduction counts
  uint32_t depth = 0;
  bool complete = true;
  std::string limit;          // why it stopped early: "max-states", "time-limit", ...
  bool modelBounded = false;  // some execution was cut by the model (--max-steps)
  double seconds = 0, firstHitSeconds = -1;
  uint64_t peakBytes = 0;
  std::vector<FoundHit> hits; // first occurrence of each (kind, key), in discovery order
  std::vector<FoundEdge> edges;
  std::vector<uint32_t> parent, action; // per state id

  uint64_t executions = 0;    // random search
  bool split = false;         // sharding: the search reached its split level
  std::vector<uint32_t> pathTo(uint32_t state) const; // actions from the initial state
  std::vector<uint32_t> pathOf(const FoundHit &h) const { return h.hasPath ? h.path : pathTo(h.state); }
  std::vector<uint32_t> pathOf(const FoundEdge &e) const { return e.hasPath ? e.path : pathTo(e.state); }
};

ExploreResult explore(const TransitionSystem &ts, const ExploreOptions &o);

} // namespace wdf::core
