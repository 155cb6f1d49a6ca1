#include "ReportInput.hpp"

#include "models/Settings.hpp"

namespace wdf::reports {

std::string irqlText(int irql) { return irql < 0 ? "-" : model::irqlName(irql); }

std::string sourceLine(const SourceManager &sm, SourceLoc loc) {
  if (!loc.valid())
    return "";
  std::string_view l = sm.lineText(loc);
  size_t b = l.find_first_not_of(" \t"), e = l.find_last_not_of(" \t");
  if (b == std::string_view::npos)
    return "";
  return std::string(l.substr(b, e - b + 1));
}

} // namespace wdf::reports
