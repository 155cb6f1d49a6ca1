// The scenario front end in one call: read a file, lex, parse, check, lower.
#pragma once
#include <optional>
#include <string>

#include "core/Diagnostics.hpp"
#include "models/Design.hpp"

namespace wdf::frontend {

// Files larger than this are refused with a diagnostic rather than read.
inline constexpr size_t MaxScenarioBytes = 64u << 20;

// Reads `path` into the SourceManager; returns the file id, or 0 after reporting why the
// file could not be read.
uint32_t readSource(const std::string &path, SourceManager &sm, DiagnosticEngine &diags);

// Parses and checks a buffer already in the SourceManager.
std::optional<model::Design> compileScenario(uint32_t file, SourceManager &sm, DiagnosticEngine &diags);

// readSource + compileScenario.
std::optional<model::Design> loadScenario(const std::string &path, SourceManager &sm,
                                          DiagnosticEngine &diags);

} // namespace wdf::frontend
