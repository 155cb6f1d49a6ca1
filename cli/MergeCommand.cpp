// `wdfcheck merge SHARD.json...`: combines the JSON results of `run --shard I/N` into the
// result the unsharded run gives. Every recorded schedule is replayed against the scenario
// before it is trusted, so a damaged or hand-edited result is refused, never believed.
#include <iostream>
#include <map>

#include "Commands.hpp"
#include "Recorded.hpp"
#include "core/ExitCodes.hpp"
#include "models/Replay.hpp"
#include "reports/TraceReader.hpp"

namespace wdf::cli {

using reports::ShardDoc;
using reports::TraceError;

namespace {

struct Entry {
  std::string input; // the JSON file it came from
  ShardDoc doc;
};

std::string shardName(const Entry &e) {
  return e.input + " (shard " + std::to_string(e.doc.shardIndex) + " of " + std::to_string(e.doc.shardCount) + ")";
}

// Checks the results of one scenario form one complete sharded run; returns them in shard order.
std::vector<const Entry *> completeRun(const std::vector<const Entry *> &group) {
  const ShardDoc &first = group.front()->doc;
  const std::string &file = first.trace.file;
  std::vector<const Entry *> byIndex(first.shardCount + 1, nullptr);
  for (const Entry *e : group) {
    const ShardDoc &d = e->doc;
    if (d.trace.scenarioHash != first.trace.scenarioHash)
      throw TraceError{shardName(*e) + " and " + shardName(*group.front()) + " were made from different versions of '" + file + "'"};
    if (d.trace.reduction != first.trace.reduction || d.trace.maxSteps != first.trace.maxSteps)
      throw TraceError{shardName(*e) + " and " + shardName(*group.front()) + " were run with different options (--no-reduction, --max-steps)"};
    if (d.shardCount != first.shardCount)
      throw TraceError{shardName(*e) + " and " + shardName(*group.front()) + " split '" + file + "' into different numbers of shards"};
    if (byIndex[d.shardIndex])
      throw TraceError{"shard " + std::to_string(d.shardIndex) + " of '" + file + "' appears twice: in " + byIndex[d.shardIndex]->input +
                       " and in " + e->input};
    byIndex[d.shardIndex] = e;
  }
  std::string missing;
  for (unsigned i = 1; i <= first.shardCount; ++i)
    if (!byIndex[i])
      missing += (missing.empty() ? "" : ", ") + std::to_string(i);
  if (!missing.empty())
    throw TraceError{"'" + file + "' was split into " + std::to_string(first.shardCount) + " shards; the result of shard " + missing +
                     " is missing, and merge needs them all"};
  return {byIndex.begin() + 1, byIndex.end()};
}

model::FoundPath foundPath(const model::exec::Machine &m, const reports::TraceFinding &f, const std::string &where) {
  auto kind = model::parseFindingKind(f.kind);
  if (!kind)
    throw TraceError{where + ": unknown finding kind \"" + f.kind + "\""};
  model::FoundPath p{*kind, f.key, f.actions, f.lastBreaks};
  std::string d = model::divergence(m, p);
  if (!d.empty())
    throw TraceError{where + ": its schedule does not reproduce it: diverges at " + d};
  return p;
}

SourceLoc site(const RecordedScenario &rs, reports::TraceLoc loc, const std::string &where) {
  if (loc.line == 0)
    return {};
  SourceLoc l = rs.sources->locate(rs.file, {loc.line, loc.column});
  if (!l.valid())
    throw TraceError{where + ": line " + std::to_string(loc.line) + " column " + std::to_string(loc.column) +
                     " is not in '" + rs.design->path + "'"};
  return l;
}

model::ShardPart shardPart(const Entry &e, const RecordedScenario &rs, const model::exec::Machine &m) {
  const ShardDoc &d = e.doc;
  std::string where = shardName(e);
  model::ShardPart part;
  model::RunStats &st = part.stats;
  st.states = d.states;
  st.transitions = d.transitions;
  st.enabled = d.enabled;
  st.skipped = d.skipped;
  st.merged = d.merged;
  st.rests = d.rests;
  st.depth = d.depth;
  st.complete = d.complete;
  st.limit = d.limit;
  st.seconds = d.seconds;
  st.firstFindingSeconds = d.firstFindingSeconds;
  st.peakBytes = d.peakBytes;
  st.shardIndex = d.shardIndex;
  st.shardCount = d.shardCount;
  st.split = d.split;
  for (const auto *list : {&d.trace.findings, &d.suppressed})
    for (size_t i = 0; i < list->size(); ++i) {
      const reports::TraceFinding &f = (*list)[i];
      // Creation-time findings come again from the scenario, lock-order cycles from the
      // united lock-order graph (a shard may see a cycle whose deadlock another shard saw).
      if (f.replayable && f.kind != model::findingName(model::FindingKind::LockCycle))
        part.found.push_back(foundPath(m, f, where + ": " + (list == &d.suppressed ? "suppressed" : "findings") + "[" +
                                                 std::to_string(i) + "]"));
    }
  for (size_t i = 0; i < d.lockOrder.size(); ++i) {
    const reports::TraceEdge &te = d.lockOrder[i];
    std::string ew = where + ": lockOrder[" + std::to_string(i) + "]";
    for (const std::string *name : {&te.from, &te.to})
      if (std::none_of(rs.model.locks.begin(), rs.model.locks.end(), [&](const model::Lock &l) { return l.name == *name; }))
        throw TraceError{ew + ": '" + rs.design->path + "' has no lock '" + *name + "'"};
    if (!te.lastBreaks)
      throw TraceError{ew + ": its schedule must end with the step that takes the lock"};
    std::string div = model::divergence(m, {model::FindingKind::LockCycle, 0, te.actions, true});
    if (!div.empty())
      throw TraceError{ew + ": its schedule does not take the lock: diverges at " + div};
    model::LockOrderEdge le{te.from, te.to, site(rs, te.fromSite, ew + ".fromSite"), site(rs, te.toSite, ew + ".toSite"),
                            te.gates, false, false, te.actions, te.lastBreaks};
    part.lockOrder.push_back(std::move(le));
  }
  return part;
}

} // namespace

int mergeCommand(const MergeOptions &o) {
  std::vector<Entry> entries;
  std::vector<RecordedScenario> scenarios;
  std::vector<model::CheckResult> results;
  std::vector<std::string> hashes;
  std::vector<model::CheckOptions> options;
  int worst = exit_code::Clean;
  try {
    for (const std::string &input : o.files)
      for (ShardDoc &d : reports::readShards(readReportFile(input), input))
        entries.push_back({input, std::move(d)});
    if (entries.empty())
      throw TraceError{"the results hold no scenario to merge"};
    // One merged result per scenario, in the order the scenarios first appear.
    std::vector<std::string> order;
    std::map<std::string, std::vector<const Entry *>> groups;
    for (const Entry &e : entries) {
      auto [it, inserted] = groups.try_emplace(e.doc.trace.file);
      if (inserted)
        order.push_back(e.doc.trace.file);
      it->second.push_back(&e);
    }
    for (const std::string &file : order) {
      std::vector<const Entry *> run = completeRun(groups[file]);
      const ShardDoc &first = run.front()->doc;
      RecordedScenario rs = loadRecorded(file, first.trace.scenarioHash, shardName(*run.front()));
      model::CheckOptions co;
      co.reduce = first.trace.reduction;
      co.maxSteps = first.trace.maxSteps;
      model::exec::MachineOptions mo;
      mo.merge = co.reduce;
      mo.maxSteps = co.maxSteps;
      model::exec::Machine machine(*rs.design, rs.model, mo);
      std::vector<model::ShardPart> parts;
      for (const Entry *e : run)
        parts.push_back(shardPart(*e, rs, machine));
      results.push_back(model::mergeShards(*rs.design, rs.model, co, parts));
      worst = combineExitCodes(worst, results.back().exitCode());
      hashes.push_back(first.trace.scenarioHash);
      options.push_back(co);
      scenarios.push_back(std::move(rs));
    }
  } catch (const TraceError &e) {
    std::cerr << "wdfcheck: error: " << e.message << "\n";
    return exit_code::BadInput;
  }
  std::vector<reports::ReportInput> inputs;
  for (size_t i = 0; i < results.size(); ++i)
    inputs.push_back({results[i], *scenarios[i].sources, hashes[i], options[i].reduce, options[i].maxSteps});
  if (!writeOutput(o.output, renderReport(o.format, inputs)))
    return exit_code::BadInput;
  return worst;
}

} // namespace wdf::cli
