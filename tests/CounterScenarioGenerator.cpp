#include <random>
#include <vector>

#include "ScenarioGenerator.hpp"

// Scenarios built around counter sections (models/exec/CounterSections.hpp): work items, a
// DPC and a queue handler add constants to shared counters under spin and wait locks or with
// interlocked additions, and
// threads enqueue, flush, send and read them, locked and unlocked, before and after the
// flushes. Some designs break the rules a counter needs (a multiplication, a constant
// store, a value kept past the release or an interlocked result used, an addition outside any
// lock, different locks for one counter, a counter that could overflow), so that the reduction must fall back to treating
// the section as reads and writes. Small enough for the naive explorer.

namespace wdf::test {

namespace {

class CounterGenerator {
public:
  explicit CounterGenerator(uint32_t seed) : rng_(seed) {}

  std::string run() {
    std::string out = "device Dev { }\nspinlock L0;\nspinlock L1;\nwaitlock WL;\n";
    interlockedC1_ = chance(40); // C1 counted with interlocked additions rather than under a lock
    int overflow = pick(100);
    out += std::string("shared int C0") + (overflow < 10 ? " = 2147483646" : overflow < 15 ? " = -2147483647" : "") + ";\n";
    out += "shared int C1;\nshared int X;\n";
    bool bump = chance(30);
    if (bump)
      out += "function Bump { " + section(false) + " }\n";
    int items = 1 + pick(2) + (chance(20) ? 1 : 0);
    std::vector<std::string> work;
    for (int i = 1; i <= items; ++i) {
      std::string w = "W" + std::to_string(i), body;
      int n = 1 + (chance(40) ? 1 : 0);
      for (int k = 0; k < n; ++k)
        body += (body.empty() ? "" : " ") + (bump && chance(30) ? std::string("Bump();") : section(false));
      out += "workitem " + w + " { AutomaticSerialization = false; EvtWorkItem { " + body + " } }\n";
      work.push_back(w);
    }
    bool dpc = chance(25), queue = chance(30);
    if (dpc)
      out += "dpc D1 { AutomaticSerialization = false; EvtDpcFunc { " + section(true) + " } }\n";
    if (queue)
      out += "queue Q { DispatchType = Parallel; EvtIoRead { " + section(true) +
             " WdfRequestComplete(Request, STATUS_SUCCESS); } }\n";

    // Main enqueues every work item, then flushes some of them; reads go anywhere.
    std::vector<std::string> steps;
    for (const std::string &w : work)
      steps.push_back("WdfWorkItemEnqueue(" + w + ");");
    if (dpc)
      steps.push_back("WdfDpcEnqueue(D1);");
    for (const std::string &w : work)
      if (chance(75))
        steps.push_back("WdfWorkItemFlush(" + w + ");");
    int reads = pick(3);
    for (int k = 0; k < reads; ++k)
      steps.insert(steps.begin() + pick(static_cast<int>(steps.size()) + 1), read());
    if (chance(30))
      steps.insert(steps.begin() + pick(static_cast<int>(steps.size()) + 1), "WdfWorkItemEnqueue(W1);");
    std::string main;
    for (const std::string &s : steps)
      main += " " + s;
    out += "environment {\n  thread Main {" + main + " }\n";
    if (queue || chance(40)) {
      std::string other;
      if (queue)
        other += " send Read to Q as R1; wait R1;";
      if (chance(40))
        other += " " + section(true);
      if (chance(40))
        other += " " + read();
      if (!other.empty())
        out += "  thread T {" + other + " }\n";
    }
    if (chance(30))
      out += "  finally { assert(C0 < " + std::to_string(2 + pick(4)) + ", \"final\"); }\n";
    return out + "}\n";
  }

private:
  int pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  bool chance(int percent) { return pick(100) < percent; }
  std::string fresh() { return "v" + std::to_string(names_++); }

  std::string cell() { return chance(interlockedC1_ ? 55 : 65) ? "C0" : "C1"; }

  std::string addition(const std::string &c) {
    switch (pick(7)) {
    case 0: return c + " += 2;";
    case 1: return c + "++;";
    case 2: return "++" + c + ";";
    case 3: return c + " = " + c + " + 1;";
    case 4: return c + " -= 1;";
    case 5: return c + "--;";
    default: return c + " = 3 + " + c + ";";
    }
  }

  // What a counter may not do.
  std::string breaker(const std::string &c) {
    switch (pick(6)) {
    case 0: return c + " *= 2;";
    case 1: return c + " = 5;";
    case 2: {
      std::string t = fresh();
      return "int " + t + " = " + c + "; " + c + " = " + t + " + 1; X = " + t + ";";
    }
    case 3: return "if (" + c + " > 1) { " + c + " += 1; }";
    case 4: {
      std::string t = fresh();
      return "int " + t + " = InterlockedIncrement(" + c + "); X = " + t + ";";
    }
    default: return "InterlockedExchange(" + c + ", 1);";
    }
  }

  // Usually a counter section or an interlocked addition; sometimes one that breaks a rule,
  // or no lock at all.
  std::string section(bool dispatch) {
    std::string c = cell(), inside = addition(c);
    if (c == "C1" && interlockedC1_ && !chance(5)) {
      switch (pick(3)) {
      case 0: return "InterlockedIncrement(C1);";
      case 1: return "InterlockedDecrement(C1);";
      default: return "InterlockedAdd(C1, 2);";
      }
    }
    if (chance(25) && !interlockedC1_)
      inside += " " + addition(c == "C0" ? "C1" : "C0");
    if (chance(7))
      inside = breaker(c);
    if (chance(3))
      return inside; // unlocked: a race
    if (!dispatch && chance(8))
      return "WdfWaitLockAcquire(WL); " + inside + " WdfWaitLockRelease(WL);";
    std::string l = chance(94) ? "L0" : "L1";
    return "WdfSpinLockAcquire(" + l + "); " + inside + " WdfSpinLockRelease(" + l + ");";
  }

  std::string read() {
    std::string c = cell();
    switch (pick(4)) {
    case 0: return "int " + fresh() + " = " + c + ";";
    case 1: return "assert(" + c + " != " + std::to_string(1 + pick(2)) + ", \"seen\");";
    case 2: return "WdfSpinLockAcquire(L0); assert(" + c + " != 1, \"locked\"); WdfSpinLockRelease(L0);";
    default: return "X = " + c + ";";
    }
  }

  std::mt19937 rng_;
  int names_ = 0;
  bool interlockedC1_ = false;
};

} // namespace

std::string generateCounterScenario(uint32_t seed) { return CounterGenerator(seed).run(); }

} // namespace wdf::test
