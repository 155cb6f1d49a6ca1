// The queue dispatcher (kmdf-semantics.md R6.1–R6.4), the request calls and the
// environment's statements (send, open, close, cancel, wait, interrupt).
#include <algorithm>

#include "MachineImpl.hpp"

namespace wdf::model::exec {

namespace {

const char *kindText(uint8_t kind) {
  static const char *names[] = {"Read", "Write", "DeviceControl", "InternalDeviceControl", "Create"};
  return kind < 5 ? names[kind] : "?";
}

// The handler for a request kind; create requests (forwarded from EvtDeviceFileCreate) have
// no handler of their own and go to EvtIoDefault.
CallbackId handlerFor(uint8_t kind) {
  switch (kind) {
  case 0: return CallbackId::IoRead;
  case 1: return CallbackId::IoWrite;
  case 2: return CallbackId::IoDeviceControl;
  case 3: return CallbackId::IoInternalDeviceControl;
  default: return CallbackId::IoDefault;
  }
}

} // namespace

int32_t Exec::latestRequest(int site) const {
  int32_t n = s.siteCount[site];
  return n == 0 ? 0 : site * RequestIdStride + n;
}

std::string Exec::requestName(int32_t id) const {
  int site = id / RequestIdStride, ord = id % RequestIdStride;
  if (site >= static_cast<int>(I.requestSites)) {
    size_t f = static_cast<size_t>(site) - I.requestSites;
    std::string file = f < I.d.files.size() && !I.d.files[f].name.empty() ? I.d.files[f].name : "a file";
    return "the create request of " + file;
  }
  const Handle &h = I.d.requests[site];
  std::string base = h.name.empty() ? "request " + std::to_string(site + 1) : h.name;
  return ord > 1 ? base + "#" + std::to_string(ord) : base;
}

// R6.1: run the dispatcher here, or leave it to the queue's DPC / work item.
void Exec::enterDispatch(int q) {
  QueueState &Q = queue(q);
  const ObjectInfo &qi = I.om.objects[q];
  bool passive = qi.level == ExecLevel::Passive;
  const char *why = nullptr;
  if (passive && A().irql > PassiveLevel)
    why = "the caller is above PASSIVE_LEVEL";
  else if (qi.exposedLock >= 0 && holds(qi.exposedLock))
    why = "the caller holds the queue's lock";
  if (why) {
    Q.deferredQueued = true;
    NOTE(std::string("the framework defers ") + objName(I, q) + "'s dispatcher to its " +
         (passive ? "work item" : "DPC") + " (" + why + ")");
    return;
  }
  Q.dispatching++;
  Frame f;
  f.kind = FrameKind::Dispatch;
  f.queue = static_cast<int16_t>(q);
  f.slotBase = static_cast<uint16_t>(A().slots.size());
  A().frames.push_back(f);
}

// One turn of the dispatcher loop (R6.2): cancel routines, EvtIoCanceledOnQueue, then the
// next request, or leave the loop.
Outcome Exec::dispatchIteration() {
  Frame f = top();
  int q = f.queue;
  QueueState &Q = queue(q);
  const Object &qo = I.d.objects[q];
  int lock = I.om.objects[q].ioLock;
  if (!Q.cancels.empty()) {
    int32_t rid = Q.cancels.front();
    Q.cancels.erase(Q.cancels.begin());
    Request *r = s.request(rid);
    NOTE("the dispatcher of " + qo.name + " calls the cancel routine of " + requestName(rid));
    pushCallback(r->cancelRoutine, lock, Role::Return, q, rid, q);
    return Outcome::Ok;
  }
  if (!Q.canceledOnQueue.empty()) {
    int32_t rid = Q.canceledOnQueue.front();
    Q.canceledOnQueue.erase(Q.canceledOnQueue.begin());
    Request *r = s.request(rid);
    r->state = ReqState::Owned;
    r->flags |= CountedOwned;
    Q.owned++;
    NOTE("the dispatcher of " + qo.name + " calls EvtIoCanceledOnQueue for " + requestName(rid));
    pushCallback(qo.callback(CallbackId::IoCanceledOnQueue), lock, Role::Return, q, rid, q);
    return Outcome::Ok;
  }
  bool present = (Q.mode == QueueMode::Started || Q.mode == QueueMode::Draining) &&
                 qo.dispatch != DispatchType::Manual && !Q.pending.empty();
  if (present && qo.dispatch == DispatchType::Sequential && Q.owned > 0)
    present = false;
  int limit = qo.presentedLimit.value_or(0);
  if (present && qo.dispatch == DispatchType::Parallel && limit > 0 && Q.owned >= limit)
    present = false;
  if (!present) {
    // Leave the loop. A forward's source queue drops the request from its count now (R6.4).
    NOTE("leaves the dispatcher of " + qo.name + (Q.pending.empty() ? "" : " (nothing it may present now)"));
    Q.dispatching--;
    Activation &a = A();
    a.frames.pop_back();
    if (a.frames.empty()) {
      endActivation();
      return Outcome::Ok;
    }
    if (f.aux > 0) {
      int src = f.aux - 1;
      QueueState &S = queue(src);
      if (S.owned > 0)
        S.owned--;
      if (S.dispatching == 0)
        enterDispatch(src);
    }
    return Outcome::Ok;
  }
  int32_t rid = Q.pending.front();
  Q.pending.erase(Q.pending.begin());
  Request *r = s.request(rid);
  r->state = ReqState::Owned;
  r->flags |= CountedOwned;
  Q.owned++;
  int handler = qo.callback(handlerFor(r->kind));
  if (handler < 0)
    handler = qo.callback(CallbackId::IoDefault);
  if (handler < 0) {
    NOTE("the dispatcher of " + qo.name + " completes " + requestName(rid) +
         " with STATUS_INVALID_DEVICE_REQUEST (no handler for " + kindText(r->kind) + ")");
    complete(*r, status::InvalidDeviceRequest);
    return Outcome::Ok;
  }
  NOTE("the dispatcher of " + qo.name + " presents " + requestName(rid) + " to " + I.body(handler).name);
  pushCallback(handler, lock, Role::Return, q, rid, q);
  return Outcome::Ok;
}

void Exec::complete(Request &r, int32_t st) {
  bool wasOwned = r.flags & CountedOwned;
  r.state = ReqState::Completed;
  r.status = st;
  r.flags &= static_cast<uint8_t>(~(Cancelable | CountedOwned));
  if (!wasOwned || r.queue < 0)
    return;
  QueueState &Q = queue(r.queue);
  if (Q.owned > 0)
    Q.owned--;
  // R6.3: completion runs the dispatcher only when nobody is inside it.
  if (Q.dispatching == 0)
    enterDispatch(r.queue);
}

Outcome Exec::needOwned(int32_t id, const char *api, Request *&out) {
  out = nullptr;
  if (id == 0)
    return fail(FindingKind::RequestMisuse, std::string(api) + " on a NULL request");
  Request *r = s.request(id);
  if (!r)
    return fail(FindingKind::RequestMisuse, std::string(api) + " on a request that does not exist");
  if (r->state == ReqState::Completed)
    return fail(FindingKind::RequestMisuse, std::string(api) + "(" + requestName(id) + "): " + requestName(id) +
                                                " was already completed (" + statusName(r->status) +
                                                "); the driver no longer owns it");
  if (r->state == ReqState::Queued)
    return fail(FindingKind::RequestMisuse, std::string(api) + "(" + requestName(id) + "): " + requestName(id) +
                                                " is queued in " + objName(I, r->queue) +
                                                "; the driver gave it up and no longer owns it");
  out = r;
  return Outcome::Ok;
}

Outcome Exec::requestApi(const Instr &in) {
  const char *nm = apiName(in.api);
  int32_t rid = arg(in, 0);
  Outcome o = needIrql(DispatchLevel, [&] { return std::string(nm); });
  if (o != Outcome::Ok)
    return o;
  Request *r;
  if ((o = needOwned(rid, nm, r)) != Outcome::Ok)
    return o;
  std::string rn = requestName(rid);
  switch (in.api) {
  case ApiId::WdfRequestComplete: {
    int32_t st = arg(in, 1);
    NOTE("completes " + rn + " with " + statusName(st), in.where);
    complete(*r, st);
    return o;
  }
  case ApiId::WdfRequestMarkCancelable:
  case ApiId::WdfRequestMarkCancelableEx: {
    bool ex = in.api == ApiId::WdfRequestMarkCancelableEx;
    int routine = arg(in, 1);
    if ((r->flags & Cancelled) && !(r->flags & CancelScheduled)) {
      if (ex) {
        reg(in.a) = status::Cancelled;
        NOTE(std::string(nm) + "(" + rn + ") returns STATUS_CANCELLED: it was already cancelled", in.where);
        return o;
      }
      r->cancelRoutine = static_cast<int16_t>(routine);
      if (r->queue < 0) {
        r->flags |= Cancelable;
        return o;
      }
      r->flags |= CancelScheduled;
      int q = r->queue;
      queue(q).cancels.push_back(rid);
      NOTE(std::string(nm) + "(" + rn + "): it was already cancelled, so its cancel routine is due", in.where);
      if (queue(q).dispatching == 0)
        enterDispatch(q);
      return o;
    }
    r->flags |= Cancelable;
    r->cancelRoutine = static_cast<int16_t>(routine);
    if (ex)
      reg(in.a) = status::Success;
    NOTE("marks " + rn + " cancelable", in.where);
    return o;
  }
  case ApiId::WdfRequestUnmarkCancelable:
    if (r->flags & CancelScheduled) {
      reg(in.a) = status::Cancelled;
      NOTE(std::string(nm) + "(" + rn + ") returns STATUS_CANCELLED: its cancel routine owns it", in.where);
    } else {
      r->flags &= static_cast<uint8_t>(~Cancelable);
      reg(in.a) = status::Success;
      NOTE("unmarks " + rn + " cancelable", in.where);
    }
    return o;
  case ApiId::WdfRequestIsCanceled:
    reg(in.a) = (r->flags & Cancelled) != 0;
    NOTE(std::string(nm) + "(" + rn + ") returns " + ((r->flags & Cancelled) ? "TRUE" : "FALSE"), in.where);
    return o;
  case ApiId::WdfRequestForwardToIoQueue: {
    int q2 = arg(in, 1);
    QueueState &Q2 = queue(q2);
    if (Q2.mode == QueueMode::Purged || Q2.mode == QueueMode::Draining) {
      reg(in.a) = status::InvalidDeviceState;
      NOTE("forwarding " + rn + " to " + objName(I, q2) + " fails: the queue does not accept requests", in.where);
      return o;
    }
    int src = r->queue;
    bool counted = r->flags & CountedOwned;
    r->state = ReqState::Queued;
    r->queue = static_cast<int16_t>(q2);
    r->flags &= static_cast<uint8_t>(~(Cancelable | CountedOwned));
    Q2.pending.push_back(rid);
    reg(in.a) = status::Success;
    NOTE("forwards " + rn + " to " + objName(I, q2), in.where);
    size_t depth = A().frames.size();
    enterDispatch(q2);
    if (src >= 0 && counted) {
      if (A().frames.size() > depth) {
        // The source queue still counts the request until the forward returns (R6.4).
        A().frames.back().aux = src + 1;
      } else {
        QueueState &S = queue(src);
        if (S.owned > 0)
          S.owned--;
        if (S.dispatching == 0)
          enterDispatch(src);
      }
    }
    return o;
  }
  case ApiId::WdfRequestRequeue: {
    int q = r->queue;
    if (q < 0) {
      reg(in.a) = status::InvalidDeviceRequest;
      return o;
    }
    QueueState &Q = queue(q);
    if (r->flags & CountedOwned && Q.owned > 0)
      Q.owned--;
    r->state = ReqState::Queued;
    r->flags &= static_cast<uint8_t>(~(Cancelable | CountedOwned));
    Q.pending.insert(Q.pending.begin(), rid);
    reg(in.a) = status::Success;
    NOTE("requeues " + rn + " at the head of " + objName(I, q), in.where);
    enterDispatch(q);
    return o;
  }
  default: break;
  }
  return o;
}

Outcome Exec::queueApi(const Instr &in) {
  const char *nm = apiName(in.api);
  int q = arg(in, 0);
  QueueState &Q = queue(q);
  const Object &qo = I.d.objects[q];
  auto call = [&] { return std::string(nm) + "(" + qo.name + ")"; };
  Outcome o = Outcome::Ok;
  Frame &f = top();
  switch (in.api) {
  case ApiId::WdfIoQueueRetrieveNextRequest: {
    if ((o = needIrql(DispatchLevel, call)) != Outcome::Ok)
      return o;
    int32_t rid = 0;
    if (qo.dispatch != DispatchType::Parallel && (Q.mode == QueueMode::Started || Q.mode == QueueMode::Draining) &&
        !Q.pending.empty()) {
      rid = Q.pending.front();
      Q.pending.erase(Q.pending.begin());
      Request *r = s.request(rid);
      r->state = ReqState::Owned;
      r->flags |= CountedOwned;
      Q.owned++;
    }
    reg(in.a) = rid;
    NOTE(rid ? call() + " returns " + requestName(rid) : call() + " returns NULL", in.where);
    return o;
  }
  case ApiId::WdfIoQueueStart:
    if ((o = needIrql(DispatchLevel, call)) != Outcome::Ok)
      return o;
    Q.mode = QueueMode::Started;
    NOTE("starts " + qo.name, in.where);
    enterDispatch(q);
    return o;
  case ApiId::WdfIoQueueStop:
    if ((o = needIrql(DispatchLevel, call)) != Outcome::Ok)
      return o;
    if (Q.mode == QueueMode::Started)
      Q.mode = QueueMode::Stopped;
    NOTE("stops " + qo.name + " (requests still arrive, none is presented)", in.where);
    return o;
  case ApiId::WdfIoQueueStopSynchronously:
  case ApiId::WdfIoQueuePurgeSynchronously:
  case ApiId::WdfIoQueueDrainSynchronously: {
    if (f.apiPhase == 1) {
      f.apiPhase = 0;
      NOTE(call() + " returns", in.where);
      return o;
    }
    if ((o = needIrql(PassiveLevel, call)) != Outcome::Ok)
      return o;
    for (const Frame &g : A().frames)
      if (g.kind == FrameKind::Callback && g.body >= 0 && isRequestHandler(I.body(g.body).callback))
        return fail(FindingKind::Ddi, call() + " from a request handler (" + I.body(g.body).name +
                                          "): it waits for requests that include the handler's own");
    f.apiPhase = 1;
    if (in.api == ApiId::WdfIoQueueStopSynchronously) {
      if (Q.mode == QueueMode::Started)
        Q.mode = QueueMode::Stopped;
      NOTE(call() + ": stops the queue and waits for the driver's requests", in.where);
      return o;
    }
    if (in.api == ApiId::WdfIoQueueDrainSynchronously) {
      Q.mode = QueueMode::Draining;
      NOTE(call() + ": refuses new requests and waits until the queued ones are done", in.where);
      if (Q.dispatching == 0)
        enterDispatch(q);
      return o;
    }
    Q.mode = QueueMode::Purged;
    NOTE(call() + ": refuses new requests and cancels the queued and cancelable ones", in.where);
    SmallVec<int32_t, 4> pending = Q.pending;
    Q.pending.clear();
    for (int32_t rid : pending) {
      Request *r = s.request(rid);
      r->flags |= Cancelled;
      if (qo.callback(CallbackId::IoCanceledOnQueue) >= 0)
        Q.canceledOnQueue.push_back(rid);
      else
        complete(*r, status::Cancelled);
    }
    for (Request &r : s.requests)
      if (r.queue == q && r.state == ReqState::Owned && (r.flags & Cancelable)) {
        r.flags = static_cast<uint8_t>((r.flags & ~Cancelable) | Cancelled | CancelScheduled);
        Q.cancels.push_back(r.id);
      }
    if (Q.dispatching == 0 && (!Q.cancels.empty() || !Q.canceledOnQueue.empty()))
      enterDispatch(q);
    return o;
  }
  default: break;
  }
  return o;
}

void Exec::cancelRequest(int32_t id) {
  Request *r = s.request(id);
  if (!r || r->state == ReqState::Completed)
    return;
  if (r->state == ReqState::Queued) {
    int q = r->queue;
    QueueState &Q = queue(q);
    auto it = std::find(Q.pending.begin(), Q.pending.end(), id);
    if (it == Q.pending.end())
      return; // already on its way to EvtIoCanceledOnQueue
    Q.pending.erase(it);
    r->flags |= Cancelled;
    if (I.d.objects[q].callback(CallbackId::IoCanceledOnQueue) >= 0) {
      Q.canceledOnQueue.push_back(id);
      if (Q.dispatching == 0)
        enterDispatch(q);
    } else {
      complete(*r, status::Cancelled);
    }
    return;
  }
  if (r->flags & CancelScheduled)
    return;
  if ((r->flags & Cancelable) && r->queue >= 0) {
    r->flags = static_cast<uint8_t>((r->flags & ~Cancelable) | Cancelled | CancelScheduled);
    QueueState &Q = queue(r->queue);
    Q.cancels.push_back(id);
    if (Q.dispatching == 0)
      enterDispatch(r->queue);
    return;
  }
  r->flags |= Cancelled;
}

Outcome Exec::envOp(const Instr &in) {
  Outcome o = Outcome::Ok;
  switch (in.op) {
  case Op::Send: {
    int q = in.imm, site = in.imm2;
    int32_t id = site * RequestIdStride + (++s.siteCount[site]);
    Request r;
    r.id = id;
    r.kind = in.sub;
    r.queue = static_cast<int16_t>(q);
    for (const RequestField &fd : I.d.requestFields)
      r.fields.push_back(fd.init);
    auto pos = std::lower_bound(s.requests.begin(), s.requests.end(), id,
                                [](const Request &x, int32_t v) { return x.id < v; });
    s.requests.insert(pos, std::move(r));
    Request *rp = s.request(id);
    QueueState &Q = queue(q);
    NOTE("sends " + std::string(kindText(in.sub)) + " request " + requestName(id) + " to " + objName(I, q), in.where);
    if (Q.mode == QueueMode::Purged || Q.mode == QueueMode::Draining) {
      rp->state = ReqState::Completed;
      rp->status = status::InvalidDeviceState;
      NOTE("the framework completes it with STATUS_INVALID_DEVICE_STATE: the queue does not accept requests");
      return o;
    }
    Q.pending.push_back(id);
    enterDispatch(q);
    return o;
  }
  case Op::Open: {
    int file = in.imm;
    int site = static_cast<int>(I.requestSites) + I.fileIndex[file];
    int32_t id = site * RequestIdStride + (++s.siteCount[site]);
    Request r;
    r.id = id;
    r.kind = 4;
    r.state = ReqState::Owned;
    for (const RequestField &fd : I.d.requestFields)
      r.fields.push_back(fd.init);
    auto pos = std::lower_bound(s.requests.begin(), s.requests.end(), id,
                                [](const Request &x, int32_t v) { return x.id < v; });
    s.requests.insert(pos, std::move(r));
    s.objects[file] |= FileOpen;
    int body = I.d.objects[I.d.device].callback(CallbackId::DeviceFileCreate);
    NOTE("opens " + objName(I, file), in.where);
    if (body >= 0)
      pushCallback(body, I.om.objects[I.d.device].fileLock, Role::Return, -1, id, file);
    else
      complete(*s.request(id), status::Success);
    return o;
  }
  case Op::Close: {
    int file = in.imm;
    s.objects[file] = (s.objects[file] & ~FileOpen) | FileClosed;
    NOTE("closes " + objName(I, file), in.where);
    const Object &dev = I.d.objects[I.d.device];
    int lock = I.om.objects[I.d.device].fileLock;
    // EvtFileCleanup runs first, then EvtFileClose: push them in reverse.
    if (dev.callback(CallbackId::FileClose) >= 0)
      pushCallback(dev.callback(CallbackId::FileClose), lock, Role::Return, -1, 0, file);
    if (dev.callback(CallbackId::FileCleanup) >= 0)
      pushCallback(dev.callback(CallbackId::FileCleanup), lock, Role::Return, -1, 0, file);
    return o;
  }
  case Op::Cancel: {
    int32_t id = latestRequest(in.imm);
    NOTE("cancels " + (id ? requestName(id) : I.d.requests[in.imm].name + " (not sent yet: nothing happens)"),
         in.where);
    if (id)
      cancelRequest(id);
    return o;
  }
  case Op::WaitRequest:
    if ((o = needIrql(PassiveLevel, [&] { return "wait " + I.d.requests[in.imm].name; })) != Outcome::Ok)
      return o;
    NOTE("waits for " + I.d.requests[in.imm].name + ": completed", in.where);
    return o;
  case Op::Raise: {
    uint32_t &bits = s.objects[in.imm];
    if (bits & IntDisabled) {
      NOTE("raises " + objName(I, in.imm) + " (disabled: dropped)", in.where);
      return o;
    }
    if (((bits >> PendingShift) & 0xFF) < 0xFF)
      bits += 1u << PendingShift;
    NOTE("raises interrupt " + objName(I, in.imm), in.where);
    return o;
  }
  default: break;
  }
  return o;
}


} // namespace wdf::model::exec
