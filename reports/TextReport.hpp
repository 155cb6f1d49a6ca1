// The text report of `wdfcheck run`: a summary line per file, then each finding with its
// schedule as numbered steps (actor, IRQL, locks held, what it did, file:line).
#pragma once
#include <string>

#include "core/Source.hpp"
#include "models/Checker.hpp"

namespace wdf::reports {

std::string summaryLine(const model::CheckResult &r);
std::string textReport(const model::CheckResult &r, const SourceManager &sm);

} // namespace wdf::reports
