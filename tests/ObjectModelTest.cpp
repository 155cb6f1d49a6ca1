// The object model against kmdf-semantics.md §2 (resolution of ExecutionLevel and
// SynchronizationScope, the callback locks, the §2.4 AutomaticSerialization binding table,
// the IRQL and lock of every callback) and §3 (creation-time rejections with their
// NTSTATUS), plus `explain` on the OSR forum example.
//
// §3 rows the scenario language cannot express, so no test here (nothing fake is asserted):
//  * attributes or config structures with a wrong Size (STATUS_INFO_LENGTH_MISMATCH);
//  * an enum value past the last enumerator (only the zero value, Invalid, can be written);
//  * WdfWorkItemCreate with Attributes == NULL (only ParentObject == NULL can be written;
//    same status, STATUS_WDF_PARENT_NOT_SPECIFIED);
//  * WdfTimerCreate TolerableDelay > MAXLONG for drivers built against KMDF < 1.13 (the
//    language targets 1.33, where the source accepts up to MAXULONG);
//  * WdfInterruptCreate outside EvtDriverDeviceAdd / EvtDevicePrepareHardware, PassiveHandling
//    on an OS without passive interrupts, CanWakeDevice, InterruptRaw/InterruptTranslated,
//    ShareVector, and the checked-build ASSERT of the level mismatch;
//  * WdfIoQueueCreate by a class extension (resolved scope Device), a ParentObject under
//    another device, a default queue created after the device started, a non-default queue
//    with Queue == NULL (STATUS_INVALID_PARAMETER_4);
//  * WdfDeviceCreate with class-extension file-object attributes;
//  * WdfObjectCreate (general objects) and the driver's own lock (EvtDriverDeviceAdd).
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <initializer_list>
#include <nlohmann/json.hpp>

#include "TestUtil.hpp"
#include "models/Constants.hpp"
#include "models/Explain.hpp"
#include "reports/ExplainReport.hpp"

using namespace wdf;
using namespace wdf::model;

namespace {

const char *const Complete = "WdfRequestComplete(Request, STATUS_SUCCESS);";

struct Resolved {
  std::unique_ptr<test::Compiled> c;
  ObjectModel m;

  const Design &d() const { return *c->design; }
  int id(const std::string &name) const {
    int i = name == "driver" ? d().driver : d().find(name);
    CPPUNIT_ASSERT_MESSAGE("no object named " + name, i >= 0);
    return i;
  }
  const ObjectInfo &info(const std::string &name) const { return m.objects[id(name)]; }
  std::string lockName(int lock) const { return lock < 0 ? std::string("(none)") : m.locks[lock].name; }
  std::string bound(const std::string &name) const { return lockName(info(name).boundLock); }
  const Lock &lock(int l) const {
    CPPUNIT_ASSERT(l >= 0 && l < static_cast<int>(m.locks.size()));
    return m.locks[l];
  }
  int findLock(const std::string &name) const {
    for (size_t i = 0; i < m.locks.size(); ++i)
      if (m.locks[i].name == name)
        return static_cast<int>(i);
    return -1;
  }
  std::string errorsText() const {
    std::string s;
    for (const ConfigError &e : m.errors)
      s += d().objects[e.object].name + ": " + e.api + " " + statusName(e.status) + " (" + e.why + ")\n";
    return s;
  }
  bool hasDiscrepancy(const std::string &id) const {
    return std::any_of(m.discrepancies.begin(), m.discrepancies.end(),
                       [&](const Discrepancy &x) { return x.id == id; });
  }
  IrqlSpec irql(const std::string &obj, CallbackId cb) const { return m.callbackIrql(d(), id(obj), cb); }
  std::string cbLock(const std::string &obj, CallbackId cb) const {
    return lockName(m.callbackLock(d(), id(obj), cb));
  }
};

Resolved resolveText(const std::string &text) {
  Resolved r;
  r.c = test::compile(text);
  // Warnings (EvtIoStop never runs, ...) are fine; errors are not.
  CPPUNIT_ASSERT_MESSAGE("the scenario must compile:\n" + text + "\n" + r.c->errors,
                         r.c->errors.find(": error:") == std::string::npos);
  CPPUNIT_ASSERT(r.c->design.has_value());
  r.m = resolve(*r.c->design);
  return r;
}

void assertAccepted(const Resolved &r) {
  CPPUNIT_ASSERT_EQUAL_MESSAGE("no creation-time rejection expected", std::string(), r.errorsText());
}

void assertNotRejected(const Resolved &r, const std::string &obj) {
  int id = r.id(obj);
  for (const ConfigError &e : r.m.errors)
    CPPUNIT_ASSERT_MESSAGE(obj + " must be accepted, got:\n" + r.errorsText(), e.object != id);
}

// `obj` is rejected by `api` with `status`, at its declaration, with a `why` sentence that
// mentions every phrase.
void assertRejected(const Resolved &r, const std::string &obj, const std::string &api, int32_t status,
                    std::initializer_list<const char *> phrases) {
  int id = r.id(obj);
  const ConfigError *found = nullptr;
  int count = 0;
  for (const ConfigError &e : r.m.errors)
    if (e.object == id) {
      found = &e;
      ++count;
    }
  CPPUNIT_ASSERT_MESSAGE(obj + " must be rejected by " + api + " with " + statusName(status) + "; errors:\n" +
                             r.errorsText(),
                         found != nullptr);
  CPPUNIT_ASSERT_EQUAL_MESSAGE("one rejection per object (the create call stops at its first failed check)", 1,
                               count);
  CPPUNIT_ASSERT_EQUAL(api, found->api);
  CPPUNIT_ASSERT_EQUAL(statusName(status), statusName(found->status));
  CPPUNIT_ASSERT_MESSAGE("the rejection points at the object's declaration", found->loc == r.d().objects[id].loc);
  // A sensible sentence: not empty, one sentence (reports add the final period).
  CPPUNIT_ASSERT_MESSAGE("why is empty", found->why.size() > 20);
  CPPUNIT_ASSERT_MESSAGE("why ends with a period: " + found->why, found->why.back() != '.');
  for (const char *p : phrases)
    CPPUNIT_ASSERT_MESSAGE("why \"" + found->why + "\" should mention \"" + p + "\"",
                           found->why.find(p) != std::string::npos);
}

// Exactly one rejection in the design, the given one.
void assertOnlyRejection(const Resolved &r, const std::string &obj, const std::string &api, int32_t status,
                         std::initializer_list<const char *> phrases) {
  assertRejected(r, obj, api, status, phrases);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(r.errorsText(), size_t(1), r.m.errors.size());
}

void assertIrql(const IrqlSpec &s, int level, bool caller, const std::string &what) {
  CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": level", std::string(irqlName(level)), std::string(irqlName(s.level)));
  CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": caller's IRQL", caller, s.caller);
}

const CallbackEntry &entry(const Explanation &x, const std::string &name) {
  for (const CallbackEntry &e : x.callbacks)
    if (e.name == name)
      return e;
  CPPUNIT_FAIL("no explain entry " + name);
  return x.callbacks.front();
}

int entryIndex(const Explanation &x, const std::string &name) {
  for (size_t i = 0; i < x.callbacks.size(); ++i)
    if (x.callbacks[i].name == name)
      return static_cast<int>(i);
  CPPUNIT_FAIL("no explain entry " + name);
  return -1;
}

} // namespace

class ObjectModelTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ObjectModelTest);
  // resolution (§2.1, §2.2)
  CPPUNIT_TEST(driverDefaultsAreDispatchNone);
  CPPUNIT_TEST(driverAttributesOverrideDefaults);
  CPPUNIT_TEST(deviceInheritsFromDriverPerField);
  CPPUNIT_TEST(deviceAnyLevelScopeCombinationAccepted);
  CPPUNIT_TEST(queueInheritsFromDeviceNotFromItsParent);
  CPPUNIT_TEST(queueUnderWorkItemInheritsFromDevice);
  CPPUNIT_TEST(fileObjectWithoutAttributesIsNone);
  CPPUNIT_TEST(fileObjectWithAttributesInheritsDeviceScope);
  CPPUNIT_TEST(fileObjectExplicitNoneTakesNoLock);
  CPPUNIT_TEST(timerInheritIsDispatchTimer);
  CPPUNIT_TEST(timerInheritUnderScopedPassiveDeviceIsIncompatible);
  CPPUNIT_TEST(passiveFlags);
  // locks (§2.3)
  CPPUNIT_TEST(deviceAndQueueLockKinds);
  CPPUNIT_TEST(queueLockBinding);
  CPPUNIT_TEST(driverAndInterruptLocks);
  CPPUNIT_TEST(lockKindNames);
  // the §2.4 binding table
  CPPUNIT_TEST(bindDeviceScopeNone);
  CPPUNIT_TEST(bindDeviceScopeDevice);
  CPPUNIT_TEST(bindPassiveDeviceScopeDevice);
  CPPUNIT_TEST(bindDeviceScopeQueue);
  CPPUNIT_TEST(bindQueueScopeNone);
  CPPUNIT_TEST(bindQueueScopeQueue);
  CPPUNIT_TEST(bindQueueScopeDevice);
  CPPUNIT_TEST(bindingTableEveryRowEveryChildKind);
  CPPUNIT_TEST(bindThroughOtherObject);
  CPPUNIT_TEST(bindOtherObjectTestsImmediateParentFlag);
  CPPUNIT_TEST(bindDpcUnderDpcUnderPassiveQueue);
  CPPUNIT_TEST(bindInterruptDpc);
  CPPUNIT_TEST(bindInterruptWorkItem);
  CPPUNIT_TEST(bindInterruptWithoutDeferredCallback);
  CPPUNIT_TEST(bindInterruptUnderQueue);
  CPPUNIT_TEST(automaticSerializationOffNeverBindsNorFails);
  CPPUNIT_TEST(inheritedPassiveDeviceD2);
  CPPUNIT_TEST(inheritedPassiveDeviceQueueChild);
  CPPUNIT_TEST(explicitPassiveDeviceContrastD2);
  // IRQL and lock of every callback
  CPPUNIT_TEST(callbackIrqlEveryKind);
  CPPUNIT_TEST(callbackLockEveryKind);
  // §3 creation-time rejections
  CPPUNIT_TEST(invalidEnumOnDriver);
  CPPUNIT_TEST(invalidEnumOnDevice);
  CPPUNIT_TEST(invalidEnumOnEveryCreateCall);
  CPPUNIT_TEST(executionLevelNotAllowed);
  CPPUNIT_TEST(executionLevelInheritAccepted);
  CPPUNIT_TEST(synchronizationScopeNotAllowed);
  CPPUNIT_TEST(synchronizationScopeNoneAccepted);
  CPPUNIT_TEST(deviceParentNotAllowed);
  CPPUNIT_TEST(driverParentNotAllowed);
  CPPUNIT_TEST(nullParentNotSpecified);
  CPPUNIT_TEST(nullParentDefaultsForQueueAndInterrupt);
  CPPUNIT_TEST(driverParentHasNoDeviceAncestor);
  CPPUNIT_TEST(queueParentDriver);
  CPPUNIT_TEST(workItemWithoutCallback);
  CPPUNIT_TEST(dpcWithoutCallbackAccepted);
  CPPUNIT_TEST(workItemIncompatibleLevel);
  CPPUNIT_TEST(dpcIncompatibleLevel);
  CPPUNIT_TEST(timerIncompatibleLevel);
  CPPUNIT_TEST(timerPeriodTooLarge);
  CPPUNIT_TEST(timerTolerableDelayWithHighResolution);
  CPPUNIT_TEST(timerPeriodicPassive);
  CPPUNIT_TEST(interruptWithoutIsr);
  CPPUNIT_TEST(interruptParentWithoutSerialization);
  CPPUNIT_TEST(interruptDpcAndWorkItem);
  CPPUNIT_TEST(interruptLockKindMismatch);
  CPPUNIT_TEST(interruptParentNotQueueOrDevice);
  CPPUNIT_TEST(interruptIncompatibleLevel);
  CPPUNIT_TEST(queueManualWithHandler);
  CPPUNIT_TEST(queueManualWithCancelCallbackAccepted);
  CPPUNIT_TEST(queuePresentedRequestsNotParallel);
  CPPUNIT_TEST(queueWithoutHandler);
  CPPUNIT_TEST(queueInvalidDispatchType);
  CPPUNIT_TEST(queueDeviceScopeLevelMismatch);
  CPPUNIT_TEST(fileObjectQueueScope);
  CPPUNIT_TEST(fileObjectDeviceScopeOnDispatchDevice);
  CPPUNIT_TEST(everyRejectionReported);
  // explain
  CPPUNIT_TEST(explainOsrForum);
  CPPUNIT_TEST(explainOsrForumJson);
  CPPUNIT_TEST(explainJsonConfigErrors);
  CPPUNIT_TEST(explainTimerInheritNoteD3);
  CPPUNIT_TEST_SUITE_END();

public:
  // ---------------------------------------------------------------- resolution

  // R1.2: a KMDF driver starts at Dispatch / None; the device inherits both (R2.1).
  void driverDefaultsAreDispatchNone() {
    Resolved r = resolveText("device Dev { }");
    assertAccepted(r);
    CPPUNIT_ASSERT(r.info("driver").level == ExecLevel::Dispatch);
    CPPUNIT_ASSERT(r.info("driver").scope == SyncScope::None);
    CPPUNIT_ASSERT(r.info("Dev").level == ExecLevel::Dispatch);
    CPPUNIT_ASSERT(r.info("Dev").scope == SyncScope::None);
    // InheritFromParent on the driver keeps the defaults too.
    Resolved r2 = resolveText("driver { ExecutionLevel = InheritFromParent; SynchronizationScope = "
                              "WdfSynchronizationScopeInheritFromParent; }\ndevice Dev { }");
    assertAccepted(r2);
    CPPUNIT_ASSERT(r2.info("driver").level == ExecLevel::Dispatch);
    CPPUNIT_ASSERT(r2.info("driver").scope == SyncScope::None);
    CPPUNIT_ASSERT(r2.info("Dev").level == ExecLevel::Dispatch);
  }

  void driverAttributesOverrideDefaults() {
    Resolved r = resolveText("driver { ExecutionLevel = WdfExecutionLevelPassive; SynchronizationScope = Device; }\n"
                             "device Dev { }");
    assertAccepted(r);
    CPPUNIT_ASSERT(r.info("driver").level == ExecLevel::Passive);
    CPPUNIT_ASSERT(r.info("driver").scope == SyncScope::Device);
    CPPUNIT_ASSERT(r.info("Dev").level == ExecLevel::Passive);
    CPPUNIT_ASSERT(r.info("Dev").scope == SyncScope::Device);
  }

  // R2.1: per field, only where the device attribute is InheritFromParent or absent.
  void deviceInheritsFromDriverPerField() {
    Resolved r = resolveText("driver { ExecutionLevel = Passive; SynchronizationScope = Queue; }\n"
                             "device Dev { SynchronizationScope = None; }");
    assertAccepted(r);
    CPPUNIT_ASSERT(r.info("Dev").level == ExecLevel::Passive);
    CPPUNIT_ASSERT(r.info("Dev").scope == SyncScope::None);
    Resolved r2 = resolveText("driver { ExecutionLevel = Passive; SynchronizationScope = Queue; }\n"
                              "device Dev { ExecutionLevel = Dispatch; SynchronizationScope = InheritFromParent; }");
    CPPUNIT_ASSERT(r2.info("Dev").level == ExecLevel::Dispatch);
    CPPUNIT_ASSERT(r2.info("Dev").scope == SyncScope::Queue);
  }

  // §3 WdfDeviceCreate: any ExecutionLevel / SynchronizationScope combination by itself is accepted.
  void deviceAnyLevelScopeCombinationAccepted() {
    for (const char *lvl : {"Passive", "Dispatch", "InheritFromParent"})
      for (const char *sc : {"Device", "Queue", "None", "InheritFromParent"}) {
        Resolved r = resolveText(std::string("device Dev { ExecutionLevel = ") + lvl +
                                 "; SynchronizationScope = " + sc + "; }");
        assertAccepted(r);
        // R3.2: the device always owns a callback lock, even with scope None.
        CPPUNIT_ASSERT(r.info("Dev").ownLock >= 0);
        CPPUNIT_ASSERT_EQUAL(r.info("Dev").ownLock, r.info("Dev").exposedLock);
      }
  }

  // R2.2: a queue's Inherit fields come from the device, never from its ParentObject.
  void queueInheritsFromDeviceNotFromItsParent() {
    Resolved r = resolveText(std::string("device Dev { }\n"
                                         "queue QP { DispatchType = Sequential; ExecutionLevel = Passive; "
                                         "SynchronizationScope = Queue; EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "queue QC { parent = QP; DispatchType = Parallel; EvtIoWrite { " +
                             Complete + " } }");
    assertAccepted(r);
    CPPUNIT_ASSERT(r.info("QP").level == ExecLevel::Passive);
    CPPUNIT_ASSERT(r.info("QP").scope == SyncScope::Queue);
    CPPUNIT_ASSERT(r.info("QC").level == ExecLevel::Dispatch); // the device's, not QP's
    CPPUNIT_ASSERT(r.info("QC").scope == SyncScope::None);
    CPPUNIT_ASSERT(r.info("QC").ioLock < 0);
    CPPUNIT_ASSERT(r.lock(r.info("QC").ownLock).kind == LockKind::SpinLock);
    assertIrql(r.irql("QC", CallbackId::IoWrite), DispatchLevel, true, "EvtIoWrite of an unscoped dispatch queue");
    assertIrql(r.irql("QP", CallbackId::IoRead), PassiveLevel, false, "EvtIoRead of a passive queue");
  }

  void queueUnderWorkItemInheritsFromDevice() {
    Resolved r = resolveText(std::string("device Dev { ExecutionLevel = Passive; SynchronizationScope = Device; }\n"
                                         "queue QD { DispatchType = Parallel; ExecutionLevel = Dispatch; "
                                         "SynchronizationScope = None; EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "workitem W { parent = QD; EvtWorkItem { } }\n"
                             "queue QC { parent = W; DispatchType = Sequential; EvtIoRead { " +
                             Complete + " } }");
    assertAccepted(r);
    CPPUNIT_ASSERT(r.info("QC").level == ExecLevel::Passive);
    CPPUNIT_ASSERT(r.info("QC").scope == SyncScope::Device);
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.lockName(r.info("QC").ioLock));
    CPPUNIT_ASSERT(r.lock(r.info("QC").ioLock).kind == LockKind::Mutex);
  }

  // R2.3: without file-object attributes the file object is Passive / None, whatever the device says.
  void fileObjectWithoutAttributesIsNone() {
    Resolved r = resolveText(std::string("device Dev { ExecutionLevel = Passive; SynchronizationScope = Device;\n"
                                         "  EvtDeviceFileCreate { ") +
                             Complete + " }\n  EvtFileCleanup { }\n  EvtFileClose { } }");
    assertAccepted(r);
    CPPUNIT_ASSERT(r.info("Dev").fileScope == SyncScope::None);
    CPPUNIT_ASSERT(r.info("Dev").fileLock < 0);
    for (CallbackId cb : {CallbackId::DeviceFileCreate, CallbackId::FileCleanup, CallbackId::FileClose}) {
      CPPUNIT_ASSERT_EQUAL(std::string("(none)"), r.cbLock("Dev", cb));
      assertIrql(r.irql("Dev", cb), PassiveLevel, false, callbackName(cb));
    }
    // The same without any device scope.
    Resolved r2 = resolveText("device Dev { SynchronizationScope = Queue; }");
    assertAccepted(r2);
    CPPUNIT_ASSERT(r2.info("Dev").fileScope == SyncScope::None);
  }

  // R2.3: with attributes, Inherit takes the device's scope; Device scope on a Passive device
  // means the file callbacks take the device's mutex (D7).
  void fileObjectWithAttributesInheritsDeviceScope() {
    Resolved r = resolveText(std::string("device Dev { ExecutionLevel = Passive; SynchronizationScope = Device;\n"
                                         "  FileObject { }\n  EvtDeviceFileCreate { ") +
                             Complete + " }\n  EvtFileClose { } }");
    assertAccepted(r);
    CPPUNIT_ASSERT(r.info("Dev").fileScope == SyncScope::Device);
    CPPUNIT_ASSERT_EQUAL(r.info("Dev").ownLock, r.info("Dev").fileLock);
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.cbLock("Dev", CallbackId::DeviceFileCreate));
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.cbLock("Dev", CallbackId::FileClose));
    CPPUNIT_ASSERT(r.lock(r.info("Dev").fileLock).kind == LockKind::Mutex);
    assertIrql(r.irql("Dev", CallbackId::DeviceFileCreate), PassiveLevel, false, "EvtDeviceFileCreate");
    CPPUNIT_ASSERT(r.hasDiscrepancy("D7"));
    // Explicit Device scope in the file attributes on a device whose own scope is None.
    Resolved r2 = resolveText("device Dev { ExecutionLevel = Passive; FileObject { SynchronizationScope = Device; "
                              "ExecutionLevel = Passive; } }");
    assertAccepted(r2);
    CPPUNIT_ASSERT(r2.info("Dev").fileScope == SyncScope::Device);
    CPPUNIT_ASSERT_EQUAL(r2.info("Dev").ownLock, r2.info("Dev").fileLock);
  }

  void fileObjectExplicitNoneTakesNoLock() {
    Resolved r = resolveText("device Dev { ExecutionLevel = Passive; SynchronizationScope = Device;\n"
                             "  FileObject { SynchronizationScope = None; }\n  EvtFileCleanup { } }");
    assertAccepted(r);
    CPPUNIT_ASSERT(r.info("Dev").fileScope == SyncScope::None);
    CPPUNIT_ASSERT_EQUAL(std::string("(none)"), r.cbLock("Dev", CallbackId::FileCleanup));
    // Dispatch level with scope None is accepted (D7: the source accepts it).
    Resolved r2 = resolveText("device Dev { FileObject { ExecutionLevel = Dispatch; SynchronizationScope = None; } }");
    assertAccepted(r2);
  }

  // R2.4: only an explicit Passive makes a passive timer; Inherit is a DISPATCH timer even
  // under a passive parent.
  void timerInheritIsDispatchTimer() {
    Resolved r = resolveText("device Dev { ExecutionLevel = Passive; }\n"
                             "queue Q { DispatchType = Manual; ExecutionLevel = Passive; }\n"
                             "timer TI { parent = Q; ExecutionLevel = InheritFromParent; EvtTimerFunc { } }\n"
                             "timer TN { EvtTimerFunc { } }\n"
                             "timer TD { ExecutionLevel = Dispatch; EvtTimerFunc { } }\n"
                             "timer TP { ExecutionLevel = Passive; EvtTimerFunc { } }");
    assertAccepted(r);
    for (const char *t : {"TI", "TN", "TD"}) {
      CPPUNIT_ASSERT_MESSAGE(t, !r.info(t).passiveTimer);
      CPPUNIT_ASSERT_MESSAGE(t, r.info(t).level == ExecLevel::Dispatch);
      assertIrql(r.irql(t, CallbackId::TimerFunc), DispatchLevel, false, std::string("EvtTimerFunc of ") + t);
    }
    CPPUNIT_ASSERT(r.info("TP").passiveTimer);
    CPPUNIT_ASSERT(r.info("TP").level == ExecLevel::Passive);
    assertIrql(r.irql("TP", CallbackId::TimerFunc), PassiveLevel, false, "EvtTimerFunc of TP");
  }

  // R2.4 with §2.4: an Inherit timer wants DISPATCH, its explicitly passive device is flagged
  // passive, so AutomaticSerialization under a scoped device fails.
  void timerInheritUnderScopedPassiveDeviceIsIncompatible() {
    Resolved r = resolveText("device Dev { ExecutionLevel = Passive; SynchronizationScope = Device; }\n"
                             "timer T { ExecutionLevel = InheritFromParent; EvtTimerFunc { } }");
    assertOnlyRejection(r, "T", "WdfTimerCreate", status::WdfIncompatibleExecutionLevel,
                        {"DISPATCH_LEVEL callback", "Dev's mutex", "is passive"});
  }

  // R2.7: who carries FXOBJECT_FLAGS_PASSIVE_CALLBACKS.
  void passiveFlags() {
    Resolved r = resolveText(std::string("driver { ExecutionLevel = Passive; }\n"
                                         "device Dev { }\n"
                                         "queue QI { DispatchType = Manual; }\n"
                                         "queue QD { DispatchType = Manual; ExecutionLevel = Dispatch; }\n"
                                         "workitem W { EvtWorkItem { } }\n"
                                         "dpc D { EvtDpcFunc { } }\n"
                                         "timer TP { ExecutionLevel = Passive; EvtTimerFunc { } }\n"
                                         "timer TI { EvtTimerFunc { } }\n"
                                         "interrupt I { PassiveHandling = true; EvtInterruptIsr { return true; } }"));
    assertAccepted(r);
    CPPUNIT_ASSERT(r.info("driver").passiveFlag);     // always
    CPPUNIT_ASSERT(r.info("Dev").level == ExecLevel::Passive);
    CPPUNIT_ASSERT(!r.info("Dev").passiveFlag);       // inherited Passive: not flagged (D2)
    CPPUNIT_ASSERT(r.info("QI").level == ExecLevel::Passive);
    CPPUNIT_ASSERT(r.info("QI").passiveFlag);         // queues: resolved level
    CPPUNIT_ASSERT(!r.info("QD").passiveFlag);
    CPPUNIT_ASSERT(r.info("W").passiveFlag);          // always
    CPPUNIT_ASSERT(!r.info("D").passiveFlag);
    CPPUNIT_ASSERT(r.info("TP").passiveFlag);         // explicit attribute
    CPPUNIT_ASSERT(!r.info("TI").passiveFlag);
    CPPUNIT_ASSERT(!r.info("I").passiveFlag);
    CPPUNIT_ASSERT(r.hasDiscrepancy("D2"));
    Resolved r2 = resolveText("device Dev { ExecutionLevel = Passive; }");
    CPPUNIT_ASSERT(r2.info("Dev").passiveFlag);       // explicit attribute
    CPPUNIT_ASSERT(!r2.hasDiscrepancy("D2"));
    Resolved r3 = resolveText("device Dev { ExecutionLevel = Dispatch; }");
    CPPUNIT_ASSERT(!r3.info("Dev").passiveFlag);
  }

  // ---------------------------------------------------------------- locks

  // R3.1/R3.2: a mutex at Passive, a spin lock at Dispatch; named after the owner; callback locks.
  void deviceAndQueueLockKinds() {
    Resolved r = resolveText("device Dev { ExecutionLevel = Passive; }\n"
                             "queue QP { DispatchType = Manual; }\n"
                             "queue QD { DispatchType = Manual; ExecutionLevel = Dispatch; }");
    assertAccepted(r);
    const Lock &dev = r.lock(r.info("Dev").ownLock);
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), dev.name);
    CPPUNIT_ASSERT(dev.kind == LockKind::Mutex);
    CPPUNIT_ASSERT(dev.callbackLock);
    CPPUNIT_ASSERT_EQUAL(r.id("Dev"), dev.object);
    const Lock &qp = r.lock(r.info("QP").ownLock);
    CPPUNIT_ASSERT_EQUAL(std::string("QP"), qp.name);
    CPPUNIT_ASSERT(qp.kind == LockKind::Mutex);
    CPPUNIT_ASSERT(qp.callbackLock);
    CPPUNIT_ASSERT_EQUAL(r.id("QP"), qp.object);
    const Lock &qd = r.lock(r.info("QD").ownLock);
    CPPUNIT_ASSERT_EQUAL(std::string("QD"), qd.name);
    CPPUNIT_ASSERT(qd.kind == LockKind::SpinLock);
    Resolved r2 = resolveText("device Dev { }");
    CPPUNIT_ASSERT(r2.lock(r2.info("Dev").ownLock).kind == LockKind::SpinLock);
  }

  // R3.2: a queue always owns a lock (WdfObjectAcquireLock takes it) but its callbacks take
  // it only with scope Queue; with scope Device the exposed lock is the device's.
  void queueLockBinding() {
    Resolved r = resolveText(std::string("device Dev { }\n"
                                         "queue QN { DispatchType = Parallel; SynchronizationScope = None; "
                                         "EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "queue QQ { DispatchType = Parallel; SynchronizationScope = Queue; EvtIoRead { " +
                             Complete +
                             " } }\n"
                             "queue QV { DispatchType = Parallel; SynchronizationScope = Device; EvtIoRead { " +
                             Complete + " } }");
    assertAccepted(r);
    CPPUNIT_ASSERT_EQUAL(std::string("QN"), r.lockName(r.info("QN").exposedLock));
    CPPUNIT_ASSERT_EQUAL(std::string("(none)"), r.lockName(r.info("QN").ioLock));
    CPPUNIT_ASSERT_EQUAL(std::string("QQ"), r.lockName(r.info("QQ").exposedLock));
    CPPUNIT_ASSERT_EQUAL(std::string("QQ"), r.lockName(r.info("QQ").ioLock));
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.lockName(r.info("QV").exposedLock));
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.lockName(r.info("QV").ioLock));
    CPPUNIT_ASSERT_EQUAL(r.info("Dev").ownLock, r.info("QV").ioLock);
  }

  // Driver WDFSPINLOCK / WDFWAITLOCK, and the interrupt locks (§2.5.6).
  void driverAndInterruptLocks() {
    Resolved r = resolveText("device Dev { }\n"
                             "spinlock StatsLock;\nspinlock IsrLock;\nwaitlock ConfigLock;\nwaitlock IsrWait;\n"
                             "interrupt I1 { EvtInterruptIsr { return true; } }\n"
                             "interrupt I2 { PassiveHandling = true; EvtInterruptIsr { return true; } }\n"
                             "interrupt I3 { SpinLock = IsrLock; EvtInterruptIsr { return true; } }\n"
                             "interrupt I4 { PassiveHandling = true; WaitLock = IsrWait; "
                             "EvtInterruptIsr { return true; } }");
    assertAccepted(r);
    const Lock &stats = r.lock(r.m.lockOf(r.id("StatsLock")));
    CPPUNIT_ASSERT_EQUAL(std::string("StatsLock"), stats.name);
    CPPUNIT_ASSERT(stats.kind == LockKind::SpinLock);
    CPPUNIT_ASSERT(!stats.callbackLock);
    const Lock &config = r.lock(r.m.lockOf(r.id("ConfigLock")));
    CPPUNIT_ASSERT_EQUAL(std::string("ConfigLock"), config.name);
    CPPUNIT_ASSERT(config.kind == LockKind::WaitLock);
    CPPUNIT_ASSERT(!config.callbackLock);
    const Lock &i1 = r.lock(r.info("I1").interruptLock);
    CPPUNIT_ASSERT_EQUAL(std::string("I1"), i1.name);
    CPPUNIT_ASSERT(i1.kind == LockKind::Interrupt);
    CPPUNIT_ASSERT(!i1.callbackLock);
    const Lock &i2 = r.lock(r.info("I2").interruptLock);
    CPPUNIT_ASSERT_EQUAL(std::string("I2"), i2.name);
    CPPUNIT_ASSERT(i2.kind == LockKind::WaitLock);
    CPPUNIT_ASSERT_EQUAL(r.m.lockOf(r.id("IsrLock")), r.info("I3").interruptLock);
    CPPUNIT_ASSERT_EQUAL(r.m.lockOf(r.id("IsrWait")), r.info("I4").interruptLock);
    // The interrupt lock is never the sync-scope lock: ISR, enable, disable and synchronize take it.
    for (CallbackId cb : {CallbackId::InterruptIsr, CallbackId::InterruptEnable, CallbackId::InterruptDisable,
                          CallbackId::InterruptSynchronize}) {
      CPPUNIT_ASSERT_EQUAL(std::string("I1"), r.cbLock("I1", cb));
      CPPUNIT_ASSERT_EQUAL(std::string("IsrLock"), r.cbLock("I3", cb));
      CPPUNIT_ASSERT_EQUAL(std::string("IsrWait"), r.cbLock("I4", cb));
    }
  }

  void lockKindNames() {
    CPPUNIT_ASSERT_EQUAL(std::string("spin lock"), std::string(lockKindName(LockKind::SpinLock)));
    CPPUNIT_ASSERT_EQUAL(std::string("mutex"), std::string(lockKindName(LockKind::Mutex)));
    CPPUNIT_ASSERT_EQUAL(std::string("wait lock"), std::string(lockKindName(LockKind::WaitLock)));
    CPPUNIT_ASSERT_EQUAL(std::string("interrupt spin lock"), std::string(lockKindName(LockKind::Interrupt)));
  }

  // ---------------------------------------------------------------- §2.4 binding table

  // WDFDEVICE, scope None: no lock, and no level check (a work item under a Dispatch device is fine).
  void bindDeviceScopeNone() {
    Resolved r = resolveText("device Dev { SynchronizationScope = None; }\n"
                             "workitem W { EvtWorkItem { } }\n"
                             "dpc D { EvtDpcFunc { } }\n"
                             "timer T { EvtTimerFunc { } }\n"
                             "timer TP { ExecutionLevel = Passive; EvtTimerFunc { } }");
    assertAccepted(r);
    for (const char *o : {"W", "D", "T", "TP"}) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(o, std::string("(none)"), r.bound(o));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(o, r.id("Dev"), r.info(o).constraintAncestor);
    }
    CPPUNIT_ASSERT(r.hasDiscrepancy("D1")); // the work item's create page says this fails
  }

  // WDFDEVICE, scope Device (Dispatch): DISPATCH children take the device's spin lock.
  void bindDeviceScopeDevice() {
    Resolved r = resolveText("device Dev { SynchronizationScope = Device; }\n"
                             "dpc D { EvtDpcFunc { } }\n"
                             "timer T { Period = 10; EvtTimerFunc { } }");
    assertAccepted(r);
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.bound("D"));
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.bound("T"));
    CPPUNIT_ASSERT(r.lock(r.info("D").boundLock).kind == LockKind::SpinLock);
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.cbLock("D", CallbackId::DpcFunc));
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.cbLock("T", CallbackId::TimerFunc));
  }

  // WDFDEVICE, scope Device (explicitly Passive): PASSIVE children take the device's mutex.
  void bindPassiveDeviceScopeDevice() {
    Resolved r = resolveText("device Dev { ExecutionLevel = Passive; SynchronizationScope = Device; }\n"
                             "workitem W { EvtWorkItem { } }\n"
                             "timer TP { ExecutionLevel = Passive; EvtTimerFunc { } }");
    assertAccepted(r);
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.bound("W"));
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.bound("TP"));
    CPPUNIT_ASSERT(r.lock(r.info("W").boundLock).kind == LockKind::Mutex);
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.cbLock("W", CallbackId::WorkItem));
  }

  // WDFDEVICE, scope Queue (pre-1.9 style): the child takes the device lock, which the
  // queues (each on its own lock) do not use (D6).
  void bindDeviceScopeQueue() {
    Resolved r = resolveText(std::string("device Dev { SynchronizationScope = Queue; }\n"
                                         "queue Q { DispatchType = Parallel; EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "dpc D { EvtDpcFunc { } }");
    assertAccepted(r);
    CPPUNIT_ASSERT(r.info("Q").scope == SyncScope::Queue);
    CPPUNIT_ASSERT_EQUAL(std::string("Q"), r.lockName(r.info("Q").ioLock));
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.bound("D"));
    CPPUNIT_ASSERT(r.info("D").boundLock != r.info("Q").ioLock);
    CPPUNIT_ASSERT(r.hasDiscrepancy("D6"));
  }

  // WDFQUEUE, scope None: no lock, even under a Dispatch queue for a work item (D1).
  void bindQueueScopeNone() {
    Resolved r = resolveText(std::string("device Dev { SynchronizationScope = Device; }\n"
                                         "queue Q { DispatchType = Parallel; SynchronizationScope = None; "
                                         "EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "workitem W { parent = Q; EvtWorkItem { } }\n"
                             "dpc D { parent = Q; EvtDpcFunc { } }\n"
                             "timer T { parent = Q; EvtTimerFunc { } }");
    assertAccepted(r);
    for (const char *o : {"W", "D", "T"}) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(o, std::string("(none)"), r.bound(o));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(o, r.id("Q"), r.info(o).constraintAncestor);
    }
  }

  // WDFQUEUE, scope Queue: the queue's own lock (spin lock at Dispatch, mutex at Passive).
  void bindQueueScopeQueue() {
    Resolved r = resolveText(std::string("device Dev { }\n"
                                         "queue QD { DispatchType = Parallel; SynchronizationScope = Queue; "
                                         "EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "queue QP { DispatchType = Parallel; ExecutionLevel = Passive; "
                             "SynchronizationScope = Queue; EvtIoRead { " +
                             Complete +
                             " } }\n"
                             "dpc D { parent = QD; EvtDpcFunc { } }\n"
                             "timer T { parent = QD; Period = 100; EvtTimerFunc { } }\n"
                             "workitem W { parent = QP; EvtWorkItem { } }\n"
                             "timer TP { parent = QP; ExecutionLevel = Passive; EvtTimerFunc { } }");
    assertAccepted(r);
    CPPUNIT_ASSERT_EQUAL(std::string("QD"), r.bound("D"));
    CPPUNIT_ASSERT_EQUAL(std::string("QD"), r.bound("T"));
    CPPUNIT_ASSERT(r.lock(r.info("D").boundLock).kind == LockKind::SpinLock);
    CPPUNIT_ASSERT_EQUAL(std::string("QP"), r.bound("W"));
    CPPUNIT_ASSERT_EQUAL(std::string("QP"), r.bound("TP"));
    CPPUNIT_ASSERT(r.lock(r.info("W").boundLock).kind == LockKind::Mutex);
    // The same lock as the queue's own callbacks.
    CPPUNIT_ASSERT_EQUAL(r.info("QD").ioLock, r.info("D").boundLock);
    CPPUNIT_ASSERT_EQUAL(r.info("QP").ioLock, r.info("W").boundLock);
  }

  // WDFQUEUE, scope Device: the device lock.
  void bindQueueScopeDevice() {
    Resolved r = resolveText(std::string("device Dev { }\n"
                                         "queue Q { DispatchType = Sequential; SynchronizationScope = Device; "
                                         "EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "dpc D { parent = Q; EvtDpcFunc { } }");
    assertAccepted(r);
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.bound("D"));
    CPPUNIT_ASSERT_EQUAL(r.info("Dev").ownLock, r.info("D").boundLock);
    CPPUNIT_ASSERT_EQUAL(r.id("Q"), r.info("D").constraintAncestor);
  }

  // The whole §2.4 table, for every kind of AutomaticSerialization child: each row gives C's
  // scope and exposed lock and P's passive flag; the expected outcome is computed here from
  // the algorithm of §2.4 (scope None: no lock; wantPassive == P's flag: C's lock; else
  // STATUS_WDF_INCOMPATIBLE_EXECUTION_LEVEL).
  void bindingTableEveryRowEveryChildKind() {
    struct Row {
      const char *what;
      std::string prefix;      // the design around the child
      const char *parent;      // P
      bool scopeNone;          // C's resolved scope is None
      const char *lock;        // C's exposed lock
      bool parentPassive;      // P's passive flag (R2.7)
      bool interruptParentOk;  // an interrupt may name P (device or queue)
    };
    std::string h = std::string(" EvtIoRead { ") + Complete + " } }\n";
    const Row rows[] = {
        {"WDFDEVICE, None", "device Dev { }\n", "Dev", true, "Dev", false, true},
        {"WDFDEVICE (Passive), None", "device Dev { ExecutionLevel = Passive; }\n", "Dev", true, "Dev", true, true},
        {"WDFDEVICE, Device", "device Dev { SynchronizationScope = Device; }\n", "Dev", false, "Dev", false, true},
        {"WDFDEVICE (Passive), Device", "device Dev { ExecutionLevel = Passive; SynchronizationScope = Device; }\n",
         "Dev", false, "Dev", true, true},
        {"WDFDEVICE, Queue", "device Dev { SynchronizationScope = Queue; }\n", "Dev", false, "Dev", false, true},
        {"WDFDEVICE (Passive), Queue", "device Dev { ExecutionLevel = Passive; SynchronizationScope = Queue; }\n",
         "Dev", false, "Dev", true, true},
        {"WDFQUEUE, None", "device Dev { SynchronizationScope = Device; }\nqueue Q { DispatchType = Parallel; "
                           "SynchronizationScope = None;" + h,
         "Q", true, "Q", false, true},
        {"WDFQUEUE (Passive), None", "device Dev { }\nqueue Q { DispatchType = Parallel; ExecutionLevel = Passive;" + h,
         "Q", true, "Q", true, true},
        {"WDFQUEUE, Queue", "device Dev { }\nqueue Q { DispatchType = Parallel; SynchronizationScope = Queue;" + h, "Q",
         false, "Q", false, true},
        {"WDFQUEUE (Passive), Queue", "device Dev { }\nqueue Q { DispatchType = Parallel; ExecutionLevel = Passive; "
                                      "SynchronizationScope = Queue;" + h,
         "Q", false, "Q", true, true},
        {"WDFQUEUE, Device", "device Dev { }\nqueue Q { DispatchType = Parallel; SynchronizationScope = Device;" + h,
         "Q", false, "Dev", false, true},
        {"WDFQUEUE (Passive), Device", "device Dev { ExecutionLevel = Passive; }\nqueue Q { DispatchType = Parallel; "
                                       "SynchronizationScope = Device;" + h,
         "Q", false, "Dev", true, true},
        {"work item under WDFQUEUE, Queue", "device Dev { }\nqueue Q { DispatchType = Parallel; "
                                            "SynchronizationScope = Queue;" + h +
                                                "workitem P { parent = Q; AutomaticSerialization = false; "
                                                "EvtWorkItem { } }\n",
         "P", false, "Q", true, false},
        {"DPC under WDFQUEUE (Passive), Queue", "device Dev { }\nqueue Q { DispatchType = Parallel; ExecutionLevel = "
                                               "Passive; SynchronizationScope = Queue;" + h +
                                                   "dpc P { parent = Q; AutomaticSerialization = false; "
                                                   "EvtDpcFunc { } }\n",
         "P", false, "Q", false, false},
        {"timer under WDFDEVICE, Device", "device Dev { SynchronizationScope = Device; }\n"
                                          "timer P { AutomaticSerialization = false; EvtTimerFunc { } }\n",
         "P", false, "Dev", false, false},
        {"passive timer under WDFDEVICE (Passive), Device",
         "device Dev { ExecutionLevel = Passive; SynchronizationScope = Device; }\n"
         "timer P { ExecutionLevel = Passive; AutomaticSerialization = false; EvtTimerFunc { } }\n",
         "P", false, "Dev", true, false},
        {"work item under WDFDEVICE, None", "device Dev { }\nworkitem P { EvtWorkItem { } }\n", "P", true, "Dev", true,
         false},
    };
    struct Child {
      const char *what;
      std::string decl;        // with %P for the parent
      const char *api;
      CallbackId cb;
      bool wantPassive;
      bool interrupt;
    };
    const Child children[] = {
        {"work item", "workitem C { parent = %P; EvtWorkItem { } }", "WdfWorkItemCreate", CallbackId::WorkItem, true,
         false},
        {"DPC", "dpc C { parent = %P; EvtDpcFunc { } }", "WdfDpcCreate", CallbackId::DpcFunc, false, false},
        {"timer", "timer C { parent = %P; EvtTimerFunc { } }", "WdfTimerCreate", CallbackId::TimerFunc, false, false},
        {"passive timer", "timer C { parent = %P; ExecutionLevel = Passive; EvtTimerFunc { } }", "WdfTimerCreate",
         CallbackId::TimerFunc, true, false},
        {"interrupt DPC",
         "interrupt C { parent = %P; AutomaticSerialization = true; EvtInterruptIsr { return true; } "
         "EvtInterruptDpc { } }",
         "WdfInterruptCreate", CallbackId::InterruptDpc, false, true},
        {"interrupt work item",
         "interrupt C { parent = %P; PassiveHandling = true; AutomaticSerialization = true; "
         "EvtInterruptIsr { return true; } EvtInterruptWorkItem { } }",
         "WdfInterruptCreate", CallbackId::InterruptWorkItem, true, true},
        {"DIRQL interrupt work item",
         "interrupt C { parent = %P; AutomaticSerialization = true; EvtInterruptIsr { return true; } "
         "EvtInterruptWorkItem { } }",
         "WdfInterruptCreate", CallbackId::InterruptWorkItem, true, true},
    };
    int checked = 0;
    for (const Row &row : rows)
      for (const Child &child : children) {
        if (child.interrupt && !row.interruptParentOk)
          continue; // an interrupt's parent is the device or a queue (interruptParentNotQueueOrDevice)
        std::string decl = child.decl;
        decl.replace(decl.find("%P"), 2, row.parent);
        Resolved r = resolveText(row.prefix + decl);
        std::string what = std::string(child.what) + " under " + row.what + ":\n" + r.errorsText();
        if (row.scopeNone || child.wantPassive == row.parentPassive) {
          CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::string(), r.errorsText());
          std::string want = row.scopeNone ? "(none)" : row.lock;
          CPPUNIT_ASSERT_EQUAL_MESSAGE(what, want, r.bound("C"));
          CPPUNIT_ASSERT_EQUAL_MESSAGE(what, want, r.cbLock("C", child.cb));
          if (!row.scopeNone)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what, r.info(row.lock).exposedLock, r.info("C").boundLock);
        } else {
          assertOnlyRejection(r, "C", child.api, status::WdfIncompatibleExecutionLevel,
                              {"AutomaticSerialization", row.parentPassive ? "is passive" : "not flagged passive"});
          CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::string("(none)"), r.bound("C"));
        }
        ++checked;
      }
    CPPUNIT_ASSERT_EQUAL(12 * 7 + 5 * 4, checked);
  }

  // Other object as parent: the nearest device/queue ancestor gives the scope and the lock.
  void bindThroughOtherObject() {
    Resolved r = resolveText(std::string("device Dev { }\n"
                                         "queue QP { DispatchType = Parallel; ExecutionLevel = Passive; "
                                         "SynchronizationScope = Queue; EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "queue QD { DispatchType = Parallel; SynchronizationScope = Queue; EvtIoRead { " +
                             Complete +
                             " } }\n"
                             "workitem W1 { parent = QP; EvtWorkItem { } }\n"
                             "workitem W2 { parent = W1; EvtWorkItem { } }\n"
                             "dpc D1 { parent = QD; EvtDpcFunc { } }\n"
                             "dpc D2 { parent = D1; EvtDpcFunc { } }\n"
                             "timer T2 { parent = D1; EvtTimerFunc { } }\n"
                             "timer TP { parent = W1; ExecutionLevel = Passive; EvtTimerFunc { } }");
    assertAccepted(r);
    CPPUNIT_ASSERT_EQUAL(std::string("QP"), r.bound("W2"));
    CPPUNIT_ASSERT_EQUAL(r.id("QP"), r.info("W2").constraintAncestor);
    CPPUNIT_ASSERT_EQUAL(std::string("QD"), r.bound("D2"));
    CPPUNIT_ASSERT_EQUAL(r.id("QD"), r.info("D2").constraintAncestor);
    CPPUNIT_ASSERT_EQUAL(std::string("QD"), r.bound("T2"));
    CPPUNIT_ASSERT_EQUAL(std::string("QP"), r.bound("TP"));
    // With the device as the nearest ancestor.
    Resolved r2 = resolveText("device Dev { ExecutionLevel = Passive; SynchronizationScope = Device; }\n"
                              "workitem W1 { EvtWorkItem { } }\n"
                              "workitem W2 { parent = W1; EvtWorkItem { } }");
    assertAccepted(r2);
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r2.bound("W2"));
    CPPUNIT_ASSERT_EQUAL(r2.id("Dev"), r2.info("W2").constraintAncestor);
  }

  // ... but the level check uses the immediate parent's own passive flag (R2.7), not the ancestor's level.
  void bindOtherObjectTestsImmediateParentFlag() {
    // A work item under a DPC under a passive, queue-scoped queue: the DPC is not flagged passive.
    Resolved r = resolveText(std::string("device Dev { }\n"
                                         "queue QP { DispatchType = Parallel; ExecutionLevel = Passive; "
                                         "SynchronizationScope = Queue; EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "dpc D { parent = QP; AutomaticSerialization = false; EvtDpcFunc { } }\n"
                             "workitem W { parent = D; EvtWorkItem { } }");
    assertOnlyRejection(r, "W", "WdfWorkItemCreate", status::WdfIncompatibleExecutionLevel,
                        {"QP's mutex", "parent D is not flagged passive"});
    // A DPC under a work item under a dispatch, queue-scoped queue: the work item is flagged passive.
    Resolved r2 = resolveText(std::string("device Dev { }\n"
                                          "queue QD { DispatchType = Parallel; SynchronizationScope = Queue; "
                                          "EvtIoRead { ") +
                              Complete +
                              " } }\n"
                              "workitem W { parent = QD; AutomaticSerialization = false; EvtWorkItem { } }\n"
                              "dpc D { parent = W; EvtDpcFunc { } }");
    assertOnlyRejection(r2, "D", "WdfDpcCreate", status::WdfIncompatibleExecutionLevel,
                        {"DISPATCH_LEVEL callback", "QD's spin lock", "parent W is passive"});
  }

  // The flip side of the immediate-parent test [src]: a DPC under an (unflagged) DPC under a
  // passive queue passes the check and binds to the queue's mutex.
  void bindDpcUnderDpcUnderPassiveQueue() {
    Resolved r = resolveText(std::string("device Dev { }\n"
                                         "queue QP { DispatchType = Parallel; ExecutionLevel = Passive; "
                                         "SynchronizationScope = Queue; EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "dpc D1 { parent = QP; AutomaticSerialization = false; EvtDpcFunc { } }\n"
                             "dpc D2 { parent = D1; EvtDpcFunc { } }");
    assertAccepted(r);
    CPPUNIT_ASSERT_EQUAL(std::string("QP"), r.bound("D2"));
    CPPUNIT_ASSERT(r.lock(r.info("D2").boundLock).kind == LockKind::Mutex);
    assertIrql(r.irql("D2", CallbackId::DpcFunc), DispatchLevel, false, "EvtDpcFunc of D2");
  }

  // Interrupt EvtInterruptDpc: wants DISPATCH.
  void bindInterruptDpc() {
    Resolved r = resolveText("device Dev { SynchronizationScope = Device; }\n"
                             "interrupt I { AutomaticSerialization = true; EvtInterruptIsr { return true; }\n"
                             "  EvtInterruptDpc { } }\n"
                             "interrupt J { EvtInterruptIsr { return true; } EvtInterruptDpc { } }");
    assertAccepted(r);
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.bound("I"));
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.cbLock("I", CallbackId::InterruptDpc));
    CPPUNIT_ASSERT_EQUAL(std::string("I"), r.cbLock("I", CallbackId::InterruptIsr)); // never the scope lock
    assertIrql(r.irql("I", CallbackId::InterruptDpc), DispatchLevel, false, "EvtInterruptDpc");
    // R4.1: AutomaticSerialization defaults to false for interrupts.
    CPPUNIT_ASSERT_EQUAL(std::string("(none)"), r.bound("J"));
    CPPUNIT_ASSERT_EQUAL(std::string("(none)"), r.cbLock("J", CallbackId::InterruptDpc));
  }

  // Interrupt EvtInterruptWorkItem: wants PASSIVE.
  void bindInterruptWorkItem() {
    Resolved r = resolveText("device Dev { ExecutionLevel = Passive; SynchronizationScope = Device; }\n"
                             "interrupt I { PassiveHandling = true; AutomaticSerialization = true;\n"
                             "  EvtInterruptIsr { return true; } EvtInterruptWorkItem { } }\n"
                             "interrupt K { AutomaticSerialization = true;\n"
                             "  EvtInterruptIsr { return true; } EvtInterruptWorkItem { } }");
    assertAccepted(r);
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.bound("I"));
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.cbLock("I", CallbackId::InterruptWorkItem));
    CPPUNIT_ASSERT(r.lock(r.info("I").boundLock).kind == LockKind::Mutex);
    CPPUNIT_ASSERT_EQUAL(std::string("I"), r.cbLock("I", CallbackId::InterruptIsr));
    assertIrql(r.irql("I", CallbackId::InterruptWorkItem), PassiveLevel, false, "EvtInterruptWorkItem");
    // A DIRQL interrupt with a work item wants PASSIVE too.
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.bound("K"));
    CPPUNIT_ASSERT(r.hasDiscrepancy("D5"));
  }

  // Neither EvtInterruptDpc nor EvtInterruptWorkItem: PassiveHandling decides.
  void bindInterruptWithoutDeferredCallback() {
    Resolved r = resolveText("device Dev { SynchronizationScope = Device; }\n"
                             "interrupt I { AutomaticSerialization = true; EvtInterruptIsr { return true; } }\n"
                             "interrupt P { PassiveHandling = true; AutomaticSerialization = true;\n"
                             "  EvtInterruptIsr { return true; } }");
    assertOnlyRejection(r, "P", "WdfInterruptCreate", status::WdfIncompatibleExecutionLevel,
                        {"Dev's spin lock", "not flagged passive"});
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.bound("I"));
    Resolved r2 = resolveText("device Dev { ExecutionLevel = Passive; SynchronizationScope = Device; }\n"
                              "interrupt P { PassiveHandling = true; AutomaticSerialization = true;\n"
                              "  EvtInterruptIsr { return true; } }\n"
                              "interrupt I { AutomaticSerialization = true; EvtInterruptIsr { return true; } }");
    assertOnlyRejection(r2, "I", "WdfInterruptCreate", status::WdfIncompatibleExecutionLevel,
                        {"Dev's mutex", "is passive"});
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r2.bound("P"));
  }

  void bindInterruptUnderQueue() {
    Resolved r = resolveText(std::string("device Dev { }\n"
                                         "queue Q { DispatchType = Parallel; SynchronizationScope = Queue; "
                                         "EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "interrupt I { parent = Q; AutomaticSerialization = true;\n"
                             "  EvtInterruptIsr { return true; } EvtInterruptDpc { } }");
    assertAccepted(r);
    CPPUNIT_ASSERT_EQUAL(std::string("Q"), r.bound("I"));
    CPPUNIT_ASSERT_EQUAL(std::string("Q"), r.cbLock("I", CallbackId::InterruptDpc));
    CPPUNIT_ASSERT_EQUAL(r.id("Q"), r.info("I").constraintAncestor);
  }

  // AS = FALSE: bound lock none, and no level check.
  void automaticSerializationOffNeverBindsNorFails() {
    Resolved r = resolveText("device Dev { SynchronizationScope = Device; }\n"
                             "workitem W { AutomaticSerialization = false; EvtWorkItem { } }\n"
                             "timer TP { AutomaticSerialization = false; ExecutionLevel = Passive; EvtTimerFunc { } }");
    assertAccepted(r);
    CPPUNIT_ASSERT_EQUAL(std::string("(none)"), r.bound("W"));
    CPPUNIT_ASSERT_EQUAL(std::string("(none)"), r.bound("TP"));
    CPPUNIT_ASSERT_EQUAL(std::string("(none)"), r.cbLock("W", CallbackId::WorkItem));
    Resolved r2 = resolveText("device Dev { ExecutionLevel = Passive; SynchronizationScope = Device; }\n"
                              "dpc D { AutomaticSerialization = false; EvtDpcFunc { } }");
    assertAccepted(r2);
    CPPUNIT_ASSERT_EQUAL(std::string("(none)"), r2.bound("D"));
  }

  // D2: the device is Passive only through the driver, so it is not flagged passive.
  void inheritedPassiveDeviceD2() {
    Resolved r = resolveText("driver { ExecutionLevel = Passive; SynchronizationScope = Device; }\n"
                             "device Dev { }\n"
                             "workitem W { EvtWorkItem { } }\n"
                             "dpc D { EvtDpcFunc { } }\n"
                             "timer T { EvtTimerFunc { } }\n"
                             "timer TP { ExecutionLevel = Passive; EvtTimerFunc { } }");
    CPPUNIT_ASSERT(r.lock(r.info("Dev").ownLock).kind == LockKind::Mutex);
    assertRejected(r, "W", "WdfWorkItemCreate", status::WdfIncompatibleExecutionLevel,
                   {"Dev's mutex", "inherited from the driver", "D2"});
    assertRejected(r, "TP", "WdfTimerCreate", status::WdfIncompatibleExecutionLevel,
                   {"passive-level callback", "inherited from the driver"});
    CPPUNIT_ASSERT_EQUAL(size_t(2), r.m.errors.size());
    // The DPC and the dispatch timer are accepted and bound to the device's mutex [derived].
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.bound("D"));
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.bound("T"));
    CPPUNIT_ASSERT(r.lock(r.info("D").boundLock).kind == LockKind::Mutex);
    assertIrql(r.irql("D", CallbackId::DpcFunc), DispatchLevel, false, "EvtDpcFunc");
    CPPUNIT_ASSERT(r.hasDiscrepancy("D2"));
  }

  // A queue inheriting that Passive level is flagged (queues go by their resolved level), so a
  // work item under it is accepted and takes the device's mutex (queue scope Device, inherited).
  void inheritedPassiveDeviceQueueChild() {
    Resolved r = resolveText(std::string("driver { ExecutionLevel = Passive; SynchronizationScope = Device; }\n"
                                         "device Dev { }\n"
                                         "queue Q { DispatchType = Parallel; EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "workitem W { parent = Q; EvtWorkItem { } }");
    assertAccepted(r);
    CPPUNIT_ASSERT(r.info("Q").passiveFlag);
    CPPUNIT_ASSERT(r.info("Q").scope == SyncScope::Device);
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.bound("W"));
    CPPUNIT_ASSERT(r.lock(r.info("W").boundLock).kind == LockKind::Mutex);
  }

  // The same design with the level set on the device itself behaves the other way round.
  void explicitPassiveDeviceContrastD2() {
    Resolved r = resolveText("driver { SynchronizationScope = Device; }\n"
                             "device Dev { ExecutionLevel = Passive; }\n"
                             "workitem W { EvtWorkItem { } }\n"
                             "dpc D { EvtDpcFunc { } }");
    assertOnlyRejection(r, "D", "WdfDpcCreate", status::WdfIncompatibleExecutionLevel,
                        {"DISPATCH_LEVEL callback", "Dev's mutex", "parent Dev is passive"});
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.bound("W"));
    CPPUNIT_ASSERT(!r.hasDiscrepancy("D2"));
  }

  // ---------------------------------------------------------------- IRQL and lock of every callback

  std::string everyCallbackDesign() {
    return std::string("device Dev { ExecutionLevel = Passive; FileObject { SynchronizationScope = Device; }\n"
                       "  EvtDeviceFileCreate { ") +
           Complete +
           " } EvtFileCleanup { } EvtFileClose { } }\n"
           "function Cancel() { WdfRequestComplete(Request, STATUS_CANCELLED); }\n"
           "function bool Sync() { return true; }\n"
           "queue QP { DispatchType = Parallel; SynchronizationScope = Queue;\n"
           "  EvtIoDefault { WdfRequestMarkCancelable(Request, Cancel); } EvtIoRead { " +
           Complete + " } EvtIoWrite { " + Complete + " }\n  EvtIoDeviceControl { " + Complete +
           " } EvtIoInternalDeviceControl { " + Complete +
           " }\n  EvtIoCanceledOnQueue { } EvtIoStop { } EvtIoResume { } }\n"
           "queue QS { DispatchType = Parallel; ExecutionLevel = Dispatch; SynchronizationScope = Queue;\n"
           "  EvtIoDefault { WdfRequestMarkCancelable(Request, Cancel); } EvtIoRead { " +
           Complete + " } EvtIoWrite { " + Complete + " }\n  EvtIoDeviceControl { " + Complete +
           " } EvtIoInternalDeviceControl { " + Complete +
           " }\n  EvtIoCanceledOnQueue { } EvtIoStop { } EvtIoResume { } }\n"
           "queue QN { DispatchType = Parallel; ExecutionLevel = Dispatch; SynchronizationScope = None;\n"
           "  EvtIoDefault { WdfRequestMarkCancelable(Request, Cancel); } EvtIoRead { " +
           Complete + " } EvtIoWrite { " + Complete + " }\n  EvtIoDeviceControl { " + Complete +
           " } EvtIoInternalDeviceControl { " + Complete +
           " }\n  EvtIoCanceledOnQueue { } EvtIoStop { } EvtIoResume { } }\n"
           "workitem W { parent = QP; EvtWorkItem { } }\n"
           "dpc D { parent = QS; EvtDpcFunc { } }\n"
           "timer T { parent = QS; EvtTimerFunc { } }\n"
           "timer TP { parent = QP; ExecutionLevel = Passive; EvtTimerFunc { } }\n"
           "interrupt I { parent = QS; AutomaticSerialization = true; EvtInterruptIsr { return true; }\n"
           "  EvtInterruptDpc { } EvtInterruptEnable { } EvtInterruptDisable { } }\n"
           "interrupt P { parent = QP; PassiveHandling = true; AutomaticSerialization = true;\n"
           "  EvtInterruptIsr { WdfInterruptSynchronize(Interrupt, Sync); return true; }\n"
           "  EvtInterruptWorkItem { } EvtInterruptEnable { } EvtInterruptDisable { } }";
  }

  // §1 IRQL column, for every CallbackId.
  void callbackIrqlEveryKind() {
    Resolved r = resolveText(everyCallbackDesign());
    assertAccepted(r);
    const CallbackId queueCbs[] = {CallbackId::IoDefault,         CallbackId::IoRead,
                                   CallbackId::IoWrite,           CallbackId::IoDeviceControl,
                                   CallbackId::IoInternalDeviceControl, CallbackId::IoCanceledOnQueue,
                                   CallbackId::IoStop,            CallbackId::IoResume,
                                   CallbackId::RequestCancel};
    for (CallbackId cb : queueCbs) {
      assertIrql(r.irql("QP", cb), PassiveLevel, false, std::string(callbackName(cb)) + " of a passive queue");
      assertIrql(r.irql("QS", cb), DispatchLevel, false,
                 std::string(callbackName(cb)) + " of a dispatch queue with a spin lock");
      assertIrql(r.irql("QN", cb), DispatchLevel, true,
                 std::string(callbackName(cb)) + " of a dispatch queue without a lock");
    }
    // A cancel routine whose queue is unknown.
    assertIrql(r.m.callbackIrql(r.d(), -1, CallbackId::RequestCancel), DispatchLevel, true,
               "EvtRequestCancel, queue unknown");
    for (CallbackId cb : {CallbackId::DeviceFileCreate, CallbackId::FileCleanup, CallbackId::FileClose})
      assertIrql(r.irql("Dev", cb), PassiveLevel, false, callbackName(cb));
    assertIrql(r.irql("W", CallbackId::WorkItem), PassiveLevel, false, "EvtWorkItem");
    assertIrql(r.irql("D", CallbackId::DpcFunc), DispatchLevel, false, "EvtDpcFunc");
    assertIrql(r.irql("T", CallbackId::TimerFunc), DispatchLevel, false, "EvtTimerFunc, normal timer");
    assertIrql(r.irql("TP", CallbackId::TimerFunc), PassiveLevel, false, "EvtTimerFunc, passive timer");
    for (CallbackId cb : {CallbackId::InterruptIsr, CallbackId::InterruptEnable, CallbackId::InterruptDisable,
                          CallbackId::InterruptSynchronize}) {
      assertIrql(r.irql("I", cb), DeviceLevel, false, std::string(callbackName(cb)) + ", DIRQL interrupt");
      assertIrql(r.irql("P", cb), PassiveLevel, false, std::string(callbackName(cb)) + ", passive interrupt");
    }
    assertIrql(r.irql("I", CallbackId::InterruptDpc), DispatchLevel, false, "EvtInterruptDpc");
    assertIrql(r.irql("P", CallbackId::InterruptWorkItem), PassiveLevel, false, "EvtInterruptWorkItem");
    // EvtInterruptDpc of a passive interrupt still runs at DISPATCH_LEVEL.
    assertIrql(r.irql("P", CallbackId::InterruptDpc), DispatchLevel, false, "EvtInterruptDpc, passive interrupt");
  }

  // §1 lock column, for every CallbackId.
  void callbackLockEveryKind() {
    Resolved r = resolveText(everyCallbackDesign());
    assertAccepted(r);
    const CallbackId queueCbs[] = {CallbackId::IoDefault,         CallbackId::IoRead,
                                   CallbackId::IoWrite,           CallbackId::IoDeviceControl,
                                   CallbackId::IoInternalDeviceControl, CallbackId::IoCanceledOnQueue,
                                   CallbackId::IoStop,            CallbackId::IoResume,
                                   CallbackId::RequestCancel};
    for (CallbackId cb : queueCbs) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(callbackName(cb), std::string("QP"), r.cbLock("QP", cb));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(callbackName(cb), std::string("QS"), r.cbLock("QS", cb));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(callbackName(cb), std::string("(none)"), r.cbLock("QN", cb));
    }
    CPPUNIT_ASSERT_EQUAL(-1, r.m.callbackLock(r.d(), -1, CallbackId::RequestCancel));
    for (CallbackId cb : {CallbackId::DeviceFileCreate, CallbackId::FileCleanup, CallbackId::FileClose})
      CPPUNIT_ASSERT_EQUAL_MESSAGE(callbackName(cb), std::string("Dev"), r.cbLock("Dev", cb));
    CPPUNIT_ASSERT_EQUAL(std::string("QP"), r.cbLock("W", CallbackId::WorkItem));
    CPPUNIT_ASSERT_EQUAL(std::string("QS"), r.cbLock("D", CallbackId::DpcFunc));
    CPPUNIT_ASSERT_EQUAL(std::string("QS"), r.cbLock("T", CallbackId::TimerFunc));
    CPPUNIT_ASSERT_EQUAL(std::string("QP"), r.cbLock("TP", CallbackId::TimerFunc));
    CPPUNIT_ASSERT_EQUAL(std::string("QS"), r.cbLock("I", CallbackId::InterruptDpc));
    CPPUNIT_ASSERT_EQUAL(std::string("QP"), r.cbLock("P", CallbackId::InterruptWorkItem));
    for (CallbackId cb : {CallbackId::InterruptIsr, CallbackId::InterruptEnable, CallbackId::InterruptDisable,
                          CallbackId::InterruptSynchronize}) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(callbackName(cb), std::string("I"), r.cbLock("I", cb));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(callbackName(cb), std::string("P"), r.cbLock("P", cb));
    }
    CPPUNIT_ASSERT(r.lock(r.m.callbackLock(r.d(), r.id("I"), CallbackId::InterruptIsr)).kind == LockKind::Interrupt);
    CPPUNIT_ASSERT(r.lock(r.m.callbackLock(r.d(), r.id("P"), CallbackId::InterruptIsr)).kind == LockKind::WaitLock);
  }

  // ---------------------------------------------------------------- §3 rejections

  // Common: an Invalid (zero) enum value fails attribute validation.
  void invalidEnumOnDriver() {
    Resolved r = resolveText("driver { ExecutionLevel = WdfExecutionLevelInvalid; }\ndevice Dev { }");
    assertOnlyRejection(r, "driver", "WdfDriverCreate", status::WdfObjectAttributesInvalid, {"Invalid"});
  }

  void invalidEnumOnDevice() {
    Resolved r = resolveText("device Dev { SynchronizationScope = WdfSynchronizationScopeInvalid; }");
    assertOnlyRejection(r, "Dev", "WdfDeviceCreate", status::WdfObjectAttributesInvalid, {"Invalid"});
  }

  void invalidEnumOnEveryCreateCall() {
    Resolved r = resolveText(std::string("device Dev { }\n"
                                         "queue Q { DispatchType = Parallel; ExecutionLevel = Invalid; EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "workitem W { SynchronizationScope = Invalid; EvtWorkItem { } }\n"
                             "dpc D { ExecutionLevel = Invalid; EvtDpcFunc { } }\n"
                             "timer T { SynchronizationScope = Invalid; EvtTimerFunc { } }\n"
                             "interrupt I { ExecutionLevel = Invalid; EvtInterruptIsr { return true; } }");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.errorsText(), size_t(5), r.m.errors.size());
    assertRejected(r, "Q", "WdfIoQueueCreate", status::WdfObjectAttributesInvalid, {"Invalid"});
    assertRejected(r, "W", "WdfWorkItemCreate", status::WdfObjectAttributesInvalid, {"Invalid"});
    assertRejected(r, "D", "WdfDpcCreate", status::WdfObjectAttributesInvalid, {"Invalid"});
    assertRejected(r, "T", "WdfTimerCreate", status::WdfObjectAttributesInvalid, {"Invalid"});
    assertRejected(r, "I", "WdfInterruptCreate", status::WdfObjectAttributesInvalid, {"Invalid"});
  }

  // R1.3: ExecutionLevel only on driver, device, file object, queue, timer.
  void executionLevelNotAllowed() {
    Resolved r = resolveText("device Dev { }\n"
                             "workitem W { ExecutionLevel = Passive; EvtWorkItem { } }\n"
                             "dpc D { ExecutionLevel = Dispatch; EvtDpcFunc { } }\n"
                             "interrupt I { ExecutionLevel = Passive; PassiveHandling = true; "
                             "EvtInterruptIsr { return true; } }");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.errorsText(), size_t(3), r.m.errors.size());
    assertRejected(r, "W", "WdfWorkItemCreate", status::WdfExecutionLevelInvalid,
                   {"a work item does not accept an ExecutionLevel"});
    assertRejected(r, "D", "WdfDpcCreate", status::WdfExecutionLevelInvalid, {"a DPC does not accept an ExecutionLevel"});
    assertRejected(r, "I", "WdfInterruptCreate", status::WdfExecutionLevelInvalid,
                   {"an interrupt does not accept an ExecutionLevel"});
  }

  void executionLevelInheritAccepted() {
    Resolved r = resolveText("device Dev { }\n"
                             "workitem W { ExecutionLevel = InheritFromParent; EvtWorkItem { } }\n"
                             "dpc D { ExecutionLevel = WdfExecutionLevelInheritFromParent; EvtDpcFunc { } }\n"
                             "interrupt I { ExecutionLevel = InheritFromParent; EvtInterruptIsr { return true; } }\n"
                             "timer T { ExecutionLevel = Dispatch; EvtTimerFunc { } }");
    assertAccepted(r);
  }

  // R1.3: SynchronizationScope Device/Queue only on driver, device, file object, queue.
  void synchronizationScopeNotAllowed() {
    Resolved r = resolveText("device Dev { }\n"
                             "workitem W { SynchronizationScope = Device; EvtWorkItem { } }\n"
                             "dpc D { SynchronizationScope = Queue; EvtDpcFunc { } }\n"
                             "timer T { SynchronizationScope = WdfSynchronizationScopeDevice; EvtTimerFunc { } }\n"
                             "interrupt I { SynchronizationScope = Queue; EvtInterruptIsr { return true; } }");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.errorsText(), size_t(4), r.m.errors.size());
    assertRejected(r, "W", "WdfWorkItemCreate", status::WdfSynchronizationScopeInvalid,
                   {"a work item does not accept a SynchronizationScope of Device"});
    assertRejected(r, "D", "WdfDpcCreate", status::WdfSynchronizationScopeInvalid,
                   {"a DPC does not accept a SynchronizationScope of Queue"});
    assertRejected(r, "T", "WdfTimerCreate", status::WdfSynchronizationScopeInvalid,
                   {"a timer does not accept a SynchronizationScope of Device"});
    assertRejected(r, "I", "WdfInterruptCreate", status::WdfSynchronizationScopeInvalid,
                   {"an interrupt does not accept a SynchronizationScope of Queue"});
  }

  // Scope None (and InheritFromParent) is always accepted.
  void synchronizationScopeNoneAccepted() {
    Resolved r = resolveText("device Dev { }\n"
                             "workitem W { SynchronizationScope = None; EvtWorkItem { } }\n"
                             "dpc D { SynchronizationScope = InheritFromParent; EvtDpcFunc { } }\n"
                             "timer T { SynchronizationScope = None; EvtTimerFunc { } }\n"
                             "interrupt I { SynchronizationScope = None; EvtInterruptIsr { return true; } }");
    assertAccepted(r);
  }

  void deviceParentNotAllowed() {
    Resolved r = resolveText("device Dev { parent = driver; }");
    assertOnlyRejection(r, "Dev", "WdfDeviceCreate", status::WdfParentAssignmentNotAllowed, {"ParentObject"});
    Resolved r2 = resolveText("device Dev { parent = W; }\nworkitem W { EvtWorkItem { } }");
    assertRejected(r2, "Dev", "WdfDeviceCreate", status::WdfParentAssignmentNotAllowed, {"ParentObject"});
    // parent = NULL names no ParentObject.
    assertAccepted(resolveText("device Dev { parent = NULL; }"));
  }

  void driverParentNotAllowed() {
    Resolved r = resolveText("driver { parent = Dev; }\ndevice Dev { }");
    assertOnlyRejection(r, "driver", "WdfDriverCreate", status::WdfParentAssignmentNotAllowed, {"ParentObject"});
    assertAccepted(resolveText("driver { parent = NULL; }\ndevice Dev { }"));
  }

  // Work items, DPCs and timers need a ParentObject.
  void nullParentNotSpecified() {
    Resolved r = resolveText("device Dev { }\n"
                             "workitem W { parent = NULL; EvtWorkItem { } }\n"
                             "dpc D { parent = NULL; EvtDpcFunc { } }\n"
                             "timer T { parent = NULL; EvtTimerFunc { } }");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.errorsText(), size_t(3), r.m.errors.size());
    assertRejected(r, "W", "WdfWorkItemCreate", status::WdfParentNotSpecified, {"parent", "NULL"});
    assertRejected(r, "D", "WdfDpcCreate", status::WdfParentNotSpecified, {"parent", "NULL"});
    assertRejected(r, "T", "WdfTimerCreate", status::WdfParentNotSpecified, {"parent", "NULL"});
  }

  // A queue and an interrupt without a ParentObject are parented to the device.
  void nullParentDefaultsForQueueAndInterrupt() {
    Resolved r = resolveText(std::string("device Dev { SynchronizationScope = Device; }\n"
                                         "queue Q { parent = NULL; DispatchType = Parallel; EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "interrupt I { parent = NULL; AutomaticSerialization = true; "
                             "EvtInterruptIsr { return true; } EvtInterruptDpc { } }\n"
                             "interrupt J { parent = NULL; EvtInterruptIsr { return true; } }");
    assertAccepted(r);
    CPPUNIT_ASSERT_EQUAL(std::string("Dev"), r.bound("I"));
    CPPUNIT_ASSERT_EQUAL(r.id("Dev"), r.info("I").constraintAncestor);
  }

  // A parent without a device ancestor (the driver).
  void driverParentHasNoDeviceAncestor() {
    Resolved r = resolveText("device Dev { }\n"
                             "workitem W { parent = driver; EvtWorkItem { } }\n"
                             "dpc D { parent = driver; EvtDpcFunc { } }\n"
                             "timer T { parent = driver; EvtTimerFunc { } }\n"
                             "workitem W2 { parent = W; EvtWorkItem { } }");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.errorsText(), size_t(4), r.m.errors.size());
    assertRejected(r, "W", "WdfWorkItemCreate", status::InvalidDeviceRequest, {"no device ancestor"});
    assertRejected(r, "D", "WdfDpcCreate", status::InvalidDeviceRequest, {"no device ancestor"});
    assertRejected(r, "T", "WdfTimerCreate", status::InvalidDeviceRequest, {"no device ancestor"});
    assertRejected(r, "W2", "WdfWorkItemCreate", status::InvalidDeviceRequest, {"no device ancestor"});
  }

  void queueParentDriver() {
    Resolved r = resolveText(std::string("device Dev { }\n"
                                         "queue Q { parent = driver; DispatchType = Sequential; EvtIoRead { ") +
                             Complete + " } }");
    assertOnlyRejection(r, "Q", "WdfIoQueueCreate", status::InvalidDeviceRequest, {"ParentObject", "device"});
  }

  void workItemWithoutCallback() {
    Resolved r = resolveText("device Dev { }\nworkitem W { }");
    assertOnlyRejection(r, "W", "WdfWorkItemCreate", status::InvalidParameter, {"EvtWorkItem"});
  }

  // EvtDpcFunc NULL is not rejected.
  void dpcWithoutCallbackAccepted() {
    assertAccepted(resolveText("device Dev { SynchronizationScope = Device; }\ndpc D { }"));
  }

  void workItemIncompatibleLevel() {
    Resolved r = resolveText(std::string("device Dev { }\n"
                                         "queue Q { DispatchType = Parallel; SynchronizationScope = Queue; "
                                         "EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "workitem W { parent = Q; EvtWorkItem { } }");
    assertOnlyRejection(r, "W", "WdfWorkItemCreate", status::WdfIncompatibleExecutionLevel,
                        {"AutomaticSerialization", "passive-level callback", "Q's spin lock", "parent Q",
                         "not flagged passive", "Dispatch"});
    Resolved r2 = resolveText("device Dev { SynchronizationScope = Device; }\nworkitem W { EvtWorkItem { } }");
    assertOnlyRejection(r2, "W", "WdfWorkItemCreate", status::WdfIncompatibleExecutionLevel,
                        {"Dev's spin lock", "parent Dev"});
  }

  void dpcIncompatibleLevel() {
    Resolved r = resolveText(std::string("device Dev { }\n"
                                         "queue Q { DispatchType = Parallel; ExecutionLevel = Passive; "
                                         "SynchronizationScope = Queue; EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "dpc D { parent = Q; EvtDpcFunc { } }");
    assertOnlyRejection(r, "D", "WdfDpcCreate", status::WdfIncompatibleExecutionLevel,
                        {"AutomaticSerialization", "DISPATCH_LEVEL callback", "Q's mutex", "parent Q is passive"});
  }

  // (explicit Passive) != (parent passive-flagged), both ways.
  void timerIncompatibleLevel() {
    Resolved r = resolveText("device Dev { SynchronizationScope = Device; }\n"
                             "timer TP { ExecutionLevel = Passive; EvtTimerFunc { } }");
    assertOnlyRejection(r, "TP", "WdfTimerCreate", status::WdfIncompatibleExecutionLevel,
                        {"passive-level callback", "Dev's spin lock", "not flagged passive"});
    Resolved r2 = resolveText(std::string("device Dev { }\n"
                                          "queue Q { DispatchType = Parallel; ExecutionLevel = Passive; "
                                          "SynchronizationScope = Queue; EvtIoRead { ") +
                              Complete +
                              " } }\n"
                              "timer T { parent = Q; ExecutionLevel = Dispatch; EvtTimerFunc { } }");
    assertOnlyRejection(r2, "T", "WdfTimerCreate", status::WdfIncompatibleExecutionLevel,
                        {"DISPATCH_LEVEL callback", "Q's mutex", "parent Q is passive"});
  }

  // Period > MAXLONG: a hex literal above 0x7FFFFFFF wraps negative, as in C.
  void timerPeriodTooLarge() {
    Resolved r = resolveText("device Dev { }\ntimer T { Period = 0x80000000; EvtTimerFunc { } }");
    assertOnlyRejection(r, "T", "WdfTimerCreate", status::InvalidParameter, {"Period", "MAXLONG"});
    assertAccepted(resolveText("device Dev { }\ntimer T { Period = 0x7FFFFFFF; EvtTimerFunc { } }"));
  }

  void timerTolerableDelayWithHighResolution() {
    Resolved r =
        resolveText("device Dev { }\ntimer T { TolerableDelay = 5; UseHighResolutionTimer = true; EvtTimerFunc { } }");
    assertOnlyRejection(r, "T", "WdfTimerCreate", status::InvalidParameter, {"high-resolution", "TolerableDelay"});
    assertAccepted(resolveText("device Dev { }\ntimer T { TolerableDelay = 5; EvtTimerFunc { } }"));
    assertAccepted(resolveText("device Dev { }\ntimer T { UseHighResolutionTimer = TRUE; EvtTimerFunc { } }"));
  }

  // Checked regardless of AutomaticSerialization.
  void timerPeriodicPassive() {
    Resolved r = resolveText("device Dev { }\n"
                             "timer T { Period = 1000; ExecutionLevel = Passive; EvtTimerFunc { } }\n"
                             "timer U { Period = 1; ExecutionLevel = Passive; AutomaticSerialization = false; "
                             "EvtTimerFunc { } }");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.errorsText(), size_t(2), r.m.errors.size());
    assertRejected(r, "T", "WdfTimerCreate", status::NotSupported, {"passive-level timer", "periodic"});
    assertRejected(r, "U", "WdfTimerCreate", status::NotSupported, {"passive-level timer", "periodic"});
    assertAccepted(resolveText("device Dev { }\ntimer T { Period = 1000; EvtTimerFunc { } }"));
  }

  void interruptWithoutIsr() {
    Resolved r = resolveText("device Dev { }\ninterrupt I { EvtInterruptDpc { } }");
    assertOnlyRejection(r, "I", "WdfInterruptCreate", status::InvalidParameter, {"EvtInterruptIsr"});
  }

  // A ParentObject while AutomaticSerialization is FALSE (even the device itself).
  void interruptParentWithoutSerialization() {
    Resolved r = resolveText(std::string("device Dev { }\n"
                                         "queue Q { DispatchType = Parallel; EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "interrupt I { parent = Q; EvtInterruptIsr { return true; } }\n"
                             "interrupt J { parent = Dev; AutomaticSerialization = false; "
                             "EvtInterruptIsr { return true; } }\n"
                             "interrupt K { parent = driver; EvtInterruptIsr { return true; } }");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.errorsText(), size_t(3), r.m.errors.size());
    for (const char *i : {"I", "J", "K"})
      assertRejected(r, i, "WdfInterruptCreate", status::WdfParentAssignmentNotAllowed,
                     {"ParentObject", "AutomaticSerialization"});
  }

  void interruptDpcAndWorkItem() {
    Resolved r = resolveText("device Dev { }\n"
                             "interrupt I { EvtInterruptIsr { return true; } EvtInterruptDpc { } "
                             "EvtInterruptWorkItem { } }");
    assertOnlyRejection(r, "I", "WdfInterruptCreate", status::InvalidParameter,
                        {"EvtInterruptDpc", "EvtInterruptWorkItem", "not both"});
  }

  void interruptLockKindMismatch() {
    Resolved r = resolveText("device Dev { }\nspinlock S;\nwaitlock L;\n"
                             "interrupt I { WaitLock = L; EvtInterruptIsr { return true; } }\n"
                             "interrupt P { PassiveHandling = true; SpinLock = S; EvtInterruptIsr { return true; } }");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.errorsText(), size_t(2), r.m.errors.size());
    assertRejected(r, "I", "WdfInterruptCreate", status::InvalidParameter, {"WaitLock", "PassiveHandling"});
    assertRejected(r, "P", "WdfInterruptCreate", status::InvalidParameter, {"PassiveHandling", "SpinLock"});
  }

  void interruptParentNotQueueOrDevice() {
    Resolved r = resolveText("device Dev { }\n"
                             "workitem W { EvtWorkItem { } }\n"
                             "interrupt I { parent = W; AutomaticSerialization = true; "
                             "EvtInterruptIsr { return true; } }\n"
                             "interrupt K { parent = driver; AutomaticSerialization = true; "
                             "EvtInterruptIsr { return true; } }");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.errorsText(), size_t(2), r.m.errors.size());
    assertRejected(r, "I", "WdfInterruptCreate", status::InvalidParameter, {"parent", "device", "queues"});
    assertRejected(r, "K", "WdfInterruptCreate", status::InvalidParameter, {"parent", "device", "queues"});
  }

  // wantPassive (work item -> TRUE, DPC -> FALSE) != parent passive-flagged (D9).
  void interruptIncompatibleLevel() {
    Resolved r = resolveText("device Dev { ExecutionLevel = Passive; SynchronizationScope = Device; }\n"
                             "interrupt I { PassiveHandling = true; AutomaticSerialization = true;\n"
                             "  EvtInterruptIsr { return true; } EvtInterruptDpc { } }");
    assertOnlyRejection(r, "I", "WdfInterruptCreate", status::WdfIncompatibleExecutionLevel,
                        {"EvtInterruptDpc", "Dev's mutex", "is passive"});
    CPPUNIT_ASSERT(r.hasDiscrepancy("D9"));
    Resolved r2 = resolveText(std::string("device Dev { }\n"
                                          "queue Q { DispatchType = Parallel; SynchronizationScope = Queue; "
                                          "EvtIoRead { ") +
                              Complete +
                              " } }\n"
                              "interrupt I { parent = Q; PassiveHandling = true; AutomaticSerialization = true;\n"
                              "  EvtInterruptIsr { return true; } EvtInterruptWorkItem { } }");
    assertOnlyRejection(r2, "I", "WdfInterruptCreate", status::WdfIncompatibleExecutionLevel,
                        {"EvtInterruptWorkItem", "Q's spin lock", "not flagged passive"});
  }

  void queueManualWithHandler() {
    for (const char *cb : {"EvtIoDefault", "EvtIoRead", "EvtIoWrite", "EvtIoDeviceControl",
                           "EvtIoInternalDeviceControl"}) {
      Resolved r = resolveText(std::string("device Dev { }\nqueue Q { DispatchType = Manual; ") + cb + " { " +
                               Complete + " } }");
      assertOnlyRejection(r, "Q", "WdfIoQueueCreate", status::InvalidParameter, {"manual queue", "request handlers"});
    }
  }

  // The other queue callbacks are fine on a manual queue.
  void queueManualWithCancelCallbackAccepted() {
    assertAccepted(resolveText(std::string("device Dev { }\nqueue Q { DispatchType = WdfIoQueueDispatchManual; "
                                           "EvtIoCanceledOnQueue { ") +
                               Complete + " } EvtIoStop { } EvtIoResume { } }"));
  }

  void queuePresentedRequestsNotParallel() {
    Resolved r = resolveText(std::string("device Dev { }\n"
                                         "queue QS { DispatchType = Sequential; NumberOfPresentedRequests = 1; "
                                         "EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "queue QM { DispatchType = Manual; NumberOfPresentedRequests = 2; }");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.errorsText(), size_t(2), r.m.errors.size());
    assertRejected(r, "QS", "WdfIoQueueCreate", status::InvalidParameter,
                   {"NumberOfPresentedRequests", "parallel", "Sequential"});
    assertRejected(r, "QM", "WdfIoQueueCreate", status::InvalidParameter,
                   {"NumberOfPresentedRequests", "parallel", "Manual"});
    assertAccepted(resolveText(std::string("device Dev { }\nqueue QP { DispatchType = Parallel; "
                                           "NumberOfPresentedRequests = 1; EvtIoRead { ") +
                               Complete + " } }\nqueue QS { DispatchType = Sequential; NumberOfPresentedRequests = 0; "
                                          "EvtIoRead { " +
                               Complete + " } }"));
  }

  void queueWithoutHandler() {
    Resolved r = resolveText(std::string("device Dev { }\n"
                                         "queue QS { DispatchType = Sequential; }\n"
                                         "queue QP { DispatchType = Parallel; EvtIoCanceledOnQueue { ") +
                             Complete + " } EvtIoStop { } }");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.errorsText(), size_t(2), r.m.errors.size());
    assertRejected(r, "QS", "WdfIoQueueCreate", status::WdfNoCallback, {"Sequential", "request handler"});
    assertRejected(r, "QP", "WdfIoQueueCreate", status::WdfNoCallback, {"Parallel", "request handler"});
  }

  void queueInvalidDispatchType() {
    Resolved r = resolveText("device Dev { }\nqueue Q { DispatchType = WdfIoQueueDispatchInvalid; }");
    assertOnlyRejection(r, "Q", "WdfIoQueueCreate", status::InvalidParameter, {"WdfIoQueueDispatchInvalid"});
  }

  // Scope Device needs the queue's level to equal the device's.
  void queueDeviceScopeLevelMismatch() {
    Resolved r = resolveText(std::string("device Dev { }\n"
                                         "queue Q { DispatchType = Parallel; ExecutionLevel = Passive; "
                                         "SynchronizationScope = Device; EvtIoRead { ") +
                             Complete + " } }");
    assertOnlyRejection(r, "Q", "WdfIoQueueCreate", status::InvalidParameter,
                        {"SynchronizationScope Device", "(Passive)", "(Dispatch)"});
    // The device's scope Device, inherited by the queue; the device's level inherited from the driver.
    Resolved r2 = resolveText(std::string("driver { ExecutionLevel = Passive; }\n"
                                          "device Dev { SynchronizationScope = Device; }\n"
                                          "queue Q { DispatchType = Parallel; ExecutionLevel = Dispatch; "
                                          "EvtIoRead { ") +
                              Complete + " } }");
    assertOnlyRejection(r2, "Q", "WdfIoQueueCreate", status::InvalidParameter, {"(Dispatch)", "(Passive)"});
    // Same level: accepted.
    assertAccepted(resolveText(std::string("device Dev { ExecutionLevel = Passive; }\n"
                                           "queue Q { DispatchType = Parallel; ExecutionLevel = Passive; "
                                           "SynchronizationScope = Device; EvtIoRead { ") +
                               Complete + " } }"));
  }

  // R2.3: file scope resolving to Queue is refused, explicitly or inherited from the device.
  void fileObjectQueueScope() {
    Resolved r = resolveText("device Dev { FileObject { SynchronizationScope = Queue; } }");
    assertOnlyRejection(r, "Dev", "WdfDeviceCreate", status::InvalidDeviceRequest, {"file object", "Queue"});
    Resolved r2 = resolveText("device Dev { SynchronizationScope = Queue; FileObject { ExecutionLevel = Passive; } }");
    assertOnlyRejection(r2, "Dev", "WdfDeviceCreate", status::InvalidDeviceRequest, {"file object", "Queue"});
  }

  // R2.3: file scope Device needs a Passive device.
  void fileObjectDeviceScopeOnDispatchDevice() {
    Resolved r = resolveText("device Dev { SynchronizationScope = Device; FileObject { } }");
    assertOnlyRejection(r, "Dev", "WdfDeviceCreate", status::InvalidDeviceRequest,
                        {"file object", "Device", "Passive device", "Dispatch"});
    Resolved r2 = resolveText("device Dev { FileObject { SynchronizationScope = Device; ExecutionLevel = Passive; } }");
    assertOnlyRejection(r2, "Dev", "WdfDeviceCreate", status::InvalidDeviceRequest, {"Passive device"});
  }

  // §6 of the language: every config finding of a file is reported, one per object.
  void everyRejectionReported() {
    Resolved r = resolveText(std::string("device Dev { SynchronizationScope = Device; }\n"
                                         "queue Q { DispatchType = Manual; EvtIoRead { ") +
                             Complete +
                             " } }\n"
                             "workitem W { parent = NULL; }\n"            // first failed check wins
                             "timer T { Period = 10; ExecutionLevel = Passive; EvtTimerFunc { } }\n"
                             "dpc D { EvtDpcFunc { } }");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.errorsText(), size_t(3), r.m.errors.size());
    assertRejected(r, "Q", "WdfIoQueueCreate", status::InvalidParameter, {"manual queue"});
    assertRejected(r, "W", "WdfWorkItemCreate", status::WdfParentNotSpecified, {"NULL"});
    assertRejected(r, "T", "WdfTimerCreate", status::NotSupported, {"periodic"});
    assertNotRejected(r, "D");
  }

  // ---------------------------------------------------------------- explain

  static std::unique_ptr<test::Compiled> osrForum() {
    auto c = test::compile(test::readFile(test::sourcePath("scenarios/examples/osr-forum.scenario")),
                           "scenarios/examples/osr-forum.scenario");
    CPPUNIT_ASSERT_EQUAL(std::string(), c->errors);
    CPPUNIT_ASSERT(c->design.has_value());
    return c;
  }

  // Each work item runs at PASSIVE_LEVEL holding its own queue's mutex, is serialized with
  // itself, and is not serialized with the other queue's work item.
  void explainOsrForum() {
    auto c = osrForum();
    ObjectModel m = resolve(*c->design);
    CPPUNIT_ASSERT(m.errors.empty());
    Explanation x = explain(*c->design, m);
    const std::pair<const char *, const char *> items[] = {{"WA", "QA"}, {"WB", "QB"}};
    for (auto [w, q] : items) {
      const CallbackEntry &e = entry(x, std::string("EvtWorkItem of ") + w);
      CPPUNIT_ASSERT_EQUAL(c->design->find(w), e.object);
      CPPUNIT_ASSERT(e.callback == CallbackId::WorkItem);
      assertIrql(e.irql, PassiveLevel, false, e.name);
      CPPUNIT_ASSERT_EQUAL(std::string("PASSIVE_LEVEL"), describeIrql(e.irql));
      CPPUNIT_ASSERT(e.lock >= 0);
      CPPUNIT_ASSERT_EQUAL(std::string(q), m.locks[e.lock].name);
      CPPUNIT_ASSERT(m.locks[e.lock].kind == LockKind::Mutex);
      CPPUNIT_ASSERT_EQUAL(c->design->find(q), m.locks[e.lock].object);
      CPPUNIT_ASSERT_EQUAL(m.objects[c->design->find(q)].ioLock, e.lock); // the queue's own callback lock
      CPPUNIT_ASSERT(e.lockWhy.find(std::string(q) + "'s callback lock") != std::string::npos);
      int i = entryIndex(x, e.name);
      const PairEntry *self = x.pair(i, i);
      CPPUNIT_ASSERT(self != nullptr);
      CPPUNIT_ASSERT_MESSAGE(self->reason, !self->concurrent);
      CPPUNIT_ASSERT(self->reason.find(q) != std::string::npos);
    }
    int a = entryIndex(x, "EvtWorkItem of WA"), b = entryIndex(x, "EvtWorkItem of WB");
    const PairEntry *ab = x.pair(a, b);
    CPPUNIT_ASSERT(ab != nullptr);
    CPPUNIT_ASSERT_MESSAGE(ab->reason, ab->concurrent);
    CPPUNIT_ASSERT(ab->reason.find("no common lock") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(ab, x.pair(b, a));
  }

  void explainOsrForumJson() {
    auto c = osrForum();
    ObjectModel m = resolve(*c->design);
    Explanation x = explain(*c->design, m);
    nlohmann::json j = nlohmann::json::parse(reports::explainJson(*c->design, m, x));
    CPPUNIT_ASSERT_EQUAL(std::string("wdfcheck-explain/1"), j["schema"].get<std::string>());
    CPPUNIT_ASSERT(j["config"].is_array() && j["config"].empty());
    const std::pair<const char *, const char *> items[] = {{"WA", "QA"}, {"WB", "QB"}};
    for (auto [w, q] : items) {
      std::string name = std::string("EvtWorkItem of ") + w;
      std::string other = std::string("EvtWorkItem of ") + (std::string(w) == "WA" ? "WB" : "WA");
      const nlohmann::json *cb = nullptr;
      for (const auto &e : j["callbacks"])
        if (e["name"] == name)
          cb = &e;
      CPPUNIT_ASSERT_MESSAGE("no JSON entry for " + name, cb != nullptr);
      CPPUNIT_ASSERT_EQUAL(std::string("EvtWorkItem"), (*cb)["callback"].get<std::string>());
      CPPUNIT_ASSERT_EQUAL(std::string(w), (*cb)["object"].get<std::string>());
      CPPUNIT_ASSERT((*cb)["runs"].get<bool>());
      CPPUNIT_ASSERT_EQUAL(std::string("PASSIVE_LEVEL"), (*cb)["irql"].get<std::string>());
      CPPUNIT_ASSERT_EQUAL(std::string(q), (*cb)["lock"]["name"].get<std::string>());
      CPPUNIT_ASSERT_EQUAL(std::string("mutex"), (*cb)["lock"]["kind"].get<std::string>());
      auto with = (*cb)["serializedWith"].get<std::vector<std::string>>();
      CPPUNIT_ASSERT(std::find(with.begin(), with.end(), "itself") != with.end());
      CPPUNIT_ASSERT(std::find(with.begin(), with.end(), "every callback of queue " + std::string(q)) != with.end());
      CPPUNIT_ASSERT(std::find(with.begin(), with.end(), other) == with.end());
    }
    int found = 0;
    for (const auto &p : j["pairs"]) {
      std::string a = p["a"], b = p["b"];
      if (a == b) {
        CPPUNIT_ASSERT_MESSAGE(a, !p["concurrent"].get<bool>());
        ++found;
      } else if ((a == "EvtWorkItem of WA" && b == "EvtWorkItem of WB") ||
                 (a == "EvtWorkItem of WB" && b == "EvtWorkItem of WA")) {
        CPPUNIT_ASSERT(p["concurrent"].get<bool>());
        ++found;
      }
    }
    CPPUNIT_ASSERT_EQUAL(3, found);
    bool qaMutex = false;
    for (const auto &l : j["locks"])
      if (l["name"] == "QA")
        qaMutex = l["kind"] == "mutex" && l["callbackLock"] == true;
    CPPUNIT_ASSERT(qaMutex);
  }

  // The JSON form lists the creation-time rejections with object, call, status and why.
  void explainJsonConfigErrors() {
    auto c = test::compile(std::string("device Dev { }\n"
                                       "queue Q { DispatchType = Parallel; SynchronizationScope = Queue; "
                                       "EvtIoRead { ") +
                           Complete + " } }\nworkitem W { parent = Q; EvtWorkItem { } }");
    CPPUNIT_ASSERT_EQUAL(std::string(), c->errors);
    ObjectModel m = resolve(*c->design);
    nlohmann::json j = nlohmann::json::parse(reports::explainJson(*c->design, m, explain(*c->design, m)));
    CPPUNIT_ASSERT_EQUAL(size_t(1), j["config"].size());
    CPPUNIT_ASSERT_EQUAL(std::string("W"), j["config"][0]["object"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("WdfWorkItemCreate"), j["config"][0]["call"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("STATUS_WDF_INCOMPATIBLE_EXECUTION_LEVEL"),
                         j["config"][0]["status"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(m.errors[0].why, j["config"][0]["why"].get<std::string>());
  }

  // D3 is explained on the timer whose Inherit level gives a DISPATCH_LEVEL timer.
  void explainTimerInheritNoteD3() {
    auto c = test::compile("device Dev { ExecutionLevel = Passive; }\n"
                           "timer T { ExecutionLevel = InheritFromParent; EvtTimerFunc { } }\n"
                           "timer U { EvtTimerFunc { } }");
    CPPUNIT_ASSERT_EQUAL(std::string(), c->errors);
    ObjectModel m = resolve(*c->design);
    Explanation x = explain(*c->design, m);
    const CallbackEntry &t = entry(x, "EvtTimerFunc of T");
    assertIrql(t.irql, DispatchLevel, false, t.name);
    CPPUNIT_ASSERT_EQUAL(size_t(1), t.notes.size());
    CPPUNIT_ASSERT(t.notes[0].rfind("D3:", 0) == 0);
    // Leaving ExecutionLevel out is the same as InheritFromParent.
    CPPUNIT_ASSERT_EQUAL(size_t(1), entry(x, "EvtTimerFunc of U").notes.size());
    // Under a dispatch-level parent the timer is what the docs say too: no note.
    auto d = test::compile("device Dev { }\ntimer V { EvtTimerFunc { } }");
    ObjectModel md = resolve(*d->design);
    CPPUNIT_ASSERT(entry(explain(*d->design, md), "EvtTimerFunc of V").notes.empty());
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ObjectModelTest);
