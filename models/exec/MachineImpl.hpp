// Internal to the machine: precomputed tables and the executor of one action. Split over
// Machine.cpp (frames, instructions, run-ahead), Apis.cpp (framework calls), Queues.cpp
// (dispatcher, requests, environment) and Checks.cpp (state properties).
#pragma once
#include <string>
#include <vector>

#include "GuardedAccess.hpp"
#include "Machine.hpp"
#include "models/Constants.hpp"

namespace wdf::model::exec {

struct Machine::Impl {
  const Machine &m;
  const Design &d;
  const ObjectModel &om;
  std::vector<int> queueIndex;        // object -> index into State::queues, or -1
  std::vector<int> fileIndex;         // object -> index into Design::files, or -1
  std::vector<int> originOf;          // (object * 8 + OriginKind) -> origin, or -1
  std::vector<int> cellVar;           // shared cell -> shared variable
  std::vector<bool> dirqlLock;        // lock -> it is a DIRQL interrupt's lock (taking it raises to DIRQL)
  std::vector<std::vector<uint64_t>> liveIn; // body -> per pc, live slots (bit words per pc)
  std::vector<int> liveWords;         // body -> words per pc
  int threadCount = 0;
  size_t requestSites = 0;            // Design::requests.size(); open sites follow
  // Shared accesses no other activation can observe (always, or in states where no thread
  // can reach an unlocked access): step merging runs them within the step before them, so
  // a critical section becomes one step. Empty without merging.
  GuardedAccess guardedAccess;

  explicit Impl(const Machine &machine);
  int origin(OriginKind k, int object) const {
    size_t i = static_cast<size_t>(object) * 8 + static_cast<size_t>(k);
    return i < originOf.size() ? originOf[i] : -1;
  }
  const Body &body(int b) const { return d.bodies[b]; }
  // At `pc` of `body`, register `r` holds a value some later instruction reads.
  bool isLive(int body, size_t pc, Reg r) const {
    int words = liveWords[body];
    return r < static_cast<size_t>(words) * 64 && (liveIn[body][pc * words + r / 64] >> (r % 64) & 1) != 0;
  }
  const Lock &lock(int l) const { return om.locks[l]; }
  void computeLiveness();
  bool computeCyclic() const;
};

// Executes one action on a copy of a state. One Exec per successor.
class Exec {
public:
  Exec(const Machine::Impl &impl, State &s, Tracer *tracer) : I(impl), s(s), tr(tracer) {}

  // Entry points (Machine::execute).
  Outcome step(int act, uint16_t choice);
  Outcome start(int origin);
  Outcome fire(int timer);
  // Runs invisible operations of `act` until it is poised at a visible one.
  Outcome runAhead(int act);

  Hit hit{};
  std::vector<int> removed; // activations that ended during this action
  uint32_t merged = 0;      // invisible steps runAhead ran
  std::vector<core::LockEdge> edges;

  // ---- used by the helpers in the other files
  const Machine::Impl &I;
  State &s;
  Tracer *tr;
  int act = -1;

  Activation &A() { return s.acts[act]; }
  Frame &top() { return A().frames.back(); }
  int32_t &reg(Reg r) { return A().slots[top().slotBase + r]; }
  int32_t arg(const Instr &in, int i) {
    const Operand &o = I.body(top().body).operands[in.argBegin + i];
    return o.isReg ? reg(static_cast<Reg>(o.value)) : o.value;
  }
  const Instr &instr() { return I.body(top().body).code[top().pc]; }
  uint64_t siteKey() const;             // identity of the current instruction / prologue
  uint32_t site() const { return static_cast<uint32_t>(siteKey()); }

  Outcome fail(FindingKind k, const std::string &msg);
  Outcome failKey(FindingKind k, uint64_t key, const std::string &msg);
  void note(const std::string &text, SourceLoc loc = {});
  bool describing() const { return tr != nullptr; }

  // frames
  bool poisedVisible();                 // is the top of `act` at a visible operation?
  bool guardedNow(const Frame &f);      // is f's access one no other activation can observe now?
  Outcome execTop(uint16_t choice);
  Outcome instruction(uint16_t choice);
  Outcome returnFrom(int32_t value, bool hasValue);
  Outcome prologue();
  Outcome epilogue();
  void pushCallback(int body, int lock, Role role, int queue, int32_t request, int32_t p1, Reg retReg = NoReg);
  void pushCall(int body, const Instr &in);
  void popFrame();                      // pops the top frame; ends the activation if it was the last
  void endActivation();

  // locks
  int holderOf(int lock) const;         // activation holding it, or -1
  bool holds(int lock) const;
  Outcome acquire(int lock, bool framework, const char *api);
  Outcome release(int lock, const char *api);
  // Fails with an irql finding if the activation is above `max`. `what` (a callable giving
  // the message's subject) runs only then, so the hot path builds no strings.
  template <typename What> Outcome needIrql(int max, What &&what) {
    if (A().irql <= max)
      return Outcome::Ok;
    return irqlFailure(max, what());
  }
  Outcome irqlFailure(int max, const std::string &what);

  // framework calls (Apis.cpp)
  Outcome api(const Instr &in);
  Outcome atomic(const Instr &in);

  // queues, requests, environment (Queues.cpp)
  Outcome dispatchIteration();
  void enterDispatch(int queue);
  Outcome requestApi(const Instr &in);
  Outcome queueApi(const Instr &in);
  Outcome envOp(const Instr &in);
  void complete(Request &r, int32_t status);
  void cancelRequest(int32_t id);
  Outcome needOwned(int32_t id, const char *api, Request *&out);
  QueueState &queue(int q) { return s.queues[I.queueIndex[q]]; }
  int32_t latestRequest(int site) const;
  std::string requestName(int32_t id) const;

  // memory
  bool location(const Instr &in, int32_t &cell, Request *&req, std::string &name);
  std::string valueText(ValueType type, int32_t v) const; // as a counterexample shows a value
};

std::string objName(const Machine::Impl &I, int obj);

// Records a step description when a counterexample is being replayed; the arguments are not
// evaluated otherwise (exploration never builds these strings).
#define NOTE(...)                                                                                  \
  do {                                                                                             \
    if (tr)                                                                                        \
      note(__VA_ARGS__);                                                                           \
  } while (0)
const char *lockKindText(LockKind k);

} // namespace wdf::model::exec
