#include <iostream>
#include <memory>

#include "Commands.hpp"
#include "Terminal.hpp"
#include "core/ExitCodes.hpp"
#include "core/Hash.hpp"
#include "models/Checker.hpp"

namespace wdf::cli {

int runCommand(const RunOptions &o) {
  int worst = exit_code::Clean;
  // Every report reads the results and the source text, so both live until the end.
  struct Checked {
    std::unique_ptr<SourceManager> sources;
    model::CheckResult result;
    std::string hash;
  };
  std::vector<Checked> checked;
  for (const std::string &file : o.files) {
    auto sm = std::make_unique<SourceManager>();
    auto design = loadDesign(file, *sm);
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
    worst = combineExitCodes(worst, r.exitCode());
    std::string hash = core::hashHex(sm->text(design->file));
    checked.push_back({std::move(sm), std::move(r), std::move(hash)});
  }
  std::vector<reports::ReportInput> inputs;
  for (const Checked &c : checked)
    inputs.push_back({c.result, *c.sources, c.hash, o.check.reduce, o.check.maxSteps});
  std::string out = renderReport(o.format, inputs);
  if (!writeOutput(o.output, out))
    return exit_code::BadInput;
  return worst;
}

} // namespace wdf::cli
