#include "Lexer.hpp"

#include <cctype>
#include <cstring>

namespace wdf::frontend {

const char *tokenSpelling(Tok t) {
  switch (t) {
  case Tok::Eof: return "end of file";
  case Tok::Ident: return "identifier";
  case Tok::Int: return "integer";
  case Tok::String: return "string";
  case Tok::LBrace: return "'{'";
  case Tok::RBrace: return "'}'";
  case Tok::LParen: return "'('";
  case Tok::RParen: return "')'";
  case Tok::LBracket: return "'['";
  case Tok::RBracket: return "']'";
  case Tok::Semi: return "';'";
  case Tok::Comma: return "','";
  case Tok::Dot: return "'.'";
  case Tok::DotDot: return "'..'";
  case Tok::Question: return "'?'";
  case Tok::Colon: return "':'";
  case Tok::Assign: return "'='";
  case Tok::PlusAssign: return "'+='";
  case Tok::MinusAssign: return "'-='";
  case Tok::StarAssign: return "'*='";
  case Tok::SlashAssign: return "'/='";
  case Tok::PercentAssign: return "'%='";
  case Tok::AmpAssign: return "'&='";
  case Tok::PipeAssign: return "'|='";
  case Tok::CaretAssign: return "'^='";
  case Tok::ShlAssign: return "'<<='";
  case Tok::ShrAssign: return "'>>='";
  case Tok::PlusPlus: return "'++'";
  case Tok::MinusMinus: return "'--'";
  case Tok::Plus: return "'+'";
  case Tok::Minus: return "'-'";
  case Tok::Star: return "'*'";
  case Tok::Slash: return "'/'";
  case Tok::Percent: return "'%'";
  case Tok::Amp: return "'&'";
  case Tok::Pipe: return "'|'";
  case Tok::Caret: return "'^'";
  case Tok::Tilde: return "'~'";
  case Tok::Bang: return "'!'";
  case Tok::AmpAmp: return "'&&'";
  case Tok::PipePipe: return "'||'";
  case Tok::Shl: return "'<<'";
  case Tok::Shr: return "'>>'";
  case Tok::Eq: return "'=='";
  case Tok::Ne: return "'!='";
  case Tok::Lt: return "'<'";
  case Tok::Le: return "'<='";
  case Tok::Gt: return "'>'";
  case Tok::Ge: return "'>='";
  case Tok::Error: return "invalid token";
  }
  return "token";
}

static bool isIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
static bool isIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool Lexer::checkUtf8() {
  auto byte = [&](size_t i) -> unsigned { return static_cast<unsigned char>(text_[i]); };
  unsigned c = byte(pos_);
  size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  bool ok = len != 0 && pos_ + len <= text_.size();
  for (size_t i = 1; ok && i < len; ++i)
    ok = (byte(pos_ + i) & 0xC0) == 0x80;
  if (ok && len == 3) { // no overlongs, no surrogates
    unsigned c1 = byte(pos_ + 1);
    ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
  }
  if (ok && len == 4) {
    unsigned c1 = byte(pos_ + 1);
    ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
  }
  if (!ok) {
    diags_.error(here(pos_), "invalid UTF-8 byte sequence; scenario files must be UTF-8 text");
    ++pos_;
    while (pos_ < text_.size() && (byte(pos_) & 0xC0) == 0x80)
      ++pos_;
    return false;
  }
  pos_ += len;
  return true;
}

void Lexer::skipSpaceAndComments() {
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++pos_;
    } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
      while (pos_ < text_.size() && text_[pos_] != '\n') {
        if (static_cast<unsigned char>(text_[pos_]) >= 0x80)
          checkUtf8();
        else
          ++pos_;
      }
    } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
      size_t start = pos_;
      pos_ += 2;
      while (pos_ + 1 < text_.size() && !(text_[pos_] == '*' && text_[pos_ + 1] == '/')) {
        if (static_cast<unsigned char>(text_[pos_]) >= 0x80)
          checkUtf8();
        else
          ++pos_;
      }
      if (pos_ + 1 >= text_.size()) {
        diags_.error(here(start), "unterminated /* comment");
        pos_ = text_.size();
      } else {
        pos_ += 2;
      }
    } else {
      return;
    }
  }
}

Token Lexer::lexNumber() {
  size_t start = pos_;
  Token t{Tok::Int, here(start), {}, 0};
  bool hex = text_[pos_] == '0' && pos_ + 1 < text_.size() &&
             (text_[pos_ + 1] == 'x' || text_[pos_ + 1] == 'X');
  uint64_t value = 0;
  bool overflow = false;
  if (hex) {
    pos_ += 2;
    size_t digits = 0;
    while (pos_ < text_.size() && std::isxdigit(static_cast<unsigned char>(text_[pos_]))) {
      char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text_[pos_])));
      value = value * 16 + static_cast<uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
      overflow |= value > 0xFFFFFFFFull;
      ++pos_, ++digits;
    }
    if (digits == 0) {
      diags_.error(t.loc, "expected hexadecimal digits after '0x'");
      t.kind = Tok::Error;
    }
  } else {
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      value = value * 10 + static_cast<uint64_t>(text_[pos_] - '0');
      // 2147483648 is let through: only `-2147483648` is valid, which the parser checks.
      overflow |= value > 0x80000000ull;
      if (overflow)
        value = 0x80000000ull; // keep it bounded; the error below is what matters
      ++pos_;
    }
  }
  if (pos_ < text_.size() && isIdentChar(text_[pos_])) {
    while (pos_ < text_.size() && isIdentChar(text_[pos_]))
      ++pos_;
    diags_.error(t.loc, "invalid integer literal '" + std::string(text_.substr(start, pos_ - start)) +
                            "'; expected decimal digits or 0x followed by hex digits");
    t.kind = Tok::Error;
    return t;
  }
  t.text = std::string(text_.substr(start, pos_ - start));
  if (overflow) {
    diags_.error(t.loc, hex ? "hexadecimal literal '" + t.text + "' does not fit in 32 bits"
                            : "integer literal '" + t.text +
                                  "' is out of range; integers are 32-bit signed (at most 2147483647)");
    t.kind = Tok::Error;
    return t;
  }
  // A hex literal above 0x7FFFFFFF wraps to a negative int32, as NTSTATUS values do in C.
  t.value = static_cast<int32_t>(static_cast<uint32_t>(value));
  return t;
}

Token Lexer::lexString() {
  size_t start = pos_++;
  Token t{Tok::String, here(start), {}, 0};
  while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\n') {
    char c = text_[pos_];
    if (c == '\\') {
      if (pos_ + 1 < text_.size() && (text_[pos_ + 1] == '"' || text_[pos_ + 1] == '\\')) {
        t.text += text_[pos_ + 1];
        pos_ += 2;
      } else {
        diags_.error(here(pos_), "unknown escape sequence in string; only \\\" and \\\\ are allowed");
        t.kind = Tok::Error;
        ++pos_;
      }
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      size_t from = pos_;
      if (checkUtf8())
        t.text += text_.substr(from, pos_ - from);
      else
        t.kind = Tok::Error;
    } else {
      t.text += c;
      ++pos_;
    }
  }
  if (pos_ >= text_.size() || text_[pos_] != '"') {
    diags_.error(here(start), "unterminated string literal");
    return {Tok::Error, here(start), {}, 0};
  }
  ++pos_;
  return t;
}

Token Lexer::lexPunct() {
  struct P {
    const char *s;
    Tok t;
  };
  // Longest first.
  static const P table[] = {
      {"<<=", Tok::ShlAssign}, {">>=", Tok::ShrAssign}, {"..", Tok::DotDot},
      {"+=", Tok::PlusAssign}, {"-=", Tok::MinusAssign}, {"*=", Tok::StarAssign},
      {"/=", Tok::SlashAssign}, {"%=", Tok::PercentAssign}, {"&=", Tok::AmpAssign},
      {"|=", Tok::PipeAssign}, {"^=", Tok::CaretAssign}, {"++", Tok::PlusPlus},
      {"--", Tok::MinusMinus}, {"&&", Tok::AmpAmp}, {"||", Tok::PipePipe},
      {"<<", Tok::Shl}, {">>", Tok::Shr}, {"==", Tok::Eq}, {"!=", Tok::Ne},
      {"<=", Tok::Le}, {">=", Tok::Ge}, {"{", Tok::LBrace}, {"}", Tok::RBrace},
      {"(", Tok::LParen}, {")", Tok::RParen}, {"[", Tok::LBracket}, {"]", Tok::RBracket},
      {";", Tok::Semi}, {",", Tok::Comma}, {".", Tok::Dot}, {"?", Tok::Question},
      {":", Tok::Colon}, {"=", Tok::Assign}, {"+", Tok::Plus}, {"-", Tok::Minus},
      {"*", Tok::Star}, {"/", Tok::Slash}, {"%", Tok::Percent}, {"&", Tok::Amp},
      {"|", Tok::Pipe}, {"^", Tok::Caret}, {"~", Tok::Tilde}, {"!", Tok::Bang},
      {"<", Tok::Lt}, {">", Tok::Gt},
  };
  for (const P &p : table) {
    size_t n = std::strlen(p.s);
    if (text_.substr(pos_, n) == p.s) {
      Token t{p.t, here(pos_), {}, 0};
      pos_ += n;
      return t;
    }
  }
  size_t start = pos_;
  unsigned char c = static_cast<unsigned char>(text_[pos_]);
  if (c >= 0x80) {
    if (checkUtf8())
      diags_.error(here(start), "unexpected character; only ASCII is allowed outside strings and comments");
  } else {
    std::string shown = (c >= 0x20 && c < 0x7f) ? std::string("'") + static_cast<char>(c) + "'"
                                                : "byte 0x" + std::string(1, "0123456789abcdef"[c >> 4]) +
                                                      "0123456789abcdef"[c & 15];
    diags_.error(here(start), "unexpected character " + shown);
    ++pos_;
  }
  return {Tok::Error, here(start), {}, 0};
}

Token Lexer::next() {
  // A leading UTF-8 byte order mark is allowed and ignored.
  if (pos_ == 0 && text_.substr(0, 3) == "\xEF\xBB\xBF")
    pos_ = 3;
  skipSpaceAndComments();
  if (pos_ >= text_.size() || diags_.limitReached())
    return {Tok::Eof, here(text_.size()), {}, 0};
  char c = text_[pos_];
  if (isIdentStart(c)) {
    size_t start = pos_;
    while (pos_ < text_.size() && isIdentChar(text_[pos_]))
      ++pos_;
    if (pos_ - start > MaxIdentifierLength) {
      diags_.error(here(start), "identifier is too long (" + std::to_string(pos_ - start) +
                                    " characters; at most " + std::to_string(MaxIdentifierLength) + ")");
      return {Tok::Error, here(start), {}, 0};
    }
    return {Tok::Ident, here(start), std::string(text_.substr(start, pos_ - start)), 0};
  }
  if (std::isdigit(static_cast<unsigned char>(c)))
    return lexNumber();
  if (c == '"')
    return lexString();
  return lexPunct();
}

std::vector<Token> Lexer::tokenize() {
  std::vector<Token> out;
  do
    out.push_back(next());
  while (out.back().kind != Tok::Eof);
  return out;
}

} // namespace wdf::frontend
