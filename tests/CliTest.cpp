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
  CPPUNIT_TEST_SUITE_END();

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
    CPPUNIT_ASSERT_MESSAGE(err, err.find("'" + scen + "' has changed since this trace was recorded") != std::string::npos);
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
    for (const char *cmd : {"--help", "run --help", "explain --help", "test --help", "replay --help", "graph --help"}) {
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
};
CPPUNIT_TEST_SUITE_REGISTRATION(CliTest);
