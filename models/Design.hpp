// A driver's locking design as the checker sees it: the framework objects with the
// settings the scenario gave them, the shared state, the code of every callback, function
// and environment thread, and the expect/suppress lines. The scenario front end builds it;
// the object model resolves it; the explorer runs it.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "Ir.hpp"
#include "Settings.hpp"

namespace wdf::model {

enum class ObjKind : uint8_t {
  Driver, Device, Queue, WorkItem, Dpc, Timer, Interrupt, SpinLock, WaitLock, Event, File,
};
const char *kindName(ObjKind k); // "queue", "workitem", ...

// What `parent = ...` said.
enum class ParentKind : uint8_t { Default, Object, Null, Driver };

struct Object {
  ObjKind kind;
  std::string name;
  SourceLoc loc;

  // WDF_OBJECT_ATTRIBUTES; nullopt = not given (InheritFromParent)
  std::optional<ExecLevel> level;
  std::optional<SyncScope> scope;
  ParentKind parentKind = ParentKind::Default;
  int parent = -1;             // ParentKind::Object
  SourceLoc parentLoc;

  // work item, DPC, timer, interrupt
  std::optional<bool> autoSerialization;
  // queue
  DispatchType dispatch = DispatchType::Invalid;
  std::optional<int32_t> presentedLimit; // NumberOfPresentedRequests
  bool powerManaged = true;
  // timer
  int32_t period = 0;
  int32_t tolerableDelay = 0;
  bool highResolution = false;
  // interrupt
  bool passiveHandling = false;
  int spinLock = -1, waitLock = -1;      // driver locks used as the interrupt lock
  // event
  bool synchronizationEvent = false;
  bool initiallySignaled = false;
  // device: file object attributes (FileObject { ... })
  bool hasFileObjectAttrs = false;
  std::optional<ExecLevel> fileLevel;
  std::optional<SyncScope> fileScope;

  // callbacks declared on the object: body index or -1
  std::array<int, static_cast<size_t>(CallbackId::Count)> callbacks;

  Object(ObjKind k, std::string n, SourceLoc l) : kind(k), name(std::move(n)), loc(l) {
    callbacks.fill(-1);
  }
  int callback(CallbackId id) const { return callbacks[static_cast<size_t>(id)]; }
};

enum class ValueType : uint8_t { Int, Bool, Request };

struct SharedVar {
  std::string name;
  ValueType type;
  SourceLoc loc;
  int32_t base = 0;      // first cell in the shared array
  int32_t size = 1;      // 1 for scalars
  bool isArray = false;
  std::vector<int32_t> init;
};

struct RequestField {
  std::string name;
  ValueType type;
  int32_t init = 0;
};

struct Thread {
  std::string name;
  int level = PassiveLevel;
  int body = -1;
  SourceLoc loc;
};

// A named request (`send ... as R`) or file (`open as F`); each statement that creates
// one has a site.
struct Handle {
  std::string name;
  SourceLoc loc;
  int thread = -1;  // the thread whose statement creates it
};

// `expect [no] kind(args);` or `suppress kind(args);`
struct Pattern {
  SourceLoc loc;
  bool negated = false;
  std::string kind;
  std::vector<std::string> args;
};

// Where a cancel routine or EvtInterruptSynchronize function is passed.
struct RoutineUse {
  int body = -1;         // the compiled routine
  CallbackId callback;   // RequestCancel or InterruptSynchronize
  int owner = -1;        // the interrupt (synchronize), or the queue whose callback marked it
  SourceLoc loc;
};

struct Design {
  std::string path;
  uint32_t file = 0;
  std::string title;
  std::vector<Object> objects;       // index = object id; objects[driver] always exists
  int driver = -1, device = -1;
  SourceLoc driverLoc;               // the driver block, if any
  std::vector<SharedVar> shared;
  int32_t sharedCells = 0;
  std::vector<RequestField> requestFields;
  std::vector<Body> bodies;
  std::vector<RoutineUse> routines;
  std::vector<Thread> threads;
  std::vector<Handle> requests, files;
  int finallyBody = -1;
  std::vector<std::string> strings;  // assert messages
  std::vector<Pattern> expects, suppressions;

  int find(const std::string &name) const; // object id by name, or -1
  std::vector<int> ofKind(ObjKind k) const;
};

} // namespace wdf::model
