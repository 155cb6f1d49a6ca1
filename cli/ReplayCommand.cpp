// `wdfcheck replay TRACE.json`: re-runs every schedule of a JSON report step by step
// against its scenario and confirms each finding, or says exactly where it diverges.
#include <iostream>

#include "Commands.hpp"
#include "Recorded.hpp"
#include "core/ExitCodes.hpp"
#include "models/Replay.hpp"
#include "reports/TraceReader.hpp"

namespace wdf::cli {

using reports::TraceError;
using reports::TraceFinding;

int replayCommand(const ReplayOptions &o) {
  int reproduced = 0, total = 0;
  try {
    std::vector<reports::TraceResult> results = reports::readTrace(readReportFile(o.trace), o.trace);
    for (size_t ri = 0; ri < results.size(); ++ri) {
      const reports::TraceResult &r = results[ri];
      RecordedScenario rs = loadRecorded(r.file, r.scenarioHash, o.trace + ": results[" + std::to_string(ri) + "]");
      model::exec::MachineOptions mo;
      mo.merge = r.reduction;
      mo.maxSteps = r.maxSteps;
      model::exec::Machine machine(*rs.design, rs.model, mo);
      for (const TraceFinding &f : r.findings) {
        std::string label = f.kind + (f.subject.empty() ? "" : "(" + f.subject + ")");
        if (!f.replayable) {
          std::cout << r.file << ": " << label << ": nothing to replay (creation-time finding)\n";
          continue;
        }
        ++total;
        auto kind = model::parseFindingKind(f.kind);
        std::string divergence = !kind ? "the start: unknown finding kind \"" + f.kind + "\""
                                       : model::divergence(machine, {*kind, f.key, f.actions, f.lastBreaks});
        if (divergence.empty()) {
          ++reproduced;
          std::cout << r.file << ": " << label << ": reproduced in " << f.actions.size() << " steps\n";
        } else {
          std::cout << r.file << ": " << label << ": diverges at " << divergence << "\n";
        }
      }
    }
  } catch (const TraceError &e) {
    std::cerr << "wdfcheck: error: " << e.message << "\n";
    return exit_code::BadInput;
  }
  std::cout << reproduced << " of " << total << " findings reproduced\n";
  if (reproduced < total)
    return exit_code::BadInput;
  return total > 0 ? exit_code::Findings : exit_code::Clean;
}

} // namespace wdf::cli
