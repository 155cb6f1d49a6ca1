// Partial-order reduction: the stubborn-set closure over a state's actors (activations and
// pending starts). An actor's transitions outside the set can neither touch what the set's
// next transitions touch nor enable them, so exploring only the set's enabled transitions
// keeps every deadlock, every reachable conflicting pair of accesses and every interleaving
// that matters, up to reordering of independent steps.
//
// Generic: resources are bit positions given by the model; locks are the first 64 bits of a
// separate mask, used to exclude accesses an actor can only make while holding a lock that
// an actor already in the set holds (those cannot happen before the set moves).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace wdf::core {

// Sets of resources read and written, as bitsets over the model's resource numbering.
struct Footprint {
  std::vector<uint64_t> reads, writes;
  void resize(size_t words) {
    reads.assign(words, 0);
    writes.assign(words, 0);
  }
  void read(size_t r) { reads[r / 64] |= 1ull << (r % 64); }
  void write(size_t r) { writes[r / 64] |= 1ull << (r % 64); }
  void add(const Footprint &o);
  bool empty() const;
  // Two footprints conflict when one writes what the other reads or writes.
  bool conflicts(const Footprint &o) const;
  bool operator==(const Footprint &o) const { return reads == o.reads && writes == o.writes; }
};

// Accesses made while holding at least the locks in `guard`.
struct GuardedFootprint {
  uint64_t guard = 0;
  Footprint fp;
};

struct Actor {
  bool enabled = false;
  Footprint next;                        // enabled: the footprint of its next transition
  std::vector<GuardedFootprint> future;  // all it (and what it spawns) may still do, next included
  Footprint waitsOn;                     // disabled: what another transition must write first
  uint64_t holds = 0;                    // locks it holds now
  unsigned transitions = 1;              // enabled transitions it contributes (choices)
};

// The actors of a stubborn set: among the sets grown from each enabled actor, one with the
// fewest enabled transitions (the first such, so the choice is deterministic). Empty if no
// actor is enabled.
std::vector<int> stubbornSet(const std::vector<Actor> &actors);

} // namespace wdf::core
