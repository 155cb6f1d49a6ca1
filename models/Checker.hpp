// Checks one design: creation-time rejections first, then exhaustive exploration, then the
// lock-order graph; turns what the engine found into findings with schedules and applies
// the suppress lines.
#pragma once
#include <string>
#include <vector>

#include "Design.hpp"
#include "Finding.hpp"
#include "ObjectModel.hpp"
#include "core/Explorer.hpp"
#include "core/RandomExplorer.hpp"

namespace wdf::model {

struct CheckOptions {
  bool reduce = true;          // merge invisible steps and use partial-order reduction
  uint32_t maxSteps = 100000;  // per activation
  core::ExploreOptions explore;
  bool random = false;         // randomized search instead of the exhaustive one
  core::RandomOptions randomSearch;
};

struct RunStats {
  uint64_t states = 0, transitions = 0, rests = 0;
  // What the reduction did: actions enabled in the states explored, those the partial-order
  // reduction left out, invisible steps merged into explored ones (0 without reduction).
  uint64_t enabled = 0, skipped = 0, merged = 0;
  uint32_t depth = 0;
  double seconds = 0, firstFindingSeconds = -1;
  uint64_t peakBytes = 0;
  bool complete = true;
  std::string limit;           // why it stopped early
  bool reduced = true;
  uint64_t executions = 0;     // random search: executions run
  uint64_t seed = 0;           // random search: its seed
  // Sharded search: this is shard `shardIndex` (1-based) of `shardCount`; `split`: the
  // search got wide enough to split (if not, every shard explored everything).
  unsigned shardIndex = 0, shardCount = 0;
  bool split = false;
  unsigned mergedShards = 0;   // a merged result: how many shards it combines
  bool isShard() const { return shardCount > 0 && mergedShards == 0; }
};

struct CheckResult {
  std::string path, title;
  bool configRejected = false;
  std::vector<Finding> findings;   // sorted: kind, location, subject
  std::vector<Finding> suppressed;
  std::vector<Warning> warnings;
  std::vector<LockOrderEdge> lockOrder; // the lock-order graph, one edge per pair of locks
  RunStats stats;

  // Stopped by a limit (max-states, time-limit, memory-limit, max-steps, interrupted) rather
  // than by the search mode (--first, random search).
  bool bounded() const {
    return !stats.complete && stats.limit != "first finding" && stats.limit != "random search";
  }
  // "clean", "1 finding", "3 findings", "bounded (time-limit)", ...
  std::string verdict() const;
  int exitCode() const;

private:
  std::string verdictOfSearch() const;
};

CheckResult check(const Design &d, const ObjectModel &m, const CheckOptions &o);

// One shard's result, as read back from its JSON report.
struct ShardPart {
  RunStats stats;
  std::vector<FoundPath> found;          // its findings, suppressed ones included, but not config
  std::vector<LockOrderEdge> lockOrder;
};

// The result the unsharded search gives, from the results of all its shards (in shard
// order): findings are united (each with the shortest schedule any shard found), the
// lock-order graphs are united and their cycles found again, statistics are added up.
CheckResult mergeShards(const Design &d, const ObjectModel &m, const CheckOptions &o, const std::vector<ShardPart> &parts);

// Does `p` (an expect or suppress line) match `f`?
bool matches(const Pattern &p, const Finding &f);

} // namespace wdf::model
