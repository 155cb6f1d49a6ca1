// The subcommands of wdfcheck. Each takes its parsed options and returns the exit code.
#pragma once
#include <string>
#include <vector>

namespace wdf::cli {

struct ExplainOptions {
  std::string file;
  std::string format = "text";
  std::string output;
};
int explainCommand(const ExplainOptions &o);

// Writes `text` to `path`, or to stdout when `path` is empty. False (with a message on
// stderr) when the file cannot be written.
bool writeOutput(const std::string &path, const std::string &text);

} // namespace wdf::cli
