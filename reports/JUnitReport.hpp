// JUnit XML for `wdfcheck test --junit FILE`, one testcase per scenario.
#pragma once
#include <string>
#include <vector>

namespace wdf::reports {

struct TestCase {
  std::string path;
  bool passed = false;
  double seconds = 0;
  std::vector<std::string> problems;
};

std::string junitReport(const std::vector<TestCase> &cases);

} // namespace wdf::reports
