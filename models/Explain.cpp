#include "Explain.hpp"

#include <algorithm>

namespace wdf::model {

namespace {

bool isQueueCallback(CallbackId cb) {
  return isRequestHandler(cb) || cb == CallbackId::IoCanceledOnQueue || cb == CallbackId::IoStop ||
         cb == CallbackId::IoResume || cb == CallbackId::RequestCancel;
}

bool isDeferred(CallbackId cb) { // work items, DPCs, timers and their interrupt cousins
  return cb == CallbackId::WorkItem || cb == CallbackId::DpcFunc || cb == CallbackId::TimerFunc ||
         cb == CallbackId::InterruptDpc || cb == CallbackId::InterruptWorkItem;
}

class Explainer {
public:
  Explainer(const Design &d, const ObjectModel &m) : d_(d), m_(m) {}
  Explanation run();

private:
  std::string lockDesc(int l) const {
    const Lock &k = m_.locks[l];
    const char *kind = lockKindName(k.kind);
    return k.name + " (" + (kind[0] == 'i' ? "an " : "a ") + kind + ")";
  }
  const std::string &nm(int obj) const { return d_.objects[obj].name; }
  void addCallback(int object, CallbackId cb, int body, const std::string &name);
  std::string lockWhy(const CallbackEntry &e) const;
  std::string objectLine(int obj) const;
  PairEntry decide(int a, int b) const;
  std::string selfReason(const CallbackEntry &e, bool &concurrent) const;

  const Design &d_;
  const ObjectModel &m_;
  Explanation x_;
};

void Explainer::addCallback(int object, CallbackId cb, int body, const std::string &name) {
  CallbackEntry e;
  e.name = name;
  e.object = object;
  e.callback = cb;
  e.body = body;
  e.irql = m_.callbackIrql(d_, object, cb);
  e.lock = m_.callbackLock(d_, object, cb);
  e.neverRuns = cb == CallbackId::IoStop || cb == CallbackId::IoResume;
  e.lockWhy = lockWhy(e);
  int timerParent = -1;
  if (cb == CallbackId::TimerFunc && object >= 0)
    timerParent = d_.objects[object].parentKind == ParentKind::Object ? d_.objects[object].parent : d_.device;
  if (timerParent >= 0 && !m_.objects[object].passiveTimer && m_.objects[timerParent].level == ExecLevel::Passive &&
      (d_.objects[timerParent].kind == ObjKind::Device || d_.objects[timerParent].kind == ObjKind::Queue))
    e.notes.push_back("D3: a timer whose ExecutionLevel is not explicitly Passive is a DISPATCH_LEVEL timer even "
                      "under a passive parent; the docs describe InheritFromParent as the parent's level. wdfcheck "
                      "follows the source (FxTimer::Initialize)");
  x_.callbacks.push_back(std::move(e));
}

std::string Explainer::lockWhy(const CallbackEntry &e) const {
  if (e.object < 0)
    return "takes the lock of the queue its request came from (L(Q)); the request is marked cancelable "
           "outside a queue callback, so that queue is known only when it runs";
  const Object &o = d_.objects[e.object];
  const ObjectInfo &oi = m_.objects[e.object];
  if (isQueueCallback(e.callback)) {
    if (oi.scope == SyncScope::Queue)
      return "the queue's SynchronizationScope is Queue: its callbacks take the queue's own lock";
    if (oi.scope == SyncScope::Device)
      return "the queue's SynchronizationScope is Device: its callbacks take the device's lock";
    return "the queue's SynchronizationScope is None: the framework takes no lock around its callbacks";
  }
  switch (e.callback) {
  case CallbackId::DeviceFileCreate:
  case CallbackId::FileCleanup:
  case CallbackId::FileClose:
    return e.lock >= 0 ? "the file object's SynchronizationScope is Device: file callbacks take the device's mutex"
                       : "the file object's SynchronizationScope is None: no framework lock";
  case CallbackId::InterruptIsr:
    return o.passiveHandling ? "a passive-level ISR runs holding the interrupt's wait lock"
                             : "the kernel runs the ISR at DIRQL holding the interrupt's spin lock";
  case CallbackId::InterruptEnable:
  case CallbackId::InterruptDisable:
  case CallbackId::InterruptSynchronize: return "the framework runs it holding the interrupt lock";
  default: break;
  }
  for (const ConfigError &err : m_.errors)
    if (err.object == e.object)
      return "no framework lock: the " + std::string(kindName(o.kind)) + " cannot be created (" + err.api + " fails)";
  if (isDeferred(e.callback)) {
    bool isInt = o.kind == ObjKind::Interrupt;
    bool as = o.autoSerialization.value_or(!isInt);
    if (!as)
      return "AutomaticSerialization is off: no framework lock";
    if (oi.constraintAncestor < 0)
      return "no framework lock (the object cannot be created)";
    if (e.lock < 0)
      return "AutomaticSerialization has no effect: " + std::string(kindName(d_.objects[oi.constraintAncestor].kind)) +
             " " + nm(oi.constraintAncestor) + "'s SynchronizationScope is None";
    return "AutomaticSerialization binds it to " + nm(oi.constraintAncestor) + "'s callback lock" +
           (o.parentKind == ParentKind::Object && o.parent != oi.constraintAncestor
                ? " (through its parent " + nm(o.parent) + ")"
                : "");
  }
  return "";
}

std::string Explainer::objectLine(int obj) const {
  const Object &o = d_.objects[obj];
  const ObjectInfo &oi = m_.objects[obj];
  std::string s = std::string(kindName(o.kind)) + (o.kind == ObjKind::Driver ? "" : " " + o.name) + ": ";
  switch (o.kind) {
  case ObjKind::Driver:
    s += std::string("ExecutionLevel ") + name(oi.level) + ", SynchronizationScope " + name(oi.scope);
    break;
  case ObjKind::Device:
    s += oi.notes.empty() ? "" : oi.notes[0];
    s += "; callback lock " + lockDesc(oi.ownLock);
    s += std::string("; file object SynchronizationScope ") + name(oi.fileScope) +
         (oi.fileLock >= 0 ? " (file callbacks take " + nm(d_.device) + ")" : "");
    break;
  case ObjKind::Queue:
    s += std::string(name(o.dispatch)) + "; " + (oi.notes.empty() ? "" : oi.notes[0]);
    if (oi.ioLock >= 0)
      s += "; its callbacks take " + lockDesc(oi.ioLock);
    else
      s += "; its callbacks take no lock";
    break;
  case ObjKind::WorkItem:
  case ObjKind::Dpc:
  case ObjKind::Timer:
  case ObjKind::Interrupt: {
    bool isInt = o.kind == ObjKind::Interrupt;
    std::string parent = o.parentKind == ParentKind::Object ? nm(o.parent)
                         : o.parentKind == ParentKind::Driver ? "the driver"
                         : o.parentKind == ParentKind::Null   ? "NULL"
                                                              : nm(d_.device) + " (default)";
    s += "parent " + parent + "; AutomaticSerialization " +
         (o.autoSerialization ? (*o.autoSerialization ? "true" : "false")
                              : (isInt ? "false (default)" : "true (default)"));
    if (o.kind == ObjKind::Timer)
      s += std::string("; ") + (oi.passiveTimer ? "passive-level" : "DISPATCH_LEVEL") +
           (o.period > 0 ? ", periodic" : ", one-shot");
    if (isInt)
      s += std::string("; ") + (o.passiveHandling ? "passive-level handling" : "DIRQL") + ", interrupt lock " +
           lockDesc(oi.interruptLock);
    s += oi.boundLock >= 0 ? "; bound to " + lockDesc(oi.boundLock) : "; bound to no lock";
    break;
  }
  default: break;
  }
  return s;
}

std::string Explainer::selfReason(const CallbackEntry &e, bool &concurrent) const {
  concurrent = false;
  if (e.callback == CallbackId::InterruptIsr)
    return "runs of one interrupt never overlap";
  if (e.lock >= 0)
    return "a second run waits for " + lockDesc(e.lock);
  concurrent = true;
  if (isDeferred(e.callback)) {
    if (e.callback == CallbackId::DpcFunc || e.callback == CallbackId::InterruptDpc)
      return "an enqueue while it runs queues it again, and the second run can start on another processor";
    if (e.callback == CallbackId::TimerFunc)
      return "the timer can fire again while its callback runs (the framework documents no guarantee either "
             "way; wdfcheck assumes it can)";
    return "an enqueue while it runs queues it again, and the second run can start before the first ends";
  }
  if (isRequestHandler(e.callback) && e.object >= 0) {
    const Object &q = d_.objects[e.object];
    if (q.dispatch == DispatchType::Sequential) {
      concurrent = false;
      return "sequential queue " + q.name + " presents one request at a time (until the handler completes, "
                                              "requeues or forwards it)";
    }
    if (q.presentedLimit && *q.presentedLimit == 1) {
      concurrent = false;
      return "parallel queue " + q.name + " presents at most one request at a time (NumberOfPresentedRequests = 1)";
    }
    return "parallel queue " + q.name + " presents several requests at once and takes no lock";
  }
  if (e.callback == CallbackId::IoCanceledOnQueue || e.callback == CallbackId::RequestCancel)
    return "two requests can be cancelled at once and no lock serializes the callbacks";
  if (e.callback == CallbackId::DeviceFileCreate || e.callback == CallbackId::FileCleanup ||
      e.callback == CallbackId::FileClose)
    return "two files can be opened or closed at once on different threads";
  return "no lock serializes it";
}

PairEntry Explainer::decide(int a, int b) const {
  const CallbackEntry &A = x_.callbacks[a];
  const CallbackEntry &B = x_.callbacks[b];
  PairEntry p{a, b, false, ""};
  if (a == b) {
    p.reason = selfReason(A, p.concurrent);
    return p;
  }
  if (A.lock >= 0 && A.lock == B.lock) {
    p.reason = "both hold " + lockDesc(A.lock);
    return p;
  }
  if (A.object >= 0 && A.object == B.object && isRequestHandler(A.callback) && isRequestHandler(B.callback)) {
    const Object &q = d_.objects[A.object];
    if (q.dispatch == DispatchType::Sequential) {
      p.reason = "sequential queue " + q.name + " presents one request at a time (until the handler completes, "
                                                "requeues or forwards it)";
      return p;
    }
    if (q.presentedLimit && *q.presentedLimit == 1) {
      p.reason = "parallel queue " + q.name + " presents at most one request at a time";
      return p;
    }
  }
  if (A.object >= 0 && A.object == B.object && A.callback == CallbackId::InterruptIsr &&
      (B.callback == CallbackId::InterruptSynchronize || B.callback == CallbackId::InterruptEnable)) {
    p.reason = "both hold the interrupt lock";
    return p;
  }
  p.concurrent = true;
  auto holds = [&](const CallbackEntry &e) {
    return e.lock >= 0 ? e.name + " holds " + lockDesc(e.lock) : e.name + " holds no framework lock";
  };
  p.reason = "no common lock: " + holds(A) + ", " + holds(B);
  return p;
}

Explanation Explainer::run() {
  for (size_t i = 0; i < d_.objects.size(); ++i) {
    ObjKind k = d_.objects[i].kind;
    if (k == ObjKind::Driver || k == ObjKind::Device || k == ObjKind::Queue || k == ObjKind::WorkItem ||
        k == ObjKind::Dpc || k == ObjKind::Timer || k == ObjKind::Interrupt)
      x_.objectLines.push_back(objectLine(static_cast<int>(i)));
  }
  for (size_t i = 0; i < d_.objects.size(); ++i) {
    const Object &o = d_.objects[i];
    for (size_t c = 0; c < o.callbacks.size(); ++c)
      if (o.callbacks[c] >= 0)
        addCallback(static_cast<int>(i), static_cast<CallbackId>(c), o.callbacks[c],
                    std::string(callbackName(static_cast<CallbackId>(c))) + " of " + o.name);
  }
  std::vector<std::pair<int, int>> seen;
  for (const RoutineUse &r : d_.routines) {
    if (std::find(seen.begin(), seen.end(), std::make_pair(r.body, r.owner)) != seen.end())
      continue;
    seen.emplace_back(r.body, r.owner);
    std::string nameStr = d_.bodies[r.body].name;
    if (r.callback == CallbackId::RequestCancel)
      nameStr += r.owner >= 0 ? " (requests of " + nm(r.owner) + ")" : "";
    addCallback(r.owner, r.callback, r.body, nameStr);
  }
  for (size_t a = 0; a < x_.callbacks.size(); ++a) {
    if (x_.callbacks[a].neverRuns)
      continue;
    for (size_t b = a; b < x_.callbacks.size(); ++b)
      if (!x_.callbacks[b].neverRuns)
        x_.pairs.push_back(decide(static_cast<int>(a), static_cast<int>(b)));
  }
  return std::move(x_);
}

} // namespace

const PairEntry *Explanation::pair(int a, int b) const {
  if (a > b)
    std::swap(a, b);
  for (const PairEntry &p : pairs)
    if (p.a == a && p.b == b)
      return &p;
  return nullptr;
}

std::string describeIrql(const IrqlSpec &s) {
  if (s.caller)
    return "the caller's IRQL (at most DISPATCH_LEVEL)";
  return irqlName(s.level);
}

Explanation explain(const Design &d, const ObjectModel &m) { return Explainer(d, m).run(); }

} // namespace wdf::model
