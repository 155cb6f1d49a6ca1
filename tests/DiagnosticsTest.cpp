#include <cppunit/extensions/HelperMacros.h>

#include "core/Diagnostics.hpp"

using namespace wdf;

class DiagnosticsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(DiagnosticsTest);
  CPPUNIT_TEST(caretUnderColumn);
  CPPUNIT_TEST(tabsKeepAlignment);
  CPPUNIT_TEST(errorAtEndOfFile);
  CPPUNIT_TEST(crlfLineEndings);
  CPPUNIT_TEST(longLineShowsWindow);
  CPPUNIT_TEST(errorLimitStops);
  CPPUNIT_TEST_SUITE_END();

public:
  void caretUnderColumn() {
    SourceManager sm;
    uint32_t f = sm.add("a.scenario", "line one\nx = y +;\n");
    DiagnosticEngine d(sm);
    d.error({f, 15}, "expected an expression, found ';'");
    CPPUNIT_ASSERT_EQUAL(std::string("a.scenario:2:7: error: expected an expression, found ';'\nx = y +;\n      ^\n"),
                         d.render());
  }
  void tabsKeepAlignment() {
    SourceManager sm;
    uint32_t f = sm.add("a.scenario", "\tfoo bar");
    DiagnosticEngine d(sm);
    d.error({f, 5}, "m");
    CPPUNIT_ASSERT_EQUAL(std::string("a.scenario:1:6: error: m\n\tfoo bar\n\t    ^\n"), d.render());
  }
  void errorAtEndOfFile() {
    SourceManager sm;
    uint32_t f = sm.add("a.scenario", "device D {");
    DiagnosticEngine d(sm);
    d.error({f, 10}, "expected '}'");
    CPPUNIT_ASSERT_EQUAL(std::string("a.scenario:1:11: error: expected '}'\ndevice D {\n          ^\n"), d.render());
  }
  void crlfLineEndings() {
    SourceManager sm;
    uint32_t f = sm.add("a.scenario", "a;\r\nb c;\r\n");
    DiagnosticEngine d(sm);
    d.error({f, 6}, "m");
    CPPUNIT_ASSERT_EQUAL(std::string("a.scenario:2:3: error: m\nb c;\n  ^\n"), d.render());
  }
  void longLineShowsWindow() {
    SourceManager sm;
    std::string line(1000, 'x');
    uint32_t f = sm.add("a.scenario", line);
    DiagnosticEngine d(sm);
    d.error({f, 900}, "m");
    std::string out = d.render();
    CPPUNIT_ASSERT(out.find("a.scenario:1:901: error: m\n...") == 0);
    size_t nl = out.find('\n', out.find('\n') + 1);
    std::string caret = out.substr(nl + 1);
    CPPUNIT_ASSERT(caret.size() < 200);
    CPPUNIT_ASSERT_EQUAL('^', caret[caret.size() - 2]);
  }
  void errorLimitStops() {
    SourceManager sm;
    uint32_t f = sm.add("a.scenario", "x");
    DiagnosticEngine d(sm, 3);
    for (int i = 0; i < 10; ++i)
      d.error({f, 0}, "e" + std::to_string(i));
    CPPUNIT_ASSERT_EQUAL(size_t(3), d.errorCount());
    CPPUNIT_ASSERT(d.limitReached());
    CPPUNIT_ASSERT(d.render().find("note: too many errors; stopping after 3") != std::string::npos);
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(DiagnosticsTest);
