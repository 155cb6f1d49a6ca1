#include "RunBounds.hpp"

namespace wdf::model::exec {

namespace {

uint64_t plus(uint64_t a, uint64_t b) { return a > Unbounded - b ? Unbounded : a + b; }

// Callbacks whose runs are counted from the calls that start them; any other callback
// (file, cancel, synchronize, stop/resume, ...) is unbounded.
bool isCounted(CallbackId cb) {
  switch (cb) {
  case CallbackId::WorkItem:
  case CallbackId::DpcFunc:
  case CallbackId::TimerFunc:
  case CallbackId::InterruptIsr:
  case CallbackId::InterruptDpc:
  case CallbackId::InterruptWorkItem: return true;
  default: return isRequestHandler(cb);
  }
}

bool hasBackwardJump(const Body &b) {
  for (size_t pc = 0; pc < b.code.size(); ++pc) {
    Op op = b.code[pc].op;
    if ((op == Op::Jump || op == Op::JumpIfZero || op == Op::JumpIfNonZero) && b.code[pc].imm <= static_cast<int32_t>(pc))
      return true;
  }
  return false;
}

} // namespace

std::vector<uint64_t> computeRunBounds(const Design &d) {
  size_t nb = d.bodies.size();
  const size_t ncb = static_cast<size_t>(CallbackId::Count);
  std::vector<uint64_t> unbounded(nb, Unbounded);
  std::vector<char> routine(nb, 0), loops(nb, 0);
  for (const RoutineUse &r : d.routines)
    if (r.body >= 0)
      routine[r.body] = 1;
  bool requeues = false;
  for (size_t b = 0; b < nb; ++b) {
    loops[b] = hasBackwardJump(d.bodies[b]);
    for (const Instr &in : d.bodies[b].code)
      requeues |= in.op == Op::Api && (in.api == ApiId::WdfRequestForwardToIoQueue || in.api == ApiId::WdfRequestRequeue);
  }
  std::vector<uint64_t> runs(nb, 0);
  // Each round counts the starts made by the runs of the previous one; chains settle within
  // as many rounds as there are bodies, a cycle (a work item enqueuing itself) never does.
  for (size_t round = 0; round <= nb + 1; ++round) {
    std::vector<uint64_t> next(nb, 0), starts(d.objects.size() * ncb, 0);
    auto start = [&](int object, CallbackId cb, uint64_t n) {
      uint64_t &s = starts[static_cast<size_t>(object) * ncb + static_cast<size_t>(cb)];
      s = plus(s, n);
    };
    for (size_t b = 0; b < nb; ++b) {
      const Body &body = d.bodies[b];
      if (runs[b] == 0)
        continue;
      uint64_t per = loops[b] ? Unbounded : runs[b]; // how often each instruction may run
      for (const Instr &in : body.code) {
        const Operand *arg = in.argCount > 0 ? &body.operands[in.argBegin] : nullptr;
        if (in.op == Op::Call) {
          next[in.imm] = plus(next[in.imm], per);
        } else if (in.op == Op::Raise) {
          start(in.imm, CallbackId::InterruptIsr, per);
        } else if (in.op == Op::Send) {
          for (size_t cb = 0; cb < ncb; ++cb)
            if (isRequestHandler(static_cast<CallbackId>(cb)))
              start(in.imm, static_cast<CallbackId>(cb), per);
        } else if (in.op == Op::Api && arg) {
          CallbackId cb = CallbackId::Count;
          switch (in.api) {
          case ApiId::WdfWorkItemEnqueue: cb = CallbackId::WorkItem; break;
          case ApiId::WdfDpcEnqueue: cb = CallbackId::DpcFunc; break;
          case ApiId::WdfTimerStart: cb = CallbackId::TimerFunc; break;
          case ApiId::WdfInterruptQueueDpcForIsr: cb = CallbackId::InterruptDpc; break;
          case ApiId::WdfInterruptQueueWorkItemForIsr: cb = CallbackId::InterruptWorkItem; break;
          default: break;
          }
          if (cb == CallbackId::Count)
            continue;
          if (arg->isReg)
            return unbounded; // an object only known at run time
          bool periodic = cb == CallbackId::TimerFunc && d.objects[arg->value].period > 0;
          start(arg->value, cb, periodic ? Unbounded : per);
        }
      }
    }
    for (size_t b = 0; b < nb; ++b) {
      const Body &body = d.bodies[b];
      switch (body.kind) {
      case BodyKind::Thread:
      case BodyKind::Finally: next[b] = 1; break;
      case BodyKind::Function:
        if (routine[b])
          next[b] = Unbounded;
        break;
      case BodyKind::Callback:
        if (body.object < 0 || !isCounted(body.callback) || (requeues && isRequestHandler(body.callback)))
          next[b] = Unbounded;
        else
          next[b] = starts[static_cast<size_t>(body.object) * ncb + static_cast<size_t>(body.callback)];
        break;
      }
    }
    if (next == runs)
      return runs;
    runs = std::move(next);
  }
  return unbounded;
}

} // namespace wdf::model::exec
