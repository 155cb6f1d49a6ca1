// Hostile input, end to end through the wdfcheck binary: malformed, truncated, binary, huge,
// deeply nested, overlong, out-of-range, invalid UTF-8, NUL-laden and recursive scenario files
// (run, explain, test, graph) and malformed, mistyped, oversized, deeply nested and stale trace
// files (replay). Every input must end with exit code 2 and a located first message --
// FILE:LINE:COL: error: for a scenario, `wdfcheck: error: FILE: JSON.PATH: ...` for a trace --
// within a time bound and a memory bound (no input may make wdfcheck hang, crash or grow
// without limit). Each test pins the exact location, so a change of where errors are
// reported shows up here.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cstdint>
#include <cstdio>
#include <dlfcn.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <functional>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

#include "TestUtil.hpp"
#include "core/Hash.hpp"

using wdf::test::runWdfcheck;

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// Time bounds per input. A release build needs well under a second for the small inputs and
// a few seconds for the 10 MB ones; the bounds leave room for slow, sanitized or loaded
// machines while still catching a hang or anything quadratic.
constexpr double SmallSeconds = 15;
constexpr double HugeSeconds = 90;
// Memory: wdfcheck runs with its data size capped (a runaway allocation fails instead of
// taking the machine), and its peak resident size must stay under this.
constexpr rlim_t DataCap = rlim_t(4) << 30;
constexpr long MaxRssKb = 2L << 20; // 2 GiB

constexpr size_t TenMB = 10u << 20;
// Inputs that once took quadratic time: 2 MB took minutes then, and takes about a second now.
constexpr size_t TwoMB = 2u << 20;

const std::string &tempDir() {
  static const std::string dir = [] {
    std::string d = "/tmp/wdfcheck_hostile_" + std::to_string(::getpid());
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

std::string writeFile(const std::string &name, const std::string &bytes) {
  std::string path = tempDir() + "/" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

std::string repeat(const std::string &s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i)
    out += s;
  return out;
}

struct Run {
  int code = -1;
  std::string out, err;
  double seconds = 0;
};

// AddressSanitizer builds (-DWDF_SANITIZE=ON): ASan maps terabytes of shadow memory, which
// RLIMIT_DATA counts, so under the cap neither wdfcheck nor this process could map memory.
// There the cap is ASan's own: a resident size over DataCap aborts wdfcheck.
bool addressSanitized() {
  static const bool yes = ::dlsym(RTLD_DEFAULT, "__asan_init") != nullptr;
  return yes;
}

// Runs `wdfcheck args` (through the shared helper) with its data size capped, timing it.
Run wdfcheck(const std::string &args) {
  rlimit old{};
  getrlimit(RLIMIT_DATA, &old);
  rlimit capped = old;
  if (old.rlim_max == RLIM_INFINITY || old.rlim_max > DataCap)
    capped.rlim_cur = DataCap;
  const bool asan = addressSanitized();
  if (!asan)
    setrlimit(RLIMIT_DATA, &capped);
  const std::string launcher =
      asan ? "ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=" + std::to_string(DataCap >> 20) + "\"" : "";
  auto start = std::chrono::steady_clock::now();
  Run r;
  r.code = runWdfcheck(args, r.out, r.err, launcher);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!asan)
    setrlimit(RLIMIT_DATA, &old);
  return r;
}

std::string shorten(const std::string &s) { return s.size() > 1500 ? s.substr(0, 1500) + "..." : s; }

// Exit code 2, `expected` at the very start of `text`, within `limit` seconds and the memory bound.
void expectBadInput(const Run &r, const std::string &text, const std::string &expected, double limit,
                    const std::string &what) {
  std::string context = what + "\n--- stdout:\n" + shorten(r.out) + "\n--- stderr:\n" + shorten(r.err);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(context, 2, r.code);
  CPPUNIT_ASSERT_MESSAGE("expected the first message to start with:\n" + expected + "\n" + context,
                         text.compare(0, expected.size(), expected) == 0);
  CPPUNIT_ASSERT_MESSAGE(what + ": took " + std::to_string(r.seconds) + " s", r.seconds < limit);
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  CPPUNIT_ASSERT_MESSAGE(what + ": peak memory " + std::to_string(usage.ru_maxrss) + " KB", usage.ru_maxrss < MaxRssKb);
}

// `command FILE` on a scenario file holding `bytes`: exit 2, first message FILE:lineCol: error: message...
Run scenarioAt(const std::string &command, const std::string &path, const std::string &lineCol,
               const std::string &message, double limit = SmallSeconds) {
  Run r = wdfcheck(command + " '" + path + "'");
  expectBadInput(r, r.err, path + ":" + lineCol + ": error: " + message, limit, command + " " + path);
  return r;
}

Run scenario(const std::string &name, const std::string &bytes, const std::string &lineCol, const std::string &message,
             double limit = SmallSeconds) {
  return scenarioAt("run -q", writeFile(name, bytes), lineCol, message, limit);
}

// `wdfcheck test` reports on stdout, under the scenario's FAIL line.
Run testCommand(const std::string &name, const std::string &bytes, const std::string &lineCol,
                const std::string &message) {
  std::string path = writeFile(name, bytes);
  Run r = wdfcheck("test -q '" + path + "'");
  expectBadInput(r, r.out,
                 "FAIL " + path + "\n    the scenario does not load:\n      " + path + ":" + lineCol + ": error: " + message,
                 SmallSeconds, "test " + path);
  return r;
}

// `wdfcheck replay FILE`: exit 2, first message `wdfcheck: error: FILE: message...`.
Run traceAt(const std::string &path, const std::string &message, double limit = SmallSeconds) {
  Run r = wdfcheck("replay '" + path + "'");
  expectBadInput(r, r.err, "wdfcheck: error: " + path + ": " + message, limit, "replay " + path);
  return r;
}

Run trace(const std::string &name, const std::string &json, const std::string &message, double limit = SmallSeconds) {
  return traceAt(writeFile(name, json), message, limit);
}

// A deterministic byte generator (xorshift64*), so that "random" garbage is the same on
// every machine and its first error has a known place.
struct Bytes {
  uint64_t s;
  explicit Bytes(uint64_t seed) : s(seed) {}
  unsigned char next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return static_cast<unsigned char>((s * 0x2545F4914F6CDD1Dull) >> 56);
  }
  std::string take(size_t n) {
    std::string out(n, '\0');
    for (char &c : out)
      c = static_cast<char>(next());
    return out;
  }
};

const char *const Device = "device D { }\n";

// The scenario the truncation tests cut short: every kind of token and most constructs.
const char *const Reference =
    "scenario \"truncation \\\"reference\\\"\";\n"
    "/* A complete scenario that the truncation tests cut short. */\n"
    "device Dev { ExecutionLevel = Passive; }\n"
    "request context { int Owners = 1; }\n"
    "shared int Count = 0x10;\n"
    "shared int Ring[4] = {1, 2, 3};\n"
    "spinlock Lock;\n"
    "queue Q {\n"
    "    DispatchType = Parallel;\n"
    "    EvtIoRead {\n"
    "        WdfSpinLockAcquire(Lock);\n"
    "        Count = Count + Ring[1] * 2;\n"
    "        WdfSpinLockRelease(Lock);\n"
    "        if (InterlockedDecrement(Request.Owners) == 0) { WdfRequestComplete(Request, STATUS_SUCCESS); }\n"
    "    }\n"
    "}\n"
    "function int Twice(int v) { return v * 2; }\n"
    "workitem W { EvtWorkItem { int i = 0; while (i < 3) { i++; } Count += Twice(i); } }\n"
    "environment {\n"
    "    thread App { send Read to Q as R; WdfWorkItemEnqueue(W); wait R; }\n"
    "    finally { assert(status(R) == STATUS_SUCCESS, \"completed\"); }\n"
    "}\n"
    "expect clean;\n";

// The Reference cut right after the `occurrence`-th (0-based) occurrence of `marker`.
std::string cutAfter(const std::string &marker, int occurrence = 0) {
  std::string text = Reference;
  size_t at = std::string::npos;
  for (int i = 0; i <= occurrence; ++i)
    at = text.find(marker, at == std::string::npos ? 0 : at + 1);
  CPPUNIT_ASSERT_MESSAGE(marker, at != std::string::npos);
  return text.substr(0, at + marker.size());
}

struct Cut {
  const char *marker;
  int occurrence;
  const char *lineCol;
  const char *message;
};

void expectCuts(const std::string &prefix, const std::vector<Cut> &cuts) {
  int n = 0;
  for (const Cut &c : cuts)
    scenario(prefix + std::to_string(n++) + ".scenario", cutAfter(c.marker, c.occurrence), c.lineCol, c.message);
}

// A scenario with a race, recorded once per process as the realistic base for trace tests.
const char *const Racy = "device D { }\nshared int C;\n"
                         "workitem W { AutomaticSerialization = false; EvtWorkItem { C = C + 1; } }\n"
                         "environment { thread T { WdfWorkItemEnqueue(W); WdfWorkItemEnqueue(W); } }\n";

const Json &recorded() {
  static const Json j = [] {
    std::string scen = writeFile("racy.scenario", Racy), out = tempDir() + "/racy.json", o, e;
    int code = runWdfcheck("run -q --threads 1 --format json -o '" + out + "' '" + scen + "'", o, e);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(e, 1, code);
    Json parsed = Json::parse(wdf::test::readFile(out));
    CPPUNIT_ASSERT(parsed["results"][0]["findings"][0].contains("replay"));
    return parsed;
  }();
  return j;
}

// The two shard results of the racy scenario (`run --shard I/2`), recorded once per process;
// `merge` tests spoil the first and pass the second as it is.
const std::vector<Json> &recordedShards() {
  static const std::vector<Json> shards = [] {
    std::string scen = writeFile("racy-shards.scenario", Racy);
    std::vector<Json> v;
    for (int i = 1; i <= 2; ++i) {
      std::string out = tempDir() + "/racy-shard" + std::to_string(i) + ".json", o, e;
      int code = runWdfcheck("run -q --threads 1 --format json --shard " + std::to_string(i) +
                                 "/2 --shard-width 1 -o '" + out + "' '" + scen + "'",
                             o, e);
      CPPUNIT_ASSERT_MESSAGE(e, code == 0 || code == 1);
      v.push_back(Json::parse(wdf::test::readFile(out)));
    }
    CPPUNIT_ASSERT(v[0]["results"][0]["shard"]["split"].get<bool>());
    return v;
  }();
  return shards;
}

std::string spoiledShard(const std::function<void(Json &)> &edit) {
  Json j = recordedShards()[0];
  edit(j);
  return j.dump(2);
}

// `merge BAD GOOD`: exit 2, and the first message names BAD.
Run mergeAt(const std::string &path, const std::string &message, double limit = SmallSeconds) {
  std::string good = writeFile("good-shard2.json", recordedShards()[1].dump(2));
  Run r = wdfcheck("merge '" + path + "' '" + good + "'");
  expectBadInput(r, r.err, "wdfcheck: error: " + path + ": " + message, limit, "merge " + path);
  return r;
}

Run merge(const std::string &name, const std::string &json, const std::string &message, double limit = SmallSeconds) {
  return mergeAt(writeFile(name, json), message, limit);
}

// The JSON text of the recorded trace with `edit` applied.
template <class F> std::string edited(F edit) {
  Json j = recorded();
  edit(j);
  return j.dump(2);
}

Json &replayOf(Json &j) { return j["results"][0]["findings"][0]["replay"]; }

// nlohmann's "line L, column C" for input that ends early: the place just past the last byte.
std::string jsonEndPosition(const std::string &text) {
  size_t lines = 1, column = 1;
  for (char c : text) {
    if (c == '\n')
      ++lines, column = 1;
    else
      ++column;
  }
  return "line " + std::to_string(lines) + ", column " + std::to_string(column);
}

} // namespace

class HostileInputTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HostileInputTest);
  // truncations of a real scenario
  CPPUNIT_TEST(truncatedInDeclarations);
  CPPUNIT_TEST(truncatedInObjects);
  CPPUNIT_TEST(truncatedInStatements);
  CPPUNIT_TEST(truncatedInEnvironment);
  CPPUNIT_TEST(truncatedInTokens);
  CPPUNIT_TEST(truncatedAtEveryOffsetEndsLocated);
  CPPUNIT_TEST(truncatedForEveryCommand);
  // binary and huge files
  CPPUNIT_TEST(binaryGarbageFixedSeeds);
  CPPUNIT_TEST(binaryGarbageAllBytes);
  CPPUNIT_TEST(garbageTenMegabytes);
  CPPUNIT_TEST(validTokensTenMegabytes);
  CPPUNIT_TEST(tokenSoupTenMegabytes);
  CPPUNIT_TEST(errorsTenMegabytesStopAtTwenty);
  CPPUNIT_TEST(oneLineTenMegabytes);
  CPPUNIT_TEST(manyStatements);
  CPPUNIT_TEST(manyLocals);
  CPPUNIT_TEST(manyObjects);
  CPPUNIT_TEST(longParentChain);
  CPPUNIT_TEST(manyRequestsAndFiles);
  CPPUNIT_TEST(fileOverTheSizeLimit);
  CPPUNIT_TEST(endlessDevice);
  // 10,000 levels of every nestable construct
  CPPUNIT_TEST(nestedParentheses);
  CPPUNIT_TEST(nestedBlocks);
  CPPUNIT_TEST(nestedIfs);
  CPPUNIT_TEST(nestedElseIfs);
  CPPUNIT_TEST(nestedWhiles);
  CPPUNIT_TEST(nestedFors);
  CPPUNIT_TEST(nestedIndexing);
  CPPUNIT_TEST(chainedIndexing);
  CPPUNIT_TEST(chainedFields);
  CPPUNIT_TEST(nestedCalls);
  CPPUNIT_TEST(nestedChoose);
  CPPUNIT_TEST(nestedUnaryOperators);
  CPPUNIT_TEST(nestedUnaryPlus);
  CPPUNIT_TEST(nestedTernaries);
  CPPUNIT_TEST(binaryOperatorChains);
  CPPUNIT_TEST(nestedBracesInDeclarations);
  CPPUNIT_TEST(nestedInEveryBodyKind);
  // names and numbers
  CPPUNIT_TEST(overlongIdentifiers);
  CPPUNIT_TEST(overlongIdentifierTenMegabytes);
  CPPUNIT_TEST(outOfRangeIntegers);
  CPPUNIT_TEST(outOfRangeSizes);
  // encodings
  CPPUNIT_TEST(overlongUtf8);
  CPPUNIT_TEST(surrogatesInUtf8);
  CPPUNIT_TEST(loneContinuationBytes);
  CPPUNIT_TEST(leadBytesF5ToFF);
  CPPUNIT_TEST(truncatedUtf8Sequences);
  CPPUNIT_TEST(invalidUtf8InStringsAndComments);
  CPPUNIT_TEST(nonAsciiOutsideStrings);
  CPPUNIT_TEST(nulBytes);
  CPPUNIT_TEST(lineEndings);
  CPPUNIT_TEST(unterminatedCommentsAndStrings);
  // recursion
  CPPUNIT_TEST(directRecursion);
  CPPUNIT_TEST(indirectRecursion);
  CPPUNIT_TEST(recursionThroughCancelRoutines);
  CPPUNIT_TEST(recursionThroughSynchronizeRoutines);
  CPPUNIT_TEST(recursionThroughBoundCallbacks);
  CPPUNIT_TEST(longCallChains);
  CPPUNIT_TEST(deepCallChainOfDeepBodies);
  // files that are not scenario files
  CPPUNIT_TEST(emptyFile);
  CPPUNIT_TEST(directoryInsteadOfFile);
  CPPUNIT_TEST(nonexistentFile);
  CPPUNIT_TEST(otherCommands);
  // traces for replay
  CPPUNIT_TEST(traceNotJson);
  CPPUNIT_TEST(traceTruncated);
  CPPUNIT_TEST(traceWrongTopLevelTypes);
  CPPUNIT_TEST(traceWrongResultTypes);
  CPPUNIT_TEST(traceWrongFindingTypes);
  CPPUNIT_TEST(traceWrongReplayTypes);
  CPPUNIT_TEST(traceActionCodesOutOfRange);
  CPPUNIT_TEST(traceActionCodesThatCannotHappen);
  CPPUNIT_TEST(traceHugeActionArrays);
  CPPUNIT_TEST(traceDeepNesting);
  CPPUNIT_TEST(traceSchemaMismatch);
  CPPUNIT_TEST(traceNumbersOutOfRange);
  CPPUNIT_TEST(traceEncodings);
  CPPUNIT_TEST(traceTenMegabytes);
  CPPUNIT_TEST(traceScenarioDeleted);
  CPPUNIT_TEST(traceScenarioChanged);
  CPPUNIT_TEST(traceScenarioNoLongerCompiles);
  CPPUNIT_TEST(tracePointingAtDirectory);
  CPPUNIT_TEST(traceFileIsDirectoryOrMissing);
  CPPUNIT_TEST(traceOfAnotherFormat);
  // shard results for merge
  CPPUNIT_TEST(mergeNotJson);
  CPPUNIT_TEST(mergeTruncated);
  CPPUNIT_TEST(mergeWrongTypes);
  CPPUNIT_TEST(mergeDeepAndHuge);
  CPPUNIT_TEST(mergeMissingOrDirectory);
  CPPUNIT_TEST(mergeScenarioChanged);
  CPPUNIT_TEST_SUITE_END();

public:
  // ------------------------------------------------------------ truncations

  void truncatedInDeclarations() {
    expectCuts("cut-decl", {
        {"scenario", 0, "1:9", "expected string after 'scenario' (the scenario's title), found end of file"},
        {"device", 0, "3:7", "expected a name for the device, found end of file"},
        {"request", 0, "4:8", "expected 'context' after 'request' (a request context declaration), found end of file"},
        {"request context {", 0, "4:18", "expected '}' to close the request context, found end of file"},
        {"int Owners", 0, "4:29", "expected ';' after the field declaration, found end of file"},
        {"0x1", 0, "5:23", "expected ';' after the shared variable declaration, found end of file"},
        {"{1, 2", 0, "6:27", "expected '}' to close the array initializer, found end of file"},
        {"Ring[4] =", 0, "6:21", "expected '{' to start the array initializer, found end of file"},
        {"spinlock Lock", 0, "7:14", "expected ';' after the lock declaration, found end of file"},
        {"function int", 0, "17:13", "expected '{' to start the function body, found end of file"},
        {"int v)", 0, "17:26", "expected '{' to start the function body, found end of file"},
        {"expect clean", 0, "23:13", "expected ';' after the expect line, found end of file"},
    });
  }
  void truncatedInObjects() {
    expectCuts("cut-obj", {
        {"device Dev {", 0, "3:13", "expected '}' to close the object, found end of file"},
        {"ExecutionLevel =", 0, "3:30", "expected an expression, found end of file"},
        {"Pass", 0, "3:35", "expected ';' after the attribute value, found end of file"},
        {"queue Q {", 0, "8:10", "expected '}' to close the object, found end of file"},
        {"DispatchType = Parallel", 0, "9:28", "expected ';' after the attribute value, found end of file"},
        {"EvtIoRead {", 0, "10:16", "expected '}' to close the callback body, found end of file"},
        {"workitem W { EvtWorkItem", 0, "18:25", "expected '=' after 'EvtWorkItem' or a '{' to start the callback body, found end of file"},
    });
  }
  void truncatedInStatements() {
    expectCuts("cut-stmt", {
        {"WdfSpinLockAcquire(", 0, "11:28", "expected an expression, found end of file"},
        {"Count = Count +", 0, "12:24", "expected an expression, found end of file"},
        {"Ring[", 1, "12:30", "expected an expression, found end of file"},
        {"Request.", 0, "14:42", "expected a request context field name after '.', found end of file"},
        {"== 0)", 0, "14:55", "expected an expression, found end of file"},
        {"STATUS_SUCCESS);", 0, "14:102", "expected '}' to close the block, found end of file"},
        {"return v *", 0, "17:39", "expected an expression, found end of file"},
        {"while (i <", 0, "18:49", "expected an expression, found end of file"},
        {"i++", 0, "18:58", "expected ';' after the statement, found end of file"},
    });
  }
  void truncatedInEnvironment() {
    expectCuts("cut-env", {
        {"environment {", 0, "19:14", "expected '}' to close the environment, found end of file"},
        {"send Read to", 0, "20:30", "expected a queue name after 'to', found end of file"},
        {"as R;", 0, "20:38", "expected '}' to close the thread body, found end of file"},
        {"wait R", 0, "20:68", "expected ';' after the wait statement, found end of file"},
        {"finally {", 0, "21:14", "expected '}' to close the finally block, found end of file"},
        {"assert(status(R) ==", 0, "21:34", "expected an expression, found end of file"},
    });
  }
  // Cuts inside a token: the last token changes or is left unfinished.
  void truncatedInTokens() {
    expectCuts("cut-tok", {
        {"scenario \"trunc", 0, "1:10", "unterminated string literal"},
        {"/* A complete", 0, "2:1", "unterminated /* comment"},
        {"0x", 0, "5:20", "expected hexadecimal digits after '0x'"},
        {", \"compl", 0, "21:51", "unterminated string literal"},
        {"Twice(i", 0, "17:20", "expected a type (int, bool or request), found 'i'"},
        {"shar", 0, "5:1", "expected a declaration (scenario, driver, device, queue, workitem, dpc, timer, interrupt, "
                             "spinlock, waitlock, event, shared, request context, function, environment, expect or "
                             "suppress), found 'shar'"},
    });
  }
  // Every prefix of the reference, in process (fast): a design, or errors whose first one
  // is located in the file at or before the cut.
  void truncatedAtEveryOffsetEndsLocated() {
    std::string text = Reference;
    auto start = std::chrono::steady_clock::now();
    for (size_t cut = 0; cut <= text.size(); ++cut) {
      std::string prefix = text.substr(0, cut);
      auto c = wdf::test::compile(prefix);
      if (c->design)
        continue;
      CPPUNIT_ASSERT_MESSAGE(std::to_string(cut) + ": " + c->errors, c->errors.compare(0, 11, "t.scenario:") == 0);
      unsigned line = 0, col = 0;
      CPPUNIT_ASSERT(std::sscanf(c->errors.c_str() + 11, "%u:%u: ", &line, &col) == 2);
      size_t lines = 1 + static_cast<size_t>(std::count(prefix.begin(), prefix.end(), '\n'));
      CPPUNIT_ASSERT_MESSAGE(std::to_string(cut) + ": " + c->errors, line >= 1 && line <= lines && col >= 1);
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CPPUNIT_ASSERT_MESSAGE(std::to_string(seconds), seconds < SmallSeconds);
  }
  void truncatedForEveryCommand() {
    std::string path = writeFile("cut-cmd.scenario", cutAfter("EvtIoRead {"));
    for (const char *cmd : {"run -q", "explain", "graph"})
      scenarioAt(cmd, path, "10:16", "expected '}' to close the callback body, found end of file");
    testCommand("cut-cmd-test.scenario", cutAfter("EvtIoRead {"), "10:16",
                "expected '}' to close the callback body, found end of file");
  }

  // ------------------------------------------------------------ binary and huge

  void binaryGarbageFixedSeeds() {
    struct Case {
      uint64_t seed;
      int mode; // 0: any byte, 1: 7-bit bytes, 2: printable ASCII
      const char *lineCol;
      const char *message;
    };
    const char *const utf8 = "invalid UTF-8 byte sequence; scenario files must be UTF-8 text";
    const char *const declaration = "expected a declaration (scenario, driver, device";
    const Case cases[] = {
        {1, 0, "1:2", utf8},  // 'G', then a lone continuation byte
        {2, 0, "1:1", utf8},  // a lone continuation byte
        {3, 0, "1:1", utf8},  // a lead byte without its continuation
        {4, 0, "1:2", utf8},
        {5, 0, "1:2", utf8},
        {6, 0, "1:1", utf8},
        {7, 0, "1:1", utf8},
        {8, 0, "1:1", utf8},
        {11, 1, "1:1", declaration},
        {12, 1, "1:2", "unexpected character byte 0x15"},
        {13, 1, "1:3", "unexpected character byte 0x17"},
        {14, 1, "1:1", declaration},
        {21, 2, "1:1", declaration},
        {22, 2, "1:1", declaration},
        {23, 2, "1:1", declaration},
    };
    for (const Case &c : cases) {
      std::string bytes = Bytes(c.seed).take(4096);
      for (char &b : bytes)
        b = c.mode == 0 ? b : c.mode == 1 ? static_cast<char>(b & 0x7F) : static_cast<char>(32 + static_cast<unsigned char>(b) % 95);
      scenario("garbage-" + std::to_string(c.mode) + "-" + std::to_string(c.seed) + ".scenario", bytes, c.lineCol, c.message);
    }
  }
  // Each byte value, alone after a valid device: every one is either fine or located.
  void binaryGarbageAllBytes() {
    std::string all;
    for (int b = 0; b < 256; ++b)
      all += static_cast<char>(b);
    scenario("all-bytes.scenario", all, "1:1", "unexpected character byte 0x00");
    std::string reversed(all.rbegin(), all.rend());
    scenario("all-bytes-reversed.scenario", reversed, "1:1", "invalid UTF-8 byte sequence");
  }
  void garbageTenMegabytes() {
    scenario("garbage-10mb.scenario", Bytes(42).take(TenMB), "1:2", "invalid UTF-8 byte sequence", HugeSeconds);
    // Garbage after a valid start: the error is where the garbage starts.
    scenario("garbage-10mb-late.scenario", std::string(Device) + "\x01" + Bytes(43).take(TenMB), "2:1",
             "unexpected character byte 0x01", HugeSeconds);
  }
  // 10 MB of a valid scenario with one semantic error at the very end: the whole file is
  // lexed, parsed and checked.
  void validTokensTenMegabytes() {
    std::string text = Device;
    size_t n = 0;
    while (text.size() < TenMB)
      text += "shared int V" + std::to_string(n) + " = " + std::to_string(n) + ";\n", ++n;
    text += "shared int V0 = 1;\n";
    scenario("valid-10mb.scenario", text, std::to_string(n + 2) + ":12", "redefinition of 'V0'", HugeSeconds);
  }
  // 10 MB of valid tokens in no valid order.
  void tokenSoupTenMegabytes() {
    const char *const tokens[] = {"device", "queue", "{", "}", "(", ")", "[", "]", ";", "=", "+", "X", "42",
                                  "0x7F", "\"s\"", "<<=", "..", "?", ":", "&&", "environment", "thread", "if"};
    Bytes pick(7);
    std::string text;
    while (text.size() < TenMB) {
      text += tokens[pick.next() % (sizeof tokens / sizeof *tokens)];
      text += ' ';
    }
    scenario("soup-10mb.scenario", text, "1:1", "expected a declaration", HugeSeconds);
  }
  // 10 MB in which every line is an error: reporting stops after 20 errors.
  void errorsTenMegabytesStopAtTwenty() {
    std::string text = std::string(Device) + repeat("shared int = 1;\n", TenMB / 16);
    Run r = scenario("errors-10mb.scenario", text, "2:12", "expected a name for the shared variable, found '='",
                     HugeSeconds);
    CPPUNIT_ASSERT(r.err.find("note: too many errors; stopping after 20\n") != std::string::npos);
    CPPUNIT_ASSERT(r.err.find(":21:12: error:") != std::string::npos);
    CPPUNIT_ASSERT(r.err.find(":22:12: error:") == std::string::npos);
  }
  // One 10 MB line: the error is at its end, and the message shows a window of the line.
  void oneLineTenMegabytes() {
    std::string text = std::string(Device) + repeat(" ", TenMB) + "queue;";
    Run r = scenario("line-10mb.scenario", text, "2:" + std::to_string(TenMB + 6), "expected a name for the queue, found ';'",
                     HugeSeconds);
    CPPUNIT_ASSERT(r.err.size() < 1000);
  }
  void manyStatements() {
    std::string text = std::string(Device) + "shared int X;\nenvironment { thread T {\n" +
                       repeat("X = X + 1; if (X > 2) { X--; } else { X++; }\n", TwoMB / 48) + "X = Y; } }\n";
    size_t lines = 3 + TwoMB / 48 + 1;
    scenario("stmts-10mb.scenario", text, std::to_string(lines) + ":5", "use of undeclared name 'Y'", HugeSeconds);
  }
  // Tens of thousands of locals in one body (their lookup once took quadratic time).
  void manyLocals() {
    std::string text = std::string(Device) + "environment { thread T {\n";
    size_t n = 0;
    while (text.size() < TwoMB)
      text += "int v" + std::to_string(n) + " = " + std::to_string(n % 7) + ";\n", ++n;
    text += "int v0 = 1; } }\n";
    scenario("locals-10mb.scenario", text, std::to_string(n + 3) + ":5", "redefinition of local variable 'v0'",
             HugeSeconds);
  }
  // Tens of thousands of objects (finding each one's object once took quadratic time).
  void manyObjects() {
    std::string text = Device;
    size_t n = 0;
    while (text.size() < TwoMB)
      text += "queue Q" + std::to_string(n) + " { DispatchType = Manual; }\n", ++n;
    text += "queue Q0 { DispatchType = Manual; }\n";
    scenario("objects-10mb.scenario", text, std::to_string(n + 2) + ":7", "redefinition of 'Q0'", HugeSeconds);
  }
  // A parent chain tens of thousands of objects long (the loop check once took quadratic time).
  void longParentChain() {
    std::string text = std::string(Device) + "workitem W0 { EvtWorkItem { } }\n";
    size_t n = 0;
    while (text.size() < TwoMB)
      ++n, text += "workitem W" + std::to_string(n) + " { parent = W" + std::to_string(n - 1) + "; EvtWorkItem { } }\n";
    text += "workitem Loop1 { parent = Loop2; EvtWorkItem { } }\nworkitem Loop2 { parent = Loop1; EvtWorkItem { } }\n";
    scenario("parents-10mb.scenario", text, std::to_string(n + 3) + ":27", "the parent chain of 'Loop1' loops back to itself",
             HugeSeconds);
  }
  // Tens of thousands of requests and files in the environment (finding each one's handle
  // once took quadratic time).
  void manyRequestsAndFiles() {
    std::string text = std::string(Device) + "queue Q { DispatchType = Manual; }\nenvironment { thread T {\n";
    size_t n = 0;
    while (text.size() < TwoMB)
      text += "send Read to Q as R" + std::to_string(n) + "; open as F" + std::to_string(n) + ";\n", ++n;
    text += "close R0; } }\n";
    scenario("env-10mb.scenario", text, std::to_string(n + 4) + ":7",
             "expected a file opened with 'open as', found 'R0'", HugeSeconds);
  }
  void fileOverTheSizeLimit() {
    std::string path = writeFile("huge.scenario", "");
    fs::resize_file(path, (64u << 20) + 1); // sparse: nothing is written
    scenarioAt("run -q", path, "1:1", "'" + path + "' is too large (67108865 bytes; at most 67108864)");
    fs::remove(path);
  }
  // A file that never ends: it is read only up to the size limit.
  void endlessDevice() { scenarioAt("run -q", "/dev/zero", "1:1", "'/dev/zero' is too large", HugeSeconds); }

  // ------------------------------------------------------------ nesting, 10,000 levels

  static constexpr size_t Deep = 10000;
  static std::string tooDeep() { return "nesting is too deep (more than 1000 levels)"; }

  void nestedParentheses() {
    scenario("paren.scenario", std::string(Device) + "shared int X = " + repeat("(", Deep) + "1" + repeat(")", Deep) + ";\n",
             "2:1016", tooDeep());
  }
  void nestedBlocks() {
    scenario("blocks.scenario",
             std::string(Device) + "environment { thread T " + repeat("{", Deep) + repeat("}", Deep) + " }\n", "2:524",
             tooDeep());
  }
  void nestedIfs() {
    scenario("ifs.scenario", std::string(Device) + "environment { thread T { " + repeat("if (true) ", Deep) + "; } }\n",
             "2:10016", tooDeep());
  }
  void nestedElseIfs() {
    scenario("elseifs.scenario",
             std::string(Device) + "environment { thread T { " + repeat("if (true) ; else ", Deep) + "; } }\n", "2:17002",
             tooDeep());
  }
  void nestedWhiles() {
    scenario("whiles.scenario",
             std::string(Device) + "environment { thread T { " + repeat("while (true) ", Deep) + "; } }\n", "2:13013",
             tooDeep());
  }
  void nestedFors() {
    scenario("fors.scenario", std::string(Device) + "environment { thread T { " + repeat("for (;;) ", Deep) + "; } }\n",
             "2:9017", tooDeep());
  }
  void nestedIndexing() {
    scenario("index.scenario",
             std::string(Device) + "shared int A[2];\nshared int X = " + repeat("A[", Deep) + "0" + repeat("]", Deep) + ";\n",
             "3:2017", tooDeep());
  }
  // a[0][0][0]...: no bracket nests inside another, but the tree still gets one level
  // deeper per index (this once overflowed the stack).
  void chainedIndexing() {
    scenario("index-chain.scenario",
             std::string(Device) + "shared int A[2];\nenvironment { thread T { int x = A" + repeat("[0]", 1000000) +
                 "; } }\n",
             "3:3029", tooDeep(), HugeSeconds);
  }
  // r.F.F.F...: the same with fields (this once overflowed the stack).
  void chainedFields() {
    scenario("field-chain.scenario",
             std::string(Device) + "request context { int F; }\nenvironment { thread T { request r; int x = r" +
                 repeat(".F", 1000000) + "; } }\n",
             "3:2042", tooDeep(), HugeSeconds);
  }
  void nestedCalls() {
    scenario("calls.scenario", std::string(Device) + "shared int X = " + repeat("F(", Deep) + "1" + repeat(")", Deep) + ";\n",
             "2:2016", tooDeep());
  }
  void nestedChoose() {
    scenario("choose.scenario",
             std::string(Device) + "shared int X = " + repeat("choose(", Deep) + "1" + repeat(")", Deep) + ";\n", "2:7016",
             tooDeep());
  }
  void nestedUnaryOperators() {
    scenario("not.scenario", std::string(Device) + "shared int X = " + repeat("!", Deep) + "1;\n", "2:1016", tooDeep());
    scenario("tilde.scenario", std::string(Device) + "shared int X = " + repeat("~", Deep) + "1;\n", "2:1016", tooDeep());
    scenario("minus.scenario", std::string(Device) + "shared int X = " + repeat("- ", Deep) + "1;\n", "2:2016", tooDeep());
    // Without spaces the minus signs are '--' tokens.
    scenario("minusminus.scenario", std::string(Device) + "shared int X = " + repeat("-", Deep) + "1;\n", "2:16",
             "expected an expression, found '--'");
  }
  // + + + ... x: unary plus once recursed without counting a level, and 5 million of them
  // overflowed the stack.
  void nestedUnaryPlus() {
    scenario("plus.scenario", std::string(Device) + "shared int X = " + repeat("+ ", Deep) + "1;\n", "2:2016", tooDeep());
    scenario("plus-10mb.scenario", std::string(Device) + "shared int X = " + repeat("+ ", TenMB / 2) + "1;\n", "2:2016",
             tooDeep(), HugeSeconds);
  }
  void nestedTernaries() {
    scenario("ternary-then.scenario",
             std::string(Device) + "shared int X = " + repeat("1 ? ", Deep) + "1" + repeat(" : 1", Deep) + ";\n", "2:4018",
             tooDeep());
    scenario("ternary-else.scenario", std::string(Device) + "shared int X = " + repeat("1 ? 1 : ", Deep) + "1;\n",
             "2:8018", tooDeep());
  }
  void binaryOperatorChains() {
    scenario("chain-add.scenario", std::string(Device) + "shared int X = 1" + repeat(" + 1", Deep) + ";\n", "2:4014",
             tooDeep());
    scenario("chain-mixed.scenario",
             std::string(Device) + "shared int X = 1" + repeat(" * 1 + 1 << 1 < 1 == 1 & 1 ^ 1 | 1 && 1 || 1", Deep / 10) +
                 ";\n",
             "2:43216", tooDeep());
  }
  // Braces where the grammar allows no nesting: the first extra brace is the error.
  void nestedBracesInDeclarations() {
    scenario("obj-braces.scenario", "device D " + repeat("{", Deep) + repeat("}", Deep) + "\n", "1:11",
             "expected an attribute or callback name, found '{'");
    scenario("ctx-braces.scenario", std::string(Device) + "request context " + repeat("{", Deep) + repeat("}", Deep) + "\n",
             "2:18", "expected a type (int, bool or request), found '{'");
    scenario("env-braces.scenario", std::string(Device) + "environment " + repeat("{", Deep) + repeat("}", Deep) + "\n",
             "2:14", "expected 'thread' or 'finally' in the environment, found '{'");
    scenario("init-braces.scenario", std::string(Device) + "shared int A[2] = " + repeat("{", Deep) + repeat("}", Deep) + ";\n",
             "2:20", "expected an expression, found '{'");
    scenario("fileobject-braces.scenario", "device D { FileObject " + repeat("{", Deep) + repeat("}", Deep) + " }\n",
             "1:24", "expected an attribute name, found '{'");
    scenario("event-braces.scenario", std::string(Device) + "event E " + repeat("{", Deep) + repeat("}", Deep) + "\n",
             "2:10", "expected an attribute name, found '{'");
    scenario("expect-parens.scenario", std::string(Device) + "expect race" + repeat("(", Deep) + repeat(")", Deep) + ";\n",
             "2:13", "expected a name, found '('");
  }
  void nestedInEveryBodyKind() {
    scenario("fn-blocks.scenario", std::string(Device) + "function F " + repeat("{", Deep) + repeat("}", Deep) + "\n",
             "2:512", tooDeep());
    scenario("cb-blocks.scenario",
             std::string(Device) + "workitem W { EvtWorkItem " + repeat("{", Deep) + repeat("}", Deep) + " }\n", "2:526",
             tooDeep());
    scenario("finally-blocks.scenario",
             std::string(Device) + "environment { finally " + repeat("{", Deep) + repeat("}", Deep) + " }\n", "2:523",
             tooDeep());
    scenario("attr-parens.scenario",
             std::string(Device) + "queue Q { DispatchType = " + repeat("(", Deep) + "Manual" + repeat(")", Deep) + "; }\n",
             "2:1026", tooDeep());
    scenario("assert-parens.scenario",
             std::string(Device) + "environment { thread T { assert(" + repeat("(", Deep) + "true" + repeat(")", Deep) +
                 "); } }\n",
             "2:1031", tooDeep());
  }

  // ------------------------------------------------------------ names and numbers

  void overlongIdentifiers() {
    scenario("ident-256.scenario", std::string(Device) + "shared int " + std::string(256, 'a') + ";\n", "2:12",
             "identifier is too long (256 characters; at most 255)");
    scenario("ident-in-body.scenario",
             std::string(Device) + "environment { thread T { int x = " + std::string(100000, 'b') + "; } }\n", "2:34",
             "identifier is too long (100000 characters; at most 255)");
    // 255 characters are fine: the error is the undeclared name, further on.
    scenario("ident-255.scenario",
             std::string(Device) + "shared int " + std::string(255, 'c') + ";\nshared int Y = " + std::string(255, 'd') +
                 ";\n",
             "3:16", "expected an integer constant for the initializer");
    scenario("ident-object.scenario", "device " + std::string(5000, 'D') + " { }\n", "1:8",
             "identifier is too long (5000 characters; at most 255)");
  }
  void overlongIdentifierTenMegabytes() {
    scenario("ident-10mb.scenario", std::string(Device) + "shared int " + std::string(TenMB, 'a') + ";\n", "2:12",
             "identifier is too long (10485760 characters; at most 255)", HugeSeconds);
  }
  void outOfRangeIntegers() {
    struct Case {
      const char *literal;
      const char *message;
    };
    const Case cases[] = {
        {"2147483648", "integer literal '2147483648' is out of range; integers are 32-bit signed (at most 2147483647)"},
        {"-2147483649", "integer literal '2147483649' is out of range; integers are 32-bit signed (at most 2147483647)"},
        {"4294967296", "integer literal '4294967296' is out of range"},
        {"99999999999999999999999999999999", "integer literal '99999999999999999999999999999999' is out of range"},
        {"0x100000000", "hexadecimal literal '0x100000000' does not fit in 32 bits"},
        {"0xFFFFFFFFFFFFFFFFFFFF", "hexadecimal literal '0xFFFFFFFFFFFFFFFFFFFF' does not fit in 32 bits"},
        {"0x", "expected hexadecimal digits after '0x'"},
        {"12ab", "invalid integer literal '12ab'; expected decimal digits or 0x followed by hex digits"},
        {"0x1g", "invalid integer literal '0x1g'"},
    };
    int n = 0;
    for (const Case &c : cases) {
      std::string lit = c.literal;
      std::string col = lit[0] == '-' ? "2:17" : "2:16";
      scenario("int-" + std::to_string(n++) + ".scenario", std::string(Device) + "shared int X = " + lit + ";\n", col,
               c.message);
    }
    scenario("int-1000-digits.scenario", std::string(Device) + "shared int X = " + std::string(1000, '9') + ";\n", "2:16",
             "integer literal '999");
    scenario("int-10mb.scenario", std::string(Device) + "shared int X = " + std::string(TenMB, '7') + ";\n", "2:16",
             "integer literal '777", HugeSeconds);
    scenario("int-in-body.scenario",
             std::string(Device) + "environment { thread T { int x = 1 + 2147483648; } }\n", "2:38",
             "integer literal '2147483648' is out of range");
  }
  void outOfRangeSizes() {
    scenario("array-4097.scenario", std::string(Device) + "shared int A[4097];\n", "2:14",
             "array size must be between 1 and 4096");
    scenario("array-0.scenario", std::string(Device) + "shared int A[0];\n", "2:14", "array size must be between 1 and 4096");
    scenario("array-negative.scenario", std::string(Device) + "shared int A[-5];\n", "2:15",
             "array size must be between 1 and 4096");
    scenario("array-huge.scenario", std::string(Device) + "shared int A[2147483647];\n", "2:14",
             "array size must be between 1 and 4096");
    scenario("choose-range.scenario", std::string(Device) + "shared int X;\nenvironment { thread T { X = choose(0..256); } }\n",
             "3:30", "choose(lo..hi) needs lo <= hi and at most 256 values");
    scenario("choose-values.scenario",
             std::string(Device) + "shared int X;\nenvironment { thread T { X = choose(" + repeat("1, ", 300) + "1); } }\n",
             "3:30", "choose(...) takes at most 256 values");
    scenario("initializers.scenario", std::string(Device) + "shared int A[2] = {1, 2, 3};\n", "2:26",
             "too many initializers for 'A' (it has 2 elements)");
    scenario("presented.scenario",
             std::string(Device) + "queue Q { DispatchType = Parallel; NumberOfPresentedRequests = -1; "
                                   "EvtIoRead { WdfRequestComplete(Request, STATUS_SUCCESS); } }\n",
             "2:64", "NumberOfPresentedRequests must not be negative (0 means unlimited)");
  }

  // ------------------------------------------------------------ encodings

  static std::string utf8Case(const std::string &bytes) { return std::string(Device) + "// " + bytes + "\n"; }
  static std::string badUtf8() { return "invalid UTF-8 byte sequence; scenario files must be UTF-8 text"; }

  void overlongUtf8() {
    scenario("overlong-2.scenario", utf8Case("\xC0\xAF"), "2:4", badUtf8()); // '/' in two bytes
    scenario("overlong-2b.scenario", utf8Case("\xC1\xBF"), "2:4", badUtf8());
    scenario("overlong-3.scenario", utf8Case("\xE0\x80\xAF"), "2:4", badUtf8());
    scenario("overlong-4.scenario", utf8Case("\xF0\x80\x80\xAF"), "2:4", badUtf8());
    scenario("overlong-nul.scenario", utf8Case("\xC0\x80"), "2:4", badUtf8()); // modified UTF-8 NUL
  }
  void surrogatesInUtf8() {
    scenario("surrogate-high.scenario", utf8Case("\xED\xA0\x80"), "2:4", badUtf8());
    scenario("surrogate-low.scenario", utf8Case("\xED\xBF\xBF"), "2:4", badUtf8());
    scenario("surrogate-pair.scenario", utf8Case("\xED\xA0\xBD\xED\xB8\x80"), "2:4", badUtf8()); // CESU-8
    scenario("above-10ffff.scenario", utf8Case("\xF4\x90\x80\x80"), "2:4", badUtf8());
  }
  void loneContinuationBytes() {
    scenario("continuation-80.scenario", utf8Case("\x80"), "2:4", badUtf8());
    scenario("continuation-bf.scenario", utf8Case("ok \xBF"), "2:7", badUtf8());
    scenario("continuation-run.scenario", utf8Case(repeat("\x80", 1000)), "2:4", badUtf8());
    scenario("continuation-code.scenario", std::string(Device) + "\x80\n", "2:1", badUtf8());
  }
  void leadBytesF5ToFF() {
    for (int b = 0xF5; b <= 0xFF; ++b) {
      std::string bytes(1, static_cast<char>(b));
      scenario("lead-" + std::to_string(b) + ".scenario", utf8Case(bytes + "\x80\x80\x80"), "2:4", badUtf8());
    }
  }
  void truncatedUtf8Sequences() {
    scenario("short-2.scenario", utf8Case("\xC3"), "2:4", badUtf8());          // before a newline
    scenario("short-3.scenario", utf8Case("\xE2\x82"), "2:4", badUtf8());
    scenario("short-4.scenario", utf8Case("\xF0\x9F\x98"), "2:4", badUtf8());
    scenario("short-eof.scenario", std::string(Device) + "// \xE2\x82", "2:4", badUtf8()); // at the end of the file
  }
  void invalidUtf8InStringsAndComments() {
    scenario("bad-in-string.scenario", "scenario \"caf\xE9\";\n" + std::string(Device), "1:14", badUtf8());
    scenario("bad-in-block-comment.scenario", std::string(Device) + "/* \xFE */\n", "2:4", badUtf8());
    scenario("bad-in-assert-message.scenario",
             std::string(Device) + "environment { thread T { assert(true, \"\xC0\xAF\"); } }\n", "2:40", badUtf8());
  }
  // Valid UTF-8 is allowed in strings and comments only.
  void nonAsciiOutsideStrings() {
    scenario("non-ascii-name.scenario", std::string(Device) + "shared int caf\xC3\xA9;\n", "2:15",
             "unexpected character; only ASCII is allowed outside strings and comments");
    scenario("emoji.scenario", std::string(Device) + "\xF0\x9F\x98\x80\n", "2:1",
             "unexpected character; only ASCII is allowed outside strings and comments");
    scenario("nbsp.scenario", "device\xC2\xA0" "D { }\n", "1:7",
             "unexpected character; only ASCII is allowed outside strings and comments");
  }
  void nulBytes() {
    scenario("nul-code.scenario", std::string("device D {") + std::string(1, '\0') + "}\n", "1:11",
             "unexpected character byte 0x00");
    scenario("nul-string.scenario", std::string("scenario \"a") + std::string(1, '\0') + "b\";\n" + Device +
                 "shared int = 1;\n",
             "3:12", "expected a name for the shared variable");
    scenario("nul-only.scenario", std::string(1000, '\0'), "1:1", "unexpected character byte 0x00");
    scenario("nul-after-comment.scenario", std::string(Device) + "// fine\n" + std::string(1, '\0'), "3:1",
             "unexpected character byte 0x00");
  }
  void lineEndings() {
    // CRLF: lines and columns as with LF.
    scenario("crlf.scenario", "device D { }\r\nshared int X;\r\nshared int = 1;\r\n", "3:12",
             "expected a name for the shared variable, found '='");
    // A lone CR does not end a line: columns count on from the last LF.
    scenario("cr-only.scenario", "device D { }\rshared int X;\rshared int = 1;\r", "1:39",
             "expected a name for the shared variable, found '='");
    // A byte order mark is skipped but counted in the column, which is in bytes.
    scenario("bom.scenario", "\xEF\xBB\xBFshared int = 1;\n", "1:15", "expected a name for the shared variable");
    scenario("bom-twice.scenario", "\xEF\xBB\xBF\xEF\xBB\xBF" "device D { }\n", "1:4",
             "unexpected character; only ASCII is allowed outside strings and comments");
  }
  void unterminatedCommentsAndStrings() {
    scenario("open-comment.scenario", std::string(Device) + "/* never closed\n" + repeat("x\n", 1000), "2:1",
             "unterminated /* comment");
    scenario("open-string.scenario", std::string(Device) + "scenario \"no end\n", "2:10", "unterminated string literal");
    scenario("bad-escape.scenario", "scenario \"a\\nb\";\n" + std::string(Device), "1:12",
             "unknown escape sequence in string; only \\\" and \\\\ are allowed");
    scenario("string-10mb.scenario", std::string(Device) + "scenario \"" + std::string(TenMB, 's'), "2:10",
             "unterminated string literal", HugeSeconds);
    scenario("comment-10mb.scenario", std::string(Device) + "/*" + std::string(TenMB, '*'), "2:1", "unterminated /* comment",
             HugeSeconds);
  }

  // ------------------------------------------------------------ recursion

  void directRecursion() {
    scenario("rec-direct.scenario", std::string(Device) + "function A { A(); }\n", "2:14",
             "recursion is not allowed: 'A' calls itself, directly or through other functions");
    scenario("rec-value.scenario", std::string(Device) + "function int A(int n) { return n + A(n - 1); }\n", "2:36",
             "recursion is not allowed: 'A' calls itself");
  }
  void indirectRecursion() {
    scenario("rec-indirect.scenario", std::string(Device) + "function A { B(); }\nfunction B { C(); }\nfunction C { A(); }\n",
             "4:14", "recursion is not allowed: 'A' calls itself, directly or through other functions");
    scenario("rec-from-thread.scenario",
             std::string(Device) + "function A { B(); }\nfunction B { A(); }\nenvironment { thread T { A(); } }\n", "3:14",
             "recursion is not allowed: 'A' calls itself");
  }
  void recursionThroughCancelRoutines() {
    scenario("rec-cancel.scenario",
             std::string(Device) + "function F { WdfRequestMarkCancelable(Request, F); }\n"
                                   "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestMarkCancelable(Request, F); } }\n",
             "2:48", "recursion is not allowed: 'F' passes itself as a routine, directly or through other functions");
    scenario("rec-cancel-indirect.scenario",
             std::string(Device) +
                 "function F { WdfRequestMarkCancelable(Request, G); }\n"
                 "function G { WdfRequestMarkCancelable(Request, F); }\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestMarkCancelable(Request, F); } }\n",
             "3:48", "recursion is not allowed: 'F' passes itself as a routine");
  }
  void recursionThroughSynchronizeRoutines() {
    scenario("rec-sync.scenario",
             std::string(Device) + "interrupt I { EvtInterruptIsr { return WdfInterruptSynchronize(Interrupt, S); } }\n"
                                   "function bool S { return WdfInterruptSynchronize(Interrupt, S); }\n",
             "3:61", "recursion is not allowed: 'S' passes itself as a routine");
  }
  void recursionThroughBoundCallbacks() {
    scenario("rec-bound.scenario", std::string(Device) + "function Bump { Bump(); }\nworkitem W { EvtWorkItem = Bump; }\n",
             "2:17", "recursion is not allowed: 'Bump' calls itself");
  }
  // F0 calls F1 calls F2 ... : compiling a call compiles the callee inside the caller, and a
  // long chain once overflowed the stack.
  void longCallChains() {
    std::string text = Device;
    for (int i = 0; i < 10000; ++i)
      text += "function F" + std::to_string(i) + " { F" + std::to_string(i + 1) + "(); }\n";
    text += "function F10000 { }\n";
    scenario("call-chain.scenario", text, "168:17", "calls nest too deeply");
    std::string big = Device;
    for (int i = 0; big.size() < TwoMB; ++i)
      big += "function F" + std::to_string(i) + " { F" + std::to_string(i + 1) + "(); }\n";
    scenario("call-chain-2mb.scenario", big, "168:17", "calls nest too deeply", HugeSeconds);
  }
  // Each function of a short chain nests nearly 1000 levels itself.
  void deepCallChainOfDeepBodies() {
    std::string text = Device;
    for (int i = 0; i < 100; ++i)
      text += "function int F" + std::to_string(i) + " { return " + std::string(990, '~') + "F" + std::to_string(i + 1) +
              "(); }\n";
    text += "function int F100 { return 1; }\n";
    scenario("deep-chain.scenario", text, "3:1016", "calls nest too deeply");
  }

  // ------------------------------------------------------------ not scenario files

  void emptyFile() {
    scenario("empty.scenario", "", "1:1", "a scenario needs a device: declare one with 'device Name { ... }'");
    scenario("spaces.scenario", " \n\t\n", "1:1", "a scenario needs a device");
    scenario("comment-only.scenario", "// nothing\n/* else */\n", "1:1", "a scenario needs a device");
  }
  void directoryInsteadOfFile() {
    std::string dir = tempDir() + "/a-directory.scenario";
    fs::create_directories(dir);
    for (const char *cmd : {"run -q", "explain", "graph"})
      scenarioAt(cmd, dir, "1:1", "'" + dir + "' is a directory, not a scenario file");
  }
  void nonexistentFile() {
    std::string path = tempDir() + "/does-not-exist.scenario";
    for (const char *cmd : {"run -q", "explain", "graph"})
      scenarioAt(cmd, path, "1:1", "cannot open '" + path + "'");
    Run r = wdfcheck("test -q '" + path + "'");
    expectBadInput(r, r.err, "wdfcheck: error: no such file or folder: '" + path + "'", SmallSeconds, "test missing");
  }
  // explain, test and graph stop at the same first message as run.
  void otherCommands() {
    std::string nested = std::string(Device) + "shared int X = " + repeat("(", Deep) + "1" + repeat(")", Deep) + ";\n";
    std::string path = writeFile("nested-cmd.scenario", nested);
    scenarioAt("explain", path, "2:1016", tooDeep());
    scenarioAt("explain --format json", path, "2:1016", tooDeep());
    scenarioAt("graph", path, "2:1016", tooDeep());
    testCommand("nested-cmd-test.scenario", nested, "2:1016", tooDeep());
    std::string garbage = Bytes(9).take(4096);
    std::string gpath = writeFile("garbage-cmd.scenario", garbage);
    scenarioAt("explain", gpath, "1:1", "invalid UTF-8 byte sequence");
    scenarioAt("graph", gpath, "1:1", "invalid UTF-8 byte sequence");
    testCommand("garbage-cmd-test.scenario", garbage, "1:1", "invalid UTF-8 byte sequence");
    testCommand("recursion-test.scenario", std::string(Device) + "function A { A(); }\n", "2:14",
                "recursion is not allowed");
    // A folder holding a bad scenario among good ones: the folder run exits 2 too.
    std::string folder = tempDir() + "/folder";
    fs::create_directories(folder);
    std::string good = writeFile("folder/good.scenario", std::string(Device) + "expect clean;\n");
    std::string bad = writeFile("folder/zz-bad.scenario", "device D {");
    Run r = wdfcheck("test -q '" + folder + "'");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.out, 2, r.code);
    CPPUNIT_ASSERT_MESSAGE(r.out, r.out.find("PASS " + good + "\n") == 0);
    CPPUNIT_ASSERT_MESSAGE(r.out, r.out.find("FAIL " + bad + "\n    the scenario does not load:\n      " + bad +
                                             ":1:11: error: expected '}' to close the object, found end of file") !=
                                      std::string::npos);
  }

  // ------------------------------------------------------------ traces

  void traceNotJson() {
    trace("not-json.json", "not json at all", "not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 2");
    trace("empty.json", "", "not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 1");
    trace("scenario-as-trace.json", Racy, "not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 1");
    trace("trailing.json", "{\"schema\": \"wdfcheck-result/1\", \"results\": []} []",
          "not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 48");
    trace("comment.json", "/* c */ {}", "not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 1");
    trace("garbage.json", Bytes(11).take(4096), "not valid JSON: ");
  }
  // The recorded trace cut at many places: the parser names the line and column of the end.
  void traceTruncated() {
    std::string full = edited([](Json &) {});
    const char *markers[] = {"{", "\"schema\"", "\"schema\":", "\"wdfcheck-res", "\"results\": [", "\"file\": \"",
                             "\"options\": {", "\"reduction\": tr", "\"maxSteps\": 100", "\"findings\": [",
                             "\"replay\": {", "\"key\": \"0", "\"actions\": [",
                             "\"lastBreaks\": fals", "\"timing\""};
    int n = 0;
    for (const char *m : markers) {
      size_t at = full.find(m);
      CPPUNIT_ASSERT_MESSAGE(m, at != std::string::npos);
      std::string cut = full.substr(0, at + std::strlen(m));
      trace("cut-" + std::to_string(n++) + ".json", cut,
            "not valid JSON: [json.exception.parse_error.101] parse error at " + jsonEndPosition(cut) + ": ");
    }
    // Cut after the first action code.
    std::string firstAction = full.substr(0, full.find(',', full.find("\"actions\": [")) + 1);
    trace("cut-action.json", firstAction,
          "not valid JSON: [json.exception.parse_error.101] parse error at " + jsonEndPosition(firstAction) + ": ");
    // Cut just before the last byte.
    std::string last = full.substr(0, full.size() - 1);
    trace("cut-last.json", last, "not valid JSON: [json.exception.parse_error.101] parse error at " + jsonEndPosition(last));
  }
  void traceWrongTopLevelTypes() {
    trace("top-array.json", "[]", "missing \"schema\"");
    trace("top-string.json", "\"wdfcheck-result/1\"", "missing \"schema\"");
    trace("top-null.json", "null", "missing \"schema\"");
    trace("schema-number.json", edited([](Json &j) { j["schema"] = 1; }), "\"schema\" must be a string");
    trace("schema-missing.json", edited([](Json &j) { j.erase("schema"); }), "missing \"schema\"");
    trace("results-missing.json", edited([](Json &j) { j.erase("results"); }), "missing \"results\"");
    trace("results-object.json", edited([](Json &j) { j["results"] = Json::object(); }), "\"results\" must be an array");
    trace("results-string.json", edited([](Json &j) { j["results"] = "[]"; }), "\"results\" must be an array");
    trace("result-number.json", edited([](Json &j) { j["results"][0] = 5; }), "results[0]: missing \"file\"");
    trace("second-result.json", edited([](Json &j) { j["results"].push_back(Json::array()); }),
          "results[1]: missing \"file\"");
  }
  void traceWrongResultTypes() {
    auto result = [](Json &j) -> Json & { return j["results"][0]; };
    trace("file-number.json", edited([&](Json &j) { result(j)["file"] = 3; }), "results[0]: \"file\" must be a string");
    trace("file-null.json", edited([&](Json &j) { result(j)["file"] = nullptr; }), "results[0]: \"file\" must be a string");
    trace("file-missing.json", edited([&](Json &j) { result(j).erase("file"); }), "results[0]: missing \"file\"");
    trace("hash-array.json", edited([&](Json &j) { result(j)["scenarioHash"] = Json::array(); }),
          "results[0]: \"scenarioHash\" must be a string");
    trace("options-array.json", edited([&](Json &j) { result(j)["options"] = Json::array(); }),
          "results[0].options: missing \"reduction\"");
    trace("options-missing.json", edited([&](Json &j) { result(j).erase("options"); }), "results[0]: missing \"options\"");
    trace("reduction-string.json", edited([&](Json &j) { result(j)["options"]["reduction"] = "yes"; }),
          "results[0].options: \"reduction\" must be true or false");
    trace("reduction-number.json", edited([&](Json &j) { result(j)["options"]["reduction"] = 1; }),
          "results[0].options: \"reduction\" must be true or false");
    trace("maxsteps-0.json", edited([&](Json &j) { result(j)["options"]["maxSteps"] = 0; }),
          "results[0].options: \"maxSteps\" must be a positive 32-bit number");
    int n = 1;
    for (Json bad : {Json(-1), Json(4294967296ull), Json(1.5), Json("7"), Json(nullptr), Json(false)})
      trace("maxsteps-" + std::to_string(n++) + ".json", edited([&](Json &j) { result(j)["options"]["maxSteps"] = bad; }),
            "results[0].options: \"maxSteps\" must be a whole number from 0 to 4294967295");
    trace("maxsteps-missing.json", edited([&](Json &j) { result(j)["options"].erase("maxSteps"); }),
          "results[0].options: missing \"maxSteps\"");
    trace("findings-object.json", edited([&](Json &j) { result(j)["findings"] = Json::object(); }),
          "results[0]: \"findings\" must be an array");
    trace("findings-missing.json", edited([&](Json &j) { result(j).erase("findings"); }),
          "results[0]: missing \"findings\"");
  }
  void traceWrongFindingTypes() {
    auto finding = [](Json &j) -> Json & { return j["results"][0]["findings"][0]; };
    trace("finding-string.json", edited([&](Json &j) { finding(j) = "race"; }),
          "results[0].findings[0]: missing \"kind\"");
    trace("kind-number.json", edited([&](Json &j) { finding(j)["kind"] = 7; }),
          "results[0].findings[0]: \"kind\" must be a string");
    trace("kind-missing.json", edited([&](Json &j) { finding(j).erase("kind"); }),
          "results[0].findings[0]: missing \"kind\"");
    trace("subject-number.json", edited([&](Json &j) { finding(j)["subject"] = 7; }),
          "results[0].findings[0]: \"subject\" must be a string");
    trace("replay-number.json", edited([&](Json &j) { finding(j)["replay"] = 7; }),
          "results[0].findings[0].replay: missing \"key\"");
    trace("replay-array.json", edited([&](Json &j) { finding(j)["replay"] = Json::array(); }),
          "results[0].findings[0].replay: missing \"key\"");
    trace("second-finding.json", edited([&](Json &j) { j["results"][0]["findings"].push_back(Json::object()); }),
          "results[0].findings[1]: missing \"kind\"");
  }
  void traceWrongReplayTypes() {
    const std::string where = "results[0].findings[0].replay: ";
    trace("key-number.json", edited([](Json &j) { replayOf(j)["key"] = 12; }), where + "\"key\" must be a string");
    for (const char *key : {"", "ABC", "12345678901234567", "-1", "0x1", " 1", "g"})
      trace("key-" + std::to_string(std::strlen(key)) + "-" + std::to_string(static_cast<unsigned char>(key[0])) + ".json",
            edited([&](Json &j) { replayOf(j)["key"] = key; }), where + "\"key\" must be 1 to 16 lowercase hex digits");
    trace("lastbreaks-number.json", edited([](Json &j) { replayOf(j)["lastBreaks"] = 1; }),
          where + "\"lastBreaks\" must be true or false");
    trace("lastbreaks-missing.json", edited([](Json &j) { replayOf(j).erase("lastBreaks"); }),
          where + "missing \"lastBreaks\"");
    trace("actions-object.json", edited([](Json &j) { replayOf(j)["actions"] = Json::object(); }),
          where + "\"actions\" must be an array of action codes");
    trace("actions-string.json", edited([](Json &j) { replayOf(j)["actions"] = "0,1"; }),
          where + "\"actions\" must be an array of action codes");
    trace("actions-missing.json", edited([](Json &j) { replayOf(j).erase("actions"); }), where + "missing \"actions\"");
    trace("lastbreaks-no-actions.json",
          edited([](Json &j) {
            replayOf(j)["lastBreaks"] = true;
            replayOf(j)["actions"] = Json::array();
          }),
          where + "\"lastBreaks\" needs at least one action");
  }
  void traceActionCodesOutOfRange() {
    const std::string where = "results[0].findings[0].replay.actions[2]: not an action code";
    for (Json bad : {Json(-1), Json(4294967296ull), Json(18446744073709551615ull), Json(1.5), Json(1e300), Json("3"),
                     Json(nullptr), Json(true), Json::array(), Json::object()})
      trace("action-" + std::to_string(bad.dump().size()) + "-" + std::string(bad.type_name()) + ".json",
            edited([&](Json &j) { replayOf(j)["actions"][2] = bad; }), where);
    trace("action-negative-zero.json",
          [] {
            std::string t = edited([](Json &j) { replayOf(j)["actions"][2] = 123456789; });
            return t.replace(t.find("123456789"), 9, "-0");
          }(),
          where);
  }
  // Codes in range that name no possible step: replay says where the schedule diverges, and
  // exits 2 (the trace does not match its scenario).
  void traceActionCodesThatCannotHappen() {
    for (uint32_t code : {0x0FFF0000u, 0xF0000000u, 0x3FFFFFFFu, 0x0000FFFFu}) {
      std::string path = writeFile("action-" + std::to_string(code) + ".json",
                                   edited([&](Json &j) { replayOf(j)["actions"][0] = code; }));
      Run r = wdfcheck("replay '" + path + "'");
      std::string scen = recorded()["results"][0]["file"];
      expectBadInput(r, r.out, scen + ": race(C): diverges at step 1: the recorded step of ", SmallSeconds, path);
      CPPUNIT_ASSERT_MESSAGE(r.out, r.out.find("0 of 1 findings reproduced\n") != std::string::npos);
    }
  }
  void traceHugeActionArrays() {
    // A million codes, the last one malformed: the message names its index.
    std::string big = edited([](Json &j) {
      Json actions = Json::array();
      for (int i = 0; i < 1000000; ++i)
        actions.push_back(0);
      actions.push_back(-1);
      replayOf(j)["actions"] = std::move(actions);
    });
    trace("actions-1m-bad.json", big, "results[0].findings[0].replay.actions[1000000]: not an action code", HugeSeconds);
    // 200,000 well-formed codes that stop matching the scenario after the recorded steps.
    std::string path = writeFile("actions-200k.json", edited([](Json &j) {
                                   Json actions = replayOf(j)["actions"];
                                   while (actions.size() < 200000)
                                     actions.push_back(0x0FFF0000u);
                                   replayOf(j)["actions"] = std::move(actions);
                                 }));
    Run r = wdfcheck("replay '" + path + "'");
    std::string scen = recorded()["results"][0]["file"];
    size_t recordedSteps = recorded()["results"][0]["findings"][0]["replay"]["actions"].size();
    expectBadInput(r, r.out, scen + ": race(C): diverges at step " + std::to_string(recordedSteps + 1) + ": ",
                   HugeSeconds, path);
    // 100,000 results, the last one malformed.
    std::string many = edited([](Json &j) {
      Json one = Json::object();
      for (const char *key : {"file", "scenarioHash", "options"})
        one[key] = j["results"][0][key];
      one["findings"] = Json::array();
      for (int i = 0; i < 100000; ++i)
        j["results"].push_back(one);
      j["results"].back()["file"] = false;
    });
    trace("results-100k.json", many, "results[100000]: \"file\" must be a string", HugeSeconds);
  }
  void traceDeepNesting() {
    const std::string deep = "nested more than 64 levels deep; this is not a wdfcheck report";
    trace("deep-arrays.json", repeat("[", Deep) + repeat("]", Deep), deep);
    trace("deep-arrays-open.json", repeat("[", Deep), deep);
    trace("deep-objects.json", repeat("{\"a\":", Deep) + "1" + repeat("}", Deep), deep);
    trace("deep-in-results.json",
          "{\"schema\": \"wdfcheck-result/1\", \"results\": [" + repeat("[", Deep) + repeat("]", Deep) + "]}", deep);
    trace("deep-10mb.json", repeat("[", TenMB), deep, HugeSeconds);
    // 64 levels are parsed (and then rejected for what they are); 65 are not.
    trace("deep-64.json", repeat("[", 64) + repeat("]", 64), "missing \"schema\"");
    trace("deep-65.json", repeat("[", 65) + repeat("]", 65), "nested more than 64 levels deep");
    // Brackets inside strings are not nesting.
    trace("brackets-in-string.json", "{\"schema\": \"" + repeat("[{", Deep) + "\", \"results\": []}",
          "\"schema\" is not \"wdfcheck-result/1\"");
    // Escaped quotes do not end the string.
    trace("escaped-quote.json", "{\"schema\": \"\\\"" + repeat("[", 100) + "\", \"results\": []}",
          "\"schema\" is not \"wdfcheck-result/1\"");
  }
  void traceSchemaMismatch() {
    const std::string msg = "\"schema\" is not \"wdfcheck-result/1\"";
    trace("schema-v2.json", edited([](Json &j) { j["schema"] = "wdfcheck-result/2"; }), msg);
    trace("schema-v0.json", edited([](Json &j) { j["schema"] = "wdfcheck-result/0"; }), msg);
    trace("schema-empty.json", edited([](Json &j) { j["schema"] = ""; }), msg);
    trace("schema-case.json", edited([](Json &j) { j["schema"] = "WDFCHECK-RESULT/1"; }), msg);
    trace("schema-nul.json", edited([](Json &j) { j["schema"] = std::string("wdfcheck-result/1\0x", 19); }), msg);
    trace("schema-only.json", "{\"schema\": \"wdfcheck-result/1\"}", "missing \"results\"");
  }
  // Numbers nlohmann::json cannot hold: once an uncaught exception (abort); now a message.
  void traceNumbersOutOfRange() {
    trace("number-1e400.json", "{\"schema\": 1e400}", "not valid JSON: [json.exception.out_of_range.406] number overflow parsing '1e400'");
    trace("number-neg-1e400.json", "{\"schema\": \"wdfcheck-result/1\", \"results\": [-1e400]}",
          "not valid JSON: [json.exception.out_of_range.406] number overflow parsing '-1e400'");
    std::string inActions = edited([](Json &j) { replayOf(j)["actions"][0] = 123456789; });
    inActions.replace(inActions.find("123456789"), 9, "1e999");
    trace("number-in-actions.json", inActions, "not valid JSON: [json.exception.out_of_range.406] number overflow parsing '1e999'");
    // Integers too big for 64 bits are read as doubles, and 400 digits overflow those too
    // (this was an uncaught exception as well).
    std::string huge = edited([](Json &j) { replayOf(j)["actions"][2] = 123456789; });
    huge.replace(huge.find("123456789"), 9, std::string(400, '9'));
    trace("number-400-digits.json", huge, "not valid JSON: [json.exception.out_of_range.406] number overflow parsing '999");
    // 30 digits fit a double: not an action code.
    std::string wide = edited([](Json &j) { replayOf(j)["actions"][2] = 123456789; });
    wide.replace(wide.find("123456789"), 9, std::string(30, '9'));
    trace("number-30-digits.json", wide, "results[0].findings[0].replay.actions[2]: not an action code");
  }
  void traceEncodings() {
    trace("utf8-overlong.json", "{\"schema\": \"\xC0\xAF\"}", "not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 13");
    trace("utf8-surrogate.json", "{\"schema\": \"\xED\xA0\x80\"}", "not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 14");
    trace("utf8-lone.json", "{\"schema\": \"\x80\"}", "not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 13");
    trace("utf8-ff.json", "{\"schema\": \"\xFF\"}", "not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 13");
    trace("nul.json", std::string("{\"schema\"\0: 1}", 14), "not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 10");
    trace("escaped-surrogate.json", "{\"schema\": \"\\ud800\"}", "not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 19");
    trace("bom.json", "\xEF\xBB\xBF{\"schema\": 1}", "\"schema\" must be a string");
    // Valid escapes in the file name reach the file system as they are.
    trace("escaped-file.json", edited([](Json &j) { j["results"][0]["file"] = std::string("a\0b\n\x7F", 5); }),
          "results[0]: cannot read the scenario 'a");
  }
  void traceTenMegabytes() {
    // Random bytes hold more unmatched brackets than any report: refused before parsing.
    trace("garbage-10mb.json", Bytes(12).take(TenMB), "nested more than 64 levels deep", HugeSeconds);
    std::string padded = edited([](Json &j) { j["padding"] = std::string(TenMB, 'p'); j["results"][0]["file"] = 1; });
    trace("padded-10mb.json", padded, "results[0]: \"file\" must be a string", HugeSeconds);
    trace("spaces-10mb.json", std::string(TenMB, ' '),
          "not valid JSON: [json.exception.parse_error.101] parse error at line 1, column " + std::to_string(TenMB + 1),
          HugeSeconds);
  }
  void traceScenarioDeleted() {
    std::string scen = writeFile("deleted.scenario", Racy);
    std::string path = writeFile("deleted.json", edited([&](Json &j) { j["results"][0]["file"] = scen; }));
    fs::remove(scen);
    traceAt(path, "results[0]: cannot read the scenario '" + scen + "'");
  }
  void traceScenarioChanged() {
    std::string scen = writeFile("changed.scenario", Racy);
    std::string path = writeFile("changed.json", edited([&](Json &j) { j["results"][0]["file"] = scen; }));
    std::ofstream(scen, std::ios::app) << "// an edit\n";
    traceAt(path, "results[0]: '" + scen + "' has changed since this report was made; run wdfcheck again for a fresh one");
    writeFile("changed.scenario", "");
    traceAt(path, "results[0]: '" + scen + "' has changed since this report was made");
    writeFile("changed.scenario", Bytes(3).take(TenMB));
    traceAt(path, "results[0]: '" + scen + "' has changed since this report was made", HugeSeconds);
    std::string hash = edited([&](Json &j) { j["results"][0]["scenarioHash"] = "not a hash"; });
    trace("bad-hash.json", hash, "results[0]: '" + recorded()["results"][0]["file"].get<std::string>() + "' has changed");
  }
  // The hash matches, but the scenario does not compile (as when the language changed).
  void traceScenarioNoLongerCompiles() {
    std::string text = std::string(Device) + "function A { A(); }\n";
    std::string scen = writeFile("stale.scenario", text);
    std::string path = writeFile("stale.json", edited([&](Json &j) {
                                   j["results"][0]["file"] = scen;
                                   j["results"][0]["scenarioHash"] = wdf::core::hashHex(text);
                                 }));
    traceAt(path, "results[0]: '" + scen + "' no longer compiles:\n" + scen + ":2:14: error: recursion is not allowed");
  }
  void tracePointingAtDirectory() {
    std::string dir = tempDir() + "/trace-target-dir";
    fs::create_directories(dir);
    trace("points-at-dir.json", edited([&](Json &j) { j["results"][0]["file"] = dir; }),
          "results[0]: cannot read the scenario '" + dir + "'");
    trace("points-at-root.json", edited([&](Json &j) { j["results"][0]["file"] = "/"; }),
          "results[0]: cannot read the scenario '/'");
    trace("points-at-empty.json", edited([&](Json &j) { j["results"][0]["file"] = ""; }),
          "results[0]: cannot read the scenario ''");
    trace("points-at-zero.json", edited([&](Json &j) { j["results"][0]["file"] = "/dev/zero"; }),
          "results[0]: cannot read the scenario '/dev/zero'", HugeSeconds);
  }
  void traceFileIsDirectoryOrMissing() {
    std::string dir = tempDir() + "/a-trace-dir.json";
    fs::create_directories(dir);
    Run d = wdfcheck("replay '" + dir + "'");
    expectBadInput(d, d.err, "wdfcheck: error: '" + dir + "' is a directory, not a wdfcheck report", SmallSeconds,
                   "replay directory");
    std::string missing = tempDir() + "/missing.json";
    Run r = wdfcheck("replay '" + missing + "'");
    expectBadInput(r, r.err, "wdfcheck: error: cannot open '" + missing + "'", SmallSeconds, "replay missing");
  }
  // ------------------------------------------------------------ results for merge

  void mergeNotJson() {
    merge("m-not-json.json", "nope", "not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 2");
    merge("m-empty.json", "", "not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 1");
    merge("m-scenario.json", Racy, "not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 1");
    merge("m-garbage.json", Bytes(21).take(4096), "");
  }
  void mergeTruncated() {
    std::string full = recordedShards()[0].dump(2);
    int n = 0;
    for (const char *m : {"\"shard\": {", "\"index\": 1", "\"statistics\": {", "\"mergedSteps\": ", "\"lockOrder\": ["}) {
      size_t at = full.find(m);
      CPPUNIT_ASSERT_MESSAGE(m, at != std::string::npos);
      std::string cut = full.substr(0, at + std::strlen(m));
      merge("m-cut-" + std::to_string(n++) + ".json", cut,
            "not valid JSON: [json.exception.parse_error.101] parse error at " + jsonEndPosition(cut) + ": ");
    }
  }
  void mergeWrongTypes() {
    const std::string whole = "must be a whole number from 0 to 18446744073709551615";
    merge("m-neg.json", spoiledShard([](Json &j) { j["results"][0]["statistics"]["states"] = -1; }),
          "results[0].statistics: \"states\" " + whole);
    merge("m-frac.json", spoiledShard([](Json &j) { j["results"][0]["statistics"]["mergedSteps"] = 1.5; }),
          "results[0].statistics: \"mergedSteps\" " + whole);
    merge("m-no-stats.json", spoiledShard([](Json &j) { j["results"][0].erase("statistics"); }),
          "results[0]: missing \"statistics\"");
    merge("m-index0.json", spoiledShard([](Json &j) { j["results"][0]["shard"]["index"] = 0; }),
          "results[0].shard: shard 0 of 2 does not exist (shards are numbered 1 to N, N at least 2)");
    merge("m-count.json", spoiledShard([](Json &j) { j["results"][0]["shard"]["count"] = 1000000000000ull; }),
          "results[0].shard: \"count\" must be a whole number from 0 to 1000000");
    merge("m-split.json", spoiledShard([](Json &j) { j["results"][0]["shard"]["split"] = "yes"; }),
          "results[0].shard: \"split\" must be true or false");
    merge("m-no-shard.json", spoiledShard([](Json &j) { j["results"][0].erase("shard"); }),
          "results[0]: not the result of a shard (run it with --shard I/N)");
  }
  void mergeDeepAndHuge() {
    merge("m-deep.json", repeat("[", Deep) + repeat("]", Deep), "nested more than 64 levels deep; this is not a wdfcheck report");
    merge("m-garbage-10mb.json", Bytes(22).take(TenMB), "nested more than 64 levels deep", HugeSeconds);
    merge("m-spaces-10mb.json", std::string(TenMB, ' '),
          "not valid JSON: [json.exception.parse_error.101] parse error at line 1, column " + std::to_string(TenMB + 1),
          HugeSeconds);
  }
  void mergeMissingOrDirectory() {
    std::string dir = tempDir() + "/a-shard-dir.json", missing = tempDir() + "/missing-shard.json";
    fs::create_directories(dir);
    for (const std::string &p : {dir, missing}) {
      Run r = wdfcheck("merge '" + p + "'");
      expectBadInput(r, r.err,
                     "wdfcheck: error: " + (p == dir ? "'" + p + "' is a directory, not a wdfcheck report" : "cannot open '" + p + "'"),
                     SmallSeconds, "merge " + p);
    }
    Run none = wdfcheck("merge");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(none.err, 2, none.code);
  }
  void mergeScenarioChanged() {
    std::string scen = recordedShards()[0]["results"][0]["file"].get<std::string>();
    std::string first = writeFile("m-changed1.json", recordedShards()[0].dump(2));
    std::string second = writeFile("m-changed2.json", recordedShards()[1].dump(2));
    std::ofstream(scen, std::ios::app) << "// an edit\n";
    Run r = wdfcheck("merge '" + first + "' '" + second + "'");
    expectBadInput(r, r.err, "wdfcheck: error: " + first + " (shard 1 of 2): '" + scen + "' has changed since this report was made",
                   SmallSeconds, "merge changed");
    writeFile("racy-shards.scenario", Racy);
  }

  // Reports wdfcheck writes in other formats are not traces.
  void traceOfAnotherFormat() {
    std::string scen = writeFile("racy-formats.scenario", Racy);
    for (const char *format : {"sarif", "html", "text"}) {
      std::string out = tempDir() + "/racy." + format, o, e;
      runWdfcheck(std::string("run -q --threads 1 --format ") + format + " -o '" + out + "' '" + scen + "'", o, e);
      std::string expected = std::string(format) == "sarif" ? "missing \"schema\"" : "not valid JSON: ";
      traceAt(out, expected);
    }
    std::string explain = tempDir() + "/racy-explain.json", o, e;
    runWdfcheck("explain --format json -o '" + explain + "' '" + scen + "'", o, e);
    traceAt(explain, "\"schema\" is not \"wdfcheck-result/1\"");
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(HostileInputTest);
