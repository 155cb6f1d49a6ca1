#include "HtmlReport.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "models/FindingKind.hpp"

namespace wdf::reports {

namespace {

std::string esc(const std::string &s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

const char *Style = R"(
:root { --lane: #e8ecf1; --lock: #cfe3ff; --race: #d7263d; --wait: #f08700; --ink: #1b1f24; --muted: #5c6670; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0; }
header { background: #24292f; color: #fff; padding: 12px 20px; }
header h1 { margin: 0; font-size: 18px; }
main { padding: 12px 20px; }
.file > h2 { font-size: 16px; margin: 18px 0 4px; }
.stats, .muted { color: var(--muted); font-size: 12px; }
.finding { border: 1px solid #d0d7de; border-radius: 6px; margin: 12px 0; padding: 8px 12px; }
.finding h3 { font-size: 14px; margin: 0 0 6px; }
.kind { display: inline-block; padding: 1px 6px; border-radius: 4px; color: #fff; background: #57606a; font-size: 12px; }
.kind.race, .kind.deadlock, .kind.request_misuse, .kind.assert, .kind.irql, .kind.lock_misuse, .kind.ddi { background: var(--race); }
.kind.lock_cycle { background: var(--wait); }
.timeline { display: grid; gap: 2px 3px; overflow-x: auto; font-size: 11px; align-items: stretch; }
.timeline .hdr { color: var(--muted); text-align: center; font-size: 10px; }
.timeline .lane-name { font-weight: 600; padding: 3px 4px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.cell { background: var(--lane); min-height: 30px; border-radius: 2px; position: relative; }
.cell.held { background: linear-gradient(var(--lane) 0 60%, var(--lock) 60% 100%); }
.cell .locks { position: absolute; bottom: 0; left: 2px; font-size: 9px; color: #0b4a8b; white-space: nowrap; }
.step { background: #fff; border: 1px solid #8c959f; border-radius: 3px; margin: 2px 2px 12px; padding: 1px 3px;
        cursor: pointer; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical;
        line-height: 1.25; word-break: break-word; }
.step:hover { border-color: #0969da; }
.step.racing { border: 2px solid var(--race); background: #ffe8ea; font-weight: 600; }
.step.waiting { border: 2px solid var(--wait); background: #fff1e0; font-weight: 600; }
.step.breaks { border: 2px solid var(--race); background: #ffe8ea; }
.detail { margin-top: 6px; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; background: #f6f8fa;
          padding: 6px 8px; border-radius: 4px; white-space: pre-wrap; }
.cycle li { font-family: ui-monospace, monospace; font-size: 12px; }
svg text { font-size: 12px; }
)";

const char *Script = R"(
document.querySelectorAll('.step').forEach(function (el) {
  el.addEventListener('click', function () {
    var panel = document.getElementById(el.getAttribute('data-panel'));
    if (panel) panel.textContent = el.getAttribute('data-detail');
  });
});
)";

class Page {
public:
  std::string render(const std::vector<ReportInput> &inputs);

private:
  void file(const ReportInput &in);
  void finding(const ReportInput &in, const model::Finding &f);
  void lockGraph(const std::vector<model::LockOrderEdge> &edges);
  std::string detail(const SourceManager &sm, const model::exec::StepRecord &s, const std::string &prefix);

  std::string out_;
  int findingId_ = 0;
};

std::string Page::detail(const SourceManager &sm, const model::exec::StepRecord &s, const std::string &prefix) {
  std::string locks;
  for (const std::string &l : s.locks)
    locks += (locks.empty() ? "" : ", ") + l;
  std::string d = prefix + s.actor + (s.context.empty() ? "" : " > " + s.context) + "  [" + irqlText(s.irql) +
                  (locks.empty() ? "" : "; holds " + locks) + "]\n" + s.text;
  if (s.loc.valid())
    d += "\n" + sm.describe(s.loc, false) + ":  " + sourceLine(sm, s.loc);
  return d;
}

void Page::finding(const ReportInput &in, const model::Finding &f) {
  const SourceManager &sm = in.sources;
  std::string id = "f" + std::to_string(++findingId_);
  std::string kind = model::findingName(f.kind);
  out_ += "<article class=\"finding\" id=\"" + id + "\">\n<h3><span class=\"kind " + kind + "\">" + kind + "</span> " +
          esc(f.subject) + " &mdash; " + esc(f.message) + "</h3>\n";
  out_ += "<div class=\"muted\">" + esc(f.loc.valid() ? sm.describe(f.loc) : in.result.path) + "</div>\n";
  if (!f.schedule.empty() || !f.poised.empty()) {
    // Lanes in order of first appearance; the schedule's steps, then the "next" column.
    std::vector<std::string> lanes;
    auto lane = [&](const std::string &a) {
      for (size_t i = 0; i < lanes.size(); ++i)
        if (lanes[i] == a)
          return i;
      lanes.push_back(a);
      return lanes.size() - 1;
    };
    for (const auto &s : f.schedule)
      lane(s.actor);
    for (const auto &p : f.poised)
      lane(p.actor);
    size_t cols = f.schedule.size() + (f.poised.empty() ? 0 : 1);
    out_ += "<div class=\"timeline\" style=\"grid-template-columns: 14em repeat(" + std::to_string(cols) +
            ", minmax(6.5em, 1fr))\">\n<div class=\"hdr\"></div>";
    for (size_t c = 0; c < f.schedule.size(); ++c)
      out_ += "<div class=\"hdr\">" + std::to_string(c + 1) + "</div>";
    if (!f.poised.empty())
      out_ += std::string("<div class=\"hdr\">") + (f.kind == model::FindingKind::Race ? "next: racing" : "stuck") + "</div>";
    out_ += "\n";
    bool racing = f.kind == model::FindingKind::Race;
    for (size_t l = 0; l < lanes.size(); ++l) {
      out_ += "<div class=\"lane-name\" title=\"" + esc(lanes[l]) + "\">" + esc(lanes[l]) + "</div>";
      std::vector<std::string> held; // what this lane holds, carried between its steps
      for (size_t c = 0; c < cols; ++c) {
        bool poisedCol = c >= f.schedule.size();
        const model::exec::StepRecord *s = nullptr;
        if (!poisedCol && f.schedule[c].actor == lanes[l])
          s = &f.schedule[c];
        if (poisedCol)
          for (const auto &p : f.poised)
            if (p.actor == lanes[l])
              s = &p;
        if (s)
          held = s->locks;
        std::string lockText;
        for (const std::string &h : held)
          lockText += (lockText.empty() ? "" : ",") + h;
        out_ += std::string("<div class=\"cell") + (held.empty() ? "" : " held") + "\">";
        if (s) {
          std::string cls = "step";
          if (poisedCol)
            cls += racing ? " racing" : " waiting";
          else if (f.lastBreaks && c + 1 == f.schedule.size())
            cls += " breaks";
          std::string d = detail(sm, *s, poisedCol ? (racing ? "next (racing): " : "stuck: ")
                                                   : "step " + std::to_string(c + 1) + ": ");
          std::string where = s->loc.valid() ? sm.describe(s->loc, false) + ": " + sourceLine(sm, s->loc) : "";
          out_ += "<div class=\"" + cls + "\" title=\"" + esc(where.empty() ? s->text : where) + "\" data-panel=\"" +
                  id + "-detail\" data-detail=\"" + esc(d) + "\">" + esc(s->text) + "</div>";
        }
        if (!lockText.empty())
          out_ += "<span class=\"locks\">" + esc(lockText) + "</span>";
        out_ += "</div>";
      }
      out_ += "\n";
    }
    out_ += "</div>\n<div class=\"detail\" id=\"" + id +
            "-detail\">Click a step to see who ran it, its IRQL, the locks held and its source line.</div>\n";
  }
  if (!f.cycle.empty()) {
    out_ += "<ul class=\"cycle\">";
    for (const model::CycleEdge &e : f.cycle)
      out_ += "<li>" + esc(e.from) + " &rarr; " + esc(e.to) + ": " + esc(e.from) + " taken at " +
              esc(sm.describe(e.fromSite, false)) + ", then " + esc(e.to) + " at " + esc(sm.describe(e.toSite, false)) +
              "</li>";
    out_ += "</ul>\n";
  }
  out_ += "</article>\n";
}

// Locks on a circle, edges as arrows; edges on a cycle in red, guarded ones dashed.
void Page::lockGraph(const std::vector<model::LockOrderEdge> &edges) {
  if (edges.empty())
    return;
  std::vector<std::string> nodes;
  std::set<std::string> seen;
  for (const auto &e : edges)
    for (const std::string &n : {e.from, e.to})
      if (seen.insert(n).second)
        nodes.push_back(n);
  double w = 420, h = 300, cx = w / 2, cy = h / 2, r = nodes.size() > 1 ? 110 : 0;
  std::map<std::string, std::pair<double, double>> pos;
  for (size_t i = 0; i < nodes.size(); ++i) {
    double a = 2 * M_PI * static_cast<double>(i) / static_cast<double>(nodes.size()) - M_PI / 2;
    pos[nodes[i]] = {cx + r * std::cos(a), cy + r * std::sin(a)};
  }
  out_ += "<section class=\"lockgraph\"><h3>Lock-order graph</h3>\n<svg width=\"" + fmt(w) + "\" height=\"" + fmt(h) +
          "\" viewBox=\"0 0 " + fmt(w) + " " + fmt(h) + "\" role=\"img\" aria-label=\"lock-order graph\">\n"
          "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
          "orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#57606a\"/></marker>"
          "<marker id=\"arrow-red\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
          "orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#d7263d\"/></marker></defs>\n";
  for (const auto &e : edges) {
    auto [x1, y1] = pos[e.from];
    auto [x2, y2] = pos[e.to];
    double dx = x2 - x1, dy = y2 - y1, len = std::sqrt(dx * dx + dy * dy);
    if (len < 1)
      continue;
    // Shorten to the node circles, and bend a little so that A->B and B->A do not overlap.
    double ux = dx / len, uy = dy / len, nx = -uy * 14, ny = ux * 14;
    double sx = x1 + ux * 24, sy = y1 + uy * 24, ex = x2 - ux * 24, ey = y2 - uy * 24;
    std::string color = e.onCycle ? "#d7263d" : "#57606a";
    out_ += "<path d=\"M " + fmt(sx) + " " + fmt(sy) + " Q " + fmt((sx + ex) / 2 + nx) + " " + fmt((sy + ey) / 2 + ny) +
            " " + fmt(ex) + " " + fmt(ey) + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\"" +
            (e.guarded ? " stroke-dasharray=\"5 4\"" : "") + " marker-end=\"url(#" + (e.onCycle ? "arrow-red" : "arrow") +
            ")\"><title>" + esc(e.from + " then " + e.to + (e.guarded ? " (guarded by a common lock)" : "")) +
            "</title></path>\n";
  }
  for (const std::string &n : nodes) {
    auto [x, y] = pos[n];
    out_ += "<circle cx=\"" + fmt(x) + "\" cy=\"" + fmt(y) + "\" r=\"22\" fill=\"#cfe3ff\" stroke=\"#0b4a8b\"/>"
            "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y + 4) + "\" text-anchor=\"middle\">" + esc(n) + "</text>\n";
  }
  out_ += "</svg>\n<div class=\"muted\">An arrow A &rarr; B: B was taken while A was held. Red: on a cycle. Dashed: "
          "always under another common lock.</div></section>\n";
}

void Page::file(const ReportInput &in) {
  const model::CheckResult &r = in.result;
  out_ += "<section class=\"file\">\n<h2>" + esc(r.path) + " &mdash; " + esc(r.verdict()) + "</h2>\n";
  if (!r.title.empty())
    out_ += "<div>" + esc(r.title) + "</div>\n";
  if (!r.configRejected)
    out_ += "<div class=\"stats\">" + std::to_string(r.stats.states) + " states, " +
            std::to_string(r.stats.transitions) + " transitions, depth " + std::to_string(r.stats.depth) + "</div>\n";
  for (const model::Warning &w : r.warnings)
    out_ += "<div class=\"muted\">warning: " + esc(w.text) + "</div>\n";
  for (const model::Finding &f : r.findings)
    finding(in, f);
  lockGraph(r.lockOrder);
  out_ += "</section>\n";
}

std::string Page::render(const std::vector<ReportInput> &inputs) {
  out_ = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>wdfcheck report</title>\n<style>" +
         std::string(Style) + "</style>\n</head>\n<body>\n<header><h1>wdfcheck report</h1></header>\n<main>\n";
  for (const ReportInput &in : inputs)
    file(in);
  out_ += "</main>\n<script>" + std::string(Script) + "</script>\n</body>\n</html>\n";
  return out_;
}

} // namespace

std::string htmlReport(const std::vector<ReportInput> &inputs) { return Page().render(inputs); }

} // namespace wdf::reports
