#include "DotReport.hpp"

#include <set>

namespace wdf::reports {

namespace {

std::string quote(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

std::string site(const SourceManager &sm, SourceLoc loc) {
  if (!loc.valid())
    return "?";
  std::string path = sm.path(loc.file);
  size_t slash = path.rfind('/');
  return (slash == std::string::npos ? path : path.substr(slash + 1)) + ":" + std::to_string(sm.lineCol(loc).line);
}

} // namespace

std::string dotReport(const ReportInput &in) {
  const model::CheckResult &r = in.result;
  std::string out = "digraph " + quote("lock order: " + r.path) + " {\n";
  out += "  label=" + quote("lock-order graph of " + r.path + " (A -> B: B taken while A was held)") + ";\n";
  out += "  node [shape=ellipse, style=filled, fillcolor=\"#cfe3ff\"];\n";
  std::set<std::string> nodes;
  for (const model::LockOrderEdge &e : r.lockOrder)
    for (const std::string &n : {e.from, e.to})
      if (nodes.insert(n).second)
        out += "  " + quote(n) + ";\n";
  for (const model::LockOrderEdge &e : r.lockOrder) {
    out += "  " + quote(e.from) + " -> " + quote(e.to) + " [label=" +
           quote(site(in.sources, e.fromSite) + " then " + site(in.sources, e.toSite));
    if (e.onCycle)
      out += ", color=red, fontcolor=red, penwidth=2";
    if (e.guarded)
      out += ", style=dashed";
    out += "];\n";
  }
  return out + "}\n";
}

} // namespace wdf::reports
