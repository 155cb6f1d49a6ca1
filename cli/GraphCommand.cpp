#include <iostream>

#include "Commands.hpp"
#include "Terminal.hpp"
#include "core/ExitCodes.hpp"
#include "core/Hash.hpp"
#include "reports/DotReport.hpp"

namespace wdf::cli {

int graphCommand(const GraphOptions &o) {
  SourceManager sm;
  auto design = loadDesign(o.file, sm);
  if (!design)
    return exit_code::BadInput;
  model::ObjectModel m = model::resolve(*design);
  model::CheckOptions co = o.check;
  co.explore.interrupt = &interrupted();
  model::CheckResult r = model::check(*design, m, co);
  if (r.configRejected) {
    std::cerr << o.file << ": the framework would refuse this design at creation, so there is no lock-order graph\n";
    return exit_code::Findings;
  }
  reports::ReportInput in{r, sm, core::hashHex(sm.text(design->file)), co.reduce, co.maxSteps};
  if (!writeOutput(o.output, reports::dotReport(in)))
    return exit_code::BadInput;
  return r.bounded() ? exit_code::Bounded : exit_code::Clean;
}

} // namespace wdf::cli
