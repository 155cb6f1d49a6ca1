// Helpers shared by the unit tests: compile scenario text, run the checker on it, run the
// wdfcheck binary and capture what it prints.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/Diagnostics.hpp"
#include "models/Checker.hpp"
#include "models/Design.hpp"
#include "models/ObjectModel.hpp"

namespace wdf::test {

// A scenario compiled from text. `errors` holds the rendered diagnostics (empty if none).
struct Compiled {
  SourceManager sm;
  std::optional<model::Design> design;
  std::string errors;
};
// `name` is the file name diagnostics use.
std::unique_ptr<Compiled> compile(const std::string &text, const std::string &name = "t.scenario");

// Compiles (asserting success) and checks the scenario.
struct Checked {
  std::unique_ptr<Compiled> compiled;
  model::ObjectModel objects;
  model::CheckResult result;
  std::vector<std::string> kinds() const;     // "race(Count)", "deadlock", ... sorted
};
Checked check(const std::string &text, bool reduce = true, unsigned threads = 1);

// Runs `wdfcheck args...` from the source tree; returns the exit code and fills output.
// Runs build/wdfcheck with `args` from the source folder, under `launcher` if given (e.g.
// "timeout -s INT 1"); returns its exit code.
int runWdfcheck(const std::string &args, std::string &stdoutText, std::string &stderrText,
                const std::string &launcher = "");

std::string readFile(const std::string &path);
std::string sourcePath(const std::string &relative); // under the project source dir

} // namespace wdf::test
