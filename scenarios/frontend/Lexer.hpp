// Turns a scenario buffer into tokens. Reports malformed input (invalid UTF-8, stray
// characters, unterminated comments and strings, out-of-range integers) to the
// DiagnosticEngine and keeps going, so that one file yields all its errors.
#pragma once
#include <string_view>
#include <vector>

#include "Token.hpp"
#include "core/Diagnostics.hpp"

namespace wdf::frontend {

class Lexer {
public:
  Lexer(uint32_t fileId, std::string_view text, DiagnosticEngine &diags)
      : file_(fileId), text_(text), diags_(diags) {}
  // The next token; Eof forever at the end. The parser pulls tokens one at a time, so a
  // huge input never sits in memory twice.
  Token next();
  std::vector<Token> tokenize(); // every token, for tests

private:
  SourceLoc here(size_t offset) const { return {file_, static_cast<uint32_t>(offset)}; }
  void skipSpaceAndComments();
  Token lexNumber();
  Token lexString();
  Token lexPunct();
  bool checkUtf8(); // validates the non-ASCII sequence at pos_, reports and skips it if bad

  uint32_t file_;
  std::string_view text_;
  DiagnosticEngine &diags_;
  size_t pos_ = 0;
};

// The longest identifier the language accepts; longer ones are an error, not a slowdown.
inline constexpr size_t MaxIdentifierLength = 255;

} // namespace wdf::frontend
