// Which locks an activation certainly holds at each instruction. Both the partial-order
// reduction (an access that needs a lock another actor holds cannot happen yet) and the
// machine's step merging (GuardedAccess: an access to a cell its held lock guards cannot be
// observed by anyone else) are built on them.
#pragma once
#include <cstdint>
#include <vector>

#include "models/Design.hpp"
#include "models/ObjectModel.hpp"

namespace wdf::model::exec {

// Locks as bits; locks numbered 64 and up are never counted as held (conservative).
inline uint64_t lockBit(int lock) { return lock >= 0 && lock < 64 ? 1ull << lock : 0; }

bool isAcquire(ApiId a);
bool isRelease(ApiId a);

struct LockSets {
  std::vector<std::vector<uint64_t>> mustHeld; // body -> pc -> locks certainly held there
  std::vector<uint64_t> releases;              // body -> locks it (or a function it calls) may release
  std::vector<char> takesLocks;                // body -> it (or a function it calls) may take a lock
};

LockSets computeLockSets(const Design &d, const ObjectModel &om);

} // namespace wdf::model::exec
