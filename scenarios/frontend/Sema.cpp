#include "Sema.hpp"

#include <algorithm>
#include <set>

#include "SemaContext.hpp"
#include "models/Constants.hpp"

namespace wdf::frontend {

using namespace ast;
using model::CallbackId;
using model::ObjKind;

namespace {

ObjKind toObjKind(ObjectKind k) {
  switch (k) {
  case ObjectKind::Driver: return ObjKind::Driver;
  case ObjectKind::Device: return ObjKind::Device;
  case ObjectKind::Queue: return ObjKind::Queue;
  case ObjectKind::WorkItem: return ObjKind::WorkItem;
  case ObjectKind::Dpc: return ObjKind::Dpc;
  case ObjectKind::Timer: return ObjKind::Timer;
  case ObjectKind::Interrupt: return ObjKind::Interrupt;
  }
  return ObjKind::Driver;
}

struct CallbackInfo {
  CallbackId id;
  const char *name;
  ObjKind owner;
};
const CallbackInfo Callbacks[] = {
#define CALLBACK(Id, Name, Owner) {CallbackId::Id, Name, ObjKind::Owner},
#include "models/Callbacks.def"
#undef CALLBACK
};

// Callbacks a scenario declares on an object (cancel and synchronize routines are passed
// to API calls instead).
bool declarable(CallbackId id) {
  return id != CallbackId::RequestCancel && id != CallbackId::InterruptSynchronize;
}

std::vector<std::string> attributesOf(ObjKind k, bool fileObject) {
  if (fileObject)
    return {"ExecutionLevel", "SynchronizationScope"};
  switch (k) {
  case ObjKind::Driver:
  case ObjKind::Device: return {"ExecutionLevel", "SynchronizationScope", "parent"};
  case ObjKind::Queue:
    return {"parent", "DispatchType", "PowerManaged", "ExecutionLevel", "SynchronizationScope",
            "NumberOfPresentedRequests"};
  case ObjKind::WorkItem:
  case ObjKind::Dpc:
    return {"parent", "AutomaticSerialization", "ExecutionLevel", "SynchronizationScope"};
  case ObjKind::Timer:
    return {"parent", "AutomaticSerialization", "Period", "ExecutionLevel", "SynchronizationScope",
            "TolerableDelay", "UseHighResolutionTimer"};
  case ObjKind::Interrupt:
    return {"parent", "PassiveHandling", "AutomaticSerialization", "SpinLock", "WaitLock",
            "ExecutionLevel", "SynchronizationScope"};
  case ObjKind::Event: return {"Type", "Signaled"};
  default: return {};
  }
}

std::string joinList(const std::vector<std::string> &v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i)
    s += (i ? (i + 1 == v.size() ? " or " : ", ") : "") + v[i];
  return s;
}

const char *article(ObjKind k) {
  return (k == ObjKind::Interrupt || k == ObjKind::Event) ? "an" : "a";
}

} // namespace

// ---------------------------------------------------------------- symbols

// Words with a meaning of their own in some context: keywords, the implicit locals of
// callbacks, and `driver` (a parent). They cannot name objects, variables or functions.
static bool isReservedName(const std::string &n) {
  static const char *const words[] = {
      "scenario", "driver", "device", "queue", "workitem", "dpc", "timer", "interrupt", "spinlock",
      "waitlock", "event", "shared", "request", "function", "environment", "thread", "finally", "expect",
      "suppress", "int", "bool", "void", "true", "false", "TRUE", "FALSE", "NULL", "if", "else", "while",
      "for", "break", "continue", "return", "assert", "assume", "choose", "status", "open", "close",
      "send", "cancel", "wait", "Request", "Queue", "WorkItem", "Dpc", "Timer", "Interrupt", "FileObject",
      "NT_SUCCESS", "KeGetCurrentIrql"};
  for (const char *w : words)
    if (n == w)
      return true;
  return false;
}

void Sema::declare(const std::string &name, GlobalSym sym) {
  if (model::lookupConstant(name)) {
    diags_.error(sym.loc, "'" + name + "' is a predefined constant and cannot be redefined");
    return;
  }
  if (isReservedName(name)) {
    diags_.error(sym.loc, "'" + name + "' is a reserved word of the scenario language and cannot be used as a name");
    return;
  }
  auto [it, inserted] = globals_.emplace(name, sym);
  if (!inserted) {
    diags_.error(sym.loc, "redefinition of '" + name + "'");
    diags_.note(it->second.loc, "'" + name + "' was first declared here");
  }
}

const GlobalSym *Sema::lookup(const std::string &name) const {
  auto it = globals_.find(name);
  return it == globals_.end() ? nullptr : &it->second;
}

Type Sema::objectType(int object) const {
  switch (design_.objects[object].kind) {
  case ObjKind::Driver: return Type::Driver;
  case ObjKind::Device: return Type::Device;
  case ObjKind::Queue: return Type::Queue;
  case ObjKind::WorkItem: return Type::WorkItem;
  case ObjKind::Dpc: return Type::Dpc;
  case ObjKind::Timer: return Type::Timer;
  case ObjKind::Interrupt: return Type::Interrupt;
  case ObjKind::SpinLock: return Type::SpinLock;
  case ObjKind::WaitLock: return Type::WaitLock;
  case ObjKind::Event: return Type::Event;
  case ObjKind::File: return Type::File;
  }
  return Type::Error;
}

int Sema::stringId(const std::string &s) {
  auto [it, inserted] = strings_.emplace(s, static_cast<int>(design_.strings.size()));
  if (inserted)
    design_.strings.push_back(s);
  return it->second;
}

// ---------------------------------------------------------------- driver

bool Sema::run() {
  design_.file = ast_.file;
  design_.title = ast_.title.value_or("");
  declareAll();
  if (design_.device < 0) {
    diags_.error({ast_.file, 0}, "a scenario needs a device: declare one with 'device Name { ... }'");
    return false;
  }
  buildShared();
  buildRequestFields();
  // The object a declaration made (Design::find scans every object: quadratic here).
  auto objectId = [&](const ObjectDecl &d) {
    if (d.kind == ObjectKind::Driver)
      return design_.driver;
    const GlobalSym *g = lookup(d.name.name);
    return g && g->kind == GlobalSym::Object ? g->index : -1;
  };
  for (const ObjectDecl &d : ast_.objects) {
    int id = objectId(d);
    if (id >= 0 && design_.objects[id].loc == d.loc)
      buildObject(d, id);
  }
  checkParentCycles();
  functionBodies_.assign(ast_.functions.size(), NotCompiled);
  functionBusy_.assign(ast_.functions.size(), false);
  for (const ObjectDecl &d : ast_.objects) {
    int id = objectId(d);
    if (id >= 0 && design_.objects[id].loc == d.loc)
      buildCallbacks(d, id);
  }
  buildEnvironment();
  // Functions nobody calls are still checked, as plain functions; those only bound to
  // callbacks were checked at each binding.
  std::set<std::string> bound;
  for (const ObjectDecl &d : ast_.objects)
    for (const Callback &cb : d.callbacks)
      if (cb.function)
        bound.insert(cb.function->name);
  for (const auto &[key, body] : routineBodies_)
    bound.insert(ast_.functions[std::get<0>(key)].name.name);
  for (size_t i = 0; i < ast_.functions.size(); ++i)
    if (functionBodies_[i] == NotCompiled && !bound.count(ast_.functions[i].name.name))
      functionBody(static_cast<int>(i), ast_.functions[i].name.loc);
  checkPatterns();
  return !diags_.hasErrors();
}

void Sema::declareAll() {
  // The driver always exists; `driver { ... }` only sets its attributes.
  design_.objects.emplace_back(ObjKind::Driver, "driver", SourceLoc{});
  design_.driver = 0;
  for (const ObjectDecl &d : ast_.objects) {
    if (d.kind == ObjectKind::Driver) {
      if (design_.driverLoc.valid()) {
        diags_.error(d.loc, "the driver block is given twice");
        continue;
      }
      design_.driverLoc = d.loc;
      design_.objects[0].loc = d.loc;
      continue;
    }
    if (d.kind == ObjectKind::Device && design_.device >= 0) {
      diags_.error(d.loc, "a scenario has exactly one device; '" +
                              design_.objects[design_.device].name + "' is already declared");
      continue;
    }
    if (lookup(d.name.name) || isReservedName(d.name.name) || model::lookupConstant(d.name.name)) {
      declare(d.name.name, {GlobalSym::Object, -1, d.name.loc}); // reports why
      continue;
    }
    int id = static_cast<int>(design_.objects.size());
    design_.objects.emplace_back(toObjKind(d.kind), d.name.name, d.loc);
    declare(d.name.name, {GlobalSym::Object, id, d.name.loc});
    if (d.kind == ObjectKind::Device)
      design_.device = id;
  }
  for (const LockDecl &l : ast_.locks) {
    if (lookup(l.name.name) || isReservedName(l.name.name) || model::lookupConstant(l.name.name)) {
      declare(l.name.name, {GlobalSym::Object, -1, l.name.loc});
      continue;
    }
    int id = static_cast<int>(design_.objects.size());
    design_.objects.emplace_back(l.kind == LockKind::SpinLock ? ObjKind::SpinLock : ObjKind::WaitLock,
                                 l.name.name, l.name.loc);
    declare(l.name.name, {GlobalSym::Object, id, l.name.loc});
  }
  for (const EventDecl &e : ast_.events) {
    if (lookup(e.name.name) || isReservedName(e.name.name) || model::lookupConstant(e.name.name)) {
      declare(e.name.name, {GlobalSym::Object, -1, e.name.loc});
      continue;
    }
    int id = static_cast<int>(design_.objects.size());
    design_.objects.emplace_back(ObjKind::Event, e.name.name, e.name.loc);
    declare(e.name.name, {GlobalSym::Object, id, e.name.loc});
    model::Object &o = design_.objects[id];
    std::set<std::string> seen;
    for (const Attribute &a : e.attrs) {
      if (!seen.insert(a.name.name).second) {
        diags_.error(a.name.loc, "attribute '" + a.name.name + "' is given twice");
        continue;
      }
      if (a.name.name == "Type") {
        if (a.value->kind == ExprKind::Name && a.value->name == "NotificationEvent")
          o.synchronizationEvent = false;
        else if (a.value->kind == ExprKind::Name && a.value->name == "SynchronizationEvent")
          o.synchronizationEvent = true;
        else
          diags_.error(a.value->loc, "expected NotificationEvent or SynchronizationEvent as the event Type");
      } else if (a.name.name == "Signaled") {
        if (a.value->kind == ExprKind::Bool)
          o.initiallySignaled = a.value->intValue != 0;
        else
          diags_.error(a.value->loc, "expected true or false for Signaled");
      } else {
        diags_.error(a.name.loc, "unknown attribute '" + a.name.name +
                                     "' for an event; expected Type or Signaled");
      }
    }
  }
  for (size_t i = 0; i < ast_.shared.size(); ++i)
    declare(ast_.shared[i].name.name, {GlobalSym::Shared, static_cast<int>(i), ast_.shared[i].name.loc});
  for (size_t i = 0; i < ast_.functions.size(); ++i)
    declare(ast_.functions[i].name.name,
            {GlobalSym::Function, static_cast<int>(i), ast_.functions[i].name.loc});
  if (ast_.environment) {
    for (size_t i = 0; i < ast_.environment->threads.size(); ++i) {
      const ThreadDecl &t = ast_.environment->threads[i];
      declare(t.name.name, {GlobalSym::Thread, static_cast<int>(i), t.name.loc});
    }
    for (size_t i = 0; i < ast_.environment->threads.size(); ++i)
      collectHandles(*ast_.environment->threads[i].body, static_cast<int>(i));
  }
}

// Request (`send ... as R`) and file (`open as F`) names, declared by the statements that
// create them; every send and open statement is a site with an index.
void Sema::collectHandles(const Stmt &s, int thread) {
  if (s.kind == StmtKind::Send || s.kind == StmtKind::Open) {
    model::Handle h{s.name.name, s.loc, thread};
    if (s.kind == StmtKind::Send) {
      int idx = static_cast<int>(design_.requests.size());
      design_.requests.push_back(h);
      sendSites[s.loc] = idx;
      if (!s.name.name.empty())
        declare(s.name.name, {GlobalSym::RequestHandle, idx, s.name.loc});
    } else {
      int idx = static_cast<int>(design_.files.size());
      design_.files.push_back(h);
      int obj = static_cast<int>(design_.objects.size());
      design_.objects.emplace_back(ObjKind::File,
                                   s.name.name.empty() ? "file#" + std::to_string(idx + 1) : s.name.name,
                                   s.loc);
      openFiles[s.loc] = obj;
      if (!s.name.name.empty())
        declare(s.name.name, {GlobalSym::FileHandle, obj, s.name.loc});
    }
  }
  for (const StmtPtr &c : s.children)
    if (c)
      collectHandles(*c, thread);
}

// ---------------------------------------------------------------- objects

int32_t Sema::constantValue(const Expr &e, const char *what) {
  if (e.kind == ExprKind::Int)
    return e.intValue;
  if (e.kind == ExprKind::Name)
    if (auto v = model::lookupConstant(e.name))
      return *v;
  diags_.error(e.loc, std::string("expected an integer constant for ") + what);
  return 0;
}

void Sema::applyAttribute(model::Object &o, const Attribute &a, bool fileObject) {
  const std::string &n = a.name.name;
  const Expr &v = *a.value;
  auto enumName = [&]() -> std::string { return v.kind == ExprKind::Name ? v.name : ""; };
  auto boolValue = [&](bool &out) {
    if (v.kind == ExprKind::Bool)
      out = v.intValue != 0;
    else
      diags_.error(v.loc, "expected true or false for " + n);
  };
  if (n == "ExecutionLevel") {
    auto lvl = model::parseExecLevel(enumName());
    if (!lvl) {
      diags_.error(v.loc, "expected an ExecutionLevel: Passive, Dispatch or InheritFromParent "
                          "(or WdfExecutionLevelPassive, ...)");
      return;
    }
    (fileObject ? o.fileLevel : o.level) = *lvl;
  } else if (n == "SynchronizationScope") {
    auto sc = model::parseSyncScope(enumName());
    if (!sc) {
      diags_.error(v.loc, "expected a SynchronizationScope: Device, Queue, None or "
                          "InheritFromParent (or WdfSynchronizationScopeDevice, ...)");
      return;
    }
    (fileObject ? o.fileScope : o.scope) = *sc;
  } else if (n == "DispatchType") {
    auto dt = model::parseDispatchType(enumName());
    if (!dt) {
      diags_.error(v.loc, "expected a DispatchType: Sequential, Parallel or Manual "
                          "(or WdfIoQueueDispatchSequential, ...)");
      return;
    }
    o.dispatch = *dt;
  } else if (n == "parent") {
    o.parentLoc = v.loc;
    if (v.kind == ExprKind::Null) {
      o.parentKind = model::ParentKind::Null;
    } else if (v.kind == ExprKind::Name && v.name == "driver") {
      o.parentKind = model::ParentKind::Driver;
    } else if (v.kind == ExprKind::Name) {
      const GlobalSym *g = lookup(v.name);
      if (!g || g->kind != GlobalSym::Object || g->index < 0) {
        diags_.error(v.loc, "unknown parent '" + v.name + "'; expected a declared object, driver or NULL");
        return;
      }
      ObjKind pk = design_.objects[g->index].kind;
      if (pk == ObjKind::SpinLock || pk == ObjKind::WaitLock || pk == ObjKind::Event || pk == ObjKind::File) {
        diags_.error(v.loc, "'" + v.name + "' is " + article(pk) + " " + model::kindName(pk) +
                                " and cannot be a parent; expected the device, a queue, a work item, "
                                "a DPC, a timer or an interrupt");
        return;
      }
      if (&design_.objects[g->index] == &o && o.kind != ObjKind::Driver) {
        diags_.error(v.loc, "an object cannot be its own parent");
        return;
      }
      o.parentKind = model::ParentKind::Object;
      o.parent = g->index;
    } else {
      diags_.error(v.loc, "expected an object name, driver or NULL as the parent");
    }
  } else if (n == "AutomaticSerialization") {
    bool b = false;
    boolValue(b);
    o.autoSerialization = b;
  } else if (n == "PowerManaged") {
    boolValue(o.powerManaged);
  } else if (n == "PassiveHandling") {
    boolValue(o.passiveHandling);
  } else if (n == "UseHighResolutionTimer") {
    boolValue(o.highResolution);
  } else if (n == "NumberOfPresentedRequests") {
    int32_t k = constantValue(v, "NumberOfPresentedRequests");
    if (k < 0)
      diags_.error(v.loc, "NumberOfPresentedRequests must not be negative (0 means unlimited)");
    o.presentedLimit = k;
  } else if (n == "Period") {
    o.period = constantValue(v, "Period");
  } else if (n == "TolerableDelay") {
    o.tolerableDelay = constantValue(v, "TolerableDelay");
  } else if (n == "SpinLock" || n == "WaitLock") {
    ObjKind want = n == "SpinLock" ? ObjKind::SpinLock : ObjKind::WaitLock;
    const GlobalSym *g = v.kind == ExprKind::Name ? lookup(v.name) : nullptr;
    if (!g || g->kind != GlobalSym::Object || g->index < 0 || design_.objects[g->index].kind != want) {
      diags_.error(v.loc, std::string("expected the name of a declared ") +
                              (want == ObjKind::SpinLock ? "spinlock" : "waitlock") + " for " + n);
      return;
    }
    (want == ObjKind::SpinLock ? o.spinLock : o.waitLock) = g->index;
  }
}

void Sema::buildObject(const ObjectDecl &d, int id) {
  model::Object &o = design_.objects[id];
  std::vector<std::string> allowed = attributesOf(o.kind, false);
  std::set<std::string> seen;
  for (const Attribute &a : d.attrs) {
    if (std::find(allowed.begin(), allowed.end(), a.name.name) == allowed.end()) {
      diags_.error(a.name.loc, "unknown attribute '" + a.name.name + "' for " + article(o.kind) + " " +
                                   model::kindName(o.kind) + "; expected " + joinList(allowed));
      continue;
    }
    if (!seen.insert(a.name.name).second) {
      diags_.error(a.name.loc, "attribute '" + a.name.name + "' is given twice");
      continue;
    }
    applyAttribute(o, a, false);
  }
  if (d.hasFileObject) {
    if (o.kind != ObjKind::Device) {
      diags_.error(d.fileObjectLoc, "FileObject attributes belong to the device");
    } else {
      o.hasFileObjectAttrs = true;
      std::set<std::string> fseen;
      for (const Attribute &a : d.fileObjectAttrs) {
        if (a.name.name != "ExecutionLevel" && a.name.name != "SynchronizationScope") {
          diags_.error(a.name.loc, "unknown attribute '" + a.name.name +
                                       "' for FileObject; expected ExecutionLevel or SynchronizationScope");
          continue;
        }
        if (!fseen.insert(a.name.name).second) {
          diags_.error(a.name.loc, "attribute '" + a.name.name + "' is given twice");
          continue;
        }
        applyAttribute(o, a, true);
      }
    }
  }
  if (o.kind == ObjKind::Queue && !seen.count("DispatchType"))
    diags_.error(d.name.loc, "queue '" + o.name +
                                 "' needs a DispatchType (Sequential, Parallel or Manual)");
}

// WDF creates a parent before its children, so parent chains cannot loop.
void Sema::checkParentCycles() {
  // Every object on a loop is reported, in declaration order. Each object has at most one
  // parent, so one walk per object that stops at an object already walked finds every loop
  // in linear time (following each chain to its end was quadratic in a long chain).
  size_t n = design_.objects.size();
  std::vector<char> state(n, 0); // 0 not walked, 1 on the current walk, 2 walked
  std::vector<bool> onLoop(n, false);
  std::vector<int> path;
  for (size_t i = 0; i < n; ++i) {
    path.clear();
    for (int p = static_cast<int>(i); state[p] == 0;) {
      state[p] = 1;
      path.push_back(p);
      if (design_.objects[p].parentKind != model::ParentKind::Object)
        break;
      int q = design_.objects[p].parent;
      if (state[q] == 1) // back on this walk: q and everything after it form a loop
        for (size_t k = path.size(); k-- > 0 && !onLoop[q];)
          onLoop[path[k]] = true;
      p = q;
    }
    for (int p : path)
      state[p] = 2;
  }
  for (size_t i = 0; i < n; ++i)
    if (onLoop[i]) {
      const model::Object &o = design_.objects[i];
      diags_.error(o.parentLoc, "the parent chain of '" + o.name + "' loops back to itself; a parent must be "
                                "created before its children");
    }
}

std::vector<Implicit> Sema::implicitsFor(CallbackId cb, int object) const {
  auto param = [](const char *n, Type t, int slot) { return Implicit{n, t, true, slot}; };
  auto constant = [](const char *n, Type t, int obj) { return Implicit{n, t, false, obj}; };
  switch (cb) {
  case CallbackId::IoDefault:
  case CallbackId::IoRead:
  case CallbackId::IoWrite:
  case CallbackId::IoDeviceControl:
  case CallbackId::IoInternalDeviceControl:
  case CallbackId::IoCanceledOnQueue:
  case CallbackId::IoStop:
  case CallbackId::IoResume:
    return {param("Request", Type::Request, 0), constant("Queue", Type::Queue, object)};
  case CallbackId::RequestCancel:
    // The queue of a cancelled request is only known when it is cancelled.
    return {param("Request", Type::Request, 0), param("Queue", Type::Queue, 1)};
  case CallbackId::DeviceFileCreate:
    return {param("Request", Type::Request, 0), param("FileObject", Type::File, 1)};
  case CallbackId::FileCleanup:
  case CallbackId::FileClose: return {param("FileObject", Type::File, 0)};
  case CallbackId::WorkItem: return {constant("WorkItem", Type::WorkItem, object)};
  case CallbackId::DpcFunc: return {constant("Dpc", Type::Dpc, object)};
  case CallbackId::TimerFunc: return {constant("Timer", Type::Timer, object)};
  case CallbackId::InterruptIsr:
  case CallbackId::InterruptDpc:
  case CallbackId::InterruptWorkItem:
  case CallbackId::InterruptEnable:
  case CallbackId::InterruptDisable:
  case CallbackId::InterruptSynchronize: return {constant("Interrupt", Type::Interrupt, object)};
  case CallbackId::Count: break;
  }
  return {};
}

static Type callbackResult(CallbackId cb) {
  return cb == CallbackId::InterruptIsr || cb == CallbackId::InterruptSynchronize ? Type::Bool : Type::Void;
}

void Sema::buildCallbacks(const ObjectDecl &d, int id) {
  model::Object &o = design_.objects[id];
  for (const Callback &cb : d.callbacks) {
    const CallbackInfo *info = nullptr;
    for (const CallbackInfo &ci : Callbacks)
      if (cb.name.name == ci.name && declarable(ci.id))
        info = &ci;
    std::vector<std::string> valid;
    for (const CallbackInfo &ci : Callbacks)
      if (ci.owner == o.kind && declarable(ci.id))
        valid.push_back(ci.name);
    if (!info || info->owner != o.kind) {
      std::string msg = "'" + cb.name.name + "' is not a callback of " + article(o.kind) + " " +
                        model::kindName(o.kind);
      msg += valid.empty() ? "; it has no callbacks" : "; expected " + joinList(valid);
      diags_.error(cb.name.loc, msg);
      continue;
    }
    if (o.callback(info->id) >= 0) {
      diags_.error(cb.name.loc, "callback '" + cb.name.name + "' is given twice");
      continue;
    }
    BodyContext ctx;
    ctx.kind = model::BodyKind::Callback;
    ctx.callback = info->id;
    ctx.object = id;
    ctx.result = callbackResult(info->id);
    ctx.name = std::string(info->name) + " of " + o.name;
    ctx.implicits = implicitsFor(info->id, id);
    ctx.loc = cb.name.loc;
    if (cb.function) {
      const GlobalSym *g = lookup(cb.function->name);
      if (!g || g->kind != GlobalSym::Function) {
        diags_.error(cb.function->loc, "'" + cb.function->name + "' is not a declared function");
        continue;
      }
      const FunctionDecl &fn = ast_.functions[g->index];
      if (!fn.params.empty()) {
        diags_.error(cb.function->loc, "function '" + fn.name.name + "' is bound to " + cb.name.name +
                                           " and so must not declare parameters; it sees the "
                                           "callback's implicit locals instead");
        continue;
      }
      if (fn.result != ctx.result) {
        diags_.error(cb.function->loc, "function '" + fn.name.name + "' returns " + typeName(fn.result) +
                                           " but " + cb.name.name + " returns " + typeName(ctx.result));
        continue;
      }
      ctx.function = g->index;
      ctx.body = fn.body.get();
    } else {
      ctx.body = cb.body.get();
    }
    int body = compile(ctx);
    if (body >= 0)
      o.callbacks[static_cast<size_t>(info->id)] = body;
    if (info->id == CallbackId::IoStop || info->id == CallbackId::IoResume)
      diags_.warning(cb.name.loc, cb.name.name + " is accepted but never runs: version 1 of the "
                                                 "scenario language does not model power transitions");
  }
}

int Sema::compile(const BodyContext &ctx) {
  if (ctx.function >= 0) {
    if (functionBusy_[ctx.function]) {
      diags_.error(ctx.loc, "recursion is not allowed: '" + ast_.functions[ctx.function].name.name +
                                "' calls itself, directly or through other functions");
      return -1;
    }
    functionBusy_[ctx.function] = true;
  }
  depth += BodyDepth;
  int body = compileBody(*this, ctx);
  depth -= BodyDepth;
  if (ctx.function >= 0)
    functionBusy_[ctx.function] = false;
  return body;
}

bool Sema::callTooDeep(SourceLoc callLoc) {
  if (depth <= MaxCompileDepth)
    return false;
  diags_.error(callLoc, "calls nest too deeply: counting the blocks, statements and expressions of every "
                        "function on the way here, this call is more than " +
                            std::to_string(MaxCompileDepth) + " levels deep");
  return true;
}

int Sema::functionBody(int fn, SourceLoc callLoc) {
  if (functionBodies_[fn] != NotCompiled)
    return functionBodies_[fn] == Failed ? -1 : functionBodies_[fn];
  if (callTooDeep(callLoc))
    return -1;
  const FunctionDecl &f = ast_.functions[fn];
  BodyContext ctx;
  ctx.kind = model::BodyKind::Function;
  ctx.function = fn;
  ctx.result = f.result;
  ctx.name = "function " + f.name.name;
  ctx.body = f.body.get();
  ctx.params = &f.params;
  ctx.loc = functionBusy_[fn] ? callLoc : f.name.loc;
  int body = compile(ctx);
  if (!functionBusy_[fn]) // an inner recursive use does not settle the outer compile
    functionBodies_[fn] = body < 0 ? Failed : body;
  return body;
}

int Sema::routineBody(int fn, CallbackId cb, int owner, SourceLoc useLoc) {
  auto key = std::make_tuple(fn, static_cast<int>(cb), owner);
  if (auto it = routineBodies_.find(key); it != routineBodies_.end()) {
    if (it->second == NotCompiled) // still compiling: the routine passes itself
      diags_.error(useLoc, "recursion is not allowed: '" + ast_.functions[fn].name.name +
                               "' passes itself as a routine, directly or through other functions");
    return it->second < 0 ? -1 : it->second;
  }
  const FunctionDecl &f = ast_.functions[fn];
  const char *what = cb == CallbackId::RequestCancel ? "EvtRequestCancel" : "EvtInterruptSynchronize";
  if (!f.params.empty()) {
    diags_.error(useLoc, "function '" + f.name.name + "' is used as " + what +
                             " and so must not declare parameters; it sees the callback's implicit "
                             "locals instead");
    return -1;
  }
  Type want = callbackResult(cb);
  if (f.result != want) {
    diags_.error(useLoc, "function '" + f.name.name + "' returns " + typeName(f.result) + " but " + what +
                             " returns " + typeName(want));
    return -1;
  }
  BodyContext ctx;
  ctx.kind = model::BodyKind::Callback;
  ctx.callback = cb;
  ctx.object = owner;
  ctx.function = fn;
  ctx.result = want;
  ctx.name = std::string(what) + " " + f.name.name;
  if (cb == CallbackId::InterruptSynchronize)
    ctx.name += " of " + design_.objects[owner].name;
  ctx.implicits = implicitsFor(cb, owner);
  ctx.body = f.body.get();
  ctx.loc = useLoc;
  if (callTooDeep(useLoc))
    return -1;
  routineBodies_[key] = NotCompiled; // marks "being compiled" for the recursion check above
  int body = compile(ctx);
  routineBodies_[key] = body < 0 ? Failed : body;
  // Cancel routines are recorded at each use, with the queue whose code marks the request.
  if (body >= 0 && cb == CallbackId::InterruptSynchronize)
    design_.routines.push_back({body, cb, owner, useLoc});
  return body;
}

// ---------------------------------------------------------------- state

static model::ValueType valueType(Type t) {
  return t == Type::Bool ? model::ValueType::Bool
         : t == Type::Request ? model::ValueType::Request
                              : model::ValueType::Int;
}

void Sema::buildShared() {
  for (const SharedDecl &d : ast_.shared) {
    model::SharedVar v;
    v.name = d.name.name;
    v.type = valueType(d.type);
    v.loc = d.name.loc;
    v.isArray = d.arraySize > 0;
    v.size = v.isArray ? d.arraySize : 1;
    v.base = design_.sharedCells;
    v.init.assign(v.size, 0);
    if (design_.sharedCells > 1 << 20) {
      diags_.error(d.name.loc, "too much shared state (more than 1048576 cells)");
      return;
    }
    if (static_cast<int>(d.init.size()) > v.size)
      diags_.error(d.init[v.size]->loc, "too many initializers for '" + v.name + "' (it has " +
                                            std::to_string(v.size) + " elements)");
    for (size_t i = 0; i < d.init.size() && static_cast<int>(i) < v.size; ++i) {
      const Expr &e = *d.init[i];
      if (d.type == Type::Bool) {
        if (e.kind != ExprKind::Bool)
          diags_.error(e.loc, "expected true or false to initialize a bool");
        v.init[i] = e.intValue;
      } else if (d.type == Type::Request) {
        if (e.kind != ExprKind::Null)
          diags_.error(e.loc, "a shared request can only be initialized to NULL");
      } else {
        v.init[i] = constantValue(e, "the initializer");
      }
    }
    design_.sharedCells += v.size;
    design_.shared.push_back(std::move(v));
  }
}

void Sema::buildRequestFields() {
  std::set<std::string> seen;
  for (const FieldDecl &f : ast_.requestFields) {
    if (!seen.insert(f.name.name).second) {
      diags_.error(f.name.loc, "request context field '" + f.name.name + "' is declared twice");
      continue;
    }
    model::RequestField rf{f.name.name, valueType(f.type), 0};
    if (f.init) {
      if (f.type == Type::Bool) {
        if (f.init->kind != ExprKind::Bool)
          diags_.error(f.init->loc, "expected true or false to initialize a bool");
        rf.init = f.init->intValue;
      } else if (f.type == Type::Request) {
        if (f.init->kind != ExprKind::Null)
          diags_.error(f.init->loc, "a request field can only be initialized to NULL");
      } else {
        rf.init = constantValue(*f.init, "the initializer");
      }
    }
    design_.requestFields.push_back(std::move(rf));
  }
}

void Sema::buildEnvironment() {
  if (!ast_.environment)
    return;
  const Environment &env = *ast_.environment;
  for (size_t i = 0; i < env.threads.size(); ++i) {
    const ThreadDecl &t = env.threads[i];
    BodyContext ctx;
    ctx.kind = model::BodyKind::Thread;
    ctx.thread = static_cast<int>(i);
    ctx.name = "thread " + t.name.name;
    ctx.body = t.body.get();
    ctx.loc = t.name.loc;
    int body = compile(ctx);
    design_.threads.push_back({t.name.name, t.level, body, t.name.loc});
  }
  if (env.finallyBody) {
    BodyContext ctx;
    ctx.kind = model::BodyKind::Finally;
    ctx.name = "finally";
    ctx.body = env.finallyBody.get();
    ctx.loc = env.finallyBody->loc;
    design_.finallyBody = compile(ctx);
  }
}

// ---------------------------------------------------------------- expect / suppress

void Sema::checkPatterns() {
  for (const FindingPattern &p : ast_.expects)
    checkPattern(p, true);
  for (const FindingPattern &p : ast_.suppressions)
    checkPattern(p, false);
}

void Sema::checkPattern(const FindingPattern &p, bool isExpect) {
  static const std::vector<std::string> kinds = {"race", "deadlock", "lock_cycle", "irql",
                                                 "lock_misuse", "ddi", "request_misuse", "assert",
                                                 "config", "clean"};
  const std::string &k = p.kind.name;
  if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) {
    diags_.error(p.kind.loc, "unknown finding kind '" + k + "'; expected " + joinList(kinds));
    return;
  }
  if (k == "clean" && (!isExpect || p.negated || !p.args.empty())) {
    diags_.error(p.kind.loc, isExpect ? "'clean' takes no arguments and cannot be negated"
                                      : "'clean' cannot be suppressed");
    return;
  }
  auto tooMany = [&](size_t max) {
    if (p.args.size() > max) {
      diags_.error(p.args[max].loc, "too many arguments for " + k + " (at most " + std::to_string(max) + ")");
      return true;
    }
    return false;
  };
  if (k == "race") {
    if (tooMany(1))
      return;
    for (const Ident &a : p.args) {
      const GlobalSym *g = lookup(a.name);
      bool field = std::any_of(design_.requestFields.begin(), design_.requestFields.end(),
                               [&](const model::RequestField &f) { return f.name == a.name; });
      if (!field && (!g || g->kind != GlobalSym::Shared))
        diags_.error(a.loc, "'" + a.name + "' is not a shared variable or request context field");
    }
  } else if (k == "lock_cycle") {
    for (const Ident &a : p.args) {
      const GlobalSym *g = lookup(a.name);
      bool ok = g && g->kind == GlobalSym::Object && g->index >= 0;
      if (ok) {
        ObjKind ok2 = design_.objects[g->index].kind;
        ok = ok2 == ObjKind::SpinLock || ok2 == ObjKind::WaitLock || ok2 == ObjKind::Device ||
             ok2 == ObjKind::Queue || ok2 == ObjKind::Interrupt;
      }
      if (!ok)
        diags_.error(a.loc, "'" + a.name + "' is not a lock: expected a spinlock, waitlock, the "
                                           "device, a queue or an interrupt");
    }
  } else if (k == "config") {
    if (tooMany(2))
      return;
    if (!p.args.empty()) {
      const GlobalSym *g = lookup(p.args[0].name);
      if (p.args[0].name != "driver" && (!g || g->kind != GlobalSym::Object))
        diags_.error(p.args[0].loc, "'" + p.args[0].name + "' is not a declared object");
    }
    if (p.args.size() == 2 && !model::lookupConstant(p.args[1].name))
      diags_.error(p.args[1].loc, "'" + p.args[1].name + "' is not a known NTSTATUS name");
  } else if (!p.args.empty()) {
    diags_.error(p.args[0].loc, "'" + k + "' takes no arguments");
  }
}

// ---------------------------------------------------------------- entry point

std::optional<model::Design> analyze(const Scenario &scenario, const std::string &path,
                                     DiagnosticEngine &diags) {
  model::Design design;
  design.path = path;
  Sema sema(scenario, diags, design);
  if (!sema.run() || diags.hasErrors())
    return std::nullopt;
  auto lower = [](const FindingPattern &p) {
    model::Pattern out{p.loc, p.negated, p.kind.name, {}};
    for (const Ident &a : p.args)
      out.args.push_back(a.name);
    return out;
  };
  for (const FindingPattern &p : scenario.expects)
    design.expects.push_back(lower(p));
  for (const FindingPattern &p : scenario.suppressions)
    design.suppressions.push_back(lower(p));
  return design;
}

} // namespace wdf::frontend
