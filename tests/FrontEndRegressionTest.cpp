// Inputs that once crashed, hung or were handled wrongly by the front end, each pinned to
// its exact diagnostics (or, for the huge ones, to ending with a located error).
#include <cppunit/extensions/HelperMacros.h>

#include "TestUtil.hpp"

using wdf::test::compile;

class FrontEndRegressionTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FrontEndRegressionTest);
  CPPUNIT_TEST(selfNamingCancelRoutine);
  CPPUNIT_TEST(selfNamingSynchronizeRoutine);
  CPPUNIT_TEST(objectNamedDriver);
  CPPUNIT_TEST(sharedNamedLikeImplicitLocal);
  CPPUNIT_TEST(minimumIntegerWithMinus);
  CPPUNIT_TEST(suppressCannotBeNegated);
  CPPUNIT_TEST(elseWithoutIf);
  CPPUNIT_TEST(returnWithoutSemicolon);
  CPPUNIT_TEST(negativeArraySize);
  CPPUNIT_TEST(mustReturnAnInt);
  CPPUNIT_TEST(parentCycleBlamesOnlyTheCycle);
  CPPUNIT_TEST(functionBoundTwiceReportsOnce);
  CPPUNIT_TEST(lexerErrorHasNoFollowOn);
  CPPUNIT_TEST(intWithoutName);
  CPPUNIT_TEST(deeplyNestedIndexing);
  CPPUNIT_TEST(parenthesizedOperatorChains);
  CPPUNIT_TEST(leadBytesAboveF4AreInvalid);
  CPPUNIT_TEST_SUITE_END();

  static void expectErrors(const std::string &text, const std::string &errors) {
    auto c = compile(text);
    CPPUNIT_ASSERT(!c->design);
    CPPUNIT_ASSERT_EQUAL(errors, c->errors);
  }
  static std::string repeat(const std::string &s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
      out += s;
    return out;
  }

public:
  void selfNamingCancelRoutine() {
    expectErrors("device D {}\n"
        "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestMarkCancelable(Request, OnCancel); } }\n"
        "function OnCancel { WdfRequestMarkCancelable(Request, OnCancel); }\n"
        "",
        "t.scenario:3:55: error: recursion is not allowed: 'OnCancel' passes itself as a routine, directly or through other functions\n"
        "function OnCancel { WdfRequestMarkCancelable(Request, OnCancel); }\n"
        "                                                      ^\n"
        "");
  }
  void selfNamingSynchronizeRoutine() {
    expectErrors("device D {}\n"
        "interrupt I { EvtInterruptIsr { bool r = WdfInterruptSynchronize(Interrupt, S); return r; } }\n"
        "function bool S { bool r = WdfInterruptSynchronize(Interrupt, S); return r; }\n"
        "",
        "t.scenario:3:63: error: recursion is not allowed: 'S' passes itself as a routine, directly or through other functions\n"
        "function bool S { bool r = WdfInterruptSynchronize(Interrupt, S); return r; }\n"
        "                                                              ^\n"
        "");
  }
  void objectNamedDriver() {
    expectErrors("device D {}\n"
        "workitem driver { EvtWorkItem { } }\n"
        "",
        "t.scenario:2:10: error: 'driver' is a reserved word of the scenario language and cannot be used as a name\n"
        "workitem driver { EvtWorkItem { } }\n"
        "         ^\n"
        "");
  }
  void sharedNamedLikeImplicitLocal() {
    expectErrors("device D {}\n"
        "shared int Queue;\n"
        "shared int Request;\n"
        "",
        "t.scenario:2:12: error: 'Queue' is a reserved word of the scenario language and cannot be used as a name\n"
        "shared int Queue;\n"
        "           ^\n"
        "t.scenario:3:12: error: 'Request' is a reserved word of the scenario language and cannot be used as a name\n"
        "shared int Request;\n"
        "           ^\n"
        "");
  }
  void minimumIntegerWithMinus() {
    expectErrors("device D {}\n"
        "shared int X = -2147483648;\n"
        "workitem W { EvtWorkItem { X = -2147483648; X = 2147483648; } }\n"
        "",
        "t.scenario:3:49: error: integer literal '2147483648' is out of range; integers are 32-bit signed (at most 2147483647)\n"
        "workitem W { EvtWorkItem { X = -2147483648; X = 2147483648; } }\n"
        "                                                ^\n"
        "");
  }
  void suppressCannotBeNegated() {
    expectErrors("device D {}\n"
        "shared int X;\n"
        "suppress no race(X);\n"
        "",
        "t.scenario:3:10: error: a suppress line cannot be negated; write 'suppress race(...)' or use 'expect no'\n"
        "suppress no race(X);\n"
        "         ^\n"
        "");
  }
  void elseWithoutIf() {
    expectErrors("device D {}\n"
        "workitem W { EvtWorkItem { else { } } }\n"
        "",
        "t.scenario:2:28: error: 'else' without a matching 'if'\n"
        "workitem W { EvtWorkItem { else { } } }\n"
        "                           ^\n"
        "");
  }
  void returnWithoutSemicolon() {
    expectErrors("device D {}\n"
        "workitem W { EvtWorkItem { return } }\n"
        "",
        "t.scenario:2:35: error: expected ';' after the return statement, found '}'\n"
        "workitem W { EvtWorkItem { return } }\n"
        "                                  ^\n"
        "");
  }
  void negativeArraySize() {
    expectErrors("device D {}\n"
        "shared int C[-1];\n"
        "",
        "t.scenario:2:15: error: array size must be between 1 and 4096\n"
        "shared int C[-1];\n"
        "              ^\n"
        "");
  }
  void mustReturnAnInt() {
    expectErrors("device D {}\n"
        "function int F() { }\n"
        "",
        "t.scenario:2:14: error: 'function F' must return an int on every path\n"
        "function int F() { }\n"
        "             ^\n"
        "");
  }
  void parentCycleBlamesOnlyTheCycle() {
    expectErrors("device D {}\n"
        "workitem A { parent = B; EvtWorkItem { } }\n"
        "workitem B { parent = C; EvtWorkItem { } }\n"
        "workitem C { parent = B; EvtWorkItem { } }\n"
        "",
        "t.scenario:3:23: error: the parent chain of 'B' loops back to itself; a parent must be created before its children\n"
        "workitem B { parent = C; EvtWorkItem { } }\n"
        "                      ^\n"
        "t.scenario:4:23: error: the parent chain of 'C' loops back to itself; a parent must be created before its children\n"
        "workitem C { parent = B; EvtWorkItem { } }\n"
        "                      ^\n"
        "");
  }
  void functionBoundTwiceReportsOnce() {
    expectErrors("device D {}\n"
        "function Work { Undeclared = 1; }\n"
        "workitem W1 { EvtWorkItem = Work; }\n"
        "workitem W2 { EvtWorkItem = Work; }\n"
        "",
        "t.scenario:2:17: error: use of undeclared name 'Undeclared'\n"
        "function Work { Undeclared = 1; }\n"
        "                ^\n"
        "");
  }
  void lexerErrorHasNoFollowOn() {
    expectErrors("scenario \"a\\q\";\n"
        "device D {}\n"
        "shared int X = 99999999999;\n"
        "",
        "t.scenario:1:12: error: unknown escape sequence in string; only \\\" and \\\\ are allowed\n"
        "scenario \"a\\q\";\n"
        "           ^\n"
        "t.scenario:3:16: error: integer literal '99999999999' is out of range; integers are 32-bit signed (at most 2147483647)\n"
        "shared int X = 99999999999;\n"
        "               ^\n"
        "");
  }
  void intWithoutName() {
    expectErrors("device D {}\n"
        "workitem W { EvtWorkItem { int = 3; } }\n"
        "",
        "t.scenario:2:32: error: expected a variable name, found '='\n"
        "workitem W { EvtWorkItem { int = 3; } }\n"
        "                               ^\n"
        "");
  }
  // A[A[A[...]]] once recursed without a limit and crashed the parser.
  void deeplyNestedIndexing() {
    auto c = compile("device D {}\nshared int A[2];\nworkitem W { EvtWorkItem { A[0] = " + repeat("A[", 30000) + "0" +
                     repeat("]", 30000) + "; } }\n");
    CPPUNIT_ASSERT(!c->design);
    CPPUNIT_ASSERT(c->errors.find("t.scenario:3:") == 0);
    CPPUNIT_ASSERT(c->errors.find("error: nesting is too deep (more than 1000 levels)") != std::string::npos);
  }
  // (1+1+...+1) nested in parentheses: each chain was short enough, the whole tree was not,
  // and freeing or compiling it overflowed the stack.
  void parenthesizedOperatorChains() {
    std::string e = "1";
    for (int i = 0; i < 60; ++i)
      e = "(" + e + repeat("+1", 999) + ")";
    auto c = compile("device D {}\nshared int X;\nworkitem W { EvtWorkItem { X = " + e + "; } }\n");
    CPPUNIT_ASSERT(!c->design);
    CPPUNIT_ASSERT(c->errors.find("error: nesting is too deep (more than 1000 levels)") != std::string::npos);
  }
  void leadBytesAboveF4AreInvalid() {
    auto c = compile("device D {}\n// \xF8\x80\x80\x80 and \xFF\xBF\xBF\n");
    CPPUNIT_ASSERT(!c->design);
    CPPUNIT_ASSERT(c->errors.find("t.scenario:2:4: error: invalid UTF-8 byte sequence") == 0);
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(FrontEndRegressionTest);
