// The machine as the exploration engine sees it: encoded states in, successors, hits and
// lock-order edges out.
#pragma once
#include <map>
#include <mutex>
#include <string>

#include "Machine.hpp"
#include "Reduction.hpp"
#include "core/TransitionSystem.hpp"

namespace wdf::model::exec {

class KmdfSystem : public core::TransitionSystem {
public:
  // Partial-order reduction applies when the machine merges steps (reduced mode) and the
  // model is acyclic; cyclic models are expanded in full, so that the analysis of cycles no
  // execution leaves stays exact.
  explicit KmdfSystem(const Machine &m);
  void initial(std::vector<core::Word> &out) const override;
  void expand(const core::Word *state, size_t n, core::Expansion &out) const override;
  bool cyclic() const override { return m_.cyclic(); }
  uint8_t stuckKind() const override { return static_cast<uint8_t>(FindingKind::Deadlock); }
  uint64_t stuckKey(const std::vector<uint32_t> &reasons) const override;
  // The reasons behind a stuck-reason id (for describing a livelock).
  std::string reason(uint32_t id) const;

private:
  uint32_t intern(const std::string &reason) const;
  const Machine &m_;
  std::unique_ptr<Reduction> reduction_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, uint32_t> reasons_;
  mutable std::vector<std::string> byId_;
};

} // namespace wdf::model::exec
