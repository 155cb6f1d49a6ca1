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
  CheckResult run();

private:
  void configFindings();
  void explore();
  Finding fromHit(const core::FoundHit &h, const exec::KmdfSystem &sys);
  void describeRace(const State &s, Finding &f) const;
  void lockCycles(const std::vector<core::FoundEdge> &edges);
  void applySuppressions();
  void warnings();

  const Design &d_;
  const ObjectModel &m_;
  const CheckOptions &o_;
  std::unique_ptr<Machine> machine_;
  core::ExploreResult explored_;
  CheckResult r_;
  std::set<std::vector<std::string>> deadlockLockSets_;
};

CheckResult Checker::run() {
  r_.path = d_.path;
  r_.title = d_.title;
  r_.stats.reduced = o_.reduce;
  configFindings();
  if (!r_.findings.empty()) {
    r_.configRejected = true;
    applySuppressions();
    return std::move(r_);
  }
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
  exec::MachineOptions mo;
  mo.merge = o_.reduce;
  mo.maxSteps = o_.maxSteps;
  machine_ = std::make_unique<Machine>(d_, m_, mo);
  exec::KmdfSystem sys(*machine_);
  explored_ = o_.random ? core::exploreRandom(sys, o_.randomSearch, o_.explore) : core::explore(sys, o_.explore);
  RunStats &st = r_.stats;
  st.states = explored_.states;
  st.transitions = explored_.transitions;
  st.rests = explored_.rests;
  st.depth = explored_.depth;
  st.seconds = explored_.seconds;
  st.firstFindingSeconds = explored_.firstHitSeconds;
  st.peakBytes = explored_.peakBytes;
  st.executions = explored_.executions;
  st.seed = o_.random ? o_.randomSearch.seed : 0;
  st.complete = explored_.complete;
  st.limit = explored_.limit;
  for (const core::FoundHit &h : explored_.hits)
    r_.findings.push_back(fromHit(h, sys));
  lockCycles(explored_.edges);
  std::stable_sort(r_.findings.begin(), r_.findings.end(), [](const Finding &a, const Finding &b) {
    if (a.kind != b.kind)
      return a.kind < b.kind;
    if (a.loc != b.loc)
      return a.loc < b.loc;
    return a.subject < b.subject;
  });
}

Finding Checker::fromHit(const core::FoundHit &h, const exec::KmdfSystem &sys) {
  Finding f;
  f.kind = static_cast<FindingKind>(h.hit.kind);
  f.key = h.hit.key;
  Replay rp(*machine_);
  f.actions = explored_.pathOf(h);
  for (uint32_t a : f.actions)
    rp.run(a);
  if (h.hit.action != core::NoAction) {
    // The rule broke in the last step.
    f.actions.push_back(h.hit.action);
    f.lastBreaks = true;
    rp.run(h.hit.action, &f.message);
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
  (void)sys;
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
void Checker::lockCycles(const std::vector<core::FoundEdge> &edges) {
  if (edges.empty())
    return;
  auto siteLoc = [&](uint32_t site) {
    int body = static_cast<int>(site >> 16);
    uint32_t pc = site & 0xFFFF;
    if (body < 0 || static_cast<size_t>(body) >= d_.bodies.size())
      return SourceLoc{};
    const Body &b = d_.bodies[body];
    return pc == 0xFFFF || pc >= b.code.size() ? b.loc : b.code[pc].where;
  };
  // One graph edge per (from, to): its first sites, and the gates held at every observation.
  std::map<std::pair<int, int>, size_t> index;
  std::vector<const core::FoundEdge *> latest; // per graph edge: its last first-observation
  for (const core::FoundEdge &e : edges) {
    auto key = std::make_pair(static_cast<int>(e.edge.from), static_cast<int>(e.edge.to));
    auto [it, inserted] = index.emplace(key, r_.lockOrder.size());
    if (inserted) {
      r_.lockOrder.push_back({m_.locks[e.edge.from].name, m_.locks[e.edge.to].name, siteLoc(e.edge.fromSite),
                              siteLoc(e.edge.toSite), e.edge.gates, false, false});
      latest.push_back(&e);
    } else {
      r_.lockOrder[it->second].gates &= e.edge.gates;
    }
  }
  for (LockOrderEdge &e : r_.lockOrder)
    e.guarded = e.gates != 0;
  for (const LockCycle &c : findLockCycles(r_.lockOrder, deadlockLockSets_)) {
    Finding f;
    f.kind = FindingKind::LockCycle;
    f.locks = c.locks;
    f.subject = joinNames(c.locks);
    f.message = "lock-order cycle " + f.subject + ": ";
    const core::FoundEdge *last = nullptr;
    for (size_t i = 0; i < c.edges.size(); ++i) {
      const LockOrderEdge &e = r_.lockOrder[c.edges[i]];
      f.cycle.push_back({e.from, e.to, e.fromSite, e.toSite, ""});
      f.message += (i ? ", " : "") + e.to + " taken while holding " + e.from;
      const core::FoundEdge *fe = latest[c.edges[i]];
      if (!last || fe->state > last->state || (fe->hasPath && fe->path.size() > last->path.size()))
        last = fe;
    }
    f.message += "; no execution here deadlocks, but a different environment can";
    Replay rp(*machine_);
    f.actions = explored_.pathOf(*last);
    for (uint32_t a : f.actions)
      rp.run(a);
    if (last->action != core::NoAction) {
      rp.run(last->action);
      f.actions.push_back(last->action);
      f.lastBreaks = true;
    }
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

CheckResult check(const Design &d, const ObjectModel &m, const CheckOptions &o) { return Checker(d, m, o).run(); }

} // namespace wdf::model
