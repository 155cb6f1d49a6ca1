// Properties of a state: which activations are blocked and on what, races between poised
// accesses, wait-for cycles, stuck states, and the checks of a state at rest (finally and
// the end-of-run request rule).
#include <algorithm>
#include <map>
#include <set>

#include "MachineImpl.hpp"

namespace wdf::model::exec {

int aliveRuns(const State &s, int origin, int except);
bool activationRuns(const Machine::Impl &I, const Activation &a, int obj, CallbackId cb);
bool interruptLockOf(const Machine::Impl &I, int lock);

namespace {

int32_t argOf(const Machine::Impl &I, const Activation &a, const Frame &f, const Instr &in, int i) {
  const Operand &o = I.body(f.body).operands[in.argBegin + i];
  return o.isReg ? a.slots[f.slotBase + o.value] : o.value;
}

int holderOf(const State &s, int lock) {
  for (size_t i = 0; i < s.acts.size(); ++i)
    for (const HeldLock &h : s.acts[i].held)
      if (h.lock == lock)
        return static_cast<int>(i);
  return -1;
}

bool holdsLock(const Activation &a, int lock) {
  for (const HeldLock &h : a.held)
    if (h.lock == lock)
      return true;
  return false;
}

int maxIrqlFor(const Lock &l) {
  return l.kind == LockKind::Mutex ? ApcLevel : l.kind == LockKind::WaitLock ? PassiveLevel : DispatchLevel;
}

int32_t latest(const Machine::Impl &I, const State &s, int site) {
  int32_t n = s.siteCount[site];
  return n == 0 ? 0 : site * RequestIdStride + n;
}

} // namespace

// Why an activation cannot move: what it waits for and which activations would have to
// move first. Returns false when it can move (or its next step fails, which is a move too).
struct Wait {
  std::string resource;   // "lock L", "event E", ...
  std::vector<int> on;    // activations that must move first (empty: nobody in particular)
  bool describe = true;   // fill in `resource` (only needed when something is reported)
};

bool waitOf(const Machine::Impl &I, const State &s, int act, Wait *w) {
  const Activation &a = s.acts[act];
  if (a.frames.empty() || a.finished)
    return false;
  const Frame &f = a.frames.back();
  // It waits: say for what (named only when asked, it costs a string) and for whom.
  auto waitsFor = [&](auto &&resource, std::vector<int> on = {}) {
    if (w) {
      if (w->describe)
        w->resource = resource();
      w->on = std::move(on);
    }
    return true;
  };
  auto lockWait = [&](int lock, bool checkIrql) {
    const Lock &l = I.lock(lock);
    if (checkIrql && a.irql > maxIrqlFor(l))
      return false; // the step fails on IRQL instead
    if (holdsLock(a, lock))
      return false; // recursive acquisition: lock_misuse when it runs
    int h = holderOf(s, lock);
    if (h < 0)
      return false;
    return waitsFor([&] { return "lock " + l.name; }, {h});
  };
  if (f.kind == FrameKind::Dispatch)
    return false;
  if (f.kind == FrameKind::Callback && f.phase == Phase::Epilogue)
    return false;
  if (f.kind == FrameKind::Callback && f.phase == Phase::Prologue)
    return f.lock >= 0 && lockWait(f.lock, !interruptLockOf(I, f.lock));
  const Instr &in = I.body(f.body).code[f.pc];
  auto runsWait = [&](OriginKind k, int obj, auto &&resource, bool alsoQueued) {
    int origin = I.origin(k, obj);
    std::vector<int> on;
    for (size_t i = 0; i < s.acts.size(); ++i)
      if (static_cast<int>(i) != act && s.acts[i].origin == origin && !s.acts[i].frames.empty())
        on.push_back(static_cast<int>(i));
    if (on.empty() && !alsoQueued)
      return false;
    return waitsFor(resource, std::move(on));
  };
  switch (in.op) {
  case Op::WaitRequest: {
    if (a.irql > PassiveLevel)
      return false;
    const Request *r = s.request(latest(I, s, in.imm));
    if (r && r->state == ReqState::Completed)
      return false;
    return waitsFor([&] { return "request " + I.d.requests[in.imm].name + " to complete"; });
  }
  case Op::Close:
    if (s.objects[in.imm] & FileOpen)
      return false;
    return waitsFor([&] { return "file " + objName(I, in.imm) + " to be opened"; });
  case Op::Api: break;
  default: return false;
  }
  switch (in.api) {
  case ApiId::WdfSpinLockAcquire: {
    int lock = I.om.lockOf(argOf(I, a, f, in, 0));
    if (a.irql > DispatchLevel || interruptLockOf(I, lock))
      return false;
    return lockWait(lock, true);
  }
  case ApiId::WdfWaitLockAcquire: return lockWait(I.om.lockOf(argOf(I, a, f, in, 0)), true);
  case ApiId::WdfObjectAcquireLock: {
    int obj = argOf(I, a, f, in, 0);
    ObjKind k = I.d.objects[obj].kind;
    int lock = k == ObjKind::Device || k == ObjKind::Queue ? I.om.objects[obj].exposedLock
               : k == ObjKind::File                        ? I.om.objects[I.d.device].fileLock
                                                           : -1;
    return lock >= 0 && lockWait(lock, true);
  }
  case ApiId::WdfInterruptAcquireLock: {
    int obj = argOf(I, a, f, in, 0);
    int max = I.d.objects[obj].passiveHandling ? PassiveLevel : DispatchLevel;
    if (a.irql > max)
      return false;
    for (const Frame &g : a.frames) // the ddi rule fires instead
      if (g.kind == FrameKind::Callback && g.body >= 0 && I.body(g.body).callback == CallbackId::InterruptWorkItem &&
          I.d.objects[I.body(g.body).object].autoSerialization.value_or(false))
        return false;
    return lockWait(I.om.objects[obj].interruptLock, false);
  }
  case ApiId::WdfWorkItemFlush: {
    int obj = argOf(I, a, f, in, 0);
    if (a.irql > PassiveLevel || activationRuns(I, a, obj, CallbackId::WorkItem))
      return false;
    bool queued = s.objects[obj] & Queued;
    return runsWait(OriginKind::WorkItem, obj, [&] { return "flush of " + objName(I, obj); }, queued);
  }
  case ApiId::KeWaitForSingleObject: {
    int obj = argOf(I, a, f, in, 0);
    if (in.argCount > 1 || a.irql > PassiveLevel || (s.objects[obj] & Signaled))
      return false;
    return waitsFor([&] { return "event " + objName(I, obj); });
  }
  case ApiId::WdfDpcCancel:
  case ApiId::WdfTimerStop: {
    if (f.apiPhase == 0)
      return false;
    int obj = argOf(I, a, f, in, 0);
    bool isTimer = in.api == ApiId::WdfTimerStop;
    bool queued = isTimer && (s.objects[obj] & TimerRunQueued);
    return runsWait(
        isTimer ? OriginKind::Timer : OriginKind::Dpc, obj,
        [&] { return std::string(isTimer ? "timer " : "DPC ") + objName(I, obj) + " to finish"; }, queued);
  }
  case ApiId::WdfIoQueueStopSynchronously:
  case ApiId::WdfIoQueuePurgeSynchronously:
  case ApiId::WdfIoQueueDrainSynchronously: {
    if (f.apiPhase == 0)
      return false;
    int q = argOf(I, a, f, in, 0);
    const QueueState &Q = s.queues[I.queueIndex[q]];
    bool done = Q.owned == 0 && Q.dispatching == 0;
    if (in.api != ApiId::WdfIoQueueStopSynchronously)
      done = done && Q.pending.empty() && Q.cancels.empty() && Q.canceledOnQueue.empty();
    if (done)
      return false;
    std::vector<int> on; // who is inside the queue
    for (size_t i = 0; w && i < s.acts.size(); ++i)
      for (const Frame &g : s.acts[i].frames)
        if ((g.kind == FrameKind::Dispatch || g.kind == FrameKind::Callback) && g.queue == q) {
          on.push_back(static_cast<int>(i));
          break;
        }
    return waitsFor([&] { return "queue " + objName(I, q) + " to be idle"; }, std::move(on));
  }
  default: return false;
  }
}

bool isBlocked(const Machine::Impl &I, const State &s, int act) { return waitOf(I, s, act, nullptr); }

void Machine::accesses(const State &s, std::vector<Access> &out) const {
  out.clear();
  for (size_t i = 0; i < s.acts.size(); ++i) {
    const Activation &a = s.acts[i];
    if (a.frames.empty())
      continue;
    const Frame &f = a.frames.back();
    if (f.body < 0 || f.kind == FrameKind::Dispatch || (f.kind == FrameKind::Callback && f.phase != Phase::Body))
      continue;
    const Instr &in = d_.bodies[f.body].code[f.pc];
    if (!isMemoryAccess(in.op))
      continue;
    Access acc{static_cast<int>(i), -1, 0, -1, in.op != Op::Load, in.op == Op::Atomic, in.where};
    if (in.loc == LocKind::Shared) {
      int32_t idx = in.b == NoReg ? 0 : a.slots[f.slotBase + in.b];
      if (in.b != NoReg && (idx < 0 || idx >= in.imm2))
        continue; // an out-of-bounds step fails instead
      acc.cell = in.imm + idx;
    } else {
      acc.request = a.slots[f.slotBase + in.b];
      acc.field = in.imm;
      if (!s.request(acc.request))
        continue;
    }
    out.push_back(acc);
  }
}

namespace {

uint64_t fnv(const std::string &text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Wait-for cycles among blocked activations: indices of one cycle, or empty.
std::vector<int> findCycle(const std::vector<Wait> &waits, const std::vector<bool> &blocked) {
  size_t n = waits.size();
  std::vector<int> color(n, 0), parent(n, -1);
  for (size_t root = 0; root < n; ++root) {
    if (!blocked[root] || color[root])
      continue;
    std::vector<std::pair<int, size_t>> stack{{static_cast<int>(root), 0}};
    color[root] = 1;
    while (!stack.empty()) {
      auto &[v, i] = stack.back();
      if (i < waits[v].on.size()) {
        int u = waits[v].on[i++];
        if (!blocked[u])
          continue;
        if (color[u] == 1) {
          std::vector<int> cycle{u};
          for (int x = v; x != u; x = parent[x])
            cycle.push_back(x);
          std::reverse(cycle.begin() + 1, cycle.end());
          return cycle;
        }
        if (color[u] == 0) {
          color[u] = 1;
          parent[u] = v;
          stack.push_back({u, 0});
        }
      } else {
        color[v] = 2;
        stack.pop_back();
      }
    }
  }
  return {};
}

std::string joinSorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  std::string out;
  for (const std::string &x : v)
    out += (out.empty() ? "" : ", ") + x;
  return out;
}

} // namespace

std::string Machine::waitText(const State &s, int act) const {
  Wait w;
  if (waitOf(*impl_, s, act, &w))
    return "waits for " + w.resource;
  return "can move, but never finishes";
}

// Runs `finally` on a state at rest; returns the outcome (Finding for a failed assert).
Outcome runFinally(const Machine::Impl &I, const State &rest, Hit &hit, Tracer *tr) {
  if (I.d.finallyBody < 0)
    return Outcome::Ok;
  State s = rest;
  Activation a;
  a.origin = 0;
  a.irql = PassiveLevel;
  Frame f;
  f.kind = FrameKind::Thread;
  f.body = static_cast<int16_t>(I.d.finallyBody);
  a.slots.assign(I.body(I.d.finallyBody).numSlots, 0);
  a.frames.push_back(f);
  s.acts.push_back(std::move(a));
  Exec ex(I, s, tr);
  ex.act = static_cast<int>(s.acts.size() - 1);
  while (!s.acts.back().frames.empty() && !s.acts.back().finished) {
    Outcome o = ex.execTop(0);
    if (o != Outcome::Ok) {
      hit = ex.hit;
      return o;
    }
  }
  return Outcome::Ok;
}

void Machine::checkState(const State &s, const std::vector<Action> &enabledActions, std::vector<Hit> &out,
                         std::string *describe, const Hit *which) const {
  const Impl &I = *impl_;
  auto report = [&](Hit h, const std::string &text) {
    if (which && (which->kind != h.kind || which->key != h.key))
      return;
    out.push_back(h);
    if (describe && describe->empty())
      *describe = text;
  };
  // Races: two activations poised at accesses to one location, one a write, not both atomic.
  std::vector<Access> acc;
  accesses(s, acc);
  for (size_t i = 0; i < acc.size(); ++i)
    for (size_t j = i + 1; j < acc.size(); ++j) {
      const Access &x = acc[i], &y = acc[j];
      if (x.activation == y.activation || (!x.write && !y.write) || (x.atomic && y.atomic))
        continue;
      if (x.cell >= 0 ? x.cell != y.cell : (y.cell >= 0 || x.request != y.request || x.field != y.field))
        continue;
      uint64_t key = x.cell >= 0 ? static_cast<uint64_t>(I.cellVar[x.cell]) : (1ull << 32) | static_cast<uint64_t>(x.field);
      std::string what = x.cell >= 0 ? locationName(x.cell) : d_.requestFields[x.field].name;
      std::string text;
      if (describe) {
        auto side = [&](const Access &a) {
          const Activation &act = s.acts[a.activation];
          std::string locks;
          for (const HeldLock &h : act.held)
            locks += (locks.empty() ? "" : ", ") + m_.locks[h.lock].name;
          return actorLabel(s, a.activation) + " " + (a.atomic ? "atomically " : "") + (a.write ? "writes" : "reads") +
                 " it at " + irqlName(act.irql) + (locks.empty() ? " holding no lock" : " holding " + locks);
        };
        text = side(x) + ", while " + side(y);
      }
      report({FindingKind::Race, key}, text);
    }
  // Who waits for what. The names of the resources are only needed for a finding.
  size_t n = s.acts.size();
  std::vector<Wait> waits(n);
  std::vector<bool> blocked(n, false);
  bool anyAlive = false;
  for (size_t i = 0; i < n; ++i) {
    if (s.acts[i].frames.empty() || s.acts[i].finished)
      continue;
    anyAlive = true;
    waits[i].describe = false;
    blocked[i] = waitOf(I, s, static_cast<int>(i), &waits[i]);
  }
  auto nameResources = [&] {
    for (size_t i = 0; i < n; ++i)
      if (blocked[i] && !waits[i].describe) {
        waits[i].describe = true;
        waitOf(I, s, static_cast<int>(i), &waits[i]);
      }
  };
  auto describeWaits = [&](const std::vector<int> &who) {
    std::string t;
    for (int i : who) {
      t += (t.empty() ? "" : "; ") + actorLabel(s, i) + " waits for " + waits[i].resource;
      if (waits[i].on.size() == 1 && waits[i].resource.rfind("lock ", 0) == 0)
        t += " held by " + actorLabel(s, waits[i].on[0]);
    }
    return t;
  };
  std::vector<int> cycle = findCycle(waits, blocked);
  if (!cycle.empty()) {
    nameResources();
    std::vector<std::string> res;
    for (int i : cycle)
      res.push_back(waits[i].resource);
    report({FindingKind::Deadlock, fnv(joinSorted(res))}, describe ? "wait-for cycle: " + describeWaits(cycle) : "");
  }
  if (!enabledActions.empty())
    return;
  if (anyAlive) {
    // Nothing can move and someone is still waiting: stuck forever.
    nameResources();
    std::vector<int> who;
    std::vector<std::string> res;
    for (size_t i = 0; i < n; ++i)
      if (blocked[i]) {
        who.push_back(static_cast<int>(i));
        res.push_back(waits[i].resource);
      }
    if (!cycle.empty()) {
      res.clear();
      for (int i : cycle)
        res.push_back(waits[i].resource);
    }
    report({FindingKind::Deadlock, fnv(joinSorted(res))},
           describe ? "nothing can move any more: " + describeWaits(who) : "");
    return;
  }
  // At rest: finally, then the requests the driver still owns.
  Hit h{};
  std::string msg;
  Tracer t;
  if (runFinally(I, s, h, describe ? &t : nullptr) == Outcome::Finding)
    report(h, describe ? "in finally: " + t.message : "");
  // At rest no cancel routine is still due (the dispatcher delivers them before anything
  // else), so an owned request that is not cancelable was dropped, even one whose cancel
  // routine ran and did not complete it.
  for (const Request &r : s.requests) {
    if (r.state != ReqState::Owned || (r.flags & Cancelable))
      continue;
    int site = r.id / RequestIdStride;
    std::string text;
    if (describe) {
      Exec ex(I, const_cast<State &>(s), nullptr);
      text = ex.requestName(r.id) + " is owned by the driver but neither completed nor cancelable when everything "
                                    "has come to rest";
    }
    report({FindingKind::RequestMisuse, (1ull << 40) | static_cast<uint64_t>(site)}, text);
  }
}

std::vector<std::string> Machine::stuckReasons(const State &s) const {
  const Impl &I = *impl_;
  std::vector<std::string> out;
  for (size_t i = 0; i < s.acts.size(); ++i) {
    if (s.acts[i].frames.empty() || s.acts[i].finished)
      continue;
    Wait w;
    if (waitOf(I, s, static_cast<int>(i), &w))
      out.push_back(origins_[s.acts[i].origin].label + " waits for " + w.resource);
    else
      out.push_back(origins_[s.acts[i].origin].label + " runs without ever finishing");
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

uint64_t stuckKey(const std::vector<std::string> &reasons) { return fnv(joinSorted(reasons)); }

} // namespace wdf::model::exec

namespace wdf::model::exec {

std::vector<int> Machine::deadlockLocks(const State &s) const {
  const Impl &I = *impl_;
  size_t n = s.acts.size();
  std::vector<Wait> waits(n);
  std::vector<bool> blocked(n, false);
  for (size_t i = 0; i < n; ++i)
    if (!s.acts[i].frames.empty() && !s.acts[i].finished)
      blocked[i] = waitOf(I, s, static_cast<int>(i), &waits[i]);
  std::vector<int> locks;
  for (int i : findCycle(waits, blocked))
    for (size_t l = 0; l < m_.locks.size(); ++l)
      if (waits[i].resource == "lock " + m_.locks[l].name)
        locks.push_back(static_cast<int>(l));
  std::sort(locks.begin(), locks.end());
  return locks;
}

} // namespace wdf::model::exec
