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

inline constexpr int MaxTraceNesting = 64;

} // namespace wdf::reports
