// `wdfcheck graph FILE`: the lock-order graph in Graphviz DOT. Edges on a cycle are red,
// edges always taken under another common lock are dashed.
#pragma once
#include <string>

#include "ReportInput.hpp"

namespace wdf::reports {

std::string dotReport(const ReportInput &in);

} // namespace wdf::reports
