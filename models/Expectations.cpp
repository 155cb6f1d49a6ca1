#include "Expectations.hpp"

namespace wdf::model {

namespace {

std::string describe(const Pattern &p) {
  std::string s = (p.negated ? "no " : "") + p.kind;
  if (!p.args.empty()) {
    s += "(";
    for (size_t i = 0; i < p.args.size(); ++i)
      s += (i ? ", " : "") + p.args[i];
    s += ")";
  }
  return s;
}

std::string describe(const Finding &f) {
  std::string s = findingName(f.kind);
  if (f.kind == FindingKind::Config)
    s += "(" + f.subject + ", " + f.status + ")";
  else if (!f.subject.empty())
    s += "(" + f.subject + ")";
  return s + ": " + f.message;
}

} // namespace

TestOutcome evaluate(const Design &d, const CheckResult &r) {
  TestOutcome out;
  bool bounded = r.bounded();
  bool expectClean = d.expects.empty();
  for (const Pattern &p : d.expects)
    expectClean |= p.kind == "clean";
  std::vector<bool> expected(r.findings.size(), false);
  for (const Pattern &p : d.expects) {
    if (p.kind == "clean") {
      if (bounded)
        out.problems.push_back("expected clean, but the search was bounded (" + r.stats.limit +
                               "), so it cannot show that nothing else happens");
      continue;
    }
    bool found = false;
    for (size_t i = 0; i < r.findings.size(); ++i)
      if (matches(p, r.findings[i])) {
        found = true;
        if (!p.negated)
          expected[i] = true;
      }
    if (p.negated && found)
      out.problems.push_back("expected " + describe(p) + ", but found it");
    else if (p.negated && bounded)
      out.problems.push_back("expected " + describe(p) + ", but the search was bounded (" + r.stats.limit +
                             "), so it cannot show that");
    else if (!p.negated && !found)
      out.problems.push_back("expected " + describe(p) + ", not found" +
                             (bounded ? " (the search was bounded: " + r.stats.limit + ")" : ""));
  }
  for (size_t i = 0; i < r.findings.size(); ++i)
    if (!expected[i])
      out.problems.push_back(std::string(expectClean ? "expected clean, found " : "unexpected ") +
                             describe(r.findings[i]));
  if (d.expects.empty() && bounded && r.findings.empty())
    out.problems.push_back("expected clean (no expect lines), but the search was bounded (" + r.stats.limit + ")");
  out.passed = out.problems.empty();
  return out;
}

} // namespace wdf::model
