// What every report writer reads: one checked scenario with its source text.
#pragma once
#include <string>

#include "core/Source.hpp"
#include "models/Checker.hpp"

namespace wdf::reports {

struct ReportInput {
  const model::CheckResult &result;
  const SourceManager &sources;
  std::string scenarioHash;   // core::hashHex of the scenario file's bytes
  bool reduced = true;        // the options the schedules depend on
  uint32_t maxSteps = 100000;
};

inline constexpr const char *ToolVersion = "0.1.0";

// "PASSIVE_LEVEL" etc., "-" for steps that belong to no activation.
std::string irqlText(int irql);
// The trimmed source line at `loc` ("" if none).
std::string sourceLine(const SourceManager &sm, SourceLoc loc);

} // namespace wdf::reports
