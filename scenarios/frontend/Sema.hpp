// Semantic analysis: resolves every name of a parsed scenario, checks attributes, callbacks,
// types and argument counts, and lowers it into the models::Design the checker runs.
// All errors go to the DiagnosticEngine with their locations.
#pragma once
#include <optional>

#include "Ast.hpp"
#include "core/Diagnostics.hpp"
#include "models/Design.hpp"

namespace wdf::frontend {

// Returns the design, or nullopt when errors were reported.
std::optional<model::Design> analyze(const ast::Scenario &scenario, const std::string &path,
                                     DiagnosticEngine &diags);

} // namespace wdf::frontend
