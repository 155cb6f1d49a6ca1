#include <cppunit/extensions/HelperMacros.h>

#include "scenarios/frontend/Lexer.hpp"

using namespace wdf;
using namespace wdf::frontend;

class LexerTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LexerTest);
  CPPUNIT_TEST(punctuationLongestFirst);
  CPPUNIT_TEST(hexWrapsToNegative);
  CPPUNIT_TEST(decimalOutOfRange);
  CPPUNIT_TEST(minimumIntegerNeedsMinus);
  CPPUNIT_TEST(hexTooWide);
  CPPUNIT_TEST(commentsAndStrings);
  CPPUNIT_TEST(unterminatedComment);
  CPPUNIT_TEST(invalidUtf8);
  CPPUNIT_TEST(nonAsciiOutsideStrings);
  CPPUNIT_TEST(overlongIdentifier);
  CPPUNIT_TEST(rangeDots);
  CPPUNIT_TEST_SUITE_END();

  struct Lexed {
    SourceManager sm;
    std::vector<Token> toks;
    std::string errors;
  };
  static Lexed lex(const std::string &text) {
    Lexed l;
    DiagnosticEngine d(l.sm);
    uint32_t f = l.sm.add("t.scenario", text);
    Lexer lexer(f, l.sm.text(f), d);
    l.toks = lexer.tokenize();
    l.errors = d.render();
    return l;
  }

public:
  void punctuationLongestFirst() {
    Lexed l = lex("a <<= b >> c && d ++ -- .. .");
    std::vector<Tok> want = {Tok::Ident, Tok::ShlAssign, Tok::Ident, Tok::Shr, Tok::Ident, Tok::AmpAmp, Tok::Ident,
                             Tok::PlusPlus, Tok::MinusMinus, Tok::DotDot, Tok::Dot, Tok::Eof};
    CPPUNIT_ASSERT_EQUAL(want.size(), l.toks.size());
    for (size_t i = 0; i < want.size(); ++i)
      CPPUNIT_ASSERT(want[i] == l.toks[i].kind);
    CPPUNIT_ASSERT_EQUAL(std::string(), l.errors);
  }
  void hexWrapsToNegative() {
    Lexed l = lex("0xC0000120 0x7FFFFFFF 42");
    CPPUNIT_ASSERT_EQUAL(static_cast<int32_t>(0xC0000120u), l.toks[0].value);
    CPPUNIT_ASSERT_EQUAL(static_cast<int32_t>(0x7FFFFFFF), l.toks[1].value);
    CPPUNIT_ASSERT_EQUAL(42, l.toks[2].value);
  }
  void decimalOutOfRange() {
    Lexed l = lex("x = 2147483649;");
    CPPUNIT_ASSERT_EQUAL(std::string("t.scenario:1:5: error: integer literal '2147483649' is out of range; integers "
                                     "are 32-bit signed (at most 2147483647)\nx = 2147483649;\n    ^\n"),
                         l.errors);
  }
  // 2147483648 gets through the lexer: the parser accepts it only after a minus sign.
  void minimumIntegerNeedsMinus() {
    Lexed l = lex("2147483648");
    CPPUNIT_ASSERT_EQUAL(std::string(), l.errors);
    CPPUNIT_ASSERT_EQUAL(std::string("2147483648"), l.toks[0].text);
  }
  void hexTooWide() {
    Lexed l = lex("0x100000000");
    CPPUNIT_ASSERT_EQUAL(std::string("t.scenario:1:1: error: hexadecimal literal '0x100000000' does not fit in 32 "
                                     "bits\n0x100000000\n^\n"),
                         l.errors);
  }
  void commentsAndStrings() {
    Lexed l = lex("// line\n/* block\n */ \"a \\\"q\\\" \\\\ b\" x");
    CPPUNIT_ASSERT(l.toks[0].kind == Tok::String);
    CPPUNIT_ASSERT_EQUAL(std::string("a \"q\" \\ b"), l.toks[0].text);
    CPPUNIT_ASSERT(l.toks[1].kind == Tok::Ident);
    CPPUNIT_ASSERT_EQUAL(std::string(), l.errors);
  }
  void unterminatedComment() {
    Lexed l = lex("a /* never closed");
    CPPUNIT_ASSERT_EQUAL(std::string("t.scenario:1:3: error: unterminated /* comment\na /* never closed\n  ^\n"),
                         l.errors);
  }
  void invalidUtf8() {
    Lexed l = lex("a \xff b");
    CPPUNIT_ASSERT_EQUAL(
        std::string("t.scenario:1:3: error: invalid UTF-8 byte sequence; scenario files must be UTF-8 text\na ? b\n  ^\n"),
        l.errors);
  }
  void nonAsciiOutsideStrings() {
    Lexed l = lex("x \xc3\xa9 y \"caf\xc3\xa9\"");
    CPPUNIT_ASSERT_EQUAL(std::string("t.scenario:1:3: error: unexpected character; only ASCII is allowed outside "
                                     "strings and comments\nx ?? y \"caf??\"\n  ^\n"),
                         l.errors);
    // tokens: x, the bad character (an error token), y, the string
    CPPUNIT_ASSERT_EQUAL(std::string("caf\xc3\xa9"), l.toks[3].text);
  }
  void overlongIdentifier() {
    Lexed l = lex(std::string(300, 'a'));
    CPPUNIT_ASSERT(l.errors.find("t.scenario:1:1: error: identifier is too long (300 characters; at most 255)") == 0);
  }
  void rangeDots() {
    Lexed l = lex("choose(1..3)");
    CPPUNIT_ASSERT(l.toks[2].kind == Tok::Int);
    CPPUNIT_ASSERT(l.toks[3].kind == Tok::DotDot);
    CPPUNIT_ASSERT(l.toks[4].kind == Tok::Int);
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(LexerTest);
