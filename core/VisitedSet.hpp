// The set of states already seen: an open-addressing table from 128-bit state hash to the
// state's id. Lookups may run concurrently; inserts happen only in the explorer's merge
// phase, which is single-threaded.
#pragma once
#include <cstdint>
#include <vector>

#include "Hash.hpp"

namespace wdf::core {

class VisitedSet {
public:
  VisitedSet() { slots_.resize(1 << 12); } // grows by doubling
  // The id of the state, or -1 if unseen.
  int64_t find(const Hash128 &h) const;
  // Inserts with `id` unless present; returns the id stored (the old one if present).
  uint32_t insert(const Hash128 &h, uint32_t id);
  size_t size() const { return size_; }
  size_t bytes() const { return slots_.capacity() * sizeof(Slot); }

private:
  struct Slot {
    uint64_t lo = 0, hi = 0; // hi == 0 && lo == 0 marks an empty slot (hashes are nudged off it)
    uint32_t id = 0;
  };
  static Hash128 nudge(Hash128 h) {
    if (h.lo == 0 && h.hi == 0)
      h.lo = 1;
    return h;
  }
  void grow();
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

} // namespace wdf::core
