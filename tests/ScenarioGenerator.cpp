#include "ScenarioGenerator.hpp"

#include <random>
#include <vector>

// How the generator stays small yet covers the whole language: a seed picks one or two
// *families* (requests and queues, files, work items/DPCs/timers, interrupts, locks and events,
// code: functions, loops, arrays and operators). Every scenario gets a device, a few shared
// variables and one to three threads; a family adds its objects, the statements its bodies may
// use, and groups of environment statements that the threads share out. Bodies are short, loops
// run at most twice, and callbacks that may run again and again keep their counters bounded, so
// that the naive explorer can finish. Every object gets settings the framework accepts: a design
// with a `config` finding explores nothing and proves nothing about the reduction.

namespace wdf::test {

namespace {

// The IRQL a body runs at, as far as the generator knows. It decides which calls a body makes:
// calls that need a lower IRQL appear mostly where they are allowed, so that `irql` findings
// (which end the execution) stay a minority. Caller: an unlocked Dispatch queue's handler, at
// the IRQL of whoever dispatches it (at most DISPATCH_LEVEL).
enum class Irql { Passive, Caller, Dispatch, Dirql };

enum class Level { Passive, Dispatch };
enum class Scope { Device, Queue, None };

// A parent for an AutomaticSerialization child, with what the framework's creation check looks
// at (framework-model.md §4): the parent's passive flag, and the scope of the nearest device or
// queue at or above it.
struct Parent {
  std::string name; // "" = the device, left out
  bool passiveFlag = false;
  Scope scope = Scope::None;
  bool deviceOrQueue = true;
};

// A work item, DPC, timer or interrupt that bodies may trigger. A body triggers only the ones
// declared after its own object, so that triggering never loops.
struct Deferred {
  char kind; // 'W', 'D', 'T', 'I'
  std::string name;
};

// Environment statements that belong together (send then wait, start then stop), kept in this
// order in one thread.
struct Group {
  std::string text;
  bool passive = false; // needs a PASSIVE_LEVEL thread
};

// An object WdfObjectAcquireLock accepts, and whether its lock is a mutex (PASSIVE_LEVEL only).
struct Lockable {
  std::string name;
  bool mutex = false;
};

struct Queue {
  std::string name;
  Level level = Level::Dispatch;
  Scope scope = Scope::None;
  std::string attrs; // the level and scope as written
};

// What a body may use where it runs.
struct Ctx {
  Irql irql = Irql::Passive;
  bool thread = false;            // an environment thread
  bool repeats = false;           // may run again and again: no growing counters, no triggers
  bool mayReturn = false;         // a void callback or function: `return;` is allowed
  size_t triggerFrom = 0;         // may trigger deferred_[i] for i >= triggerFrom
  std::string self;               // "WorkItem", "Dpc" or "Timer" inside its own callback
  bool request = false;           // the implicit Request exists
  std::vector<std::string> ints;  // int locals in scope
  std::vector<std::string> bools; // bool locals in scope
};

class Generator {
public:
  explicit Generator(uint32_t seed) : rng_(seed) {}
  std::string run();

private:
  // Randomness. Callers draw in separate statements, so that the text does not depend on the
  // compiler's order of evaluation.
  int pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  bool chance(int percent) { return pick(100) < percent; }
  std::string fresh(const char *prefix) { return prefix + std::to_string(names_++); }
  std::string spell(const char *shortName, const char *wdfName) { return chance(25) ? wdfName : shortName; }
  std::string boolean(bool v);
  std::string levelName(Level l);
  std::string scopeName(Scope s);
  // A call that needs at most `highest` is made where it is allowed, or (rarely) anywhere, to
  // provoke an `irql` finding.
  bool allowed(const Ctx &c, Irql highest) { return c.irql <= highest || chance(4); }

  // Declarations, family by family.
  void chooseFamilies();
  void device();
  void sharedState();
  void helperFunctions();
  void loopFunctions();
  Queue queueSettings(const std::string &name, bool parallel);
  void requestFamily();
  void receivingQueue(const std::string &name, const std::string &forwardTo);
  std::string handler(const Ctx &c, const std::string &forwardTo);
  std::string disposition(const Ctx &c, const std::string &forwardTo);
  std::string holdRequest();
  void finisher();
  std::string complete(const std::string &r);
  std::string finisherCode();
  std::string retrieverCode(const std::string &queue);
  void requestGroups();
  void parentQueue();
  void fileFamily();
  void deferredObject(size_t index);
  std::string timerSettings(Ctx &c, bool &wantPassive, bool &periodic);
  std::string callback(const char *name, const std::string &body, bool bindable);
  void deferredGroup(const Deferred &d, bool periodic);
  Parent chooseParent(bool deviceOrQueueOnly, bool wantPassive);
  std::string serialization(char kind, bool wantPassive, const Parent &p, Scope &bound);
  void interrupt(size_t index);
  std::string interruptLock(bool passiveHandling);
  std::string lockedSection(const Ctx &c, bool passiveHandling);
  std::string interruptLockUse(const Ctx &c, const std::string &i, bool passiveHandling, bool worker);
  std::string syncFunction(bool passiveHandling);
  void interruptGroups(const std::string &i, bool passiveHandling);
  void syncGroups();
  void environment();
  std::string finallyBlock();

  // Bodies.
  std::string body(Ctx c, int n);
  std::string statement(Ctx &c, int depth);
  std::string basicStatement(Ctx &c, int depth);
  std::string codeStatement(Ctx &c, int depth);
  std::string loop(Ctx &c, int depth);
  std::string syncStatement(Ctx &c);
  std::string update(const Ctx &c);
  std::string interlocked(Ctx &c);
  std::string trigger(const Ctx &c);
  std::string selfCall(Ctx &c);
  std::string declareInt(Ctx &c, const std::string &init);
  std::string declareBool(Ctx &c, const std::string &init);
  std::string intExpr(const Ctx &c, int depth, int &reads);
  std::string boolExpr(const Ctx &c, int depth, int &reads);
  std::string intExpr(const Ctx &c);
  std::string boolExpr(const Ctx &c);
  std::string intLocation(const Ctx &c);

  std::mt19937 rng_;
  int names_ = 0;
  std::string out_;

  bool requests_ = false, files_ = false, deferredFamily_ = false, interrupts_ = false, sync_ = false, code_ = false;

  // The device as the framework resolves it.
  Level deviceLevel_ = Level::Dispatch;
  Scope deviceScope_ = Scope::None;
  bool devicePassiveFlag_ = false; // its own attributes say Passive
  std::string deviceAttrs_;        // includes the FileObject block and file callbacks

  int vars_ = 1;
  int arraySize_ = 0; // shared int A[arraySize_]; 0: none
  bool flag_ = false; // shared bool Flag
  int spinLocks_ = 0;
  bool waitLock_ = false;
  std::vector<std::string> events_;
  std::vector<Lockable> lockables_;
  bool helpers_ = false; // the code family's functions Twice, Small, Bump, Mix
  bool loops_ = false;   // loops make a design cyclic, which turns the partial-order reduction off

  // Requests.
  struct Receiver {
    std::string name;
    bool manual = false;
  };
  std::vector<Queue> queues_;       // every queue declared
  std::vector<Receiver> receivers_; // the queues the environment sends to
  bool context_ = false;      // request context { int Tries; bool Seen; }
  bool park_ = false;         // a manual queue Park that handlers forward to
  bool held_ = false;         // shared request Held, completed later by the finisher
  bool heldCancelable_ = false;
  bool onCancel_ = false;     // function OnCancel is used
  std::string finisher_;      // the DPC, work item or timer that completes Held ("" = a thread does)
  std::vector<std::string> sent_;

  std::vector<Deferred> deferred_;
  std::string isrSpinLock_, isrWaitLock_; // driver locks serving as interrupt locks
  // Each `interrupt` statement adds an ISR run, and each run may queue a DPC or work item: the
  // naive explorer's state space grows fastest with them.
  static constexpr int MaxRaises = 3;
  int raises_ = 0;
  std::vector<Parent> parents_;
  std::vector<Group> groups_;
  std::vector<std::string> finallyChecks_;
};

std::string Generator::boolean(bool v) {
  if (chance(30))
    return v ? "TRUE" : "FALSE";
  return v ? "true" : "false";
}

std::string Generator::levelName(Level l) {
  return l == Level::Passive ? spell("Passive", "WdfExecutionLevelPassive") : spell("Dispatch", "WdfExecutionLevelDispatch");
}

std::string Generator::scopeName(Scope s) {
  switch (s) {
  case Scope::Device: return spell("Device", "WdfSynchronizationScopeDevice");
  case Scope::Queue: return spell("Queue", "WdfSynchronizationScopeQueue");
  default: return spell("None", "WdfSynchronizationScopeNone");
  }
}

// ---------------------------------------------------------------------------------------------
// Declarations

// Requests weigh double: queues have the most settings and the most paths through the
// framework. A seed gets one to three families: scenarios stay small, and every family (and
// most pairs) is exercised over the seeds.
void Generator::chooseFamilies() {
  bool *families[] = {&requests_, &requests_, &files_, &deferredFamily_, &interrupts_, &sync_, &code_};
  *families[pick(7)] = true;
  if (chance(55))
    *families[pick(7)] = true;
  if (chance(15))
    *families[pick(7)] = true;
}

// The driver block matters only through inheritance; the device's resolved level and scope
// decide which queue, file and AutomaticSerialization settings the framework accepts.
void Generator::device() {
  Level driverLevel = Level::Dispatch;
  Scope driverScope = Scope::None;
  if (chance(25)) {
    std::string attrs;
    if (chance(60)) {
      driverLevel = chance(50) ? Level::Passive : Level::Dispatch;
      attrs += " ExecutionLevel = " + levelName(driverLevel) + ";";
    }
    if (chance(50)) {
      int s = pick(4);
      driverScope = s == 0 ? Scope::Device : s == 1 ? Scope::Queue : Scope::None;
      attrs += " SynchronizationScope = " + scopeName(driverScope) + ";";
    }
    if (chance(20))
      attrs += " parent = NULL;";
    out_ += "driver {" + attrs + " }\n";
  }
  deviceLevel_ = driverLevel;
  switch (pick(7)) {
  case 0: deviceAttrs_ += " ExecutionLevel = " + spell("InheritFromParent", "WdfExecutionLevelInheritFromParent") + ";"; break;
  case 1:
  case 2:
  case 3:
    deviceLevel_ = Level::Passive;
    devicePassiveFlag_ = true;
    deviceAttrs_ += " ExecutionLevel = " + levelName(Level::Passive) + ";";
    break;
  case 4:
    deviceLevel_ = Level::Dispatch;
    deviceAttrs_ += " ExecutionLevel = " + levelName(Level::Dispatch) + ";";
    break;
  default: break;
  }
  int s = pick(8);
  deviceScope_ = s == 1 ? Scope::Device : s == 2 ? Scope::Queue : s < 5 ? Scope::None : driverScope;
  if (s == 0 && deviceScope_ == driverScope)
    deviceAttrs_ += " SynchronizationScope = " + spell("InheritFromParent", "WdfSynchronizationScopeInheritFromParent") + ";";
  else if (deviceScope_ != driverScope || (s < 5 && chance(50)))
    deviceAttrs_ += " SynchronizationScope = " + scopeName(deviceScope_) + ";";
  if (chance(10))
    deviceAttrs_ += " parent = NULL;";
  parents_.push_back({"", devicePassiveFlag_, deviceScope_, true});
  lockables_.push_back({"Dev", deviceLevel_ == Level::Passive});
}

void Generator::sharedState() {
  vars_ = 1 + pick(2);
  for (int i = 0; i < vars_; ++i)
    out_ += "shared int X" + std::to_string(i) + (chance(20) ? " = " + std::to_string(1 + pick(2)) : "") + ";\n";
  if (code_ || chance(10)) {
    arraySize_ = 2 + pick(2);
    out_ += arraySize_ == 3 && chance(60) ? "shared int A[3] = {1, 2};\n" : "shared int A[" + std::to_string(arraySize_) + "];\n";
  }
  flag_ = interrupts_ || code_ || chance(10);
  if (flag_)
    out_ += "shared bool Flag" + (chance(50) ? " = " + boolean(true) : std::string()) + ";\n";
  spinLocks_ = sync_ ? 1 + pick(2) : chance(15) ? 1 : 0;
  for (int i = 0; i < spinLocks_; ++i)
    out_ += "spinlock L" + std::to_string(i) + ";\n";
  waitLock_ = sync_ ? chance(60) : chance(10);
  if (waitLock_)
    out_ += "waitlock WL;\n";
  if (!sync_ && !chance(interrupts_ ? 35 : 15))
    return;
  bool synchronization = chance(50);
  std::string attrs;
  if (synchronization || chance(30))
    attrs += std::string(" Type = ") + (synchronization ? "SynchronizationEvent" : "NotificationEvent") + ";";
  if (chance(25))
    attrs += " Signaled = " + boolean(chance(50)) + ";";
  out_ += attrs.empty() && chance(50) ? "event E0;\n" : "event E0 {" + attrs + " }\n";
  events_.push_back("E0");
  if (sync_ && chance(30)) {
    out_ += "event E1;\n";
    events_.push_back("E1");
  }
}

// Functions with parameters and results, one calling another (never recursively).
void Generator::helperFunctions() {
  helpers_ = true;
  const char *twice[] = {"v * 2", "v + v", "v << 1"};
  out_ += std::string("function int Twice(int v) { return ") + twice[pick(3)] + "; }\n";
  out_ += "function bool Small(int v) { return v < 2 && v >= -2; }\n";
  Ctx c;
  std::string bump = update(c); // not body(): that could call Bump itself
  out_ += (chance(50) ? "function Bump() { " : "function void Bump { ") + bump + " }\n";
  out_ += "function int Mix(int a, bool up) { if (up) { return a + 1; } else { return Twice(a) - 1; } }\n";
}

// Bounded loops with break and continue, called from bodies.
void Generator::loopFunctions() {
  out_ += "function int Count(int n) { int k = 0; for (;;) { if (k >= n || k >= 2) { break; } k++; } return k; }\n";
  out_ += "function int Skip(int n) { int s = 0; for (int i = 0; i < 2; i++) { if (i == n) { continue; } s += i; } return s; }\n";
}

// A queue's resolved level and scope first, then how to write them: a value equal to the
// device's is often left to inheritance. Scope Device needs the queue's level to be the
// device's; every other combination is accepted.
Queue Generator::queueSettings(const std::string &name, bool parallel) {
  Queue q;
  q.name = name;
  int s = pick(3);
  q.scope = s == 0 ? Scope::Queue : s == 1 ? Scope::None : Scope::Device;
  q.level = q.scope == Scope::Device ? deviceLevel_ : chance(50) ? Level::Passive : Level::Dispatch;
  if (q.level != deviceLevel_ || chance(40))
    q.attrs += " ExecutionLevel = " + levelName(q.level) + ";";
  else if (chance(30))
    q.attrs += " ExecutionLevel = " + spell("InheritFromParent", "WdfExecutionLevelInheritFromParent") + ";";
  if (q.scope != deviceScope_ || chance(40))
    q.attrs += " SynchronizationScope = " + scopeName(q.scope) + ";";
  else if (chance(30))
    q.attrs += " SynchronizationScope = " + spell("InheritFromParent", "WdfSynchronizationScopeInheritFromParent") + ";";
  if (parallel && chance(30))
    q.attrs += " NumberOfPresentedRequests = " + std::to_string(1 + pick(2)) + ";";
  if (chance(10))
    q.attrs += " PowerManaged = " + boolean(false) + ";";
  if (chance(15))
    q.attrs += chance(50) ? " parent = NULL;" : " parent = Dev;";
  lockables_.push_back({name, q.level == Level::Passive});
  parents_.push_back({name, q.level == Level::Passive, q.scope, true});
  return q;
}

// The environment sends requests to Q0, and sometimes to a second queue Q1. Handlers complete
// their requests, forward them (Q0 to Q1, or to the manual queue Park), requeue them, keep them
// in Held for a finisher, or leave them cancelable; manual queues are emptied by retrievers.
void Generator::requestFamily() {
  context_ = chance(45);
  park_ = chance(30);
  held_ = chance(40);
  heldCancelable_ = held_ && chance(55);
  if (context_)
    out_ += "request context { int Tries; bool Seen = " + boolean(false) + "; }\n";
  if (held_) {
    out_ += "shared request Held;\n";
    if (helpers_)
      out_ += "function request Take { return InterlockedExchangePointer(Held, NULL); }\n";
    int f = pick(10);
    finisher_ = f < 3 ? "FinishDpc" : f < 5 ? "FinishWork" : f < 7 ? "FinishTimer" : "";
  }
  if (helpers_)
    out_ += "function Finish(request r, int st) { WdfRequestComplete(r, st); }\n";
  bool second = chance(30);
  receivingQueue("Q0", second ? "Q1" : "");
  if (second)
    receivingQueue("Q1", "");
  if (park_) {
    Queue p = queueSettings("Park", false);
    queues_.push_back(p);
    out_ += "queue Park { DispatchType = Manual;" + p.attrs +
            (chance(40) ? " EvtIoCanceledOnQueue { WdfRequestComplete(Request, STATUS_CANCELLED); }" : "") + " }\n";
  }
  if (onCancel_) {
    // The cancel routine runs under the lock of whichever queue the request came from: its
    // body makes no lock-dependent calls.
    Ctx cancel;
    cancel.irql = Irql::Dispatch;
    cancel.request = true;
    std::string b = held_ ? "InterlockedCompareExchangePointer(Held, NULL, Request); " : "";
    if (chance(40))
      b += basicStatement(cancel, 1) + " ";
    b += chance(92) ? "WdfRequestComplete(Request, STATUS_CANCELLED);" : "";
    out_ += "function OnCancel { " + b + " }\n";
  }
  if (!finisher_.empty())
    finisher();
  requestGroups();
}

// A queue that the environment sends to; `forwardTo` is a queue its handlers may forward to.
void Generator::receivingQueue(const std::string &name, const std::string &forwardTo) {
  int dispatch = pick(3);
  const char *types[] = {"Sequential", "Parallel", "Manual"};
  const char *wdfTypes[] = {"WdfIoQueueDispatchSequential", "WdfIoQueueDispatchParallel", "WdfIoQueueDispatchManual"};
  bool manual = dispatch == 2;
  Queue q = queueSettings(name, dispatch == 1);
  queues_.push_back(q);
  receivers_.push_back({name, manual});
  Ctx c;
  c.irql = q.level == Level::Passive ? Irql::Passive : q.scope != Scope::None ? Irql::Dispatch : Irql::Caller;
  c.request = true;
  c.mayReturn = true;
  std::string block = "queue " + name + " { DispatchType = " + std::string(chance(25) ? wdfTypes[dispatch] : types[dispatch]) + ";" + q.attrs;
  if (!manual) {
    const char *kinds[] = {"EvtIoRead", "EvtIoWrite", "EvtIoDeviceControl", "EvtIoInternalDeviceControl", "EvtIoDefault"};
    int first = pick(5);
    for (int k = 0; k < 5; ++k)
      if (k == first || chance(20))
        block += callback(kinds[k], handler(c, forwardTo), true);
  }
  if (chance(35))
    block += chance(90) ? " EvtIoCanceledOnQueue { WdfRequestComplete(Request, STATUS_CANCELLED); }" : " EvtIoCanceledOnQueue { }";
  // Accepted, never run (power transitions are not modelled).
  if (!manual && chance(10))
    block += " EvtIoStop { }";
  if (!manual && chance(10))
    block += " EvtIoResume { }";
  out_ += block + " }\n";
}

std::string Generator::handler(const Ctx &c, const std::string &forwardTo) {
  std::string b = body(c, pick(3));
  if (context_ && chance(30))
    b += std::string(b.empty() ? "" : " ") + (chance(50) ? "Request.Seen = true;" : "Request.Tries++;");
  std::string d = disposition(c, forwardTo);
  return b.empty() ? d : b + " " + d;
}

// What a handler does with its request.
std::string Generator::disposition(const Ctx &c, const std::string &forwardTo) {
  for (;;) {
    int k = pick(100);
    if (k < 30) {
      if (chance(85))
        return "WdfRequestComplete(Request, STATUS_SUCCESS);";
      int reads = 1;
      std::string cond = boolExpr(c, 1, reads);
      return "WdfRequestComplete(Request, " + cond + " ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL);";
    }
    if (k < 38)
      return "if (WdfRequestIsCanceled(Request)) { WdfRequestComplete(Request, STATUS_CANCELLED); } else { "
             "WdfRequestComplete(Request, STATUS_SUCCESS); }";
    if (k < 58 && held_)
      return holdRequest();
    if (k < 72 && (park_ || !forwardTo.empty())) {
      std::string to = park_ && (forwardTo.empty() || chance(50)) ? "Park" : forwardTo;
      std::string s = fresh("s");
      return "int " + s + " = WdfRequestForwardToIoQueue(Request, " + to + "); if (!NT_SUCCESS(" + s +
             ")) { WdfRequestComplete(Request, " + s + "); }";
    }
    if (k < 76 && context_) {
      // Requeue makes the design cyclic (no partial-order reduction): kept rare.
      std::string s = fresh("s");
      return "Request.Tries += 1; if (Request.Tries < 2) { int " + s + " = WdfRequestRequeue(Request); } else { "
             "WdfRequestComplete(Request, STATUS_SUCCESS); }";
    }
    if (k < 88) {
      onCancel_ = true;
      if (chance(50))
        return "WdfRequestMarkCancelable(Request, OnCancel);";
      return "if (WdfRequestMarkCancelableEx(Request, OnCancel) == STATUS_CANCELLED) { WdfRequestComplete(Request, "
             "STATUS_CANCELLED); }";
    }
    if (k < 94)
      return ""; // forgets the request: request_misuse once everything is at rest
    if (k < 97)
      return "WdfRequestComplete(Request, STATUS_SUCCESS); WdfRequestComplete(Request, STATUS_SUCCESS);";
    if (k < 100)
      return "WdfIoQueueStopSynchronously(Queue); WdfRequestComplete(Request, STATUS_SUCCESS);"; // ddi
  }
}

// The handler parks its request in Held (cancelable or not) and kicks the finisher.
std::string Generator::holdRequest() {
  std::string s;
  if (heldCancelable_) {
    onCancel_ = true;
    s = chance(50) ? "WdfRequestMarkCancelable(Request, OnCancel); Held = Request;"
                   : "if (WdfRequestMarkCancelableEx(Request, OnCancel) == STATUS_SUCCESS) { Held = Request; } else { "
                     "WdfRequestComplete(Request, STATUS_CANCELLED); }";
  } else {
    int k = pick(3);
    std::string old = fresh("r");
    s = k == 0   ? "Held = Request;"
        : k == 1 ? "request " + old + " = InterlockedExchangePointer(Held, Request); if (" + old +
                       " != NULL) { WdfRequestComplete(" + old + ", STATUS_CANCELLED); }"
                 : "if (InterlockedCompareExchangePointer(Held, Request, NULL) != NULL) { WdfRequestComplete(Request, "
                   "STATUS_DEVICE_BUSY); }";
  }
  if (finisher_.empty() || !chance(85))
    return s;
  if (finisher_ == "FinishDpc")
    return s + " WdfDpcEnqueue(FinishDpc);";
  if (finisher_ == "FinishWork")
    return s + " WdfWorkItemEnqueue(FinishWork);";
  return s + " WdfTimerStart(FinishTimer, 10);";
}

// The DPC, work item or timer that completes what the handlers left in Held, and sometimes
// empties the manual queue Park too.
void Generator::finisher() {
  char kind = finisher_ == "FinishDpc" ? 'D' : finisher_ == "FinishWork" ? 'W' : 'T';
  bool wantPassive = kind == 'W';
  Parent p = chooseParent(true, wantPassive);
  Scope bound = Scope::None;
  std::string attrs = serialization(kind, wantPassive, p, bound);
  std::string b = finisherCode();
  if (park_ && chance(40))
    b += " " + retrieverCode("Park");
  const char *decl = kind == 'D' ? "dpc " : kind == 'W' ? "workitem " : "timer ";
  const char *cb = kind == 'D' ? "EvtDpcFunc" : kind == 'W' ? "EvtWorkItem" : "EvtTimerFunc";
  out_ += decl + finisher_ + " {" + attrs + " " + cb + " { " + b + " } }\n";
}

std::string Generator::complete(const std::string &r) {
  return helpers_ && chance(50) ? "Finish(" + r + ", STATUS_SUCCESS);" : "WdfRequestComplete(" + r + ", STATUS_SUCCESS);";
}

// Takes the request out of Held and completes it; a cancelable one only if its cancel routine
// has not claimed it.
std::string Generator::finisherCode() {
  std::string r = fresh("r");
  int k = pick(3);
  std::string s = k == 0 ? "request " + r + " = InterlockedExchangePointer(Held, NULL);"
                         : "request " + r + " = Held; Held = NULL;";
  if (k == 2 && helpers_)
    s = "request " + r + " = Take();";
  std::string done = (context_ && chance(40) ? r + ".Seen = true; " : "") + complete(r);
  if (heldCancelable_)
    done = "if (WdfRequestUnmarkCancelable(" + r + ") != STATUS_CANCELLED) { " + done + " }";
  return s + " if (" + r + " != NULL) { " + done + " }";
}

std::string Generator::retrieverCode(const std::string &queue) {
  std::string r = fresh("r");
  std::string use = chance(90) ? complete(r) : "int " + fresh("s") + " = WdfRequestRequeue(" + r + ");";
  if (context_ && chance(30))
    use = "InterlockedIncrement(" + r + ".Tries); " + use;
  return "request " + r + " = WdfIoQueueRetrieveNextRequest(" + queue + "); if (" + r + " != NULL) { " + use + " }";
}

void Generator::requestGroups() {
  const char *kinds[] = {"Read", "Write", "DeviceControl", "InternalDeviceControl"};
  int sends = 1 + (chance(50) ? 1 : 0) + (receivers_.size() > 1 && chance(40) ? 1 : 0);
  for (int i = 0; i < sends; ++i) {
    std::string name = fresh("R");
    const std::string &to = receivers_[static_cast<size_t>(pick(static_cast<int>(receivers_.size())))].name;
    Group g{"send " + std::string(kinds[pick(4)]) + " to " + to, false};
    if (chance(10)) {
      groups_.push_back({g.text + ";", false}); // unnamed
      continue;
    }
    g.text += " as " + name + ";";
    sent_.push_back(name);
    if (chance(25)) {
      g.text += " wait " + name + ";";
      g.passive = true;
    }
    if (chance(30)) {
      std::string cancel = chance(30) ? "if (status(" + name + ") == STATUS_PENDING) { cancel " + name + "; }" : "cancel " + name + ";";
      if (chance(40))
        g.text += " " + cancel;
      else
        groups_.push_back({cancel, false});
    }
    groups_.push_back(g);
    int check = pick(3);
    if (check == 0)
      finallyChecks_.push_back("assert(status(" + name + ") == STATUS_SUCCESS || status(" + name + ") == STATUS_CANCELLED);");
    else if (check == 1)
      finallyChecks_.push_back("assert(NT_SUCCESS(status(" + name + ")) || status(" + name + ") != STATUS_INVALID_DEVICE_STATE);");
  }
  for (const Receiver &q : receivers_)
    if (q.manual || chance(8))
      groups_.push_back({retrieverCode(q.name), false});
  if (park_ && chance(70))
    groups_.push_back({retrieverCode("Park"), false});
  if (held_ && finisher_.empty())
    groups_.push_back({finisherCode(), false});
  const std::string &q = receivers_[static_cast<size_t>(pick(static_cast<int>(receivers_.size())))].name;
  switch (pick(10)) {
  case 0: groups_.push_back({"WdfIoQueueStop(" + q + "); WdfIoQueueStart(" + q + ");", false}); break;
  case 1: groups_.push_back({"WdfIoQueueStopSynchronously(" + q + "); WdfIoQueueStart(" + q + ");", true}); break;
  case 2: groups_.push_back({"WdfIoQueuePurgeSynchronously(" + q + ");" + (chance(50) ? " WdfIoQueueStart(" + q + ");" : ""), true}); break;
  case 3: groups_.push_back({"WdfIoQueueDrainSynchronously(" + q + ");" + (chance(50) ? " WdfIoQueueStart(" + q + ");" : ""), true}); break;
  case 4: groups_.push_back({"WdfIoQueueStart(" + q + ");", false}); break;
  default: break;
  }
}

// A manual queue with nobody sending to it: a parent for work items, DPCs, timers and
// interrupts, and a lock for WdfObjectAcquireLock. It costs the explorer nothing.
void Generator::parentQueue() {
  Queue q = queueSettings("PQ", false);
  queues_.push_back(q);
  out_ += "queue PQ { DispatchType = " + spell("Manual", "WdfIoQueueDispatchManual") + ";" + q.attrs + " }\n";
}

// The FileObject block (with a scope the framework accepts) and the three file callbacks, run
// by `open` and `close` in PASSIVE_LEVEL threads.
void Generator::fileFamily() {
  bool inheritAccepted = deviceScope_ == Scope::None || (deviceScope_ == Scope::Device && deviceLevel_ == Level::Passive);
  if (inheritAccepted && chance(20)) {
    deviceAttrs_ += " FileObject { }";
  } else if (chance(60)) {
    std::string attrs;
    if (chance(40)) {
      int l = pick(3);
      attrs += " ExecutionLevel = " + (l == 2 ? spell("InheritFromParent", "WdfExecutionLevelInheritFromParent")
                                             : levelName(l == 0 ? Level::Passive : Level::Dispatch)) + ";";
    }
    int s = pick(3);
    if (s == 0 && inheritAccepted) {
      if (chance(50))
        attrs += " SynchronizationScope = " + spell("InheritFromParent", "WdfSynchronizationScopeInheritFromParent") + ";";
    } else if (s == 1 && deviceLevel_ == Level::Passive) {
      attrs += " SynchronizationScope = " + scopeName(Scope::Device) + ";";
    } else {
      attrs += " SynchronizationScope = " + scopeName(Scope::None) + ";";
    }
    deviceAttrs_ += " FileObject {" + attrs + " }";
  }
  Ctx c;
  c.mayReturn = true;
  if (chance(80)) {
    Ctx create = c;
    create.request = true;
    std::string b = body(create, pick(2));
    int k = pick(100);
    bool forward = !receivers_.empty() && k < 15;
    std::string end = forward ? "int s0 = WdfRequestForwardToIoQueue(Request, " + receivers_[0].name +
                                    "); if (!NT_SUCCESS(s0)) { WdfRequestComplete(Request, s0); }"
                      : k < 20 ? "if (WdfRequestRequeue(Request) != STATUS_SUCCESS) { WdfRequestComplete(Request, STATUS_SUCCESS); }"
                      : k < 24 ? ""
                               : "WdfRequestComplete(Request, STATUS_SUCCESS);";
    deviceAttrs_ += " EvtDeviceFileCreate { " + b + (b.empty() ? "" : " ") + end + " }";
  }
  for (const char *cb : {"EvtFileCleanup", "EvtFileClose"}) {
    if (!chance(60))
      continue;
    std::string b = body(c, 1 + pick(2));
    if (chance(6))
      b += " WdfObjectAcquireLock(FileObject); WdfObjectReleaseLock(FileObject);"; // lock_misuse: no file lock to take
    deviceAttrs_ += std::string(" ") + cb + " { " + b + " }";
  }
  int files = 1 + (chance(35) ? 1 : 0);
  for (int i = 0; i < files; ++i) {
    std::string f = fresh("F");
    int k = pick(10);
    if (k < 5)
      groups_.push_back({"open as " + f + "; close " + f + ";", true});
    else if (k < 8) {
      groups_.push_back({"open as " + f + ";", true});
      groups_.push_back({"close " + f + ";", true});
    } else {
      groups_.push_back({chance(50) ? "open;" : "open as " + f + ";", true});
    }
  }
}

// The parent for an AutomaticSerialization child: the device (left out or named), a queue, or
// for work items, DPCs and timers also a deferred object declared earlier. Mostly one whose
// lock the child can take (a scoped parent with the child's passive flag), so that bound
// callback locks are common.
Parent Generator::chooseParent(bool deviceOrQueueOnly, bool wantPassive) {
  std::vector<Parent> options, binding;
  for (const Parent &p : parents_) {
    if (!p.deviceOrQueue && deviceOrQueueOnly)
      continue;
    options.push_back(p);
    if (p.scope != Scope::None && p.passiveFlag == wantPassive)
      binding.push_back(p);
  }
  if (!binding.empty() && chance(60))
    options = binding;
  else if (chance(30))
    return parents_[0];
  Parent p = options[static_cast<size_t>(pick(static_cast<int>(options.size())))];
  if (p.name.empty() && chance(50))
    p.name = "Dev";
  return p;
}

// The parent and AutomaticSerialization settings. Where the framework would refuse the
// binding (a scoped parent whose passive flag differs from the callback's level), the child
// turns AutomaticSerialization off. `bound` is the scope the child's lock comes from.
std::string Generator::serialization(char kind, bool wantPassive, const Parent &p, Scope &bound) {
  bool byDefault = kind != 'I';
  // 0: left out, 1 (interrupts: 1, 3 or 4, as only a serialized interrupt names its parent): true, 2: false
  int choice = pick(kind == 'I' ? 5 : 3);
  if (choice >= 3)
    choice = 1;
  bool on = choice == 0 ? byDefault : choice == 1;
  if (on && p.scope != Scope::None && wantPassive != p.passiveFlag) {
    on = false;
    choice = byDefault ? 2 : 0;
  }
  bound = on ? p.scope : Scope::None;
  std::string a;
  bool nameParent = !p.name.empty() && (kind != 'I' || on);
  if (nameParent)
    a += " parent = " + p.name + ";";
  else if (kind == 'I' && on && chance(30))
    a += " parent = NULL;"; // no ParentObject: the device
  if (choice != 0)
    a += " AutomaticSerialization = " + boolean(on) + ";";
  return a;
}

std::string Generator::callback(const char *name, const std::string &b, bool bindable) {
  if (bindable && chance(20)) {
    std::string f = fresh("Fn");
    out_ += "function " + f + " { " + b + " }\n";
    return std::string(" ") + name + " = " + f + ";";
  }
  return std::string(" ") + name + " { " + b + " }";
}

// A timer's settings: one-shot or periodic (a periodic timer's callback repeats, so its body
// keeps counters bounded), a passive-level timer, and the WDF_TIMER_CONFIG extras.
std::string Generator::timerSettings(Ctx &c, bool &wantPassive, bool &periodic) {
  std::string a;
  c.irql = Irql::Dispatch;
  if (chance(25)) {
    wantPassive = true;
    c.irql = Irql::Passive;
    a += " ExecutionLevel = " + levelName(Level::Passive) + ";";
  } else if (chance(30)) {
    periodic = true;
    c.repeats = true;
    a += " Period = 10;";
  }
  if (!wantPassive && chance(20))
    a += " ExecutionLevel = " + (chance(50) ? levelName(Level::Dispatch) : spell("InheritFromParent", "WdfExecutionLevelInheritFromParent")) + ";";
  bool delay = chance(25);
  if (delay)
    a += " TolerableDelay = 5;";
  if (chance(25))
    a += " UseHighResolutionTimer = " + boolean(!delay) + ";";
  return a;
}

void Generator::deferredObject(size_t index) {
  const Deferred &d = deferred_[index];
  Ctx c;
  c.triggerFrom = index + 1;
  c.mayReturn = true;
  bool wantPassive = d.kind == 'W', periodic = false;
  std::string attrs;
  if (d.kind == 'T')
    attrs += timerSettings(c, wantPassive, periodic);
  else
    c.irql = d.kind == 'W' ? Irql::Passive : Irql::Dispatch;
  if (d.kind != 'T' && chance(8))
    attrs += " ExecutionLevel = " + spell("InheritFromParent", "WdfExecutionLevelInheritFromParent") + ";";
  if (chance(8))
    attrs += " SynchronizationScope = " + (chance(50) ? scopeName(Scope::None) : spell("InheritFromParent", "WdfSynchronizationScopeInheritFromParent")) + ";";
  Parent p = chooseParent(false, wantPassive);
  Scope bound = Scope::None;
  attrs = serialization(d.kind, wantPassive, p, bound) + attrs;
  parents_.push_back({d.name, wantPassive, p.scope, false});

  c.self = d.kind == 'W' ? "WorkItem" : d.kind == 'D' ? "Dpc" : "Timer";
  // A callback that re-triggers itself runs again and again: keep it bounded.
  bool again = chance(10);
  c.repeats |= again;
  std::string b = body(c, 1 + pick(2));
  if (again) {
    std::string cond = boolExpr(c);
    b += " if (" + cond + ") { " +
         (d.kind == 'W' ? "WdfWorkItemEnqueue(WorkItem);" : d.kind == 'D' ? "WdfDpcEnqueue(Dpc);" : "WdfTimerStart(Timer, 1);") + " }";
  }
  const char *kind = d.kind == 'W' ? "workitem " : d.kind == 'D' ? "dpc " : "timer ";
  const char *cb = d.kind == 'W' ? "EvtWorkItem" : d.kind == 'D' ? "EvtDpcFunc" : "EvtTimerFunc";
  std::string cbText = callback(cb, b, true);
  out_ += std::string(kind) + d.name + " {" + attrs + cbText + " }\n";
  deferredGroup(d, periodic);
}

// The environment triggers the object, and may wait for it or cancel it.
void Generator::deferredGroup(const Deferred &d, bool periodic) {
  if (!periodic && !chance(85))
    return;
  Group g;
  if (d.kind == 'W') {
    g.text = "WdfWorkItemEnqueue(" + d.name + ");";
    if (chance(35)) {
      g.text += " WdfWorkItemFlush(" + d.name + ");";
      g.passive = true;
    }
  } else if (d.kind == 'D') {
    g.text = chance(50) ? "WdfDpcEnqueue(" + d.name + ");" : "bool " + fresh("b") + " = WdfDpcEnqueue(" + d.name + ");";
    if (chance(35)) {
      g.passive = chance(50);
      g.text += " bool " + fresh("b") + " = WdfDpcCancel(" + d.name + ", " + boolean(g.passive) + ");";
    }
  } else {
    g.text = chance(70) ? "WdfTimerStart(" + d.name + ", 10);" : "bool " + fresh("b") + " = WdfTimerStart(" + d.name + ", 0);";
    if (periodic ? chance(90) : chance(35)) {
      g.passive = chance(60);
      g.text += " WdfTimerStop(" + d.name + ", " + boolean(g.passive) + ");";
    }
  }
  groups_.push_back(g);
}

// An interrupt at DIRQL or PASSIVE_LEVEL, with its own lock or a driver lock, a DPC or a work
// item queued from the ISR, Enable/Disable callbacks, and AutomaticSerialization under the
// device or a queue where the framework accepts it.
void Generator::interrupt(size_t index) {
  const Deferred &d = deferred_[index];
  bool passiveHandling = chance(40);
  std::string attrs;
  if (passiveHandling)
    attrs += " PassiveHandling = " + boolean(true) + ";";
  attrs += interruptLock(passiveHandling);
  int w = pick(10);
  const char *worker = w < 4 ? "EvtInterruptDpc" : w < 7 ? "EvtInterruptWorkItem" : nullptr;
  bool wantPassive = w < 4 ? false : w < 7 ? true : passiveHandling;
  Parent p = chooseParent(true, wantPassive);
  Scope bound = Scope::None;
  attrs = serialization('I', wantPassive, p, bound) + attrs;

  Ctx isr;
  isr.irql = passiveHandling ? Irql::Passive : Irql::Dirql;
  isr.triggerFrom = deferred_.size();
  std::string b = body(isr, pick(2));
  // A PASSIVE_LEVEL ISR may wait, holding its interrupt lock.
  if (passiveHandling && !events_.empty() && chance(20))
    b += (b.empty() ? "" : " ") + std::string("KeWaitForSingleObject(E0);");
  if (chance(15))
    b += std::string(" assert(KeGetCurrentIrql() == ") + (passiveHandling ? "PASSIVE_LEVEL" : "DIRQL") + ");";
  if (worker && chance(85))
    b += w < 4 ? " WdfInterruptQueueDpcForIsr(Interrupt);" : " bool " + fresh("b") + " = WdfInterruptQueueWorkItemForIsr(Interrupt);";
  int r = pick(4);
  b += r == 0 ? " return true;" : r == 1 ? " return Flag;" : r == 2 ? " return X0 >= 0;" : " return choose(true, false);";
  std::string block = "interrupt " + d.name + " {" + attrs + callback("EvtInterruptIsr", b, false);
  if (worker) {
    Ctx wc;
    wc.irql = w < 4 ? Irql::Dispatch : Irql::Passive;
    wc.triggerFrom = deferred_.size();
    wc.mayReturn = true;
    std::string wb = body(wc, 1 + pick(2));
    if (chance(50))
      wb += " " + interruptLockUse(wc, "Interrupt", passiveHandling, w >= 4);
    block += callback(worker, wb, false);
  }
  if (chance(45))
    block += " EvtInterruptEnable { Flag = " + boolean(true) + "; }";
  if (chance(45))
    block += chance(70) ? " EvtInterruptDisable { Flag = " + boolean(false) + "; }" : " EvtInterruptDisable { X0 = 0; }";
  out_ += block + " }\n";
  interruptGroups(d.name, passiveHandling);
}

// The interrupt lock: built in, or a driver lock: its own, the wait lock the driver's code
// takes too, or the one an earlier interrupt uses (the two share it).
std::string Generator::interruptLock(bool passiveHandling) {
  std::string &shared = passiveHandling ? isrWaitLock_ : isrSpinLock_;
  if (!shared.empty() && chance(70))
    return (passiveHandling ? " WaitLock = " : " SpinLock = ") + shared + ";";
  if (!chance(40))
    return "";
  if (passiveHandling && waitLock_ && chance(50)) {
    shared = "WL";
  } else {
    shared = fresh("IsrLock");
    out_ += (passiveHandling ? "waitlock " : "spinlock ") + shared + ";\n";
  }
  return (passiveHandling ? " WaitLock = " : " SpinLock = ") + shared + ";";
}

// Taking the interrupt lock from a thread or a DPC/work item: directly, by trying (passive
// interrupts only), by synchronizing, or by disabling and enabling the interrupt.
std::string Generator::interruptLockUse(const Ctx &c, const std::string &i, bool passiveHandling, bool worker) {
  Irql needs = passiveHandling ? Irql::Passive : Irql::Dispatch;
  for (;;) {
    switch (pick(4)) {
    case 0:
      if (!allowed(c, needs))
        continue;
      return "WdfInterruptAcquireLock(" + i + "); " + lockedSection(c, passiveHandling) + " WdfInterruptReleaseLock(" + i + ");";
    case 1:
      if (!passiveHandling || !allowed(c, Irql::Passive))
        continue;
      return "if (WdfInterruptTryToAcquireLock(" + i + ")) { " + lockedSection(c, passiveHandling) + " WdfInterruptReleaseLock(" + i + "); }";
    case 2:
      if (!allowed(c, needs))
        continue;
      return "bool " + fresh("b") + " = WdfInterruptSynchronize(" + i + ", " + syncFunction(passiveHandling) + ");";
    default:
      if (!allowed(c, Irql::Passive) || (worker && !chance(30)))
        continue;
      return "WdfInterruptDisable(" + i + "); WdfInterruptEnable(" + i + ");";
    }
  }
}

// What runs holding an interrupt lock. A PASSIVE_LEVEL interrupt's lock is a wait lock: its
// holder may wait, or take other locks, while ISR runs wait for it.
std::string Generator::lockedSection(const Ctx &c, bool passiveHandling) {
  if (!passiveHandling || !chance(40))
    return update(c);
  Ctx inner = c;
  std::string s = syncStatement(inner);
  return s.empty() ? statement(inner, 1) : s;
}

// An EvtInterruptSynchronize function: runs under the interrupt lock, returns a bool.
std::string Generator::syncFunction(bool passiveHandling) {
  std::string f = fresh("Sync");
  Ctx c;
  c.irql = passiveHandling ? Irql::Passive : Irql::Dirql;
  c.triggerFrom = deferred_.size();
  std::string u = update(c);
  std::string ret = boolExpr(c);
  out_ += "function bool " + f + " { " + u + " return " + ret + "; }\n";
  return f;
}

void Generator::interruptGroups(const std::string &i, bool passiveHandling) {
  int raises = chance(85) ? 1 + (chance(30) ? 1 : 0) : 0;
  for (int k = 0; k < raises && raises_ < MaxRaises; ++k, ++raises_)
    groups_.push_back({"interrupt " + i + ";", false});
  if (chance(75)) {
    Ctx t;
    t.thread = true;
    t.irql = Irql::Passive;
    groups_.push_back({interruptLockUse(t, i, passiveHandling, false), true});
  }
}

// Threads that signal and wait for the events and take the locks, so that they meet the
// callbacks that do the same.
void Generator::syncGroups() {
  Ctx t;
  t.thread = true;
  if (!events_.empty()) {
    const std::string &e = events_[static_cast<size_t>(pick(static_cast<int>(events_.size())))];
    groups_.push_back({update(t) + " KeSetEvent(" + e + ");", false});
    int k = pick(10);
    if (k < 6)
      groups_.push_back({"KeWaitForSingleObject(" + e + "); " + update(t), true});
    else if (k < 8)
      groups_.push_back({"if (KeWaitForSingleObject(" + e + ", 0) == STATUS_TIMEOUT) { " + update(t) + " }", false});
    else // spins until the event is set: a cyclic design
      groups_.push_back({"while (KeWaitForSingleObject(" + e + ", 0) == STATUS_TIMEOUT) { } " + update(t), false});
  }
  int sections = 1 + pick(2);
  for (int i = 0; i < sections; ++i) {
    std::string s;
    for (int attempt = 0; attempt < 5 && s.empty(); ++attempt)
      s = syncStatement(t);
    if (!s.empty())
      groups_.push_back({s, true}); // it may need PASSIVE_LEVEL (wait lock, mutex, wait)
  }
}

// ---------------------------------------------------------------------------------------------
// The environment

void Generator::environment() {
  int threads = 1 + pick(2) + (chance(15) ? 1 : 0);
  std::vector<std::vector<const Group *>> assigned(static_cast<size_t>(threads));
  for (const Group &g : groups_)
    assigned[static_cast<size_t>(pick(threads))].push_back(&g);
  out_ += "environment {\n";
  for (int t = 0; t < threads; ++t) {
    bool passive = false;
    for (const Group *g : assigned[static_cast<size_t>(t)])
      passive |= g->passive;
    bool dispatch = !passive && chance(25);
    Ctx c;
    c.thread = true;
    c.irql = dispatch ? Irql::Dispatch : Irql::Passive;
    std::string text;
    if (assigned[static_cast<size_t>(t)].empty() || chance(35))
      text = body(c, assigned[static_cast<size_t>(t)].empty() ? 1 + pick(2) : 1);
    for (const Group *g : assigned[static_cast<size_t>(t)])
      text += (text.empty() ? "" : " ") + g->text;
    std::string at = dispatch ? " at DISPATCH_LEVEL" : chance(15) ? " at PASSIVE_LEVEL" : "";
    out_ += "  thread Th" + std::to_string(t) + at + " { " + text + " }\n";
  }
  if ((!finallyChecks_.empty() && chance(75)) || chance(30))
    out_ += "  finally { " + finallyBlock() + " }\n";
  out_ += "}\n";
}

// finally reads state and asserts only: no calls, no choose.
std::string Generator::finallyBlock() {
  std::string s;
  for (const std::string &check : finallyChecks_)
    s += check + " ";
  switch (pick(3)) {
  case 0: s += "assert(X0 < 4);"; break;
  case 1: {
    std::string f = fresh("f");
    s += "int " + f + " = X0 + 1; assert(" + f + " > 0 || KeGetCurrentIrql() == PASSIVE_LEVEL, \"finally\");";
    break;
  }
  default: s += "assert(KeGetCurrentIrql() == PASSIVE_LEVEL);"; break;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Bodies

std::string Generator::body(Ctx c, int n) {
  std::string b;
  for (int i = 0; i < n; ++i) {
    std::string s = statement(c, 0);
    b += (b.empty() ? "" : " ") + s;
  }
  return b;
}

std::string Generator::statement(Ctx &c, int depth) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    int k = pick(10);
    std::string s = k < 4   ? basicStatement(c, depth)
                    : k < 7 ? (code_ ? codeStatement(c, depth) : "")
                    : k < 9 ? syncStatement(c)
                            : trigger(c);
    if (!s.empty())
      return s;
  }
  return update(c);
}

std::string Generator::basicStatement(Ctx &c, int depth) {
  switch (pick(9)) {
  case 0:
  case 1: return update(c);
  case 2: return declareInt(c, intExpr(c));
  case 3: {
    std::string loc = intLocation(c);
    std::string e = intExpr(c);
    return loc + " = " + (c.repeats ? "(" + e + ") % 3" : e) + ";";
  }
  case 4: return interlocked(c);
  case 5: {
    if (depth > 1)
      return "";
    std::string cond = boolExpr(c);
    Ctx inner = c;
    std::string then = statement(inner, depth + 1);
    if (!chance(40))
      return "if (" + cond + ") { " + then + " }";
    Ctx other = c;
    std::string otherwise = statement(other, depth + 1);
    return "if (" + cond + ") { " + then + " } else { " + otherwise + " }";
  }
  case 6:
    switch (pick(3)) {
    case 0: return intLocation(c) + " = choose(0, 2);";
    case 1: return declareInt(c, "choose(0..2)");
    default: return declareBool(c, "choose(true, false)");
    }
  case 7: {
    std::string cond = boolExpr(c);
    return chance(70) ? "assert(" + cond + ");" : "assert(" + cond + ", \"generated\");";
  }
  default: return selfCall(c);
  }
}

// Loops, calls, arrays, assume, blocks: the code family's statements.
std::string Generator::codeStatement(Ctx &c, int depth) {
  switch (pick(8)) {
  case 0:
  case 1: return depth > 1 || !loops_ ? "" : loop(c, depth);
  case 2: {
    switch (pick(loops_ ? 6 : 4)) {
    case 4: return declareInt(c, "Count(" + intExpr(c) + ")");
    case 5: return declareInt(c, "Skip(" + intExpr(c) + ")");
    case 0: return "Bump();";
    case 1: {
      std::string x = intLocation(c);
      return c.repeats ? x + " = Twice(" + x + ") % 3;" : x + " = Twice(" + x + ");";
    }
    case 2: {
      std::string a = intExpr(c);
      std::string up = boolExpr(c);
      return declareInt(c, "Mix(" + a + ", " + up + ")");
    }
    default: {
      std::string v = intExpr(c);
      return declareBool(c, "Small(" + v + ")");
    }
    }
  }
  case 3: {
    if (!arraySize_)
      return "";
    std::string i = declareInt(c, "choose(0.." + std::to_string(arraySize_ - 1 + (chance(20) ? 1 : 0)) + ")");
    const std::string &idx = c.ints.back();
    return i + " A[" + idx + "] = " + (c.repeats ? idx : "A[" + idx + "] + " + idx) + ";";
  }
  case 4: return "assume(" + boolExpr(c) + ");";
  case 5: {
    if (depth > 1)
      return "";
    Ctx inner = c;
    return chance(70) ? "{ " + statement(inner, depth + 1) + " }" : ";";
  }
  case 6: {
    if (!c.mayReturn || depth > 1)
      return "";
    std::string cond = boolExpr(c);
    return "if (" + cond + ") { return; }";
  }
  default: {
    std::string b = boolExpr(c);
    return declareBool(c, b);
  }
  }
}

// At most two iterations, so that the naive explorer (every statement a step) stays small.
std::string Generator::loop(Ctx &c, int depth) {
  int k = pick(5);
  Ctx inner = c;
  std::string i = fresh("i");
  if (k < 3)
    inner.ints.push_back(i);
  std::string s = statement(inner, depth + 1);
  switch (k) {
  case 0:
    if (arraySize_)
      return "for (int " + i + " = 0; " + i + " < 2; " + i + "++) { A[" + i + "] = " + (c.repeats ? i : "A[" + i + "] + 1") + "; }";
    return "for (int " + i + " = 0; " + i + " < 2; " + i + "++) { " + s + " }";
  case 1: return "for (int " + i + " = 0; " + i + " < 2; ++" + i + ") { if (" + i + " == 0) { continue; } " + s + " }";
  case 2: return "int " + i + " = 0; while (" + i + " < 2) { " + i + "++; " + s + " }";
  case 3: return "while (" + boolean(true) + ") { " + s + " break; }";
  default: return "for (;;) { " + s + " break; }";
  }
}

// Driver locks, framework object locks and events, mostly where their IRQL allows them.
std::string Generator::syncStatement(Ctx &c) {
  switch (pick(8)) {
  case 0:
  case 1:
    if (!spinLocks_ || !allowed(c, Irql::Dispatch))
      return "";
    {
      std::string l = "L" + std::to_string(pick(spinLocks_));
      return "WdfSpinLockAcquire(" + l + "); " + update(c) + " WdfSpinLockRelease(" + l + ");";
    }
  case 2:
    if (spinLocks_ < 2 || !allowed(c, Irql::Dispatch))
      return "";
    {
      // Two locks in either order: ABBA patterns across bodies.
      bool ab = chance(50);
      std::string a = ab ? "L0" : "L1", b = ab ? "L1" : "L0";
      return "WdfSpinLockAcquire(" + a + "); WdfSpinLockAcquire(" + b + "); WdfSpinLockRelease(" + b + "); WdfSpinLockRelease(" +
             a + ");";
    }
  case 3:
    if (!waitLock_ || !allowed(c, Irql::Passive))
      return "";
    return "WdfWaitLockAcquire(WL); " + update(c) + " WdfWaitLockRelease(WL);";
  case 4: {
    if (!sync_ || lockables_.empty())
      return "";
    const Lockable &l = lockables_[static_cast<size_t>(pick(static_cast<int>(lockables_.size())))];
    if (!allowed(c, l.mutex ? Irql::Passive : Irql::Dispatch))
      return "";
    return "WdfObjectAcquireLock(" + l.name + "); " + update(c) + " WdfObjectReleaseLock(" + l.name + ");";
  }
  case 5:
  case 6: {
    if (events_.empty())
      return "";
    const std::string &e = events_[static_cast<size_t>(pick(static_cast<int>(events_.size())))];
    int k = pick(5);
    if (k < 2 && allowed(c, Irql::Dispatch))
      return "KeSetEvent(" + e + ");";
    if (k == 2 && allowed(c, Irql::Dispatch))
      return "KeClearEvent(" + e + ");";
    if (k == 3 && allowed(c, Irql::Passive))
      return "KeWaitForSingleObject(" + e + ");";
    if (k == 4 && allowed(c, Irql::Dispatch))
      return chance(50) ? declareInt(c, "KeWaitForSingleObject(" + e + ", 0)")
                        : "if (KeWaitForSingleObject(" + e + ", 0) == STATUS_SUCCESS) { " + update(c) + " }";
    return "";
  }
  default:
    // Lock misuse: a lock left held, or released twice.
    if (!spinLocks_ || !chance(25))
      return "";
    return chance(50) ? "WdfSpinLockAcquire(L0);" : "WdfSpinLockAcquire(L0); WdfSpinLockRelease(L0); WdfSpinLockRelease(L0);";
  }
}

// A read-modify-write of a shared location, in one of the many forms C allows. A body that
// repeats only uses forms that keep the value bounded.
std::string Generator::update(const Ctx &c) {
  if (flag_ && chance(15))
    return chance(50) ? "Flag = !Flag;" : "Flag = " + boolean(chance(50)) + ";";
  std::string x = intLocation(c);
  if (c.repeats) {
    const char *forms[] = {" = (# + 1) % 3;", " ^= 1;", " = 1;", " &= 1;", " >>= 1;", " %= 2;", " /= 2;"};
    std::string f = forms[pick(7)];
    size_t hash = f.find('#');
    return x + (hash == std::string::npos ? f : f.replace(hash, 1, x));
  }
  const char *forms[] = {" = # + 1;", "++;", "--;", " += 2;", " -= 1;", " *= 2;", " /= 2;", " %= 3;",
                         " &= 3;",    " |= 4;", " ^= 1;", " <<= 1;", " >>= 1;", "pre++", "pre--"};
  std::string f = forms[pick(15)];
  if (f == "pre++" || f == "pre--")
    return f.substr(3) + x + ";";
  size_t hash = f.find('#');
  return x + (hash == std::string::npos ? f : f.replace(hash, 1, x));
}

std::string Generator::interlocked(Ctx &c) {
  std::string x = intLocation(c);
  std::string call;
  switch (pick(c.repeats ? 4 : 7)) {
  case 0: call = "InterlockedExchange(" + x + ", 1)"; break;
  case 1: call = "InterlockedCompareExchange(" + x + ", 2, 0)"; break;
  case 2: call = "InterlockedOr(" + x + ", 1)"; break;
  case 3: call = "InterlockedAnd(" + x + ", 3)"; break;
  case 4: call = "InterlockedIncrement(" + x + ")"; break;
  case 5: call = "InterlockedDecrement(" + x + ")"; break;
  default: call = "InterlockedAdd(" + x + ", 2)"; break;
  }
  return chance(30) ? declareInt(c, call) : call + ";";
}

std::string Generator::trigger(const Ctx &c) {
  if (c.repeats || c.triggerFrom >= deferred_.size())
    return "";
  const Deferred &d = deferred_[c.triggerFrom + static_cast<size_t>(pick(static_cast<int>(deferred_.size() - c.triggerFrom)))];
  switch (d.kind) {
  case 'W': return allowed(c, Irql::Dispatch) ? "WdfWorkItemEnqueue(" + d.name + ");" : "";
  case 'D': return "WdfDpcEnqueue(" + d.name + ");";
  case 'T': return allowed(c, Irql::Dispatch) ? "WdfTimerStart(" + d.name + ", 1);" : "";
  default:
    if (raises_ >= MaxRaises)
      return "";
    ++raises_;
    return "interrupt " + d.name + ";";
  }
}

// Calls a callback may not make on its own object: flushing itself or stopping itself with
// wait is a `ddi` finding.
std::string Generator::selfCall(Ctx &c) {
  if (c.self.empty() || !chance(40))
    return "";
  if (c.self == "WorkItem")
    return "WdfWorkItemFlush(WorkItem);";
  if (c.self == "Timer")
    return "WdfTimerStop(Timer, " + boolean(true) + ");";
  return declareBool(c, "WdfDpcCancel(Dpc, " + boolean(false) + ")");
}

std::string Generator::declareInt(Ctx &c, const std::string &init) {
  std::string t = fresh("t");
  c.ints.push_back(t);
  return "int " + t + " = " + init + ";";
}

std::string Generator::declareBool(Ctx &c, const std::string &init) {
  std::string b = fresh("b");
  c.bools.push_back(b);
  return "bool " + b + " = " + init + ";";
}

std::string Generator::intLocation(const Ctx &c) {
  int k = pick(10);
  if (k == 0 && arraySize_)
    return "A[" + std::to_string(pick(2)) + "]";
  if (k == 1 && c.request && context_)
    return "Request.Tries";
  return "X" + std::to_string(pick(vars_));
}

std::string Generator::intExpr(const Ctx &c) {
  int reads = 1;
  return intExpr(c, 0, reads);
}

std::string Generator::boolExpr(const Ctx &c) {
  int reads = 1;
  return boolExpr(c, 0, reads);
}

// An int expression with at most `reads` shared reads (each read is a step of its own). Every
// operator of §9 appears; divisors and shift counts are mostly constants in range.
std::string Generator::intExpr(const Ctx &c, int depth, int &reads) {
  switch (pick(depth >= 2 ? 4 : 10)) {
  case 0: return std::to_string(pick(4));
  case 1:
    if (!c.ints.empty())
      return c.ints[static_cast<size_t>(pick(static_cast<int>(c.ints.size())))];
    return std::to_string(1 + pick(3));
  case 2:
    if (reads <= 0)
      return "1";
    --reads;
    return intLocation(c);
  case 3:
    if (c.thread && !sent_.empty() && chance(50))
      return "status(" + sent_[static_cast<size_t>(pick(static_cast<int>(sent_.size())))] + ")";
    return "KeGetCurrentIrql()";
  case 4:
  case 5: {
    const char *ops[] = {"+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>"};
    std::string op = ops[pick(10)];
    std::string a = intExpr(c, depth + 1, reads);
    std::string b;
    if (op == "<<" || op == ">>")
      b = std::to_string(pick(3));
    else if ((op == "/" || op == "%") && !chance(10))
      b = std::to_string(1 + pick(3));
    else
      b = intExpr(c, depth + 1, reads);
    return "(" + a + " " + op + " " + b + ")";
  }
  case 6: {
    const char *ops[] = {"-", "~", "+"};
    std::string op = ops[pick(3)];
    return "(" + op + intExpr(c, depth + 1, reads) + ")";
  }
  case 7: {
    std::string cond = boolExpr(c, depth + 1, reads);
    std::string a = intExpr(c, depth + 1, reads);
    std::string b = intExpr(c, depth + 1, reads);
    return "(" + cond + " ? " + a + " : " + b + ")";
  }
  case 8:
    if (helpers_)
      return "Twice(" + intExpr(c, depth + 1, reads) + ")";
    return "2";
  default: return chance(50) ? "STATUS_SUCCESS" : "DISPATCH_LEVEL";
  }
}

std::string Generator::boolExpr(const Ctx &c, int depth, int &reads) {
  switch (pick(depth >= 2 ? 4 : 9)) {
  case 0:
    if (!c.bools.empty())
      return c.bools[static_cast<size_t>(pick(static_cast<int>(c.bools.size())))];
    if (flag_ && reads > 0) {
      --reads;
      return "Flag";
    }
    return boolean(chance(50));
  case 1:
  case 2:
  case 3: {
    const char *ops[] = {"==", "!=", "<", "<=", ">", ">="};
    std::string op = ops[pick(6)];
    std::string a = intExpr(c, depth + 1, reads);
    std::string b = std::to_string(pick(3));
    return "(" + a + " " + op + " " + b + ")";
  }
  case 4: return "NT_SUCCESS(" + intExpr(c, depth + 1, reads) + ")";
  case 5:
  case 6: {
    std::string op = chance(50) ? "&&" : "||";
    std::string a = boolExpr(c, depth + 1, reads);
    std::string b = boolExpr(c, depth + 1, reads);
    return "(" + a + " " + op + " " + b + ")";
  }
  case 7: return "!" + boolExpr(c, depth + 1, reads);
  default:
    if (helpers_)
      return "Small(" + intExpr(c, depth + 1, reads) + ")";
    return boolean(true);
  }
}

std::string Generator::run() {
  chooseFamilies();
  if (chance(30))
    out_ += "scenario \"generated\";\n";
  device();
  sharedState();
  if (code_)
    helperFunctions();
  loops_ = code_ && chance(50);
  if (loops_)
    loopFunctions();
  // Names first: handlers and other bodies may trigger objects declared after them.
  if (deferredFamily_) {
    int n = 1 + pick(2);
    for (int i = 0; i < n; ++i) {
      char kind = "WDT"[pick(3)];
      deferred_.push_back({kind, std::string(1, kind) + std::to_string(i)});
    }
  } else if (chance(25)) {
    // Other families sometimes get a work item or DPC too, to trigger and race with.
    char kind = "WD"[pick(2)];
    deferred_.push_back({kind, std::string(1, kind) + "0"});
  }
  if (interrupts_)
    deferred_.push_back({'I', "I0"});
  if (interrupts_ && chance(15))
    deferred_.push_back({'I', "I1"});
  if (requests_)
    requestFamily();
  else if ((deferredFamily_ || interrupts_ || sync_) && chance(50))
    parentQueue();
  for (size_t i = 0; i < deferred_.size(); ++i)
    if (deferred_[i].kind == 'I')
      interrupt(i);
    else
      deferredObject(i);
  if (files_)
    fileFamily();
  if (sync_)
    syncGroups();
  out_ += "device Dev {" + deviceAttrs_ + " }\n";
  environment();
  return out_;
}

} // namespace

std::string generateScenario(uint32_t seed) { return Generator(seed).run(); }

} // namespace wdf::test
