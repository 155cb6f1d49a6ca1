#include "CounterSections.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "RunBounds.hpp"

namespace wdf::model::exec {

namespace {

constexpr int32_t MaxWeakCell = 63; // GuardedAccess::weakCells has bits 0..62

// A section found in the code, before the counters are known.
struct Candidate {
  int body = -1;
  size_t begin = 0;
  CounterSection section;
  std::map<int, uint64_t> magnitude; // cell -> sum of the constants it adds or subtracts
  bool interlocked = false;          // an interlocked addition (section.cells: its cell)
};

// What a register holds inside a section: a value from before it, a constant, or a cell's
// value as loaded plus a constant.
struct Val {
  enum Kind : uint8_t { Other, Const, Cell } kind = Other;
  int cell = -1;
  int64_t k = 0;
};

bool isSectionLock(ApiId a) { return a == ApiId::WdfSpinLockAcquire || a == ApiId::WdfWaitLockAcquire; }
ApiId releaseOf(ApiId a) { return a == ApiId::WdfSpinLockAcquire ? ApiId::WdfSpinLockRelease : ApiId::WdfWaitLockRelease; }

bool scalarAccess(const Instr &in, const Design &d) {
  return in.loc == LocKind::Shared && in.b == NoReg && in.imm >= 0 && in.imm < d.sharedCells;
}

// The section that starts at `pc` of body `b`, if the code there has the shape of one.
bool parseSection(const Design &d, const ObjectModel &om, const GuardedAccess &g, const Liveness &live, int b,
                  size_t pc, Candidate &out) {
  const Body &body = d.bodies[b];
  const Instr &acq = body.code[pc];
  if (acq.op != Op::Api || !isSectionLock(acq.api) || acq.argCount < 1 || body.operands[acq.argBegin].isReg)
    return false;
  int lockObject = body.operands[acq.argBegin].value;
  int lock = om.lockOf(lockObject);
  if (lock < 0)
    return false;
  std::map<Reg, Val> regs;
  auto get = [&](Reg r) { auto it = regs.find(r); return it == regs.end() ? Val{} : it->second; };
  std::vector<int> loaded, stored;
  auto has = [](const std::vector<int> &v, int c) { return std::find(v.begin(), v.end(), c) != v.end(); };
  CounterSection &sec = out.section;
  for (size_t p = pc + 1; p < body.code.size(); ++p) {
    const Instr &in = body.code[p];
    switch (in.op) {
    case Op::Const: regs[in.a] = {Val::Const, -1, in.imm}; break;
    case Op::Move: regs[in.a] = get(in.b); break;
    case Op::Binary: {
      Val x = get(in.b), y = get(in.c);
      auto sub = static_cast<BinOpCode>(in.sub);
      if (x.kind == Val::Cell && y.kind == Val::Const && (sub == BinOpCode::Add || sub == BinOpCode::Sub)) {
        regs[in.a] = {Val::Cell, x.cell, sub == BinOpCode::Add ? x.k + y.k : x.k - y.k};
        out.magnitude[x.cell] += static_cast<uint64_t>(std::llabs(y.k));
      } else if (x.kind == Val::Const && y.kind == Val::Cell && sub == BinOpCode::Add) {
        regs[in.a] = {Val::Cell, y.cell, y.k + x.k};
        out.magnitude[y.cell] += static_cast<uint64_t>(std::llabs(x.k));
      } else if (x.kind == Val::Cell || y.kind == Val::Cell) {
        return false; // a counter's value used for something other than an addition
      } else {
        regs[in.a] = {};
      }
      break;
    }
    case Op::Load:
    case Op::Store: {
      if (!scalarAccess(in, d))
        return false;
      int cell = in.imm;
      bool weak = !g.always[b][p];
      if (weak && (cell >= MaxWeakCell || (g.weakCells[b][p] >> cell & 1) == 0))
        return false; // never run inside the step
      if (weak)
        sec.weak |= 1ull << cell;
      if (in.op == Op::Load) {
        if (has(loaded, cell))
          return false;
        loaded.push_back(cell);
        regs[in.a] = {Val::Cell, cell, 0};
      } else {
        Val v = get(in.c);
        if (v.kind != Val::Cell || v.cell != cell || !has(loaded, cell) || has(stored, cell))
          return false;
        stored.push_back(cell);
      }
      break;
    }
    case Op::Api: {
      if (in.api != releaseOf(acq.api) || in.argCount < 1 || body.operands[in.argBegin].isReg ||
          body.operands[in.argBegin].value != lockObject || !g.always[b][p])
        return false;
      if (stored.empty() || stored.size() != loaded.size())
        return false;
      // The values of the counters must die here, or the two orders leave different frames.
      for (const auto &[r, v] : regs)
        if (v.kind == Val::Cell && p + 1 < body.code.size() && live(b, p + 1, r))
          return false;
      sec.lock = lock;
      sec.release = p;
      sec.cells = stored;
      std::sort(sec.cells.begin(), sec.cells.end());
      out.body = b;
      out.begin = pc;
      return true;
    }
    default: return false;
    }
  }
  return false;
}

// An interlocked addition of a constant to a scalar cell whose result dies at once.
bool parseInterlocked(const Design &d, const Liveness &live, int b, size_t pc, Candidate &out) {
  const Body &body = d.bodies[b];
  const Instr &in = body.code[pc];
  if (in.op != Op::Atomic || !scalarAccess(in, d))
    return false;
  int64_t delta = 0;
  if (in.api == ApiId::InterlockedIncrement || in.api == ApiId::InterlockedDecrement)
    delta = 1;
  else if (in.api == ApiId::InterlockedAdd && in.argCount >= 1 && !body.operands[in.argBegin].isReg)
    delta = body.operands[in.argBegin].value;
  else
    return false;
  if (in.a != NoReg && pc + 1 < body.code.size() && live(b, pc + 1, in.a))
    return false;
  out.body = b;
  out.begin = pc;
  out.interlocked = true;
  out.section.release = pc;
  out.section.cells = {in.imm};
  out.magnitude[in.imm] = static_cast<uint64_t>(std::llabs(delta));
  return true;
}

} // namespace

CounterSections findCounterSections(const Design &d, const ObjectModel &om, const GuardedAccess &g, const Liveness &live) {
  CounterSections result;
  if (g.empty())
    return result;
  std::vector<Candidate> candidates;
  for (size_t b = 0; b < d.bodies.size(); ++b) {
    if (d.bodies[b].kind == BodyKind::Finally)
      continue;
    for (size_t pc = 0; pc < d.bodies[b].code.size(); ++pc) {
      Candidate c;
      if (parseSection(d, om, g, live, static_cast<int>(b), pc, c) ||
          parseInterlocked(d, live, static_cast<int>(b), pc, c))
        candidates.push_back(std::move(c));
    }
  }
  if (candidates.empty())
    return result;
  std::vector<uint64_t> runs = computeRunBounds(d);
  std::vector<int32_t> init(static_cast<size_t>(d.sharedCells), 0);
  for (const SharedVar &v : d.shared)
    for (int k = 0; k < v.size && k < static_cast<int>(v.init.size()); ++k)
      init[static_cast<size_t>(v.base + k)] = v.init[k];
  // Dropping a candidate makes its stores writes outside any section, which may disqualify
  // the counters of others: repeat until every remaining candidate adds to counters only.
  std::vector<char> keep(candidates.size(), 1);
  for (bool changed = true; changed;) {
    changed = false;
    std::vector<char> counter(static_cast<size_t>(d.sharedCells), 1);
    std::vector<uint64_t> bound(counter.size(), 0);
    std::vector<std::vector<char>> inSection(d.bodies.size());
    for (size_t b = 0; b < d.bodies.size(); ++b)
      inSection[b].assign(d.bodies[b].code.size(), 0);
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (!keep[i])
        continue;
      const Candidate &c = candidates[i];
      for (size_t p = c.begin; p <= c.section.release; ++p)
        inSection[c.body][p] = 1;
      for (const auto &[cell, mag] : c.magnitude) {
        uint64_t r = runs[c.body];
        uint64_t add = r == Unbounded || (mag && r > Unbounded / mag) ? Unbounded : r * mag;
        bound[cell] = bound[cell] > Unbounded - add ? Unbounded : bound[cell] + add;
      }
    }
    for (size_t b = 0; b < d.bodies.size(); ++b) {
      if (d.bodies[b].kind == BodyKind::Finally)
        continue; // runs once nothing else can
      for (size_t p = 0; p < d.bodies[b].code.size(); ++p) {
        const Instr &in = d.bodies[b].code[p];
        if ((in.op != Op::Store && in.op != Op::Atomic) || in.loc != LocKind::Shared || inSection[b][p])
          continue;
        int32_t from = in.imm, to = in.imm + (in.b == NoReg ? 1 : in.imm2);
        for (int32_t cell = std::max(from, 0); cell < std::min(to, d.sharedCells); ++cell)
          counter[static_cast<size_t>(cell)] = 0;
      }
    }
    for (size_t cell = 0; cell < counter.size(); ++cell)
      if (static_cast<uint64_t>(std::llabs(init[cell])) + std::min<uint64_t>(bound[cell], Unbounded / 2) > INT32_MAX)
        counter[cell] = 0;
    for (size_t i = 0; i < candidates.size(); ++i)
      if (keep[i])
        for (int cell : candidates[i].section.cells)
          if (!counter[static_cast<size_t>(cell)]) {
            keep[i] = 0;
            changed = true;
            break;
          }
  }
  result.at.resize(d.bodies.size());
  result.interlocked.resize(d.bodies.size());
  for (size_t b = 0; b < d.bodies.size(); ++b) {
    result.at[b].assign(d.bodies[b].code.size(), -1);
    result.interlocked[b].assign(d.bodies[b].code.size(), -1);
  }
  for (size_t i = 0; i < candidates.size(); ++i) {
    const Candidate &c = candidates[i];
    if (!keep[i])
      continue;
    if (c.interlocked) {
      result.interlocked[c.body][c.begin] = c.section.cells[0];
      result.anyInterlocked = true;
    } else {
      result.at[c.body][c.begin] = static_cast<int>(result.list.size());
      result.list.push_back(c.section);
    }
  }
  return result;
}

} // namespace wdf::model::exec
