#include <iostream>

#include "Commands.hpp"
#include "core/ExitCodes.hpp"
#include "models/Explain.hpp"
#include "reports/ExplainReport.hpp"

namespace wdf::cli {

int explainCommand(const ExplainOptions &o) {
  SourceManager sm;
  auto design = loadDesign(o.file, sm);
  if (!design)
    return exit_code::BadInput;
  model::ObjectModel m = model::resolve(*design);
  model::Explanation x = model::explain(*design, m);
  std::string text = o.format == "json" ? reports::explainJson(*design, m, x) : reports::explainText(*design, m, x);
  return writeOutput(o.output, text) ? exit_code::Clean : exit_code::BadInput;
}

} // namespace wdf::cli
