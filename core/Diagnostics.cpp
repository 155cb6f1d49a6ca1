#include "Diagnostics.hpp"

#include <algorithm>

namespace wdf {

void DiagnosticEngine::add(Severity s, SourceLoc loc, std::string message) {
  if (errors_ >= errorLimit_)
    return;
  // A function checked once per callback it serves can repeat a message word for word.
  for (const Diagnostic &d : diags_)
    if (d.severity == s && d.loc == loc && d.message == message)
      return;
  diags_.push_back({s, loc, std::move(message)});
  if (s == Severity::Error && ++errors_ == errorLimit_)
    diags_.push_back({Severity::Note, {}, "too many errors; stopping after " + std::to_string(errorLimit_)});
}

void DiagnosticEngine::error(SourceLoc loc, std::string m) { add(Severity::Error, loc, std::move(m)); }
void DiagnosticEngine::warning(SourceLoc loc, std::string m) {
  add(Severity::Warning, loc, std::move(m));
}
void DiagnosticEngine::note(SourceLoc loc, std::string m) { add(Severity::Note, loc, std::move(m)); }

static const char *severityName(Severity s) {
  switch (s) {
  case Severity::Error: return "error";
  case Severity::Warning: return "warning";
  case Severity::Note: return "note";
  }
  return "error";
}

std::string DiagnosticEngine::render(const SourceManager &sm, const Diagnostic &d) {
  std::string out;
  if (d.loc.valid())
    out += sm.describe(d.loc) + ": ";
  out += std::string(severityName(d.severity)) + ": " + d.message + "\n";
  if (!d.loc.valid())
    return out;
  std::string_view line = sm.lineText(d.loc);
  LineCol lc = sm.lineCol(d.loc);
  // Long lines are shown as a window around the column, so a 10 MB one-line file still
  // gives a readable message.
  size_t col = lc.column - 1, begin = 0;
  constexpr size_t Window = 160;
  if (line.size() > Window && col > Window / 2)
    begin = std::min(col - Window / 2, line.size() > Window ? line.size() - Window : 0);
  // Show the line as printable text: control and non-ASCII bytes become '?', tabs are kept
  // so the caret line can reuse them and stay aligned.
  std::string shown = begin > 0 ? "..." : "", caret = begin > 0 ? "   " : "";
  for (size_t i = begin; i < line.size() && i < begin + Window; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    shown += (c == '\t' || (c >= 0x20 && c < 0x7f)) ? static_cast<char>(c) : '?';
  }
  for (size_t i = begin; i < col; ++i)
    caret += (i < line.size() && line[i] == '\t') ? '\t' : ' ';
  out += shown + "\n" + caret + "^\n";
  return out;
}

std::string DiagnosticEngine::render() const {
  std::string out;
  for (const Diagnostic &d : diags_)
    out += render(sm_, d);
  return out;
}

} // namespace wdf
