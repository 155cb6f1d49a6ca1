// A finding as reports show it: what broke which rule, where, and the schedule that shows it.
#pragma once
#include <string>
#include <vector>

#include "FindingKind.hpp"
#include "core/Source.hpp"
#include "exec/Machine.hpp"

namespace wdf::model {

// One edge of a reported lock-order cycle: `to` taken while holding `from`.
struct CycleEdge {
  std::string from, to;
  SourceLoc fromSite, toSite;
  std::string actor;     // who took them
};

struct Finding {
  FindingKind kind = FindingKind::Assert;
  std::string subject;   // race: the variable; config: the object; lock_cycle: "A, B"
  std::vector<std::string> locks; // lock_cycle: the locks, sorted; deadlock: those on its wait-for cycle
  std::string api, status;        // config: the create call and the NTSTATUS it returns
  std::string message;
  SourceLoc loc;
  std::vector<exec::StepRecord> schedule;
  std::vector<exec::StepRecord> poised; // race: the two accesses about to run; deadlock: the waiters
  std::vector<CycleEdge> cycle;         // lock_cycle
  uint64_t key = 0;
  uint32_t contextSwitches = 0;
  // For replay: the packed actions from the initial state, the last of which breaks the
  // rule when `lastBreaks` (otherwise the rule holds of the state the actions reach).
  std::vector<uint32_t> actions;
  bool lastBreaks = false;
};

// An edge of the lock-order graph: `to` was acquired while `from` was held, first at these
// sites. `guarded`: every time it was taken, some other common lock was held too.
struct LockOrderEdge {
  std::string from, to;
  SourceLoc fromSite, toSite;
  uint64_t gates = 0;   // what was held at every observation besides `from` (bits)
  bool guarded = false; // gates != 0
  bool onCycle = false; // part of a reported lock_cycle
  // For replay: the packed actions of its first observation, the last of which takes `to`.
  std::vector<uint32_t> actions;
  bool lastBreaks = false;
};

// What a search found, before it is described: which rule broke and the actions that show
// it (as Finding::actions). Enough to describe the finding again from the scenario alone.
struct FoundPath {
  FindingKind kind = FindingKind::Assert;
  uint64_t key = 0;
  std::vector<uint32_t> actions;
  bool lastBreaks = false;
};

struct Warning {
  SourceLoc loc;
  std::string text;
};

} // namespace wdf::model
