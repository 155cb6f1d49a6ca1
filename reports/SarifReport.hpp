// SARIF 2.1.0: one rule per finding kind with help text; each result points into the
// scenario file and carries its counterexample as a code flow with one thread flow per
// callback or thread. Validated against the official schema in the test suite.
#pragma once
#include <string>
#include <vector>

#include "ReportInput.hpp"

namespace wdf::reports {

std::string sarifReport(const std::vector<ReportInput> &inputs);

} // namespace wdf::reports
