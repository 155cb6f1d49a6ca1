// The code a scenario runs: each callback, function, thread and finally block is a Body of
// register-machine instructions. Registers are the frame's local slots (int32). An
// instruction is *invisible* when it only touches its own frame (locals, control flow,
// function calls) and *visible* when it touches shared state or the framework: visible
// instructions are the steps the explorer interleaves.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/Source.hpp"

namespace wdf::model {

using Reg = uint16_t;

// Operators, shared with the scenario AST.
enum class UnOpCode : uint8_t { Neg, Not, BitNot };
enum class BinOpCode : uint8_t {
  Add, Sub, Mul, Div, Mod, BitAnd, BitOr, BitXor, Shl, Shr,
  Eq, Ne, Lt, Le, Gt, Ge, LogAnd, LogOr,
};
inline constexpr Reg NoReg = 0xFFFF;

enum class ApiId : uint8_t {
#define API(Id, Name, Result, MinArgs, ...) Id,
#include "Apis.def"
#undef API
  Count
};

enum class CallbackId : uint8_t {
#define CALLBACK(Id, Name, Owner) Id,
#include "Callbacks.def"
#undef CALLBACK
  Count
};
const char *callbackName(CallbackId id);
// A queue's I/O callback: the dispatcher presents a request to it.
inline bool isRequestHandler(CallbackId cb) {
  return cb == CallbackId::IoDefault || cb == CallbackId::IoRead || cb == CallbackId::IoWrite ||
         cb == CallbackId::IoDeviceControl || cb == CallbackId::IoInternalDeviceControl;
}
const char *apiName(ApiId id);

enum class Op : uint8_t {
  // ---- invisible
  Const,         // r[a] = imm
  Move,          // r[a] = r[b]
  Unary,         // r[a] = sub r[b]            (sub: UnOpCode)
  Binary,        // r[a] = r[b] sub r[c]       (sub: BinOpCode; overflow, /0 -> assert finding)
  Jump,          // pc = imm
  JumpIfZero,    // if r[b] == 0: pc = imm
  JumpIfNonZero, // if r[b] != 0: pc = imm
  Call,          // r[a] = body imm (operands = arguments); a = NoReg for none
  Return,        // return r[b] (NoReg: no value)
  Assert,        // r[b] == 0 -> assert finding, message = strings[imm]
  Assume,        // r[b] == 0 -> the execution is discarded
  GetIrql,       // r[a] = the current IRQL
  NtSuccess,     // r[a] = r[b] >= 0
  // ---- visible
  Choose,        // r[a] = one of the operands (sub 0), or of r[b]..r[c] (sub 1)
  Load,          // r[a] = location      (location fields: see LocKind)
  Store,         // location = r[c]
  Atomic,        // r[a] = Interlocked api `api` on the location, operands = extra args
  Api,           // r[a] = framework call `api`, operands = arguments
  RequestStatus, // r[a] = status(request r[b])
  Send,          // send kind sub to queue imm; request handle imm2 (or -1); r[a] = request
  Open,          // open file imm
  Close,         // close file imm
  Cancel,        // cancel request handle imm
  WaitRequest,   // wait until request handle imm is completed
  Raise,         // interrupt imm is asserted
  End,           // end of the body: callback epilogue or thread exit
};

// Where a Load/Store/Atomic points.
enum class LocKind : uint8_t {
  Shared, // shared[imm + r[b]] (b = NoReg for a scalar); arraySize = imm2 for the bounds check
  Field,  // request context field imm of the request in r[b]
};

struct Operand {
  bool isReg = false;
  int32_t value = 0; // register number, or an immediate (constant, object id, body id)
};

struct Instr {
  Op op;
  uint8_t sub = 0;           // operator / request kind / choose form
  ApiId api = ApiId::Count;  // Api, Atomic
  LocKind loc = LocKind::Shared;
  Reg a = NoReg, b = NoReg, c = NoReg;
  int32_t imm = 0, imm2 = 0;
  uint32_t argBegin = 0;     // operands[argBegin, argBegin + argCount)
  uint16_t argCount = 0;
  SourceLoc where;
};

// A read or write of memory: shared data or a request's context field.
inline bool isMemoryAccess(Op op) { return op == Op::Load || op == Op::Store || op == Op::Atomic; }
// A read or write of shared data (not of a request's context field).
inline bool isSharedAccess(const Instr &in) { return isMemoryAccess(in.op) && in.loc == LocKind::Shared; }

enum class BodyKind : uint8_t { Callback, Function, Thread, Finally };

struct Body {
  std::string name;          // "EvtWorkItem of W1", "function Bump", "thread App", "finally"
  BodyKind kind = BodyKind::Function;
  CallbackId callback = CallbackId::Count;
  int object = -1;           // the object whose callback this is (callbacks)
  int function = -1;         // the scenario function it was compiled from, or -1 (inline body)
  uint16_t numParams = 0;    // parameters occupy the first slots
  uint16_t numSlots = 0;
  bool returnsValue = false;
  SourceLoc loc;
  std::vector<Instr> code;
  std::vector<Operand> operands;
};

// The instructions that may run after the one at `pc`.
inline std::vector<size_t> successors(const Body &b, size_t pc) {
  const Instr &in = b.code[pc];
  switch (in.op) {
  case Op::Jump: return {static_cast<size_t>(in.imm)};
  case Op::JumpIfZero:
  case Op::JumpIfNonZero: return {static_cast<size_t>(in.imm), pc + 1};
  case Op::Return:
  case Op::End: return {};
  default: return {pc + 1};
  }
}

// True when `op` touches only the running frame. The end of a body is local too: what the
// framework does after a callback (releasing its lock) is a step of its own.
inline bool isInvisible(Op op) { return op < Op::Choose || op == Op::End; }

} // namespace wdf::model
