#include "Parser.hpp"

#include <cstring>

namespace wdf::frontend {

using namespace ast;

// ---------------------------------------------------------------- token access

const Token &Parser::peek(size_t ahead) const {
  while (ahead_.size() <= ahead)
    ahead_.push_back(lexer_.next());
  return ahead_[ahead];
}

Token Parser::take() {
  peek();
  Token t = std::move(ahead_.front());
  ahead_.pop_front();
  return t;
}

bool Parser::accept(Tok k) {
  if (!at(k))
    return false;
  take();
  return true;
}

bool Parser::acceptWord(const char *w) {
  if (!atWord(w))
    return false;
  take();
  return true;
}

std::string Parser::found() const {
  const Token &t = cur();
  switch (t.kind) {
  case Tok::Ident: return "'" + t.text + "'";
  case Tok::Int: return "'" + t.text + "'";
  case Tok::String: return "a string";
  default: return tokenSpelling(t.kind);
  }
}

void Parser::fail(SourceLoc loc, const std::string &msg) {
  // A token the lexer already reported needs no second message.
  if (!at(Tok::Error))
    diags_.error(loc, msg);
  if (diags_.limitReached())
    throw Abort{};
  throw Bail{};
}

Token Parser::expect(Tok k, const char *context) {
  if (!at(k))
    fail(cur().loc, std::string("expected ") + tokenSpelling(k) + " " + context + ", found " + found());
  return take();
}

Ident Parser::expectIdent(const char *what) {
  if (!at(Tok::Ident))
    fail(cur().loc, std::string("expected ") + what + ", found " + found());
  Token t = take();
  return {std::move(t.text), t.loc};
}

void Parser::enter(SourceLoc loc) {
  if (++depth_ > MaxNesting) {
    diags_.error(loc, "nesting is too deep (more than " + std::to_string(MaxNesting) + " levels)");
    throw Abort{};
  }
}

// ---------------------------------------------------------------- recovery

static const char *const TopLevelWords[] = {
    "scenario", "driver", "device", "queue", "workitem", "dpc", "timer", "interrupt", "spinlock",
    "waitlock", "event", "shared", "request", "function", "environment", "suppress", "expect"};

static bool isTopLevelWord(const std::string &w) {
  for (const char *k : TopLevelWords)
    if (w == k)
      return true;
  return false;
}

// Skips to the start of the next top-level declaration: a declaration keyword at brace
// depth zero.
void Parser::skipToDeclaration() {
  int depth = 0;
  while (!at(Tok::Eof)) {
    if (depth == 0 && at(Tok::Ident) && isTopLevelWord(cur().text))
      return;
    if (at(Tok::LBrace))
      ++depth;
    if (at(Tok::RBrace) && --depth <= 0) {
      take();
      if (depth < 0)
        depth = 0;
      continue;
    }
    if (at(Tok::Semi) && depth == 0) {
      take();
      return;
    }
    take();
  }
}

// Skips the rest of a bad statement: through the next ';' at this level, or up to (not
// including) the '}' that closes the enclosing block.
void Parser::skipStatement() {
  int depth = 0;
  while (!at(Tok::Eof)) {
    if (at(Tok::LBrace))
      ++depth;
    else if (at(Tok::RBrace)) {
      if (depth == 0)
        return;
      if (--depth == 0) {
        take();
        return;
      }
    } else if (at(Tok::Semi) && depth == 0) {
      take();
      return;
    }
    take();
  }
}

// ---------------------------------------------------------------- declarations

Scenario Parser::parse(uint32_t fileId) {
  Scenario s;
  s.file = fileId;
  try {
    while (!at(Tok::Eof)) {
      try {
        parseDeclaration(s);
      } catch (Bail &) {
        skipToDeclaration();
      }
    }
  } catch (Abort &) {
  }
  return s;
}

bool Parser::atTypeName() const {
  return atWord("int") || atWord("bool") || atWord("request");
}

Type Parser::parseTypeName() {
  if (acceptWord("int"))
    return Type::Int;
  if (acceptWord("bool"))
    return Type::Bool;
  if (acceptWord("request"))
    return Type::Request;
  fail(cur().loc, "expected a type (int, bool or request), found " + found());
}

void Parser::parseDeclaration(Scenario &s) {
  if (!at(Tok::Ident))
    fail(cur().loc, "expected a declaration (scenario, driver, device, queue, workitem, dpc, timer, "
                    "interrupt, spinlock, waitlock, event, shared, request context, function, "
                    "environment, expect or suppress), found " + found());
  Token kw = take();
  const std::string &w = kw.text;
  if (w == "scenario") {
    Token t = expect(Tok::String, "after 'scenario' (the scenario's title)");
    if (s.title)
      diags_.error(kw.loc, "the scenario title is given twice");
    s.title = t.text;
    expect(Tok::Semi, "after the scenario title");
  } else if (w == "driver") {
    s.objects.push_back(parseObject(ObjectKind::Driver, kw.loc, false));
  } else if (w == "device") {
    s.objects.push_back(parseObject(ObjectKind::Device, kw.loc, true));
  } else if (w == "queue") {
    s.objects.push_back(parseObject(ObjectKind::Queue, kw.loc, true));
  } else if (w == "workitem") {
    s.objects.push_back(parseObject(ObjectKind::WorkItem, kw.loc, true));
  } else if (w == "dpc") {
    s.objects.push_back(parseObject(ObjectKind::Dpc, kw.loc, true));
  } else if (w == "timer") {
    s.objects.push_back(parseObject(ObjectKind::Timer, kw.loc, true));
  } else if (w == "interrupt") {
    s.objects.push_back(parseObject(ObjectKind::Interrupt, kw.loc, true));
  } else if (w == "spinlock" || w == "waitlock") {
    LockDecl d{w == "spinlock" ? LockKind::SpinLock : LockKind::WaitLock,
               expectIdent(w == "spinlock" ? "a spin lock name" : "a wait lock name")};
    expect(Tok::Semi, "after the lock declaration");
    s.locks.push_back(std::move(d));
  } else if (w == "event") {
    EventDecl e{expectIdent("an event name"), {}};
    if (at(Tok::LBrace))
      e.attrs = parseAttributeBlock("event");
    else
      expect(Tok::Semi, "after the event declaration");
    s.events.push_back(std::move(e));
  } else if (w == "shared") {
    parseShared(s, kw.loc);
  } else if (w == "request") {
    parseRequestContext(s, kw.loc);
  } else if (w == "function") {
    parseFunction(s);
  } else if (w == "environment") {
    parseEnvironment(s, kw.loc);
  } else if (w == "expect") {
    s.expects.push_back(parsePattern(kw.loc, true));
  } else if (w == "suppress") {
    s.suppressions.push_back(parsePattern(kw.loc, false));
  } else {
    fail(kw.loc, "expected a declaration (scenario, driver, device, queue, workitem, dpc, timer, "
                 "interrupt, spinlock, waitlock, event, shared, request context, function, "
                 "environment, expect or suppress), found '" + w + "'");
  }
}

ObjectDecl Parser::parseObject(ObjectKind kind, SourceLoc loc, bool named) {
  ObjectDecl obj{kind, {}, loc, {}, {}, false, {}, {}};
  if (named)
    obj.name = expectIdent((std::string("a name for the ") + objectKindName(kind)).c_str());
  expect(Tok::LBrace, named ? "after the object name" : "after 'driver'");
  while (!at(Tok::RBrace) && !at(Tok::Eof)) {
    try {
      parseObjectMember(obj);
    } catch (Bail &) {
      skipStatement();
    }
  }
  expect(Tok::RBrace, "to close the object");
  accept(Tok::Semi);
  return obj;
}

// One member of an object block: `Attr = value;`, `EvtX { ... }`, `EvtX = Function;`,
// or (devices) `FileObject { ... }`.
void Parser::parseObjectMember(ObjectDecl &obj) {
  Ident name = expectIdent("an attribute or callback name");
  if (name.name == "FileObject" && at(Tok::LBrace)) {
    obj.fileObjectAttrs = parseAttributeBlock("FileObject");
    if (obj.hasFileObject)
      diags_.error(name.loc, "FileObject is given twice");
    obj.hasFileObject = true;
    obj.fileObjectLoc = name.loc;
    return;
  }
  bool isCallback = name.name.rfind("Evt", 0) == 0;
  if (isCallback && at(Tok::LBrace)) {
    Callback cb{name, parseBlock("callback body"), std::nullopt};
    obj.callbacks.push_back(std::move(cb));
    return;
  }
  if (!at(Tok::Assign))
    fail(cur().loc, std::string("expected '=' after '") + name.name + "'" +
                        (isCallback ? " or a '{' to start the callback body" : "") + ", found " + found());
  take();
  if (isCallback) {
    Callback cb{name, nullptr, expectIdent("a function name to bind to the callback")};
    obj.callbacks.push_back(std::move(cb));
  } else {
    obj.attrs.push_back({name, parseExpr()});
  }
  expect(Tok::Semi, "after the attribute value");
}

std::vector<Attribute> Parser::parseAttributeBlock(const char *what) {
  std::vector<Attribute> attrs;
  expect(Tok::LBrace, (std::string("to start the ") + what + " attributes").c_str());
  while (!at(Tok::RBrace) && !at(Tok::Eof)) {
    try {
      Ident name = expectIdent("an attribute name");
      expect(Tok::Assign, "after the attribute name");
      attrs.push_back({name, parseExpr()});
      expect(Tok::Semi, "after the attribute value");
    } catch (Bail &) {
      skipStatement();
    }
  }
  expect(Tok::RBrace, "to close the attribute block");
  accept(Tok::Semi);
  return attrs;
}

void Parser::parseShared(Scenario &s, SourceLoc loc) {
  SharedDecl d{Type::Error, {}, loc, 0, {}};
  d.type = parseTypeName();
  d.name = expectIdent("a name for the shared variable");
  if (accept(Tok::LBracket)) {
    bool negative = accept(Tok::Minus);
    Token n = expect(Tok::Int, "as the array size");
    int32_t size = negative ? -n.value : n.value;
    if (size < 1 || size > 4096)
      diags_.error(n.loc, "array size must be between 1 and 4096");
    d.arraySize = size < 1 ? 1 : size > 4096 ? 4096 : size;
    expect(Tok::RBracket, "after the array size");
  }
  if (accept(Tok::Assign)) {
    if (d.arraySize > 0) {
      expect(Tok::LBrace, "to start the array initializer");
      if (!at(Tok::RBrace)) {
        do
          d.init.push_back(parseExpr());
        while (accept(Tok::Comma) && !at(Tok::RBrace));
      }
      expect(Tok::RBrace, "to close the array initializer");
    } else {
      d.init.push_back(parseExpr());
    }
  }
  expect(Tok::Semi, "after the shared variable declaration");
  s.shared.push_back(std::move(d));
}

void Parser::parseRequestContext(Scenario &s, SourceLoc loc) {
  if (!acceptWord("context"))
    fail(cur().loc, "expected 'context' after 'request' (a request context declaration), found " + found());
  if (s.requestContextLoc.valid())
    diags_.error(loc, "the request context is declared twice");
  s.requestContextLoc = loc;
  expect(Tok::LBrace, "after 'request context'");
  while (!at(Tok::RBrace) && !at(Tok::Eof)) {
    try {
      FieldDecl f{parseTypeName(), {}, nullptr};
      f.name = expectIdent("a field name");
      if (accept(Tok::Assign))
        f.init = parseExpr();
      expect(Tok::Semi, "after the field declaration");
      s.requestFields.push_back(std::move(f));
    } catch (Bail &) {
      skipStatement();
    }
  }
  expect(Tok::RBrace, "to close the request context");
  accept(Tok::Semi);
}

void Parser::parseFunction(Scenario &s) {
  FunctionDecl f;
  if (atTypeName() && peek(1).kind == Tok::Ident)
    f.result = parseTypeName();
  else if (atWord("void") && peek(1).kind == Tok::Ident)
    take();
  f.name = expectIdent("a function name");
  if (accept(Tok::LParen)) {
    if (!at(Tok::RParen)) {
      do {
        Param p{parseTypeName(), {}};
        p.name = expectIdent("a parameter name");
        f.params.push_back(std::move(p));
      } while (accept(Tok::Comma));
    }
    expect(Tok::RParen, "to close the parameter list");
  }
  f.body = parseBlock("function body");
  s.functions.push_back(std::move(f));
}

void Parser::parseEnvironment(Scenario &s, SourceLoc loc) {
  if (s.environment)
    diags_.error(loc, "the environment is declared twice");
  Environment env;
  env.loc = loc;
  expect(Tok::LBrace, "after 'environment'");
  while (!at(Tok::RBrace) && !at(Tok::Eof)) {
    try {
      if (acceptWord("thread")) {
        ThreadDecl t;
        t.name = expectIdent("a thread name");
        if (acceptWord("at")) {
          t.levelLoc = cur().loc;
          Ident lvl = expectIdent("PASSIVE_LEVEL or DISPATCH_LEVEL after 'at'");
          if (lvl.name == "PASSIVE_LEVEL")
            t.level = 0;
          else if (lvl.name == "DISPATCH_LEVEL")
            t.level = 2;
          else
            diags_.error(lvl.loc, "a thread runs at PASSIVE_LEVEL or DISPATCH_LEVEL, not '" + lvl.name + "'");
        }
        t.body = parseBlock("thread body");
        env.threads.push_back(std::move(t));
      } else if (atWord("finally")) {
        SourceLoc floc = take().loc;
        if (env.finallyBody)
          diags_.error(floc, "the environment has two finally blocks");
        env.finallyBody = parseBlock("finally block");
      } else {
        fail(cur().loc, "expected 'thread' or 'finally' in the environment, found " + found());
      }
    } catch (Bail &) {
      skipStatement();
    }
  }
  expect(Tok::RBrace, "to close the environment");
  accept(Tok::Semi);
  s.environment = std::move(env);
}

FindingPattern Parser::parsePattern(SourceLoc loc, bool allowNo) {
  FindingPattern p;
  p.loc = loc;
  if (!allowNo && atWord("no") && peek(1).kind == Tok::Ident)
    fail(cur().loc, "a suppress line cannot be negated; write 'suppress " + peek(1).text + "(...)' or use 'expect no'");
  if (allowNo && atWord("no") && peek(1).kind == Tok::Ident) {
    take();
    p.negated = true;
  }
  p.kind = expectIdent("a finding kind (race, deadlock, lock_cycle, irql, lock_misuse, ddi, "
                       "request_misuse, assert, config or clean)");
  if (accept(Tok::LParen)) {
    if (!at(Tok::RParen)) {
      do
        p.args.push_back(expectIdent("a name"));
      while (accept(Tok::Comma));
    }
    expect(Tok::RParen, "to close the finding's arguments");
  }
  expect(Tok::Semi, allowNo ? "after the expect line" : "after the suppress line");
  return p;
}

// ---------------------------------------------------------------- statements

StmtPtr Parser::parseBlock(const char *context) {
  SourceLoc loc = cur().loc;
  if (!at(Tok::LBrace))
    fail(loc, std::string("expected '{' to start the ") + context + ", found " + found());
  take();
  enter(loc);
  DepthGuard g{this};
  auto block = std::make_unique<Stmt>(StmtKind::Block, loc);
  while (!at(Tok::RBrace) && !at(Tok::Eof)) {
    try {
      block->children.push_back(parseStatement());
    } catch (Bail &) {
      skipStatement();
    }
  }
  expect(Tok::RBrace, (std::string("to close the ") + context).c_str());
  return block;
}

StmtPtr Parser::parseStatement() {
  enter(cur().loc);
  DepthGuard g{this};
  return parseStatementInner();
}

StmtPtr Parser::parseVarDecl(bool requireSemi) {
  SourceLoc loc = cur().loc;
  auto st = std::make_unique<Stmt>(StmtKind::VarDecl, loc);
  st->declType = parseTypeName();
  st->name = expectIdent("a variable name");
  if (accept(Tok::Assign))
    st->expr = parseExpr();
  if (requireSemi)
    expect(Tok::Semi, "after the variable declaration");
  return st;
}

StmtPtr Parser::parseStatementInner() {
  SourceLoc loc = cur().loc;
  if (at(Tok::LBrace))
    return parseBlock("block");
  if (accept(Tok::Semi))
    return std::make_unique<Stmt>(StmtKind::Block, loc); // empty statement
  if (atTypeName())
    return parseVarDecl(true);
  if (at(Tok::Ident)) {
    const std::string w = cur().text;
    if (w == "else")
      fail(cur().loc, "'else' without a matching 'if'");
    if (w == "if") {
      take();
      auto st = std::make_unique<Stmt>(StmtKind::If, loc);
      expect(Tok::LParen, "after 'if'");
      st->expr = parseExpr();
      expect(Tok::RParen, "after the if condition");
      st->children.push_back(parseStatement());
      if (acceptWord("else"))
        st->children.push_back(parseStatement());
      return st;
    }
    if (w == "while") {
      take();
      auto st = std::make_unique<Stmt>(StmtKind::While, loc);
      expect(Tok::LParen, "after 'while'");
      st->expr = parseExpr();
      expect(Tok::RParen, "after the while condition");
      st->children.push_back(parseStatement());
      return st;
    }
    if (w == "for") {
      take();
      auto st = std::make_unique<Stmt>(StmtKind::For, loc);
      expect(Tok::LParen, "after 'for'");
      StmtPtr init;
      if (!at(Tok::Semi))
        init = (atTypeName() && peek(1).kind == Tok::Ident) ? parseVarDecl(false) : parseSimple(false);
      expect(Tok::Semi, "after the for initializer");
      if (!at(Tok::Semi))
        st->expr = parseExpr();
      expect(Tok::Semi, "after the for condition");
      StmtPtr step;
      if (!at(Tok::RParen))
        step = parseSimple(false);
      expect(Tok::RParen, "to close the for header");
      st->children.push_back(std::move(init));
      st->children.push_back(parseStatement());
      st->children.push_back(std::move(step));
      return st;
    }
    if (w == "break" || w == "continue") {
      take();
      auto st = std::make_unique<Stmt>(w == "break" ? StmtKind::Break : StmtKind::Continue, loc);
      expect(Tok::Semi, w == "break" ? "after 'break'" : "after 'continue'");
      return st;
    }
    if (w == "return") {
      take();
      auto st = std::make_unique<Stmt>(StmtKind::Return, loc);
      if (!at(Tok::Semi) && !at(Tok::RBrace))
        st->expr = parseExpr();
      expect(Tok::Semi, "after the return statement");
      return st;
    }
    if ((w == "assert" || w == "assume") && peek(1).kind == Tok::LParen) {
      take();
      auto st = std::make_unique<Stmt>(w == "assert" ? StmtKind::Assert : StmtKind::Assume, loc);
      expect(Tok::LParen, "");
      st->expr = parseExpr();
      if (w == "assert" && accept(Tok::Comma))
        st->message = expect(Tok::String, "as the assertion message").text;
      expect(Tok::RParen, w == "assert" ? "to close assert(...)" : "to close assume(...)");
      expect(Tok::Semi, "after the statement");
      return st;
    }
    // Environment statements. Each keyword is followed by a name, which tells them apart
    // from a call or an assignment to a variable that happens to share the spelling.
    bool envWord = w == "open" || w == "close" || w == "send" || w == "cancel" || w == "wait" ||
                   w == "interrupt";
    if (envWord && (peek(1).kind == Tok::Ident || (w == "open" && peek(1).kind == Tok::Semi))) {
      take();
      if (w == "open") {
        auto st = std::make_unique<Stmt>(StmtKind::Open, loc);
        if (acceptWord("as"))
          st->name = expectIdent("a file name after 'as'");
        expect(Tok::Semi, "after the open statement");
        return st;
      }
      if (w == "send") {
        auto st = std::make_unique<Stmt>(StmtKind::Send, loc);
        st->requestKind = expectIdent("a request kind (Read, Write, DeviceControl or InternalDeviceControl)");
        if (!acceptWord("to"))
          fail(cur().loc, "expected 'to' after the request kind, found " + found());
        st->target = expectIdent("a queue name after 'to'");
        if (acceptWord("as"))
          st->name = expectIdent("a request name after 'as'");
        expect(Tok::Semi, "after the send statement");
        return st;
      }
      StmtKind k = w == "close" ? StmtKind::Close
                   : w == "cancel" ? StmtKind::Cancel
                   : w == "wait" ? StmtKind::WaitRequest
                                 : StmtKind::Interrupt;
      auto st = std::make_unique<Stmt>(k, loc);
      st->target = expectIdent("a name");
      expect(Tok::Semi, ("after the " + w + " statement").c_str());
      return st;
    }
  }
  return parseSimple(true);
}

// Assignment, compound assignment, ++/--, or a call, optionally followed by ';'.
StmtPtr Parser::parseSimple(bool requireSemi) {
  SourceLoc loc = cur().loc;
  StmtPtr st;
  if (at(Tok::PlusPlus) || at(Tok::MinusMinus)) {
    bool inc = take().kind == Tok::PlusPlus;
    st = std::make_unique<Stmt>(StmtKind::IncDec, loc);
    st->increment = inc;
    st->expr = parseUnary();
  } else {
    ExprPtr lhs = parseExpr();
    static const std::pair<Tok, AssignOp> ops[] = {
        {Tok::Assign, AssignOp::Set},       {Tok::PlusAssign, AssignOp::Add},
        {Tok::MinusAssign, AssignOp::Sub},  {Tok::StarAssign, AssignOp::Mul},
        {Tok::SlashAssign, AssignOp::Div},  {Tok::PercentAssign, AssignOp::Mod},
        {Tok::AmpAssign, AssignOp::And},    {Tok::PipeAssign, AssignOp::Or},
        {Tok::CaretAssign, AssignOp::Xor},  {Tok::ShlAssign, AssignOp::Shl},
        {Tok::ShrAssign, AssignOp::Shr}};
    for (auto [tok, op] : ops) {
      if (at(tok)) {
        take();
        st = std::make_unique<Stmt>(StmtKind::Assign, loc);
        st->assignOp = op;
        st->expr = std::move(lhs);
        st->value = parseExpr();
        break;
      }
    }
    if (!st && (at(Tok::PlusPlus) || at(Tok::MinusMinus))) {
      st = std::make_unique<Stmt>(StmtKind::IncDec, loc);
      st->increment = take().kind == Tok::PlusPlus;
      st->expr = std::move(lhs);
    }
    if (!st) {
      if (lhs->kind != ExprKind::Call)
        fail(cur().loc, "expected an assignment, '++', '--' or a call as a statement, found " + found());
      st = std::make_unique<Stmt>(StmtKind::ExprStmt, loc);
      st->expr = std::move(lhs);
    }
  }
  if (requireSemi)
    expect(Tok::Semi, "after the statement");
  return st;
}

// ---------------------------------------------------------------- expressions

ExprPtr Parser::parseExpr() { return parseTernary(); }

ExprPtr Parser::parseTernary() {
  ExprPtr cond = parseBinary(0);
  if (!at(Tok::Question))
    return cond;
  SourceLoc loc = take().loc;
  enter(loc);
  DepthGuard g{this};
  auto e = std::make_unique<Expr>(ExprKind::Ternary, loc);
  e->args.push_back(std::move(cond));
  e->args.push_back(parseExpr());
  expect(Tok::Colon, "in the conditional expression");
  e->args.push_back(parseTernary());
  return e;
}

static int precedence(Tok t, BinOp &op) {
  switch (t) {
  case Tok::PipePipe: op = BinOp::LogOr; return 1;
  case Tok::AmpAmp: op = BinOp::LogAnd; return 2;
  case Tok::Pipe: op = BinOp::BitOr; return 3;
  case Tok::Caret: op = BinOp::BitXor; return 4;
  case Tok::Amp: op = BinOp::BitAnd; return 5;
  case Tok::Eq: op = BinOp::Eq; return 6;
  case Tok::Ne: op = BinOp::Ne; return 6;
  case Tok::Lt: op = BinOp::Lt; return 7;
  case Tok::Le: op = BinOp::Le; return 7;
  case Tok::Gt: op = BinOp::Gt; return 7;
  case Tok::Ge: op = BinOp::Ge; return 7;
  case Tok::Shl: op = BinOp::Shl; return 8;
  case Tok::Shr: op = BinOp::Shr; return 8;
  case Tok::Plus: op = BinOp::Add; return 9;
  case Tok::Minus: op = BinOp::Sub; return 9;
  case Tok::Star: op = BinOp::Mul; return 10;
  case Tok::Slash: op = BinOp::Div; return 10;
  case Tok::Percent: op = BinOp::Mod; return 10;
  default: return -1;
  }
}

// Precedence climbing; every operator is left-associative. Each operator of a chain makes
// the tree one level deeper, so it counts against the nesting limit like a parenthesis.
ExprPtr Parser::parseBinary(int minPrec) {
  ExprPtr lhs = parseUnary();
  int chain = 0;
  ChainGuard guard{this, chain};
  while (true) {
    BinOp op;
    int prec = precedence(cur().kind, op);
    if (prec < 0 || prec < minPrec)
      return lhs;
    SourceLoc loc = take().loc;
    enter(loc);
    ++chain;
    ExprPtr rhs;
    {
      enter(loc);
      DepthGuard g{this};
      rhs = parseBinary(prec + 1);
    }
    auto e = std::make_unique<Expr>(ExprKind::Binary, loc);
    e->binop = op;
    e->args.push_back(std::move(lhs));
    e->args.push_back(std::move(rhs));
    lhs = std::move(e);
  }
}

ExprPtr Parser::parseUnary() {
  SourceLoc loc = cur().loc;
  UnOp op;
  if (at(Tok::Minus))
    op = UnOp::Neg;
  else if (at(Tok::Bang))
    op = UnOp::Not;
  else if (at(Tok::Tilde))
    op = UnOp::BitNot;
  else if (at(Tok::Plus)) {
    take();
    enter(loc); // `+ + + ... x` recurses once per '+': count it like the other unary operators
    DepthGuard g{this};
    return parseUnary();
  } else
    return parsePostfix();
  take();
  enter(loc);
  DepthGuard g{this};
  // Fold a negative literal right away so that -2147483648 is representable.
  if (op == UnOp::Neg && at(Tok::Int) && (cur().value >= 0 || cur().text == "2147483648")) {
    Token t = take();
    auto e = std::make_unique<Expr>(ExprKind::Int, loc);
    e->intValue = t.text == "2147483648" ? INT32_MIN : static_cast<int32_t>(-static_cast<int64_t>(t.value));
    return e;
  }
  auto e = std::make_unique<Expr>(ExprKind::Unary, loc);
  e->unop = op;
  e->args.push_back(parseUnary());
  return e;
}

ExprPtr Parser::parsePostfix() {
  ExprPtr e = parsePrimary();
  // Like an operator chain, each '[i]' or '.F' of `a[i][j].F...` makes the tree one level
  // deeper, so it counts against the nesting limit (the level of a '[' also covers the
  // index expression inside it, as before).
  int chain = 0;
  ChainGuard guard{this, chain};
  while (true) {
    if (at(Tok::LBracket) || at(Tok::Dot)) {
      enter(cur().loc);
      ++chain;
    }
    if (at(Tok::LBracket)) {
      SourceLoc loc = take().loc;
      auto idx = std::make_unique<Expr>(ExprKind::Index, loc);
      idx->args.push_back(std::move(e));
      idx->args.push_back(parseExpr());
      expect(Tok::RBracket, "to close the index");
      e = std::move(idx);
    } else if (at(Tok::Dot)) {
      SourceLoc loc = take().loc;
      auto f = std::make_unique<Expr>(ExprKind::Field, loc);
      f->name = expectIdent("a request context field name after '.'").name;
      f->args.push_back(std::move(e));
      e = std::move(f);
    } else {
      return e;
    }
  }
}

ExprPtr Parser::parsePrimary() {
  SourceLoc loc = cur().loc;
  if (at(Tok::Int)) {
    if (cur().text == "2147483648")
      fail(loc, "integer literal '2147483648' is out of range; integers are 32-bit signed (at most 2147483647)");
    auto e = std::make_unique<Expr>(ExprKind::Int, loc);
    e->intValue = take().value;
    return e;
  }
  if (at(Tok::LParen)) {
    take();
    enter(loc);
    DepthGuard g{this};
    ExprPtr e = parseExpr();
    expect(Tok::RParen, "to close the parenthesis");
    return e;
  }
  if (!at(Tok::Ident))
    fail(loc, "expected an expression, found " + found());
  Token id = take();
  if (id.text == "true" || id.text == "TRUE" || id.text == "false" || id.text == "FALSE") {
    auto e = std::make_unique<Expr>(ExprKind::Bool, loc);
    e->intValue = (id.text == "true" || id.text == "TRUE") ? 1 : 0;
    return e;
  }
  if (id.text == "NULL")
    return std::make_unique<Expr>(ExprKind::Null, loc);
  if (!at(Tok::LParen)) {
    auto e = std::make_unique<Expr>(ExprKind::Name, loc);
    e->name = std::move(id.text);
    return e;
  }
  take();
  enter(loc);
  DepthGuard g{this};
  if (id.text == "choose") {
    ExprPtr first = parseExpr();
    if (accept(Tok::DotDot)) {
      auto e = std::make_unique<Expr>(ExprKind::ChooseRange, loc);
      e->args.push_back(std::move(first));
      e->args.push_back(parseExpr());
      expect(Tok::RParen, "to close choose(lo..hi)");
      return e;
    }
    auto e = std::make_unique<Expr>(ExprKind::Choose, loc);
    e->args.push_back(std::move(first));
    while (accept(Tok::Comma))
      e->args.push_back(parseExpr());
    expect(Tok::RParen, "to close choose(...)");
    return e;
  }
  auto e = std::make_unique<Expr>(ExprKind::Call, loc);
  e->name = std::move(id.text);
  if (!at(Tok::RParen)) {
    do
      e->args.push_back(parseExpr());
    while (accept(Tok::Comma));
  }
  expect(Tok::RParen, "to close the argument list");
  return e;
}

} // namespace wdf::frontend
