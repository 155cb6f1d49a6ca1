// `wdfcheck replay TRACE.json`: re-runs every schedule of a JSON report step by step
// against its scenario and confirms each finding, or says exactly where it diverges.
#include <fstream>
#include <iostream>
#include <sstream>

#include "Commands.hpp"
#include "core/ExitCodes.hpp"
#include "core/Hash.hpp"
#include "models/Replay.hpp"
#include "reports/TraceReader.hpp"
#include "scenarios/frontend/Frontend.hpp"

namespace wdf::cli {

namespace {

using reports::TraceError;
using reports::TraceFinding;

std::string actorOf(const model::exec::Machine &m, const model::Replay &replay, model::exec::Action act) {
  switch (act.kind) {
  case model::exec::ActionKind::Step:
    return act.index < replay.state().acts.size() ? m.actorLabel(replay.state(), act.index)
                                                  : "activation " + std::to_string(act.index);
  case model::exec::ActionKind::Start:
    return act.index < m.origins().size() ? m.origins()[act.index].label : "an unknown callback";
  case model::exec::ActionKind::Fire: return "timer " + std::to_string(act.index);
  }
  return "?";
}

// Replays one finding. Returns "" when it reproduces, else where it diverges.
std::string replayFinding(const model::exec::Machine &m, const TraceFinding &f) {
  auto kind = model::parseFindingKind(f.kind);
  if (!kind)
    return "the start: unknown finding kind \"" + f.kind + "\"";
  model::Replay replay(m);
  for (size_t i = 0; i < f.actions.size(); ++i) {
    uint32_t a = f.actions[i];
    auto act = model::exec::Action::unpack(a);
    std::string step = "step " + std::to_string(i + 1) + ": ";
    if (!replay.possible(a))
      return step + "the recorded step of " + actorOf(m, replay, act) +
             " cannot happen in the replayed state (it is blocked, finished or does not exist)";
    bool last = i + 1 == f.actions.size();
    std::string message;
    model::exec::Hit hit{};
    std::vector<core::LockEdge> edges;
    model::exec::Outcome o = replay.run(a, &message, &hit, &edges);
    if (last && f.lastBreaks) {
      if (*kind == model::FindingKind::LockCycle)
        return edges.empty() ? step + "the step takes no lock while holding another" : "";
      if (o != model::exec::Outcome::Finding)
        return step + "the step was expected to break a rule (" + f.kind + ") but completed normally";
      if (hit.kind != *kind || hit.key != f.key)
        return step + "the step breaks a different rule: " + message;
      return "";
    }
    if (o != model::exec::Outcome::Ok)
      return step + "the execution ends here (" + (message.empty() ? std::string("discarded or bounded") : message) +
             ") before the recorded schedule does";
  }
  if (f.lastBreaks)
    return "";
  std::vector<model::exec::Action> en;
  m.enabled(replay.state(), en);
  std::vector<model::exec::Hit> hits;
  model::exec::Hit which{*kind, f.key};
  std::string text;
  m.checkState(replay.state(), en, hits, &text, &which);
  if (hits.empty())
    return "after " + std::to_string(f.actions.size()) + " steps: the state reached does not show the " + f.kind +
           " finding";
  return "";
}

} // namespace

int replayCommand(const ReplayOptions &o) {
  std::ifstream in(o.trace, std::ios::binary);
  if (!in) {
    std::cerr << "wdfcheck: error: cannot open '" << o.trace << "'\n";
    return exit_code::BadInput;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  int reproduced = 0, total = 0;
  try {
    std::vector<reports::TraceResult> results = reports::readTrace(buf.str(), o.trace);
    for (size_t ri = 0; ri < results.size(); ++ri) {
      const reports::TraceResult &r = results[ri];
      std::string where = o.trace + ": results[" + std::to_string(ri) + "]";
      SourceManager sm;
      DiagnosticEngine diags(sm);
      uint32_t id = frontend::readSource(r.file, sm, diags);
      if (id == 0)
        throw TraceError{where + ": cannot read the scenario '" + r.file + "'"};
      if (core::hashHex(sm.text(id)) != r.scenarioHash)
        throw TraceError{where + ": '" + r.file +
                         "' has changed since this trace was recorded; run wdfcheck again to get a fresh trace"};
      auto design = frontend::compileScenario(id, sm, diags);
      if (!design)
        throw TraceError{where + ": '" + r.file + "' no longer compiles:\n" + diags.render()};
      model::ObjectModel om = model::resolve(*design);
      model::exec::MachineOptions mo;
      mo.merge = r.reduction;
      mo.maxSteps = r.maxSteps;
      model::exec::Machine machine(*design, om, mo);
      for (const TraceFinding &f : r.findings) {
        std::string label = f.kind + (f.subject.empty() ? "" : "(" + f.subject + ")");
        if (!f.replayable) {
          std::cout << r.file << ": " << label << ": nothing to replay (creation-time finding)\n";
          continue;
        }
        ++total;
        std::string divergence = replayFinding(machine, f);
        if (divergence.empty()) {
          ++reproduced;
          std::cout << r.file << ": " << label << ": reproduced in " << f.actions.size() << " steps\n";
        } else {
          std::cout << r.file << ": " << label << ": diverges at " << divergence << "\n";
        }
      }
    }
  } catch (const TraceError &e) {
    std::cerr << "wdfcheck: error: " << e.message << "\n";
    return exit_code::BadInput;
  }
  std::cout << reproduced << " of " << total << " findings reproduced\n";
  if (reproduced < total)
    return exit_code::BadInput;
  return total > 0 ? exit_code::Findings : exit_code::Clean;
}

} // namespace wdf::cli
