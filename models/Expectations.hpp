// `wdfcheck test`: does a run's outcome meet the scenario's expect lines (spec §7)?
#pragma once
#include <string>
#include <vector>

#include "Checker.hpp"

namespace wdf::model {

struct TestOutcome {
  bool passed = false;
  std::vector<std::string> problems; // what was expected and what was found, one per line
};

TestOutcome evaluate(const Design &d, const CheckResult &r);

} // namespace wdf::model
