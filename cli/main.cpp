// wdfcheck: a concurrency model checker for KMDF driver callbacks.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <thread>

#include "Commands.hpp"
#include "Terminal.hpp"
#include "core/Check.hpp"
#include "core/ExitCodes.hpp"
#include "reports/TraceReader.hpp"

int main(int argc, char **argv) {
  using namespace wdf;
  CLI::App app{"wdfcheck: explores every interleaving the KMDF framework allows of a driver's callbacks\n"
               "and reports races, deadlocks, lock-order cycles, IRQL and request misuse."};
  app.require_subcommand(1);
  app.footer("Exit codes: 0 clean, 1 findings (or a failed test), 2 bad input, 3 bounded (a limit stopped the "
             "search before it\nfinished), 4 internal error. Reference: docs/cli.md");
  app.set_version_flag("--version", "wdfcheck 0.1.0");

  cli::ExplainOptions explain;
  CLI::App *ex = app.add_subcommand(
      "explain", "Show, for every callback, its IRQL, the framework lock it holds and what it is\n"
                 "serialized with, then which pairs of callbacks can run at the same time and why.");
  ex->add_option("file", explain.file, "Scenario file")->required();
  ex->add_option("--format", explain.format, "Output format")->check(CLI::IsMember({"text", "json"}));
  ex->add_option("-o,--output", explain.output, "Write the output to this file instead of stdout");

  cli::RunOptions run;
  CLI::App *rn = app.add_subcommand(
      "run", "Explore every interleaving the framework allows and report races, deadlocks,\n"
             "lock-order cycles, IRQL, lock, DDI and request misuse and failed assertions.");
  rn->add_option("files", run.files, "Scenario files")->required();
  rn->add_option("--format", run.format, "Report format: text, json, sarif or html")->check(CLI::IsMember({"text", "json", "sarif", "html"}));
  rn->add_option("-o,--output", run.output, "Write the report to this file instead of stdout");
  bool noReduction = false;
  rn->add_flag("--no-reduction", noReduction, "Explore every interleaving: no step merging, no partial-order reduction");
  rn->add_option("--max-states", run.check.explore.maxStates, "Stop after this many states (verdict: bounded)");
  rn->add_option("--time-limit", run.check.explore.timeLimit, "Stop after this many seconds (verdict: bounded)");
  rn->add_option("--max-steps", run.check.maxSteps, "Statements one activation may execute (default 100000)");
  uint64_t memoryMb = 0;
  rn->add_option("--memory-limit", memoryMb,
                 "Stop when the search uses this many MB (verdict: bounded); default: half of the machine's memory");
  run.check.explore.threads = 0; // 0: all cores
  rn->add_option("--threads", run.check.explore.threads, "Worker threads (default: all cores)");
  rn->add_flag("--first", run.check.explore.stopAtFirstHit, "Stop at the first finding");
  uint64_t randomRuns = 0;
  rn->add_option("--random", randomRuns,
                 "Instead of exploring everything, run this many random executions (PCT-style priority "
                 "schedules); for scenarios too large to exhaust. Never reports clean");
  rn->add_option("--seed", run.check.randomSearch.seed, "Seed of --random (default 1): the same seed, the same run");
  rn->add_option("--pct-depth", run.check.randomSearch.priorityChanges,
                 "Priority change points per random execution (default 2)");
  std::string shard;
  rn->add_option("--shard", shard,
                 "Explore only part I of N of the search (I from 1 to N), to run the parts on separate machines; "
                 "combine their JSON results with `wdfcheck merge`")
      ->type_name("I/N")
      ->check([](const std::string &v) {
        unsigned i = 0, n = 0;
        char slash = 0, extra = 0;
        if (std::sscanf(v.c_str(), "%u%c%u%c", &i, &slash, &n, &extra) != 3 || slash != '/' || n < 2 || i < 1 || i > n ||
            n > wdf::reports::MaxShards)
          return std::string("expected I/N with 1 <= I <= N and 2 <= N <= 1000000, e.g. 2/8");
        return std::string();
      });
  rn->add_option("--shard-width", run.check.explore.shardWidth,
                 "With --shard: split the search at the first breadth-first level with this many states per shard "
                 "(default 16)")
      ->check(CLI::Range(1u, 1u << 20));
  rn->add_flag("-q,--quiet", run.quiet, "No progress line on stderr");

  cli::TestOptions test;
  CLI::App *ts = app.add_subcommand(
      "test", "Check scenarios against their expect lines: every expected finding is found and\n"
              "nothing unexpected is. Folders are searched recursively for *.scenario files.");
  ts->add_option("paths", test.paths, "Scenario files or folders")->required();
  ts->add_option("--junit", test.junit, "Also write a JUnit XML report to this file");
  ts->add_option("--time-limit", test.check.explore.timeLimit, "Per scenario: stop after this many seconds");
  ts->add_option("--max-states", test.check.explore.maxStates, "Per scenario: stop after this many states");
  test.check.explore.threads = 0; // 0: all cores
  ts->add_option("--threads", test.check.explore.threads, "Worker threads (default: all cores)");
  bool testNoReduction = false;
  ts->add_flag("--no-reduction", testNoReduction, "Explore every interleaving");
  ts->add_flag("-q,--quiet", test.quiet, "No progress line on stderr");

  cli::GraphOptions graph;
  CLI::App *gr = app.add_subcommand(
      "graph", "Explore the scenario and write its lock-order graph in Graphviz DOT (cycles in red).");
  gr->add_option("file", graph.file, "Scenario file")->required();
  gr->add_option("-o,--output", graph.output, "Write the graph to this file instead of stdout");
  gr->add_option("--max-states", graph.check.explore.maxStates, "Stop after this many states");
  gr->add_option("--time-limit", graph.check.explore.timeLimit, "Stop after this many seconds");

  cli::ReplayOptions replay;
  CLI::App *rp = app.add_subcommand(
      "replay", "Re-run every counterexample of a JSON report (wdfcheck run --format json) step by\n"
                "step against its scenario: confirm each finding, or say where it diverges.");
  rp->add_option("trace", replay.trace, "A JSON report")->required();

  cli::MergeOptions merge;
  CLI::App *mg = app.add_subcommand(
      "merge", "Combine the JSON results of `run --shard I/N --format json` (all N shards) into the\n"
               "result of the unsharded run: its verdict, findings, schedules and lock-order graph.");
  mg->add_option("results", merge.files, "The shards' JSON results (files may hold several scenarios)")->required();
  mg->add_option("--format", merge.format, "Report format: text, json, sarif or html")->check(CLI::IsMember({"text", "json", "sarif", "html"}));
  mg->add_option("-o,--output", merge.output, "Write the report to this file instead of stdout");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    int rc = app.exit(e);
    return rc == 0 ? exit_code::Clean : exit_code::BadInput;
  }
  try {
    if (*ex)
      return cli::explainCommand(explain);
    if (*rn) {
      run.check.reduce = !noReduction;
      run.check.random = randomRuns > 0;
      if (!shard.empty()) {
        if (run.check.random) {
          std::cerr << "wdfcheck: error: --shard splits an exhaustive search; a random search is split by giving each "
                       "machine its own --seed\n";
          return exit_code::BadInput;
        }
        unsigned i = 0, n = 0;
        std::sscanf(shard.c_str(), "%u/%u", &i, &n);
        run.check.explore.shardIndex = i - 1;
        run.check.explore.shardCount = n;
      }
      run.check.randomSearch.executions = randomRuns;
      run.check.explore.memoryLimit = memoryMb ? memoryMb * 1048576ull : cli::physicalMemory() / 2;
      if (run.check.explore.threads == 0)
        run.check.explore.threads = std::max(1u, std::thread::hardware_concurrency());
      cli::installInterruptHandler();
      return cli::runCommand(run);
    }
    if (*rp)
      return cli::replayCommand(replay);
    if (*mg)
      return cli::mergeCommand(merge);
    if (*gr) {
      graph.check.explore.memoryLimit = cli::physicalMemory() / 2;
      graph.check.explore.threads = std::max(1u, std::thread::hardware_concurrency());
      cli::installInterruptHandler();
      return cli::graphCommand(graph);
    }
    if (*ts) {
      test.check.explore.memoryLimit = cli::physicalMemory() / 2;
      test.check.reduce = !testNoReduction;
      if (test.check.explore.threads == 0)
        test.check.explore.threads = std::max(1u, std::thread::hardware_concurrency());
      cli::installInterruptHandler();
      return cli::testCommand(test);
    }
  } catch (const InternalError &e) {
    std::cerr << "wdfcheck: " << e.what() << "\n";
    return exit_code::Internal;
  } catch (const std::bad_alloc &) {
    std::cerr << "wdfcheck: error: out of memory\n";
    return exit_code::Internal;
  }
  return exit_code::BadInput;
}
