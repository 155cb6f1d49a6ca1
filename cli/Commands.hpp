// The subcommands of wdfcheck. Each takes its parsed options and returns the exit code.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "models/Checker.hpp"
#include "reports/ReportInput.hpp"

namespace wdf::cli {

struct ExplainOptions {
  std::string file;
  std::string format = "text";
  std::string output;
};
int explainCommand(const ExplainOptions &o);

struct RunOptions {
  std::vector<std::string> files;
  std::string format = "text";
  std::string output;
  bool quiet = false;
  model::CheckOptions check;
};
int runCommand(const RunOptions &o);

struct TestOptions {
  std::vector<std::string> paths;
  std::string junit;
  bool quiet = false;
  model::CheckOptions check;
};
int testCommand(const TestOptions &o);

struct GraphOptions {
  std::string file;
  std::string output;
  model::CheckOptions check;
};
int graphCommand(const GraphOptions &o);

struct ReplayOptions {
  std::string trace;
};
int replayCommand(const ReplayOptions &o);

struct MergeOptions {
  std::vector<std::string> files;
  std::string format = "text";
  std::string output;
};
int mergeCommand(const MergeOptions &o);

// The report of several checked scenarios in `format`: text, json, sarif or html.
std::string renderReport(const std::string &format, const std::vector<reports::ReportInput> &inputs);

// Loads a scenario and prints its diagnostics (errors and warnings) to stderr; nullopt when
// it has errors.
std::optional<model::Design> loadDesign(const std::string &file, SourceManager &sm);

// Writes `text` to `path`, or to stdout when `path` is empty. False (with a message on
// stderr) when the file cannot be written.
bool writeOutput(const std::string &path, const std::string &text);

// The exit code for several files: bad input beats bounded beats findings beats clean.
int combineExitCodes(int a, int b);

} // namespace wdf::cli
