// The KMDF transition system: what every enabled action does to a State. It knows the
// framework (kmdf-semantics.md): callback locks and IRQLs, work items, DPCs, timers,
// interrupts, events, queue dispatch and requests, and the environment's threads. It is
// immutable after construction and safe to use from several threads at once.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "State.hpp"
#include "core/TransitionSystem.hpp"
#include "models/Design.hpp"
#include "models/FindingKind.hpp"
#include "models/ObjectModel.hpp"

namespace wdf::model::exec {

// Who an activation is: an environment thread, or a run of some callback the framework
// starts on its own (a work item, a DPC, a timer, an ISR, a queue's deferred dispatcher).
enum class OriginKind : uint8_t { Thread, WorkItem, Dpc, Timer, Isr, IntDpc, IntWorkItem, QueueDeferred };

struct Origin {
  OriginKind kind;
  int index = -1;       // thread index, or the object
  std::string label;    // "thread App", "EvtWorkItem of W1"
  int body = -1;        // the callback body it runs (-1: none, or the dispatcher)
  int lock = -1;        // the framework lock around it
  int irql = 0;         // the IRQL it starts at
  CallbackId callback = CallbackId::Count;
};

// An action is a step of an existing activation, the start of a pending run, or a timer
// expiring. Packed into 32 bits for the explorer's parent table.
enum class ActionKind : uint8_t { Step, Start, Fire };
struct Action {
  ActionKind kind = ActionKind::Step;
  uint16_t index = 0;   // Step: activation index; Start: origin; Fire: timer object
  uint16_t choice = 0;  // which value of a choose()
  uint32_t pack() const { return static_cast<uint32_t>(kind) << 28 | static_cast<uint32_t>(index) << 16 | choice; }
  static Action unpack(uint32_t w) {
    return {static_cast<ActionKind>(w >> 28), static_cast<uint16_t>((w >> 16) & 0xFFF), static_cast<uint16_t>(w & 0xFFFF)};
  }
};

struct Hit {
  FindingKind kind;
  uint64_t key;         // identity: one root cause, one key
};

enum class Outcome : uint8_t {
  Ok,        // a successor state
  Finding,   // the step broke a rule; the execution ends there
  Discarded, // assume(false): the execution is dropped
  Bounded,   // an activation went past --max-steps
};

struct Successor {
  State state;
  uint16_t choice = 0;
  Outcome outcome = Outcome::Ok;
  Hit hit{};
  std::vector<core::LockEdge> edges; // lock-order edges the step added
  uint32_t merged = 0;               // invisible steps run after the action (step merging)
};

// A step as a counterexample shows it.
struct StepRecord {
  int activation = -1;
  std::string actor;    // "thread App", "EvtWorkItem of WA"
  std::string context;  // the innermost callback running on that actor, if any
  int irql = 0;
  std::vector<std::string> locks;
  std::string text;     // what the step did
  SourceLoc loc;
};

// Collects step descriptions while a counterexample is replayed.
struct Tracer {
  std::vector<StepRecord> steps;
  std::string message;  // the finding's description, when the replayed step breaks a rule
  SourceLoc where;      // and the statement that broke it
};

struct MachineOptions {
  bool merge = true;          // fold invisible steps into the next visible one
  uint32_t maxSteps = 100000; // per activation
};

// A work item, DPC or timer can run concurrently with itself (an enqueue while it runs),
// but real runs are bounded by processors and worker threads. Two concurrent runs of one
// callback show every way it can overlap itself; a third run starts once one has ended.
inline constexpr int MaxConcurrentRuns = 2;

// A poised memory access, for race detection.
struct Access {
  int activation;
  int32_t cell;         // shared cell, or -1 for a request field
  int32_t request;      // request fields: the request
  int32_t field;        // request fields: the field
  bool write;
  bool atomic;
  SourceLoc loc;
};

class Machine {
public:
  Machine(const Design &d, const ObjectModel &m, MachineOptions o);
  ~Machine();

  const Design &design() const { return d_; }
  const ObjectModel &objects() const { return m_; }
  const Layout &layout() const { return layout_; }
  const std::vector<Origin> &origins() const { return origins_; }
  const MachineOptions &options() const { return opts_; }

  State initial() const;
  // Enabled actions in canonical order (choices are expanded by execute).
  void enabled(const State &s, std::vector<Action> &out) const;
  // Executes `a`; one successor per outcome (several for a choose()).
  void execute(const State &s, Action a, std::vector<Successor> &out, Tracer *tracer = nullptr) const;
  // Properties of the state itself: races, wait-for cycles, stuck or resting states (given
  // the state's enabled actions). With `describe`, the text of the first hit (or of `which`)
  // is written there.
  void checkState(const State &s, const std::vector<Action> &enabled, std::vector<Hit> &out,
                  std::string *describe = nullptr, const Hit *which = nullptr) const;
  // The activations alive in `s` and what each waits for, as stable keys (bottom-SCC
  // deadlock analysis).
  std::vector<std::string> stuckReasons(const State &s) const;
  // True when the scenario can revisit states (loops, periodic timers, callbacks that
  // re-trigger themselves): the explorer then keeps the state graph.
  bool cyclic() const { return cyclic_; }
  // Canonical form: zero dead registers so equal futures encode alike.
  void canonicalize(State &s) const;
  // The poised memory accesses of `s`.
  void accesses(const State &s, std::vector<Access> &out) const;
  std::string locationName(int32_t cell) const;   // "Count", "Ring[2]"
  int cellVariable(int32_t cell) const;            // the shared variable a cell belongs to
  std::string actorLabel(const State &s, int act) const;
  // The number the next run of `origin` gets: one past the live runs' highest, else 1.
  static uint16_t nextRun(const State &s, int origin);
  // How a counterexample shows the next step of `a` in `s` (before it runs).
  StepRecord describeAction(const State &s, Action a) const;
  // What activation `act` waits for in `s`, as a counterexample shows it.
  std::string waitText(const State &s, int act) const;
  // The locks on a wait-for cycle in `s` (empty if none).
  std::vector<int> deadlockLocks(const State &s) const;

  struct Impl;
  const Impl &impl() const { return *impl_; }

private:
  const Design &d_;
  const ObjectModel &m_;
  MachineOptions opts_;
  Layout layout_;
  std::vector<Origin> origins_;
  bool cyclic_ = false;
  std::unique_ptr<Impl> impl_;
};

} // namespace wdf::model::exec
