// Recursive-descent parser for scenario files. Produces the Ast as written; reports
// syntax errors with file:line:column and recovers at the next ';' or '}' so that one
// run lists every error (up to the engine's limit). Nesting depth is capped so that no
// input can exhaust the stack.
#pragma once
#include <deque>
#include <vector>

#include "Ast.hpp"
#include "Lexer.hpp"
#include "Token.hpp"
#include "core/Diagnostics.hpp"

namespace wdf::frontend {

class Parser {
public:
  Parser(Lexer &lexer, DiagnosticEngine &diags) : lexer_(lexer), diags_(diags) {}
  ast::Scenario parse(uint32_t fileId);

  // Blocks, statements, parentheses, indexing and operator chains all count.
  static constexpr int MaxNesting = 1000;

private:
  struct Bail {};  // thrown to abandon the current statement or declaration after an error
  struct Abort {}; // thrown to stop parsing the file (nesting limit, error limit)

  // token access
  const Token &peek(size_t ahead = 0) const;
  const Token &cur() const { return peek(0); }
  Token take();
  bool at(Tok k) const { return cur().kind == k; }
  bool atWord(const char *w) const { return at(Tok::Ident) && cur().text == w; }
  bool accept(Tok k);
  bool acceptWord(const char *w);
  Token expect(Tok k, const char *context);
  ast::Ident expectIdent(const char *what);
  [[noreturn]] void fail(SourceLoc loc, const std::string &msg);
  std::string found() const;

  // recovery
  void skipToDeclaration();
  void skipStatement();

  // declarations
  void parseDeclaration(ast::Scenario &s);
  ast::ObjectDecl parseObject(ast::ObjectKind kind, SourceLoc loc, bool named);
  void parseObjectMember(ast::ObjectDecl &obj);
  std::vector<ast::Attribute> parseAttributeBlock(const char *what);
  void parseShared(ast::Scenario &s, SourceLoc loc);
  void parseRequestContext(ast::Scenario &s, SourceLoc loc);
  void parseFunction(ast::Scenario &s);
  void parseEnvironment(ast::Scenario &s, SourceLoc loc);
  ast::FindingPattern parsePattern(SourceLoc loc, bool allowNo);
  bool atTypeName() const;
  ast::Type parseTypeName();

  // statements
  ast::StmtPtr parseBlock(const char *context);
  ast::StmtPtr parseStatement();
  ast::StmtPtr parseStatementInner();
  ast::StmtPtr parseSimple(bool requireSemi);
  ast::StmtPtr parseVarDecl(bool requireSemi);

  // expressions
  ast::ExprPtr parseExpr();
  ast::ExprPtr parseTernary();
  ast::ExprPtr parseBinary(int minPrec);
  ast::ExprPtr parseUnary();
  ast::ExprPtr parsePostfix();
  ast::ExprPtr parsePrimary();
  void enter(SourceLoc loc); // one nesting level deeper; aborts past MaxNesting
  struct DepthGuard {
    Parser *p;
    ~DepthGuard() { --p->depth_; }
  };
  // Gives back the levels a chain (`a + b + c`, `a[i].F`) entered, counted in `n`.
  struct ChainGuard {
    Parser *p;
    int &n;
    ~ChainGuard() { p->depth_ -= n; }
  };

  Lexer &lexer_;
  DiagnosticEngine &diags_;
  mutable std::deque<Token> ahead_; // lookahead pulled from the lexer
  int depth_ = 0;
};

} // namespace wdf::frontend
