#include "Recorded.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/Diagnostics.hpp"
#include "core/Hash.hpp"
#include "reports/TraceReader.hpp"
#include "scenarios/frontend/Frontend.hpp"

namespace wdf::cli {

using reports::TraceError;

std::string readReportFile(const std::string &path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw TraceError{"'" + path + "' is a directory, not a wdfcheck report"};
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw TraceError{"cannot open '" + path + "'"};
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size > static_cast<std::streamoff>(MaxReportBytes))
    throw TraceError{path + ": larger than " + std::to_string(MaxReportBytes >> 20) + " MB; this is not a wdfcheck report"};
  in.seekg(0);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

RecordedScenario loadRecorded(const std::string &path, const std::string &hash, const std::string &where) {
  RecordedScenario r;
  r.sources = std::make_unique<SourceManager>();
  DiagnosticEngine diags(*r.sources);
  r.file = frontend::readSource(path, *r.sources, diags);
  if (r.file == 0)
    throw TraceError{where + ": cannot read the scenario '" + path + "'"};
  if (core::hashHex(r.sources->text(r.file)) != hash)
    throw TraceError{where + ": '" + path + "' has changed since this report was made; run wdfcheck again for a fresh one"};
  auto design = frontend::compileScenario(r.file, *r.sources, diags);
  if (!design)
    throw TraceError{where + ": '" + path + "' no longer compiles:\n" + diags.render()};
  r.design = std::make_unique<model::Design>(std::move(*design));
  r.model = model::resolve(*r.design);
  return r;
}

} // namespace wdf::cli
