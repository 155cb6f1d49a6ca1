// The naive explorer (every interleaving, every statement a step) is the oracle for the
// reduced one: on many generated scenarios both must report exactly the same findings.
// A failure prints the seed and the scenario; WDF_DIFF_SEED=<n> reruns one seed, and
// WDF_DIFF_DUMP=<folder> writes every generated scenario there for a closer look.
#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "ScenarioGenerator.hpp"
#include "TestUtil.hpp"
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

} // namespace

class DifferentialTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(DifferentialTest);
  CPPUNIT_TEST(generatedScenariosCompile);
  CPPUNIT_TEST(reducedMatchesNaive);
  CPPUNIT_TEST(shardedMatchesWhole);
  CPPUNIT_TEST_SUITE_END();

  static std::vector<uint32_t> seeds() {
    if (const char *one = std::getenv("WDF_DIFF_SEED"))
      return {static_cast<uint32_t>(std::strtoul(one, nullptr, 10))};
    std::vector<uint32_t> v;
    for (uint32_t s = 1; s <= 400; ++s)
      v.push_back(s);
    return v;
  }

public:
  void generatedScenariosCompile() {
    for (uint32_t seed : seeds()) {
      auto c = test::compile(test::generateScenario(seed));
      CPPUNIT_ASSERT_MESSAGE("seed " + std::to_string(seed) + " does not compile:\n" + c->errors, c->design.has_value());
    }
  }

  void reducedMatchesNaive() {
    size_t compared = 0, withFindings = 0;
    for (uint32_t seed : seeds()) {
      std::string text = test::generateScenario(seed);
      if (const char *dump = std::getenv("WDF_DIFF_DUMP"))
        std::ofstream(std::string(dump) + "/gen" + std::to_string(seed) + ".scenario") << text;
      auto c = test::compile(text);
      model::ObjectModel m = model::resolve(*c->design);
      Outcome naive = run(*c->design, m, false);
      if (!naive.complete)
        continue; // too big for the oracle
      Outcome reduced = run(*c->design, m, true);
      ++compared;
      withFindings += !naive.findings.empty();
      CPPUNIT_ASSERT_MESSAGE("seed " + std::to_string(seed) + ": the reduced search did not finish", reduced.complete);
      if (naive.findings != reduced.findings)
        CPPUNIT_FAIL("seed " + std::to_string(seed) + ": the finding sets differ\nnaive (" +
                     std::to_string(naive.states) + " states):\n" + join(naive.findings) + "reduced (" +
                     std::to_string(reduced.states) + " states):\n" + join(reduced.findings) + "scenario:\n" + text);
    }
    if (seeds().size() > 1) {
      CPPUNIT_ASSERT_MESSAGE("only " + std::to_string(compared) + " scenarios were small enough to compare",
                             compared >= 200);
      CPPUNIT_ASSERT_MESSAGE("too few generated scenarios have findings", withFindings >= 50);
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
      CPPUNIT_ASSERT_MESSAGE("only " + std::to_string(split) + " scenarios were split", split >= 120);
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(DifferentialTest);
