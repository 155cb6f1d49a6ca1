// The HTML report: one self-contained page (no network). Each counterexample is a timeline
// with one lane per callback or thread, the locks each holds shown along its lane, the
// racing accesses or the stuck waiters highlighted in the last column, and the source line
// of every step on hover and on click. The lock-order graph is drawn as SVG.
#pragma once
#include <string>
#include <vector>

#include "ReportInput.hpp"

namespace wdf::reports {

std::string htmlReport(const std::vector<ReportInput> &inputs);

} // namespace wdf::reports
