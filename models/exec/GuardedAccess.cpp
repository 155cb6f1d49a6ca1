#include "GuardedAccess.hpp"

#include <algorithm>

namespace wdf::model::exec {

namespace {

constexpr int32_t MaxCell = 63; // cells as bits of a uint64_t
constexpr size_t MaxFlushTables = 32;

// The cells an access may touch: one, or any element of an indexed array.
std::pair<int32_t, int32_t> cellRange(const Instr &in) { return {in.imm, in.imm + (in.b == NoReg ? 1 : in.imm2)}; }

// Bodies that callbacks run: callback bodies, routines the framework calls (cancel,
// synchronize), functions no code calls (conservatively), and every function they call.
std::vector<char> callbackContext(const Design &d) {
  size_t nb = d.bodies.size();
  std::vector<char> called(nb, 0), ctx(nb, 0);
  for (const Body &b : d.bodies)
    for (const Instr &in : b.code)
      if (in.op == Op::Call && in.imm >= 0 && static_cast<size_t>(in.imm) < nb)
        called[in.imm] = 1;
  std::vector<size_t> work;
  for (size_t b = 0; b < nb; ++b)
    if (d.bodies[b].kind == BodyKind::Callback || (d.bodies[b].kind == BodyKind::Function && !called[b]))
      work.push_back(b);
  for (const RoutineUse &r : d.routines)
    if (r.body >= 0)
      work.push_back(static_cast<size_t>(r.body));
  while (!work.empty()) {
    size_t b = work.back();
    work.pop_back();
    if (ctx[b])
      continue;
    ctx[b] = 1;
    for (const Instr &in : d.bodies[b].code)
      if (in.op == Op::Call && in.imm >= 0 && static_cast<size_t>(in.imm) < nb && !ctx[in.imm])
        work.push_back(static_cast<size_t>(in.imm));
  }
  return ctx;
}

// [body][pc] -> cells with a weak access from there on; `stopAt` is a work item whose flush
// ends the search (-1: none).
std::vector<std::vector<uint64_t>> reach(const Design &d, const std::vector<std::vector<uint64_t>> &weakAt,
                                         int stopAt) {
  size_t nb = d.bodies.size();
  std::vector<std::vector<uint64_t>> r(nb);
  for (size_t b = 0; b < nb; ++b)
    r[b].assign(d.bodies[b].code.size(), 0);
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t b = 0; b < nb; ++b) {
      const Body &body = d.bodies[b];
      for (size_t pc = body.code.size(); pc-- > 0;) {
        const Instr &in = body.code[pc];
        uint64_t v = weakAt[b][pc];
        if (in.op == Op::Call && in.imm >= 0 && static_cast<size_t>(in.imm) < nb && !r[in.imm].empty())
          v |= r[in.imm][0];
        bool stops = stopAt >= 0 && in.op == Op::Api && in.api == ApiId::WdfWorkItemFlush &&
                     !body.operands[in.argBegin].isReg && body.operands[in.argBegin].value == stopAt;
        if (!stops)
          for (size_t s : successors(body, pc))
            if (s < body.code.size())
              v |= r[b][s];
        if (v != r[b][pc]) {
          r[b][pc] = v;
          changed = true;
        }
      }
    }
  }
  return r;
}

} // namespace

int GuardedAccess::reachTable(int workItem) const {
  auto it = std::find(flushed.begin(), flushed.end(), workItem);
  return it == flushed.end() ? 0 : static_cast<int>(it - flushed.begin()) + 1;
}

bool GuardedAccess::unreachable(const State &s, int self, int workItem, uint64_t cells) const {
  // A thread must first get past any flush of the work item.
  const auto &reach = weakReach[workItem >= 0 ? reachTable(workItem) : 0];
  for (size_t i = 0; i < s.acts.size(); ++i) {
    const Activation &b = s.acts[i];
    if (static_cast<int>(i) == self || b.finished)
      continue;
    for (const Frame &bf : b.frames)
      if (bf.body >= 0 && bf.pc < reach[bf.body].size() && (reach[bf.body][bf.pc] & cells) != 0)
        return false;
  }
  return true;
}

GuardedAccess computeGuardedAccess(const Design &d, const LockSets &ls) {
  GuardedAccess g;
  size_t nb = d.bodies.size();
  std::vector<char> ctx = callbackContext(d);
  auto sites = [&](auto &&visit) {
    for (size_t b = 0; b < nb; ++b) {
      if (d.bodies[b].kind == BodyKind::Finally)
        continue; // runs when nothing else can
      for (size_t pc = 0; pc < d.bodies[b].code.size(); ++pc)
        if (isSharedAccess(d.bodies[b].code[pc]))
          visit(b, pc, d.bodies[b].code[pc]);
    }
  };
  auto cellsOf = [&](const Instr &in, auto &&each) {
    auto [from, to] = cellRange(in);
    for (int32_t c = std::max(from, 0); c < std::min(to, d.sharedCells); ++c)
      each(static_cast<size_t>(c));
  };

  // Per cell: the locks every access holds (the plain guard), and those every callback
  // access holds; ~0 where there is no such access.
  std::vector<uint64_t> guard(static_cast<size_t>(d.sharedCells), ~0ull), callbackGuard(guard);
  sites([&](size_t b, size_t pc, const Instr &in) {
    cellsOf(in, [&](size_t c) {
      guard[c] &= ls.mustHeld[b][pc];
      if (ctx[b])
        callbackGuard[c] &= ls.mustHeld[b][pc];
    });
  });
  // Weak accesses: by threads, holding none of the callbacks' locks.
  std::vector<std::vector<uint64_t>> weakAt(nb);
  std::vector<char> hasWeak(static_cast<size_t>(d.sharedCells), 0);
  for (size_t b = 0; b < nb; ++b)
    weakAt[b].assign(d.bodies[b].code.size(), 0);
  sites([&](size_t b, size_t pc, const Instr &in) {
    if (ctx[b])
      return;
    cellsOf(in, [&](size_t c) {
      if ((ls.mustHeld[b][pc] & callbackGuard[c]) == 0) {
        hasWeak[c] = 1;
        if (c < MaxCell)
          weakAt[b][pc] |= 1ull << c;
      }
    });
  });

  g.always.resize(nb);
  g.weakCells.resize(nb);
  for (size_t b = 0; b < nb; ++b) {
    g.always[b].assign(d.bodies[b].code.size(), 0);
    g.weakCells[b].assign(d.bodies[b].code.size(), 0);
  }
  sites([&](size_t b, size_t pc, const Instr &in) {
    uint64_t held = ls.mustHeld[b][pc];
    auto [from, to] = cellRange(in);
    bool inRange = from >= 0 && to <= d.sharedCells && from < to;
    bool plain = inRange, full = inRange;
    uint64_t weak = 0;
    for (int32_t c = from; inRange && c < to; ++c) {
      plain = plain && (guard[c] & held) != 0;
      // Holding every callback lock of the cell: only a weak access can run beside it.
      full = full && callbackGuard[c] != 0 && (held & callbackGuard[c]) == callbackGuard[c] && (!hasWeak[c] || c < MaxCell);
      if (hasWeak[c] && c < MaxCell)
        weak |= 1ull << c;
    }
    g.always[b][pc] = plain || (full && weak == 0);
    if (!g.always[b][pc] && full)
      g.weakCells[b][pc] = weak;
  });

  bool tries = false;
  for (const Body &body : d.bodies)
    for (const Instr &in : body.code)
      tries |= in.op == Op::Api && in.api == ApiId::WdfInterruptTryToAcquireLock;
  for (size_t b = 0; b < nb && !tries; ++b)
    for (size_t pc = 0; pc < d.bodies[b].code.size(); ++pc)
      if (d.bodies[b].code[pc].op == Op::Api && isRelease(d.bodies[b].code[pc].api))
        g.always[b][pc] = 1;

  for (const Body &body : d.bodies)
    for (const Instr &in : body.code)
      if (in.op == Op::Api && in.api == ApiId::WdfWorkItemFlush && !body.operands[in.argBegin].isReg &&
          std::find(g.flushed.begin(), g.flushed.end(), body.operands[in.argBegin].value) == g.flushed.end() &&
          g.flushed.size() < MaxFlushTables)
        g.flushed.push_back(body.operands[in.argBegin].value);
  g.weakReach.push_back(reach(d, weakAt, -1));
  for (int w : g.flushed)
    g.weakReach.push_back(reach(d, weakAt, w));
  return g;
}

} // namespace wdf::model::exec
