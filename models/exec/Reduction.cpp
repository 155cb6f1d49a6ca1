#include "Reduction.hpp"

#include <algorithm>

#include "LockSets.hpp"
#include "MachineImpl.hpp"

namespace wdf::model::exec {

using core::Footprint;
using core::GuardedFootprint;

namespace {

bool isQueueCallback(CallbackId cb) {
  return cb == CallbackId::IoDefault || cb == CallbackId::IoRead || cb == CallbackId::IoWrite ||
         cb == CallbackId::IoDeviceControl || cb == CallbackId::IoInternalDeviceControl ||
         cb == CallbackId::IoCanceledOnQueue || cb == CallbackId::RequestCancel;
}

} // namespace

Reduction::Reduction(const Machine &m) : m_(m), d_(m.design()), om_(m.objects()) {
  res_.cells = static_cast<size_t>(d_.sharedCells);
  res_.fields = d_.requestFields.size();
  res_.locks = om_.locks.size();
  res_.objects = d_.objects.size();
  res_.sites = m.impl().requestSites + d_.ofKind(ObjKind::File).size();
  words_ = (res_.count() + 63) / 64;
  queues_ = d_.ofKind(ObjKind::Queue);
  for (size_t i = 0; i < res_.sites; ++i)
    (i < m.impl().requestSites ? allSites_ : fileSites_).push_back(static_cast<int>(i));
  allSites_.insert(allSites_.end(), fileSites_.begin(), fileSites_.end());
  computeQueueSites();
  gateIndex_.assign(d_.objects.size(), -1);
  int gates = 0;
  for (int w : d_.ofKind(ObjKind::WorkItem))
    if (gates < 64)
      gateIndex_[w] = gates++;
  originOfBody_.assign(d_.bodies.size(), -1);
  for (size_t o = 0; o < m.origins().size(); ++o)
    if (m.origins()[o].kind != OriginKind::Thread && m.origins()[o].body >= 0)
      originOfBody_[m.origins()[o].body] = static_cast<int>(o);
  LockSets ls = computeLockSets(d_, om_);
  mustHeld_ = std::move(ls.mustHeld);
  releases_ = std::move(ls.releases);
  rest_.resize(d_.bodies.size());
  for (size_t b = 0; b < d_.bodies.size(); ++b)
    rest_[b].resize(d_.bodies[b].code.size());
  full_.resize(m.origins().size());
  dispatch_.resize(queues_.size());
  // The summaries refer to each other (a work item enqueues itself, a handler completes the
  // request that lets the next one in); grow them all until nothing changes.
  for (int round = 0; round < 1000 && computeSummaries(); ++round) {
  }
}

Footprint Reduction::empty() const {
  Footprint f;
  f.resize(words_);
  return f;
}

uint64_t Reduction::gateBit(int object) const {
  return object >= 0 && gateIndex_[object] >= 0 ? 1ull << gateIndex_[object] : 0;
}

void Reduction::merge(Summary &into, uint64_t guard, const Footprint &fp, uint64_t gates) {
  if (fp.empty())
    return;
  for (GuardedFootprint &g : into)
    if (g.guard == guard && g.gates == gates) {
      g.fp.add(fp);
      return;
    }
  into.push_back({guard, gates, fp});
}

void Reduction::mergeAll(Summary &into, const Summary &from, uint64_t addGuard, uint64_t addGates) {
  for (const GuardedFootprint &g : from)
    merge(into, g.guard | addGuard, g.fp, g.gates | addGates);
}

int Reduction::queueIndex(int queue) const {
  return static_cast<int>(std::find(queues_.begin(), queues_.end(), queue) - queues_.begin());
}

void Reduction::writeSites(Footprint &fp, const Sites &sites) const {
  for (int site : sites)
    fp.write(res_.site(site));
}

// A queue holds the requests sent to it and those forwarded to it (from the queues that
// hold what is forwarded): a fixpoint, since forwarding chains.
void Reduction::computeQueueSites() {
  queueSites_.assign(queues_.size(), {});
  auto add = [&](int queue, const Sites &sites) {
    Sites &into = queueSites_[queueIndex(queue)];
    size_t before = into.size();
    Sites merged;
    std::set_union(into.begin(), into.end(), sites.begin(), sites.end(), std::back_inserter(merged));
    into = std::move(merged);
    return into.size() != before;
  };
  for (const Body &b : d_.bodies)
    for (const Instr &in : b.code)
      if (in.op == Op::Send)
        add(in.imm, {in.imm2});
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t bi = 0; bi < d_.bodies.size(); ++bi) {
      const Body &b = d_.bodies[bi];
      for (const Instr &in : b.code)
        if (in.op == Op::Api && in.api == ApiId::WdfRequestForwardToIoQueue && !b.operands[in.argBegin + 1].isReg) {
          Sites from = operandSites(static_cast<int>(bi), b.operands[in.argBegin]); // a copy: add may grow it
          changed |= add(b.operands[in.argBegin + 1].value, from);
        }
    }
  }
}

// A queue callback's Request is one its queue holds; EvtDeviceFileCreate's a file's create
// request; any other request value (a local, a shared variable) may be any request.
const Reduction::Sites &Reduction::operandSites(int body, const Operand &op) const {
  const Body &b = d_.bodies[body];
  if (op.isReg && op.value == 0 && b.kind == BodyKind::Callback && b.object >= 0) {
    if (b.callback == CallbackId::DeviceFileCreate)
      return fileSites_;
    if (isQueueCallback(b.callback) && d_.objects[b.object].kind == ObjKind::Queue)
      return queueSites_[queueIndex(b.object)];
  }
  return allSites_;
}

// The queues whose request a request operand can be: the callback's own queue for its
// Request parameter, else any queue.
void Reduction::requestQueues(int body, const Operand &op, std::vector<int> &queues) const {
  const Body &b = d_.bodies[body];
  if (op.isReg && op.value == 0 && b.kind == BodyKind::Callback && b.object >= 0 && isQueueCallback(b.callback) &&
      d_.objects[b.object].kind == ObjKind::Queue) {
    queues.push_back(b.object);
    return;
  }
  queues.insert(queues.end(), queues_.begin(), queues_.end());
}

void Reduction::instrFootprint(int body, size_t pc, Footprint &direct, Summary &spawned) const {
  const Body &b = d_.bodies[body];
  const Instr &in = b.code[pc];
  auto operand = [&](int i) { return b.operands[in.argBegin + i]; };
  auto obj = [&](int i) { return operand(i).isReg ? -1 : operand(i).value; };
  auto dispatchOf = [&](int q) {
    direct.write(res_.object(q));
    mergeAll(spawned, dispatch_[queueIndex(q)], 0);
  };
  auto runOf = [&](OriginKind k, int o) {
    int origin = m_.impl().origin(k, o);
    if (origin >= 0)
      mergeAll(spawned, full_[origin], 0);
  };
  auto inlineCallback = [&](int cbBody, int lock) {
    if (cbBody < 0)
      return;
    Footprint f = empty();
    if (lock >= 0)
      f.write(res_.lock(lock));
    merge(spawned, 0, f);
    if (!rest_[cbBody].empty())
      mergeAll(spawned, rest_[cbBody][0], mustHeld_[body][pc]);
  };
  switch (in.op) {
  case Op::Load:
  case Op::Store:
  case Op::Atomic: {
    bool write = in.op != Op::Load;
    if (in.loc == LocKind::Field) {
      write ? direct.write(res_.field(in.imm)) : direct.read(res_.field(in.imm));
    } else {
      int32_t size = in.b == NoReg ? 1 : in.imm2;
      for (int32_t k = 0; k < size; ++k)
        write ? direct.write(static_cast<size_t>(in.imm + k)) : direct.read(static_cast<size_t>(in.imm + k));
    }
    break;
  }
  case Op::Call:
    if (!rest_[in.imm].empty())
      mergeAll(spawned, rest_[in.imm][0], mustHeld_[body][pc] & ~releases_[in.imm]);
    break;
  case Op::Return:
  case Op::End:
    // A callback's end: the framework releases its lock, and a run ends.
    if (b.kind == BodyKind::Callback && b.object >= 0) {
      int l = om_.callbackLock(d_, b.object, b.callback);
      if (l >= 0)
        direct.write(res_.lock(l));
      direct.write(res_.object(b.object));
    }
    break;
  case Op::RequestStatus:
  case Op::WaitRequest: direct.read(res_.site(in.imm)); break;
  case Op::Send:
    direct.write(res_.site(in.imm2));
    dispatchOf(in.imm);
    break;
  case Op::Cancel:
    direct.write(res_.site(in.imm));
    for (size_t qi = 0; qi < queues_.size(); ++qi)
      if (std::binary_search(queueSites_[qi].begin(), queueSites_[qi].end(), in.imm))
        dispatchOf(queues_[qi]);
    break;
  case Op::Open:
  case Op::Close: {
    direct.write(res_.object(in.imm));
    writeSites(direct, fileSites_);
    const Object &dev = d_.objects[d_.device];
    int lock = om_.objects[d_.device].fileLock;
    for (CallbackId cb : {CallbackId::DeviceFileCreate, CallbackId::FileCleanup, CallbackId::FileClose})
      inlineCallback(dev.callback(cb), lock);
    break;
  }
  case Op::Raise:
    direct.write(res_.object(in.imm));
    runOf(OriginKind::Isr, in.imm);
    break;
  case Op::Api: {
    switch (in.api) {
    case ApiId::WdfSpinLockAcquire:
    case ApiId::WdfSpinLockRelease:
    case ApiId::WdfWaitLockAcquire:
    case ApiId::WdfWaitLockRelease:
      if (obj(0) >= 0)
        direct.write(res_.lock(om_.lockOf(obj(0))));
      break;
    case ApiId::WdfObjectAcquireLock:
    case ApiId::WdfObjectReleaseLock: {
      int o = obj(0);
      if (o < 0) { // a parameter: the file object, or a cancel routine's queue
        if (om_.objects[d_.device].fileLock >= 0)
          direct.write(res_.lock(om_.objects[d_.device].fileLock));
        for (int q : queues_)
          if (om_.objects[q].exposedLock >= 0)
            direct.write(res_.lock(om_.objects[q].exposedLock));
        break;
      }
      ObjKind k = d_.objects[o].kind;
      int l = k == ObjKind::Device || k == ObjKind::Queue ? om_.objects[o].exposedLock
              : k == ObjKind::File                        ? om_.objects[d_.device].fileLock
                                                          : -1;
      if (l >= 0)
        direct.write(res_.lock(l));
      break;
    }
    case ApiId::WdfInterruptAcquireLock:
    case ApiId::WdfInterruptReleaseLock:
    case ApiId::WdfInterruptTryToAcquireLock:
      direct.write(res_.lock(om_.objects[obj(0)].interruptLock));
      break;
    case ApiId::WdfInterruptSynchronize:
      inlineCallback(obj(1), om_.objects[obj(0)].interruptLock);
      break;
    case ApiId::WdfInterruptEnable:
    case ApiId::WdfInterruptDisable: {
      int i = obj(0);
      direct.write(res_.object(i));
      CallbackId cb = in.api == ApiId::WdfInterruptEnable ? CallbackId::InterruptEnable : CallbackId::InterruptDisable;
      inlineCallback(d_.objects[i].callback(cb), om_.objects[i].interruptLock);
      break;
    }
    case ApiId::WdfInterruptQueueDpcForIsr:
      direct.write(res_.object(obj(0)));
      runOf(OriginKind::IntDpc, obj(0));
      break;
    case ApiId::WdfInterruptQueueWorkItemForIsr:
      direct.write(res_.object(obj(0)));
      runOf(OriginKind::IntWorkItem, obj(0));
      break;
    case ApiId::WdfWorkItemEnqueue:
      direct.write(res_.object(obj(0)));
      runOf(OriginKind::WorkItem, obj(0));
      break;
    case ApiId::WdfDpcEnqueue:
      direct.write(res_.object(obj(0)));
      runOf(OriginKind::Dpc, obj(0));
      break;
    case ApiId::WdfTimerStart:
      direct.write(res_.object(obj(0)));
      runOf(OriginKind::Timer, obj(0));
      break;
    case ApiId::WdfWorkItemFlush:
    case ApiId::WdfDpcCancel:
    case ApiId::WdfTimerStop:
    case ApiId::KeSetEvent:
    case ApiId::KeClearEvent:
    case ApiId::KeWaitForSingleObject: direct.write(res_.object(obj(0))); break;
    case ApiId::WdfRequestComplete:
    case ApiId::WdfRequestMarkCancelable:
    case ApiId::WdfRequestMarkCancelableEx:
    case ApiId::WdfRequestUnmarkCancelable:
    case ApiId::WdfRequestIsCanceled:
    case ApiId::WdfRequestRequeue:
    case ApiId::WdfRequestForwardToIoQueue: {
      writeSites(direct, operandSites(body, operand(0)));
      std::vector<int> qs;
      requestQueues(body, operand(0), qs);
      for (int q : qs)
        dispatchOf(q);
      if (in.api == ApiId::WdfRequestForwardToIoQueue && obj(1) >= 0)
        dispatchOf(obj(1));
      if (in.api == ApiId::WdfRequestMarkCancelable || in.api == ApiId::WdfRequestMarkCancelableEx) {
        int routine = operand(1).value;
        for (int q : qs) {
          Footprint f = empty();
          int l = om_.objects[q].ioLock;
          if (l >= 0)
            f.write(res_.lock(l));
          merge(spawned, 0, f);
          if (!rest_[routine].empty())
            mergeAll(spawned, rest_[routine][0], lockBit(l));
        }
      }
      break;
    }
    case ApiId::WdfIoQueueRetrieveNextRequest:
    case ApiId::WdfIoQueueStart:
    case ApiId::WdfIoQueueStop:
    case ApiId::WdfIoQueueStopSynchronously:
    case ApiId::WdfIoQueuePurgeSynchronously:
    case ApiId::WdfIoQueueDrainSynchronously:
      writeSites(direct, queueSites_[queueIndex(obj(0))]);
      dispatchOf(obj(0));
      break;
    default: break;
    }
    break;
  }
  default: break;
  }
}

// Replaces `target` by `next` (normalized); true if it changed.
static bool update(std::vector<GuardedFootprint> &target, std::vector<GuardedFootprint> next) {
  std::sort(next.begin(), next.end(), [](const GuardedFootprint &a, const GuardedFootprint &b) {
    return a.guard != b.guard ? a.guard < b.guard : a.gates < b.gates;
  });
  bool same = next.size() == target.size() &&
              std::equal(next.begin(), next.end(), target.begin(), [](const GuardedFootprint &a, const GuardedFootprint &b) {
                return a.guard == b.guard && a.gates == b.gates && a.fp == b.fp;
              });
  if (!same)
    target = std::move(next);
  return !same;
}

bool Reduction::computeSummaries() {
  bool changed = false;
  for (size_t b = 0; b < d_.bodies.size(); ++b) {
    const Body &body = d_.bodies[b];
    size_t n = body.code.size();
    // Backward, from what may happen after each instruction; loops take a few passes.
    bool again = true;
    while (again) {
      again = false;
      for (size_t pc = n; pc-- > 0;) {
        Footprint direct = empty();
        Summary next;
        instrFootprint(static_cast<int>(b), pc, direct, next);
        // A flush, and what follows it, happen only once the flushed work item is idle.
        const Instr &ins = body.code[pc];
        uint64_t gate = 0;
        if (ins.op == Op::Api && ins.api == ApiId::WdfWorkItemFlush && !body.operands[ins.argBegin].isReg)
          gate = gateBit(body.operands[ins.argBegin].value);
        merge(next, mustHeld_[b][pc], direct, gate);
        for (size_t s : successors(body, pc))
          if (s < n)
            mergeAll(next, rest_[b][s], 0, gate);
        if (update(rest_[b][pc], std::move(next)))
          again = changed = true;
      }
    }
  }
  for (size_t o = 0; o < m_.origins().size(); ++o) {
    const Origin &org = m_.origins()[o];
    if (org.kind == OriginKind::Thread)
      continue;
    Summary next;
    Footprint f = empty();
    f.write(res_.object(org.index));
    if (org.lock >= 0)
      f.write(res_.lock(org.lock));
    if (org.kind == OriginKind::QueueDeferred) {
      writeSites(f, queueSites_[queueIndex(org.index)]);
      mergeAll(next, dispatch_[queueIndex(org.index)], 0);
    }
    merge(next, 0, f);
    if (org.body >= 0 && !rest_[org.body].empty())
      mergeAll(next, rest_[org.body][0], 0);
    changed |= update(full_[o], std::move(next));
  }
  for (size_t qi = 0; qi < queues_.size(); ++qi) {
    int q = queues_[qi];
    const Object &qo = d_.objects[q];
    int l = om_.objects[q].ioLock;
    Summary next;
    Footprint f = empty();
    f.write(res_.object(q));
    writeSites(f, queueSites_[qi]);
    if (l >= 0)
      f.write(res_.lock(l));
    merge(next, 0, f);
    for (CallbackId cb : {CallbackId::IoDefault, CallbackId::IoRead, CallbackId::IoWrite, CallbackId::IoDeviceControl,
                          CallbackId::IoInternalDeviceControl, CallbackId::IoCanceledOnQueue}) {
      int body = qo.callback(cb);
      if (body >= 0 && !rest_[body].empty())
        mergeAll(next, rest_[body][0], 0);
    }
    for (size_t b = 0; b < d_.bodies.size(); ++b)
      if (d_.bodies[b].callback == CallbackId::RequestCancel && !rest_[b].empty())
        mergeAll(next, rest_[b][0], lockBit(l));
    changed |= update(dispatch_[qi], std::move(next));
  }
  return changed;
}

// ---------------------------------------------------------------- per state

void Reduction::nextFootprint(const State &s, int act, Footprint &fp) const {
  const Activation &a = s.acts[act];
  const Frame &f = a.frames.back();
  const Origin &org = m_.origins()[a.origin];
  if (org.kind != OriginKind::Thread)
    fp.write(res_.object(org.index)); // the run may end in this step
  switch (f.kind) {
  case FrameKind::Dispatch:
    fp.write(res_.object(f.queue));
    writeSites(fp, queueSites_[queueIndex(f.queue)]);
    return;
  case FrameKind::Callback:
    if (f.phase != Phase::Body) {
      if (f.lock >= 0)
        fp.write(res_.lock(f.lock));
      if (f.body >= 0 && d_.bodies[f.body].object >= 0)
        fp.write(res_.object(d_.bodies[f.body].object));
      return;
    }
    break;
  default: break;
  }
  const Body &b = d_.bodies[f.body];
  const Instr &in = b.code[f.pc];
  if (isInvisible(in.op) && in.op != Op::End)
    return; // a step of local computation only
  auto reg = [&](Reg r) { return a.slots[f.slotBase + r]; };
  // Precise where the state tells more than the code: the element an index selects, and
  // the queue a request belongs to.
  if ((in.op == Op::Load || in.op == Op::Store || in.op == Op::Atomic) && in.loc == LocKind::Shared && in.b != NoReg) {
    int32_t idx = reg(in.b);
    if (idx >= 0 && idx < in.imm2) {
      size_t cell = static_cast<size_t>(in.imm + idx);
      in.op == Op::Load ? fp.read(cell) : fp.write(cell);
      return;
    }
  }
  Footprint direct = empty();
  Summary ignored;
  if (in.op == Op::Api && in.api >= ApiId::WdfRequestComplete && in.api <= ApiId::WdfRequestRequeue) {
    const Operand &op = b.operands[in.argBegin];
    const Request *r = s.request(op.isReg ? reg(static_cast<Reg>(op.value)) : op.value);
    if (r)
      fp.write(res_.site(r->id / RequestIdStride));
    else
      writeSites(fp, operandSites(f.body, op));
    if (r && r->queue >= 0) {
      fp.write(res_.object(r->queue));
    } else {
      for (int q : queues_)
        fp.write(res_.object(q));
    }
    if (in.api == ApiId::WdfRequestForwardToIoQueue)
      fp.write(res_.object(b.operands[in.argBegin + 1].value));
    return;
  }
  if (in.op == Op::Cancel) {
    fp.write(res_.site(in.imm));
    for (size_t qi = 0; qi < queues_.size(); ++qi)
      if (std::binary_search(queueSites_[qi].begin(), queueSites_[qi].end(), in.imm))
        fp.write(res_.object(queues_[qi]));
    return;
  }
  instrFootprint(f.body, f.pc, direct, ignored);
  fp.add(direct);
}

void Reduction::waitFootprint(const State &s, int act, Footprint &fp) const {
  const Activation &a = s.acts[act];
  const Frame &f = a.frames.back();
  if (f.kind == FrameKind::Callback && f.phase == Phase::Prologue) {
    if (f.lock >= 0)
      fp.read(res_.lock(f.lock));
    return;
  }
  const Instr &in = d_.bodies[f.body].code[f.pc];
  Footprint direct = empty();
  Summary ignored;
  instrFootprint(f.body, f.pc, direct, ignored);
  // What it waits on must be written by someone else first.
  for (size_t i = 0; i < words_; ++i)
    fp.reads[i] |= direct.reads[i] | direct.writes[i];
  if (in.op == Op::Api && (in.api == ApiId::WdfWorkItemFlush || in.api == ApiId::WdfDpcCancel ||
                           in.api == ApiId::WdfTimerStop)) {
    // Runs ending, or the queued run starting, write the object.
  }
}

void Reduction::futureOf(const State &s, int act, core::Actor &out) const {
  const Activation &a = s.acts[act];
  for (const Frame &f : a.frames) {
    switch (f.kind) {
    case FrameKind::Dispatch:
      out.spans.push_back(span(dispatch_[queueIndex(f.queue)]));
      break;
    case FrameKind::Callback:
      if (f.phase != Phase::Body) {
        if (f.lock >= 0) {
          GuardedFootprint g{0, 0, empty()};
          g.fp.write(res_.lock(f.lock));
          out.own.push_back(std::move(g));
        }
        if (f.phase == Phase::Prologue && f.body >= 0 && !rest_[f.body].empty())
          out.spans.push_back(span(rest_[f.body][0]));
        break;
      }
      [[fallthrough]];
    default:
      if (f.body >= 0 && f.pc < rest_[f.body].size())
        out.spans.push_back(span(rest_[f.body][f.pc]));
      break;
    }
  }
  const Origin &org = m_.origins()[a.origin];
  if (org.kind != OriginKind::Thread)
    out.spans.push_back(span(full_[a.origin])); // the same callback may run again
}

void Reduction::actors(const State &s, const std::vector<Action> &actions, std::vector<core::Actor> &out,
                       std::vector<int> &actionOf) const {
  out.clear();
  actionOf.clear();
  std::vector<int> stepAction(s.acts.size(), -1);
  for (size_t i = 0; i < actions.size(); ++i)
    if (actions[i].kind == ActionKind::Step)
      stepAction[actions[i].index] = static_cast<int>(i);
  for (size_t i = 0; i < s.acts.size(); ++i) {
    const Activation &a = s.acts[i];
    if (a.frames.empty() || a.finished)
      continue;
    core::Actor ac;
    ac.next.resize(words_);
    ac.waitsOn.resize(words_);
    ac.enabled = stepAction[i] >= 0;
    for (const HeldLock &h : a.held)
      ac.holds |= lockBit(h.lock);
    // A run of a work item keeps it busy: flushes of it cannot return while the run waits.
    const Origin &org = m_.origins()[a.origin];
    if (org.kind == OriginKind::WorkItem)
      ac.closes = gateBit(org.index);
    if (ac.enabled) {
      nextFootprint(s, static_cast<int>(i), ac.next);
      const Frame &f = a.frames.back();
      if (f.kind != FrameKind::Dispatch && (f.kind != FrameKind::Callback || f.phase == Phase::Body)) {
        const Instr &in = d_.bodies[f.body].code[f.pc];
        if (in.op == Op::Choose)
          ac.transitions = in.sub == 1 ? static_cast<unsigned>(in.imm2 - in.imm + 1) : in.argCount;
      }
    } else {
      waitFootprint(s, static_cast<int>(i), ac.waitsOn);
    }
    futureOf(s, static_cast<int>(i), ac);
    ac.own.push_back({0, 0, ac.next});
    out.push_back(std::move(ac));
    actionOf.push_back(stepAction[i]);
  }
  for (size_t i = 0; i < actions.size(); ++i) {
    const Action &a = actions[i];
    if (a.kind == ActionKind::Step)
      continue;
    core::Actor ac;
    ac.enabled = true;
    ac.next.resize(words_);
    ac.waitsOn.resize(words_);
    int origin = a.kind == ActionKind::Start ? a.index : m_.impl().origin(OriginKind::Timer, a.index);
    int object = a.kind == ActionKind::Start ? m_.origins()[a.index].index : a.index;
    ac.next.write(res_.object(object));
    // An ISR run starts only while its interrupt lock is free (Machine::enabled): taking the
    // lock disables the start, so the two must not pass for independent.
    if (a.kind == ActionKind::Start && m_.origins()[a.index].kind == OriginKind::Isr && m_.origins()[a.index].lock >= 0)
      ac.next.read(res_.lock(m_.origins()[a.index].lock));
    if (a.kind == ActionKind::Start && m_.origins()[a.index].kind == OriginKind::QueueDeferred)
      writeSites(ac.next, queueSites_[queueIndex(object)]);
    if (origin >= 0)
      ac.spans.push_back(span(full_[origin]));
    // A work item's pending start keeps it queued, so flushes of it wait too.
    if (a.kind == ActionKind::Start && m_.origins()[a.index].kind == OriginKind::WorkItem)
      ac.closes = gateBit(object);
    ac.own.push_back({0, 0, ac.next});
    out.push_back(std::move(ac));
    actionOf.push_back(static_cast<int>(i));
  }
}

} // namespace wdf::model::exec
