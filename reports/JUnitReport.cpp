#include "JUnitReport.hpp"

#include <cstdio>

namespace wdf::reports {

namespace {

std::string xmlEscape(const std::string &s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&apos;"; break;
    default:
      // XML 1.0 forbids most control characters.
      if (c < 0x20 && c != '\n' && c != '\t')
        out += ' ';
      else
        out += static_cast<char>(c);
    }
  }
  return out;
}

std::string fmt(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

} // namespace

std::string junitReport(const std::vector<TestCase> &cases) {
  size_t failures = 0;
  double total = 0;
  for (const TestCase &c : cases) {
    failures += c.passed ? 0 : 1;
    total += c.seconds;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"wdfcheck\" tests=\"" + std::to_string(cases.size()) + "\" failures=\"" +
         std::to_string(failures) + "\" time=\"" + fmt(total) + "\">\n";
  out += "  <testsuite name=\"wdfcheck\" tests=\"" + std::to_string(cases.size()) + "\" failures=\"" +
         std::to_string(failures) + "\" errors=\"0\" time=\"" + fmt(total) + "\">\n";
  for (const TestCase &c : cases) {
    std::string dir = c.path, name = c.path;
    size_t slash = c.path.rfind('/');
    if (slash != std::string::npos) {
      dir = c.path.substr(0, slash);
      name = c.path.substr(slash + 1);
    } else {
      dir = ".";
    }
    std::string classname = "wdfcheck." + dir;
    for (char &ch : classname)
      if (ch == '/')
        ch = '.';
    out += "    <testcase classname=\"" + xmlEscape(classname) + "\" name=\"" + xmlEscape(name) + "\" file=\"" +
           xmlEscape(c.path) + "\" time=\"" + fmt(c.seconds) + "\"";
    if (c.passed) {
      out += "/>\n";
      continue;
    }
    std::string detail;
    for (const std::string &p : c.problems)
      detail += p + "\n";
    out += ">\n      <failure message=\"" + xmlEscape(c.problems.empty() ? "failed" : c.problems.front()) + "\">" +
           xmlEscape(detail) + "</failure>\n    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

} // namespace wdf::reports
