// libFuzzer target: arbitrary bytes as a trace file (a JSON report from
// `wdfcheck run --format json`) through wdf::reports::readTrace, as `wdfcheck replay` reads it.
// A malformed trace must give a TraceError naming the file; any other exception, a crash or
// a sanitizer report is a bug. CorpusDriver.cpp runs it over the saved corpus in every
// build (CTest fuzz.trace.corpus).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "reports/TraceReader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string name = "fuzz.json";
  try {
    std::vector<wdf::reports::TraceResult> results =
        wdf::reports::readTrace(std::string(reinterpret_cast<const char *>(data), size), name);
    for (const wdf::reports::TraceResult &r : results)
      for (const wdf::reports::TraceFinding &f : r.findings)
        if (f.lastBreaks && f.actions.empty()) {
          std::fprintf(stderr, "a finding breaks a rule at its last step but has no steps\n");
          std::abort();
        }
  } catch (const wdf::reports::TraceError &e) {
    if (e.message.compare(0, name.size(), name) != 0) {
      std::fprintf(stderr, "a trace error does not name the file: %s\n", e.message.c_str());
      std::abort();
    }
  }
  return 0;
}
