#include "StubbornSet.hpp"

namespace wdf::core {

void Footprint::add(const Footprint &o) {
  for (size_t i = 0; i < reads.size(); ++i) {
    reads[i] |= o.reads[i];
    writes[i] |= o.writes[i];
  }
}

bool Footprint::empty() const {
  for (size_t i = 0; i < reads.size(); ++i)
    if (reads[i] | writes[i])
      return false;
  return true;
}

bool Footprint::conflicts(const Footprint &o) const {
  for (size_t i = 0; i < reads.size(); ++i)
    if ((writes[i] & (o.reads[i] | o.writes[i])) | (reads[i] & o.writes[i]))
      return true;
  return false;
}

namespace {

// May actor `b` (outside the set), before any actor of the set moves, do something that
// conflicts with `fp`? Accesses it can only make holding a lock some set member holds are
// out of reach: that member does not move, so the lock stays taken.
bool futureConflicts(const Actor &b, const Footprint &fp, uint64_t heldBySet) {
  for (const GuardedFootprint &g : b.future)
    if ((g.guard & heldBySet) == 0 && g.fp.conflicts(fp))
      return true;
  return false;
}

std::vector<int> closure(const std::vector<Actor> &actors, int seed, unsigned &cost) {
  size_t n = actors.size();
  std::vector<bool> in(n, false);
  std::vector<int> members{seed}, work{seed};
  in[seed] = true;
  uint64_t held = actors[seed].holds;
  while (!work.empty()) {
    int a = work.back();
    work.pop_back();
    const Actor &A = actors[a];
    const Footprint &fp = A.enabled ? A.next : A.waitsOn;
    for (size_t b = 0; b < n; ++b) {
      if (in[b])
        continue;
      const Actor &B = actors[b];
      // Enabled member: every actor whose future conflicts with its next step.
      // Disabled member: every actor that may write what it waits on (its enablers).
      bool add = A.enabled ? futureConflicts(B, fp, held & ~B.holds) : futureConflicts(B, fp, 0);
      if (!add)
        continue;
      in[b] = true;
      members.push_back(static_cast<int>(b));
      work.push_back(static_cast<int>(b));
      held |= B.holds;
    }
  }
  cost = 0;
  for (int m : members)
    if (actors[m].enabled)
      cost += actors[m].transitions;
  return members;
}

} // namespace

std::vector<int> stubbornSet(const std::vector<Actor> &actors) {
  std::vector<int> best;
  unsigned bestCost = ~0u;
  for (size_t seed = 0; seed < actors.size(); ++seed) {
    if (!actors[seed].enabled)
      continue;
    unsigned cost = 0;
    std::vector<int> set = closure(actors, static_cast<int>(seed), cost);
    if (cost < bestCost) {
      bestCost = cost;
      best = std::move(set);
      if (bestCost <= 1)
        break;
    }
  }
  return best;
}

} // namespace wdf::core
