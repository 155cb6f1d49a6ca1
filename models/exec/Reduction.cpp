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

Reduction::Reduction(const Machine &m)
    : m_(m), d_(m.design()), om_(m.objects()), guarded_(m.impl().guardedAccess) {
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
  LockSets ls = computeLockSets(d_, om_);
  mustHeld_ = std::move(ls.mustHeld);
  releases_ = std::move(ls.releases);
  takesLocks_ = std::move(ls.takesLocks);
  const Machine::Impl &I = m.impl();
  sections_ = findCounterSections(d_, om_, guarded_, [&](int body, size_t pc, Reg r) { return I.isLive(body, pc, r); });
  for (const CounterSection &sec : sections_.list)
    anyWeakSection_ |= sec.weak != 0;
  for (Mode mode : {Plain, Sectioned}) {
    Tables &t = t_[mode];
    t.rest.resize(d_.bodies.size());
    t.weak.resize(d_.bodies.size());
    for (size_t b = 0; b < d_.bodies.size(); ++b) {
      t.rest[b].resize(d_.bodies[b].code.size());
      t.weak[b].assign(d_.bodies[b].code.size(), 0);
    }
    t.full.resize(m.origins().size());
    t.weakFull.assign(m.origins().size(), 0);
    t.dispatch.resize(queues_.size());
    t.weakDispatch.assign(queues_.size(), 0);
    if (mode == Sectioned && !anyWeakSection_)
      break; // the Plain tables serve
    // The summaries refer to each other (a work item enqueues itself, a handler completes
    // the request that lets the next one in); grow them all until nothing changes. The
    // Sectioned tables use the Plain ones for what runs in other activations.
    for (int round = 0; round < 1000 && computeSummaries(mode); ++round) {
    }
  }
}

const CounterSection *Reduction::sectionAt(int body, size_t pc, Mode mode) const {
  const CounterSection *sec = sections_.find(body, pc);
  return sec && (sec->weak == 0 || mode == Sectioned) ? sec : nullptr;
}

void Reduction::sectionFootprint(const CounterSection &sec, Footprint &fp) const {
  fp.read(res_.lock(sec.lock));
  for (int cell : sec.cells)
    fp.addTo(static_cast<size_t>(cell));
}

// A thread that takes no lock stays at its own IRQL and holds no queue lock, so the
// framework runs the dispatcher of every queue it sends to inline (Exec::enterDispatch).
bool Reduction::sendsInline(int body, size_t pc) const {
  const Body &b = d_.bodies[body];
  if (b.kind != BodyKind::Thread || takesLocks_[body])
    return false;
  int queue = b.code[pc].imm;
  for (const Thread &t : d_.threads)
    if (t.body == body)
      return t.level == PassiveLevel || om_.objects[queue].level != ExecLevel::Passive;
  return false;
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

void Reduction::instrFootprint(int body, size_t pc, Footprint &direct, Summary &spawned, Mode mode) const {
  const Body &b = d_.bodies[body];
  const Instr &in = b.code[pc];
  auto operand = [&](int i) { return b.operands[in.argBegin + i]; };
  auto obj = [&](int i) { return operand(i).isReg ? -1 : operand(i).value; };
  const Tables &plain = t_[Plain];
  auto dispatchOf = [&](int q, Mode m = Plain) {
    direct.write(res_.object(q));
    mergeAll(spawned, t_[m].dispatch[queueIndex(q)], 0);
  };
  auto runOf = [&](OriginKind k, int o) {
    int origin = m_.impl().origin(k, o);
    if (origin >= 0)
      mergeAll(spawned, plain.full[origin], 0);
  };
  auto inlineCallback = [&](int cbBody, int lock) {
    if (cbBody < 0)
      return;
    Footprint f = empty();
    if (lock >= 0)
      f.write(res_.lock(lock));
    merge(spawned, 0, f);
    if (!plain.rest[cbBody].empty())
      mergeAll(spawned, plain.rest[cbBody][0], mustHeld_[body][pc]);
  };
  switch (in.op) {
  case Op::Load:
  case Op::Store:
  case Op::Atomic: {
    if (int counter = sections_.interlockedAt(body, pc); counter >= 0) {
      direct.addTo(static_cast<size_t>(counter)); // commutes with other additions
      break;
    }
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
    if (!t_[mode].rest[in.imm].empty())
      mergeAll(spawned, t_[mode].rest[in.imm][0], mustHeld_[body][pc] & ~releases_[in.imm]);
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
    dispatchOf(in.imm, mode == Sectioned && sendsInline(body, pc) ? Sectioned : Plain);
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
      // An I/O callback completing its own Request: the dispatcher that presented it is
      // still running below the callback, so completion starts no other (Exec::complete),
      // and what that dispatcher presents next is in its own summary.
      bool presented = in.api == ApiId::WdfRequestComplete && isRequestHandler(b.callback) && b.kind == BodyKind::Callback &&
                       operand(0).isReg && operand(0).value == 0;
      for (int q : qs)
        presented ? direct.write(res_.object(q)) : dispatchOf(q);
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
          if (!plain.rest[routine].empty())
            mergeAll(spawned, plain.rest[routine][0], lockBit(l));
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

bool Reduction::computeSummaries(Mode mode) {
  Tables &t = t_[mode];
  const Tables &plain = t_[Plain];
  bool changed = false;
  auto grow = [&](uint64_t &into, uint64_t bits) {
    if ((into | bits) != into) {
      into |= bits;
      return true;
    }
    return false;
  };
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
        uint64_t weak = 0;
        const Instr &ins = body.code[pc];
        if (const CounterSection *sec = sectionAt(static_cast<int>(b), pc, mode)) {
          // One step that needs the lock free, whatever was held before it.
          sectionFootprint(*sec, direct);
          merge(next, mustHeld_[b][pc] | lockBit(sec->lock), direct);
          weak = sec->weak;
          if (sec->release + 1 < n) {
            mergeAll(next, t.rest[b][sec->release + 1], 0);
            weak |= t.weak[b][sec->release + 1];
          }
        } else {
          instrFootprint(static_cast<int>(b), pc, direct, next, mode);
          // A flush, and what follows it, happen only once the flushed work item is idle.
          uint64_t gate = 0;
          if (ins.op == Op::Api && ins.api == ApiId::WdfWorkItemFlush && !body.operands[ins.argBegin].isReg)
            gate = gateBit(body.operands[ins.argBegin].value);
          merge(next, mustHeld_[b][pc], direct, gate);
          for (size_t s : successors(body, pc))
            if (s < n) {
              mergeAll(next, t.rest[b][s], 0, gate);
              weak |= t.weak[b][s];
            }
          if (ins.op == Op::Call && !t.weak[ins.imm].empty())
            weak |= t.weak[ins.imm][0];
          if (ins.op == Op::Send && mode == Sectioned && sendsInline(static_cast<int>(b), pc))
            weak |= t.weakDispatch[queueIndex(ins.imm)];
        }
        bool grew = update(t.rest[b][pc], std::move(next));
        grew |= grow(t.weak[b][pc], weak);
        if (grew)
          again = changed = true;
      }
    }
  }
  for (size_t o = 0; o < m_.origins().size(); ++o) {
    const Origin &org = m_.origins()[o];
    if (org.kind == OriginKind::Thread)
      continue;
    Summary next;
    uint64_t weak = 0;
    Footprint f = empty();
    f.write(res_.object(org.index));
    if (org.lock >= 0)
      f.write(res_.lock(org.lock));
    if (org.kind == OriginKind::QueueDeferred) {
      writeSites(f, queueSites_[queueIndex(org.index)]);
      mergeAll(next, t.dispatch[queueIndex(org.index)], 0);
      weak |= t.weakDispatch[queueIndex(org.index)];
    }
    merge(next, 0, f);
    if (org.body >= 0 && !t.rest[org.body].empty()) {
      mergeAll(next, t.rest[org.body][0], 0);
      weak |= t.weak[org.body][0];
    }
    changed |= update(t.full[o], std::move(next));
    changed |= grow(t.weakFull[o], weak);
  }
  for (size_t qi = 0; qi < queues_.size(); ++qi) {
    int q = queues_[qi];
    const Object &qo = d_.objects[q];
    int l = om_.objects[q].ioLock;
    Summary next;
    uint64_t weak = 0;
    Footprint f = empty();
    f.write(res_.object(q));
    writeSites(f, queueSites_[qi]);
    if (l >= 0)
      f.write(res_.lock(l));
    merge(next, 0, f);
    for (CallbackId cb : {CallbackId::IoDefault, CallbackId::IoRead, CallbackId::IoWrite, CallbackId::IoDeviceControl,
                          CallbackId::IoInternalDeviceControl, CallbackId::IoCanceledOnQueue}) {
      int body = qo.callback(cb);
      if (body >= 0 && !t.rest[body].empty()) {
        mergeAll(next, t.rest[body][0], 0);
        weak |= t.weak[body][0];
      }
    }
    for (size_t b = 0; b < d_.bodies.size(); ++b)
      if (d_.bodies[b].callback == CallbackId::RequestCancel && !plain.rest[b].empty())
        mergeAll(next, plain.rest[b][0], lockBit(l));
    changed |= update(t.dispatch[qi], std::move(next));
    changed |= grow(t.weakDispatch[qi], weak);
  }
  return changed;
}

// ---------------------------------------------------------------- per state

bool Reduction::mergesNow(const State &s, int self, int origin, uint64_t cells) const {
  if (cells == 0)
    return true;
  const Origin &org = m_.origins()[origin];
  return guarded_.unreachable(s, self, org.kind == OriginKind::WorkItem ? org.index : -1, cells);
}

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
  if (const CounterSection *sec = sections_.find(f.body, f.pc); sec && mergesNow(s, act, a.origin, sec->weak)) {
    sectionFootprint(*sec, fp);
    return;
  }
  auto reg = [&](Reg r) { return a.slots[f.slotBase + r]; };
  // Precise where the state tells more than the code: the element an index selects, and
  // the queue a request belongs to.
  if (isSharedAccess(in) && in.b != NoReg) {
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
    fp.reads[i] |= direct.reads[i] | direct.writes[i] | direct.adds[i];
  if (in.op == Op::Api && (in.api == ApiId::WdfWorkItemFlush || in.api == ApiId::WdfDpcCancel ||
                           in.api == ApiId::WdfTimerStop)) {
    // Runs ending, or the queued run starting, write the object.
  }
}

void Reduction::futureOf(const State &s, int act, core::Actor &out) const {
  const Activation &a = s.acts[act];
  // The Sectioned tables hold if every counter section this activation may still run
  // will be one step.
  uint64_t weak = 0;
  if (anyWeakSection_)
    for (const Frame &f : a.frames) {
      if (f.kind == FrameKind::Dispatch)
        weak |= t_[Sectioned].weakDispatch[queueIndex(f.queue)];
      else if (f.body >= 0 && f.pc < t_[Sectioned].weak[f.body].size())
        weak |= t_[Sectioned].weak[f.body][f.kind == FrameKind::Callback && f.phase != Phase::Body ? 0 : f.pc];
    }
  const Tables &t = t_[anyWeakSection_ && mergesNow(s, act, a.origin, weak) ? Sectioned : Plain];
  for (const Frame &f : a.frames) {
    switch (f.kind) {
    case FrameKind::Dispatch:
      out.spans.push_back(span(t.dispatch[queueIndex(f.queue)]));
      break;
    case FrameKind::Callback:
      if (f.phase != Phase::Body) {
        if (f.lock >= 0) {
          GuardedFootprint g{0, 0, empty()};
          g.fp.write(res_.lock(f.lock));
          out.own.push_back(std::move(g));
        }
        if (f.phase == Phase::Prologue && f.body >= 0 && !t.rest[f.body].empty())
          out.spans.push_back(span(t.rest[f.body][0]));
        break;
      }
      [[fallthrough]];
    default:
      if (f.body >= 0 && f.pc < t.rest[f.body].size())
        out.spans.push_back(span(t.rest[f.body][f.pc]));
      break;
    }
  }
  // The same callback may run again once this run ends. A work item or DPC runs again only
  // if it is queued now (its start may wait for this run to end) or is enqueued later, by
  // code whose summary holds the run already.
  const Origin &org = m_.origins()[a.origin];
  bool again = org.kind != OriginKind::Thread;
  if (org.kind == OriginKind::WorkItem || org.kind == OriginKind::Dpc)
    again = (s.objects[org.index] & Queued) != 0;
  if (again)
    out.spans.push_back(span(t_[Plain].full[a.origin]));
}

void Reduction::actors(const State &s, const std::vector<Action> &actions, std::vector<core::Actor> &out,
                       std::vector<int> &actionOf) const {
  out.clear();
  out.reserve(s.acts.size() + actions.size()); // actors are built in place, never moved
  actionOf.clear();
  SmallVec<int, 16> stepAction(s.acts.size(), -1);
  for (size_t i = 0; i < actions.size(); ++i)
    if (actions[i].kind == ActionKind::Step)
      stepAction[actions[i].index] = static_cast<int>(i);
  for (size_t i = 0; i < s.acts.size(); ++i) {
    const Activation &a = s.acts[i];
    if (a.frames.empty() || a.finished)
      continue;
    core::Actor &ac = out.emplace_back();
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
    actionOf.push_back(stepAction[i]);
  }
  for (size_t i = 0; i < actions.size(); ++i) {
    const Action &a = actions[i];
    if (a.kind == ActionKind::Step)
      continue;
    core::Actor &ac = out.emplace_back();
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
    if (origin >= 0) {
      bool merges = anyWeakSection_ && a.kind == ActionKind::Start &&
                    mergesNow(s, -1, origin, t_[Sectioned].weakFull[origin]);
      ac.spans.push_back(span(t_[merges ? Sectioned : Plain].full[origin]));
    }
    // A work item's pending start keeps it queued, so flushes of it wait too.
    if (a.kind == ActionKind::Start && m_.origins()[a.index].kind == OriginKind::WorkItem)
      ac.closes = gateBit(object);
    ac.own.push_back({0, 0, ac.next});
    actionOf.push_back(static_cast<int>(i));
  }
}

} // namespace wdf::model::exec
