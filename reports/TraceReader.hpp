// Reading JSON reports back (`wdfcheck replay`, `wdfcheck merge`). Trace files are user
// input: everything is validated, and a malformed file gives a TraceError naming the file
// and the field, never a crash. Nesting deeper than any report has is refused before
// parsing, so no input can exhaust the stack.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace wdf::reports {

struct TraceError {
  std::string message;
};

struct TraceFinding {
  std::string kind, subject;
  bool replayable = false;       // config findings have no schedule
  uint64_t key = 0;
  std::vector<uint32_t> actions;
  bool lastBreaks = false;
};

struct TraceResult {
  std::string file, scenarioHash;
  bool reduction = true;
  uint32_t maxSteps = 100000;
  std::vector<TraceFinding> findings;
};

// Parses and validates a JSON report. `name` is used in messages. Throws TraceError.
std::vector<TraceResult> readTrace(const std::string &text, const std::string &name);

struct TraceLoc {
  uint32_t line = 0, column = 0; // 0: no location
};

struct TraceEdge {
  std::string from, to;
  TraceLoc fromSite, toSite;
  uint64_t gates = 0;
  std::vector<uint32_t> actions;
  bool lastBreaks = false;
};

// One result of a sharded run (`run --shard I/N --format json`): all `wdfcheck merge` needs.
struct ShardDoc {
  TraceResult trace;                    // file, hash, options, findings
  std::vector<TraceFinding> suppressed;
  unsigned shardIndex = 0, shardCount = 0;
  bool split = false;
  uint64_t states = 0, transitions = 0, rests = 0;
  uint64_t enabled = 0, skipped = 0, merged = 0;
  uint32_t depth = 0;
  bool complete = true;
  std::string limit;
  double seconds = 0, firstFindingSeconds = -1;
  uint64_t peakBytes = 0;
  std::vector<TraceEdge> lockOrder;
};

// Parses and validates the JSON report of one shard. Throws TraceError.
std::vector<ShardDoc> readShards(const std::string &text, const std::string &name);

inline constexpr int MaxTraceNesting = 64;
inline constexpr unsigned MaxShards = 1000000;

} // namespace wdf::reports
