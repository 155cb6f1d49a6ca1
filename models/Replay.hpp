// Re-running a schedule: the checker uses it to describe counterexamples step by step, and
// `wdfcheck replay` to confirm a recorded counterexample against its scenario.
#pragma once
#include <string>
#include <vector>

#include "Finding.hpp"
#include "exec/Machine.hpp"

namespace wdf::model {

// Re-runs packed actions from the initial state, describing each step. States go through
// encode/decode after every step so that activation indices are the canonical ones the
// explorer used.
class Replay {
public:
  explicit Replay(const exec::Machine &m);
  // Runs one action; returns its outcome and fills `message` when it breaks a rule.
  exec::Outcome run(uint32_t packed, std::string *message = nullptr, exec::Hit *hit = nullptr,
                    std::vector<core::LockEdge> *edges = nullptr);
  // Is the action possible in the current state?
  bool possible(uint32_t packed) const;

  const exec::State &state() const { return state_; }
  std::vector<exec::StepRecord> steps;

private:
  void roundTrip();
  const exec::Machine &m_;
  exec::State state_;
};

// Does a recorded path show what it claims? Re-runs `p` step by step, checking each step
// can happen, and returns "" when it reproduces the finding, else where it diverges
// ("step 3: ..."). For a lock-order edge (kind LockCycle, lastBreaks), the last step must
// take a lock while holding another.
std::string divergence(const exec::Machine &m, const FoundPath &p);

} // namespace wdf::model
