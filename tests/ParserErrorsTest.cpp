// Pins the syntax errors of the scenario front end (lexer and parser) byte for byte: for
// each malformed input, every rendered diagnostic (file:line:col, message, source line,
// caret) in order. Also hostile inputs (deep nesting, random bytes, huge tokens) that must
// end with an error rather than a crash or a hang.
#include <cppunit/extensions/HelperMacros.h>

#include <random>
#include <string>

#include "TestUtil.hpp"

class ParserErrorsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ParserErrorsTest);
  CPPUNIT_TEST(unexpectedCharacterIsReportedOnce);
  CPPUNIT_TEST(controlByteIsNamedByValue);
  CPPUNIT_TEST(tabsKeepTheCaretAligned);
  CPPUNIT_TEST(invalidUtf8InComment);
  CPPUNIT_TEST(overlongUtf8InBlockComment);
  CPPUNIT_TEST(nonAsciiLetterInIdentifier);
  CPPUNIT_TEST(unterminatedBlockComment);
  CPPUNIT_TEST(missingSemicolonAfterAttribute);
  CPPUNIT_TEST(missingObjectName);
  CPPUNIT_TEST(driverBlockTakesNoName);
  CPPUNIT_TEST(unknownTopLevelDeclaration);
  CPPUNIT_TEST(numberAtTopLevel);
  CPPUNIT_TEST(strayClosingBraceAtTopLevel);
  CPPUNIT_TEST(scenarioTitleMustBeAString);
  CPPUNIT_TEST(scenarioTitleGivenTwice);
  CPPUNIT_TEST(callbackWithoutBodyOrBinding);
  CPPUNIT_TEST(callbackBoundToNumber);
  CPPUNIT_TEST(callbackBindingMissingSemicolon);
  CPPUNIT_TEST(emptyMemberInObject);
  CPPUNIT_TEST(attributeBlockMissingEquals);
  CPPUNIT_TEST(fileObjectGivenTwice);
  CPPUNIT_TEST(lockNeedsAName);
  CPPUNIT_TEST(eventDeclarationMissingSemicolon);
  CPPUNIT_TEST(sharedWithoutType);
  CPPUNIT_TEST(sharedInitializerMissing);
  CPPUNIT_TEST(arraySizeOutOfRange);
  CPPUNIT_TEST(arraySizeUnclosed);
  CPPUNIT_TEST(arrayInitializerNeedsBraces);
  CPPUNIT_TEST(arrayInitializerUnclosed);
  CPPUNIT_TEST(requestWithoutContextKeyword);
  CPPUNIT_TEST(requestContextDeclaredTwice);
  CPPUNIT_TEST(requestFieldWithoutType);
  CPPUNIT_TEST(functionWithoutBody);
  CPPUNIT_TEST(parameterWithoutType);
  CPPUNIT_TEST(voidParameterListIsNotAType);
  CPPUNIT_TEST(parameterListUnclosed);
  CPPUNIT_TEST(environmentNeedsABrace);
  CPPUNIT_TEST(environmentHoldsOnlyThreadsAndFinally);
  CPPUNIT_TEST(threadWithoutName);
  CPPUNIT_TEST(threadAtUnknownLevel);
  CPPUNIT_TEST(threadAtWithoutLevel);
  CPPUNIT_TEST(environmentDeclaredTwice);
  CPPUNIT_TEST(finallyGivenTwice);
  CPPUNIT_TEST(expectNeedsAFindingKind);
  CPPUNIT_TEST(expectArgumentsUnclosed);
  CPPUNIT_TEST(expectArgumentMustBeAName);
  CPPUNIT_TEST(statementMissingSemicolon);
  CPPUNIT_TEST(expressionIsNotAStatement);
  CPPUNIT_TEST(ifNeedsParentheses);
  CPPUNIT_TEST(ifConditionUnclosed);
  CPPUNIT_TEST(whileNeedsParentheses);
  CPPUNIT_TEST(forHeaderUnclosed);
  CPPUNIT_TEST(breakNeedsSemicolon);
  CPPUNIT_TEST(assertMessageMustBeAString);
  CPPUNIT_TEST(assertUnclosed);
  CPPUNIT_TEST(assumeUnclosed);
  CPPUNIT_TEST(sendNeedsTo);
  CPPUNIT_TEST(sendNeedsAQueueName);
  CPPUNIT_TEST(sendAsNeedsAName);
  CPPUNIT_TEST(openAsNeedsAName);
  CPPUNIT_TEST(cancelNeedsSemicolon);
  CPPUNIT_TEST(conditionalNeedsColon);
  CPPUNIT_TEST(indexUnclosed);
  CPPUNIT_TEST(fieldAccessNeedsAName);
  CPPUNIT_TEST(argumentListUnclosed);
  CPPUNIT_TEST(chooseRangeUnclosed);
  CPPUNIT_TEST(chooseListUnclosed);
  CPPUNIT_TEST(parenthesisUnclosed);
  CPPUNIT_TEST(binaryOperatorMissingOperand);
  CPPUNIT_TEST(assignmentOperatorTwice);
  CPPUNIT_TEST(incrementWithoutOperand);
  CPPUNIT_TEST(localDeclarationMissingSemicolon);
  CPPUNIT_TEST(objectUnclosedAtEndOfFile);
  CPPUNIT_TEST(reportsEverySyntaxErrorInAFile);
  CPPUNIT_TEST(reportsLexicalAndSyntaxErrorsTogether);
  CPPUNIT_TEST(emptyFileNeedsADevice);
  CPPUNIT_TEST(lineCommentOnlyFileNeedsADevice);
  CPPUNIT_TEST(blockCommentOnlyFileNeedsADevice);
  CPPUNIT_TEST(truncatedInsideCallbackBody);
  CPPUNIT_TEST(invalidUtf8InIdentifierPosition);
  CPPUNIT_TEST(tenThousandNestedParentheses);
  CPPUNIT_TEST(tenThousandNestedBlocks);
  CPPUNIT_TEST(tenThousandUnclosedBlocks);
  CPPUNIT_TEST(tenThousandNestedThreadBlocks);
  CPPUNIT_TEST(tenThousandNestedUnaryOperators);
  CPPUNIT_TEST(tenThousandNestedCalls);
  CPPUNIT_TEST(tenThousandNestedConditionals);
  CPPUNIT_TEST(tenThousandNestedIfs);
  CPPUNIT_TEST(expressionWithTooManyOperators);
  CPPUNIT_TEST(twoMegabytesOfRandomBytes);
  CPPUNIT_TEST(overlongIdentifier);
  CPPUNIT_TEST(megabyteLongIdentifier);
  CPPUNIT_TEST(outOfRangeInteger);
  CPPUNIT_TEST(nulByte);
  CPPUNIT_TEST(errorsStopAtTheLimit);
  CPPUNIT_TEST_SUITE_END();

  // Compiles `text` as t.scenario and checks that it is rejected with exactly `expected`:
  // every diagnostic, in order, with its location, source line and caret.
  static void expectErrors(const std::string &text, const std::string &expected) {
    auto c = wdf::test::compile(text);
    CPPUNIT_ASSERT_EQUAL(expected, c->errors);
    CPPUNIT_ASSERT(!c->design);
  }

  static size_t count(const std::string &text, const std::string &what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
      ++n;
    return n;
  }
  // For inputs whose offending line is too long to spell out: the first line of the
  // diagnostics is exactly `header`, and there is exactly one diagnostic (header, source
  // line, caret).
  static void expectOneError(const std::string &text, const std::string &header) {
    auto c = wdf::test::compile(text);
    CPPUNIT_ASSERT(!c->design);
    CPPUNIT_ASSERT_EQUAL(header, c->errors.substr(0, c->errors.find('\n') + 1));
    CPPUNIT_ASSERT_EQUAL(size_t(1), count(c->errors, ": error: "));
    CPPUNIT_ASSERT_EQUAL(size_t(3), count(c->errors, "\n"));
    CPPUNIT_ASSERT(c->errors.size() >= 2 && c->errors.compare(c->errors.size() - 2, 2, "^\n") == 0);
  }
  static std::string repeat(const std::string &s, size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (size_t i = 0; i < n; ++i)
      out += s;
    return out;
  }

public:
  // a stray character is reported once; the rest of the line still parses
  void unexpectedCharacterIsReportedOnce() {
    expectErrors("device D {}\n"
                 "shared int X = 1; $\n",
                 "t.scenario:2:19: error: unexpected character '$'\n"
                 "shared int X = 1; $\n"
                 "                  ^\n");
  }

  // a control byte is named by its value and shown as '?' in the echoed line
  void controlByteIsNamedByValue() {
    expectErrors("device D {}\n"
                 "shared int X\x01 = 1;\n",
                 "t.scenario:2:13: error: unexpected character byte 0x01\n"
                 "shared int X? = 1;\n"
                 "            ^\n");
  }

  // the caret line reuses the tabs of the source line
  void tabsKeepTheCaretAligned() {
    expectErrors("device D {}\n"
                 "\tshared int X = 1 `;\n",
                 "t.scenario:2:19: error: unexpected character '`'\n"
                 "\tshared int X = 1 `;\n"
                 "\t                 ^\n");
  }

  // a byte that is not UTF-8, inside a comment
  void invalidUtf8InComment() {
    expectErrors("device D {} // caf\xe9 au lait\n",
                 "t.scenario:1:19: error: invalid UTF-8 byte sequence; scenario files must be UTF-8 text\n"
                 "device D {} // caf? au lait\n"
                 "                  ^\n");
  }

  // an overlong UTF-8 encoding of '/' is rejected and skipped as one sequence
  void overlongUtf8InBlockComment() {
    expectErrors("device D {}\n"
                 "/* a \xc0\xaf b */\n",
                 "t.scenario:2:6: error: invalid UTF-8 byte sequence; scenario files must be UTF-8 text\n"
                 "/* a ?? b */\n"
                 "     ^\n");
  }

  // a non-ASCII letter where an identifier goes
  void nonAsciiLetterInIdentifier() {
    expectErrors("device D {}\n"
                 "shared int Caf\xc3\xa9 = 1;\n",
                 "t.scenario:2:15: error: unexpected character; only ASCII is allowed outside strings and comments\n"
                 "shared int Caf?? = 1;\n"
                 "              ^\n");
  }

  // a /* comment still open at the end of the file
  void unterminatedBlockComment() {
    expectErrors("device D {}\n"
                 "shared int X = 1;\n"
                 "/* never closed",
                 "t.scenario:3:1: error: unterminated /* comment\n"
                 "/* never closed\n"
                 "^\n");
  }

  // an attribute value not followed by ';'
  void missingSemicolonAfterAttribute() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Sequential }\n",
                 "t.scenario:2:37: error: expected ';' after the attribute value, found '}'\n"
                 "queue Q { DispatchType = Sequential }\n"
                 "                                    ^\n");
  }

  // an object kind without a name
  void missingObjectName() {
    expectErrors("device { ExecutionLevel = Passive; }\n",
                 "t.scenario:1:8: error: expected a name for the device, found '{'\n"
                 "device { ExecutionLevel = Passive; }\n"
                 "       ^\n");
  }

  // the driver block is not named
  void driverBlockTakesNoName() {
    expectErrors("driver Drv { }\n"
                 "device D {}\n",
                 "t.scenario:1:8: error: expected '{' after 'driver', found 'Drv'\n"
                 "driver Drv { }\n"
                 "       ^\n");
  }

  // a word that starts no declaration
  void unknownTopLevelDeclaration() {
    expectErrors("device D {}\n"
                 "mutex M;\n",
                 "t.scenario:2:1: error: expected a declaration (scenario, driver, device, queue, workitem, dpc, timer, interrupt, spinlock, waitlock, event, shared, request context, function, environment, expect or suppress), found 'mutex'\n"
                 "mutex M;\n"
                 "^\n");
  }

  // a literal where a declaration goes
  void numberAtTopLevel() {
    expectErrors("device D {}\n"
                 "42;\n",
                 "t.scenario:2:1: error: expected a declaration (scenario, driver, device, queue, workitem, dpc, timer, interrupt, spinlock, waitlock, event, shared, request context, function, environment, expect or suppress), found '42'\n"
                 "42;\n"
                 "^\n");
  }

  // a '}' with nothing to close; the declaration after it still parses
  void strayClosingBraceAtTopLevel() {
    expectErrors("device D {}\n"
                 "}\n"
                 "workitem W { EvtWorkItem { } }\n",
                 "t.scenario:2:1: error: expected a declaration (scenario, driver, device, queue, workitem, dpc, timer, interrupt, spinlock, waitlock, event, shared, request context, function, environment, expect or suppress), found '}'\n"
                 "}\n"
                 "^\n");
  }

  // the title is a string literal
  void scenarioTitleMustBeAString() {
    expectErrors("scenario Title;\n"
                 "device D {}\n",
                 "t.scenario:1:10: error: expected string after 'scenario' (the scenario's title), found 'Title'\n"
                 "scenario Title;\n"
                 "         ^\n");
  }

  // two scenario lines
  void scenarioTitleGivenTwice() {
    expectErrors("scenario \"a\";\n"
                 "scenario \"b\";\n"
                 "device D {}\n",
                 "t.scenario:2:1: error: the scenario title is given twice\n"
                 "scenario \"b\";\n"
                 "^\n");
  }

  // a callback name followed by neither a body nor '='
  void callbackWithoutBodyOrBinding() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem; }\n",
                 "t.scenario:2:25: error: expected '=' after 'EvtWorkItem' or a '{' to start the callback body, found ';'\n"
                 "workitem W { EvtWorkItem; }\n"
                 "                        ^\n");
  }

  // a callback bound to something that is not a function name
  void callbackBoundToNumber() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem = 3; }\n",
                 "t.scenario:2:28: error: expected a function name to bind to the callback, found '3'\n"
                 "workitem W { EvtWorkItem = 3; }\n"
                 "                           ^\n");
  }

  // 'EvtX = F' without ';'
  void callbackBindingMissingSemicolon() {
    expectErrors("device D {}\n"
                 "function Work { }\n"
                 "workitem W { EvtWorkItem = Work }\n",
                 "t.scenario:3:33: error: expected ';' after the attribute value, found '}'\n"
                 "workitem W { EvtWorkItem = Work }\n"
                 "                                ^\n");
  }

  // a stray ';' inside an object block
  void emptyMemberInObject() {
    expectErrors("device D { ; }\n",
                 "t.scenario:1:12: error: expected an attribute or callback name, found ';'\n"
                 "device D { ; }\n"
                 "           ^\n");
  }

  // a FileObject attribute without '='
  void attributeBlockMissingEquals() {
    expectErrors("device D { FileObject { ExecutionLevel Passive; } }\n",
                 "t.scenario:1:40: error: expected '=' after the attribute name, found 'Passive'\n"
                 "device D { FileObject { ExecutionLevel Passive; } }\n"
                 "                                       ^\n");
  }

  // two FileObject blocks in one device
  void fileObjectGivenTwice() {
    expectErrors("device D { FileObject { ExecutionLevel = Passive; } FileObject { SynchronizationScope = None; } }\n",
                 "t.scenario:1:53: error: FileObject is given twice\n"
                 "device D { FileObject { ExecutionLevel = Passive; } FileObject { SynchronizationScope = None; } }\n"
                 "                                                    ^\n");
  }

  // 'spinlock' without a name
  void lockNeedsAName() {
    expectErrors("device D {}\n"
                 "spinlock;\n",
                 "t.scenario:2:9: error: expected a spin lock name, found ';'\n"
                 "spinlock;\n"
                 "        ^\n");
  }

  // an event declaration not followed by ';' or a block
  void eventDeclarationMissingSemicolon() {
    expectErrors("device D {}\n"
                 "event E waitlock WL;\n",
                 "t.scenario:2:9: error: expected ';' after the event declaration, found 'waitlock'\n"
                 "event E waitlock WL;\n"
                 "        ^\n");
  }

  // a shared variable without int, bool or request
  void sharedWithoutType() {
    expectErrors("device D {}\n"
                 "shared X = 1;\n",
                 "t.scenario:2:8: error: expected a type (int, bool or request), found 'X'\n"
                 "shared X = 1;\n"
                 "       ^\n");
  }

  // '=' with no value
  void sharedInitializerMissing() {
    expectErrors("device D {}\n"
                 "shared int X = ;\n",
                 "t.scenario:2:16: error: expected an expression, found ';'\n"
                 "shared int X = ;\n"
                 "               ^\n");
  }

  // array sizes 0 and 5000 are both reported
  void arraySizeOutOfRange() {
    expectErrors("device D {}\n"
                 "shared int A[0];\n"
                 "shared int B[5000];\n",
                 "t.scenario:2:14: error: array size must be between 1 and 4096\n"
                 "shared int A[0];\n"
                 "             ^\n"
                 "t.scenario:3:14: error: array size must be between 1 and 4096\n"
                 "shared int B[5000];\n"
                 "             ^\n");
  }

  // '[' without ']'
  void arraySizeUnclosed() {
    expectErrors("device D {}\n"
                 "shared int A[4;\n",
                 "t.scenario:2:15: error: expected ']' after the array size, found ';'\n"
                 "shared int A[4;\n"
                 "              ^\n");
  }

  // an array initialized with a scalar
  void arrayInitializerNeedsBraces() {
    expectErrors("device D {}\n"
                 "shared int A[2] = 1;\n",
                 "t.scenario:2:19: error: expected '{' to start the array initializer, found '1'\n"
                 "shared int A[2] = 1;\n"
                 "                  ^\n");
  }

  // '{' of an array initializer without '}'
  void arrayInitializerUnclosed() {
    expectErrors("device D {}\n"
                 "shared int A[2] = {1, 2;\n",
                 "t.scenario:2:24: error: expected '}' to close the array initializer, found ';'\n"
                 "shared int A[2] = {1, 2;\n"
                 "                       ^\n");
  }

  // 'request' must be followed by 'context'
  void requestWithoutContextKeyword() {
    expectErrors("device D {}\n"
                 "request ctx { int A; }\n",
                 "t.scenario:2:9: error: expected 'context' after 'request' (a request context declaration), found 'ctx'\n"
                 "request ctx { int A; }\n"
                 "        ^\n");
  }

  // two request context blocks
  void requestContextDeclaredTwice() {
    expectErrors("device D {}\n"
                 "request context { int A; }\n"
                 "request context { int B; }\n",
                 "t.scenario:3:1: error: the request context is declared twice\n"
                 "request context { int B; }\n"
                 "^\n");
  }

  // a request context field without a type
  void requestFieldWithoutType() {
    expectErrors("device D {}\n"
                 "request context { Count = 1; }\n",
                 "t.scenario:2:19: error: expected a type (int, bool or request), found 'Count'\n"
                 "request context { Count = 1; }\n"
                 "                  ^\n");
  }

  // a function prototype without a body
  void functionWithoutBody() {
    expectErrors("device D {}\n"
                 "function F();\n",
                 "t.scenario:2:13: error: expected '{' to start the function body, found ';'\n"
                 "function F();\n"
                 "            ^\n");
  }

  // a parameter without a type
  void parameterWithoutType() {
    expectErrors("device D {}\n"
                 "function F(x) { }\n",
                 "t.scenario:2:12: error: expected a type (int, bool or request), found 'x'\n"
                 "function F(x) { }\n"
                 "           ^\n");
  }

  // C's (void) parameter list: the language writes F() or F
  void voidParameterListIsNotAType() {
    expectErrors("device D {}\n"
                 "function Bump(void) { }\n",
                 "t.scenario:2:15: error: expected a type (int, bool or request), found 'void'\n"
                 "function Bump(void) { }\n"
                 "              ^\n");
  }

  // '(' of a parameter list without ')'
  void parameterListUnclosed() {
    expectErrors("device D {}\n"
                 "function F(int x { }\n",
                 "t.scenario:2:18: error: expected ')' to close the parameter list, found '{'\n"
                 "function F(int x { }\n"
                 "                 ^\n");
  }

  // 'environment' directly followed by a thread
  void environmentNeedsABrace() {
    expectErrors("device D {}\n"
                 "environment thread T { }\n",
                 "t.scenario:2:13: error: expected '{' after 'environment', found 'thread'\n"
                 "environment thread T { }\n"
                 "            ^\n");
  }

  // a statement directly in the environment block
  void environmentHoldsOnlyThreadsAndFinally() {
    expectErrors("device D {}\n"
                 "environment { send Read to Q; }\n",
                 "t.scenario:2:15: error: expected 'thread' or 'finally' in the environment, found 'send'\n"
                 "environment { send Read to Q; }\n"
                 "              ^\n");
  }

  // 'thread' without a name
  void threadWithoutName() {
    expectErrors("device D {}\n"
                 "environment { thread { } }\n",
                 "t.scenario:2:22: error: expected a thread name, found '{'\n"
                 "environment { thread { } }\n"
                 "                     ^\n");
  }

  // threads run at PASSIVE_LEVEL or DISPATCH_LEVEL only
  void threadAtUnknownLevel() {
    expectErrors("device D {}\n"
                 "environment { thread T at DIRQL { } }\n",
                 "t.scenario:2:27: error: a thread runs at PASSIVE_LEVEL or DISPATCH_LEVEL, not 'DIRQL'\n"
                 "environment { thread T at DIRQL { } }\n"
                 "                          ^\n");
  }

  // 'at' without a level
  void threadAtWithoutLevel() {
    expectErrors("device D {}\n"
                 "environment { thread T at { } }\n",
                 "t.scenario:2:27: error: expected PASSIVE_LEVEL or DISPATCH_LEVEL after 'at', found '{'\n"
                 "environment { thread T at { } }\n"
                 "                          ^\n");
  }

  // two environment blocks
  void environmentDeclaredTwice() {
    expectErrors("device D {}\n"
                 "environment { thread T { } }\n"
                 "environment { thread U { } }\n",
                 "t.scenario:3:1: error: the environment is declared twice\n"
                 "environment { thread U { } }\n"
                 "^\n");
  }

  // two finally blocks
  void finallyGivenTwice() {
    expectErrors("device D {}\n"
                 "environment { finally { } finally { } }\n",
                 "t.scenario:2:27: error: the environment has two finally blocks\n"
                 "environment { finally { } finally { } }\n"
                 "                          ^\n");
  }

  // a number where the finding kind goes
  void expectNeedsAFindingKind() {
    expectErrors("device D {}\n"
                 "expect 42;\n",
                 "t.scenario:2:8: error: expected a finding kind (race, deadlock, lock_cycle, irql, lock_misuse, ddi, request_misuse, assert, config or clean), found '42'\n"
                 "expect 42;\n"
                 "       ^\n");
  }

  // '(' of an expect line without ')'
  void expectArgumentsUnclosed() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "expect race(X;\n",
                 "t.scenario:3:14: error: expected ')' to close the finding's arguments, found ';'\n"
                 "expect race(X;\n"
                 "             ^\n");
  }

  // expect arguments are names
  void expectArgumentMustBeAName() {
    expectErrors("device D {}\n"
                 "expect config(D, 5);\n",
                 "t.scenario:2:18: error: expected a name, found '5'\n"
                 "expect config(D, 5);\n"
                 "                 ^\n");
  }

  // an assignment not followed by ';'
  void statementMissingSemicolon() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X = 1 } }\n",
                 "t.scenario:3:34: error: expected ';' after the statement, found '}'\n"
                 "workitem W { EvtWorkItem { X = 1 } }\n"
                 "                                 ^\n");
  }

  // an expression that is neither an assignment nor a call
  void expressionIsNotAStatement() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X + 1; } }\n",
                 "t.scenario:3:33: error: expected an assignment, '++', '--' or a call as a statement, found ';'\n"
                 "workitem W { EvtWorkItem { X + 1; } }\n"
                 "                                ^\n");
  }

  // C syntax: if (condition)
  void ifNeedsParentheses() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { if X == 1 { X = 2; } } }\n",
                 "t.scenario:3:31: error: expected '(' after 'if', found 'X'\n"
                 "workitem W { EvtWorkItem { if X == 1 { X = 2; } } }\n"
                 "                              ^\n");
  }

  // 'if (' without ')'
  void ifConditionUnclosed() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { if (X == 1 { X = 2; } } }\n",
                 "t.scenario:3:39: error: expected ')' after the if condition, found '{'\n"
                 "workitem W { EvtWorkItem { if (X == 1 { X = 2; } } }\n"
                 "                                      ^\n");
  }

  // C syntax: while (condition)
  void whileNeedsParentheses() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { while X { X = 0; } } }\n",
                 "t.scenario:3:34: error: expected '(' after 'while', found 'X'\n"
                 "workitem W { EvtWorkItem { while X { X = 0; } } }\n"
                 "                                 ^\n");
  }

  // 'for (' without ')'
  void forHeaderUnclosed() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { for (int i = 0; i < 3; i++ { X = i; } } }\n",
                 "t.scenario:3:55: error: expected ')' to close the for header, found '{'\n"
                 "workitem W { EvtWorkItem { for (int i = 0; i < 3; i++ { X = i; } } }\n"
                 "                                                      ^\n");
  }

  // 'break' not followed by ';'
  void breakNeedsSemicolon() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem { while (true) { break } } }\n",
                 "t.scenario:2:49: error: expected ';' after 'break', found '}'\n"
                 "workitem W { EvtWorkItem { while (true) { break } } }\n"
                 "                                                ^\n");
  }

  // assert's second argument is a string
  void assertMessageMustBeAString() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { assert(X == 0, 42); } }\n",
                 "t.scenario:3:43: error: expected string as the assertion message, found '42'\n"
                 "workitem W { EvtWorkItem { assert(X == 0, 42); } }\n"
                 "                                          ^\n");
  }

  // 'assert(' without ')'
  void assertUnclosed() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { assert(X == 0; } }\n",
                 "t.scenario:3:41: error: expected ')' to close assert(...), found ';'\n"
                 "workitem W { EvtWorkItem { assert(X == 0; } }\n"
                 "                                        ^\n");
  }

  // 'assume(' without ')'
  void assumeUnclosed() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { assume(X == 0; } }\n",
                 "t.scenario:3:41: error: expected ')' to close assume(...), found ';'\n"
                 "workitem W { EvtWorkItem { assume(X == 0; } }\n"
                 "                                        ^\n");
  }

  // send K to Q
  void sendNeedsTo() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; }\n"
                 "environment { thread T { send Read Q; } }\n",
                 "t.scenario:3:36: error: expected 'to' after the request kind, found 'Q'\n"
                 "environment { thread T { send Read Q; } }\n"
                 "                                   ^\n");
  }

  // 'to' without a queue
  void sendNeedsAQueueName() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; }\n"
                 "environment { thread T { send Read to; } }\n",
                 "t.scenario:3:38: error: expected a queue name after 'to', found ';'\n"
                 "environment { thread T { send Read to; } }\n"
                 "                                     ^\n");
  }

  // 'as' without a request name
  void sendAsNeedsAName() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; }\n"
                 "environment { thread T { send Read to Q as; } }\n",
                 "t.scenario:3:43: error: expected a request name after 'as', found ';'\n"
                 "environment { thread T { send Read to Q as; } }\n"
                 "                                          ^\n");
  }

  // 'open as' without a file name
  void openAsNeedsAName() {
    expectErrors("device D {}\n"
                 "environment { thread T { open as; } }\n",
                 "t.scenario:2:33: error: expected a file name after 'as', found ';'\n"
                 "environment { thread T { open as; } }\n"
                 "                                ^\n");
  }

  // 'cancel R' not followed by ';'
  void cancelNeedsSemicolon() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; }\n"
                 "environment { thread T { send Read to Q as R; cancel R } }\n",
                 "t.scenario:3:56: error: expected ';' after the cancel statement, found '}'\n"
                 "environment { thread T { send Read to Q as R; cancel R } }\n"
                 "                                                       ^\n");
  }

  // '?' without ':'
  void conditionalNeedsColon() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X = X ? 1 2; } }\n",
                 "t.scenario:3:38: error: expected ':' in the conditional expression, found '2'\n"
                 "workitem W { EvtWorkItem { X = X ? 1 2; } }\n"
                 "                                     ^\n");
  }

  // '[' without ']'
  void indexUnclosed() {
    expectErrors("device D {}\n"
                 "shared int A[2];\n"
                 "workitem W { EvtWorkItem { A[0 = 1; } }\n",
                 "t.scenario:3:32: error: expected ']' to close the index, found '='\n"
                 "workitem W { EvtWorkItem { A[0 = 1; } }\n"
                 "                               ^\n");
  }

  // '.' without a field name
  void fieldAccessNeedsAName() {
    expectErrors("device D {}\n"
                 "request context { int N; }\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { Request. = 1; } }\n",
                 "t.scenario:3:57: error: expected a request context field name after '.', found '='\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { Request. = 1; } }\n"
                 "                                                        ^\n");
  }

  // a call without ')'
  void argumentListUnclosed() {
    expectErrors("device D {}\n"
                 "spinlock L;\n"
                 "workitem W { EvtWorkItem { WdfSpinLockAcquire(L; } }\n",
                 "t.scenario:3:48: error: expected ')' to close the argument list, found ';'\n"
                 "workitem W { EvtWorkItem { WdfSpinLockAcquire(L; } }\n"
                 "                                               ^\n");
  }

  // 'choose(lo..hi' without ')'
  void chooseRangeUnclosed() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X = choose(1..3; } }\n",
                 "t.scenario:3:43: error: expected ')' to close choose(lo..hi), found ';'\n"
                 "workitem W { EvtWorkItem { X = choose(1..3; } }\n"
                 "                                          ^\n");
  }

  // 'choose(a, b' without ')'
  void chooseListUnclosed() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X = choose(1, 2; } }\n",
                 "t.scenario:3:43: error: expected ')' to close choose(...), found ';'\n"
                 "workitem W { EvtWorkItem { X = choose(1, 2; } }\n"
                 "                                          ^\n");
  }

  // '(' in an expression without ')'
  void parenthesisUnclosed() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X = (X + 1; } }\n",
                 "t.scenario:3:38: error: expected ')' to close the parenthesis, found ';'\n"
                 "workitem W { EvtWorkItem { X = (X + 1; } }\n"
                 "                                     ^\n");
  }

  // 'X +' with nothing after the operator
  void binaryOperatorMissingOperand() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X = X + ; } }\n",
                 "t.scenario:3:36: error: expected an expression, found ';'\n"
                 "workitem W { EvtWorkItem { X = X + ; } }\n"
                 "                                   ^\n");
  }

  // 'X = = 1'
  void assignmentOperatorTwice() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X = = 1; } }\n",
                 "t.scenario:3:32: error: expected an expression, found '='\n"
                 "workitem W { EvtWorkItem { X = = 1; } }\n"
                 "                               ^\n");
  }

  // '++' with nothing to increment
  void incrementWithoutOperand() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { ++; } }\n",
                 "t.scenario:3:30: error: expected an expression, found ';'\n"
                 "workitem W { EvtWorkItem { ++; } }\n"
                 "                             ^\n");
  }

  // 'int t = 1' followed by another statement
  void localDeclarationMissingSemicolon() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { int t = 1 X = t; } }\n",
                 "t.scenario:3:38: error: expected ';' after the variable declaration, found 'X'\n"
                 "workitem W { EvtWorkItem { int t = 1 X = t; } }\n"
                 "                                     ^\n");
  }

  // an object block still open at the end of the file
  void objectUnclosedAtEndOfFile() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem { }\n",
                 "t.scenario:3:1: error: expected '}' to close the object, found end of file\n"
                 "\n"
                 "^\n");
  }

  // one file, six syntax errors in different declarations and statements; each is reported
  void reportsEverySyntaxErrorInAFile() {
    expectErrors("device D { ExecutionLevel = Passive }\n"
                 "shared int X = ;\n"
                 "workitem W {\n"
                 "    EvtWorkItem {\n"
                 "        if X { X = 0; }\n"
                 "        X++;\n"
                 "        WdfWorkItemEnqueue(W;\n"
                 "    }\n"
                 "}\n"
                 "spinlock;\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestComplete(Request, 0) } }\n",
                 "t.scenario:1:37: error: expected ';' after the attribute value, found '}'\n"
                 "device D { ExecutionLevel = Passive }\n"
                 "                                    ^\n"
                 "t.scenario:2:16: error: expected an expression, found ';'\n"
                 "shared int X = ;\n"
                 "               ^\n"
                 "t.scenario:5:12: error: expected '(' after 'if', found 'X'\n"
                 "        if X { X = 0; }\n"
                 "           ^\n"
                 "t.scenario:7:29: error: expected ')' to close the argument list, found ';'\n"
                 "        WdfWorkItemEnqueue(W;\n"
                 "                            ^\n"
                 "t.scenario:10:9: error: expected a spin lock name, found ';'\n"
                 "spinlock;\n"
                 "        ^\n"
                 "t.scenario:11:79: error: expected ';' after the statement, found '}'\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestComplete(Request, 0) } }\n"
                 "                                                                              ^\n");
  }

  // lexical errors and a syntax error in one file are all reported, in order
  void reportsLexicalAndSyntaxErrorsTogether() {
    expectErrors("device D {} // caf\xe9\n"
                 "shared int X = 1; $\n"
                 "queue Q { DispatchType = Parallel }\n"
                 "/* never closed",
                 "t.scenario:1:19: error: invalid UTF-8 byte sequence; scenario files must be UTF-8 text\n"
                 "device D {} // caf?\n"
                 "                  ^\n"
                 "t.scenario:2:19: error: unexpected character '$'\n"
                 "shared int X = 1; $\n"
                 "                  ^\n"
                 "t.scenario:3:35: error: expected ';' after the attribute value, found '}'\n"
                 "queue Q { DispatchType = Parallel }\n"
                 "                                  ^\n"
                 "t.scenario:4:1: error: unterminated /* comment\n"
                 "/* never closed\n"
                 "^\n");
  }

  // an empty file: the only error is the missing device, at 1:1
  void emptyFileNeedsADevice() {
    expectErrors("",
                 "t.scenario:1:1: error: a scenario needs a device: declare one with 'device Name { ... }'\n"
                 "\n"
                 "^\n");
  }

  // a file that is only a // comment
  void lineCommentOnlyFileNeedsADevice() {
    expectErrors("// just a comment\n",
                 "t.scenario:1:1: error: a scenario needs a device: declare one with 'device Name { ... }'\n"
                 "// just a comment\n"
                 "^\n");
  }

  // a file that is only a /* */ comment, without a final newline
  void blockCommentOnlyFileNeedsADevice() {
    expectErrors("/* only a comment */",
                 "t.scenario:1:1: error: a scenario needs a device: declare one with 'device Name { ... }'\n"
                 "/* only a comment */\n"
                 "^\n");
  }

  // a file cut in the middle of a callback body: the expression, the body and the object are all unfinished
  void truncatedInsideCallbackBody() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W {\n"
                 "    EvtWorkItem {\n"
                 "        X = X + 1;\n"
                 "        if (X > ",
                 "t.scenario:6:17: error: expected an expression, found end of file\n"
                 "        if (X > \n"
                 "                ^\n"
                 "t.scenario:6:17: error: expected '}' to close the callback body, found end of file\n"
                 "        if (X > \n"
                 "                ^\n"
                 "t.scenario:6:17: error: expected '}' to close the object, found end of file\n"
                 "        if (X > \n"
                 "                ^\n");
  }

  // a 0xFF byte where code goes
  void invalidUtf8InIdentifierPosition() {
    expectErrors("device D {}\n"
                 "shared int X\xff = 1;\n",
                 "t.scenario:2:13: error: invalid UTF-8 byte sequence; scenario files must be UTF-8 text\n"
                 "shared int X? = 1;\n"
                 "            ^\n");
  }

  // ---- hostile inputs: each must end with an error, quickly, without exhausting the stack

  // 10,000 levels of parentheses stop at the nesting limit, at the 199th '(' (the callback
  // body and the statement are the first two levels).
  void tenThousandNestedParentheses() {
    expectOneError("device D {}\nshared int X;\nworkitem W { EvtWorkItem { X = " + repeat("(", 10000) + "1" +
                       repeat(")", 10000) + "; } }\n",
                   "t.scenario:3:1030: error: nesting is too deep (more than 1000 levels)\n");
  }
  void tenThousandNestedBlocks() {
    expectOneError("device D {}\nworkitem W { EvtWorkItem " + repeat("{", 10000) + repeat("}", 10000) + " }\n",
                   "t.scenario:2:526: error: nesting is too deep (more than 1000 levels)\n");
  }
  // The same, cut off before any block closes.
  void tenThousandUnclosedBlocks() {
    expectOneError("device D {}\nworkitem W { EvtWorkItem " + repeat("{", 10000) + "\n",
                   "t.scenario:2:526: error: nesting is too deep (more than 1000 levels)\n");
  }
  void tenThousandNestedThreadBlocks() {
    expectOneError("device D {}\nenvironment { thread T " + repeat("{", 10000) + repeat("}", 10000) + " }\n",
                   "t.scenario:2:524: error: nesting is too deep (more than 1000 levels)\n");
  }
  void tenThousandNestedUnaryOperators() {
    expectOneError("device D {}\nshared int X;\nworkitem W { EvtWorkItem { X = " + repeat("!", 10000) + "1; } }\n",
                   "t.scenario:3:1030: error: nesting is too deep (more than 1000 levels)\n");
  }
  void tenThousandNestedCalls() {
    expectOneError("device D {}\nshared int X;\nworkitem W { EvtWorkItem { X = " + repeat("f(", 10000) +
                       repeat(")", 10000) + "; } }\n",
                   "t.scenario:3:2028: error: nesting is too deep (more than 1000 levels)\n");
  }
  void tenThousandNestedConditionals() {
    expectOneError("device D {}\nshared int X;\nworkitem W { EvtWorkItem { X = " + repeat("X ? ", 10000) + "1" +
                       repeat(" : 2", 10000) + "; } }\n",
                   "t.scenario:3:4026: error: nesting is too deep (more than 1000 levels)\n");
  }
  void tenThousandNestedIfs() {
    expectOneError("device D {}\nshared int X;\nworkitem W { EvtWorkItem { " + repeat("if (X) ", 10000) +
                       "X = 1; } }\n",
                   "t.scenario:3:7021: error: nesting is too deep (more than 1000 levels)\n");
  }
  // A flat chain of 20,000 additions stops at the 10,001st operator.
  void expressionWithTooManyOperators() {
    expectOneError("device D {}\nshared int X;\nworkitem W { EvtWorkItem { X = 1" + repeat(" + 1", 19999) + "; } }\n",
                   "t.scenario:3:4022: error: nesting is too deep (more than 1000 levels)\n");
  }
  // 2 MB of pseudo-random bytes (a fixed seed, so every run sees the same file): rejected
  // with at most the engine's 20 errors, the first at the first byte.
  void twoMegabytesOfRandomBytes() {
    std::mt19937 gen(20240601u);
    std::string text(2u << 20, '\0');
    for (char &ch : text)
      ch = static_cast<char>(gen() & 0xFF);
    auto c = wdf::test::compile(text);
    CPPUNIT_ASSERT(!c->design);
    CPPUNIT_ASSERT(c->errors.rfind("t.scenario:1:1: error: ", 0) == 0);
    size_t errors = count(c->errors, ": error: ");
    CPPUNIT_ASSERT(errors >= 1 && errors <= 20);
  }
  // An identifier of 300 characters. Only the first diagnostic is pinned; the follow-on
  // error about the missing name is a known cascade (see the report).
  void overlongIdentifier() {
    auto c = wdf::test::compile("device D {}\nshared int " + std::string(300, 'a') + ";\n");
    CPPUNIT_ASSERT(!c->design);
    CPPUNIT_ASSERT(c->errors.rfind("t.scenario:2:12: error: identifier is too long (300 characters; at most 255)\n"
                                   "shared int aaaa",
                                   0) == 0);
  }
  void megabyteLongIdentifier() {
    auto c = wdf::test::compile("device D {}\nshared int " + std::string(1u << 20, 'a') + ";\n");
    CPPUNIT_ASSERT(!c->design);
    CPPUNIT_ASSERT(
        c->errors.rfind("t.scenario:2:12: error: identifier is too long (1048576 characters; at most 255)\n", 0) == 0);
  }
  // Only the first diagnostic is pinned; the follow-on "expected an expression" is a known
  // cascade (see the report).
  void outOfRangeInteger() {
    auto c = wdf::test::compile("device D {}\nshared int X = 99999999999999999999;\n");
    CPPUNIT_ASSERT(!c->design);
    CPPUNIT_ASSERT(c->errors.rfind("t.scenario:2:16: error: integer literal '99999999999999999999' is out of range; "
                                   "integers are 32-bit signed (at most 2147483647)\n"
                                   "shared int X = 99999999999999999999;\n"
                                   "               ^\n",
                                   0) == 0);
  }
  // A NUL byte is a stray character like any other control byte.
  void nulByte() {
    expectErrors(std::string("device D {}\0\n", 13),
                 "t.scenario:1:12: error: unexpected character byte 0x00\n"
                 "device D {}?\n"
                 "           ^\n");
  }
  // 500 bad declarations: the first 20 are reported, in order, and parsing stops.
  void errorsStopAtTheLimit() {
    auto c = wdf::test::compile("device D {}\n" + repeat("x;\n", 500));
    CPPUNIT_ASSERT(!c->design);
    CPPUNIT_ASSERT_EQUAL(size_t(20), count(c->errors, ": error: "));
    CPPUNIT_ASSERT(c->errors.rfind("t.scenario:2:1: error: expected a declaration (", 0) == 0);
    CPPUNIT_ASSERT(c->errors.find("t.scenario:21:1: error: expected a declaration (") != std::string::npos);
    CPPUNIT_ASSERT(c->errors.find("t.scenario:22:1:") == std::string::npos);
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ParserErrorsTest);
