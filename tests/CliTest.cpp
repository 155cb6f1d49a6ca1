// The command line end to end: exit codes, messages, determinism, replay, JUnit, help.
#include <cppunit/extensions/HelperMacros.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "TestUtil.hpp"

using wdf::test::readFile;
using wdf::test::runWdfcheck;

namespace {

std::string tempPath(const std::string &name) {
  return "/tmp/wdfcheck_cli_" + std::to_string(::getpid()) + "_" + name;
}

std::string writeTemp(const std::string &name, const std::string &text) {
  std::string p = tempPath(name);
  std::ofstream(p) << text;
  return p;
}

// The JSON report without its timings, which are the only part allowed to vary.
std::string withoutTiming(const std::string &json) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(json);
  for (auto &r : j["results"])
    r.erase("timing");
  return j.dump();
}

const char *Racy = "device D { }\nshared int C;\nworkitem W { AutomaticSerialization = false; EvtWorkItem { C = C + 1; } }\n"
                   "environment { thread T { WdfWorkItemEnqueue(W); WdfWorkItemEnqueue(W); } }\n";

} // namespace

class CliTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CliTest);
  CPPUNIT_TEST(cleanExitsZero);
  CPPUNIT_TEST(findingsExitOne);
  CPPUNIT_TEST(badInputExitsTwoWithLocation);
  CPPUNIT_TEST(missingFileExitsTwo);
  CPPUNIT_TEST(maxStatesIsBoundedNeverClean);
  CPPUNIT_TEST(wrongExpectationSaysWhatWasExpectedAndFound);
  CPPUNIT_TEST(testCommandCountsAndJUnit);
  CPPUNIT_TEST(sameInputSameBytes);
  CPPUNIT_TEST(oneThreadAndTwoThreadsAgree);
  CPPUNIT_TEST(replayReproduces);
  CPPUNIT_TEST(replayRefusesChangedScenario);
  CPPUNIT_TEST(replaySaysWhereItDiverges);
  CPPUNIT_TEST(replayRejectsMalformedTrace);
  CPPUNIT_TEST(graphWritesDot);
  CPPUNIT_TEST(everySubcommandHasHelp);
  CPPUNIT_TEST(randomSearchIsDeterministicForASeed);
  CPPUNIT_TEST(randomSearchIsNeverClean);
  CPPUNIT_TEST(randomFindingsReplay);
  CPPUNIT_TEST(shardsMergeIntoTheWholeResult);
  CPPUNIT_TEST(shardAloneSaysItIsAPart);
  CPPUNIT_TEST(mergeRefusesIncompleteOrMixedShards);
  CPPUNIT_TEST(mergeRefusesForgedSchedules);
  CPPUNIT_TEST(shardOptionIsValidated);
  CPPUNIT_TEST(everyLimitKeepsItsFindings);
  CPPUNIT_TEST(summarySaysWhatTheReductionDid);
  CPPUNIT_TEST(runsKeepTheirNumbersThroughASchedule);
  CPPUNIT_TEST_SUITE_END();

  // A race found at once, then a search far too big to finish: 14 work items taking a lock 3 times each.
  static std::string hugeWithEarlyRace() {
    std::string s = "device Dev { }\nshared int Early;\nshared int Count;\nspinlock L;\n", enqueue;
    // Fourteen work items, three locked rounds each: no reduction makes this small (the
    // order of the critical sections matters: they are not additions, which commute), so
    // every limit below stops it.
    for (int i = 0; i < 14; ++i) {
      std::string w = "W" + std::to_string(i);
      s += "workitem " + w + " { AutomaticSerialization = false; EvtWorkItem {";
      for (int k = 0; k < 3; ++k)
        s += " WdfSpinLockAcquire(L); Count = (Count * 7 + " + std::to_string(i) + ") % 1009; WdfSpinLockRelease(L);";
      s += " } }\n";
      enqueue += " WdfWorkItemEnqueue(" + w + ");";
    }
    return s + "environment {\n  thread T { Early = 1;" + enqueue + " }\n  thread U { Early = 2; }\n}\n";
  }

  // Runs `scenario` as `count` shards split early; returns the JSON files.
  static std::vector<std::string> shards(const std::string &scenario, unsigned count, const std::string &tag) {
    std::vector<std::string> files;
    for (unsigned i = 1; i <= count; ++i) {
      std::string f = tempPath(tag + std::to_string(i) + ".json"), out, err;
      int rc = runWdfcheck("run -q --shard " + std::to_string(i) + "/" + std::to_string(count) +
                               " --shard-width 1 --format json -o " + f + " " + scenario, out, err);
      CPPUNIT_ASSERT_MESSAGE(err, rc == 0 || rc == 1);
      files.push_back(f);
    }
    return files;
  }
  static std::string joined(const std::vector<std::string> &v) {
    std::string s;
    for (const std::string &x : v)
      s += " " + x;
    return s;
  }
  static void removeAll(const std::vector<std::string> &v) {
    for (const std::string &x : v)
      std::remove(x.c_str());
  }

public:
  void cleanExitsZero() {
    std::string out, err;
    CPPUNIT_ASSERT_EQUAL(0, runWdfcheck("run -q scenarios/regression/forum-fixed.scenario", out, err));
    CPPUNIT_ASSERT_MESSAGE(out, out.find("scenarios/regression/forum-fixed.scenario: clean -- ") == 0);
  }
  void findingsExitOne() {
    std::string out, err;
    CPPUNIT_ASSERT_EQUAL(1, runWdfcheck("run -q scenarios/examples/osr-forum.scenario", out, err));
    CPPUNIT_ASSERT(out.find("race(TotalWork)") != std::string::npos);
  }
  void badInputExitsTwoWithLocation() {
    std::string p = writeTemp("bad.scenario", "device D {\nqueue Q { DispatchType = Sequential EvtIoRead { } }\n");
    std::string out, err;
    CPPUNIT_ASSERT_EQUAL(2, runWdfcheck("run -q " + p, out, err));
    CPPUNIT_ASSERT_MESSAGE(err, err.find(p + ":2:") == 0);
    CPPUNIT_ASSERT(err.find("error: ") != std::string::npos);
    std::remove(p.c_str());
  }
  void missingFileExitsTwo() {
    std::string out, err;
    CPPUNIT_ASSERT_EQUAL(2, runWdfcheck("run -q /nonexistent/x.scenario", out, err));
    CPPUNIT_ASSERT(err.find("cannot open '/nonexistent/x.scenario'") != std::string::npos);
  }
  void maxStatesIsBoundedNeverClean() {
    std::string out, err;
    CPPUNIT_ASSERT_EQUAL(3, runWdfcheck("run -q --max-states 20 scenarios/regression/forum-fixed.scenario", out, err));
    CPPUNIT_ASSERT_MESSAGE(out, out.find(": bounded (max-states)") != std::string::npos);
    CPPUNIT_ASSERT(out.find("clean") == std::string::npos);
  }
  void wrongExpectationSaysWhatWasExpectedAndFound() {
    std::string p = writeTemp("wrong.scenario", std::string(Racy) + "expect deadlock;\n");
    std::string out, err;
    CPPUNIT_ASSERT_EQUAL(1, runWdfcheck("test -q " + p, out, err));
    CPPUNIT_ASSERT_MESSAGE(out, out.find("FAIL " + p) == 0);
    CPPUNIT_ASSERT_MESSAGE(out, out.find("    expected deadlock, not found\n") != std::string::npos);
    CPPUNIT_ASSERT_MESSAGE(out, out.find("    unexpected race(C): ") != std::string::npos);
    CPPUNIT_ASSERT(out.find("0 passed, 1 failed\n") != std::string::npos);
    std::remove(p.c_str());
  }
  void testCommandCountsAndJUnit() {
    std::string xml = tempPath("junit.xml"), out, err;
    CPPUNIT_ASSERT_EQUAL(0, runWdfcheck("test -q --junit " + xml + " scenarios/regression/abba-deadlock.scenario "
                                        "scenarios/regression/abba-guarded.scenario", out, err));
    CPPUNIT_ASSERT(out.find("2 passed, 0 failed\n") != std::string::npos);
    std::string j = readFile(xml);
    CPPUNIT_ASSERT(j.find("<testsuites name=\"wdfcheck\" tests=\"2\" failures=\"0\"") != std::string::npos);
    CPPUNIT_ASSERT(j.find("name=\"abba-guarded.scenario\"") != std::string::npos);
    std::remove(xml.c_str());
  }
  void sameInputSameBytes() {
    std::string a, b, err;
    runWdfcheck("run -q --format json scenarios/examples/echo-autosync-no-serialization.scenario", a, err);
    runWdfcheck("run -q --format json scenarios/examples/echo-autosync-no-serialization.scenario", b, err);
    CPPUNIT_ASSERT_EQUAL(withoutTiming(a), withoutTiming(b));
    std::string ta, tb;
    runWdfcheck("run -q scenarios/examples/echo-autosync-no-serialization.scenario", ta, err);
    runWdfcheck("run -q scenarios/examples/echo-autosync-no-serialization.scenario", tb, err);
    std::regex seconds("[0-9.]+ s\\b");
    CPPUNIT_ASSERT_EQUAL(std::regex_replace(ta, seconds, "T"), std::regex_replace(tb, seconds, "T"));
  }
  void oneThreadAndTwoThreadsAgree() {
    for (const char *f : {"scenarios/examples/echo-driversync.scenario", "scenarios/examples/osr-forum.scenario",
                          "scenarios/regression/cancel-vs-timer.scenario"}) {
      std::string a, b, err;
      runWdfcheck(std::string("run -q --threads 1 --format json ") + f, a, err);
      runWdfcheck(std::string("run -q --threads 2 --format json ") + f, b, err);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(f, withoutTiming(a), withoutTiming(b));
    }
  }
  void replayReproduces() {
    std::string trace = tempPath("trace.json"), out, err;
    runWdfcheck("run -q --format json -o " + trace + " scenarios/regression/cancel-vs-timer.scenario", out, err);
    CPPUNIT_ASSERT_EQUAL(1, runWdfcheck("replay " + trace, out, err));
    CPPUNIT_ASSERT_MESSAGE(out, out.find("2 of 2 findings reproduced") != std::string::npos);
    std::remove(trace.c_str());
  }
  void replayRefusesChangedScenario() {
    std::string scen = writeTemp("changing.scenario", Racy), trace = tempPath("changing.json"), out, err;
    runWdfcheck("run -q --format json -o " + trace + " " + scen, out, err);
    std::ofstream(scen, std::ios::app) << "// an edit\n";
    CPPUNIT_ASSERT_EQUAL(2, runWdfcheck("replay " + trace, out, err));
    CPPUNIT_ASSERT_MESSAGE(err, err.find("'" + scen + "' has changed since this report was made") != std::string::npos);
    std::remove(scen.c_str());
    std::remove(trace.c_str());
  }
  void replaySaysWhereItDiverges() {
    std::string trace = tempPath("diverge.json"), out, err;
    runWdfcheck("run -q --format json -o " + trace + " scenarios/regression/abba-deadlock.scenario", out, err);
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(readFile(trace));
    auto &actions = j["results"][0]["findings"][0]["replay"]["actions"];
    CPPUNIT_ASSERT(actions.size() >= 3);
    actions[2] = 0x0FFF0000u; // a step of an activation that does not exist
    std::ofstream(trace) << j.dump();
    CPPUNIT_ASSERT_EQUAL(2, runWdfcheck("replay " + trace, out, err));
    CPPUNIT_ASSERT_MESSAGE(out, out.find("deadlock: diverges at step 3: the recorded step of activation 4095 cannot "
                                         "happen in the replayed state") != std::string::npos);
    std::remove(trace.c_str());
  }
  void replayRejectsMalformedTrace() {
    std::string trace = writeTemp("bad.json", "{\"schema\": \"wdfcheck-result/1\", \"results\": [{\"file\": 3}]}");
    std::string out, err;
    CPPUNIT_ASSERT_EQUAL(2, runWdfcheck("replay " + trace, out, err));
    CPPUNIT_ASSERT_MESSAGE(err, err.find("wdfcheck: error: ") == 0);
    std::ofstream(trace) << "not json at all";
    CPPUNIT_ASSERT_EQUAL(2, runWdfcheck("replay " + trace, out, err));
    CPPUNIT_ASSERT_MESSAGE(err, err.find("wdfcheck: error: " + trace + ": not valid JSON: ") == 0);
    std::remove(trace.c_str());
  }
  void graphWritesDot() {
    std::string out, err;
    CPPUNIT_ASSERT_EQUAL(0, runWdfcheck("graph scenarios/regression/abba-lock-cycle.scenario", out, err));
    CPPUNIT_ASSERT(out.find("digraph ") == 0);
    CPPUNIT_ASSERT(out.find("\"A\" -> \"B\"") != std::string::npos);
    CPPUNIT_ASSERT(out.find("\"B\" -> \"A\"") != std::string::npos);
    CPPUNIT_ASSERT(out.find("color=red") != std::string::npos);
  }
  void everySubcommandHasHelp() {
    for (const char *cmd : {"--help", "run --help", "explain --help", "test --help", "replay --help", "graph --help", "merge --help"}) {
      std::string out, err;
      CPPUNIT_ASSERT_EQUAL_MESSAGE(cmd, 0, runWdfcheck(cmd, out, err));
      CPPUNIT_ASSERT_MESSAGE(cmd, out.find("Usage") != std::string::npos || out.find("usage") != std::string::npos);
    }
  }
  void randomSearchIsDeterministicForASeed() {
    std::string a, b, c, err;
    const char *f = " scenarios/examples/echo-autosync-no-serialization.scenario";
    runWdfcheck(std::string("run -q --random 300 --seed 11 --threads 1 --format json") + f, a, err);
    runWdfcheck(std::string("run -q --random 300 --seed 11 --threads 2 --format json") + f, b, err);
    runWdfcheck(std::string("run -q --random 300 --seed 12 --threads 2 --format json") + f, c, err);
    CPPUNIT_ASSERT_EQUAL(withoutTiming(a), withoutTiming(b));
    CPPUNIT_ASSERT_MESSAGE("another seed explores other executions", withoutTiming(a) != withoutTiming(c));
    nlohmann::json j = nlohmann::json::parse(a);
    CPPUNIT_ASSERT_EQUAL(300, j["results"][0]["randomSearch"]["executions"].get<int>());
    CPPUNIT_ASSERT(!j["results"][0]["findings"].empty());
  }
  void randomSearchIsNeverClean() {
    std::string out, err;
    CPPUNIT_ASSERT_EQUAL(3, runWdfcheck("run -q --random 50 scenarios/regression/forum-fixed.scenario", out, err));
    CPPUNIT_ASSERT_MESSAGE(out, out.find(": bounded (random search: 50 executions, seed 1)") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(1, runWdfcheck("run -q --random 50 scenarios/examples/osr-forum.scenario", out, err));
    CPPUNIT_ASSERT(out.find("1 finding (random search") != std::string::npos);
  }
  void randomFindingsReplay() {
    std::string trace = tempPath("random.json"), out, err;
    runWdfcheck("run -q --random 200 --seed 3 --format json -o " + trace +
                    " scenarios/examples/echo-autosync-no-serialization.scenario",
                out, err);
    CPPUNIT_ASSERT_EQUAL(1, runWdfcheck("replay " + trace, out, err));
    std::smatch m;
    CPPUNIT_ASSERT_MESSAGE(out, std::regex_search(out, m, std::regex("([0-9]+) of ([0-9]+) findings reproduced")));
    CPPUNIT_ASSERT_EQUAL(m[1].str(), m[2].str());
    std::remove(trace.c_str());
  }
  void shardsMergeIntoTheWholeResult() {
    const std::string f = "scenarios/examples/echo-autosync-no-serialization.scenario";
    std::vector<std::string> parts = shards(f, 3, "merge");
    std::string whole, merged, err;
    CPPUNIT_ASSERT_EQUAL(1, runWdfcheck("run -q --format json " + f, whole, err));
    CPPUNIT_ASSERT_EQUAL(1, runWdfcheck("merge --format json" + joined(parts), merged, err));
    nlohmann::json a = nlohmann::json::parse(whole)["results"][0], b = nlohmann::json::parse(merged)["results"][0];
    CPPUNIT_ASSERT_EQUAL(a["summary"], b["summary"]);
    CPPUNIT_ASSERT_EQUAL(a["findings"].size(), b["findings"].size());
    for (size_t i = 0; i < a["findings"].size(); ++i) {
      CPPUNIT_ASSERT_EQUAL(a["findings"][i]["kind"], b["findings"][i]["kind"]);
      CPPUNIT_ASSERT_EQUAL(a["findings"][i]["subject"], b["findings"][i]["subject"]);
      CPPUNIT_ASSERT_EQUAL(a["findings"][i]["message"], b["findings"][i]["message"]);
    }
    CPPUNIT_ASSERT_EQUAL(3, b["merged"]["shards"].get<int>());
    CPPUNIT_ASSERT(b["merged"]["split"].get<bool>());
    CPPUNIT_ASSERT(b["statistics"]["states"].get<uint64_t>() >= a["statistics"]["states"].get<uint64_t>());
    // The merged counterexamples replay, and the order of the inputs does not matter.
    std::string trace = writeTemp("merged.json", merged), out, again;
    CPPUNIT_ASSERT_EQUAL(1, runWdfcheck("replay " + trace, out, err));
    CPPUNIT_ASSERT_MESSAGE(out, out.find("6 of 6 findings reproduced") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(1, runWdfcheck("merge --format json " + parts[2] + " " + parts[0] + " " + parts[1], again, err));
    CPPUNIT_ASSERT_EQUAL(withoutTiming(merged), withoutTiming(again));
    removeAll(parts);
    std::remove(trace.c_str());
  }
  // The run summary says what the reduction achieved; --no-reduction shows the factor saved.
  void summarySaysWhatTheReductionDid() {
    const std::string f = "scenarios/regression/forum-fixed.scenario";
    std::string out, err, reducedJson, naiveJson;
    CPPUNIT_ASSERT_EQUAL(0, runWdfcheck("run " + f, out, err));
    std::smatch m;
    CPPUNIT_ASSERT_MESSAGE(out, std::regex_search(out, m, std::regex("\nreduction: partial-order reduction left out ([0-9]+) of ([0-9]+) enabled actions \\([0-9.]+%\\); step merging ran ([0-9]+) invisible steps inside the explored ones\n")));
    CPPUNIT_ASSERT(std::stoull(m[1]) > 0 && std::stoull(m[1]) < std::stoull(m[2]) && std::stoull(m[3]) > 0);
    CPPUNIT_ASSERT_EQUAL(0, runWdfcheck("run --no-reduction " + f, out, err));
    CPPUNIT_ASSERT_MESSAGE(out, out.find("(no reduction)\n") != std::string::npos && out.find("reduction:") == std::string::npos);
    CPPUNIT_ASSERT_EQUAL(0, runWdfcheck("run -q --format json " + f, reducedJson, err));
    CPPUNIT_ASSERT_EQUAL(0, runWdfcheck("run -q --no-reduction --format json " + f, naiveJson, err));
    nlohmann::json r = nlohmann::json::parse(reducedJson)["results"][0]["statistics"];
    nlohmann::json n = nlohmann::json::parse(naiveJson)["results"][0]["statistics"];
    CPPUNIT_ASSERT(r["skippedActions"].get<uint64_t>() > 0 && r["mergedSteps"].get<uint64_t>() > 0);
    CPPUNIT_ASSERT_EQUAL(uint64_t{0}, n["skippedActions"].get<uint64_t>());
    CPPUNIT_ASSERT_EQUAL(uint64_t{0}, n["mergedSteps"].get<uint64_t>());
    CPPUNIT_ASSERT(10 * r["states"].get<uint64_t>() < n["states"].get<uint64_t>());
  }
  // Two runs of one work item: each keeps its number in every step, in the order they
  // started (the state's canonical order of activations must not renumber them).
  void runsKeepTheirNumbersThroughASchedule() {
    std::string out, err;
    CPPUNIT_ASSERT_EQUAL(1, runWdfcheck("run scenarios/regression/workitem-self-race.scenario", out, err));
    for (const char *line :
         {"race(Runs): EvtWorkItem of W (run 2) reads it at PASSIVE_LEVEL holding no lock, while EvtWorkItem of W (run 1) writes it",
          "    4   EvtWorkItem of W               PASSIVE_LEVEL  -            reads Runs (0)",
          "    5   EvtWorkItem of W (run 2)       PASSIVE_LEVEL  -            the framework starts EvtWorkItem of W",
          "    *   EvtWorkItem of W (run 2)       PASSIVE_LEVEL  -            about to read Runs",
          "    *   EvtWorkItem of W (run 1)       PASSIVE_LEVEL  -            about to write Runs"})
      CPPUNIT_ASSERT_MESSAGE(std::string(line) + "\n" + out, out.find(line) != std::string::npos);
  }
  void shardAloneSaysItIsAPart() {
    std::vector<std::string> parts = shards("scenarios/regression/forum-fixed.scenario", 2, "part");
    std::string out, err;
    CPPUNIT_ASSERT_EQUAL(0, runWdfcheck("run -q --shard 2/2 --shard-width 1 scenarios/regression/forum-fixed.scenario", out, err));
    CPPUNIT_ASSERT_MESSAGE(out, out.find("scenarios/regression/forum-fixed.scenario: shard 2 of 2: clean -- ") == 0);
    CPPUNIT_ASSERT_EQUAL(0, runWdfcheck("merge" + joined(parts), out, err));
    CPPUNIT_ASSERT_MESSAGE(out, out.find("scenarios/regression/forum-fixed.scenario: clean -- ") == 0);
    CPPUNIT_ASSERT_MESSAGE(out, out.find("(2 shards: ") != std::string::npos);
    removeAll(parts);
  }
  void mergeRefusesIncompleteOrMixedShards() {
    std::vector<std::string> three = shards("scenarios/examples/osr-forum.scenario", 3, "mixa");
    std::vector<std::string> two = shards("scenarios/examples/osr-forum.scenario", 2, "mixb");
    std::string out, err;
    CPPUNIT_ASSERT_EQUAL(2, runWdfcheck("merge " + three[0] + " " + three[2], out, err));
    CPPUNIT_ASSERT_MESSAGE(err, err.find("was split into 3 shards; the result of shard 2 is missing") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(2, runWdfcheck("merge " + three[0] + " " + three[1] + " " + three[1], out, err));
    CPPUNIT_ASSERT_MESSAGE(err, err.find("shard 2 of 'scenarios/examples/osr-forum.scenario' appears twice") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(2, runWdfcheck("merge " + three[0] + " " + two[1], out, err));
    CPPUNIT_ASSERT_MESSAGE(err, err.find("split 'scenarios/examples/osr-forum.scenario' into different numbers of shards") != std::string::npos);
    std::string whole = tempPath("unsharded.json");
    runWdfcheck("run -q --format json -o " + whole + " scenarios/examples/osr-forum.scenario", out, err);
    CPPUNIT_ASSERT_EQUAL(2, runWdfcheck("merge " + whole, out, err));
    CPPUNIT_ASSERT_MESSAGE(err, err.find(whole + ": results[0]: not the result of a shard (run it with --shard I/N)") != std::string::npos);
    removeAll(three);
    removeAll(two);
    std::remove(whole.c_str());
  }
  void mergeRefusesForgedSchedules() {
    std::vector<std::string> parts = shards("scenarios/regression/abba-deadlock.scenario", 2, "forged");
    std::string out, err;
    nlohmann::ordered_json j;
    size_t which = 0;
    for (; which < parts.size(); ++which) {
      j = nlohmann::ordered_json::parse(readFile(parts[which]));
      if (!j["results"][0]["findings"].empty())
        break;
    }
    CPPUNIT_ASSERT(which < parts.size());
    j["results"][0]["findings"][0]["replay"]["actions"][0] = 0x0FFF0000u;
    std::ofstream(parts[which]) << j.dump();
    CPPUNIT_ASSERT_EQUAL(2, runWdfcheck("merge" + joined(parts), out, err));
    CPPUNIT_ASSERT_MESSAGE(err, err.find("findings[0]: its schedule does not reproduce it: diverges at step 1: ") != std::string::npos);
    j = nlohmann::ordered_json::parse(readFile(parts[which]));
    j["results"][0]["lockOrder"][0]["to"] = "NoSuchLock";
    j["results"][0]["findings"] = nlohmann::ordered_json::array();
    std::ofstream(parts[which]) << j.dump();
    CPPUNIT_ASSERT_EQUAL(2, runWdfcheck("merge" + joined(parts), out, err));
    CPPUNIT_ASSERT_MESSAGE(err, err.find("lockOrder[0]: 'scenarios/regression/abba-deadlock.scenario' has no lock 'NoSuchLock'") != std::string::npos);
    removeAll(parts);
  }
  void shardOptionIsValidated() {
    std::string out, err;
    for (const char *bad : {"0/3", "4/3", "1/1", "2", "a/b", "1/3x"}) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, 2, runWdfcheck(std::string("run -q --shard ") + bad + " scenarios/examples/osr-forum.scenario", out, err));
      CPPUNIT_ASSERT_MESSAGE(err, err.find("expected I/N with 1 <= I <= N") != std::string::npos);
    }
    CPPUNIT_ASSERT_EQUAL(2, runWdfcheck("run -q --shard 1/2 --random 5 scenarios/examples/osr-forum.scenario", out, err));
    CPPUNIT_ASSERT_MESSAGE(err, err.find("--shard splits an exhaustive search") != std::string::npos);
  }
  // Each limit, and Ctrl-C, ends the run with the findings it has, their schedules, "bounded"
  // naming what stopped it, and exit code 3.
  void everyLimitKeepsItsFindings() {
    std::string p = writeTemp("huge.scenario", hugeWithEarlyRace());
    struct Stop {
      std::string options, launcher, limit;
    };
    for (const Stop &s : {Stop{"--max-states 5000", "", "max-states"}, Stop{"--time-limit 1", "", "time-limit"},
                          Stop{"--memory-limit 16", "", "memory-limit"},
                          Stop{"", "timeout --preserve-status -s INT 2", "interrupted"}}) {
      std::string out, err;
      CPPUNIT_ASSERT_EQUAL_MESSAGE(s.limit, 3, runWdfcheck("run -q " + s.options + " " + p, out, err, s.launcher));
      CPPUNIT_ASSERT_MESSAGE(out, out.find(p + ": 1 finding, bounded (" + s.limit + ") -- ") == 0);
      CPPUNIT_ASSERT_MESSAGE(out, out.find(": race(Early): thread T writes it") != std::string::npos);
      CPPUNIT_ASSERT_MESSAGE(out, out.find("  then both are next:") != std::string::npos);
      CPPUNIT_ASSERT(out.find("clean") == std::string::npos);
      std::string json;
      CPPUNIT_ASSERT_EQUAL(3, runWdfcheck("run -q --format json " + s.options + " " + p, json, err, s.launcher));
      nlohmann::json r = nlohmann::json::parse(json)["results"][0];
      CPPUNIT_ASSERT_EQUAL(std::string("bounded"), r["verdict"].get<std::string>());
      CPPUNIT_ASSERT_EQUAL(s.limit, r["limit"].get<std::string>());
      CPPUNIT_ASSERT_EQUAL(size_t(1), r["findings"].size());
    }
    std::remove(p.c_str());
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(CliTest);
