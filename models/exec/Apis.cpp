// What each framework and kernel call does (the table of scenario-language.md §3), with its
// checks in the order the spec gives: irql, lock_misuse, ddi, request_misuse.
#include <algorithm>

#include "MachineImpl.hpp"

namespace wdf::model::exec {

namespace {

bool isInterruptLock(const Machine::Impl &I, int lock) {
  for (size_t i = 0; i < I.d.objects.size(); ++i)
    if (I.d.objects[i].kind == ObjKind::Interrupt && I.om.objects[i].interruptLock == lock)
      return true;
  return false;
}

// Is the activation running (anywhere on its stack) callback `cb` of object `obj`?
bool runsCallback(const Machine::Impl &I, const Activation &a, int obj, CallbackId cb) {
  const Origin &o = I.m.origins()[a.origin];
  if (o.index == obj && o.callback == cb)
    return true;
  for (const Frame &f : a.frames)
    if (f.kind == FrameKind::Callback && f.body >= 0 && I.body(f.body).object == obj && I.body(f.body).callback == cb)
      return true;
  return false;
}

// EvtInterruptWorkItem of an interrupt with AutomaticSerialization (the ddi rule's context).
bool inSerializedInterruptWorkItem(const Machine::Impl &I, const Activation &a) {
  for (const Frame &f : a.frames) {
    if (f.kind != FrameKind::Callback || f.body < 0)
      continue;
    const Body &b = I.body(f.body);
    if (b.callback == CallbackId::InterruptWorkItem && b.object >= 0 &&
        I.d.objects[b.object].autoSerialization.value_or(false))
      return true;
  }
  return false;
}

int runsOf(const State &s, int origin, int except) {
  int n = 0;
  for (size_t i = 0; i < s.acts.size(); ++i)
    if (s.acts[i].origin == origin && !s.acts[i].frames.empty() && static_cast<int>(i) != except)
      ++n;
  return n;
}

} // namespace

Outcome Exec::atomic(const Instr &in) {
  int32_t cell;
  Request *req;
  std::string name;
  if (!location(in, cell, req, name))
    return fail(in.loc == LocKind::Shared ? FindingKind::Assert : FindingKind::RequestMisuse,
                in.loc == LocKind::Shared ? "array index out of bounds: " + name
                                          : "request context field accessed through a NULL request");
  int32_t &v = req ? req->fields[in.imm] : s.shared[cell];
  int32_t old = v;
  int64_t r = 0;
  const char *nm = apiName(in.api);
  auto overflow = [&]() { return fail(FindingKind::Assert, std::string("integer overflow in ") + nm + "(" + name + ")"); };
  switch (in.api) {
  case ApiId::InterlockedIncrement:
    r = int64_t(v) + 1;
    if (r != int32_t(r))
      return overflow();
    v = int32_t(r);
    reg(in.a) = v;
    break;
  case ApiId::InterlockedDecrement:
    r = int64_t(v) - 1;
    if (r != int32_t(r))
      return overflow();
    v = int32_t(r);
    reg(in.a) = v;
    break;
  case ApiId::InterlockedAdd:
    r = int64_t(v) + arg(in, 0);
    if (r != int32_t(r))
      return overflow();
    v = int32_t(r);
    reg(in.a) = v;
    break;
  case ApiId::InterlockedExchange:
  case ApiId::InterlockedExchangePointer:
    v = arg(in, 0);
    reg(in.a) = old;
    break;
  case ApiId::InterlockedCompareExchange:
  case ApiId::InterlockedCompareExchangePointer:
    if (v == arg(in, 1))
      v = arg(in, 0);
    reg(in.a) = old;
    break;
  case ApiId::InterlockedOr:
    v = old | arg(in, 0);
    reg(in.a) = old;
    break;
  case ApiId::InterlockedAnd:
    v = old & arg(in, 0);
    reg(in.a) = old;
    break;
  default: break;
  }
  NOTE(std::string(nm) + "(" + name + "): " + std::to_string(old) + " -> " + std::to_string(v), in.where);
  return Outcome::Ok;
}

Outcome Exec::api(const Instr &in) {
  const char *nm = apiName(in.api);
  Activation &a = A();
  auto objArg = [&](int i) { return arg(in, i); };
  auto call = [&](int obj) { return std::string(nm) + "(" + objName(I, obj) + ")"; };
  Outcome o = Outcome::Ok;
  switch (in.api) {
  // ---------------------------------------------------------------- driver locks
  case ApiId::WdfSpinLockAcquire: {
    int obj = objArg(0), lock = I.om.lockOf(obj);
    if ((o = needIrql(DispatchLevel, [&] { return call(obj); })) != Outcome::Ok)
      return o;
    if (isInterruptLock(I, lock))
      return fail(FindingKind::LockMisuse, call(obj) + ": " + objName(I, obj) +
                                               " is an interrupt's spin lock, which WDF refuses here; use "
                                               "WdfInterruptAcquireLock");
    if ((o = acquire(lock, false, nm)) != Outcome::Ok)
      return o;
    NOTE("acquires " + objName(I, obj) + " (spin lock, raises to DISPATCH_LEVEL)", in.where);
    return o;
  }
  case ApiId::WdfWaitLockAcquire: {
    int obj = objArg(0);
    if ((o = acquire(I.om.lockOf(obj), false, nm)) != Outcome::Ok)
      return o;
    NOTE("acquires " + objName(I, obj) + " (wait lock)", in.where);
    return o;
  }
  case ApiId::WdfSpinLockRelease:
  case ApiId::WdfWaitLockRelease: {
    int obj = objArg(0);
    if (in.api == ApiId::WdfWaitLockRelease && (o = needIrql(DispatchLevel, [&] { return call(obj); })) != Outcome::Ok)
      return o;
    if ((o = release(I.om.lockOf(obj), nm)) != Outcome::Ok)
      return o;
    NOTE("releases " + objName(I, obj), in.where);
    return o;
  }
  case ApiId::WdfObjectAcquireLock:
  case ApiId::WdfObjectReleaseLock: {
    int obj = objArg(0);
    ObjKind k = I.d.objects[obj].kind;
    int lock = k == ObjKind::Device || k == ObjKind::Queue ? I.om.objects[obj].exposedLock
               : k == ObjKind::File                        ? I.om.objects[I.d.device].fileLock
                                                           : -1;
    bool acquiring = in.api == ApiId::WdfObjectAcquireLock;
    if (lock < 0) {
      if ((o = needIrql(DispatchLevel, [&] { return call(obj); })) != Outcome::Ok)
        return o;
      return fail(FindingKind::LockMisuse, call(obj) + ": " + (k == ObjKind::File ? "the file object" : kindName(k) + std::string(" ") + objName(I, obj)) +
                                               " has no callback lock (bug check WDF_VIOLATION, "
                                               "WDF_INVALID_LOCK_OPERATION)");
    }
    if ((o = acquiring ? acquire(lock, false, nm) : release(lock, nm)) != Outcome::Ok)
      return o;
    NOTE(std::string(acquiring ? "acquires " : "releases ") + I.lock(lock).name + " (" +
             lockKindName(I.lock(lock).kind) + ")",
         in.where);
    return o;
  }
  // ---------------------------------------------------------------- interrupts
  case ApiId::WdfInterruptAcquireLock:
  case ApiId::WdfInterruptReleaseLock:
  case ApiId::WdfInterruptTryToAcquireLock:
  case ApiId::WdfInterruptSynchronize:
  case ApiId::WdfInterruptEnable:
  case ApiId::WdfInterruptDisable: {
    int obj = objArg(0);
    const Object &io = I.d.objects[obj];
    int lock = I.om.objects[obj].interruptLock;
    bool release_ = in.api == ApiId::WdfInterruptReleaseLock;
    int max = (in.api == ApiId::WdfInterruptEnable || in.api == ApiId::WdfInterruptDisable ||
               in.api == ApiId::WdfInterruptTryToAcquireLock || io.passiveHandling)
                  ? PassiveLevel
                  : DispatchLevel;
    if (!release_ && (o = needIrql(max, [&] { return call(obj); })) != Outcome::Ok)
      return o;
    if (release_) {
      if ((o = release(lock, nm)) != Outcome::Ok)
        return o;
      NOTE("releases " + objName(I, obj) + "'s interrupt lock", in.where);
      return o;
    }
    if (in.api == ApiId::WdfInterruptTryToAcquireLock) {
      if (holds(lock))
        return fail(FindingKind::LockMisuse, call(obj) + ": " + I.m.actorLabel(s, act) + " already holds it");
      bool got = holderOf(lock) < 0;
      if (got) {
        a.held.push_back({static_cast<int16_t>(lock), a.irql, static_cast<uint8_t>(a.frames.size()), site()});
      }
      reg(in.a) = got;
      NOTE(got ? "acquires " + objName(I, obj) + "'s interrupt lock (try)" : "fails to acquire the interrupt lock",
           in.where);
      return o;
    }
    if (in.api != ApiId::WdfInterruptAcquireLock || true) {
      if (inSerializedInterruptWorkItem(I, a) && in.api != ApiId::WdfInterruptTryToAcquireLock)
        return fail(FindingKind::Ddi, call(obj) + " from an EvtInterruptWorkItem with AutomaticSerialization, "
                                                  "which the framework forbids");
    }
    if (in.api == ApiId::WdfInterruptAcquireLock) {
      if ((o = acquire(lock, false, nm)) != Outcome::Ok)
        return o;
      NOTE("acquires " + objName(I, obj) + "'s interrupt lock" + (io.passiveHandling ? "" : " (raises to DIRQL)"),
           in.where);
      return o;
    }
    if (in.api == ApiId::WdfInterruptSynchronize) {
      NOTE("calls " + I.body(objArg(1)).name + " under the interrupt lock", in.where);
      pushCallback(objArg(1), lock, Role::Return, -1, 0, 0, in.a);
      return o;
    }
    bool enable = in.api == ApiId::WdfInterruptEnable;
    uint32_t &bits = s.objects[obj];
    if (enable) {
      bits &= ~IntDisabled;
    } else {
      bits |= IntDisabled;
      bits &= ~(0xFFu << PendingShift); // pending ISR runs are dropped
    }
    NOTE(enable ? "enables " + objName(I, obj) : "disables " + objName(I, obj) + " (pending interrupts are dropped)",
         in.where);
    int cb = io.callback(enable ? CallbackId::InterruptEnable : CallbackId::InterruptDisable);
    if (cb >= 0)
      pushCallback(cb, lock, Role::Return, -1, 0, 0);
    return o;
  }
  case ApiId::WdfInterruptQueueDpcForIsr:
  case ApiId::WdfInterruptQueueWorkItemForIsr: {
    int obj = objArg(0);
    uint32_t bit = in.api == ApiId::WdfInterruptQueueDpcForIsr ? IntDpcQueued : IntWiQueued;
    bool queued = s.objects[obj] & bit;
    s.objects[obj] |= bit;
    reg(in.a) = !queued;
    NOTE(queued ? call(obj) + " returns FALSE (already queued)" : call(obj) + " queues it", in.where);
    return o;
  }
  // ---------------------------------------------------------------- work items, DPCs, timers
  case ApiId::WdfWorkItemEnqueue: {
    int obj = objArg(0);
    if ((o = needIrql(DispatchLevel, [&] { return call(obj); })) != Outcome::Ok)
      return o;
    bool queued = s.objects[obj] & Queued;
    s.objects[obj] |= Queued;
    NOTE(queued ? "enqueues " + objName(I, obj) + " (already queued: coalesced)" : "enqueues " + objName(I, obj),
         in.where);
    return o;
  }
  case ApiId::WdfWorkItemFlush: {
    int obj = objArg(0);
    if ((o = needIrql(PassiveLevel, [&] { return call(obj); })) != Outcome::Ok)
      return o;
    if (runsCallback(I, a, obj, CallbackId::WorkItem))
      return fail(FindingKind::Ddi, call(obj) + " from " + objName(I, obj) +
                                        "'s own callback: the framework breaks into the debugger and does not wait");
    NOTE("flushes " + objName(I, obj) + " (it is neither queued nor running)", in.where);
    return o;
  }
  case ApiId::WdfDpcEnqueue: {
    int obj = objArg(0);
    bool queued = s.objects[obj] & Queued;
    s.objects[obj] |= Queued;
    reg(in.a) = !queued;
    NOTE(queued ? call(obj) + " returns FALSE (already queued)" : "enqueues " + objName(I, obj), in.where);
    return o;
  }
  case ApiId::WdfDpcCancel:
  case ApiId::WdfTimerStop: {
    int obj = objArg(0);
    bool wait = arg(in, 1) != 0;
    bool isTimer = in.api == ApiId::WdfTimerStop;
    Frame &f = top();
    auto c = [&] { return std::string(nm) + "(" + objName(I, obj) + ", " + (wait ? "TRUE" : "FALSE") + ")"; };
    if (f.apiPhase == 0) {
      if ((o = needIrql(wait ? PassiveLevel : DispatchLevel, [&] { return c(); })) != Outcome::Ok)
        return o;
      if (isTimer && wait && runsCallback(I, a, obj, CallbackId::TimerFunc))
        return fail(FindingKind::Ddi, c() + " from " + objName(I, obj) +
                                          "'s own callback: it would wait for itself (the framework breaks and returns FALSE)");
      bool was = s.objects[obj] & Queued; // DPC queued / timer armed
      s.objects[obj] &= ~Queued;
      NOTE(c() + (was ? ": removed it from the queue" : ": it was not queued"), in.where);
      if (!wait) {
        reg(in.a) = was;
        return o;
      }
      f.aux = was;
      f.apiPhase = 1;
      return o;
    }
    // Waiting done (isBlocked let us through). A timer restarted by its callback is stopped
    // once more, and waited for again.
    if (isTimer && (s.objects[obj] & Queued) && f.apiPhase == 1) {
      s.objects[obj] &= ~Queued;
      f.apiPhase = 2;
      NOTE(c() + ": the callback restarted it; stopping it again", in.where);
      return o;
    }
    reg(in.a) = f.aux;
    f.apiPhase = 0;
    f.aux = 0;
    NOTE(c() + " returns after the callback finished", in.where);
    return o;
  }
  case ApiId::WdfTimerStart: {
    int obj = objArg(0);
    if ((o = needIrql(DispatchLevel, [&] { return call(obj); })) != Outcome::Ok)
      return o;
    bool armed = s.objects[obj] & Queued;
    s.objects[obj] |= Queued;
    reg(in.a) = armed;
    NOTE("starts " + objName(I, obj) + (armed ? " (it was armed: re-armed)" : ""), in.where);
    return o;
  }
  // ---------------------------------------------------------------- events
  case ApiId::KeSetEvent:
  case ApiId::KeClearEvent: {
    int obj = objArg(0);
    if ((o = needIrql(DispatchLevel, [&] { return call(obj); })) != Outcome::Ok)
      return o;
    if (in.api == ApiId::KeSetEvent)
      s.objects[obj] |= Signaled;
    else
      s.objects[obj] &= ~Signaled;
    NOTE(std::string(in.api == ApiId::KeSetEvent ? "sets " : "clears ") + objName(I, obj), in.where);
    return o;
  }
  case ApiId::KeWaitForSingleObject: {
    int obj = objArg(0);
    bool zeroTimeout = in.argCount > 1;
    if ((o = needIrql(zeroTimeout ? DispatchLevel : PassiveLevel, [&] { return call(obj); })) != Outcome::Ok)
      return o;
    bool signaled = s.objects[obj] & Signaled;
    if (signaled && I.d.objects[obj].synchronizationEvent)
      s.objects[obj] &= ~Signaled; // a synchronization event wakes one waiter and resets
    reg(in.a) = signaled ? status::Success : status::Timeout;
    NOTE(signaled ? "waits for " + objName(I, obj) + ": signaled" : "polls " + objName(I, obj) + ": STATUS_TIMEOUT",
         in.where);
    return o;
  }
  default: break;
  }
  if (in.api >= ApiId::WdfRequestComplete && in.api <= ApiId::WdfRequestRequeue)
    return requestApi(in);
  return queueApi(in);
}

// Used by isBlocked: how many runs of `origin` other than `except` are alive.
int aliveRuns(const State &s, int origin, int except) { return runsOf(s, origin, except); }
bool activationRuns(const Machine::Impl &I, const Activation &a, int obj, CallbackId cb) {
  return runsCallback(I, a, obj, cb);
}
bool interruptLockOf(const Machine::Impl &I, int lock) { return isInterruptLock(I, lock); }

} // namespace wdf::model::exec
