#include "KmdfSystem.hpp"

#include <algorithm>

namespace wdf::model::exec {

KmdfSystem::KmdfSystem(const Machine &m) : m_(m) {
  if (m.options().merge && !m.cyclic())
    reduction_ = std::make_unique<Reduction>(m);
}

void KmdfSystem::initial(std::vector<core::Word> &out) const {
  State s = m_.initial();
  m_.canonicalize(s);
  encode(s, out);
}

uint32_t KmdfSystem::intern(const std::string &reason) const {
  std::lock_guard<std::mutex> g(mutex_);
  auto [it, inserted] = reasons_.emplace(reason, static_cast<uint32_t>(byId_.size()));
  if (inserted)
    byId_.push_back(reason);
  return it->second;
}

uint64_t stuckKey(const std::vector<std::string> &reasons); // Checks.cpp

uint64_t KmdfSystem::stuckKey(const std::vector<uint32_t> &ids) const {
  std::vector<std::string> names;
  for (uint32_t id : ids)
    names.push_back(reason(id));
  return exec::stuckKey(names);
}

std::string KmdfSystem::reason(uint32_t id) const {
  std::lock_guard<std::mutex> g(mutex_);
  return id < byId_.size() ? byId_[id] : "?";
}

void KmdfSystem::expand(const core::Word *data, size_t n, core::Expansion &out) const {
  // Scratch buffers live per thread: expand runs once per state, from several threads.
  thread_local State s;
  thread_local std::vector<Action> actions;
  thread_local std::vector<Hit> hits;
  thread_local std::vector<Successor> succs;
  thread_local std::vector<core::Word> buf;
  thread_local std::vector<core::Actor> actors;
  thread_local std::vector<int> actionOf;
  if (!decode(data, n, m_.layout(), s))
    return;
  m_.enabled(s, actions);
  hits.clear();
  m_.checkState(s, actions, hits);
  for (const Hit &h : hits)
    out.addHit(static_cast<uint8_t>(h.kind), h.key);
  if (actions.empty()) {
    bool alive = false;
    for (const Activation &a : s.acts)
      alive |= !a.frames.empty() && !a.finished;
    if (!alive)
      out.markRest();
  }
  SmallVec<bool, 8> ends(s.acts.size(), false); // activations whose next step ends the execution
  // With the reduction, only a stubborn set's actions are explored. That argument needs
  // each chosen step to have a successor: when one ends its execution (a finding,
  // assume(false), --max-steps), the executions in which the others go first are not
  // equivalent to any explored one, so the state is expanded in full after all.
  SmallVec<bool, 16> keep(actions.size(), true);
  if (reduction_ && actions.size() > 1) {
    reduction_->actors(s, actions, actors, actionOf);
    std::fill(keep.begin(), keep.end(), false);
    for (int a : core::stubbornSet(actors))
      if (actionOf[a] >= 0)
        keep[actionOf[a]] = true;
  }
  bool full = std::count(keep.begin(), keep.end(), true) == static_cast<long>(actions.size());
  out.enabled = static_cast<uint32_t>(actions.size());
  out.skipped = static_cast<uint32_t>(std::count(keep.begin(), keep.end(), false));
  for (int round = 0; round < 2; ++round) {
    bool ended = false;
    for (size_t i = 0; i < actions.size(); ++i) {
      if (keep[i] != (round == 0))
        continue;
      const Action &a = actions[i];
      succs.clear();
      m_.execute(s, a, succs);
      for (Successor &sc : succs) {
        out.merged += sc.merged;
        Action taken = a;
        taken.choice = sc.choice;
        uint32_t packed = taken.pack();
        for (const core::LockEdge &e : sc.edges)
          out.addEdge(e, packed);
        switch (sc.outcome) {
        case Outcome::Ok:
          encode(sc.state, buf);
          out.addSuccessor(buf.data(), buf.size(), packed);
          break;
        case Outcome::Finding:
          out.addHit(static_cast<uint8_t>(sc.hit.kind), sc.hit.key, packed);
          ended = true;
          if (a.kind == ActionKind::Step)
            ends[a.index] = true;
          break;
        case Outcome::Bounded:
          out.markBounded();
          ended = true;
          break;
        case Outcome::Discarded:
          ended = true;
          if (a.kind == ActionKind::Step)
            ends[a.index] = true;
          break;
        }
      }
    }
    if (full || !ended)
      break;
    out.skipped = 0; // the second round explored the rest
  }
  // What never finishes if this state is part of a cycle no execution leaves. When some
  // activation's next step ends the execution (a finding, assume(false)), a fair execution
  // takes that step sooner or later, so the cycle is no livelock: report nothing stuck.
  // Ids are interned in discovery order, so sort them.
  if (m_.cyclic() && std::find(ends.begin(), ends.end(), true) == ends.end()) {
    for (const std::string &r : m_.stuckReasons(s))
      out.stuck.push_back(intern(r));
    std::sort(out.stuck.begin(), out.stuck.end());
  }
}

} // namespace wdf::model::exec
