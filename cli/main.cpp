// wdfcheck: a concurrency model checker for KMDF driver callbacks.
#include <CLI/CLI.hpp>
#include <iostream>

#include "Commands.hpp"
#include "core/Check.hpp"
#include "core/ExitCodes.hpp"

int main(int argc, char **argv) {
  using namespace wdf;
  CLI::App app{"wdfcheck: explores every interleaving the KMDF framework allows of a driver's callbacks\n"
               "and reports races, deadlocks, lock-order cycles, IRQL and request misuse."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "wdfcheck 0.1.0");

  cli::ExplainOptions explain;
  CLI::App *ex = app.add_subcommand(
      "explain", "Show, for every callback, its IRQL, the framework lock it holds and what it is\n"
                 "serialized with, then which pairs of callbacks can run at the same time and why.");
  ex->add_option("file", explain.file, "Scenario file")->required();
  ex->add_option("--format", explain.format, "Output format")->check(CLI::IsMember({"text", "json"}));
  ex->add_option("-o,--output", explain.output, "Write the output to this file instead of stdout");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    int rc = app.exit(e);
    return rc == 0 ? exit_code::Clean : exit_code::BadInput;
  }
  try {
    if (*ex)
      return cli::explainCommand(explain);
  } catch (const InternalError &e) {
    std::cerr << "wdfcheck: " << e.what() << "\n";
    return exit_code::Internal;
  } catch (const std::bad_alloc &) {
    std::cerr << "wdfcheck: error: out of memory\n";
    return exit_code::Internal;
  }
  return exit_code::BadInput;
}
