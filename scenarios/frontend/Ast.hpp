// The syntax tree of one scenario file, as written. Semantic analysis (Sema) checks it and
// annotates expressions with their types and resolved symbols; Lower turns it into the
// models::Design the checker runs.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/Source.hpp"
#include "models/Ir.hpp"

namespace wdf::ast {

struct Ident {
  std::string name;
  SourceLoc loc;
};

// ---------------------------------------------------------------- types

// The value types of the language plus the handle types that API arguments need.
enum class Type : uint8_t {
  Error, // already reported
  Void,
  Int,
  Bool,
  Request,
  // handles
  Device, Queue, WorkItem, Dpc, Timer, Interrupt, SpinLock, WaitLock, Event, File,
  Function, // a function name passed to WdfRequestMarkCancelable / WdfInterruptSynchronize
  Driver,   // the `driver` keyword, only as a parent
};
const char *typeName(Type t);
inline bool isValueType(Type t) { return t == Type::Int || t == Type::Bool || t == Type::Request; }

// ---------------------------------------------------------------- expressions

enum class ExprKind : uint8_t {
  Int, Bool, Null, Name, Index, Field, Unary, Binary, Ternary, Call, Choose, ChooseRange,
};

using UnOp = model::UnOpCode;
using BinOp = model::BinOpCode;
const char *opSpelling(UnOp op);
const char *opSpelling(BinOp op);

// What a name refers to, filled in by Sema.
enum class SymKind : uint8_t {
  Unresolved, Local, Param, Implicit, Shared, Constant, Object, RequestHandle, FileHandle,
  Function, Driver,
};

struct Expr {
  ExprKind kind;
  SourceLoc loc;
  int32_t intValue = 0;           // Int literal; Bool literal (0/1)
  std::string name;               // Name, Call callee, Field name
  UnOp unop = UnOp::Neg;
  BinOp binop = BinOp::Add;
  std::vector<std::unique_ptr<Expr>> args; // operands, call arguments, choose values
  // Sema annotations
  Type type = Type::Error;
  SymKind sym = SymKind::Unresolved;
  int symIndex = -1;              // index into the symbol's table (local slot, shared var, ...)

  Expr(ExprKind k, SourceLoc l) : kind(k), loc(l) {}
};
using ExprPtr = std::unique_ptr<Expr>;

// ---------------------------------------------------------------- statements

enum class StmtKind : uint8_t {
  Block, VarDecl, Assign, IncDec, If, While, For, Break, Continue, Return, Assert, Assume,
  ExprStmt,
  // environment statements (threads only, except `interrupt`)
  Open, Close, Send, Cancel, WaitRequest, Interrupt,
};

enum class AssignOp : uint8_t { Set, Add, Sub, Mul, Div, Mod, And, Or, Xor, Shl, Shr };

struct Stmt {
  StmtKind kind;
  SourceLoc loc;
  // Block: children. If: [then, else?]. While: [body]. For: [init?, body, step?] with
  // `expr` the condition (null = forever); missing init/step are null entries.
  std::vector<std::unique_ptr<Stmt>> children;
  ExprPtr expr;   // Assign/IncDec target; VarDecl init; If/While/For condition; Return value;
                  // Assert/Assume condition; ExprStmt call
  ExprPtr value;  // Assign right-hand side
  AssignOp assignOp = AssignOp::Set;
  bool increment = true;         // IncDec
  Type declType = Type::Error;   // VarDecl
  Ident name;                    // VarDecl name; Open/Send `as` name; Close/Cancel/Wait target;
                                 // Interrupt target; Send queue in `target`
  Ident target;                  // Send: queue; Interrupt: the interrupt
  Ident requestKind;             // Send: Read | Write | DeviceControl | InternalDeviceControl
  std::string message;           // Assert message
  int slot = -1;                 // VarDecl: Sema's local slot
  Stmt(StmtKind k, SourceLoc l) : kind(k), loc(l) {}
};
using StmtPtr = std::unique_ptr<Stmt>;

// ---------------------------------------------------------------- declarations

enum class ObjectKind : uint8_t { Driver, Device, Queue, WorkItem, Dpc, Timer, Interrupt };
const char *objectKindName(ObjectKind k); // "queue", "workitem", ...

struct Attribute {
  Ident name;
  ExprPtr value;
};

struct Callback {
  Ident name;
  StmtPtr body;                  // inline body, or
  std::optional<Ident> function; // `EvtWorkItem = Bump;`
};

struct ObjectDecl {
  ObjectKind kind;
  Ident name;                    // empty for the driver
  SourceLoc loc;
  std::vector<Attribute> attrs;
  std::vector<Callback> callbacks;
  bool hasFileObject = false;    // device only: a FileObject { ... } block was given
  SourceLoc fileObjectLoc;
  std::vector<Attribute> fileObjectAttrs;
};

enum class LockKind : uint8_t { SpinLock, WaitLock };
struct LockDecl {
  LockKind kind;
  Ident name;
};

struct EventDecl {
  Ident name;
  std::vector<Attribute> attrs;
};

struct SharedDecl {
  Type type;
  Ident name;
  SourceLoc loc;
  int arraySize = 0;             // 0 = scalar
  std::vector<ExprPtr> init;     // scalar: 0 or 1 entry; array: the brace list
};

struct FieldDecl { // request context field
  Type type;
  Ident name;
  ExprPtr init;
};

struct Param {
  Type type;
  Ident name;
};

struct FunctionDecl {
  Type result = Type::Void;
  Ident name;
  std::vector<Param> params;
  StmtPtr body;
};

struct ThreadDecl {
  Ident name;
  int level = 0;                 // PASSIVE_LEVEL or DISPATCH_LEVEL
  SourceLoc levelLoc;
  StmtPtr body;
};

struct Environment {
  SourceLoc loc;
  std::vector<ThreadDecl> threads;
  StmtPtr finallyBody;
};

// `expect [no] kind(args);` and `suppress kind(args);`
struct FindingPattern {
  SourceLoc loc;
  bool negated = false;
  Ident kind;
  std::vector<Ident> args;
};

struct Scenario {
  uint32_t file = 0;
  std::optional<std::string> title;
  std::vector<ObjectDecl> objects;   // driver, device and the framework objects, in order
  std::vector<LockDecl> locks;
  std::vector<EventDecl> events;
  std::vector<SharedDecl> shared;
  std::vector<FieldDecl> requestFields;
  SourceLoc requestContextLoc;
  std::vector<FunctionDecl> functions;
  std::optional<Environment> environment;
  std::vector<FindingPattern> expects;
  std::vector<FindingPattern> suppressions;
};

} // namespace wdf::ast
