// The framework's view of a design once every object is created: resolved execution
// levels and synchronization scopes, the callback locks and which callbacks take them,
// the interrupt locks, the IRQL of every callback, and the creation-time rejections
// (kmdf-semantics.md §2–§3). Computed once per design, before exploration.
#pragma once
#include <string>
#include <vector>

#include "Design.hpp"

namespace wdf::model {

enum class LockKind : uint8_t {
  SpinLock,  // raises to DISPATCH_LEVEL (callback spin lock, WDFSPINLOCK)
  Mutex,     // a framework callback lock at passive level (FAST_MUTEX)
  WaitLock,  // WDFWAITLOCK
  Interrupt, // a DIRQL interrupt's spin lock (built in, or a WDFSPINLOCK given as SpinLock)
};
const char *lockKindName(LockKind k); // "spin lock", "mutex", ...

struct Lock {
  std::string name;     // the lock identity used in reports: "Dev", "Q1", "StatsLock", "I1"
  LockKind kind;
  int object = -1;      // the device, queue, driver lock object or interrupt it belongs to
  bool callbackLock = false; // a framework callback lock: recursive acquisition bug-checks
};

// Where a callback's IRQL comes from.
struct IrqlSpec {
  int level = PassiveLevel;
  bool caller = false;  // "the caller's IRQL" (at most DISPATCH_LEVEL): an unlocked dispatch queue
};

// A creation-time rejection: the create call fails with `status`.
struct ConfigError {
  int object = -1;
  std::string api;      // "WdfWorkItemCreate"
  int32_t status = 0;
  std::string why;      // one sentence
  SourceLoc loc;
};

// A place where the framework's source and its documentation disagree, and which one the
// answer follows (kmdf-semantics.md §5).
struct Discrepancy {
  std::string id;       // "D1"
  std::string text;
};

struct ObjectInfo {
  ExecLevel level = ExecLevel::Dispatch;     // resolved (driver, device, queue; timers: Passive iff passive timer)
  SyncScope scope = SyncScope::None;         // resolved (driver, device, queue)
  bool passiveFlag = false;                  // FXOBJECT_FLAGS_PASSIVE_CALLBACKS (R2.7)
  int ownLock = -1;                          // device, queue: the lock it owns (-1 if nothing can take it)
  int exposedLock = -1;                      // device, queue: WdfObjectAcquireLock takes this one
  int ioLock = -1;                           // queue: L(Q), taken around its callbacks
  int boundLock = -1;                        // AS children: the lock bound by §2.4
  int constraintAncestor = -1;               // AS children: C of §2.4
  int interruptLock = -1;                    // interrupts
  int driverLock = -1;                       // spinlock / waitlock objects
  // device only: the file object
  SyncScope fileScope = SyncScope::None;
  int fileLock = -1;
  bool passiveTimer = false;                 // timers: explicitly Passive
  std::vector<std::string> notes;            // how the values were resolved, for explain
};

struct ObjectModel {
  std::vector<ObjectInfo> objects;           // parallel to Design::objects
  std::vector<Lock> locks;
  std::vector<ConfigError> errors;
  std::vector<Discrepancy> discrepancies;    // those that affect this design

  // The IRQL at which callback `cb` of object `object` starts.
  IrqlSpec callbackIrql(const Design &d, int object, CallbackId cb) const;
  // The framework lock held around callback `cb` of `object`, or -1.
  int callbackLock(const Design &d, int object, CallbackId cb) const;
  int lockOf(int object) const;              // driver spinlock/waitlock object -> lock id
};

ObjectModel resolve(const Design &d);

} // namespace wdf::model
