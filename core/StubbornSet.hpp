// Partial-order reduction: the stubborn-set closure over a state's actors (activations and
// pending starts). An actor's transitions outside the set can neither touch what the set's
// next transitions touch nor enable them, so exploring only the set's enabled transitions
// keeps every deadlock, every reachable conflicting pair of accesses and every interleaving
// that matters, up to reordering of independent steps.
//
// Generic: resources are bit positions given by the model. Two masks refine the closure:
// an actor's access that needs a lock a set member holds, or that comes after waiting for
// an object a set member keeps busy (a running work item that is flushed later), cannot
// happen before the set moves, so it does not pull the actor in.
#pragma once
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "SmallVec.hpp"

namespace wdf::core {

// Sets of resources read, written and added to, as bitsets over the model's resource
// numbering. Additions (of constants, to counters) commute with each other but not with
// reads or writes of the same resource.
struct Footprint {
  SmallVec<uint64_t, 2> reads, writes, adds;
  void resize(size_t words) {
    reads.assign(words, 0);
    writes.assign(words, 0);
    adds.assign(words, 0);
  }
  void read(size_t r) { reads[r / 64] |= 1ull << (r % 64); }
  void write(size_t r) { writes[r / 64] |= 1ull << (r % 64); }
  void addTo(size_t r) { adds[r / 64] |= 1ull << (r % 64); }
  void add(const Footprint &o);
  bool empty() const;
  // Two footprints conflict when one writes what the other touches, or one adds to what
  // the other reads.
  bool conflicts(const Footprint &o) const;
  bool operator==(const Footprint &o) const { return reads == o.reads && writes == o.writes && adds == o.adds; }
};

// Accesses made while holding at least the locks in `guard`, and only after waiting for
// the objects in `gates` to go idle (a flush): bits of a model-defined numbering.
struct GuardedFootprint {
  uint64_t guard = 0;
  uint64_t gates = 0;
  Footprint fp;
};

using FootprintSpan = std::pair<const GuardedFootprint *, const GuardedFootprint *>;

struct Actor {
  bool enabled = false;
  unsigned transitions = 1;              // enabled transitions it contributes (choices)
  uint64_t holds = 0;                    // locks it holds now
  uint64_t closes = 0;                   // gates that stay shut while it does not move
  Footprint next;                        // enabled: the footprint of its next transition
  Footprint waitsOn;                     // disabled: what another transition must write first
  // All it (and what it spawns) may still do, next included: footprints made for this
  // state, and spans of summaries the model computed once.
  SmallVec<GuardedFootprint, 2> own;
  SmallVec<FootprintSpan, 6> spans;
};

// The actors of a stubborn set: among the sets grown from each enabled actor, one with the
// fewest enabled transitions (the first such, so the choice is deterministic). Empty if no
// actor is enabled.
std::vector<int> stubbornSet(const std::vector<Actor> &actors);

} // namespace wdf::core
