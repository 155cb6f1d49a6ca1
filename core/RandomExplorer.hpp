// Randomized search for scenarios too large to exhaust: N executions, each scheduled by a
// PCT-style priority scheme (random distinct priorities per actor, and d-1 random points
// at which the running actor drops to the lowest priority). Deterministic for a seed: the
// same seed gives the same executions, findings and schedules, whatever the thread count.
// Never complete: the verdict is bounded unless something is found.
#pragma once
#include <cstdint>

#include "Explorer.hpp"

namespace wdf::core {

struct RandomOptions {
  uint64_t executions = 1000;
  uint64_t seed = 1;
  uint32_t maxDepth = 10000;      // steps per execution
  unsigned priorityChanges = 2;   // PCT's d - 1
};

// Findings carry their execution's actions in FoundHit::path.
ExploreResult exploreRandom(const TransitionSystem &ts, const RandomOptions &r, const ExploreOptions &o);

} // namespace wdf::core
