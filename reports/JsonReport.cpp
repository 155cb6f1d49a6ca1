#include "JsonReport.hpp"

#include <cstdio>

#include "models/FindingKind.hpp"

namespace wdf::reports {

using nlohmann::ordered_json;

namespace {

ordered_json location(const SourceManager &sm, SourceLoc loc) {
  if (!loc.valid())
    return nullptr;
  LineCol lc = sm.lineCol(loc);
  return {{"file", sm.path(loc.file)}, {"line", lc.line}, {"column", lc.column}};
}

ordered_json step(const SourceManager &sm, const model::exec::StepRecord &s, size_t number) {
  ordered_json j;
  if (number)
    j["step"] = number;
  j["actor"] = s.actor;
  j["context"] = s.context;
  j["irql"] = irqlText(s.irql);
  j["locks"] = s.locks;
  j["text"] = s.text;
  j["location"] = location(sm, s.loc);
  j["source"] = sourceLine(sm, s.loc);
  return j;
}

std::string hex64(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

ordered_json finding(const SourceManager &sm, const model::Finding &f) {
  ordered_json j;
  j["kind"] = model::findingName(f.kind);
  j["subject"] = f.subject;
  if (f.kind == model::FindingKind::LockCycle || !f.locks.empty())
    j["locks"] = f.locks;
  if (f.kind == model::FindingKind::Config) {
    j["call"] = f.api;
    j["status"] = f.status;
  }
  j["message"] = f.message;
  j["location"] = location(sm, f.loc);
  ordered_json sched = ordered_json::array();
  for (size_t i = 0; i < f.schedule.size(); ++i)
    sched.push_back(step(sm, f.schedule[i], i + 1));
  j["schedule"] = sched;
  j["contextSwitches"] = f.contextSwitches;
  ordered_json poised = ordered_json::array();
  for (const auto &p : f.poised)
    poised.push_back(step(sm, p, 0));
  j["next"] = poised;
  if (!f.cycle.empty()) {
    ordered_json cyc = ordered_json::array();
    for (const model::CycleEdge &e : f.cycle)
      cyc.push_back({{"from", e.from}, {"to", e.to}, {"fromSite", location(sm, e.fromSite)},
                     {"toSite", location(sm, e.toSite)}});
    j["cycle"] = cyc;
  }
  if (f.kind != model::FindingKind::Config)
    j["replay"] = {{"key", hex64(f.key)}, {"actions", f.actions}, {"lastBreaks", f.lastBreaks}};
  return j;
}

ordered_json lockOrderEdge(const SourceManager &sm, const model::LockOrderEdge &e) {
  return {{"from", e.from},
          {"to", e.to},
          {"fromSite", location(sm, e.fromSite)},
          {"toSite", location(sm, e.toSite)},
          {"guarded", e.guarded},
          {"onCycle", e.onCycle},
          {"gates", hex64(e.gates)},
          {"replay", {{"actions", e.actions}, {"lastBreaks", e.lastBreaks}}}};
}

std::string verdictName(const model::CheckResult &r) {
  if (r.configRejected)
    return "config";
  if (r.bounded())
    return "bounded";
  return r.findings.empty() ? "clean" : "findings";
}

} // namespace

ordered_json resultJson(const ReportInput &in) {
  const model::CheckResult &r = in.result;
  const SourceManager &sm = in.sources;
  ordered_json j;
  j["file"] = r.path;
  j["scenarioHash"] = in.scenarioHash;
  j["title"] = r.title;
  j["options"] = {{"reduction", in.reduced}, {"maxSteps", in.maxSteps}};
  if (r.stats.executions > 0)
    j["randomSearch"] = {{"executions", r.stats.executions}, {"seed", r.stats.seed}};
  if (r.stats.isShard())
    j["shard"] = {{"index", r.stats.shardIndex}, {"count", r.stats.shardCount}, {"split", r.stats.split}};
  if (r.stats.mergedShards > 0)
    j["merged"] = {{"shards", r.stats.mergedShards}, {"split", r.stats.split}};
  j["verdict"] = verdictName(r);
  j["summary"] = r.verdict();
  j["complete"] = r.stats.complete;
  j["limit"] = r.stats.limit.empty() ? ordered_json(nullptr) : ordered_json(r.stats.limit);
  j["statistics"] = {{"states", r.stats.states},
                     {"transitions", r.stats.transitions},
                     {"enabledActions", r.stats.enabled},
                     {"skippedActions", r.stats.skipped},
                     {"mergedSteps", r.stats.merged},
                     {"depth", r.stats.depth},
                     {"restingStates", r.stats.rests}};
  ordered_json fs = ordered_json::array();
  for (const model::Finding &f : r.findings)
    fs.push_back(finding(sm, f));
  j["findings"] = fs;
  ordered_json sup = ordered_json::array();
  for (const model::Finding &f : r.suppressed)
    sup.push_back(finding(sm, f));
  j["suppressed"] = sup;
  ordered_json ws = ordered_json::array();
  for (const model::Warning &w : r.warnings)
    ws.push_back({{"location", w.loc.offset > 0 ? location(sm, w.loc) : ordered_json(nullptr)}, {"message", w.text}});
  j["warnings"] = ws;
  ordered_json graph = ordered_json::array();
  for (const model::LockOrderEdge &e : r.lockOrder)
    graph.push_back(lockOrderEdge(sm, e));
  j["lockOrder"] = graph;
  j["timing"] = {{"seconds", r.stats.seconds},
                 {"peakBytes", r.stats.peakBytes},
                 {"firstFindingSeconds", r.stats.firstFindingSeconds < 0 ? ordered_json(nullptr)
                                                                         : ordered_json(r.stats.firstFindingSeconds)}};
  return j;
}

std::string jsonReport(const std::vector<ReportInput> &inputs) {
  ordered_json j;
  j["schema"] = ResultSchema;
  j["tool"] = {{"name", "wdfcheck"}, {"version", ToolVersion}};
  ordered_json results = ordered_json::array();
  for (const ReportInput &in : inputs)
    results.push_back(resultJson(in));
  j["results"] = results;
  return j.dump(2) + "\n";
}

} // namespace wdf::reports
