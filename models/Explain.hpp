// `wdfcheck explain`: for every callback, its IRQL, the framework lock held while it runs
// and what it is serialized with; then, for every pair, whether the two can run at the same
// time and why. A static reading of the object model, no exploration.
#pragma once
#include <string>
#include <vector>

#include "Design.hpp"
#include "ObjectModel.hpp"

namespace wdf::model {

struct CallbackEntry {
  std::string name;          // "EvtWorkItem of WA"
  int object = -1;           // owner (queue for cancel routines; -1 if unknown)
  CallbackId callback = CallbackId::Count;
  int body = -1;
  IrqlSpec irql;
  int lock = -1;             // framework lock held while it runs
  std::string lockWhy;       // how that lock came to be held (or why none is)
  bool neverRuns = false;    // EvtIoStop / EvtIoResume
  std::vector<std::string> notes;
};

struct PairEntry {
  int a = -1, b = -1;        // indices into callbacks; a <= b
  bool concurrent = false;
  std::string reason;
};

struct Explanation {
  std::vector<CallbackEntry> callbacks;
  std::vector<PairEntry> pairs;
  std::vector<std::string> objectLines; // one line per object: resolved settings and locks

  const PairEntry *pair(int a, int b) const;
};

Explanation explain(const Design &d, const ObjectModel &m);

// "PASSIVE_LEVEL", or "the caller's IRQL (at most DISPATCH_LEVEL)".
std::string describeIrql(const IrqlSpec &s);

} // namespace wdf::model
