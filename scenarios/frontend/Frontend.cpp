#include "Frontend.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "Lexer.hpp"
#include "Parser.hpp"
#include "Sema.hpp"

namespace wdf::frontend {

uint32_t readSource(const std::string &path, SourceManager &sm, DiagnosticEngine &diags) {
  std::error_code ec;
  auto fail = [&](const std::string &why) {
    // No location exists yet; register an empty buffer so the message still names the file.
    uint32_t id = sm.add(path, "");
    diags.error({id, 0}, why);
    return 0u;
  };
  if (std::filesystem::is_directory(path, ec))
    return fail("'" + path + "' is a directory, not a scenario file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return fail("cannot open '" + path + "'");
  auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > MaxScenarioBytes)
    return fail("'" + path + "' is too large (" + std::to_string(size) + " bytes; at most " +
                std::to_string(MaxScenarioBytes) + ")");
  // Read at most one byte past the limit: a device or pipe (/dev/zero) has no size to check
  // up front and may never end.
  std::string text;
  char chunk[65536];
  while (text.size() <= MaxScenarioBytes && in.read(chunk, sizeof chunk).gcount() > 0)
    text.append(chunk, static_cast<size_t>(in.gcount()));
  if (text.size() > MaxScenarioBytes)
    return fail("'" + path + "' is too large");
  return sm.add(path, std::move(text));
}

std::optional<model::Design> compileScenario(uint32_t file, SourceManager &sm, DiagnosticEngine &diags) {
  Lexer lexer(file, sm.text(file), diags);
  Parser parser(lexer, diags);
  ast::Scenario scenario = parser.parse(file);
  if (diags.hasErrors())
    return std::nullopt;
  return analyze(scenario, sm.path(file), diags);
}

std::optional<model::Design> loadScenario(const std::string &path, SourceManager &sm,
                                          DiagnosticEngine &diags) {
  uint32_t file = readSource(path, sm, diags);
  if (file == 0)
    return std::nullopt;
  return compileScenario(file, sm, diags);
}

} // namespace wdf::frontend
