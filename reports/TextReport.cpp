#include "TextReport.hpp"

#include <cstdio>

#include "ReportInput.hpp"
#include "models/Settings.hpp"

namespace wdf::reports {

using model::CheckResult;
using model::Finding;
using model::exec::StepRecord;

namespace {

std::string shortLoc(const SourceManager &sm, SourceLoc loc) {
  if (!loc.valid())
    return "";
  std::string path = sm.path(loc.file);
  size_t slash = path.rfind('/');
  return (slash == std::string::npos ? path : path.substr(slash + 1)) + ":" + std::to_string(sm.lineCol(loc).line);
}

std::string trimmedLine(const SourceManager &sm, SourceLoc loc) {
  std::string s = sourceLine(sm, loc);
  if (s.size() > 60)
    s = s.substr(0, 57) + "...";
  return s;
}

std::string pad(std::string s, size_t w) {
  if (s.size() < w)
    s.append(w - s.size(), ' ');
  return s;
}

std::string stepLine(const SourceManager &sm, const std::string &number, const StepRecord &st) {
  std::string actor = st.actor + (st.context.empty() ? "" : " > " + st.context);
  std::string locks;
  for (const std::string &l : st.locks)
    locks += (locks.empty() ? "" : ",") + l;
  std::string line = "    " + pad(number, 4) + pad(actor, 30) + " " + pad(model::irqlName(st.irql), 15) + pad(locks.empty() ? "-" : locks, 12) +
                     " " + st.text;
  std::string where = shortLoc(sm, st.loc);
  if (!where.empty())
    line += "  [" + where + (trimmedLine(sm, st.loc).empty() ? "" : ": " + trimmedLine(sm, st.loc)) + "]";
  return line + "\n";
}

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", s);
  return buf;
}

} // namespace

std::string summaryLine(const CheckResult &r) {
  std::string s = r.path + ": " + r.verdict();
  if (r.configRejected)
    return s + " -- the framework would refuse this design at creation; nothing was explored\n";
  if (r.stats.executions > 0)
    s += " -- " + std::to_string(r.stats.states) + " steps in " + std::to_string(r.stats.executions) +
         " executions, longest " + std::to_string(r.stats.depth) + ", " + seconds(r.stats.seconds);
  else
    s += " -- " + std::to_string(r.stats.states) + " states, " + std::to_string(r.stats.transitions) +
         " transitions, depth " + std::to_string(r.stats.depth) + ", " + seconds(r.stats.seconds);
  if (!r.stats.reduced)
    s += " (no reduction)";
  if (r.stats.mergedShards > 0)
    s += r.stats.split ? " (" + std::to_string(r.stats.mergedShards) + " shards: states and transitions summed, the slowest shard's time)"
                       : " (" + std::to_string(r.stats.mergedShards) + " shards, too small to split: each explored everything)";
  else if (r.stats.isShard() && !r.stats.split)
    s += " (too small to split: this shard explored everything)";
  if (!r.suppressed.empty())
    s += ", " + std::to_string(r.suppressed.size()) + " suppressed";
  return s + "\n";
}

// What the reduction achieved, for the reader who wonders why the state count is so small.
static std::string reductionLine(const CheckResult &r) {
  const model::RunStats &st = r.stats;
  if (!st.reduced || st.executions > 0 || st.enabled == 0)
    return "";
  char pct[16];
  std::snprintf(pct, sizeof pct, "%.1f%%", 100.0 * static_cast<double>(st.skipped) / static_cast<double>(st.enabled));
  return "reduction: partial-order reduction left out " + std::to_string(st.skipped) + " of " +
         std::to_string(st.enabled) + " enabled actions (" + pct + "); step merging ran " + std::to_string(st.merged) +
         " invisible steps inside the explored ones\n";
}

std::string textReport(const CheckResult &r, const SourceManager &sm) {
  std::string out = summaryLine(r) + reductionLine(r);
  for (const model::Warning &w : r.warnings)
    out += (w.loc.valid() && w.loc.offset > 0 ? sm.describe(w.loc) : r.path) + ": warning: " + w.text + "\n";
  for (const Finding &f : r.findings) {
    out += "\n" + sm.describe(f.loc) + ": " + model::findingName(f.kind);
    if (!f.subject.empty() && f.kind != model::FindingKind::Config)
      out += "(" + f.subject + ")";
    else if (f.kind == model::FindingKind::Config)
      out += "(" + f.subject + ", " + f.status + ")";
    out += ": " + f.message + "\n";
    if (!f.schedule.empty()) {
      out += "  schedule (" + std::to_string(f.schedule.size()) + " steps, " + std::to_string(f.contextSwitches) +
             " context switches):\n";
      for (size_t i = 0; i < f.schedule.size(); ++i)
        out += stepLine(sm, std::to_string(i + 1), f.schedule[i]);
    }
    if (f.kind == model::FindingKind::Race && !f.poised.empty()) {
      out += "  then both are next:\n";
      for (const StepRecord &p : f.poised)
        out += stepLine(sm, "*", p);
    }
    if (f.kind == model::FindingKind::Deadlock && !f.poised.empty()) {
      out += "  stuck:\n";
      for (const StepRecord &p : f.poised)
        out += stepLine(sm, "*", p);
    }
    if (!f.cycle.empty()) {
      out += "  lock-order edges:\n";
      for (const model::CycleEdge &e : f.cycle)
        out += "    " + e.from + " -> " + e.to + ": " + e.from + " taken at " + shortLoc(sm, e.fromSite) + ", then " + e.to +
               " at " + shortLoc(sm, e.toSite) + "\n";
    }
  }
  return out;
}

} // namespace wdf::reports
