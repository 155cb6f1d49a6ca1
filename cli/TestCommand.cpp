#include <algorithm>
#include <filesystem>
#include <iostream>

#include "Commands.hpp"
#include "Terminal.hpp"
#include "core/ExitCodes.hpp"
#include "models/Expectations.hpp"
#include "reports/JUnitReport.hpp"
#include "scenarios/frontend/Frontend.hpp"

namespace wdf::cli {

namespace fs = std::filesystem;

// Files and folders (recursively) to the sorted list of scenario files.
static bool collect(const std::vector<std::string> &paths, std::vector<std::string> &out) {
  bool ok = true;
  for (const std::string &p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".scenario")
          found.push_back(it->path().generic_string());
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      out.push_back(p);
    } else {
      std::cerr << "wdfcheck: error: no such file or folder: '" << p << "'\n";
      ok = false;
    }
  }
  return ok;
}

int testCommand(const TestOptions &o) {
  std::vector<std::string> files;
  bool ok = collect(o.paths, files);
  std::vector<reports::TestCase> cases;
  std::string out;
  int code = ok ? exit_code::Clean : exit_code::BadInput;
  for (const std::string &file : files) {
    SourceManager sm;
    DiagnosticEngine diags(sm);
    reports::TestCase tc;
    tc.path = file;
    auto design = frontend::loadScenario(file, sm, diags);
    if (!design) {
      tc.problems.push_back("the scenario does not load:");
      std::string text = diags.render();
      size_t start = 0;
      while (start < text.size()) {
        size_t end = text.find('\n', start);
        tc.problems.push_back("  " + text.substr(start, end - start));
        start = end == std::string::npos ? text.size() : end + 1;
      }
      code = combineExitCodes(code, exit_code::BadInput);
    } else {
      model::ObjectModel m = model::resolve(*design);
      model::CheckOptions co = o.check;
      co.explore.interrupt = &interrupted();
      if (stderrIsTerminal() && !o.quiet)
        co.explore.progress = progressPrinter(file);
      model::CheckResult r = model::check(*design, m, co);
      clearProgress();
      model::TestOutcome t = model::evaluate(*design, r);
      tc.passed = t.passed;
      tc.problems = t.problems;
      tc.seconds = r.stats.seconds;
      if (!t.passed)
        code = combineExitCodes(code, exit_code::Findings);
    }
    out += std::string(tc.passed ? "PASS " : "FAIL ") + file + "\n";
    for (const std::string &p : tc.problems)
      out += "    " + p + "\n";
    cases.push_back(std::move(tc));
  }
  size_t passed = static_cast<size_t>(std::count_if(cases.begin(), cases.end(), [](const reports::TestCase &c) { return c.passed; }));
  out += std::to_string(passed) + " passed, " + std::to_string(cases.size() - passed) + " failed\n";
  std::cout << out << std::flush;
  if (!o.junit.empty() && !writeOutput(o.junit, reports::junitReport(cases)))
    return exit_code::BadInput;
  return code;
}

} // namespace wdf::cli
