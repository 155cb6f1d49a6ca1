#include <cstdio>
#include <iostream>

#include "Commands.hpp"
#include "Terminal.hpp"
#include "core/ExitCodes.hpp"
#include "models/Checker.hpp"
#include "reports/TextReport.hpp"
#include "scenarios/frontend/Frontend.hpp"

namespace wdf::cli {

int runCommand(const RunOptions &o) {
  int worst = exit_code::Clean;
  std::string out;
  for (const std::string &file : o.files) {
    SourceManager sm;
    DiagnosticEngine diags(sm);
    auto design = frontend::loadScenario(file, sm, diags);
    std::cerr << diags.render();
    if (!design) {
      worst = combineExitCodes(worst, exit_code::BadInput);
      continue;
    }
    model::ObjectModel m = model::resolve(*design);
    model::CheckOptions co = o.check;
    co.explore.interrupt = &interrupted();
    if (stderrIsTerminal() && !o.quiet)
      co.explore.progress = progressPrinter(file);
    model::CheckResult r = model::check(*design, m, co);
    clearProgress();
    out += (out.empty() ? "" : "\n") + reports::textReport(r, sm);
    worst = combineExitCodes(worst, r.exitCode());
  }
  if (!writeOutput(o.output, out))
    return exit_code::BadInput;
  return worst;
}

} // namespace wdf::cli
