// Tokens of the scenario language. Keywords are not separate token kinds: the language
// reuses WDF names (Request, Queue, ...) as identifiers, so the parser recognises keywords
// by spelling where the grammar expects them.
#pragma once
#include <cstdint>
#include <string>

#include "core/Source.hpp"

namespace wdf::frontend {

enum class Tok : uint8_t {
  Eof,
  Ident,
  Int,
  String,
  // punctuation
  LBrace, RBrace, LParen, RParen, LBracket, RBracket,
  Semi, Comma, Dot, DotDot, Question, Colon,
  Assign, PlusAssign, MinusAssign, StarAssign, SlashAssign, PercentAssign,
  AmpAssign, PipeAssign, CaretAssign, ShlAssign, ShrAssign,
  PlusPlus, MinusMinus,
  Plus, Minus, Star, Slash, Percent, Amp, Pipe, Caret, Tilde, Bang,
  AmpAmp, PipePipe, Shl, Shr,
  Eq, Ne, Lt, Le, Gt, Ge,
  Error, // a lexical error already reported
};

const char *tokenSpelling(Tok t);

struct Token {
  Tok kind = Tok::Eof;
  SourceLoc loc;
  std::string text;   // identifier name, string contents, or literal spelling
  int32_t value = 0;  // Int literals
};

} // namespace wdf::frontend
