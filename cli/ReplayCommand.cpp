// `wdfcheck replay TRACE.json`: re-runs every schedule of a JSON report step by step
// against its scenario and confirms each finding, or says exactly where it diverges.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "Commands.hpp"
#include "core/ExitCodes.hpp"
#include "core/Hash.hpp"
#include "models/Replay.hpp"
#include "reports/JsonReport.hpp"
#include "scenarios/frontend/Frontend.hpp"

namespace wdf::cli {

namespace {

using nlohmann::json;

// Trace files are user input: every field is checked before use.
struct TraceError {
  std::string message;
};

const json &field(const json &j, const char *name, const std::string &where) {
  if (!j.is_object() || !j.contains(name))
    throw TraceError{where + ": missing \"" + name + "\""};
  return j[name];
}

uint64_t parseHex64(const std::string &s, const std::string &where) {
  if (s.empty() || s.size() > 16 || s.find_first_not_of("0123456789abcdef") != std::string::npos)
    throw TraceError{where + ": \"key\" must be 16 hex digits"};
  return std::stoull(s, nullptr, 16);
}

// Replays one finding. Returns "" when it reproduces, else where it diverges.
std::string replayFinding(const model::exec::Machine &m, const json &f, const std::string &where) {
  std::string kindName = field(f, "kind", where).get<std::string>();
  auto kind = model::parseFindingKind(kindName);
  if (!kind)
    throw TraceError{where + ": unknown finding kind \"" + kindName + "\""};
  const json &rp = field(f, "replay", where);
  uint64_t key = parseHex64(field(rp, "key", where + ".replay").get<std::string>(), where + ".replay");
  const json &actions = field(rp, "actions", where + ".replay");
  if (!actions.is_array() || actions.size() > 10000000)
    throw TraceError{where + ".replay: \"actions\" must be an array of action codes"};
  bool lastBreaks = field(rp, "lastBreaks", where + ".replay").get<bool>();
  if (lastBreaks && actions.empty())
    throw TraceError{where + ".replay: \"lastBreaks\" needs at least one action"};
  model::Replay replay(m);
  for (size_t i = 0; i < actions.size(); ++i) {
    if (!actions[i].is_number_unsigned() || actions[i].get<uint64_t>() > 0xFFFFFFFFull)
      throw TraceError{where + ".replay.actions[" + std::to_string(i) + "]: not an action code"};
    uint32_t a = actions[i].get<uint32_t>();
    auto act = model::exec::Action::unpack(a);
    if (!replay.possible(a)) {
      std::string who = act.kind == model::exec::ActionKind::Step
                            ? (act.index < replay.state().acts.size() ? m.actorLabel(replay.state(), act.index)
                                                                      : "activation " + std::to_string(act.index))
                            : act.kind == model::exec::ActionKind::Start
                                  ? (act.index < m.origins().size() ? m.origins()[act.index].label : "an unknown callback")
                                  : "timer " + std::to_string(act.index);
      return "step " + std::to_string(i + 1) + ": the recorded step of " + who +
             " cannot happen in the replayed state (it is blocked, finished or does not exist)";
    }
    bool last = i + 1 == actions.size();
    std::string message;
    model::exec::Hit hit{};
    std::vector<core::LockEdge> edges;
    model::exec::Outcome o = replay.run(a, &message, &hit, &edges);
    if (last && lastBreaks) {
      if (*kind == model::FindingKind::LockCycle) {
        if (edges.empty())
          return "step " + std::to_string(i + 1) + ": the step takes no lock while holding another";
        return "";
      }
      if (o != model::exec::Outcome::Finding)
        return "step " + std::to_string(i + 1) + ": the step was expected to break a rule (" + kindName +
               ") but completed normally";
      if (hit.kind != *kind || hit.key != key)
        return "step " + std::to_string(i + 1) + ": the step breaks a different rule: " + message;
      return "";
    }
    if (o != model::exec::Outcome::Ok)
      return "step " + std::to_string(i + 1) + ": the execution ends here (" +
             (message.empty() ? std::string("discarded or bounded") : message) + ") before the recorded schedule does";
  }
  if (lastBreaks)
    return "";
  std::vector<model::exec::Action> en;
  m.enabled(replay.state(), en);
  std::vector<model::exec::Hit> hits;
  model::exec::Hit which{*kind, key};
  std::string text;
  m.checkState(replay.state(), en, hits, &text, &which);
  if (hits.empty())
    return "after " + std::to_string(actions.size()) + " steps: the state reached does not show the " + kindName +
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
  json doc;
  try {
    doc = json::parse(buf.str());
  } catch (const json::parse_error &e) {
    std::cerr << o.trace << ": error: not valid JSON: " << e.what() << "\n";
    return exit_code::BadInput;
  }
  int reproduced = 0, total = 0;
  try {
    if (field(doc, "schema", o.trace).get<std::string>() != reports::ResultSchema)
      throw TraceError{o.trace + ": \"schema\" is not \"" + std::string(reports::ResultSchema) + "\""};
    const json &results = field(doc, "results", o.trace);
    if (!results.is_array())
      throw TraceError{o.trace + ": \"results\" must be an array"};
    for (size_t ri = 0; ri < results.size(); ++ri) {
      const json &r = results[ri];
      std::string where = o.trace + ": results[" + std::to_string(ri) + "]";
      std::string file = field(r, "file", where).get<std::string>();
      SourceManager sm;
      DiagnosticEngine diags(sm);
      uint32_t id = frontend::readSource(file, sm, diags);
      if (id == 0)
        throw TraceError{where + ": cannot read the scenario '" + file + "'"};
      if (core::hashHex(sm.text(id)) != field(r, "scenarioHash", where).get<std::string>())
        throw TraceError{where + ": '" + file +
                         "' has changed since this trace was recorded; run wdfcheck again to get a fresh trace"};
      auto design = frontend::compileScenario(id, sm, diags);
      if (!design)
        throw TraceError{where + ": '" + file + "' no longer compiles:\n" + diags.render()};
      model::ObjectModel om = model::resolve(*design);
      const json &opts = field(r, "options", where);
      model::exec::MachineOptions mo;
      mo.merge = field(opts, "reduction", where + ".options").get<bool>();
      mo.maxSteps = field(opts, "maxSteps", where + ".options").get<uint32_t>();
      model::exec::Machine machine(*design, om, mo);
      const json &findings = field(r, "findings", where);
      if (!findings.is_array())
        throw TraceError{where + ": \"findings\" must be an array"};
      for (size_t fi = 0; fi < findings.size(); ++fi) {
        const json &f = findings[fi];
        std::string fwhere = where + ".findings[" + std::to_string(fi) + "]";
        std::string label = field(f, "kind", fwhere).get<std::string>();
        if (f.contains("subject") && f["subject"].is_string() && !f["subject"].get<std::string>().empty())
          label += "(" + f["subject"].get<std::string>() + ")";
        if (!f.contains("replay")) {
          std::cout << file << ": " << label << ": nothing to replay (creation-time finding)\n";
          continue;
        }
        ++total;
        std::string divergence = replayFinding(machine, f, fwhere);
        if (divergence.empty()) {
          ++reproduced;
          std::cout << file << ": " << label << ": reproduced in " << f["replay"]["actions"].size() << " steps\n";
        } else {
          std::cout << file << ": " << label << ": diverges at " << divergence << "\n";
        }
      }
    }
  } catch (const TraceError &e) {
    std::cerr << "wdfcheck: error: " << e.message << "\n";
    return exit_code::BadInput;
  } catch (const json::exception &e) {
    std::cerr << "wdfcheck: error: " << o.trace << ": unexpected contents: " << e.what() << "\n";
    return exit_code::BadInput;
  }
  std::cout << reproduced << " of " << total << " findings reproduced\n";
  if (reproduced < total)
    return exit_code::BadInput;
  return total > 0 ? exit_code::Findings : exit_code::Clean;
}

} // namespace wdf::cli
