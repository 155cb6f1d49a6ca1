#include "Machine.hpp"

#include <algorithm>

#include "MachineImpl.hpp"
#include "core/Check.hpp"

namespace wdf::model::exec {

// Defined in Checks.cpp: is activation `act` blocked (its next operation cannot run now)?
bool isBlocked(const Machine::Impl &I, const State &s, int act);

// ================================================================ tables

Machine::Impl::Impl(const Machine &machine) : m(machine), d(machine.d_), om(machine.m_) {
  queueIndex.assign(d.objects.size(), -1);
  fileIndex.assign(d.objects.size(), -1);
  int nq = 0;
  for (size_t i = 0; i < d.objects.size(); ++i)
    if (d.objects[i].kind == ObjKind::Queue)
      queueIndex[i] = nq++;
  int nf = 0;
  for (size_t i = 0; i < d.objects.size(); ++i)
    if (d.objects[i].kind == ObjKind::File)
      fileIndex[i] = nf++;
  for (size_t v = 0; v < d.shared.size(); ++v)
    for (int k = 0; k < d.shared[v].size; ++k)
      cellVar.push_back(static_cast<int>(v));
  dirqlLock.assign(om.locks.size(), false);
  for (size_t i = 0; i < d.objects.size(); ++i)
    if (d.objects[i].kind == ObjKind::Interrupt && !d.objects[i].passiveHandling && om.objects[i].interruptLock >= 0)
      dirqlLock[om.objects[i].interruptLock] = true;
  threadCount = static_cast<int>(d.threads.size());
  requestSites = d.requests.size();
  computeLiveness();
}

// Live slots per instruction (backward dataflow), so that canonicalize() can zero the
// registers whose values no longer matter and equal futures merge.
void Machine::Impl::computeLiveness() {
  liveIn.resize(d.bodies.size());
  liveWords.resize(d.bodies.size());
  for (size_t b = 0; b < d.bodies.size(); ++b) {
    const Body &body = d.bodies[b];
    int words = (body.numSlots + 63) / 64;
    if (words == 0)
      words = 1;
    liveWords[b] = words;
    size_t n = body.code.size();
    std::vector<uint64_t> &live = liveIn[b];
    live.assign(n * words, 0);
    auto use = [&](std::vector<uint64_t> &set, Reg r) {
      if (r != NoReg && r < body.numSlots)
        set[r / 64] |= 1ull << (r % 64);
    };
    auto def = [&](std::vector<uint64_t> &set, Reg r) {
      if (r != NoReg && r < body.numSlots)
        set[r / 64] &= ~(1ull << (r % 64));
    };
    bool changed = true;
    std::vector<uint64_t> cur(words);
    while (changed) {
      changed = false;
      for (size_t pc = n; pc-- > 0;) {
        const Instr &in = body.code[pc];
        std::fill(cur.begin(), cur.end(), 0);
        auto mergeFrom = [&](size_t t) {
          if (t < n)
            for (int w = 0; w < words; ++w)
              cur[w] |= live[t * words + w];
        };
        switch (in.op) {
        case Op::Jump: mergeFrom(static_cast<size_t>(in.imm)); break;
        case Op::JumpIfZero:
        case Op::JumpIfNonZero:
          mergeFrom(static_cast<size_t>(in.imm));
          mergeFrom(pc + 1);
          break;
        case Op::Return:
        case Op::End: break;
        default: mergeFrom(pc + 1); break;
        }
        // Registers written by the instruction, then those it reads.
        bool writesA = in.op == Op::Const || in.op == Op::Move || in.op == Op::Unary || in.op == Op::Binary ||
                       in.op == Op::GetIrql || in.op == Op::NtSuccess || in.op == Op::Choose || in.op == Op::Load ||
                       in.op == Op::Atomic || in.op == Op::Api || in.op == Op::RequestStatus || in.op == Op::Call ||
                       in.op == Op::Send;
        if (writesA)
          def(cur, in.a);
        switch (in.op) {
        case Op::Move:
        case Op::Unary:
        case Op::NtSuccess:
        case Op::JumpIfZero:
        case Op::JumpIfNonZero:
        case Op::Return:
        case Op::Assert:
        case Op::Assume: use(cur, in.b); break;
        case Op::Binary:
          use(cur, in.b);
          use(cur, in.c);
          break;
        case Op::Load: use(cur, in.b); break;
        case Op::Store:
          use(cur, in.b);
          use(cur, in.c);
          break;
        case Op::Atomic: use(cur, in.b); break;
        default: break;
        }
        if (in.op == Op::Choose && in.sub == 0) {
          for (uint16_t i = 0; i < in.argCount; ++i)
            if (body.operands[in.argBegin + i].isReg)
              use(cur, static_cast<Reg>(body.operands[in.argBegin + i].value));
        }
        if (in.op == Op::Call || in.op == Op::Api || in.op == Op::Atomic) {
          for (uint16_t i = 0; i < in.argCount; ++i)
            if (body.operands[in.argBegin + i].isReg)
              use(cur, static_cast<Reg>(body.operands[in.argBegin + i].value));
        }
        // Parameters stay live: the framework's implicit locals may be read at any time.
        for (uint16_t p = 0; p < body.numParams; ++p)
          use(cur, p);
        for (int w = 0; w < words; ++w) {
          if (live[pc * words + w] != cur[w]) {
            live[pc * words + w] = cur[w];
            changed = true;
          }
        }
      }
    }
  }
}

// A scenario can revisit states only through a loop, a periodic timer, or a callback that
// can trigger itself again (directly or through others). Otherwise every execution is
// finite and the state graph acyclic, which spares the explorer the graph and the
// partial-order proviso.
bool Machine::Impl::computeCyclic() const {
  for (const Object &o : d.objects)
    if (o.kind == ObjKind::Timer && o.period > 0)
      return true;
  // Trigger graph over objects: callbacks of X can (re)start callbacks of Y.
  size_t n = d.objects.size();
  std::vector<std::vector<int>> edges(n);
  std::vector<int> bodyOwner(d.bodies.size(), -1);
  for (size_t b = 0; b < d.bodies.size(); ++b)
    bodyOwner[b] = d.bodies[b].object;
  // Functions called from a body inherit its owner; do a fixpoint over calls.
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t b = 0; b < d.bodies.size(); ++b) {
      if (bodyOwner[b] < 0)
        continue;
      for (const Instr &in : d.bodies[b].code)
        if (in.op == Op::Call && bodyOwner[in.imm] < 0) {
          bodyOwner[in.imm] = bodyOwner[b];
          changed = true;
        }
    }
  }
  for (size_t b = 0; b < d.bodies.size(); ++b) {
    const Body &body = d.bodies[b];
    for (size_t pc = 0; pc < body.code.size(); ++pc) {
      const Instr &in = body.code[pc];
      if (in.op == Op::Jump && in.imm <= static_cast<int32_t>(pc))
        return true; // a loop
      int owner = bodyOwner[b];
      if (owner < 0)
        continue;
      auto target = [&](int i) { return body.operands[in.argBegin + i]; };
      auto add = [&](const Operand &o) {
        if (!o.isReg && o.value >= 0 && static_cast<size_t>(o.value) < n)
          edges[owner].push_back(o.value);
      };
      if (in.op == Op::Raise) {
        edges[owner].push_back(in.imm);
        continue;
      }
      if (in.op != Op::Api)
        continue;
      switch (in.api) {
      case ApiId::WdfWorkItemEnqueue:
      case ApiId::WdfDpcEnqueue:
      case ApiId::WdfTimerStart:
      case ApiId::WdfInterruptQueueDpcForIsr:
      case ApiId::WdfInterruptQueueWorkItemForIsr: add(target(0)); break;
      case ApiId::WdfRequestForwardToIoQueue: add(target(1)); break;
      case ApiId::WdfRequestRequeue:
        // Requeue re-presents the request to the queue whose callback runs.
        if (d.objects[owner].kind == ObjKind::Queue)
          edges[owner].push_back(owner);
        else
          return true;
        break;
      case ApiId::WdfIoQueueStart: add(target(0)); break;
      default: break;
      }
    }
  }
  // Any cycle in the trigger graph?
  std::vector<int> color(n, 0);
  std::vector<std::pair<int, size_t>> stack;
  for (size_t root = 0; root < n; ++root) {
    if (color[root])
      continue;
    stack.push_back({static_cast<int>(root), 0});
    color[root] = 1;
    while (!stack.empty()) {
      auto &[v, i] = stack.back();
      if (i < edges[v].size()) {
        int w = edges[v][i++];
        if (color[w] == 1)
          return true;
        if (color[w] == 0) {
          color[w] = 1;
          stack.push_back({w, 0});
        }
      } else {
        color[v] = 2;
        stack.pop_back();
      }
    }
  }
  return false;
}

std::string objName(const Machine::Impl &I, int obj) {
  return obj >= 0 && static_cast<size_t>(obj) < I.d.objects.size() ? I.d.objects[obj].name : "?";
}

const char *lockKindText(LockKind k) { return lockKindName(k); }

// ================================================================ Machine

Machine::Machine(const Design &d, const ObjectModel &m, MachineOptions o) : d_(d), m_(m), opts_(o) {
  impl_ = std::make_unique<Impl>(*this);
  layout_.sharedCells = static_cast<size_t>(d.sharedCells);
  layout_.objects = d.objects.size();
  layout_.queues = d.ofKind(ObjKind::Queue).size();
  layout_.fields = d.requestFields.size();
  layout_.sites = d.requests.size() + d.files.size();

  impl_->originOf.assign(d.objects.size() * 8, -1);
  for (size_t t = 0; t < d.threads.size(); ++t)
    origins_.push_back({OriginKind::Thread, static_cast<int>(t), "thread " + d.threads[t].name, d.threads[t].body, -1,
                        d.threads[t].level, CallbackId::Count});
  auto add = [&](OriginKind k, int obj, CallbackId cb, int irql, int lock) {
    int body = cb == CallbackId::Count ? -1 : d.objects[obj].callback(cb);
    std::string label = cb == CallbackId::Count ? "dispatcher of " + d.objects[obj].name
                                                : std::string(callbackName(cb)) + " of " + d.objects[obj].name;
    impl_->originOf[static_cast<size_t>(obj) * 8 + static_cast<size_t>(k)] = static_cast<int>(origins_.size());
    origins_.push_back({k, obj, label, body, lock, irql, cb});
  };
  for (size_t i = 0; i < d.objects.size(); ++i) {
    const Object &o = d.objects[i];
    const ObjectInfo &oi = m.objects[i];
    int obj = static_cast<int>(i);
    switch (o.kind) {
    case ObjKind::WorkItem: add(OriginKind::WorkItem, obj, CallbackId::WorkItem, PassiveLevel, oi.boundLock); break;
    case ObjKind::Dpc: add(OriginKind::Dpc, obj, CallbackId::DpcFunc, DispatchLevel, oi.boundLock); break;
    case ObjKind::Timer:
      add(OriginKind::Timer, obj, CallbackId::TimerFunc, oi.passiveTimer ? PassiveLevel : DispatchLevel, oi.boundLock);
      break;
    case ObjKind::Interrupt:
      add(OriginKind::Isr, obj, CallbackId::InterruptIsr, o.passiveHandling ? PassiveLevel : DeviceLevel,
          oi.interruptLock);
      add(OriginKind::IntDpc, obj, CallbackId::InterruptDpc, DispatchLevel, oi.boundLock);
      add(OriginKind::IntWorkItem, obj, CallbackId::InterruptWorkItem, PassiveLevel, oi.boundLock);
      break;
    case ObjKind::Queue:
      add(OriginKind::QueueDeferred, obj, CallbackId::Count,
          oi.level == ExecLevel::Passive ? PassiveLevel : DispatchLevel, -1);
      break;
    default: break;
    }
  }
  WDF_VERIFY(origins_.size() < 4096, "too many activation origins");
  cyclic_ = impl_->computeCyclic();
  // Only in acyclic models: there the reduction's argument needs no proviso, and merging a
  // guarded loop body cannot hide a livelock.
  if (opts_.merge && !cyclic_)
    impl_->guardedAccess = computeGuardedAccess(d, computeLockSets(d, m));
}

Machine::~Machine() = default;

State Machine::initial() const {
  State s;
  s.shared.assign(layout_.sharedCells, 0);
  for (const SharedVar &v : d_.shared)
    for (int k = 0; k < v.size; ++k)
      s.shared[v.base + k] = v.init[k];
  s.objects.assign(layout_.objects, 0);
  for (size_t i = 0; i < d_.objects.size(); ++i)
    if (d_.objects[i].kind == ObjKind::Event && d_.objects[i].initiallySignaled)
      s.objects[i] |= Signaled;
  s.queues.resize(layout_.queues);
  s.siteCount.assign(layout_.sites, 0);
  for (size_t t = 0; t < d_.threads.size(); ++t) {
    Activation a;
    a.origin = static_cast<uint16_t>(t);
    a.irql = static_cast<uint8_t>(d_.threads[t].level);
    Frame f;
    f.kind = FrameKind::Thread;
    f.body = static_cast<int16_t>(d_.threads[t].body);
    a.slots.assign(d_.bodies[d_.threads[t].body].numSlots, 0);
    a.frames.push_back(f);
    s.acts.push_back(std::move(a));
  }
  return s;
}

void Machine::enabled(const State &s, std::vector<Action> &out) const {
  out.clear();
  const Impl &I = *impl_;
  for (size_t i = 0; i < s.acts.size(); ++i) {
    const Activation &a = s.acts[i];
    if (a.finished || a.frames.empty())
      continue;
    if (!isBlocked(I, s, static_cast<int>(i)))
      out.push_back({ActionKind::Step, static_cast<uint16_t>(i), 0});
  }
  auto alive = [&](int origin) {
    for (const Activation &a : s.acts)
      if (a.origin == origin && !a.frames.empty())
        return true;
    return false;
  };
  for (size_t o = I.threadCount; o < origins_.size(); ++o) {
    const Origin &org = origins_[o];
    uint32_t bits = s.objects[org.index];
    bool ready = false;
    auto runs = [&]() {
      int n = 0;
      for (const Activation &a : s.acts)
        n += a.origin == o && !a.frames.empty();
      return n;
    };
    switch (org.kind) {
    case OriginKind::WorkItem:
    case OriginKind::Dpc: ready = (bits & Queued) && runs() < MaxConcurrentRuns; break;
    case OriginKind::Timer: ready = (bits & TimerRunQueued) && runs() < MaxConcurrentRuns; break;
    case OriginKind::IntDpc: ready = (bits & IntDpcQueued) && runs() < MaxConcurrentRuns; break;
    case OriginKind::IntWorkItem: ready = (bits & IntWiQueued) && runs() < MaxConcurrentRuns; break;
    case OriginKind::Isr: {
      // One run at a time, and only once the interrupt lock is free: the ISR spins on it.
      if (((bits >> PendingShift) & 0xFF) == 0 || alive(static_cast<int>(o)))
        break;
      int lock = org.lock;
      ready = true;
      for (const Activation &a : s.acts)
        for (const HeldLock &h : a.held)
          if (h.lock == lock)
            ready = false;
      break;
    }
    case OriginKind::QueueDeferred:
      ready = s.queues[I.queueIndex[org.index]].deferredQueued && !alive(static_cast<int>(o));
      break;
    case OriginKind::Thread: break;
    }
    if (ready)
      out.push_back({ActionKind::Start, static_cast<uint16_t>(o), 0});
  }
  for (size_t i = 0; i < d_.objects.size(); ++i)
    if (d_.objects[i].kind == ObjKind::Timer && (s.objects[i] & Queued))
      out.push_back({ActionKind::Fire, static_cast<uint16_t>(i), 0});
}

void Machine::execute(const State &s, Action a, std::vector<Successor> &out, Tracer *tracer) const {
  const Impl &I = *impl_;
  // A choose() at the poised instruction gives one successor per value.
  int choices = 1;
  if (a.kind == ActionKind::Step) {
    const Activation &act = s.acts[a.index];
    const Frame &f = act.frames.back();
    if ((f.kind == FrameKind::Thread || f.kind == FrameKind::Call ||
         (f.kind == FrameKind::Callback && f.phase == Phase::Body))) {
      const Instr &in = d_.bodies[f.body].code[f.pc];
      if (in.op == Op::Choose)
        choices = in.sub == 1 ? in.imm2 - in.imm + 1 : in.argCount;
    }
  }
  for (int c = 0; c < choices; ++c) {
    if (tracer && c != a.choice)
      continue;
    Successor succ;
    succ.state = s;
    succ.choice = static_cast<uint16_t>(c);
    Exec ex(I, succ.state, tracer);
    Outcome o = Outcome::Ok;
    switch (a.kind) {
    case ActionKind::Step: o = ex.step(a.index, static_cast<uint16_t>(c)); break;
    case ActionKind::Start: o = ex.start(a.index); break;
    case ActionKind::Fire: o = ex.fire(a.index); break;
    }
    succ.outcome = o;
    succ.hit = ex.hit;
    succ.edges = std::move(ex.edges);
    succ.merged = ex.merged;
    if (o == Outcome::Ok) {
      std::sort(ex.removed.begin(), ex.removed.end());
      for (auto it = ex.removed.rbegin(); it != ex.removed.rend(); ++it)
        succ.state.acts.erase(succ.state.acts.begin() + *it);
      canonicalize(succ.state);
    }
    out.push_back(std::move(succ));
  }
}

void Machine::canonicalize(State &s) const {
  const Impl &I = *impl_;
  for (Activation &a : s.acts) {
    for (size_t fi = 0; fi < a.frames.size(); ++fi) {
      Frame &f = a.frames[fi];
      if (f.body < 0 || (f.kind != FrameKind::Thread && f.kind != FrameKind::Call && f.kind != FrameKind::Callback))
        continue;
      const Body &body = d_.bodies[f.body];
      bool isTop = fi + 1 == a.frames.size();
      size_t end = isTop ? a.slots.size() : a.frames[fi + 1].slotBase;
      if (f.kind == FrameKind::Callback && f.phase != Phase::Body) {
        // Before the body starts only the parameters matter; after it ends, nothing.
        for (size_t k = f.slotBase + (f.phase == Phase::Prologue ? body.numParams : 0); k < end; ++k)
          a.slots[k] = 0;
        continue;
      }
      // Callers have already advanced past their call; the callee will write its result.
      size_t pc = f.pc;
      if (pc >= body.code.size())
        continue;
      if (!isTop && a.frames[fi + 1].retReg != NoReg)
        a.slots[f.slotBase + a.frames[fi + 1].retReg] = 0;
      for (size_t k = f.slotBase; k < end; ++k)
        if (!I.isLive(f.body, pc, static_cast<Reg>(k - f.slotBase)))
          a.slots[k] = 0;
    }
  }
}

std::string Machine::locationName(int32_t cell) const {
  const Impl &I = *impl_;
  if (cell < 0 || static_cast<size_t>(cell) >= I.cellVar.size())
    return "?";
  const SharedVar &v = d_.shared[I.cellVar[cell]];
  return v.isArray ? v.name + "[" + std::to_string(cell - v.base) + "]" : v.name;
}

int Machine::cellVariable(int32_t cell) const { return impl_->cellVar[cell]; }

uint16_t Machine::nextRun(const State &s, int origin) {
  uint16_t run = 1;
  for (const Activation &other : s.acts)
    if (other.origin == origin && other.run >= run)
      run = static_cast<uint16_t>(other.run + 1);
  return run;
}

std::string Machine::actorLabel(const State &s, int act) const {
  const Activation &a = s.acts[act];
  std::string label = origins_[a.origin].label;
  // Runs of one callback are told apart by the order they started in.
  int count = 0;
  for (const Activation &other : s.acts)
    count += other.origin == a.origin;
  if (count > 1 || a.run > 1)
    label += " (run " + std::to_string(a.run) + ")";
  return label;
}

// ================================================================ Exec: core

uint64_t Exec::siteKey() const {
  const Frame &f = s.acts[act].frames.back();
  uint32_t pc = (f.kind == FrameKind::Callback && f.phase != Phase::Body) ? 0xFFFFu : f.pc;
  return static_cast<uint64_t>(static_cast<uint16_t>(f.body)) << 16 | pc;
}

Outcome Exec::failKey(FindingKind k, uint64_t key, const std::string &msg) {
  hit = {k, key};
  if (tr) {
    tr->message = msg;
    const Frame &f = A().frames.back();
    bool inBody = f.body >= 0 && f.kind != FrameKind::Dispatch && (f.kind != FrameKind::Callback || f.phase == Phase::Body);
    tr->where = inBody ? I.body(f.body).code[f.pc].where : f.body >= 0 ? I.body(f.body).loc : SourceLoc{};
  }
  return Outcome::Finding;
}

Outcome Exec::fail(FindingKind k, const std::string &msg) { return failKey(k, siteKey(), msg); }

void Exec::note(const std::string &text, SourceLoc loc) {
  if (!tr)
    return;
  StepRecord r;
  r.activation = act;
  r.actor = I.m.actorLabel(s, act);
  const Activation &a = s.acts[act];
  for (auto it = a.frames.rbegin(); it != a.frames.rend(); ++it)
    if (it->kind == FrameKind::Callback && it->body >= 0) {
      if (I.body(it->body).name != I.m.origins()[a.origin].label)
        r.context = I.body(it->body).name;
      break;
    }
  r.irql = a.irql;
  for (const HeldLock &h : a.held)
    r.locks.push_back(I.lock(h.lock).name);
  r.text = text;
  r.loc = loc;
  tr->steps.push_back(std::move(r));
}

bool Exec::poisedVisible() {
  const Activation &a = A();
  if (a.frames.empty())
    return true;
  const Frame &f = a.frames.back();
  switch (f.kind) {
  case FrameKind::Dispatch: return true;
  case FrameKind::Callback:
    if (f.phase != Phase::Body)
      return f.lock >= 0;
    [[fallthrough]];
  default: return !isInvisible(I.body(f.body).code[f.pc].op) && !guardedNow(f);
  }
}

bool Exec::guardedNow(const Frame &f) {
  const GuardedAccess &g = I.guardedAccess;
  if (g.empty())
    return false;
  if (g.always[f.body][f.pc])
    return true;
  uint64_t cells = g.weakCells[f.body][f.pc];
  if (cells == 0)
    return false;
  // No thread may reach an unlocked access of these cells before this activation ends.
  const Origin &own = I.m.origins()[A().origin];
  return g.unreachable(s, act, own.kind == OriginKind::WorkItem ? own.index : -1, cells);
}

Outcome Exec::step(int a, uint16_t choice) {
  act = a;
  Outcome o = execTop(choice);
  if (o != Outcome::Ok)
    return o;
  return runAhead(a);
}

Outcome Exec::runAhead(int a) {
  act = a;
  if (!I.m.options().merge)
    return Outcome::Ok;
  // Stop at visible operations, and after a backward jump: a loop that never touches
  // shared state must still show up as a cycle of states (a livelock), never as a hang here.
  while (!A().frames.empty() && !A().finished && !poisedVisible()) {
    const Frame &f = top();
    bool backward = false;
    if (f.kind != FrameKind::Callback || f.phase == Phase::Body) {
      const Instr &in = instr();
      backward = in.op == Op::Jump && in.imm <= static_cast<int32_t>(f.pc);
    }
    Outcome o = execTop(0);
    ++merged;
    if (o != Outcome::Ok)
      return o;
    if (backward || std::find(removed.begin(), removed.end(), a) != removed.end())
      break;
  }
  return Outcome::Ok;
}

Outcome Exec::execTop(uint16_t choice) {
  Frame &f = top();
  switch (f.kind) {
  case FrameKind::Dispatch: return dispatchIteration();
  case FrameKind::Callback:
    if (f.phase == Phase::Prologue)
      return prologue();
    if (f.phase == Phase::Epilogue)
      return epilogue();
    return instruction(choice);
  default: return instruction(choice);
  }
}

void Exec::endActivation() {
  Activation &a = A();
  a.frames.clear();
  a.slots.clear();
  if (a.origin < I.threadCount)
    a.finished = true;
  else
    removed.push_back(act);
}

void Exec::pushCallback(int body, int lock, Role role, int queue, int32_t request, int32_t p1, Reg retReg) {
  Activation &a = A();
  Frame f;
  f.kind = FrameKind::Callback;
  f.phase = Phase::Prologue;
  f.role = role;
  f.savedIrql = a.irql;
  f.body = static_cast<int16_t>(body);
  f.lock = static_cast<int16_t>(lock);
  f.queue = static_cast<int16_t>(queue);
  f.request = request;
  f.slotBase = static_cast<uint16_t>(a.slots.size());
  f.retReg = retReg;
  const Body &b = I.body(body);
  a.slots.resize(a.slots.size() + b.numSlots, 0);
  // The callback's implicit parameters (Sema::implicitsFor): Request first, then the
  // queue of a cancel routine or the file object of EvtDeviceFileCreate.
  switch (b.callback) {
  case CallbackId::FileCleanup:
  case CallbackId::FileClose:
    if (b.numParams > 0)
      a.slots[f.slotBase] = p1;
    break;
  default:
    if (b.numParams > 0)
      a.slots[f.slotBase] = request;
    if (b.numParams > 1)
      a.slots[f.slotBase + 1] = p1;
    break;
  }
  a.frames.push_back(f);
}

void Exec::pushCall(int body, const Instr &in) {
  Activation &a = A();
  const Body &b = I.body(body);
  Frame f;
  f.kind = FrameKind::Call;
  f.body = static_cast<int16_t>(body);
  f.slotBase = static_cast<uint16_t>(a.slots.size());
  f.retReg = in.a;
  std::vector<int32_t> args(in.argCount);
  for (uint16_t i = 0; i < in.argCount; ++i)
    args[i] = arg(in, i);
  a.slots.resize(a.slots.size() + b.numSlots, 0);
  for (uint16_t i = 0; i < in.argCount && i < b.numSlots; ++i)
    a.slots[f.slotBase + i] = args[i];
  a.frames.push_back(f);
}

// ---------------------------------------------------------------- callbacks

Outcome Exec::prologue() {
  Frame &f = top();
  if (f.lock >= 0) {
    Outcome o = acquire(f.lock, true, nullptr);
    if (o != Outcome::Ok)
      return o;
    NOTE("acquires " + I.lock(f.lock).name + " (" + lockKindName(I.lock(f.lock).kind) + ") and calls " +
             I.body(f.body).name,
         I.body(f.body).loc);
  }
  Frame &g = top();
  g.phase = Phase::Body;
  g.pc = 0;
  return Outcome::Ok;
}

Outcome Exec::epilogue() {
  Frame f = top();
  if (f.lock >= 0) {
    Outcome o = release(f.lock, nullptr);
    if (o != Outcome::Ok)
      return o;
    NOTE("the framework releases " + I.lock(f.lock).name + " after " + I.body(f.body).name, I.body(f.body).loc);
  }
  else if (tr && f.body >= 0)
    NOTE(I.body(f.body).name + " returns", I.body(f.body).loc);
  A().irql = f.savedIrql;
  popFrame();
  if (f.retReg != NoReg && !A().frames.empty())
    reg(f.retReg) = f.aux;
  return Outcome::Ok;
}

// Callers advance their pc when they push a frame, so popping never touches the caller.
void Exec::popFrame() {
  Activation &a = A();
  a.slots.resize(a.frames.back().slotBase);
  a.frames.pop_back();
  if (a.frames.empty())
    endActivation();
}

// A body returns: from a function to its caller; from a callback into its epilogue; from
// a thread to its end.
Outcome Exec::returnFrom(int32_t value, bool hasValue) {
  Activation &a = A();
  Frame &f = a.frames.back();
  int depth = static_cast<int>(a.frames.size());
  auto heldHere = [&]() -> const HeldLock * {
    for (const HeldLock &h : a.held)
      if (h.depth >= depth)
        return &h;
    return nullptr;
  };
  switch (f.kind) {
  case FrameKind::Call: {
    Reg dst = f.retReg;
    popFrame();
    if (dst != NoReg && hasValue)
      reg(dst) = value;
    return Outcome::Ok;
  }
  case FrameKind::Thread:
    if (const HeldLock *h = heldHere())
      return fail(FindingKind::LockMisuse,
                  I.m.origins()[a.origin].label + " ends holding " + I.lock(h->lock).name);
    NOTE("ends", I.body(f.body).code[f.pc].where);
    endActivation();
    return Outcome::Ok;
  case FrameKind::Callback:
    // Locks the callback (or functions it called) took and did not release, other than
    // the framework's own lock, which the epilogue releases.
    for (const HeldLock &h : a.held)
      if (h.depth >= depth && !(h.lock == f.lock && h.site == (static_cast<uint32_t>(static_cast<uint16_t>(f.body)) << 16 | 0xFFFFu)))
        return fail(FindingKind::LockMisuse,
                    I.body(f.body).name + " returns holding " + I.lock(h.lock).name);
    f.aux = hasValue ? value : 0;
    f.phase = Phase::Epilogue;
    return Outcome::Ok;
  default: break;
  }
  return Outcome::Ok;
}

// ---------------------------------------------------------------- locks

int Exec::holderOf(int lock) const {
  for (size_t i = 0; i < s.acts.size(); ++i)
    for (const HeldLock &h : s.acts[i].held)
      if (h.lock == lock)
        return static_cast<int>(i);
  return -1;
}

bool Exec::holds(int lock) const {
  for (const HeldLock &h : s.acts[act].held)
    if (h.lock == lock)
      return true;
  return false;
}

Outcome Exec::irqlFailure(int max, const std::string &what) {
  return fail(FindingKind::Irql, what + " at " + irqlName(A().irql) + "; it is allowed at most at " + irqlName(max));
}

Outcome Exec::acquire(int lock, bool framework, const char *api) {
  const Lock &l = I.lock(lock);
  auto who = [&] { return api ? std::string(api) + "(" + l.name + ")" : "the framework's acquisition of " + l.name; };
  // IRQL first: a mutex or wait lock needs PASSIVE (APC for a fast mutex); a spin lock at
  // most DISPATCH (the interrupt lock raises to DIRQL from anywhere up to DISPATCH).
  int max = l.kind == LockKind::Mutex ? ApcLevel : l.kind == LockKind::WaitLock ? PassiveLevel : DispatchLevel;
  // The kernel takes a DIRQL interrupt's lock at DIRQL around the ISR and the
  // synchronize/enable/disable callbacks: only the driver's own acquisitions are checked.
  bool kernelTakesIt = framework && I.dirqlLock[lock];
  if (!kernelTakesIt)
    if (Outcome o = needIrql(max, who); o != Outcome::Ok)
      return o;
  if (holds(lock))
    return fail(FindingKind::LockMisuse,
                who() + ": " + I.m.actorLabel(s, act) + " already holds it" +
                    (l.callbackLock ? " (bug check WDF_VIOLATION, WDF_RECURSIVE_LOCK)"
                                    : l.kind == LockKind::WaitLock ? " (it waits for itself forever)"
                                                                   : " (it spins forever)"));
  Activation &a = A();
  // Lock-order edges: every lock already held comes before this one. The gates are the
  // other locks held at the same time, plus one bit per sequential queue whose handler
  // runs here with its request still outstanding (such edges can never overlap).
  uint64_t guards = 0;
  size_t nlocks = I.om.locks.size();
  for (const Frame &f : a.frames) {
    if (f.kind != FrameKind::Callback || f.queue < 0 || f.body < 0)
      continue;
    CallbackId cb = I.body(f.body).callback;
    bool handler = isRequestHandler(cb);
    const Request *r = s.request(f.request);
    size_t bit = nlocks + static_cast<size_t>(I.queueIndex[f.queue]);
    if (handler && I.d.objects[f.queue].dispatch == DispatchType::Sequential && r && r->state == ReqState::Owned &&
        bit < 64)
      guards |= 1ull << bit;
  }
  for (const HeldLock &h : a.held) {
    core::LockEdge e;
    e.from = static_cast<uint16_t>(h.lock);
    e.to = static_cast<uint16_t>(lock);
    e.fromSite = h.site;
    e.toSite = site();
    e.gates = guards;
    for (const HeldLock &g : a.held)
      if (g.lock != h.lock && g.lock < 64)
        e.gates |= 1ull << g.lock;
    edges.push_back(e);
  }
  a.held.push_back({static_cast<int16_t>(lock), a.irql, static_cast<uint8_t>(a.frames.size()), site()});
  if (I.dirqlLock[lock])
    a.irql = DeviceLevel;
  else if (l.kind == LockKind::SpinLock && a.irql < DispatchLevel)
    a.irql = DispatchLevel;
  return Outcome::Ok;
}

Outcome Exec::release(int lock, const char *api) {
  Activation &a = A();
  for (size_t i = a.held.size(); i-- > 0;) {
    if (a.held[i].lock == lock) {
      a.irql = a.held[i].savedIrql;
      a.held.erase(a.held.begin() + static_cast<long>(i));
      return Outcome::Ok;
    }
  }
  return fail(FindingKind::LockMisuse, std::string(api ? api : "the framework") + "(" + I.lock(lock).name +
                                           "): " + I.m.actorLabel(s, act) + " does not hold it");
}

// ---------------------------------------------------------------- memory

bool Exec::location(const Instr &in, int32_t &cell, Request *&req, std::string &name) {
  req = nullptr;
  cell = -1;
  if (in.loc == LocKind::Shared) {
    int32_t idx = in.b == NoReg ? 0 : reg(in.b);
    if (in.b != NoReg && (idx < 0 || idx >= in.imm2)) {
      const SharedVar &v = I.d.shared[I.cellVar[in.imm]];
      name = v.name + "[" + std::to_string(idx) + "] (" + v.name + " has " + std::to_string(v.size) + " elements)";
      return false;
    }
    cell = in.imm + idx;
    name = I.m.locationName(cell);
    return true;
  }
  int32_t rid = reg(in.b);
  req = s.request(rid);
  name = (req ? requestName(rid) : std::string("NULL")) + "." + I.d.requestFields[in.imm].name;
  return req != nullptr;
}

// ---------------------------------------------------------------- instructions

static bool binaryOp(BinOpCode op, int32_t x, int32_t y, int32_t &out, std::string &err);

std::string Exec::valueText(ValueType type, int32_t v) const {
  if (type == ValueType::Bool)
    return v ? "true" : "false";
  if (type == ValueType::Request)
    return v == 0 ? "NULL" : requestName(v);
  return std::to_string(v);
}

Outcome Exec::instruction(uint16_t choice) {
  Activation &a = A();
  Frame &f = top();
  const Body &body = I.body(f.body);
  const Instr &in = body.code[f.pc];
  if (++a.steps > I.m.options().maxSteps)
    return Outcome::Bounded;
  uint16_t next = static_cast<uint16_t>(f.pc + 1);
  switch (in.op) {
  case Op::Const: reg(in.a) = in.imm; break;
  case Op::Move: reg(in.a) = reg(in.b); break;
  case Op::Unary: {
    int32_t v = reg(in.b);
    switch (static_cast<UnOpCode>(in.sub)) {
    case UnOpCode::Neg:
      if (v == INT32_MIN)
        return fail(FindingKind::Assert, "integer overflow: -(" + std::to_string(v) + ")");
      reg(in.a) = -v;
      break;
    case UnOpCode::Not: reg(in.a) = v == 0; break;
    case UnOpCode::BitNot: reg(in.a) = ~v; break;
    }
    break;
  }
  case Op::Binary: {
    int32_t out = 0;
    std::string err;
    if (!binaryOp(static_cast<BinOpCode>(in.sub), reg(in.b), reg(in.c), out, err))
      return fail(FindingKind::Assert, err);
    reg(in.a) = out;
    break;
  }
  case Op::Jump: next = static_cast<uint16_t>(in.imm); break;
  case Op::JumpIfZero:
    if (reg(in.b) == 0)
      next = static_cast<uint16_t>(in.imm);
    break;
  case Op::JumpIfNonZero:
    if (reg(in.b) != 0)
      next = static_cast<uint16_t>(in.imm);
    break;
  case Op::Call:
    f.pc = next;
    pushCall(in.imm, in);
    return Outcome::Ok;
  case Op::Return: return returnFrom(in.b == NoReg ? 0 : reg(in.b), in.b != NoReg);
  case Op::End: return returnFrom(0, false);
  case Op::Assert:
    if (reg(in.b) == 0) {
      const std::string &msg = I.d.strings[in.imm];
      return fail(FindingKind::Assert, "assertion failed" + (msg.empty() ? std::string() : ": \"" + msg + "\""));
    }
    break;
  case Op::Assume:
    if (reg(in.b) == 0)
      return Outcome::Discarded;
    break;
  case Op::GetIrql: reg(in.a) = a.irql; break;
  case Op::NtSuccess: reg(in.a) = reg(in.b) >= 0; break;
  case Op::Choose: {
    int32_t v = in.sub == 1 ? in.imm + choice : arg(in, choice);
    reg(in.a) = v;
    NOTE("choose() picks " + std::to_string(v), in.where);
    break;
  }
  case Op::Load:
  case Op::Store: {
    int32_t cell;
    Request *req;
    std::string name;
    if (!location(in, cell, req, name))
      return fail(in.loc == LocKind::Shared ? FindingKind::Assert : FindingKind::RequestMisuse,
                  in.loc == LocKind::Shared ? "array index out of bounds: " + name
                                            : "request context field accessed through a NULL request");
    int32_t &slot = req ? req->fields[in.imm] : s.shared[cell];
    ValueType type = req ? I.d.requestFields[in.imm].type : I.d.shared[I.cellVar[cell]].type;
    if (in.op == Op::Load) {
      reg(in.a) = slot;
      if (tr)
        NOTE("reads " + name + " (" + valueText(type, slot) + ")", in.where);
    } else {
      slot = reg(in.c);
      if (tr)
        NOTE("writes " + name + " = " + valueText(type, slot), in.where);
    }
    break;
  }
  case Op::Atomic: {
    Outcome o = atomic(in);
    if (o != Outcome::Ok)
      return o;
    break;
  }
  case Op::Api:
  case Op::Send:
  case Op::Open:
  case Op::Close:
  case Op::Cancel:
  case Op::WaitRequest:
  case Op::Raise: {
    // The call may push frames (callbacks run inline, the dispatcher) or wait in several
    // steps (apiPhase); the caller moves on once the call itself is done.
    size_t depth = a.frames.size();
    Outcome o = in.op == Op::Api ? api(in) : envOp(in);
    if (o != Outcome::Ok)
      return o;
    Frame &g = A().frames[depth - 1];
    if (g.apiPhase == 0)
      g.pc = next;
    return Outcome::Ok;
  }
  case Op::RequestStatus: {
    int32_t id = latestRequest(in.imm);
    const Request *r = s.request(id);
    reg(in.a) = r && r->state == ReqState::Completed ? r->status : status::Pending;
    NOTE("reads status(" + I.d.requests[in.imm].name + ")", in.where);
    break;
  }
  }
  top().pc = next;
  return Outcome::Ok;
}

static bool binaryOp(BinOpCode op, int32_t x, int32_t y, int32_t &out, std::string &err) {
  int64_t r = 0;
  auto ovf = [&](const char *sym) {
    err = "integer overflow: " + std::to_string(x) + " " + sym + " " + std::to_string(y);
    return false;
  };
  switch (op) {
  case BinOpCode::Add: r = int64_t(x) + y; if (r != int32_t(r)) return ovf("+"); break;
  case BinOpCode::Sub: r = int64_t(x) - y; if (r != int32_t(r)) return ovf("-"); break;
  case BinOpCode::Mul: r = int64_t(x) * y; if (r != int32_t(r)) return ovf("*"); break;
  case BinOpCode::Div:
  case BinOpCode::Mod:
    if (y == 0) {
      err = "division by zero";
      return false;
    }
    if (x == INT32_MIN && y == -1)
      return ovf(op == BinOpCode::Div ? "/" : "%");
    r = op == BinOpCode::Div ? x / y : x % y;
    break;
  case BinOpCode::BitAnd: r = x & y; break;
  case BinOpCode::BitOr: r = x | y; break;
  case BinOpCode::BitXor: r = x ^ y; break;
  case BinOpCode::Shl:
  case BinOpCode::Shr:
    if (y < 0 || y > 31) {
      err = "shift by " + std::to_string(y) + " is out of range (0..31)";
      return false;
    }
    r = op == BinOpCode::Shl ? int32_t(uint32_t(x) << y) : x >> y;
    break;
  case BinOpCode::Eq: r = x == y; break;
  case BinOpCode::Ne: r = x != y; break;
  case BinOpCode::Lt: r = x < y; break;
  case BinOpCode::Le: r = x <= y; break;
  case BinOpCode::Gt: r = x > y; break;
  case BinOpCode::Ge: r = x >= y; break;
  case BinOpCode::LogAnd: r = x && y; break;
  case BinOpCode::LogOr: r = x || y; break;
  }
  out = static_cast<int32_t>(r);
  return true;
}

// ---------------------------------------------------------------- starts

Outcome Exec::start(int originIndex) {
  const Origin &org = I.m.origins()[originIndex];
  uint32_t &bits = s.objects[org.index];
  switch (org.kind) {
  case OriginKind::WorkItem:
  case OriginKind::Dpc: bits &= ~Queued; break;
  case OriginKind::Timer: bits &= ~TimerRunQueued; break;
  case OriginKind::IntDpc: bits &= ~IntDpcQueued; break;
  case OriginKind::IntWorkItem: bits &= ~IntWiQueued; break;
  case OriginKind::Isr: bits -= 1u << PendingShift; break;
  case OriginKind::QueueDeferred: queue(org.index).deferredQueued = false; break;
  case OriginKind::Thread: break;
  }
  Activation a;
  a.origin = static_cast<uint16_t>(originIndex);
  a.irql = static_cast<uint8_t>(org.irql);
  a.run = Machine::nextRun(s, originIndex);
  s.acts.push_back(std::move(a));
  act = static_cast<int>(s.acts.size() - 1);
  if (org.kind == OriginKind::QueueDeferred) {
    NOTE("the framework runs " + org.label + " (" + irqlName(org.irql) + ")");
    QueueState &q = queue(org.index);
    q.dispatching++;
    Frame f;
    f.kind = FrameKind::Dispatch;
    f.queue = static_cast<int16_t>(org.index);
    A().frames.push_back(f);
    return runAhead(act);
  }
  if (org.body < 0) { // EvtDpcFunc may be NULL: the run does nothing
    endActivation();
    return Outcome::Ok;
  }
  NOTE("the framework starts " + org.label, I.body(org.body).loc);
  pushCallback(org.body, org.lock, Role::End, -1, 0, 0);
  return runAhead(act);
}

Outcome Exec::fire(int timer) {
  uint32_t &bits = s.objects[timer];
  const Object &t = I.d.objects[timer];
  if (t.period == 0)
    bits &= ~Queued;
  // A normal timer's DPC coalesces while queued; a passive timer drops the expiry while
  // its work item is still queued (§2.8). Either way the run flag is set.
  bits |= TimerRunQueued;
  if (tr) {
    act = -1;
    StepRecord r;
    r.actor = "timer " + t.name;
    r.text = t.period > 0 ? "fires (periodic: stays armed)" : "fires";
    r.loc = t.loc;
    tr->steps.push_back(std::move(r));
  }
  return Outcome::Ok;
}

} // namespace wdf::model::exec

namespace wdf::model::exec {

StepRecord Machine::describeAction(const State &s, Action a) const {
  StepRecord r;
  if (a.kind == ActionKind::Fire) {
    r.actor = "timer " + d_.objects[a.index].name;
    r.loc = d_.objects[a.index].loc;
    return r;
  }
  if (a.kind == ActionKind::Start) {
    const Origin &o = origins_[a.index];
    r.actor = o.label;
    int run = nextRun(s, a.index); // the number Exec::start will give it
    if (run > 1)
      r.actor += " (run " + std::to_string(run) + ")";
    r.irql = o.irql;
    r.loc = o.body >= 0 ? d_.bodies[o.body].loc : d_.objects[o.index].loc;
    return r;
  }
  const Activation &act = s.acts[a.index];
  r.activation = a.index;
  r.actor = actorLabel(s, a.index);
  r.irql = act.irql;
  for (const HeldLock &h : act.held)
    r.locks.push_back(m_.locks[h.lock].name);
  for (auto it = act.frames.rbegin(); it != act.frames.rend(); ++it)
    if (it->kind == FrameKind::Callback && it->body >= 0) {
      if (d_.bodies[it->body].name != origins_[act.origin].label)
        r.context = d_.bodies[it->body].name;
      break;
    }
  if (act.frames.empty())
    return r;
  const Frame &f = act.frames.back();
  if (f.body >= 0 && (f.kind != FrameKind::Callback || f.phase == Phase::Body) && f.kind != FrameKind::Dispatch)
    r.loc = d_.bodies[f.body].code[f.pc].where;
  else if (f.body >= 0)
    r.loc = d_.bodies[f.body].loc;
  return r;
}

} // namespace wdf::model::exec
