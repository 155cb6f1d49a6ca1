#include "StubbornSet.hpp"

namespace wdf::core {

void Footprint::add(const Footprint &o) {
  for (size_t i = 0; i < reads.size(); ++i) {
    reads[i] |= o.reads[i];
    writes[i] |= o.writes[i];
    adds[i] |= o.adds[i];
  }
}

bool Footprint::empty() const {
  for (size_t i = 0; i < reads.size(); ++i)
    if (reads[i] | writes[i] | adds[i])
      return false;
  return true;
}

bool Footprint::conflicts(const Footprint &o) const {
  for (size_t i = 0; i < reads.size(); ++i)
    if ((writes[i] & (o.reads[i] | o.writes[i] | o.adds[i])) | ((reads[i] | adds[i]) & o.writes[i]) |
        (reads[i] & o.adds[i]) | (adds[i] & o.reads[i]))
      return true;
  return false;
}

namespace {

// How actor b's future can conflict with footprint fp: the guards of its conflicting
// accesses. A guard of 0 means unconditionally.
struct Conflict {
  bool any = false;
  bool always = false;
  SmallVec<std::pair<uint64_t, uint64_t>, 2> conditions; // (guard, gates) of conflicting accesses
  // Before the set moves, can b make a conflicting access? Not if each conflicting access
  // needs a lock a set member holds, or waits for an object a set member keeps busy.
  bool reachable(uint64_t heldBySet, uint64_t closedBySet) const {
    if (always)
      return true;
    for (auto [guard, gates] : conditions)
      if ((guard & heldBySet) == 0 && (gates & closedBySet) == 0)
        return true;
    return false;
  }
};

Conflict conflictOf(const Actor &b, const Footprint &fp) {
  Conflict c;
  auto scan = [&](const GuardedFootprint *g, const GuardedFootprint *end) {
    for (; g != end && !c.always; ++g) {
      if (!g->fp.conflicts(fp))
        continue;
      c.any = true;
      if (g->guard == 0 && g->gates == 0)
        c.always = true;
      else
        c.conditions.push_back({g->guard, g->gates});
    }
  };
  scan(b.own.data(), b.own.data() + b.own.size());
  for (const FootprintSpan &s : b.spans)
    scan(s.first, s.second);
  return c;
}

} // namespace

std::vector<int> stubbornSet(const std::vector<Actor> &actors) {
  size_t n = actors.size();
  // conflicts[a * n + b]: how b's future meets a's next step (a enabled) or what a waits on.
  // Computed when a closure first asks: sets often close long before every pair is seen.
  thread_local std::vector<Conflict> conflicts; // entries are valid where `known` says so
  thread_local std::vector<char> known;
  if (conflicts.size() < n * n)
    conflicts.resize(n * n);
  known.assign(n * n, 0);
  auto conflict = [&](size_t a, size_t b) -> const Conflict & {
    Conflict &c = conflicts[a * n + b];
    if (!known[a * n + b]) {
      known[a * n + b] = 1;
      c = conflictOf(actors[b], actors[a].enabled ? actors[a].next : actors[a].waitsOn);
    }
    return c;
  };
  std::vector<int> best;
  unsigned bestCost = ~0u;
  thread_local std::vector<char> in;
  thread_local std::vector<int> members, work;
  in.resize(n);
  for (size_t seed = 0; seed < n; ++seed) {
    if (!actors[seed].enabled)
      continue;
    std::fill(in.begin(), in.end(), 0);
    members.assign(1, static_cast<int>(seed));
    work.assign(1, static_cast<int>(seed));
    in[seed] = 1;
    uint64_t held = actors[seed].holds, closed = actors[seed].closes;
    unsigned cost = actors[seed].transitions;
    while (!work.empty() && cost < bestCost) {
      int a = work.back();
      work.pop_back();
      bool enabled = actors[a].enabled;
      for (size_t b = 0; b < n; ++b) {
        if (in[b])
          continue;
        const Conflict &c = conflict(static_cast<size_t>(a), b);
        // An enabled member pulls in every actor whose future may conflict with its next
        // step; a disabled one every actor that may write what it waits on.
        if (!c.any || (enabled && !c.reachable(held & ~actors[b].holds, closed & ~actors[b].closes)))
          continue;
        in[b] = 1;
        members.push_back(static_cast<int>(b));
        work.push_back(static_cast<int>(b));
        held |= actors[b].holds;
        closed |= actors[b].closes;
        if (actors[b].enabled)
          cost += actors[b].transitions;
      }
    }
    if (cost < bestCost) {
      bestCost = cost;
      best = members;
      if (bestCost <= 1)
        break;
    }
  }
  return best;
}

} // namespace wdf::core
