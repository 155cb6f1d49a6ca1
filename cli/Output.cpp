#include <fstream>
#include <iostream>

#include "Commands.hpp"
#include "reports/HtmlReport.hpp"
#include "reports/JsonReport.hpp"
#include "reports/SarifReport.hpp"
#include "reports/TextReport.hpp"
#include "scenarios/frontend/Frontend.hpp"

namespace wdf::cli {

std::optional<model::Design> loadDesign(const std::string &file, SourceManager &sm) {
  DiagnosticEngine diags(sm);
  auto design = frontend::loadScenario(file, sm, diags);
  std::cerr << diags.render();
  return design;
}

bool writeOutput(const std::string &path, const std::string &text) {
  if (path.empty() || path == "-") {
    std::cout << text << std::flush;
    return true;
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) {
    std::cerr << "wdfcheck: error: cannot write '" << path << "'\n";
    return false;
  }
  return true;
}

std::string renderReport(const std::string &format, const std::vector<reports::ReportInput> &inputs) {
  if (format == "json")
    return reports::jsonReport(inputs);
  if (format == "sarif")
    return reports::sarifReport(inputs);
  if (format == "html")
    return reports::htmlReport(inputs);
  std::string out;
  for (const reports::ReportInput &in : inputs)
    out += (out.empty() ? "" : "\n") + reports::textReport(in.result, in.sources);
  return out;
}

int combineExitCodes(int a, int b) {
  auto rank = [](int c) { return c == 2 ? 3 : c == 3 ? 2 : c == 4 ? 4 : c; };
  return rank(a) >= rank(b) ? a : b;
}

} // namespace wdf::cli
