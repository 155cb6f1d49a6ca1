// How many times each body may run in one execution, counted from the code: a thread runs
// once, a work item as often as its enqueues run, a queue's I/O callback once per request
// sent to it, a function once per call. Loops, periodic timers, requeued or forwarded
// requests and anything not counted here are unbounded. The counter sections use it to
// prove that a counter cannot overflow (CounterSections.hpp).
#pragma once
#include <cstdint>
#include <vector>

#include "models/Design.hpp"

namespace wdf::model::exec {

inline constexpr uint64_t Unbounded = UINT64_MAX;

// body -> the most times it may start in one execution, or Unbounded.
std::vector<uint64_t> computeRunBounds(const Design &d);

} // namespace wdf::model::exec
