#include "ScenarioGenerator.hpp"

#include <random>
#include <vector>

namespace wdf::test {

namespace {

class Generator {
public:
  explicit Generator(uint32_t seed) : rng_(seed) {}
  std::string run();

private:
  int pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  bool chance(int percent) { return pick(100) < percent; }
  std::string var() { return "X" + std::to_string(pick(vars_)); }
  std::string lock() { return "L" + std::to_string(pick(locks_)); }

  // Statements any body may contain. `ctx`: what the body may use.
  struct Ctx {
    bool thread = false;     // environment thread: env statements allowed
    bool request = false;    // has a Request to complete
    int triggerFrom = 0;     // may trigger deferred objects with index >= this
    std::string self;        // the deferred object whose callback this is
  };
  std::string statement(const Ctx &c, int depth);
  std::string body(const Ctx &c, int n);
  std::string trigger(const Ctx &c);

  std::mt19937 rng_;
  int vars_ = 1, locks_ = 0;
  bool waitLock_ = false, event_ = false, queue_ = false, syncEvent_ = false;
  std::vector<std::string> deferred_; // W0, D0, T0, I0 in creation order (triggers go forward)
  int requests_ = 0;
  int locals_ = 0;
  std::vector<std::string> threadRequests_;
};

std::string Generator::trigger(const Ctx &c) {
  std::vector<std::string> options;
  for (size_t i = static_cast<size_t>(c.triggerFrom); i < deferred_.size(); ++i)
    options.push_back(deferred_[i]);
  if (options.empty())
    return "";
  const std::string &o = options[pick(static_cast<int>(options.size()))];
  switch (o[0]) {
  case 'W': return "WdfWorkItemEnqueue(" + o + ");";
  case 'D': return "WdfDpcEnqueue(" + o + ");";
  case 'T': return "WdfTimerStart(" + o + ", 1);";
  default: return "interrupt " + o + ";";
  }
}

std::string Generator::statement(const Ctx &c, int depth) {
  for (int attempt = 0; attempt < 10; ++attempt) {
    switch (pick(18)) {
    case 0:
    case 1: {
      std::string x = var();
      return x + " = " + x + " + 1;";
    }
    case 2: {
      std::string t = "t" + std::to_string(locals_++);
      return "int " + t + " = " + var() + "; " + var() + " = " + t + ";";
    }
    case 3:
      if (!locks_)
        continue;
      {
        std::string l = lock(), x = var();
        return "WdfSpinLockAcquire(" + l + "); " + x + " = " + x + " + 1; WdfSpinLockRelease(" + l + ");";
      }
    case 4:
      if (locks_ < 2)
        continue;
      {
        // Two locks in a random order: ABBA patterns across bodies.
        bool ab = chance(50);
        std::string a = ab ? "L0" : "L1", b = ab ? "L1" : "L0";
        return "WdfSpinLockAcquire(" + a + "); WdfSpinLockAcquire(" + b + "); WdfSpinLockRelease(" + b +
               "); WdfSpinLockRelease(" + a + ");";
      }
    case 5: return "InterlockedIncrement(" + var() + ");";
    case 6:
      if (depth > 1)
        continue;
      return "if (" + var() + " > 0) { " + statement(c, depth + 1) + " }";
    case 7: {
      std::string t = trigger(c);
      if (t.empty())
        continue;
      return t;
    }
    case 8:
      if (!event_)
        continue;
      return "KeSetEvent(E0);";
    case 9:
      if (!event_ || !(c.thread || chance(30)))
        continue;
      return chance(70) ? "KeWaitForSingleObject(E0);" : "int w" + std::to_string(locals_++) + " = KeWaitForSingleObject(E0, 0);";
    case 10:
      if (!waitLock_ || !(c.thread || chance(40)))
        continue;
      return "WdfWaitLockAcquire(WL); " + var() + " = 1; WdfWaitLockRelease(WL);";
    case 11: return var() + " = choose(0, 2);";
    case 12: return "assert(" + var() + " < 3);";
    case 13:
      if (!c.thread || !queue_)
        continue;
      {
        std::string r = "R" + std::to_string(requests_++);
        threadRequests_.push_back(r);
        return std::string("send ") + (chance(50) ? "Read" : "Write") + " to Q0 as " + r + ";";
      }
    case 14:
      if (!c.thread || threadRequests_.empty())
        continue;
      {
        const std::string &r = threadRequests_[pick(static_cast<int>(threadRequests_.size()))];
        return chance(60) ? "cancel " + r + ";" : "wait " + r + ";";
      }
    case 15:
      if (!c.thread || deferred_.empty() || deferred_[0][0] != 'W')
        continue;
      return "WdfWorkItemFlush(W0);";
    case 16:
      // Lock misuse: a lock left held, or released twice.
      if (!locks_ || !chance(30))
        continue;
      return chance(50) ? "WdfSpinLockAcquire(" + lock() + ");"
                        : "WdfSpinLockAcquire(L0); WdfSpinLockRelease(L0); WdfSpinLockRelease(L0);";
    case 17:
      // A callback that flushes or stops itself (a forbidden call).
      if (c.self.empty() || !chance(70))
        continue;
      return c.self[0] == 'W' ? "WdfWorkItemFlush(WorkItem);"
             : c.self[0] == 'T' ? "WdfTimerStop(Timer, TRUE);"
                                : "int c" + std::to_string(locals_++) + " = WdfDpcCancel(Dpc, FALSE);";
    }
  }
  return var() + " = 2;";
}

std::string Generator::body(const Ctx &c, int n) {
  std::string b;
  for (int i = 0; i < n; ++i)
    b += (b.empty() ? "" : " ") + statement(c, 0);
  return b;
}

std::string Generator::run() {
  std::string s;
  vars_ = 1 + pick(2);
  locks_ = pick(3);
  waitLock_ = chance(25);
  event_ = chance(35);
  syncEvent_ = chance(50);
  queue_ = chance(60);
  bool passiveDevice = chance(40);
  s += std::string("device Dev { ExecutionLevel = ") + (passiveDevice ? "Passive" : "Dispatch") + "; SynchronizationScope = " +
       (chance(10) ? "Device" : "None") + "; }\n";
  for (int i = 0; i < vars_; ++i)
    s += "shared int X" + std::to_string(i) + ";\n";
  for (int i = 0; i < locks_; ++i)
    s += "spinlock L" + std::to_string(i) + ";\n";
  if (waitLock_)
    s += "waitlock WL;\n";
  if (event_)
    s += std::string("event E0 { Type = ") + (syncEvent_ ? "SynchronizationEvent" : "NotificationEvent") + "; }\n";
  // Deferred objects first (bodies may only trigger later ones, so no trigger cycles).
  int kinds = 1 + pick(2);
  std::vector<char> chosen;
  for (int i = 0; i < kinds; ++i)
    chosen.push_back("WDTI"[pick(4)]);
  for (size_t i = 0; i < chosen.size(); ++i) {
    std::string name = std::string(1, chosen[i]) + std::to_string(i);
    bool dup = false;
    for (const std::string &d : deferred_)
      dup |= d == name;
    if (!dup)
      deferred_.push_back(name);
  }
  std::string objects;
  for (size_t i = 0; i < deferred_.size(); ++i) {
    const std::string &o = deferred_[i];
    Ctx c;
    c.triggerFrom = static_cast<int>(i) + 1;
    c.self = o[0] == 'I' ? "" : o;
    std::string b = body(c, 1 + pick(2));
    std::string as = chance(50) ? "AutomaticSerialization = false; " : "";
    switch (o[0]) {
    case 'W': objects += "workitem " + o + " { " + as + "EvtWorkItem { " + b + " } }\n"; break;
    case 'D': objects += "dpc " + o + " { " + as + "EvtDpcFunc { " + b + " } }\n"; break;
    case 'T': objects += "timer " + o + " { " + as + "EvtTimerFunc { " + b + " } }\n"; break;
    default:
      objects += "interrupt " + o + " { EvtInterruptIsr { " + var() + " = 1; WdfInterruptQueueDpcForIsr(Interrupt); return true; } "
                 "EvtInterruptDpc { " + b + " } }\n";
    }
  }
  if (queue_) {
    bool sequential = chance(50);
    Ctx c;
    c.request = true;
    std::string handler = body(c, 1 + pick(2));
    switch (pick(6)) {
    case 4: break; // forgets the request: request_misuse at rest
    case 5: handler += " WdfRequestComplete(Request, STATUS_SUCCESS); WdfRequestComplete(Request, STATUS_SUCCESS);"; break;
    case 0: handler += " WdfRequestComplete(Request, STATUS_SUCCESS);"; break;
    case 1: handler += " WdfRequestMarkCancelable(Request, OnCancel);"; break;
    case 2: handler += " if (" + var() + " > 0) { WdfRequestComplete(Request, STATUS_SUCCESS); } else { "
                       "WdfRequestMarkCancelable(Request, OnCancel); }"; break;
    default: handler += " Held = Request; WdfDpcEnqueue(Finisher);"; break;
    }
    s += std::string("queue Q0 { DispatchType = ") + (sequential ? "Sequential" : "Parallel") +
         "; SynchronizationScope = " + (chance(50) ? "Queue" : "None") + "; EvtIoRead { " + handler + " } }\n";
    if (handler.find("OnCancel") != std::string::npos)
      s += "function OnCancel { WdfRequestComplete(Request, STATUS_CANCELLED); }\n";
    s += "shared request Held;\n";
    s += "dpc Finisher { EvtDpcFunc { request r = Held; if (r != NULL) { Held = NULL; WdfRequestComplete(r, "
         "STATUS_SUCCESS); } } }\n";
  }
  s += objects;
  s += "environment {\n";
  int threads = 1 + pick(2);
  for (int t = 0; t < threads; ++t) {
    Ctx c;
    c.thread = true;
    bool dispatch = chance(15);
    s += "  thread A" + std::to_string(t) + (dispatch ? " at DISPATCH_LEVEL" : "") + " { " + body(c, 1 + pick(3)) + " }\n";
  }
  if (chance(30))
    s += "  finally { assert(X0 < 4); }\n";
  s += "}\n";
  return s;
}

} // namespace

std::string generateScenario(uint32_t seed) { return Generator(seed).run(); }

} // namespace wdf::test
