#include "Ast.hpp"

namespace wdf::ast {

const char *typeName(Type t) {
  switch (t) {
  case Type::Error: return "<error>";
  case Type::Void: return "void";
  case Type::Int: return "int";
  case Type::Bool: return "bool";
  case Type::Request: return "request";
  case Type::Device: return "device";
  case Type::Queue: return "queue";
  case Type::WorkItem: return "workitem";
  case Type::Dpc: return "dpc";
  case Type::Timer: return "timer";
  case Type::Interrupt: return "interrupt";
  case Type::SpinLock: return "spinlock";
  case Type::WaitLock: return "waitlock";
  case Type::Event: return "event";
  case Type::File: return "file";
  case Type::Function: return "function";
  case Type::Driver: return "driver";
  }
  return "?";
}

const char *opSpelling(UnOp op) {
  switch (op) {
  case UnOp::Neg: return "-";
  case UnOp::Not: return "!";
  case UnOp::BitNot: return "~";
  }
  return "?";
}

const char *opSpelling(BinOp op) {
  switch (op) {
  case BinOp::Add: return "+";
  case BinOp::Sub: return "-";
  case BinOp::Mul: return "*";
  case BinOp::Div: return "/";
  case BinOp::Mod: return "%";
  case BinOp::BitAnd: return "&";
  case BinOp::BitOr: return "|";
  case BinOp::BitXor: return "^";
  case BinOp::Shl: return "<<";
  case BinOp::Shr: return ">>";
  case BinOp::Eq: return "==";
  case BinOp::Ne: return "!=";
  case BinOp::Lt: return "<";
  case BinOp::Le: return "<=";
  case BinOp::Gt: return ">";
  case BinOp::Ge: return ">=";
  case BinOp::LogAnd: return "&&";
  case BinOp::LogOr: return "||";
  }
  return "?";
}

const char *objectKindName(ObjectKind k) {
  switch (k) {
  case ObjectKind::Driver: return "driver";
  case ObjectKind::Device: return "device";
  case ObjectKind::Queue: return "queue";
  case ObjectKind::WorkItem: return "workitem";
  case ObjectKind::Dpc: return "dpc";
  case ObjectKind::Timer: return "timer";
  case ObjectKind::Interrupt: return "interrupt";
  }
  return "?";
}

} // namespace wdf::ast
