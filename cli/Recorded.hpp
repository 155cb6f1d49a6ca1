// What `replay` and `merge` share: reading a JSON report file, and loading the scenario it
// was made from, refusing a scenario that changed since.
#pragma once
#include <memory>
#include <string>

#include "core/Source.hpp"
#include "models/Design.hpp"
#include "models/ObjectModel.hpp"

namespace wdf::cli {

// JSON reports larger than this are refused rather than read.
inline constexpr size_t MaxReportBytes = 256u << 20;

// The text of a report file. Throws reports::TraceError when it cannot be read.
std::string readReportFile(const std::string &path);

struct RecordedScenario {
  std::unique_ptr<SourceManager> sources;
  uint32_t file = 0;
  std::unique_ptr<model::Design> design;
  model::ObjectModel model;
};

// Loads `path`, checks its bytes still hash to `hash`, compiles and resolves it. Throws
// reports::TraceError, prefixed with `where`, when any of that fails.
RecordedScenario loadRecorded(const std::string &path, const std::string &hash, const std::string &where);

} // namespace wdf::cli
