#include "LockSets.hpp"

namespace wdf::model::exec {

bool isAcquire(ApiId a) {
  return a == ApiId::WdfSpinLockAcquire || a == ApiId::WdfWaitLockAcquire || a == ApiId::WdfObjectAcquireLock ||
         a == ApiId::WdfInterruptAcquireLock;
}
bool isRelease(ApiId a) {
  return a == ApiId::WdfSpinLockRelease || a == ApiId::WdfWaitLockRelease || a == ApiId::WdfObjectReleaseLock ||
         a == ApiId::WdfInterruptReleaseLock;
}

// Locks certainly held at each instruction, from the body's entry (where a callback holds
// its framework lock). A forward must-analysis: intersection at joins.
LockSets computeLockSets(const Design &d_, const ObjectModel &om_) {
  LockSets ls;
  std::vector<uint64_t> &releases_ = ls.releases;
  size_t nb = d_.bodies.size();
  releases_.assign(nb, 0);
  auto lockOfOperand = [&](const Body &b, const Instr &in) -> int {
    const Operand &op = b.operands[in.argBegin];
    if (op.isReg)
      return -1;
    int obj = op.value;
    switch (in.api) {
    case ApiId::WdfSpinLockAcquire:
    case ApiId::WdfSpinLockRelease:
    case ApiId::WdfWaitLockAcquire:
    case ApiId::WdfWaitLockRelease: return om_.lockOf(obj);
    case ApiId::WdfInterruptAcquireLock:
    case ApiId::WdfInterruptReleaseLock: return om_.objects[obj].interruptLock;
    default: {
      ObjKind k = d_.objects[obj].kind;
      return k == ObjKind::Device || k == ObjKind::Queue ? om_.objects[obj].exposedLock
             : k == ObjKind::File                        ? om_.objects[d_.device].fileLock
                                                         : -1;
    }
    }
  };
  // Locks a body (or a function it calls) may release, and whether it may take any.
  ls.takesLocks.assign(nb, 0);
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t b = 0; b < nb; ++b) {
      uint64_t r = releases_[b];
      char takes = ls.takesLocks[b];
      for (const Instr &in : d_.bodies[b].code) {
        if (in.op == Op::Api && isRelease(in.api)) {
          int l = lockOfOperand(d_.bodies[b], in);
          r |= l >= 0 ? lockBit(l) : ~0ull;
        }
        if (in.op == Op::Api && (isAcquire(in.api) || in.api == ApiId::WdfInterruptTryToAcquireLock ||
                                 in.api == ApiId::WdfInterruptSynchronize))
          takes = 1;
        if (in.op == Op::Call) {
          r |= releases_[in.imm];
          takes |= ls.takesLocks[in.imm];
        }
      }
      if (r != releases_[b] || takes != ls.takesLocks[b]) {
        releases_[b] = r;
        ls.takesLocks[b] = takes;
        changed = true;
      }
    }
  }
  std::vector<std::vector<uint64_t>> &mustHeld_ = ls.mustHeld;
  mustHeld_.resize(nb);
  for (size_t b = 0; b < nb; ++b) {
    const Body &body = d_.bodies[b];
    size_t n = body.code.size();
    std::vector<uint64_t> in(n, ~0ull);
    if (n == 0)
      continue;
    uint64_t entry = 0;
    if (body.kind == BodyKind::Callback && body.object >= 0)
      entry = lockBit(om_.callbackLock(d_, body.object, body.callback));
    in[0] = entry;
    bool again = true;
    while (again) {
      again = false;
      for (size_t pc = 0; pc < n; ++pc) {
        const Instr &ins = body.code[pc];
        uint64_t out = in[pc];
        if (ins.op == Op::Api && isAcquire(ins.api)) {
          int l = lockOfOperand(body, ins);
          if (l >= 0)
            out |= lockBit(l);
        } else if (ins.op == Op::Api && isRelease(ins.api)) {
          int l = lockOfOperand(body, ins);
          out &= l >= 0 ? ~lockBit(l) : 0;
        } else if (ins.op == Op::Call) {
          out &= ~releases_[ins.imm];
        }
        for (size_t s : successors(body, pc)) {
          if (s >= n)
            continue;
          uint64_t merged = (s == 0 ? entry : ~0ull) & in[s] & out;
          if (merged != in[s]) {
            in[s] = merged;
            again = true;
          }
        }
      }
    }
    for (uint64_t &m : in)
      if (m == ~0ull)
        m = 0; // unreachable code: nothing is certain
    mustHeld_[b] = std::move(in);
  }
  return ls;
}

} // namespace wdf::model::exec
