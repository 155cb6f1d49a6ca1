#include "ObjectModel.hpp"

#include "core/Check.hpp"
#include "Constants.hpp"

namespace wdf::model {

const char *lockKindName(LockKind k) {
  switch (k) {
  case LockKind::SpinLock: return "spin lock";
  case LockKind::Mutex: return "mutex";
  case LockKind::WaitLock: return "wait lock";
  case LockKind::Interrupt: return "interrupt spin lock";
  }
  return "?";
}

namespace {

// "work item", "DPC", ... as a sentence names them, with the right article.
std::string displayName(ObjKind k) {
  switch (k) {
  case ObjKind::WorkItem: return "work item";
  case ObjKind::Dpc: return "DPC";
  default: return kindName(k);
  }
}
std::string withArticle(ObjKind k) {
  std::string n = displayName(k);
  bool vowel = n[0] == 'i' || n[0] == 'e' || n == "DPC";
  return (n == "DPC" ? "a " : vowel ? "an " : "a ") + n;
}

// A value set in the attributes, or nullopt for InheritFromParent / not given.
std::optional<ExecLevel> explicitLevel(const std::optional<ExecLevel> &v) {
  if (!v || *v == ExecLevel::InheritFromParent || *v == ExecLevel::Invalid)
    return std::nullopt;
  return v;
}
std::optional<SyncScope> explicitScope(const std::optional<SyncScope> &v) {
  if (!v || *v == SyncScope::InheritFromParent || *v == SyncScope::Invalid)
    return std::nullopt;
  return v;
}

class Resolver {
public:
  Resolver(const Design &d, ObjectModel &m) : d_(d), m_(m) {}
  void run();

private:
  int addLock(std::string name, LockKind kind, int object, bool callbackLock) {
    m_.locks.push_back({std::move(name), kind, object, callbackLock});
    return static_cast<int>(m_.locks.size() - 1);
  }
  void fail(int obj, const char *api, int32_t status, std::string why) {
    // One rejection per object: the create call returns at its first failed check.
    for (const ConfigError &e : m_.errors)
      if (e.object == obj)
        return;
    m_.errors.push_back({obj, api, status, std::move(why), d_.objects[obj].loc});
  }
  void note(const std::string &id, const std::string &text) {
    for (const Discrepancy &x : m_.discrepancies)
      if (x.id == id && x.text == text)
        return;
    m_.discrepancies.push_back({id, text});
  }
  bool checkAttributes(int obj, const char *api, bool levelAllowed, bool scopeAllowed, bool parentAllowed);
  void resolveDriverAndDevice();
  void resolveQueues();
  void resolveInterruptLocks();
  void bindChildren();
  void checkQueue(int q);
  void checkChild(int obj);
  int parentOf(int obj) const;        // -1: no parent object (NULL), -2: the driver
  bool hasDeviceAncestor(int obj) const;
  int constraintAncestor(int p) const;
  const std::string &nameOf(int obj) const { return d_.objects[obj].name; }

  const Design &d_;
  ObjectModel &m_;
};

void Resolver::run() {
  m_.objects.assign(d_.objects.size(), ObjectInfo{});
  resolveDriverAndDevice();
  for (int s : d_.ofKind(ObjKind::SpinLock))
    m_.objects[s].driverLock = addLock(nameOf(s), LockKind::SpinLock, s, false);
  for (int w : d_.ofKind(ObjKind::WaitLock))
    m_.objects[w].driverLock = addLock(nameOf(w), LockKind::WaitLock, w, false);
  resolveQueues();
  resolveInterruptLocks();
  bindChildren();
}

// Common attribute validation (FxValidateObjectAttributes and the flags each create API
// passes to it, R1.3).
bool Resolver::checkAttributes(int obj, const char *api, bool levelAllowed, bool scopeAllowed,
                               bool parentAllowed) {
  const Object &o = d_.objects[obj];
  if ((o.level && *o.level == ExecLevel::Invalid) || (o.scope && *o.scope == SyncScope::Invalid)) {
    fail(obj, api, status::WdfObjectAttributesInvalid,
         "an ExecutionLevel or SynchronizationScope of Invalid (zero) fails attribute validation");
    return false;
  }
  if (!levelAllowed && explicitLevel(o.level)) {
    fail(obj, api, status::WdfExecutionLevelInvalid,
         withArticle(o.kind) + " does not accept an ExecutionLevel; only the driver, the device, the file object, "
                               "queues, timers and general objects do");
    return false;
  }
  if (!scopeAllowed && o.scope && (*o.scope == SyncScope::Device || *o.scope == SyncScope::Queue)) {
    fail(obj, api, status::WdfSynchronizationScopeInvalid,
         withArticle(o.kind) + " does not accept a SynchronizationScope of " + name(*o.scope) +
             "; only the driver, the device, the file object and queues do");
    return false;
  }
  if (!parentAllowed && (o.parentKind == ParentKind::Object || o.parentKind == ParentKind::Driver)) {
    fail(obj, api, status::WdfParentAssignmentNotAllowed,
         "the " + displayName(o.kind) + "'s parent is fixed by the framework; its attributes must not name a "
                                        "ParentObject");
    return false;
  }
  return true;
}

void Resolver::resolveDriverAndDevice() {
  const Object &drv = d_.objects[d_.driver];
  ObjectInfo &di = m_.objects[d_.driver];
  di.level = explicitLevel(drv.level).value_or(ExecLevel::Dispatch); // R1.2
  di.scope = explicitScope(drv.scope).value_or(SyncScope::None);
  di.passiveFlag = true;
  checkAttributes(d_.driver, "WdfDriverCreate", true, true, false);

  const Object &dev = d_.objects[d_.device];
  ObjectInfo &vi = m_.objects[d_.device];
  vi.level = explicitLevel(dev.level).value_or(di.level); // R2.1
  vi.scope = explicitScope(dev.scope).value_or(di.scope);
  vi.passiveFlag = explicitLevel(dev.level) == ExecLevel::Passive; // R2.7: only an explicit attribute
  vi.notes.push_back(std::string("ExecutionLevel ") + name(vi.level) +
                     (explicitLevel(dev.level) ? " (set)" : " (from the driver)") + ", SynchronizationScope " +
                     name(vi.scope) + (explicitScope(dev.scope) ? " (set)" : " (from the driver)"));
  // R3.2: the device always owns a callback lock, even with scope None.
  vi.ownLock = vi.exposedLock = addLock(dev.name, vi.level == ExecLevel::Passive ? LockKind::Mutex : LockKind::SpinLock,
                                        d_.device, true);
  if (vi.level == ExecLevel::Passive && !vi.passiveFlag)
    note("D2", "the device is Passive only by inheritance from the driver, so the framework does not flag "
               "it passive: an AutomaticSerialization work item under it fails with "
               "STATUS_WDF_INCOMPATIBLE_EXECUTION_LEVEL and a DPC or dispatch timer under it binds to the "
               "device's mutex. wdfcheck follows the source (FxDevice::_Create commits only explicit attributes)");
  checkAttributes(d_.device, "WdfDeviceCreate", true, true, false);
  // Invalid file-object attributes are refused by WdfDeviceInitSetFileObjectConfig, which
  // returns nothing: the framework ignores them (after a verifier break) and WdfDeviceCreate
  // succeeds, so they count as not given.
  bool fileAttrs = dev.hasFileObjectAttrs && !((dev.fileLevel && *dev.fileLevel == ExecLevel::Invalid) ||
                                               (dev.fileScope && *dev.fileScope == SyncScope::Invalid));
  // R2.3: file object. Without attributes: Passive / None (KMDF >= 1.11). With them: Inherit
  // takes the device's values; Passive wins; scope Queue is refused; scope Device needs a
  // passive device.
  vi.fileScope = fileAttrs ? explicitScope(dev.fileScope).value_or(vi.scope) : SyncScope::None;
  if (vi.fileScope == SyncScope::Queue) {
    fail(d_.device, "WdfDeviceCreate", status::InvalidDeviceRequest,
         "the file object's SynchronizationScope resolves to Queue, which the framework refuses for file objects");
  } else if (vi.fileScope == SyncScope::Device) {
    if (vi.level != ExecLevel::Passive)
      fail(d_.device, "WdfDeviceCreate", status::InvalidDeviceRequest,
           "the file object's SynchronizationScope resolves to Device, which needs a Passive device so that "
           "the file callbacks can take its lock at PASSIVE_LEVEL, but the device is Dispatch");
    else
      vi.fileLock = vi.ownLock;
    note("D7", "file object attributes with SynchronizationScope Device on a Passive device are accepted and "
               "the file callbacks take the device's mutex; the WdfDeviceInitSetFileObjectConfig page says "
               "file attributes must be None/Passive. wdfcheck follows the source (FxPkgGeneral::ConfigureConstraints)");
  }
  if (d_.objects[d_.device].callback(CallbackId::DeviceFileCreate) >= 0 ||
      d_.objects[d_.device].callback(CallbackId::FileCleanup) >= 0 ||
      d_.objects[d_.device].callback(CallbackId::FileClose) >= 0)
    note("D8", "file callbacks run at PASSIVE_LEVEL on the thread that sent the request and are serialized "
               "only by the device's mutex (file scope Device); the automatic-synchronization page says they "
               "run at DISPATCH_LEVEL without Passive. wdfcheck follows the source");
}

void Resolver::resolveQueues() {
  const ObjectInfo &dev = m_.objects[d_.device];
  for (int q : d_.ofKind(ObjKind::Queue)) {
    const Object &o = d_.objects[q];
    ObjectInfo &qi = m_.objects[q];
    // R2.2: inherited values come from the device, never from the ParentObject.
    qi.level = explicitLevel(o.level).value_or(dev.level);
    qi.scope = explicitScope(o.scope).value_or(dev.scope);
    qi.passiveFlag = qi.level == ExecLevel::Passive;
    qi.notes.push_back(std::string("ExecutionLevel ") + name(qi.level) +
                       (explicitLevel(o.level) ? " (set)" : " (from the device)") + ", SynchronizationScope " +
                       name(qi.scope) + (explicitScope(o.scope) ? " (set)" : " (from the device)"));
    // R3.2: the queue owns a lock even with scope None (WdfObjectAcquireLock takes it); with
    // scope Device it exposes the device's lock instead and its own is never taken.
    if (qi.scope == SyncScope::Device) {
      qi.exposedLock = dev.exposedLock;
    } else {
      qi.ownLock = addLock(o.name, qi.level == ExecLevel::Passive ? LockKind::Mutex : LockKind::SpinLock, q, true);
      qi.exposedLock = qi.ownLock;
    }
    if (qi.scope == SyncScope::Device || qi.scope == SyncScope::Queue)
      qi.ioLock = qi.exposedLock;
    checkQueue(q);
  }
}

void Resolver::checkQueue(int q) {
  const Object &o = d_.objects[q];
  const ObjectInfo &qi = m_.objects[q];
  const char *api = "WdfIoQueueCreate";
  if (!checkAttributes(q, api, true, true, true))
    return;
  if (o.parentKind == ParentKind::Driver || !hasDeviceAncestor(q)) {
    fail(q, api, status::InvalidDeviceRequest,
         "a queue's ParentObject must belong to the device, and " +
             (o.parentKind == ParentKind::Driver ? std::string("the driver does not")
                                                 : "its parent " + nameOf(o.parent) + " is not under the device"));
    return;
  }
  if (o.dispatch == DispatchType::Invalid) {
    fail(q, api, status::InvalidParameter, "WdfIoQueueDispatchInvalid is not a dispatch type");
    return;
  }
  bool hasHandler = false;
  for (CallbackId cb : {CallbackId::IoDefault, CallbackId::IoRead, CallbackId::IoWrite, CallbackId::IoDeviceControl,
                        CallbackId::IoInternalDeviceControl})
    hasHandler |= o.callback(cb) >= 0;
  if (o.dispatch == DispatchType::Manual && hasHandler) {
    fail(q, api, status::InvalidParameter,
         "a manual queue presents no requests, so the framework refuses request handlers on it");
    return;
  }
  if (o.dispatch != DispatchType::Parallel && o.presentedLimit && *o.presentedLimit != 0) {
    fail(q, api, status::InvalidParameter,
         std::string("NumberOfPresentedRequests applies only to parallel queues, and this one is ") +
             name(o.dispatch));
    return;
  }
  if (o.dispatch != DispatchType::Manual && !hasHandler) {
    fail(q, api, status::WdfNoCallback,
         std::string("a ") + name(o.dispatch) +
             " queue must have at least one request handler (EvtIoDefault, EvtIoRead, EvtIoWrite, "
             "EvtIoDeviceControl or EvtIoInternalDeviceControl)");
    return;
  }
  const ObjectInfo &dev = m_.objects[d_.device];
  if (qi.scope == SyncScope::Device && qi.level != dev.level) {
    fail(q, api, status::InvalidParameter,
         std::string("with SynchronizationScope Device the queue shares the device's lock, so its ExecutionLevel (") +
             name(qi.level) + ") must match the device's (" + name(dev.level) + ")");
    return;
  }
}

void Resolver::resolveInterruptLocks() {
  for (int i : d_.ofKind(ObjKind::Interrupt)) {
    const Object &o = d_.objects[i];
    ObjectInfo &ii = m_.objects[i];
    if (!o.passiveHandling && o.spinLock >= 0)
      ii.interruptLock = m_.objects[o.spinLock].driverLock;
    else if (o.passiveHandling && o.waitLock >= 0)
      ii.interruptLock = m_.objects[o.waitLock].driverLock;
    else
      ii.interruptLock = addLock(o.name, o.passiveHandling ? LockKind::WaitLock : LockKind::Interrupt, i, false);
  }
}

int Resolver::parentOf(int obj) const {
  const Object &o = d_.objects[obj];
  switch (o.parentKind) {
  case ParentKind::Default: return d_.device;
  case ParentKind::Object: return o.parent;
  case ParentKind::Null: return o.kind == ObjKind::Interrupt || o.kind == ObjKind::Queue ? d_.device : -1;
  case ParentKind::Driver: return -2;
  }
  return d_.device;
}

bool Resolver::hasDeviceAncestor(int obj) const {
  for (int p = parentOf(obj), steps = 0; p >= 0 && steps <= static_cast<int>(d_.objects.size()); ++steps) {
    if (d_.objects[p].kind == ObjKind::Device)
      return true;
    p = parentOf(p);
  }
  return false;
}

// C of §2.4: the nearest object from P upwards that exposes callback constraints (a device
// or a queue); the device if there is none.
int Resolver::constraintAncestor(int p) const {
  for (int steps = 0; p >= 0 && steps <= static_cast<int>(d_.objects.size()); ++steps) {
    ObjKind k = d_.objects[p].kind;
    if (k == ObjKind::Device || k == ObjKind::Queue)
      return p;
    p = parentOf(p);
  }
  return d_.device;
}

void Resolver::bindChildren() {
  // Levels and passive flags first: a child's binding reads its parent's flag (R2.7), and
  // the parent may be declared after the child.
  for (size_t i = 0; i < d_.objects.size(); ++i) {
    const Object &o = d_.objects[i];
    ObjectInfo &oi = m_.objects[i];
    if (o.kind != ObjKind::WorkItem && o.kind != ObjKind::Dpc && o.kind != ObjKind::Timer && o.kind != ObjKind::Interrupt)
      continue;
    oi.passiveTimer = o.kind == ObjKind::Timer && explicitLevel(o.level) == ExecLevel::Passive; // R2.4
    oi.passiveFlag = o.kind == ObjKind::WorkItem || oi.passiveTimer;
    oi.level = o.kind == ObjKind::WorkItem || oi.passiveTimer || (o.kind == ObjKind::Interrupt && o.passiveHandling)
                   ? ExecLevel::Passive
                   : ExecLevel::Dispatch;
  }
  for (size_t i = 0; i < d_.objects.size(); ++i) {
    ObjKind k = d_.objects[i].kind;
    if (k == ObjKind::WorkItem || k == ObjKind::Dpc || k == ObjKind::Timer || k == ObjKind::Interrupt)
      checkChild(static_cast<int>(i));
  }
}

// Creation checks and the AutomaticSerialization binding (§2.4, §3) of work items, DPCs,
// timers and interrupts.
void Resolver::checkChild(int obj) {
  const Object &o = d_.objects[obj];
  ObjectInfo &oi = m_.objects[obj];
  const char *api = o.kind == ObjKind::WorkItem ? "WdfWorkItemCreate"
                    : o.kind == ObjKind::Dpc    ? "WdfDpcCreate"
                    : o.kind == ObjKind::Timer  ? "WdfTimerCreate"
                                                : "WdfInterruptCreate";
  bool isInterrupt = o.kind == ObjKind::Interrupt;
  bool as = o.autoSerialization.value_or(!isInterrupt); // R4.1 defaults

  if (!isInterrupt && o.parentKind == ParentKind::Null) {
    fail(obj, api, status::WdfParentNotSpecified,
         withArticle(o.kind) + " must have a parent object, and its ParentObject is NULL");
    return;
  }
  // WdfTimerCreate checks its config before the attributes (fxtimerapi.cpp). A TolerableDelay
  // above MAXLONG is refused only for drivers built against KMDF < 1.13; this is 1.33.
  if (o.kind == ObjKind::Timer) {
    if (o.period < 0) {
      fail(obj, api, status::InvalidParameter, "the timer's Period is larger than MAXLONG");
      return;
    }
    if (o.tolerableDelay != 0 && o.highResolution) {
      fail(obj, api, status::InvalidParameter, "a high-resolution timer cannot have a TolerableDelay");
      return;
    }
    if (o.period > 0 && oi.passiveTimer) {
      fail(obj, api, status::NotSupported, "a passive-level timer cannot be periodic (Period must be 0)");
      return;
    }
  }
  if (!checkAttributes(obj, api, o.kind == ObjKind::Timer, false, true))
    return;
  if (o.kind == ObjKind::WorkItem && o.callback(CallbackId::WorkItem) < 0) {
    fail(obj, api, status::InvalidParameter, "WDF_WORKITEM_CONFIG needs an EvtWorkItemFunc");
    return;
  }
  if (isInterrupt) {
    if (o.callback(CallbackId::InterruptIsr) < 0) {
      fail(obj, api, status::InvalidParameter, "WDF_INTERRUPT_CONFIG needs an EvtInterruptIsr");
      return;
    }
    if (!as && (o.parentKind == ParentKind::Object || o.parentKind == ParentKind::Driver)) {
      fail(obj, api, status::WdfParentAssignmentNotAllowed,
           "an interrupt may name a ParentObject only with AutomaticSerialization; otherwise its parent is "
           "the device");
      return;
    }
    if (o.callback(CallbackId::InterruptDpc) >= 0 && o.callback(CallbackId::InterruptWorkItem) >= 0) {
      fail(obj, api, status::InvalidParameter, "an interrupt has an EvtInterruptDpc or an EvtInterruptWorkItem, not both");
      return;
    }
    if (!o.passiveHandling && o.waitLock >= 0) {
      fail(obj, api, status::InvalidParameter, "a WaitLock is only for a PassiveHandling interrupt");
      return;
    }
    if (o.passiveHandling && o.spinLock >= 0) {
      fail(obj, api, status::InvalidParameter, "a PassiveHandling interrupt takes a WaitLock, not a SpinLock");
      return;
    }
    int p = parentOf(obj);
    if (p < 0 || (d_.objects[p].kind != ObjKind::Queue && d_.objects[p].kind != ObjKind::Device)) {
      fail(obj, api, status::InvalidParameter, "an interrupt's parent must be the device or one of its queues");
      return;
    }
  }
  if (!hasDeviceAncestor(obj)) {
    fail(obj, api, status::InvalidDeviceRequest,
         "the " + displayName(o.kind) + "'s parent has no device ancestor (the driver is not under a device)");
    return;
  }
  int p = parentOf(obj);
  int c = constraintAncestor(p);
  oi.constraintAncestor = c;
  if (!as)
    return;
  const ObjectInfo &ci = m_.objects[c];
  SyncScope cScope = c == d_.device ? m_.objects[d_.device].scope : ci.scope;
  bool wantPassive = o.kind == ObjKind::WorkItem ? true
                     : o.kind == ObjKind::Dpc    ? false
                     : o.kind == ObjKind::Timer  ? oi.passiveTimer
                     : o.callback(CallbackId::InterruptWorkItem) >= 0 ? true
                     : o.callback(CallbackId::InterruptDpc) >= 0      ? false
                                                                      : o.passiveHandling;
  const ObjectInfo &pi = m_.objects[p];
  if (cScope == SyncScope::None) {
    if (wantPassive != pi.passiveFlag)
      note("D1", std::string(kindName(o.kind)) + " " + o.name + " has AutomaticSerialization under " +
                     kindName(d_.objects[c].kind) + " " + nameOf(c) + ", whose SynchronizationScope is None: the "
                     "framework creates it without a lock. Its create page says this fails with "
                     "STATUS_WDF_INCOMPATIBLE_EXECUTION_LEVEL; wdfcheck follows the source (_GetEffectiveLock)");
    return;
  }
  if (wantPassive != pi.passiveFlag) {
    std::string what = isInterrupt ? (wantPassive ? "EvtInterruptWorkItem" : "EvtInterruptDpc")
                       : o.kind == ObjKind::WorkItem ? "passive-level callback"
                       : o.kind == ObjKind::Timer    ? (wantPassive ? "passive-level callback" : "DISPATCH_LEVEL callback")
                                                     : "DISPATCH_LEVEL callback";
    std::string parentState = pi.passiveFlag ? "is passive" : "is not flagged passive";
    if (p == d_.device && m_.objects[p].level == ExecLevel::Passive && !pi.passiveFlag)
      parentState += " (its Passive level is inherited from the driver, see D2)";
    else if (!pi.passiveFlag)
      parentState += std::string(" (ExecutionLevel ") + name(m_.objects[p].level) + ")";
    fail(obj, api, status::WdfIncompatibleExecutionLevel,
         "AutomaticSerialization would make the " + what + " take " + nameOf(c) + "'s " +
             lockKindName(m_.locks[m_.objects[c].exposedLock].kind) + ", but the parent " + nameOf(p) + " " +
             parentState);
    if (isInterrupt)
      note("D9", "an interrupt whose level does not match its parent's is refused with "
                 "STATUS_WDF_INCOMPATIBLE_EXECUTION_LEVEL, although the source asserts this cannot happen");
    return;
  }
  oi.boundLock = m_.objects[c].exposedLock;
  if (c == d_.device && cScope == SyncScope::Queue)
    note("D6", std::string(kindName(o.kind)) + " " + o.name + " is parented to the device, whose scope is Queue: "
               "it binds to the device's lock, which none of the queues use. The docs say children of the "
               "device are synchronized with the queues; wdfcheck follows the source");
  if (m_.locks[oi.boundLock].kind == LockKind::Mutex && !wantPassive && c == d_.device &&
      !m_.objects[d_.device].passiveFlag)
    note("D2", std::string(kindName(o.kind)) + " " + o.name + " runs at DISPATCH_LEVEL but is bound to " +
                   nameOf(c) + "'s mutex; the framework source accepts this (the device's Passive level is "
                   "inherited), so wdfcheck reports the IRQL violation when the callback takes the lock");
  if (isInterrupt && o.passiveHandling)
    note("D5", "interrupt " + o.name + " has AutomaticSerialization: only its EvtInterruptDpc / "
                                       "EvtInterruptWorkItem take the parent's lock, never the ISR; the header "
                                       "comment says all callbacks are serialized. wdfcheck follows the source");
}

} // namespace

int ObjectModel::lockOf(int object) const { return objects[object].driverLock; }

IrqlSpec ObjectModel::callbackIrql(const Design &d, int object, CallbackId cb) const {
  const ObjectInfo &oi = objects[object >= 0 ? object : 0];
  bool passiveInt = object >= 0 && d.objects[object].kind == ObjKind::Interrupt && d.objects[object].passiveHandling;
  switch (cb) {
  case CallbackId::DeviceFileCreate:
  case CallbackId::FileCleanup:
  case CallbackId::FileClose:
  case CallbackId::WorkItem:
  case CallbackId::InterruptWorkItem: return {PassiveLevel, false};
  case CallbackId::DpcFunc:
  case CallbackId::InterruptDpc: return {DispatchLevel, false};
  case CallbackId::TimerFunc: return {oi.passiveTimer ? PassiveLevel : DispatchLevel, false};
  case CallbackId::InterruptIsr:
  case CallbackId::InterruptEnable:
  case CallbackId::InterruptDisable:
  case CallbackId::InterruptSynchronize: return {passiveInt ? PassiveLevel : DeviceLevel, false};
  default: break;
  }
  // Queue callbacks and cancel routines: PASSIVE for a passive queue; DISPATCH when a spin
  // lock serializes them; otherwise whatever IRQL the dispatching thread has.
  if (object < 0)
    return {DispatchLevel, true};
  if (oi.level == ExecLevel::Passive)
    return {PassiveLevel, false};
  if (oi.ioLock >= 0)
    return {DispatchLevel, false};
  return {DispatchLevel, true};
}

int ObjectModel::callbackLock(const Design &d, int object, CallbackId cb) const {
  if (object < 0)
    return -1;
  const ObjectInfo &oi = objects[object];
  switch (cb) {
  case CallbackId::DeviceFileCreate:
  case CallbackId::FileCleanup:
  case CallbackId::FileClose: return objects[d.device].fileLock;
  case CallbackId::WorkItem:
  case CallbackId::DpcFunc:
  case CallbackId::TimerFunc:
  case CallbackId::InterruptDpc:
  case CallbackId::InterruptWorkItem: return oi.boundLock;
  case CallbackId::InterruptIsr:
  case CallbackId::InterruptEnable:
  case CallbackId::InterruptDisable:
  case CallbackId::InterruptSynchronize: return oi.interruptLock;
  default: return oi.ioLock; // queue callbacks and cancel routines
  }
}

ObjectModel resolve(const Design &d) {
  WDF_VERIFY(d.device >= 0 && d.driver >= 0, "a design has a driver and a device");
  ObjectModel m;
  Resolver(d, m).run();
  return m;
}

} // namespace wdf::model
