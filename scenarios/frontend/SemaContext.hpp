// Internal to the front end: the state shared by the declaration pass (Sema.cpp) and the
// body compiler (Compiler.cpp).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "Ast.hpp"
#include "core/Diagnostics.hpp"
#include "models/Design.hpp"

namespace wdf::frontend {

struct GlobalSym {
  enum Kind { Object, Shared, Function, Thread, RequestHandle, FileHandle, RequestField } kind;
  int index;
  SourceLoc loc;
};

// A name visible inside a callback without being declared: Request, Queue, WorkItem, ...
struct Implicit {
  std::string name;
  ast::Type type;
  bool isParam;   // held in a parameter slot
  int value;      // slot number, or the constant object id
};

struct BodyContext {
  model::BodyKind kind = model::BodyKind::Function;
  model::CallbackId callback = model::CallbackId::Count;
  int object = -1;             // callbacks: the owning object
  int function = -1;           // index into Scenario::functions, or -1 for an inline body
  int thread = -1;             // thread bodies
  ast::Type result = ast::Type::Void;
  std::string name;
  std::vector<Implicit> implicits;
  const ast::Stmt *body = nullptr;
  const std::vector<ast::Param> *params = nullptr;
  SourceLoc loc;
};

class Sema {
public:
  Sema(const ast::Scenario &s, DiagnosticEngine &d, model::Design &design)
      : ast_(s), diags_(d), design_(design) {}
  bool run();

  // -- used by the body compiler
  const GlobalSym *lookup(const std::string &name) const;
  DiagnosticEngine &diags() { return diags_; }
  model::Design &design() { return design_; }
  const ast::Scenario &scenario() const { return ast_; }
  // The body of a function called by name, compiled on first use; -1 on error.
  int functionBody(int fn, SourceLoc callLoc);
  // A function passed to WdfRequestMarkCancelable / WdfInterruptSynchronize, compiled as
  // that routine for `owner`; -1 on error.
  int routineBody(int fn, model::CallbackId cb, int owner, SourceLoc useLoc);
  int stringId(const std::string &s);
  ast::Type objectType(int object) const;
  // A callee is compiled inside its caller's compile, so a long call chain nests C++ frames
  // without bound. `depth` counts the bodies, statements and expressions being compiled,
  // over every function on the way; a call deeper than MaxCompileDepth is refused.
  int depth = 0;
  static constexpr int MaxCompileDepth = 2000, BodyDepth = 10;
  bool callTooDeep(SourceLoc callLoc);
  // By the location of the statement: the Design::requests entry of each `send` and the File
  // object of each `open` (looked up per statement; a scan would be quadratic).
  std::map<SourceLoc, int> sendSites, openFiles;

private:
  void declare(const std::string &name, GlobalSym sym);
  void declareAll();
  void buildObject(const ast::ObjectDecl &d, int id);
  void applyAttribute(model::Object &o, const ast::Attribute &a, bool fileObject);
  void buildCallbacks(const ast::ObjectDecl &d, int id);
  void checkParentCycles();
  void buildShared();
  void buildRequestFields();
  void buildEnvironment();
  void collectHandles(const ast::Stmt &s, int thread);
  void checkPatterns();
  void checkPattern(const ast::FindingPattern &p, bool isExpect);
  int compile(const BodyContext &ctx);
  std::vector<Implicit> implicitsFor(model::CallbackId cb, int object) const;
  int32_t constantValue(const ast::Expr &e, const char *what);

  const ast::Scenario &ast_;
  DiagnosticEngine &diags_;
  model::Design &design_;
  std::map<std::string, GlobalSym> globals_;
  static constexpr int NotCompiled = -1, Failed = -2;
  std::vector<int> functionBodies_;   // per ast function: its plain body, NotCompiled or Failed
  std::vector<bool> functionBusy_;    // on the compile stack (recursion check)
  std::map<std::tuple<int, int, int>, int> routineBodies_; // (fn, callback, owner) -> body
  std::map<std::string, int> strings_;
};

// Compiles one body into design.bodies; returns its index. Defined in Compiler.cpp.
int compileBody(Sema &sema, const BodyContext &ctx);

} // namespace wdf::frontend
