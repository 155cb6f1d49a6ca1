// Compiles callback, function, thread and finally bodies into model::Body code, checking
// names, types and argument counts on the way.
#include <algorithm>
#include <unordered_map>

#include "SemaContext.hpp"
#include "models/Constants.hpp"

namespace wdf::frontend {

using namespace ast;
using model::ApiId;
using model::CallbackId;
using model::Instr;
using model::NoReg;
using model::Op;
using model::Reg;

namespace {

enum class Param : uint8_t {
  None, SpinLock, WaitLock, Obj, Interrupt, WorkItem, Dpc, Timer, Queue, Event, Request, Int, Bool,
  Function, Loc, ReqLoc,
};

struct ApiSig {
  ApiId id;
  const char *name;
  Type result;
  int minArgs;
  std::vector<Param> params;
};

const std::vector<ApiSig> &apiTable() {
  using enum Param; // the argument kinds of Apis.def are Param enumerators
  static const std::vector<ApiSig> table = {
#define API(Id, Name, Result, MinArgs, ...) {ApiId::Id, Name, Type::Result, MinArgs, {__VA_ARGS__}},
#include "models/Apis.def"
#undef API
  };
  return table;
}

const ApiSig *findApi(const std::string &name) {
  for (const ApiSig &s : apiTable())
    if (name == s.name)
      return &s;
  return nullptr;
}

Type handleType(Param p) {
  switch (p) {
  case Param::SpinLock: return Type::SpinLock;
  case Param::WaitLock: return Type::WaitLock;
  case Param::Interrupt: return Type::Interrupt;
  case Param::WorkItem: return Type::WorkItem;
  case Param::Dpc: return Type::Dpc;
  case Param::Timer: return Type::Timer;
  case Param::Queue: return Type::Queue;
  case Param::Event: return Type::Event;
  default: return Type::Error;
  }
}

bool isHandle(Type t) { return t >= Type::Device && t <= Type::File; }

// "an int", "a bool", "a request": the type with its article.
std::string aType(Type t) {
  std::string n = typeName(t);
  return (n[0] == 'i' || n[0] == 'e' ? "an " : "a ") + n;
}

const char *describeParam(Param p) {
  switch (p) {
  case Param::SpinLock: return "a spinlock";
  case Param::WaitLock: return "a waitlock";
  case Param::Obj: return "a framework object (the device, a queue or the file object)";
  case Param::Interrupt: return "an interrupt";
  case Param::WorkItem: return "a work item";
  case Param::Dpc: return "a DPC";
  case Param::Timer: return "a timer";
  case Param::Queue: return "a queue";
  case Param::Event: return "an event";
  case Param::Request: return "a request";
  case Param::Int: return "an int";
  case Param::Bool: return "a bool";
  case Param::Function: return "a function name";
  case Param::Loc: return "a shared int location (a shared variable, array element or request field)";
  case Param::ReqLoc: return "a shared request location (a shared request variable, array element or request field)";
  default: return "nothing";
  }
}

bool isQueueHandler(CallbackId cb) {
  return cb == CallbackId::IoDefault || cb == CallbackId::IoRead || cb == CallbackId::IoWrite ||
         cb == CallbackId::IoDeviceControl || cb == CallbackId::IoInternalDeviceControl ||
         cb == CallbackId::IoCanceledOnQueue || cb == CallbackId::IoStop || cb == CallbackId::IoResume;
}

// A value during compilation: a constant (literal, named constant, object handle) or a
// register.
struct Val {
  Type type = Type::Error;
  bool isConst = false;
  int32_t k = 0;
  Reg reg = NoReg;
};

// A place that can be written.
struct LValue {
  enum Kind { None, Local, Shared, Field } kind = None;
  Type type = Type::Error;
  Reg reg = NoReg;        // Local: the slot; Field: the request register; Shared: index or NoReg
  int32_t base = 0;       // Shared: first cell; Field: field index
  int32_t size = 1;       // Shared: array size (bounds check)
  bool indexed = false;
};

class BodyCompiler {
public:
  BodyCompiler(Sema &s, const BodyContext &c) : sema_(s), ctx_(c), diags_(s.diags()) {}
  int run();

private:
  // emission
  size_t emit(Instr in) {
    body_.code.push_back(in);
    return body_.code.size() - 1;
  }
  Instr make(Op op, SourceLoc loc) {
    Instr in{};
    in.op = op;
    in.where = loc;
    return in;
  }
  Reg newTemp() {
    Reg r = sp_++;
    if (sp_ > maxSlots_)
      maxSlots_ = sp_;
    return r;
  }
  Reg materialize(const Val &v, SourceLoc loc);
  model::Operand operand(const Val &v) const {
    return v.isConst ? model::Operand{false, v.k} : model::Operand{true, v.reg};
  }
  void patch(size_t at, size_t target) { body_.code[at].imm = static_cast<int32_t>(target); }

  // diagnostics
  void error(SourceLoc loc, const std::string &msg) { diags_.error(loc, msg); }
  bool requireValue(const Val &v, SourceLoc loc);
  bool convertible(Type to, Type from) const;
  void checkAssignable(Type to, const Val &from, SourceLoc loc, const char *what);
  bool isCondition(Type t) const { return t == Type::Int || t == Type::Bool || t == Type::Request; }

  // scopes
  struct Local {
    std::string name;
    Type type;
    Reg slot;
    size_t scope = 0; // scopes_.size() where it was declared
  };
  const Local *findLocal(const std::string &name) const;
  // Declares in the innermost scope; returns false if the name is already declared there.
  bool addLocal(const std::string &name, Type type, Reg slot);
  void popScope();

  // statements
  void stmt(const Stmt &s);
  void block(const Stmt &s);
  void varDecl(const Stmt &s);
  void assign(const Stmt &s);
  void incDec(const Stmt &s);
  void ifStmt(const Stmt &s);
  void loop(const Stmt &s);
  void returnStmt(const Stmt &s);
  void envStmt(const Stmt &s);
  bool alwaysReturns(const Stmt &s) const;
  bool canBreak(const Stmt &s, int depth) const;

  // expressions
  Val expr(const Expr &e);
  Val name(const Expr &e);
  Val unary(const Expr &e);
  Val binary(const Expr &e);
  Val logical(const Expr &e);
  Val ternary(const Expr &e);
  Val call(const Expr &e);
  Val apiCall(const Expr &e, const ApiSig &sig);
  Val userCall(const Expr &e, int fn);
  Val choose(const Expr &e);
  LValue lvalue(const Expr &e, bool forAtomic);
  Val load(const LValue &lv, SourceLoc loc);
  void store(const LValue &lv, Reg value, SourceLoc loc);
  Reg condition(const Expr &e);
  void finallyOnlyReads(SourceLoc loc);

  Sema &sema_;
  const BodyContext &ctx_;
  DiagnosticEngine &diags_;
  model::Body body_;
  std::vector<std::vector<std::string>> scopes_; // the names each open scope declared
  // The visible locals by name, innermost last: lookups stay fast in a body with many locals.
  std::unordered_map<std::string, std::vector<Local>> visible_;
  Reg sp_ = 0, maxSlots_ = 0;
  struct LoopInfo {
    std::vector<size_t> breaks, continues;
  };
  std::vector<LoopInfo> loops_;
};

// ---------------------------------------------------------------- helpers

Reg BodyCompiler::materialize(const Val &v, SourceLoc loc) {
  if (!v.isConst)
    return v.reg;
  Instr in = make(Op::Const, loc);
  in.a = newTemp();
  in.imm = v.k;
  emit(in);
  return in.a;
}

bool BodyCompiler::requireValue(const Val &v, SourceLoc loc) {
  if (v.type == Type::Error)
    return false;
  if (!isValueType(v.type)) {
    error(loc, std::string("expected a value, found ") +
                   (v.type == Type::Void ? "a call that returns nothing" : aType(v.type) + " handle"));
    return false;
  }
  return true;
}

bool BodyCompiler::convertible(Type to, Type from) const {
  if (to == from)
    return true;
  // C: ints and bools convert into each other.
  return (to == Type::Int || to == Type::Bool) && (from == Type::Int || from == Type::Bool);
}

void BodyCompiler::checkAssignable(Type to, const Val &from, SourceLoc loc, const char *what) {
  if (from.type == Type::Error || to == Type::Error)
    return;
  if (!requireValue(from, loc))
    return;
  if (!convertible(to, from.type))
    error(loc, std::string("cannot use ") + typeName(from.type) + " as " + typeName(to) + " in " + what);
}

const BodyCompiler::Local *BodyCompiler::findLocal(const std::string &n) const {
  auto it = visible_.find(n);
  return it == visible_.end() || it->second.empty() ? nullptr : &it->second.back();
}

bool BodyCompiler::addLocal(const std::string &name, Type type, Reg slot) {
  const Local *l = findLocal(name);
  bool fresh = !l || l->scope != scopes_.size();
  visible_[name].push_back({name, type, slot, scopes_.size()});
  scopes_.back().push_back(name);
  return fresh;
}

void BodyCompiler::popScope() {
  for (const std::string &n : scopes_.back())
    visible_[n].pop_back();
  scopes_.pop_back();
}

void BodyCompiler::finallyOnlyReads(SourceLoc loc) {
  if (ctx_.kind == model::BodyKind::Finally)
    error(loc, "finally may only read state and assert; it cannot write, call functions or use the framework");
}

// ---------------------------------------------------------------- body

int BodyCompiler::run() {
  body_.name = ctx_.name;
  body_.kind = ctx_.kind;
  body_.callback = ctx_.callback;
  body_.object = ctx_.object;
  body_.function = ctx_.function;
  body_.returnsValue = ctx_.result != Type::Void;
  body_.loc = ctx_.loc;
  size_t errorsBefore = diags_.errorCount();
  scopes_.emplace_back();
  // Parameter slots come first: declared parameters, or the callback's implicit ones.
  if (ctx_.params) {
    for (const ast::Param &p : *ctx_.params)
      if (!addLocal(p.name.name, p.type, newTemp()))
        error(p.name.loc, "parameter '" + p.name.name + "' is declared twice");
  }
  for (const Implicit &im : ctx_.implicits)
    if (im.isParam && im.value + 1 > sp_)
      sp_ = maxSlots_ = static_cast<Reg>(im.value + 1);
  body_.numParams = sp_;
  if (ctx_.body)
    block(*ctx_.body);
  if (ctx_.result != Type::Void && ctx_.body && !alwaysReturns(*ctx_.body))
    error(ctx_.loc, "'" + ctx_.name + "' must return " + aType(ctx_.result) + " on every path");
  Instr end = make(Op::End, ctx_.body ? ctx_.body->loc : ctx_.loc);
  emit(end);
  body_.numSlots = maxSlots_;
  if (diags_.errorCount() != errorsBefore)
    return -1;
  sema_.design().bodies.push_back(std::move(body_));
  return static_cast<int>(sema_.design().bodies.size() - 1);
}

bool BodyCompiler::canBreak(const Stmt &s, int depth) const {
  if (s.kind == StmtKind::Break)
    return depth == 0;
  bool nestedLoop = s.kind == StmtKind::While || s.kind == StmtKind::For;
  for (const StmtPtr &c : s.children)
    if (c && canBreak(*c, nestedLoop ? depth + 1 : depth))
      return true;
  return false;
}

bool BodyCompiler::alwaysReturns(const Stmt &s) const {
  switch (s.kind) {
  case StmtKind::Return: return true;
  case StmtKind::Block:
    return std::any_of(s.children.begin(), s.children.end(), [&](const StmtPtr &c) { return c && alwaysReturns(*c); });
  case StmtKind::If:
    return s.children.size() == 2 && alwaysReturns(*s.children[0]) && alwaysReturns(*s.children[1]);
  case StmtKind::While:
  case StmtKind::For: {
    // `while (true)` / `for (;;)` without a break never falls through.
    const Stmt &bodyStmt = s.kind == StmtKind::While ? *s.children[0] : *s.children[1];
    bool forever = !s.expr || (s.expr->kind == ExprKind::Bool && s.expr->intValue) ||
                   (s.expr->kind == ExprKind::Int && s.expr->intValue);
    return forever && !canBreak(bodyStmt, 0);
  }
  default: return false;
  }
}

// ---------------------------------------------------------------- statements

void BodyCompiler::block(const Stmt &s) {
  scopes_.emplace_back();
  Reg mark = sp_;
  for (const StmtPtr &c : s.children)
    stmt(*c);
  sp_ = mark;
  popScope();
}

// Counts one level of Sema::depth while a statement or expression is being compiled.
struct DepthGuard {
  int &depth;
  explicit DepthGuard(int &d) : depth(++d) {}
  ~DepthGuard() { --depth; }
};

void BodyCompiler::stmt(const Stmt &s) {
  if (diags_.limitReached())
    return;
  DepthGuard nest(sema_.depth);
  Reg mark = sp_;
  switch (s.kind) {
  case StmtKind::Block: block(s); break;
  case StmtKind::VarDecl: varDecl(s); return; // keeps its slot
  case StmtKind::Assign: assign(s); break;
  case StmtKind::IncDec: incDec(s); break;
  case StmtKind::If: ifStmt(s); break;
  case StmtKind::While:
  case StmtKind::For: loop(s); break;
  case StmtKind::Break:
  case StmtKind::Continue: {
    if (loops_.empty()) {
      error(s.loc, s.kind == StmtKind::Break ? "'break' outside a loop" : "'continue' outside a loop");
      break;
    }
    size_t at = emit(make(Op::Jump, s.loc));
    (s.kind == StmtKind::Break ? loops_.back().breaks : loops_.back().continues).push_back(at);
    break;
  }
  case StmtKind::Return: returnStmt(s); break;
  case StmtKind::Assert:
  case StmtKind::Assume: {
    Reg c = condition(*s.expr);
    Instr in = make(s.kind == StmtKind::Assert ? Op::Assert : Op::Assume, s.loc);
    in.b = c;
    if (s.kind == StmtKind::Assert)
      in.imm = sema_.stringId(s.message);
    emit(in);
    break;
  }
  case StmtKind::ExprStmt: expr(*s.expr); break;
  default: envStmt(s); break;
  }
  sp_ = mark;
}

void BodyCompiler::varDecl(const Stmt &s) {
  Reg slot = newTemp();
  if (s.expr) {
    Reg mark = sp_;
    Val v = expr(*s.expr);
    checkAssignable(s.declType, v, s.expr->loc, "the initializer");
    if (v.type != Type::Error && isValueType(v.type)) {
      Instr in = make(v.isConst ? Op::Const : Op::Move, s.loc);
      in.a = slot;
      in.b = v.reg;
      in.imm = v.k;
      emit(in);
    }
    sp_ = mark;
  } else {
    Instr in = make(Op::Const, s.loc); // locals start at 0 / false / NULL
    in.a = slot;
    emit(in);
  }
  if (const Local *l = findLocal(s.name.name); l && l->scope == scopes_.size())
    error(s.name.loc, "redefinition of local variable '" + s.name.name + "'");
  if (model::lookupConstant(s.name.name))
    error(s.name.loc, "'" + s.name.name + "' is a predefined constant and cannot be redefined");
  if (sema_.lookup(s.name.name) && sema_.lookup(s.name.name)->kind == GlobalSym::Shared)
    diags_.warning(s.name.loc, "local variable '" + s.name.name + "' hides the shared variable of the same name");
  addLocal(s.name.name, s.declType, slot);
}

Val BodyCompiler::load(const LValue &lv, SourceLoc loc) {
  Val v;
  v.type = lv.type;
  if (lv.kind == LValue::Local) {
    v.reg = lv.reg;
    return v;
  }
  Instr in = make(Op::Load, loc);
  in.a = newTemp();
  if (lv.kind == LValue::Shared) {
    in.loc = model::LocKind::Shared;
    in.b = lv.indexed ? lv.reg : NoReg;
    in.imm = lv.base;
    in.imm2 = lv.size;
  } else {
    in.loc = model::LocKind::Field;
    in.b = lv.reg;
    in.imm = lv.base;
  }
  emit(in);
  v.reg = in.a;
  return v;
}

void BodyCompiler::store(const LValue &lv, Reg value, SourceLoc loc) {
  if (lv.kind == LValue::Local) {
    Instr in = make(Op::Move, loc);
    in.a = lv.reg;
    in.b = value;
    emit(in);
    return;
  }
  finallyOnlyReads(loc);
  Instr in = make(Op::Store, loc);
  in.c = value;
  if (lv.kind == LValue::Shared) {
    in.loc = model::LocKind::Shared;
    in.b = lv.indexed ? lv.reg : NoReg;
    in.imm = lv.base;
    in.imm2 = lv.size;
  } else {
    in.loc = model::LocKind::Field;
    in.b = lv.reg;
    in.imm = lv.base;
  }
  emit(in);
}

static BinOp compoundOp(AssignOp op) {
  switch (op) {
  case AssignOp::Add: return BinOp::Add;
  case AssignOp::Sub: return BinOp::Sub;
  case AssignOp::Mul: return BinOp::Mul;
  case AssignOp::Div: return BinOp::Div;
  case AssignOp::Mod: return BinOp::Mod;
  case AssignOp::And: return BinOp::BitAnd;
  case AssignOp::Or: return BinOp::BitOr;
  case AssignOp::Xor: return BinOp::BitXor;
  case AssignOp::Shl: return BinOp::Shl;
  case AssignOp::Shr: return BinOp::Shr;
  case AssignOp::Set: break;
  }
  return BinOp::Add;
}

void BodyCompiler::assign(const Stmt &s) {
  LValue lv = lvalue(*s.expr, false);
  if (s.assignOp == AssignOp::Set) {
    Val v = expr(*s.value);
    if (lv.kind == LValue::None)
      return;
    checkAssignable(lv.type, v, s.value->loc, "the assignment");
    if (v.type == Type::Error || !isValueType(v.type))
      return;
    store(lv, materialize(v, s.loc), s.loc);
    return;
  }
  // Compound: a read, then a write of the location.
  if (lv.kind == LValue::None)
    return;
  if (lv.type == Type::Request) {
    error(s.loc, "compound assignment needs an int, not a request");
    return;
  }
  Val cur = load(lv, s.loc);
  Val rhs = expr(*s.value);
  if (!requireValue(rhs, s.value->loc))
    return;
  if (rhs.type == Type::Request) {
    error(s.value->loc, "cannot use a request in arithmetic");
    return;
  }
  Instr in = make(Op::Binary, s.loc);
  in.sub = static_cast<uint8_t>(compoundOp(s.assignOp));
  in.a = newTemp();
  in.b = cur.reg;
  in.c = materialize(rhs, s.loc);
  emit(in);
  store(lv, in.a, s.loc);
}

void BodyCompiler::incDec(const Stmt &s) {
  LValue lv = lvalue(*s.expr, false);
  if (lv.kind == LValue::None)
    return;
  if (lv.type == Type::Request) {
    error(s.loc, "'++' and '--' need an int, not a request");
    return;
  }
  Val cur = load(lv, s.loc);
  Reg one = materialize({Type::Int, true, 1, NoReg}, s.loc);
  Instr in = make(Op::Binary, s.loc);
  in.sub = static_cast<uint8_t>(s.increment ? BinOp::Add : BinOp::Sub);
  in.a = newTemp();
  in.b = cur.reg;
  in.c = one;
  emit(in);
  store(lv, in.a, s.loc);
}

Reg BodyCompiler::condition(const Expr &e) {
  Val v = expr(e);
  if (v.type == Type::Error)
    return materialize({Type::Int, true, 1, NoReg}, e.loc);
  if (!requireValue(v, e.loc) || !isCondition(v.type))
    return materialize({Type::Int, true, 1, NoReg}, e.loc);
  return materialize(v, e.loc);
}

void BodyCompiler::ifStmt(const Stmt &s) {
  Reg c = condition(*s.expr);
  Instr j = make(Op::JumpIfZero, s.loc);
  j.b = c;
  size_t jElse = emit(j);
  stmt(*s.children[0]);
  if (s.children.size() > 1) {
    size_t jEnd = emit(make(Op::Jump, s.loc));
    patch(jElse, body_.code.size());
    stmt(*s.children[1]);
    patch(jEnd, body_.code.size());
  } else {
    patch(jElse, body_.code.size());
  }
}

void BodyCompiler::loop(const Stmt &s) {
  bool isFor = s.kind == StmtKind::For;
  scopes_.emplace_back();
  Reg mark = sp_;
  if (isFor && s.children[0])
    stmt(*s.children[0]);
  Reg afterInit = sp_;
  size_t top = body_.code.size();
  size_t exitJump = SIZE_MAX;
  if (s.expr) {
    Reg c = condition(*s.expr);
    Instr j = make(Op::JumpIfZero, s.loc);
    j.b = c;
    exitJump = emit(j);
  }
  sp_ = afterInit;
  loops_.emplace_back();
  stmt(isFor ? *s.children[1] : *s.children[0]);
  size_t continueTarget = body_.code.size();
  if (isFor && s.children[2])
    stmt(*s.children[2]);
  Instr back = make(Op::Jump, s.loc);
  back.imm = static_cast<int32_t>(top);
  emit(back);
  size_t end = body_.code.size();
  if (exitJump != SIZE_MAX)
    patch(exitJump, end);
  for (size_t b : loops_.back().breaks)
    patch(b, end);
  for (size_t c : loops_.back().continues)
    patch(c, continueTarget);
  loops_.pop_back();
  sp_ = mark;
  popScope();
}

void BodyCompiler::returnStmt(const Stmt &s) {
  Instr in = make(Op::Return, s.loc);
  if (s.expr) {
    Val v = expr(*s.expr);
    if (ctx_.result == Type::Void) {
      error(s.expr->loc, "'" + ctx_.name + "' returns nothing, so 'return' takes no value here");
      return;
    }
    checkAssignable(ctx_.result, v, s.expr->loc, "the return value");
    if (v.type != Type::Error && isValueType(v.type))
      in.b = materialize(v, s.loc);
  } else if (ctx_.result != Type::Void) {
    error(s.loc, "'" + ctx_.name + "' must return " + aType(ctx_.result));
    return;
  }
  emit(in);
}

void BodyCompiler::envStmt(const Stmt &s) {
  bool inThread = ctx_.kind == model::BodyKind::Thread;
  model::Design &d = sema_.design();
  if (s.kind == StmtKind::Interrupt) {
    finallyOnlyReads(s.loc);
    const GlobalSym *g = sema_.lookup(s.target.name);
    if (!g || g->kind != GlobalSym::Object || g->index < 0 ||
        d.objects[g->index].kind != model::ObjKind::Interrupt) {
      error(s.target.loc, "expected an interrupt after 'interrupt', found '" + s.target.name + "'");
      return;
    }
    Instr in = make(Op::Raise, s.loc);
    in.imm = g->index;
    emit(in);
    return;
  }
  static const char *names[] = {"", "", "", "", "", "", "", "", "", "", "", "", "", "open", "close",
                                "send", "cancel", "wait", "interrupt"};
  if (!inThread) {
    error(s.loc, std::string("'") + names[static_cast<int>(s.kind)] +
                     "' is an environment statement; it can only be used in a thread");
    return;
  }
  switch (s.kind) {
  case StmtKind::Send: {
    static const char *kinds[] = {"Read", "Write", "DeviceControl", "InternalDeviceControl"};
    int kind = -1;
    for (int i = 0; i < 4; ++i)
      if (s.requestKind.name == kinds[i])
        kind = i;
    if (kind < 0)
      error(s.requestKind.loc, "unknown request kind '" + s.requestKind.name +
                                   "'; expected Read, Write, DeviceControl or InternalDeviceControl");
    const GlobalSym *g = sema_.lookup(s.target.name);
    if (!g || g->kind != GlobalSym::Object || g->index < 0 || d.objects[g->index].kind != model::ObjKind::Queue) {
      error(s.target.loc, "expected a queue after 'to', found '" + s.target.name + "'");
      return;
    }
    auto found = sema_.sendSites.find(s.loc);
    int site = found == sema_.sendSites.end() ? -1 : found->second;
    Instr in = make(Op::Send, s.loc);
    in.sub = static_cast<uint8_t>(kind < 0 ? 0 : kind);
    in.imm = g->index;
    in.imm2 = site;
    emit(in);
    return;
  }
  case StmtKind::Open: {
    auto found = sema_.openFiles.find(s.loc);
    int file = found == sema_.openFiles.end() ? -1 : found->second;
    Instr in = make(Op::Open, s.loc);
    in.imm = file;
    emit(in);
    return;
  }
  case StmtKind::Close: {
    const GlobalSym *g = sema_.lookup(s.target.name);
    if (!g || g->kind != GlobalSym::FileHandle) {
      error(s.target.loc, "expected a file opened with 'open as', found '" + s.target.name + "'");
      return;
    }
    Instr in = make(Op::Close, s.loc);
    in.imm = g->index;
    emit(in);
    return;
  }
  case StmtKind::Cancel:
  case StmtKind::WaitRequest: {
    const GlobalSym *g = sema_.lookup(s.target.name);
    if (!g || g->kind != GlobalSym::RequestHandle) {
      error(s.target.loc, "expected a request sent with 'send ... as', found '" + s.target.name + "'");
      return;
    }
    Instr in = make(s.kind == StmtKind::Cancel ? Op::Cancel : Op::WaitRequest, s.loc);
    in.imm = g->index;
    emit(in);
    return;
  }
  default: break;
  }
}

// ---------------------------------------------------------------- expressions

Val BodyCompiler::expr(const Expr &e) {
  DepthGuard nest(sema_.depth);
  switch (e.kind) {
  case ExprKind::Int: return {Type::Int, true, e.intValue, NoReg};
  case ExprKind::Bool: return {Type::Bool, true, e.intValue, NoReg};
  case ExprKind::Null: return {Type::Request, true, 0, NoReg};
  case ExprKind::Name: return name(e);
  case ExprKind::Index:
  case ExprKind::Field: {
    LValue lv = lvalue(e, false);
    if (lv.kind == LValue::None)
      return {};
    return load(lv, e.loc);
  }
  case ExprKind::Unary: return unary(e);
  case ExprKind::Binary:
    return (e.binop == BinOp::LogAnd || e.binop == BinOp::LogOr) ? logical(e) : binary(e);
  case ExprKind::Ternary: return ternary(e);
  case ExprKind::Call: return call(e);
  case ExprKind::Choose:
  case ExprKind::ChooseRange: return choose(e);
  }
  return {};
}

Val BodyCompiler::name(const Expr &e) {
  if (const Local *l = findLocal(e.name))
    return {l->type, false, 0, l->slot};
  for (const Implicit &im : ctx_.implicits)
    if (im.name == e.name)
      return im.isParam ? Val{im.type, false, 0, static_cast<Reg>(im.value)} : Val{im.type, true, im.value, NoReg};
  if (auto c = model::lookupConstant(e.name))
    return {Type::Int, true, *c, NoReg};
  const GlobalSym *g = sema_.lookup(e.name);
  if (!g) {
    static const char *implicitNames[] = {"Request", "Queue", "WorkItem", "Dpc", "Timer", "Interrupt", "FileObject"};
    for (const char *n : implicitNames)
      if (e.name == n) {
        error(e.loc, "'" + e.name + "' is not available in " + ctx_.name +
                         (ctx_.kind == model::BodyKind::Function
                              ? "; a function called from a callback sees only its own parameters"
                              : ""));
        return {};
      }
    error(e.loc, "use of undeclared name '" + e.name + "'");
    return {};
  }
  switch (g->kind) {
  case GlobalSym::Shared: {
    const model::SharedVar &v = sema_.design().shared[g->index];
    if (v.isArray) {
      error(e.loc, "'" + e.name + "' is an array; use an element, as in " + e.name + "[0]");
      return {};
    }
    LValue lv;
    lv.kind = LValue::Shared;
    lv.type = v.type == model::ValueType::Bool ? Type::Bool : v.type == model::ValueType::Request ? Type::Request : Type::Int;
    lv.base = v.base;
    return load(lv, e.loc);
  }
  case GlobalSym::Object:
    if (g->index < 0)
      return {};
    return {sema_.objectType(g->index), true, g->index, NoReg};
  case GlobalSym::Function: return {Type::Function, true, g->index, NoReg};
  case GlobalSym::RequestHandle:
    error(e.loc, "'" + e.name + "' names a request sent by the environment; use it with cancel, wait or status()");
    return {};
  case GlobalSym::FileHandle:
    error(e.loc, "'" + e.name + "' names a file opened by the environment; use it with close");
    return {};
  case GlobalSym::Thread:
    error(e.loc, "'" + e.name + "' is a thread, not a value");
    return {};
  case GlobalSym::RequestField:
    break;
  }
  error(e.loc, "'" + e.name + "' is not a value");
  return {};
}

LValue BodyCompiler::lvalue(const Expr &e, bool forAtomic) {
  LValue lv;
  if (e.kind == ExprKind::Name) {
    if (const Local *l = findLocal(e.name)) {
      if (forAtomic) {
        error(e.loc, "Interlocked functions need a shared location; '" + e.name + "' is a local variable");
        return {};
      }
      lv.kind = LValue::Local;
      lv.type = l->type;
      lv.reg = l->slot;
      return lv;
    }
    const GlobalSym *g = sema_.lookup(e.name);
    if (g && g->kind == GlobalSym::Shared) {
      const model::SharedVar &v = sema_.design().shared[g->index];
      if (v.isArray) {
        error(e.loc, "'" + e.name + "' is an array; use an element, as in " + e.name + "[0]");
        return {};
      }
      lv.kind = LValue::Shared;
      lv.type = v.type == model::ValueType::Bool ? Type::Bool : v.type == model::ValueType::Request ? Type::Request : Type::Int;
      lv.base = v.base;
      return lv;
    }
    bool implicit = std::any_of(ctx_.implicits.begin(), ctx_.implicits.end(),
                                [&](const Implicit &im) { return im.name == e.name; });
    if (implicit || g || model::lookupConstant(e.name))
      error(e.loc, "'" + e.name + "' cannot be assigned");
    else
      error(e.loc, "use of undeclared name '" + e.name + "'");
    return {};
  }
  if (e.kind == ExprKind::Index) {
    const Expr &base = *e.args[0];
    const GlobalSym *g = base.kind == ExprKind::Name && !findLocal(base.name) ? sema_.lookup(base.name) : nullptr;
    if (!g || g->kind != GlobalSym::Shared || !sema_.design().shared[g->index].isArray) {
      error(base.loc, "only shared arrays can be indexed");
      return {};
    }
    const model::SharedVar &v = sema_.design().shared[g->index];
    Val idx = expr(*e.args[1]);
    if (!requireValue(idx, e.args[1]->loc))
      return {};
    if (idx.type == Type::Request) {
      error(e.args[1]->loc, "an array index must be an int");
      return {};
    }
    lv.kind = LValue::Shared;
    lv.type = v.type == model::ValueType::Bool ? Type::Bool : v.type == model::ValueType::Request ? Type::Request : Type::Int;
    if (idx.isConst) {
      if (idx.k < 0 || idx.k >= v.size) {
        error(e.args[1]->loc, "index " + std::to_string(idx.k) + " is out of bounds for '" + v.name +
                                  "' (size " + std::to_string(v.size) + ")");
        return {};
      }
      lv.base = v.base + idx.k;
    } else {
      lv.base = v.base;
      lv.size = v.size;
      lv.indexed = true;
      lv.reg = idx.reg;
    }
    return lv;
  }
  if (e.kind == ExprKind::Field) {
    const auto &fields = sema_.design().requestFields;
    auto it = std::find_if(fields.begin(), fields.end(), [&](const model::RequestField &f) { return f.name == e.name; });
    Val r = expr(*e.args[0]);
    if (r.type == Type::Error)
      return {};
    if (r.type != Type::Request) {
      error(e.args[0]->loc, "only requests have context fields; this is " + std::string(typeName(r.type)));
      return {};
    }
    if (it == fields.end()) {
      error(e.loc, "'" + e.name + "' is not a field of the request context");
      return {};
    }
    lv.kind = LValue::Field;
    lv.type = it->type == model::ValueType::Bool ? Type::Bool : it->type == model::ValueType::Request ? Type::Request : Type::Int;
    lv.base = static_cast<int32_t>(it - fields.begin());
    lv.reg = materialize(r, e.loc);
    return lv;
  }
  error(e.loc, forAtomic ? "Interlocked functions need a shared location" : "this expression cannot be assigned");
  return {};
}

Val BodyCompiler::unary(const Expr &e) {
  Val v = expr(*e.args[0]);
  if (!requireValue(v, e.args[0]->loc))
    return {};
  if (v.type == Type::Request && e.unop != UnOp::Not) {
    error(e.loc, std::string("cannot apply '") + opSpelling(e.unop) + "' to a request");
    return {};
  }
  Instr in = make(Op::Unary, e.loc);
  in.sub = static_cast<uint8_t>(e.unop);
  in.b = materialize(v, e.loc);
  in.a = newTemp();
  emit(in);
  return {e.unop == UnOp::Not ? Type::Bool : Type::Int, false, 0, in.a};
}

Val BodyCompiler::binary(const Expr &e) {
  Val l = expr(*e.args[0]);
  Val r = expr(*e.args[1]);
  if (!requireValue(l, e.args[0]->loc) | !requireValue(r, e.args[1]->loc))
    return {};
  bool equality = e.binop == BinOp::Eq || e.binop == BinOp::Ne;
  bool comparison = equality || e.binop == BinOp::Lt || e.binop == BinOp::Le || e.binop == BinOp::Gt ||
                    e.binop == BinOp::Ge;
  if ((l.type == Type::Request) != (r.type == Type::Request) || (l.type == Type::Request && !equality)) {
    error(e.loc, std::string("cannot apply '") + opSpelling(e.binop) + "' to " + typeName(l.type) + " and " +
                     typeName(r.type));
    return {};
  }
  Instr in = make(Op::Binary, e.loc);
  in.sub = static_cast<uint8_t>(e.binop);
  in.b = materialize(l, e.loc);
  in.c = materialize(r, e.loc);
  in.a = newTemp();
  emit(in);
  return {comparison ? Type::Bool : Type::Int, false, 0, in.a};
}

// && and || evaluate their right operand only when needed, as in C.
Val BodyCompiler::logical(const Expr &e) {
  Reg result = newTemp();
  Reg l = condition(*e.args[0]);
  Instr norm = make(Op::Unary, e.loc); // result = !!l
  norm.sub = static_cast<uint8_t>(UnOp::Not);
  norm.a = result;
  norm.b = l;
  emit(norm);
  norm.b = result;
  emit(norm);
  Instr j = make(e.binop == BinOp::LogAnd ? Op::JumpIfZero : Op::JumpIfNonZero, e.loc);
  j.b = result;
  size_t skip = emit(j);
  Reg r = condition(*e.args[1]);
  norm.b = r;
  emit(norm);
  norm.b = result;
  emit(norm);
  patch(skip, body_.code.size());
  return {Type::Bool, false, 0, result};
}

Val BodyCompiler::ternary(const Expr &e) {
  Reg result = newTemp();
  Reg c = condition(*e.args[0]);
  Instr j = make(Op::JumpIfZero, e.loc);
  j.b = c;
  size_t jElse = emit(j);
  Val a = expr(*e.args[1]);
  Instr mv = make(Op::Move, e.loc);
  mv.a = result;
  if (requireValue(a, e.args[1]->loc)) {
    mv.b = materialize(a, e.loc);
    emit(mv);
  }
  size_t jEnd = emit(make(Op::Jump, e.loc));
  patch(jElse, body_.code.size());
  Val b = expr(*e.args[2]);
  if (requireValue(b, e.args[2]->loc)) {
    mv.b = materialize(b, e.loc);
    emit(mv);
  }
  patch(jEnd, body_.code.size());
  if (a.type == Type::Error || b.type == Type::Error)
    return {};
  if (a.type != b.type && !(convertible(a.type, b.type))) {
    error(e.loc, std::string("the two branches of '?:' have different types: ") + typeName(a.type) + " and " +
                     typeName(b.type));
    return {};
  }
  return {a.type == b.type ? a.type : Type::Int, false, 0, result};
}

Val BodyCompiler::choose(const Expr &e) {
  finallyOnlyReads(e.loc);
  Instr in = make(Op::Choose, e.loc);
  in.a = newTemp();
  if (e.kind == ExprKind::ChooseRange) {
    Val lo = expr(*e.args[0]);
    Val hi = expr(*e.args[1]);
    if (!lo.isConst || !hi.isConst || lo.type != Type::Int || hi.type != Type::Int) {
      error(e.loc, "choose(lo..hi) needs integer constants");
      return {};
    }
    if (hi.k < lo.k || static_cast<int64_t>(hi.k) - lo.k >= 256) {
      error(e.loc, "choose(lo..hi) needs lo <= hi and at most 256 values");
      return {};
    }
    in.sub = 1;
    in.imm = lo.k;
    in.imm2 = hi.k;
    emit(in);
    return {Type::Int, false, 0, in.a};
  }
  if (e.args.size() > 256) {
    error(e.loc, "choose(...) takes at most 256 values");
    return {};
  }
  Type t = Type::Error;
  std::vector<model::Operand> ops;
  for (const ExprPtr &a : e.args) {
    Val v = expr(*a);
    if (!requireValue(v, a->loc))
      return {};
    if (t != Type::Error && !convertible(t, v.type)) {
      error(a->loc, "all values of choose(...) must have the same type");
      return {};
    }
    t = t == Type::Error ? v.type : (t == v.type ? t : Type::Int);
    ops.push_back(operand(v));
  }
  in.argBegin = static_cast<uint32_t>(body_.operands.size());
  in.argCount = static_cast<uint16_t>(ops.size());
  body_.operands.insert(body_.operands.end(), ops.begin(), ops.end());
  emit(in);
  return {t, false, 0, in.a};
}

Val BodyCompiler::call(const Expr &e) {
  if (e.name == "NT_SUCCESS" || e.name == "KeGetCurrentIrql" || e.name == "status") {
    size_t want = e.name == "KeGetCurrentIrql" ? 0 : 1;
    if (e.args.size() != want) {
      error(e.loc, e.name + " takes " + std::to_string(want) + (want == 1 ? " argument, " : " arguments, ") +
                       std::to_string(e.args.size()) + " given");
      return {};
    }
    if (e.name == "KeGetCurrentIrql") {
      Instr in = make(Op::GetIrql, e.loc);
      in.a = newTemp();
      emit(in);
      return {Type::Int, false, 0, in.a};
    }
    if (e.name == "status") {
      const Expr &a = *e.args[0];
      const GlobalSym *g = a.kind == ExprKind::Name ? sema_.lookup(a.name) : nullptr;
      if (!g || g->kind != GlobalSym::RequestHandle) {
        error(a.loc, "status() takes a request sent with 'send ... as'");
        return {};
      }
      if (ctx_.kind != model::BodyKind::Thread && ctx_.kind != model::BodyKind::Finally) {
        error(e.loc, "status() can only be used in the environment (threads and finally)");
        return {};
      }
      Instr in = make(Op::RequestStatus, e.loc);
      in.a = newTemp();
      in.imm = g->index;
      emit(in);
      return {Type::Int, false, 0, in.a};
    }
    Val v = expr(*e.args[0]);
    if (!requireValue(v, e.args[0]->loc))
      return {};
    if (v.type == Type::Request) {
      error(e.args[0]->loc, "NT_SUCCESS takes an NTSTATUS (an int)");
      return {};
    }
    Instr in = make(Op::NtSuccess, e.loc);
    in.b = materialize(v, e.loc);
    in.a = newTemp();
    emit(in);
    return {Type::Bool, false, 0, in.a};
  }
  if (const ApiSig *sig = findApi(e.name))
    return apiCall(e, *sig);
  const GlobalSym *g = sema_.lookup(e.name);
  if (g && g->kind == GlobalSym::Function)
    return userCall(e, g->index);
  if (g)
    error(e.loc, "'" + e.name + "' is not a function");
  else
    error(e.loc, "unknown function '" + e.name + "'; expected a declared function or a framework call "
                                                  "listed in the language reference");
  return {};
}

Val BodyCompiler::userCall(const Expr &e, int fn) {
  finallyOnlyReads(e.loc);
  const FunctionDecl &f = sema_.scenario().functions[fn];
  if (e.args.size() != f.params.size()) {
    error(e.loc, "function '" + f.name.name + "' takes " + std::to_string(f.params.size()) +
                     (f.params.size() == 1 ? " argument, " : " arguments, ") + std::to_string(e.args.size()) +
                     " given");
    return {};
  }
  std::vector<model::Operand> ops;
  bool ok = true;
  for (size_t i = 0; i < e.args.size(); ++i) {
    Val v = expr(*e.args[i]);
    if (v.type == Type::Error) {
      ok = false;
      continue;
    }
    if (!requireValue(v, e.args[i]->loc) || !convertible(f.params[i].type, v.type)) {
      if (isValueType(v.type))
        error(e.args[i]->loc, "argument " + std::to_string(i + 1) + " of '" + f.name.name + "' must be " +
                                  typeName(f.params[i].type) + ", not " + typeName(v.type));
      ok = false;
      continue;
    }
    ops.push_back(operand(v));
  }
  int body = sema_.functionBody(fn, e.loc);
  if (!ok || body < 0)
    return {};
  Instr in = make(Op::Call, e.loc);
  in.imm = body;
  in.a = f.result == Type::Void ? NoReg : newTemp();
  in.argBegin = static_cast<uint32_t>(body_.operands.size());
  in.argCount = static_cast<uint16_t>(ops.size());
  body_.operands.insert(body_.operands.end(), ops.begin(), ops.end());
  emit(in);
  if (f.result == Type::Void)
    return {Type::Void, false, 0, NoReg};
  return {f.result, false, 0, in.a};
}

Val BodyCompiler::apiCall(const Expr &e, const ApiSig &sig) {
  size_t max = sig.params.size();
  if (e.args.size() < static_cast<size_t>(sig.minArgs) || e.args.size() > max) {
    std::string count = sig.minArgs == static_cast<int>(max)
                            ? std::to_string(max)
                            : std::to_string(sig.minArgs) + " or " + std::to_string(max);
    error(e.loc, std::string(sig.name) + " takes " + count + (max == 1 ? " argument, " : " arguments, ") +
                     std::to_string(e.args.size()) + " given");
    return {};
  }
  finallyOnlyReads(e.loc);
  bool atomic = sig.params[0] == Param::Loc || sig.params[0] == Param::ReqLoc;
  Instr in = make(atomic ? Op::Atomic : Op::Api, e.loc);
  in.api = sig.id;
  std::vector<model::Operand> ops;
  bool ok = true;
  for (size_t i = 0; i < e.args.size(); ++i) {
    Param p = sig.params[i];
    const Expr &a = *e.args[i];
    auto wrong = [&](const std::string &got) {
      error(a.loc, "argument " + std::to_string(i + 1) + " of " + sig.name + " must be " + describeParam(p) +
                       ", not " + got);
      ok = false;
    };
    if (p == Param::Loc || p == Param::ReqLoc) {
      LValue lv = lvalue(a, true);
      if (lv.kind == LValue::None) {
        ok = false;
        continue;
      }
      Type want = p == Param::Loc ? Type::Int : Type::Request;
      if (lv.type != want && !(p == Param::Loc && lv.type == Type::Bool)) {
        wrong(aType(lv.type) + " location");
        continue;
      }
      in.loc = lv.kind == LValue::Field ? model::LocKind::Field : model::LocKind::Shared;
      in.b = lv.indexed || lv.kind == LValue::Field ? lv.reg : NoReg;
      in.imm = lv.base;
      in.imm2 = lv.size;
      continue;
    }
    if (p == Param::Function) {
      const GlobalSym *g = a.kind == ExprKind::Name ? sema_.lookup(a.name) : nullptr;
      if (!g || g->kind != GlobalSym::Function || findLocal(a.name)) {
        wrong("'" + (a.kind == ExprKind::Name ? a.name : std::string("an expression")) + "'");
        continue;
      }
      CallbackId cb = sig.id == ApiId::WdfInterruptSynchronize ? CallbackId::InterruptSynchronize
                                                               : CallbackId::RequestCancel;
      int owner = -1;
      if (cb == CallbackId::InterruptSynchronize) {
        owner = ops.empty() || ops[0].isReg ? -1 : ops[0].value;
        if (owner < 0) {
          ok = false;
          continue;
        }
      }
      int body = sema_.routineBody(g->index, cb, owner, a.loc);
      if (body < 0) {
        ok = false;
        continue;
      }
      if (cb == CallbackId::RequestCancel) {
        // Record which queue's code marks the request cancelable, for explain.
        int queue = isQueueHandler(ctx_.callback) ? ctx_.object : -1;
        sema_.design().routines.push_back({body, cb, queue, a.loc});
      }
      ops.push_back({false, body});
      continue;
    }
    Val v = expr(a);
    if (v.type == Type::Error) {
      ok = false;
      continue;
    }
    if (p == Param::Request || p == Param::Int || p == Param::Bool) {
      Type want = p == Param::Request ? Type::Request : p == Param::Int ? Type::Int : Type::Bool;
      if (!isValueType(v.type) || !convertible(want, v.type)) {
        wrong(isValueType(v.type) ? aType(v.type) : std::string("the ") + typeName(v.type) + " handle");
        continue;
      }
      // KeWaitForSingleObject(E, timeout): version 1 models only the zero timeout.
      if (sig.id == ApiId::KeWaitForSingleObject && i == 1 && !(v.isConst && v.k == 0)) {
        error(a.loc, "KeWaitForSingleObject takes no timeout or a zero timeout (0); other timeouts are "
                     "not modelled");
        ok = false;
        continue;
      }
      ops.push_back(operand(v));
      continue;
    }
    bool match = p == Param::Obj ? (isHandle(v.type) && v.type != Type::SpinLock && v.type != Type::WaitLock &&
                                    v.type != Type::Event)
                                 : v.type == handleType(p);
    if (!match) {
      wrong(isHandle(v.type) ? std::string("the ") + typeName(v.type) + " handle" : aType(v.type));
      continue;
    }
    ops.push_back(operand(v));
  }
  if (ok && sig.id == ApiId::WdfInterruptTryToAcquireLock && !ops.empty() && !ops[0].isReg &&
      !sema_.design().objects[ops[0].value].passiveHandling) {
    error(e.loc, "WdfInterruptTryToAcquireLock is only for PassiveHandling interrupts, and '" +
                     sema_.design().objects[ops[0].value].name + "' is a DIRQL interrupt");
    ok = false;
  }
  if (!ok)
    return {};
  in.a = sig.result == Type::Void ? NoReg : newTemp();
  in.argBegin = static_cast<uint32_t>(body_.operands.size());
  in.argCount = static_cast<uint16_t>(ops.size());
  body_.operands.insert(body_.operands.end(), ops.begin(), ops.end());
  emit(in);
  if (sig.result == Type::Void)
    return {Type::Void, false, 0, NoReg};
  return {sig.result, false, 0, in.a};
}

} // namespace

int compileBody(Sema &sema, const BodyContext &ctx) {
  BodyCompiler c(sema, ctx);
  return c.run();
}

} // namespace wdf::frontend
