// Diagnostics for bad input. Producers (lexer, parser, semantic checks, trace readers) push
// them into a DiagnosticEngine; only the CLI renders them, as
//   file:line:col: error: message
//   <the source line>
//       ^
#pragma once
#include <string>
#include <vector>

#include "Source.hpp"

namespace wdf {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLoc loc;
  std::string message;
};

class DiagnosticEngine {
public:
  explicit DiagnosticEngine(const SourceManager &sm, size_t errorLimit = 20)
      : sm_(sm), errorLimit_(errorLimit) {}

  void error(SourceLoc loc, std::string message);
  void warning(SourceLoc loc, std::string message);
  void note(SourceLoc loc, std::string message);

  size_t errorCount() const { return errors_; }
  bool hasErrors() const { return errors_ > 0; }
  // True once the error limit is reached; producers should stop early.
  bool limitReached() const { return errors_ >= errorLimit_; }
  const std::vector<Diagnostic> &all() const { return diags_; }
  const SourceManager &sources() const { return sm_; }

  // Renders every diagnostic with its source line and caret.
  std::string render() const;
  static std::string render(const SourceManager &sm, const Diagnostic &d);

private:
  void add(Severity s, SourceLoc loc, std::string message);
  const SourceManager &sm_;
  size_t errorLimit_;
  size_t errors_ = 0;
  std::vector<Diagnostic> diags_;
};

} // namespace wdf
