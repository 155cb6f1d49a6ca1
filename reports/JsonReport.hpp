// The JSON report (schema "wdfcheck-result/1", documented in docs/cli.md): verdict,
// statistics, every finding with its full schedule and what `wdfcheck replay` needs to
// re-run it. Stable: the same run gives the same bytes, apart from the "timing" object.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ReportInput.hpp"

namespace wdf::reports {

inline constexpr const char *ResultSchema = "wdfcheck-result/1";

nlohmann::ordered_json resultJson(const ReportInput &in);
std::string jsonReport(const std::vector<ReportInput> &inputs);

} // namespace wdf::reports
