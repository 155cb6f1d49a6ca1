// The naive explorer (every interleaving, every statement a step) is the oracle for the
// reduced one: on many generated scenarios both must report exactly the same findings.
// A failure prints the seed and the scenario; WDF_DIFF_SEED=<n> reruns one seed, and
// WDF_DIFF_DUMP=<folder> writes every generated scenario there for a closer look.
// WDF_DIFF_SEEDS=<n> runs seeds 1..n instead of 1..400 (the sanitizer build in
// scripts/test.sh runs a sample): the counts the tests require scale with n, and the
// coverage check, a claim about all 400 seeds, is left to the full run.
// generatorCoversTheLanguage checks that the scenarios the oracle can judge use every
// construct of the language, so that no part of the reduction goes untested.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "ScenarioGenerator.hpp"
#include "TestUtil.hpp"
#include "models/exec/CounterSections.hpp"
#include "models/exec/MachineImpl.hpp"
#include "scenarios/frontend/Frontend.hpp"

using namespace wdf;

namespace {

struct Outcome {
  std::vector<std::string> findings; // kind|subject|key, sorted
  bool complete = true;
  uint64_t states = 0;
};

model::CheckOptions options(bool reduce) {
  model::CheckOptions o;
  o.reduce = reduce;
  o.explore.threads = 1;
  o.explore.maxStates = 400000;
  o.maxSteps = 200;
  return o;
}

Outcome outcome(const model::CheckResult &r) {
  Outcome out;
  out.complete = r.stats.complete;
  out.states = r.stats.states;
  for (const model::Finding &f : r.findings)
    out.findings.push_back(std::string(model::findingName(f.kind)) + "|" + f.subject + "|" + std::to_string(f.key));
  std::sort(out.findings.begin(), out.findings.end());
  return out;
}

Outcome run(const model::Design &d, const model::ObjectModel &m, bool reduce) {
  return outcome(model::check(d, m, options(reduce)));
}

// The reduced search split into `count` shards as early as possible, each shard's result
// read back the way `wdfcheck merge` reads it, and merged.
Outcome runSharded(const model::Design &d, const model::ObjectModel &m, unsigned count, bool &split) {
  std::vector<model::ShardPart> parts;
  split = false;
  for (unsigned i = 0; i < count; ++i) {
    model::CheckOptions o = options(true);
    o.explore.shardIndex = i;
    o.explore.shardCount = count;
    o.explore.shardWidth = 1;
    o.explore.threads = 1 + i % 2;
    model::CheckResult r = model::check(d, m, o);
    model::ShardPart part{r.stats, {}, r.lockOrder};
    split |= r.stats.split;
    for (const auto *list : {&r.findings, &r.suppressed})
      for (const model::Finding &f : *list)
        if (f.kind != model::FindingKind::Config && f.kind != model::FindingKind::LockCycle)
          part.found.push_back({f.kind, f.key, f.actions, f.lastBreaks});
    parts.push_back(std::move(part));
  }
  return outcome(model::mergeShards(d, m, options(true), parts));
}

std::string join(const std::vector<std::string> &v) {
  std::string s;
  for (const std::string &x : v)
    s += "  " + x + "\n";
  return s.empty() ? "  (none)\n" : s;
}

constexpr uint32_t AllSeeds = 400;
constexpr uint32_t CounterSeeds = 200; // of generateCounterScenario, at 400 seeds

uint32_t seedCount() {
  if (const char *n = std::getenv("WDF_DIFF_SEEDS"))
    return std::clamp<uint32_t>(static_cast<uint32_t>(std::strtoul(n, nullptr, 10)), 2, AllSeeds);
  return AllSeeds;
}

std::vector<uint32_t> seeds() {
  if (const char *one = std::getenv("WDF_DIFF_SEED"))
    return {static_cast<uint32_t>(std::strtoul(one, nullptr, 10))};
  std::vector<uint32_t> v;
  for (uint32_t s = 1; s <= seedCount(); ++s)
    v.push_back(s);
  return v;
}

// A count required of all 400 seeds, scaled to the seeds run (rounded up).
size_t scaled(size_t ofAll) { return (ofAll * seedCount() + AllSeeds - 1) / AllSeeds; }

// A generated scenario and the oracle's verdict on it. The naive search is the expensive part
// of the suite, so it runs once per process and the tests share it.
struct Generated {
  uint32_t seed = 0;
  std::string text;
  std::unique_ptr<test::Compiled> compiled;
  model::ObjectModel objects;
  Outcome naive;
};

const std::vector<Generated> &generated() {
  static const std::vector<Generated> all = [] {
    std::vector<Generated> v;
    for (uint32_t seed : seeds()) {
      Generated g;
      g.seed = seed;
      g.text = test::generateScenario(seed);
      if (const char *dump = std::getenv("WDF_DIFF_DUMP"))
        std::ofstream(std::string(dump) + "/gen" + std::to_string(seed) + ".scenario") << g.text;
      g.compiled = test::compile(g.text);
      if (!g.compiled->design)
        throw std::runtime_error("seed " + std::to_string(seed) + " does not compile:\n" + g.compiled->errors);
      g.objects = model::resolve(*g.compiled->design);
      g.naive = run(*g.compiled->design, g.objects, false);
      v.push_back(std::move(g));
    }
    return v;
  }();
  return all;
}

// A construct of the language and how a generated text shows it.
struct Construct {
  std::string name;
  std::regex pattern;
};

std::string escaped(const std::string &literal) {
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  return std::regex_replace(literal, special, R"(\$&)");
}

// Every call of the §10 table, straight from the compiler's closed list, so that a new call
// cannot be left out of the generator unnoticed.
void addCalls(std::vector<Construct> &v) {
#define API(Id, Name, ...)                                                                                           \
  if (std::string(Name) != "KeWaitForSingleObject")                                                                  \
    v.push_back({Name, std::regex(escaped(Name "("))});
#include "models/Apis.def"
#undef API
  v.push_back({"KeWaitForSingleObject(E)", std::regex(R"(KeWaitForSingleObject\(\w+\))")});
  v.push_back({"KeWaitForSingleObject(E, 0)", std::regex(R"(KeWaitForSingleObject\(\w+, 0\))")});
}

// Every callback of §5, from the closed list. EvtRequestCancel and EvtInterruptSynchronize are
// functions passed to calls, not declared by name: the calls that pass them stand for them.
void addCallbacks(std::vector<Construct> &v) {
#define CALLBACK(Id, Name, Owner)                                                                                    \
  if (std::string(Name) != "EvtRequestCancel" && std::string(Name) != "EvtInterruptSynchronize")                     \
    v.push_back({Name, std::regex(" " + escaped(Name) + " [{=]")});
#include "models/Callbacks.def"
#undef CALLBACK
  v.push_back({"EvtRequestCancel", std::regex(R"(WdfRequestMarkCancelable(Ex)?\(Request, OnCancel\))")});
  v.push_back({"EvtInterruptSynchronize", std::regex(R"(function bool Sync\d+ \{)")});
  v.push_back({"callback bound to a function", std::regex(R"( Evt\w+ = \w+;)")});
}

// §2–§4, §6, §7: declarations, objects and their attributes.
void addDeclarations(std::vector<Construct> &v) {
  const std::pair<const char *, const char *> list[] = {
      {"scenario title", R"(^scenario ")"},
      {"driver ExecutionLevel", R"(driver \{[^}]*ExecutionLevel)"},
      {"driver SynchronizationScope", R"(driver \{[^}]*SynchronizationScope)"},
      {"driver parent = NULL", R"(driver \{[^}]*parent = NULL)"},
      {"device ExecutionLevel = InheritFromParent", R"(device Dev \{[^}]*ExecutionLevel = (Wdf\w*)?InheritFromParent)"},
      {"device SynchronizationScope = InheritFromParent", R"(device Dev \{[^}]*SynchronizationScope = (Wdf\w*)?InheritFromParent)"},
      {"device parent = NULL", R"(device Dev \{[^}]*parent = NULL)"},
      {"FileObject { }", R"(FileObject \{ \})"},
      {"FileObject ExecutionLevel", R"(FileObject \{[^}]*ExecutionLevel)"},
      {"FileObject SynchronizationScope = Device", R"(FileObject \{[^}]*SynchronizationScope = (Wdf\w*)?Device)"},
      {"FileObject SynchronizationScope = None", R"(FileObject \{[^}]*SynchronizationScope = (Wdf\w*)?None)"},
      {"queue ExecutionLevel = InheritFromParent", R"(queue \w+ \{[^}]*ExecutionLevel = (Wdf\w*)?InheritFromParent)"},
      {"queue SynchronizationScope = InheritFromParent", R"(queue \w+ \{[^}]*SynchronizationScope = (Wdf\w*)?InheritFromParent)"},
      {"NumberOfPresentedRequests", R"(NumberOfPresentedRequests = \d)"},
      {"PowerManaged", R"(PowerManaged = )"},
      {"queue parent = NULL", R"(queue \w+ \{[^}]*parent = NULL)"},
      {"queue parent = Dev", R"(queue \w+ \{[^}]*parent = Dev)"},
      {"WDF spelling of an enumeration", R"(= WdfIoQueueDispatch\w+;)"},
      {"TRUE/FALSE", R"(= (TRUE|FALSE)[;)])"},
      {"workitem", R"(^workitem \w+ \{)"},
      {"dpc", R"(^dpc \w+ \{)"},
      {"timer", R"(^timer \w+ \{)"},
      {"parent = a queue", R"(^(workitem|dpc|timer) \w+ \{ parent = (Q0|PQ|Park);)"},
      {"parent = Dev", R"(^(workitem|dpc|timer) \w+ \{ parent = Dev;)"},
      {"parent = a work item, DPC or timer", R"(^(workitem|dpc|timer) \w+ \{ parent = [WDT]\d;)"},
      {"AutomaticSerialization = true", R"(AutomaticSerialization = (true|TRUE))"},
      {"AutomaticSerialization = false", R"(AutomaticSerialization = (false|FALSE))"},
      {"workitem/dpc ExecutionLevel = InheritFromParent", R"(^(workitem|dpc) \w+ \{[^}]*ExecutionLevel = (Wdf\w*)?InheritFromParent)"},
      {"SynchronizationScope on a work item, DPC or timer", R"(^(workitem|dpc|timer) \w+ \{[^}]*SynchronizationScope)"},
      {"timer Period", R"(Period = \d+;)"},
      {"passive timer", R"(^timer \w+ \{[^}]*ExecutionLevel = (Wdf\w*)?Passive)"},
      {"timer ExecutionLevel = Dispatch/InheritFromParent", R"(^timer \w+ \{[^}]*ExecutionLevel = (Wdf\w*)?(Dispatch|InheritFromParent))"},
      {"TolerableDelay", R"(TolerableDelay = \d+;)"},
      {"UseHighResolutionTimer", R"(UseHighResolutionTimer = )"},
      {"interrupt PassiveHandling", R"(PassiveHandling = (true|TRUE))"},
      {"interrupt SpinLock", R"(SpinLock = \w+;)"},
      {"interrupt WaitLock", R"(WaitLock = \w+;)"},
      {"interrupt parent = a queue", R"(^interrupt \w+ \{ parent = (Q0|PQ|Park);)"},
      {"interrupt parent = Dev", R"(^interrupt \w+ \{ parent = Dev;)"},
      {"interrupt parent = NULL", R"(^interrupt \w+ \{ parent = NULL;)"},
      {"spinlock", R"(^spinlock \w+;)"},
      {"waitlock", R"(^waitlock \w+;)"},
      {"event without a block", R"(^event \w+;)"},
      {"NotificationEvent", R"(Type = NotificationEvent;)"},
      {"SynchronizationEvent", R"(Type = SynchronizationEvent;)"},
      {"event Signaled", R"(Signaled = )"},
      {"shared int", R"(^shared int \w+;)"},
      {"shared int initialized", R"(^shared int \w+ = \d+;)"},
      {"shared bool", R"(^shared bool )"},
      {"shared request", R"(^shared request )"},
      {"shared array", R"(^shared int \w+\[\d+\];)"},
      {"shared array initialized", R"(^shared int \w+\[\d+\] = \{)"},
      {"request context", R"(^request context \{)"},
      {"request field access", R"(\w+\.(Tries|Seen))"},
      {"function with int parameter and result", R"(function int \w+\(int)"},
      {"function with several parameters", R"(function \w+ \w+\(\w+ \w+, \w+ \w+\))"},
      {"function returning bool", R"(function bool )"},
      {"function returning request", R"(function request )"},
      {"function void", R"(function void )"},
      {"function with empty parentheses", R"(function \w+\(\) )"},
      {"function without parentheses", R"(function \w+ \{)"},
      {"function calling a function", R"(return Twice\(a\))"},
  };
  for (const auto &[name, pattern] : list)
    v.push_back({name, std::regex(pattern, std::regex::multiline)});
}

// §8, §9, §11: statements, operators, built-ins and the environment.
void addStatements(std::vector<Construct> &v) {
  const std::pair<const char *, const char *> list[] = {
      {"int local", R"(\bint [a-z]\d+ = )"},
      {"bool local", R"(\bbool b\d+ = )"},
      {"request local", R"(\brequest r\d+ = )"},
      {"assignment", R"([{;] (X\d|A\[\w+\]|Flag|Held) = )"},
      {"x++", R"([\w\]]\+\+;)"},
      {"x--", R"([\w\]]--;)"},
      {"++x", R"((^|[ {;])\+\+\w)"},
      {"--x", R"((^|[ {;])--\w)"},
      {"+=", R"( \+= )"}, {"-=", R"( -= )"}, {"*=", R"( \*= )"}, {"/=", R"( /= )"}, {"%=", R"( %= )"},
      {"&=", R"( &= )"}, {"|=", R"( \|= )"}, {"^=", R"( \^= )"}, {"<<=", R"( <<= )"}, {">>=", R"( >>= )"},
      {"call statement", R"([{;] \w+\([^;]*\);)"},
      {"block", R"([{;] \{ )"},
      {"empty statement", R"([{;] ;)"},
      {"if", R"(\bif \()"},
      {"if else", R"(\} else \{)"},
      {"while", R"(\bwhile \()"},
      {"for", R"(\bfor \(int)"},
      {"for (;;)", R"(for \(;;\))"},
      {"break", R"(\bbreak;)"},
      {"continue", R"(\bcontinue;)"},
      {"return;", R"(\breturn;)"},
      {"return value", R"(\breturn [^;])"},
      {"assert", R"(\bassert\([^"]*\);)"},
      {"assert with message", R"(\bassert\([^;]*, "[^"]*"\);)"},
      {"assume", R"(\bassume\()"},
      {"?:", R"( \? .* : )"},
      {"||", R"( \|\| )"}, {"&&", R"( && )"}, {"|", R"( \| )"}, {"^", R"( \^ )"}, {"&", R"( & )"},
      {"==", R"( == )"}, {"!=", R"( != )"}, {"<", R"( < )"}, {"<=", R"( <= )"}, {">", R"( > )"}, {">=", R"( >= )"},
      {"<<", R"( << )"}, {">>", R"( >> )"}, {"+", R"( \+ )"}, {"-", R"( - )"}, {"*", R"( \* )"}, {"/", R"( / )"},
      {"%", R"( % )"},
      {"unary -", R"(\(-[\w(])"}, {"unary ~", R"(\(~)"}, {"unary +", R"(\(\+[\w(])"}, {"unary !", R"(![\w(])"},
      {"array element", R"(A\[)"},
      {"named constant", R"(\b(STATUS_\w+|DISPATCH_LEVEL|PASSIVE_LEVEL|DIRQL)\b)"},
      {"choose(a, b)", R"(choose\(\w+, \w+\))"},
      {"choose(lo..hi)", R"(choose\(\d+\.\.\d+\))"},
      {"status()", R"(\bstatus\(R\d+\))"},
      {"KeGetCurrentIrql()", R"(KeGetCurrentIrql\(\))"},
      {"NT_SUCCESS()", R"(NT_SUCCESS\()"},
      {"thread", R"(thread \w+ \{)"},
      {"thread at PASSIVE_LEVEL", R"(thread \w+ at PASSIVE_LEVEL)"},
      {"thread at DISPATCH_LEVEL", R"(thread \w+ at DISPATCH_LEVEL)"},
      {"send Read", R"(send Read to)"},
      {"send Write", R"(send Write to)"},
      {"send DeviceControl", R"(send DeviceControl to)"},
      {"send InternalDeviceControl", R"(send InternalDeviceControl to)"},
      {"send as", R"(send \w+ to \w+ as \w+;)"},
      {"send without as", R"(send \w+ to \w+;)"},
      {"cancel", R"(\bcancel R\d+;)"},
      {"wait", R"(\bwait R\d+;)"},
      {"open as", R"(\bopen as F\d+;)"},
      {"open", R"(\bopen;)"},
      {"close", R"(\bclose F\d+;)"},
      {"interrupt in a thread", R"(thread [^\n]*\binterrupt I\d+;)"},
      {"interrupt in a callback", R"(^(workitem|dpc|timer|queue|device)[^\n]*\binterrupt I\d+;)"},
      {"finally", R"(finally \{)"},
  };
  for (const auto &[name, pattern] : list)
    v.push_back({name, std::regex(pattern, std::regex::multiline)});
}

std::vector<Construct> constructs() {
  std::vector<Construct> v;
  addCalls(v);
  addCallbacks(v);
  addDeclarations(v);
  addStatements(v);
  return v;
}

// Constructs only the resolved object model shows: each queue's dispatch type with its
// resolved level and scope (every combination the framework accepts), the device's, and the
// lock AutomaticSerialization binds for each kind of child.
std::vector<std::string> resolvedConstructs(const model::Design &d, const model::ObjectModel &m) {
  static const char *levels[] = {"Invalid", "Inherit", "Passive", "Dispatch"};
  static const char *scopes[] = {"Invalid", "Inherit", "Device", "Queue", "None"};
  static const char *types[] = {"Invalid", "Sequential", "Parallel", "Manual"};
  std::vector<std::string> out;
  for (size_t i = 0; i < d.objects.size(); ++i) {
    const model::Object &o = d.objects[i];
    const model::ObjectInfo &info = m.objects[i];
    std::string level = levels[static_cast<int>(info.level)], scope = scopes[static_cast<int>(info.scope)];
    if (o.kind == model::ObjKind::Queue)
      out.push_back(std::string("queue ") + types[static_cast<int>(o.dispatch)] + "/" + level + "/" + scope);
    if (o.kind == model::ObjKind::Device)
      out.push_back("device " + level + "/" + scope);
    if (info.boundLock >= 0)
      out.push_back(std::string("AutomaticSerialization lock on a ") + model::kindName(o.kind));
  }
  return out;
}

std::vector<std::string> allResolvedConstructs() {
  std::vector<std::string> v;
  for (const char *type : {"Sequential", "Parallel", "Manual"})
    for (const char *level : {"Passive", "Dispatch"})
      for (const char *scope : {"Device", "Queue", "None"})
        v.push_back(std::string("queue ") + type + "/" + level + "/" + scope);
  for (const char *level : {"Passive", "Dispatch"})
    for (const char *scope : {"Device", "Queue", "None"})
      v.push_back(std::string("device ") + level + "/" + scope);
  for (const char *kind : {"workitem", "dpc", "timer", "interrupt"})
    v.push_back(std::string("AutomaticSerialization lock on a ") + kind);
  return v;
}

} // namespace

class DifferentialTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(DifferentialTest);
  CPPUNIT_TEST(generatedScenariosCompile);
  CPPUNIT_TEST(reducedMatchesNaive);
  CPPUNIT_TEST(criticalSectionsMergeOnlyWhenUnobservable);
  CPPUNIT_TEST(countersCommuteOnlyWhenNothingTellsTheOrder);
  CPPUNIT_TEST(shardedMatchesWhole);
  CPPUNIT_TEST(generatorCoversTheLanguage);
  CPPUNIT_TEST_SUITE_END();

public:
  // Every generated scenario compiles, and the framework would create every object: a
  // `config` finding would stop the scenario before exploration and test nothing.
  void generatedScenariosCompile() {
    for (uint32_t seed : seeds()) {
      auto c = test::compile(test::generateScenario(seed));
      CPPUNIT_ASSERT_MESSAGE("seed " + std::to_string(seed) + " does not compile:\n" + c->errors, c->design.has_value());
      model::ObjectModel m = model::resolve(*c->design);
      CPPUNIT_ASSERT_MESSAGE("seed " + std::to_string(seed) + " has a config finding: " + (m.errors.empty() ? "" : m.errors[0].why),
                             m.errors.empty());
    }
  }

  void reducedMatchesNaive() {
    size_t compared = 0, withFindings = 0;
    for (const Generated &g : generated()) {
      if (!g.naive.complete)
        continue; // too big for the oracle
      Outcome reduced = run(*g.compiled->design, g.objects, true);
      ++compared;
      withFindings += !g.naive.findings.empty();
      CPPUNIT_ASSERT_MESSAGE("seed " + std::to_string(g.seed) + ": the reduced search did not finish", reduced.complete);
      if (g.naive.findings != reduced.findings)
        CPPUNIT_FAIL("seed " + std::to_string(g.seed) + ": the finding sets differ\nnaive (" + std::to_string(g.naive.states) +
                     " states):\n" + join(g.naive.findings) + "reduced (" + std::to_string(reduced.states) +
                     " states):\n" + join(reduced.findings) + "scenario:\n" + g.text);
    }
    if (seeds().size() > 1) {
      CPPUNIT_ASSERT_MESSAGE("only " + std::to_string(compared) + " scenarios were small enough to compare",
                             compared >= scaled(300));
      CPPUNIT_ASSERT_MESSAGE("only " + std::to_string(withFindings) + " generated scenarios have findings",
                             withFindings >= scaled(150));
    }
  }

  // Step merging runs a critical section as one step when no thread can observe its data
  // unlocked before the work item ends (GuardedAccess). Each case: the finding set the naive
  // search gives, which the reduced one must give too; the first is the one merging shrinks.
  void criticalSectionsMergeOnlyWhenUnobservable() {
    const std::string items = "device Dev { }\nspinlock L;\nshared int Count;\n"
                              "workitem W1 { AutomaticSerialization = false; EvtWorkItem { Bump(); Bump(); } }\n"
                              "workitem W2 { AutomaticSerialization = false; EvtWorkItem { Bump(); } }\n"
                              "function Bump { WdfSpinLockAcquire(L); Count = Count + 1; WdfSpinLockRelease(L); }\n";
    struct Case {
      const char *what, *main, *other;
      std::vector<std::string> findings;
    };
    const std::vector<Case> cases = {
        {"flushed before the unlocked read", "WdfWorkItemFlush(W1); WdfWorkItemFlush(W2); assert(Count == 3, \"all\");", "", {}},
        {"read before flushing W2", "WdfWorkItemFlush(W1); int c = Count; WdfWorkItemFlush(W2);", "", {"race|Count"}},
        {"unlocked read while they run", "int c = Count; WdfWorkItemFlush(W1); WdfWorkItemFlush(W2);", "", {"race|Count"}},
        {"another thread re-enqueues W1 after the flush",
         "WdfWorkItemFlush(W1); WdfWorkItemFlush(W2); int c = Count;", "thread T { WdfWorkItemEnqueue(W1); }",
         {"race|Count"}},
        {"an unlocked write in another thread", "WdfWorkItemFlush(W1); WdfWorkItemFlush(W2);", "thread T { Count = 7; }",
         {"race|Count"}},
        {"a locked write in another thread",
         "WdfWorkItemFlush(W1); WdfWorkItemFlush(W2); assert(Count >= 3, \"at least\");",
         "thread T { WdfSpinLockAcquire(L); Count = 0; WdfSpinLockRelease(L); }", {"assert|", "race|Count"}},
    };
    for (const Case &c : cases) {
      std::string text = items + "environment {\n  thread Main { WdfWorkItemEnqueue(W1); WdfWorkItemEnqueue(W2); " +
                         c.main + " }\n  " + c.other + "\n}\n";
      auto compiled = test::compile(text);
      model::ObjectModel m = model::resolve(*compiled->design);
      Outcome naive = run(*compiled->design, m, false), reduced = run(*compiled->design, m, true);
      std::vector<std::string> kinds;
      for (const std::string &f : naive.findings)
        kinds.push_back(f.substr(0, f.rfind('|')));
      std::string why = std::string(c.what) + "\nnaive:\n" + join(naive.findings) + "reduced:\n" + join(reduced.findings);
      CPPUNIT_ASSERT_MESSAGE(why, naive.complete && reduced.complete);
      CPPUNIT_ASSERT_MESSAGE(why, kinds == c.findings);
      CPPUNIT_ASSERT_MESSAGE(why, naive.findings == reduced.findings);
      if (&c == &cases[0])
        CPPUNIT_ASSERT_MESSAGE(why + std::to_string(reduced.states) + " states against " + std::to_string(naive.states),
                               10 * reduced.states < naive.states);
    }
  }

  // Counter sections commute (models/exec/CounterSections.hpp): on scenarios built around
  // them, the reduced search finds exactly what the naive one finds. Most of the scenarios
  // do have counter sections, some of those weak ones (merged only while no thread can read
  // the counter unlocked), and some interlocked additions: otherwise the comparison would
  // prove nothing.
  void countersCommuteOnlyWhenNothingTellsTheOrder() {
    size_t compared = 0, withSections = 0, withWeak = 0, withInterlocked = 0, withFindings = 0;
    std::vector<uint32_t> all = seeds();
    all.resize(std::min(all.size(), scaled(CounterSeeds)));
    for (uint32_t seed : all) {
      std::string text = test::generateCounterScenario(seed);
      auto c = test::compile(text);
      CPPUNIT_ASSERT_MESSAGE("counter seed " + std::to_string(seed) + " does not compile:\n" + c->errors + text,
                             c->design.has_value());
      model::ObjectModel m = model::resolve(*c->design);
      CPPUNIT_ASSERT_MESSAGE(text, m.errors.empty());
      model::exec::Machine machine(*c->design, m, {});
      const auto &impl = machine.impl();
      model::exec::CounterSections sections = model::exec::findCounterSections(
          *c->design, m, impl.guardedAccess, [&](int b, size_t pc, model::Reg r) { return impl.isLive(b, pc, r); });
      Outcome naive = run(*c->design, m, false);
      if (!naive.complete)
        continue;
      Outcome reduced = run(*c->design, m, true);
      ++compared;
      withFindings += !naive.findings.empty();
      withSections += !sections.list.empty();
      withInterlocked += sections.anyInterlocked;
      withWeak += std::any_of(sections.list.begin(), sections.list.end(), [](const auto &s) { return s.weak != 0; });
      if (naive.findings != reduced.findings)
        CPPUNIT_FAIL("counter seed " + std::to_string(seed) + ": the finding sets differ\nnaive (" +
                     std::to_string(naive.states) + " states):\n" + join(naive.findings) + "reduced (" +
                     std::to_string(reduced.states) + " states):\n" + join(reduced.findings) + "scenario:\n" + text);
    }
    if (seeds().size() > 1) {
      std::string counts = std::to_string(compared) + " compared, " + std::to_string(withSections) + " with counter sections, " +
                           std::to_string(withWeak) + " with weak ones, " + std::to_string(withInterlocked) +
                           " with interlocked additions, " + std::to_string(withFindings) + " with findings";
      if (std::getenv("WDF_DIFF_COUNTS")) std::fprintf(stderr, "%s\n", counts.c_str());
      CPPUNIT_ASSERT_MESSAGE(counts, compared >= scaled(CounterSeeds * 8 / 10));
      CPPUNIT_ASSERT_MESSAGE(counts, withSections >= scaled(CounterSeeds / 2));
      CPPUNIT_ASSERT_MESSAGE(counts, withWeak >= scaled(CounterSeeds / 4));
      CPPUNIT_ASSERT_MESSAGE(counts, withInterlocked >= scaled(CounterSeeds / 5));
      CPPUNIT_ASSERT_MESSAGE(counts, withFindings >= scaled(CounterSeeds / 4));
    }
  }

  // Sharding is sound: 3 shards merged give what the whole search gives, on every scenario.
  void shardedMatchesWhole() {
    size_t split = 0;
    for (uint32_t seed : seeds()) {
      std::string text = test::generateScenario(seed);
      auto c = test::compile(text);
      model::ObjectModel m = model::resolve(*c->design);
      Outcome whole = run(*c->design, m, true);
      if (!whole.complete)
        continue;
      bool wasSplit = false;
      Outcome merged = runSharded(*c->design, m, 3, wasSplit);
      split += wasSplit;
      CPPUNIT_ASSERT_MESSAGE("seed " + std::to_string(seed) + ": the merged search is not complete", merged.complete);
      if (whole.findings != merged.findings)
        CPPUNIT_FAIL("seed " + std::to_string(seed) + ": the finding sets differ\nwhole:\n" + join(whole.findings) +
                     "merged from 3 shards:\n" + join(merged.findings) + "scenario:\n" + text);
    }
    if (seeds().size() > 1)
      CPPUNIT_ASSERT_MESSAGE("only " + std::to_string(split) + " scenarios were split", split >= scaled(120));
  }

  // Each construct appears in enough scenarios that the oracle judged (those the naive search
  // finished): a construct only in scenarios too big to compare would go untested. A claim
  // about all 400 seeds, so a sample (WDF_DIFF_SEED, WDF_DIFF_SEEDS) does not check it.
  void generatorCoversTheLanguage() {
    if (seeds().size() < AllSeeds)
      return;
    const size_t wanted = 5;
    std::vector<Construct> syntax = constructs();
    std::map<std::string, size_t> seen;
    for (const Construct &k : syntax)
      seen[k.name] = 0;
    for (const std::string &k : allResolvedConstructs())
      seen[k] = 0;
    for (const Generated &g : generated()) {
      if (!g.naive.complete)
        continue;
      for (const Construct &k : syntax)
        seen[k.name] += std::regex_search(g.text, k.pattern);
      std::vector<std::string> resolved = resolvedConstructs(*g.compiled->design, g.objects);
      std::sort(resolved.begin(), resolved.end());
      resolved.erase(std::unique(resolved.begin(), resolved.end()), resolved.end());
      for (const std::string &k : resolved)
        ++seen[k];
    }
    std::string missing;
    for (const auto &[name, count] : seen)
      if (count < wanted)
        missing += "  " + name + ": " + std::to_string(count) + "\n";
    CPPUNIT_ASSERT_MESSAGE("constructs in fewer than " + std::to_string(wanted) + " compared scenarios:\n" + missing,
                           missing.empty());
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(DifferentialTest);
