// Which code wdfcheck treats as counter updates (models/exec/CounterSections.hpp). The
// differential test checks that treating them so never changes a finding; these check that
// the rules recognize what they should and refuse what they must: a counter that could
// overflow, a value kept past the release, a body that may run without bound, a result that
// is read.
#include <cppunit/extensions/HelperMacros.h>

#include <climits>

#include "TestUtil.hpp"
#include "models/exec/CounterSections.hpp"
#include "models/exec/MachineImpl.hpp"
#include "models/exec/RunBounds.hpp"

using namespace wdf;

namespace {

struct Found {
  size_t sections = 0, weak = 0, interlocked = 0;
};

// Work items W1..Wn with `body` each, after `decls`; one thread enqueues them all, then
// runs `thread`.
std::string design(const std::string &decls, int items, const std::string &body, const std::string &thread) {
  std::string s = "device Dev { }\nspinlock L;\n" + decls + "\n", enqueue;
  for (int i = 1; i <= items; ++i) {
    std::string w = "W" + std::to_string(i);
    s += "workitem " + w + " { AutomaticSerialization = false; EvtWorkItem { " + body + " } }\n";
    enqueue += " WdfWorkItemEnqueue(" + w + ");";
  }
  return s + "environment {\n  thread Main {" + enqueue + " " + thread + " }\n}\n";
}

Found find(const std::string &text) {
  auto c = test::compile(text);
  CPPUNIT_ASSERT_MESSAGE(c->errors, c->design.has_value());
  model::ObjectModel m = model::resolve(*c->design);
  model::exec::Machine machine(*c->design, m, {});
  const auto &impl = machine.impl();
  model::exec::CounterSections cs = model::exec::findCounterSections(
      *c->design, m, impl.guardedAccess, [&](int b, size_t pc, model::Reg r) { return impl.isLive(b, pc, r); });
  Found f;
  f.sections = cs.list.size();
  for (const auto &s : cs.list)
    f.weak += s.weak != 0;
  for (const auto &body : cs.interlocked)
    for (int cell : body)
      f.interlocked += cell >= 0;
  return f;
}

const char *Locked = "WdfSpinLockAcquire(L); Count = Count + 1; WdfSpinLockRelease(L);";

} // namespace

class CounterSectionsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CounterSectionsTest);
  CPPUNIT_TEST(everyFormOfAdditionCounts);
  CPPUNIT_TEST(anUnlockedReadAfterTheFlushMakesTheSectionsWeak);
  CPPUNIT_TEST(whatACounterMayNotDo);
  CPPUNIT_TEST(theBoundIsExact);
  CPPUNIT_TEST(runBoundsFollowTheCode);
  CPPUNIT_TEST(interlockedAdditionsWithUnusedResults);
  CPPUNIT_TEST(reducedSearchShrinks);
  CPPUNIT_TEST_SUITE_END();

public:
  void everyFormOfAdditionCounts() {
    for (const char *add : {"Count += 2;", "Count++;", "++Count;", "Count = Count + 1;", "Count -= 3;", "Count--;",
                            "Count = 3 + Count;", "Count += 1; Total -= 1;"}) {
      std::string body = std::string("WdfSpinLockAcquire(L); ") + add + " WdfSpinLockRelease(L);";
      Found f = find(design("shared int Count;\nshared int Total;", 2, body, ""));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(add, size_t(2), f.sections);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(add, size_t(0), f.weak);
    }
    // A wait lock serves as well, and so does a section inside a function.
    Found f = find("device Dev { }\nwaitlock WL;\nshared int Count;\n"
                   "function Bump { WdfWaitLockAcquire(WL); Count += 1; WdfWaitLockRelease(WL); }\n"
                   "workitem W1 { AutomaticSerialization = false; EvtWorkItem { Bump(); Bump(); } }\n"
                   "environment {\n  thread Main { WdfWorkItemEnqueue(W1); }\n}\n");
    CPPUNIT_ASSERT_EQUAL(size_t(1), f.sections);
  }

  void anUnlockedReadAfterTheFlushMakesTheSectionsWeak() {
    Found f = find(design("shared int Count;", 3, Locked,
                          "WdfWorkItemFlush(W1); WdfWorkItemFlush(W2); WdfWorkItemFlush(W3); assert(Count == 3);"));
    CPPUNIT_ASSERT_EQUAL(size_t(3), f.sections);
    CPPUNIT_ASSERT_EQUAL(size_t(3), f.weak);
  }

  void whatACounterMayNotDo() {
    struct Case {
      const char *what, *body, *thread;
    };
    for (const Case &c : {
             Case{"a multiplication", "WdfSpinLockAcquire(L); Count = Count * 2; WdfSpinLockRelease(L);", ""},
             Case{"the old value kept past the release",
                  "WdfSpinLockAcquire(L); int old = Count; Count = old + 1; WdfSpinLockRelease(L); Seen = old;", ""},
             Case{"a branch on the value", "WdfSpinLockAcquire(L); if (Count > 1) { Count += 1; } WdfSpinLockRelease(L);", ""},
             Case{"a constant store elsewhere", Locked, "WdfSpinLockAcquire(L); Count = 0; WdfSpinLockRelease(L);"},
             Case{"an addition outside the lock elsewhere", Locked, "Count += 1;"},
             Case{"an exchange elsewhere", Locked, "InterlockedExchange(Count, 5);"},
             Case{"an enqueue in a loop", Locked, "for (int i = 0; i < 2; ++i) { WdfWorkItemEnqueue(W1); }"},
         }) {
      Found f = find(design("shared int Count;\nshared int Seen;", 2, c.body, c.thread));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(c.what, size_t(0), f.sections);
    }
  }

  // Two work items, one locked increment each, enqueued once: Count may reach init + 2.
  void theBoundIsExact() {
    auto sections = [&](long long init) {
      return find(design("shared int Count = " + std::to_string(init) + ";", 2, Locked, "")).sections;
    };
    CPPUNIT_ASSERT_EQUAL(size_t(2), sections(INT_MAX - 2LL));
    CPPUNIT_ASSERT_EQUAL(size_t(0), sections(INT_MAX - 1LL));
    CPPUNIT_ASSERT_EQUAL(size_t(2), sections(-(INT_MAX - 2LL)));
    CPPUNIT_ASSERT_EQUAL(size_t(0), sections(-(INT_MAX - 1LL)));
  }

  void runBoundsFollowTheCode() {
    auto c = test::compile("device Dev { }\nshared int X;\n"
                           "function Twice { WdfWorkItemEnqueue(W1); WdfWorkItemEnqueue(W1); }\n"
                           "workitem W1 { AutomaticSerialization = false; EvtWorkItem { WdfDpcEnqueue(D1); } }\n"
                           "dpc D1 { AutomaticSerialization = false; EvtDpcFunc { X = 1; } }\n"
                           "timer T1 { Period = 10; AutomaticSerialization = false; EvtTimerFunc { X = 2; } }\n"
                           "environment {\n  thread A { Twice(); Twice(); WdfTimerStart(T1, 1); }\n"
                           "  thread B { while (X == 0) { } }\n}\n");
    CPPUNIT_ASSERT_MESSAGE(c->errors, c->design.has_value());
    std::vector<uint64_t> runs = model::exec::computeRunBounds(*c->design);
    auto runsOf = [&](const std::string &name) {
      for (size_t b = 0; b < c->design->bodies.size(); ++b)
        if (c->design->bodies[b].name == name)
          return runs[b];
      CPPUNIT_FAIL("no body " + name);
      return uint64_t(0);
    };
    CPPUNIT_ASSERT_EQUAL(uint64_t(1), runsOf("thread A"));
    CPPUNIT_ASSERT_EQUAL(uint64_t(2), runsOf("function Twice"));
    CPPUNIT_ASSERT_EQUAL(uint64_t(4), runsOf("EvtWorkItem of W1"));
    CPPUNIT_ASSERT_EQUAL(uint64_t(4), runsOf("EvtDpcFunc of D1"));
    CPPUNIT_ASSERT_EQUAL(model::exec::Unbounded, runsOf("EvtTimerFunc of T1")); // periodic
  }

  void interlockedAdditionsWithUnusedResults() {
    Found used = find(design("shared int Count;\nshared int Seen;", 2,
                             "InterlockedIncrement(Count); InterlockedAdd(Count, 3); InterlockedDecrement(Count);", ""));
    CPPUNIT_ASSERT_EQUAL(size_t(6), used.interlocked);
    Found read = find(design("shared int Count;\nshared int Seen;", 2, "Seen = InterlockedIncrement(Count);", ""));
    CPPUNIT_ASSERT_EQUAL(size_t(0), read.interlocked);
  }

  // What it is for: nine work items bumping one counter run in one order.
  void reducedSearchShrinks() {
    std::string flushes;
    for (int i = 1; i <= 9; ++i)
      flushes += " WdfWorkItemFlush(W" + std::to_string(i) + ");";
    std::string text = design("shared int Count;", 9, std::string(Locked) + " " + Locked, flushes + " assert(Count == 18);");
    test::Checked r = test::check(text);
    CPPUNIT_ASSERT(r.kinds().empty());
    CPPUNIT_ASSERT(r.result.stats.complete);
    CPPUNIT_ASSERT_MESSAGE(std::to_string(r.result.stats.states), r.result.stats.states < 100);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CounterSectionsTest);
