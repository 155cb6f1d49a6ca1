#include "Checker.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "Constants.hpp"
#include "core/ExitCodes.hpp"
#include "LockCycles.hpp"
#include "Replay.hpp"
#include "exec/KmdfSystem.hpp"

namespace wdf::model {

using exec::Action;
using exec::Machine;
using exec::State;
using exec::StepRecord;

namespace {

uint32_t countSwitches(const std::vector<StepRecord> &s) {
  uint32_t n = 0;
  for (size_t i = 1; i < s.size(); ++i)
    if (s[i].actor != s[i - 1].actor)
      ++n;
  return n;
}

std::vector<std::string> lockNames(const ObjectModel &m, const std::vector<int> &locks) {
  std::vector<std::string> names;
  for (int l : locks)
    names.push_back(m.locks[l].name);
  std::sort(names.begin(), names.end());
  return names;
}

std::string joinNames(const std::vector<std::string> &v) {
  std::string s;
  for (const std::string &x : v)
    s += (s.empty() ? "" : ", ") + x;
  return s;
}

class Checker {
public:
  Checker(const Design &d, const ObjectModel &m, const CheckOptions &o) : d_(d), m_(m), o_(o) {}
  CheckResult run(const std::vector<ShardPart> *parts);

private:
  void configFindings();
  void explore();
  void merge(const std::vector<ShardPart> &parts);
  void describe(const std::vector<FoundPath> &found, std::vector<LockOrderEdge> edges);
  Finding fromPath(const FoundPath &p);
  void describeRace(const State &s, Finding &f) const;
  void lockCycles();
  void applySuppressions();
  void warnings();

  const Design &d_;
  const ObjectModel &m_;
  const CheckOptions &o_;
  std::unique_ptr<Machine> machine_;
  CheckResult r_;
  std::set<std::vector<std::string>> deadlockLockSets_;
};

CheckResult Checker::run(const std::vector<ShardPart> *parts) {
  r_.path = d_.path;
  r_.title = d_.title;
  r_.stats.reduced = o_.reduce;
  if (o_.explore.shardCount > 1 && !o_.random && !parts) {
    r_.stats.shardIndex = o_.explore.shardIndex + 1;
    r_.stats.shardCount = o_.explore.shardCount;
  }
  configFindings();
  if (!r_.findings.empty()) {
    r_.configRejected = true;
    applySuppressions();
    return std::move(r_);
  }
  exec::MachineOptions mo;
  mo.merge = o_.reduce;
  mo.maxSteps = o_.maxSteps;
  machine_ = std::make_unique<Machine>(d_, m_, mo);
  if (parts)
    merge(*parts);
  else
    explore();
  warnings();
  applySuppressions();
  return std::move(r_);
}

void Checker::configFindings() {
  for (const ConfigError &e : m_.errors) {
    Finding f;
    f.kind = FindingKind::Config;
    const Object &o = d_.objects[e.object];
    f.subject = o.kind == ObjKind::Driver ? "driver" : o.name;
    f.api = e.api;
    f.status = statusName(e.status);
    f.message = std::string(kindName(o.kind)) + (o.kind == ObjKind::Driver ? "" : " " + o.name) + ": " + e.api +
                " fails with " + f.status + ": " + e.why;
    f.loc = e.loc.valid() ? e.loc : SourceLoc{d_.file, 0};
    r_.findings.push_back(std::move(f));
  }
}

void Checker::explore() {
  exec::KmdfSystem sys(*machine_);
  core::ExploreResult x = o_.random ? core::exploreRandom(sys, o_.randomSearch, o_.explore) : core::explore(sys, o_.explore);
  RunStats &st = r_.stats;
  st.states = x.states;
  st.transitions = x.transitions;
  st.enabled = x.enabled;
  st.skipped = x.skipped;
  st.merged = x.merged;
  st.rests = x.rests;
  st.depth = x.depth;
  st.seconds = x.seconds;
  st.firstFindingSeconds = x.firstHitSeconds;
  st.peakBytes = x.peakBytes;
  st.executions = x.executions;
  st.seed = o_.random ? o_.randomSearch.seed : 0;
  st.complete = x.complete;
  st.limit = x.limit;
  st.split = x.split;
  std::vector<FoundPath> found;
  for (const core::FoundHit &h : x.hits) {
    FoundPath p{static_cast<FindingKind>(h.hit.kind), h.hit.key, x.pathOf(h), false};
    if (h.hit.action != core::NoAction) { // the rule broke in the last step
      p.actions.push_back(h.hit.action);
      p.lastBreaks = true;
    }
    found.push_back(std::move(p));
  }
  auto siteLoc = [&](uint32_t site) {
    int body = static_cast<int>(site >> 16);
    uint32_t pc = site & 0xFFFF;
    if (body < 0 || static_cast<size_t>(body) >= d_.bodies.size())
      return SourceLoc{};
    const Body &b = d_.bodies[body];
    return pc == 0xFFFF || pc >= b.code.size() ? b.loc : b.code[pc].where;
  };
  // One graph edge per (from, to): its first sites and schedule, and the gates held at
  // every observation.
  std::map<std::pair<int, int>, size_t> index;
  std::vector<LockOrderEdge> edges;
  for (const core::FoundEdge &e : x.edges) {
    auto [it, inserted] = index.emplace(std::make_pair(static_cast<int>(e.edge.from), static_cast<int>(e.edge.to)), edges.size());
    if (!inserted) {
      edges[it->second].gates &= e.edge.gates;
      continue;
    }
    LockOrderEdge le{m_.locks[e.edge.from].name, m_.locks[e.edge.to].name, siteLoc(e.edge.fromSite),
                     siteLoc(e.edge.toSite), e.edge.gates, false, false, {}, false};
    le.actions = x.pathOf(e);
    if (e.action != core::NoAction) {
      le.actions.push_back(e.action);
      le.lastBreaks = true;
    }
    edges.push_back(std::move(le));
  }
  describe(found, std::move(edges));
}

void Checker::merge(const std::vector<ShardPart> &parts) {
  RunStats &st = r_.stats;
  bool split = std::any_of(parts.begin(), parts.end(), [](const ShardPart &p) { return p.stats.split; });
  st.firstFindingSeconds = -1;
  for (size_t i = 0; i < parts.size(); ++i) {
    const RunStats &s = parts[i].stats;
    if (!s.complete) {
      st.complete = false;
      if (st.limit.empty())
        st.limit = s.limit;
    }
    if (!split && i > 0)
      continue; // no shard split: each explored everything, the same way
    st.states += s.states;
    st.transitions += s.transitions;
    st.enabled += s.enabled;
    st.skipped += s.skipped;
    st.merged += s.merged;
    st.rests += s.rests;
    st.depth = std::max(st.depth, s.depth);
    st.seconds = std::max(st.seconds, s.seconds); // shards run side by side
    st.peakBytes = std::max(st.peakBytes, s.peakBytes);
    if (s.firstFindingSeconds >= 0 && (st.firstFindingSeconds < 0 || s.firstFindingSeconds < st.firstFindingSeconds))
      st.firstFindingSeconds = s.firstFindingSeconds;
  }
  st.shardCount = st.mergedShards = static_cast<unsigned>(parts.size());
  st.split = split;
  // Each finding once, with the shortest schedule any shard found (the first shard's on a tie).
  std::map<std::pair<FindingKind, uint64_t>, FoundPath> best;
  std::map<std::pair<std::string, std::string>, LockOrderEdge> graph;
  for (const ShardPart &part : parts) {
    for (const FoundPath &p : part.found) {
      auto [it, inserted] = best.emplace(std::make_pair(p.kind, p.key), p);
      if (!inserted && p.actions.size() < it->second.actions.size())
        it->second = p;
    }
    for (const LockOrderEdge &e : part.lockOrder) {
      auto [it, inserted] = graph.emplace(std::make_pair(e.from, e.to), e);
      if (inserted)
        continue;
      uint64_t gates = it->second.gates & e.gates;
      if (e.actions.size() < it->second.actions.size())
        it->second = e;
      it->second.gates = gates;
    }
  }
  std::vector<FoundPath> found;
  for (auto &[key, p] : best)
    found.push_back(std::move(p));
  std::vector<LockOrderEdge> edges;
  for (auto &[key, e] : graph)
    edges.push_back(std::move(e));
  describe(found, std::move(edges));
}

// Findings from what the search found, then the lock-order graph and its cycles, in a
// canonical order that does not depend on the order things were found in.
void Checker::describe(const std::vector<FoundPath> &found, std::vector<LockOrderEdge> edges) {
  for (const FoundPath &p : found)
    r_.findings.push_back(fromPath(p));
  std::sort(edges.begin(), edges.end(),
            [](const LockOrderEdge &a, const LockOrderEdge &b) { return std::tie(a.from, a.to) < std::tie(b.from, b.to); });
  for (LockOrderEdge &e : edges) {
    e.guarded = e.gates != 0;
    e.onCycle = false;
  }
  r_.lockOrder = std::move(edges);
  lockCycles();
  std::stable_sort(r_.findings.begin(), r_.findings.end(), [](const Finding &a, const Finding &b) {
    return std::tie(a.kind, a.loc, a.subject, a.key) < std::tie(b.kind, b.loc, b.subject, b.key);
  });
}

Finding Checker::fromPath(const FoundPath &p) {
  Finding f;
  f.kind = p.kind;
  f.key = p.key;
  f.actions = p.actions;
  f.lastBreaks = p.lastBreaks;
  Replay rp(*machine_);
  size_t before = p.lastBreaks ? p.actions.size() - 1 : p.actions.size();
  for (size_t i = 0; i < before; ++i)
    rp.run(p.actions[i]);
  if (p.lastBreaks) {
    rp.run(p.actions.back(), &f.message);
    f.loc = rp.steps.back().loc;
  } else {
    std::vector<Action> en;
    machine_->enabled(rp.state(), en);
    std::vector<exec::Hit> hits;
    exec::Hit which{f.kind, f.key};
    machine_->checkState(rp.state(), en, hits, &f.message, &which);
    if (f.message.empty() && f.kind == FindingKind::Deadlock) {
      // A cycle of states no execution leaves: describe what never finishes.
      f.message = "executions reach a cycle of states they never leave, in which " +
                  joinNames(machine_->stuckReasons(rp.state()));
    }
    if (f.kind == FindingKind::Race)
      describeRace(rp.state(), f);
    if (f.kind == FindingKind::Deadlock) {
      std::vector<int> locks = machine_->deadlockLocks(rp.state());
      if (!locks.empty()) {
        f.locks = lockNames(m_, locks);
        deadlockLockSets_.insert(f.locks);
      }
      for (size_t i = 0; i < rp.state().acts.size(); ++i) {
        const exec::Activation &a = rp.state().acts[i];
        if (a.frames.empty() || a.finished)
          continue;
        StepRecord rec = machine_->describeAction(rp.state(), {exec::ActionKind::Step, static_cast<uint16_t>(i), 0});
        rec.text = machine_->waitText(rp.state(), static_cast<int>(i));
        f.poised.push_back(rec);
      }
      if (!f.poised.empty())
        f.loc = f.poised[0].loc;
    }
    if (!f.loc.valid() && !rp.steps.empty())
      f.loc = rp.steps.back().loc;
  }
  f.schedule = std::move(rp.steps);
  f.contextSwitches = countSwitches(f.schedule);
  if (!f.loc.valid())
    f.loc = {d_.file, 0};
  return f;
}

// The two accesses of the race the finding is about, as they are poised in `s`. The subject
// is the variable: a shared variable (any element of an array) or a request context field.
void Checker::describeRace(const State &s, Finding &f) const {
  std::vector<exec::Access> acc;
  machine_->accesses(s, acc);
  for (size_t i = 0; i < acc.size(); ++i)
    for (size_t j = i + 1; j < acc.size(); ++j) {
      const exec::Access &x = acc[i], &y = acc[j];
      bool same = x.cell >= 0 ? x.cell == y.cell : (y.cell < 0 && x.request == y.request && x.field == y.field);
      if (!same || x.activation == y.activation || (!x.write && !y.write) || (x.atomic && y.atomic))
        continue;
      uint64_t key = x.cell >= 0 ? machine_->cellVariable(x.cell) : (1ull << 32) | static_cast<uint64_t>(x.field);
      if (key != f.key)
        continue;
      std::string name = x.cell >= 0 ? machine_->locationName(x.cell) : d_.requestFields[x.field].name;
      f.subject = x.cell >= 0 ? d_.shared[machine_->cellVariable(x.cell)].name : name;
      for (const exec::Access *a : {&x, &y}) {
        StepRecord rec = machine_->describeAction(s, {exec::ActionKind::Step, static_cast<uint16_t>(a->activation), 0});
        rec.text = std::string(a->atomic ? "about to atomically " : "about to ") + (a->write ? "write " : "read ") + name;
        rec.loc = a->loc;
        f.poised.push_back(rec);
      }
      f.loc = f.poised[0].loc;
      return;
    }
}

// Cycles of the lock-order graph that are not guarded and did not show up as a deadlock.
// Each is shown with the longest of its edges' schedules (the first on a tie).
void Checker::lockCycles() {
  for (const LockCycle &c : findLockCycles(r_.lockOrder, deadlockLockSets_)) {
    Finding f;
    f.kind = FindingKind::LockCycle;
    f.locks = c.locks;
    f.subject = joinNames(c.locks);
    f.message = "lock-order cycle " + f.subject + ": ";
    const LockOrderEdge *shown = nullptr;
    for (size_t i = 0; i < c.edges.size(); ++i) {
      const LockOrderEdge &e = r_.lockOrder[c.edges[i]];
      f.cycle.push_back({e.from, e.to, e.fromSite, e.toSite, ""});
      f.message += (i ? ", " : "") + e.to + " taken while holding " + e.from;
      if (!shown || e.actions.size() > shown->actions.size())
        shown = &e;
    }
    f.message += "; no execution here deadlocks, but a different environment can";
    f.actions = shown->actions;
    f.lastBreaks = shown->lastBreaks;
    Replay rp(*machine_);
    for (uint32_t a : f.actions)
      rp.run(a);
    f.schedule = std::move(rp.steps);
    f.contextSwitches = countSwitches(f.schedule);
    f.loc = f.cycle.front().toSite.valid() ? f.cycle.front().toSite : SourceLoc{d_.file, 0};
    r_.findings.push_back(std::move(f));
  }
}

void Checker::warnings() {
  if (r_.stats.complete && r_.stats.rests == 0 && d_.finallyBody >= 0)
    r_.warnings.push_back({{d_.file, 0}, "no execution comes to rest, so finally and the end-of-run request check never ran"});
  else if (r_.stats.complete && r_.stats.rests == 0)
    r_.warnings.push_back({{d_.file, 0}, "no execution comes to rest, so the end-of-run request check never ran"});
}

void Checker::applySuppressions() {
  std::vector<bool> used(d_.suppressions.size(), false);
  std::vector<Finding> kept;
  for (Finding &f : r_.findings) {
    bool hit = false;
    for (size_t i = 0; i < d_.suppressions.size(); ++i)
      if (matches(d_.suppressions[i], f)) {
        used[i] = true;
        hit = true;
      }
    (hit ? r_.suppressed : kept).push_back(std::move(f));
  }
  r_.findings = std::move(kept);
  for (size_t i = 0; i < used.size(); ++i)
    if (!used[i])
      r_.warnings.push_back({d_.suppressions[i].loc, "this suppress line matches no finding"});
}

} // namespace

bool matches(const Pattern &p, const Finding &f) {
  if (p.kind != findingName(f.kind))
    return false;
  switch (f.kind) {
  case FindingKind::Race: return p.args.empty() || p.args[0] == f.subject;
  case FindingKind::LockCycle: {
    if (p.args.empty())
      return true;
    std::vector<std::string> want = p.args;
    std::sort(want.begin(), want.end());
    want.erase(std::unique(want.begin(), want.end()), want.end());
    return want == f.locks;
  }
  case FindingKind::Config:
    if (!p.args.empty() && p.args[0] != f.subject)
      return false;
    return p.args.size() < 2 || p.args[1] == f.status;
  default: return true;
  }
}

std::string CheckResult::verdict() const {
  // A shard speaks only for its part of the search; `wdfcheck merge` gives the verdict.
  std::string part = stats.isShard() && !configRejected
                         ? "shard " + std::to_string(stats.shardIndex) + " of " + std::to_string(stats.shardCount) + ": "
                         : "";
  return part + verdictOfSearch();
}

std::string CheckResult::verdictOfSearch() const {
  size_t n = findings.size();
  std::string found = n == 0 ? "clean" : std::to_string(n) + (n == 1 ? " finding" : " findings");
  if (stats.limit == "random search") {
    // A random search shows what it found; it never shows that nothing else exists.
    std::string how = "random search: " + std::to_string(stats.executions) + " executions, seed " + std::to_string(stats.seed);
    return (n == 0 ? std::string("bounded") : found) + " (" + how + ")";
  }
  if (!stats.complete && stats.limit != "first finding")
    return (n == 0 ? std::string("bounded") : found + ", bounded") + " (" + stats.limit + ")";
  return found;
}

int CheckResult::exitCode() const {
  if (bounded())
    return exit_code::Bounded;
  if (findings.empty())
    return stats.limit == "random search" ? exit_code::Bounded : exit_code::Clean;
  return exit_code::Findings;
}

CheckResult check(const Design &d, const ObjectModel &m, const CheckOptions &o) { return Checker(d, m, o).run(nullptr); }

CheckResult mergeShards(const Design &d, const ObjectModel &m, const CheckOptions &o, const std::vector<ShardPart> &parts) {
  return Checker(d, m, o).run(&parts);
}

} // namespace wdf::model
