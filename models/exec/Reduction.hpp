// What the partial-order reduction needs to know about KMDF: which resources each step
// touches, and what each activation (and everything it may still start) may touch from
// where it stands, with the locks that are certainly held around each access. The static
// part (per code position) is computed once per design; the dynamic part per state.
#pragma once
#include <vector>

#include "CounterSections.hpp"
#include "Machine.hpp"
#include "core/StubbornSet.hpp"

namespace wdf::model::exec {

class Reduction {
public:
  explicit Reduction(const Machine &m);
  // The actors of `s` in the order of `actions` (Machine::enabled): one per activation
  // (enabled or not), then one per enabled start and timer expiry. `actionOf[i]` is the
  // index in `actions` of actor i's transition, or -1 for a blocked activation.
  void actors(const State &s, const std::vector<Action> &actions, std::vector<core::Actor> &out,
              std::vector<int> &actionOf) const;

private:
  using Summary = std::vector<core::GuardedFootprint>;
  // Requests are told apart by their site (the send or open that makes them): requests of
  // different sites are different resources, so two threads sending to different queues do
  // not conflict.
  struct Resources {
    size_t cells = 0, fields = 0, locks = 0, objects = 0, sites = 0;
    size_t field(int f) const { return cells + static_cast<size_t>(f); }
    size_t lock(int l) const { return cells + fields + static_cast<size_t>(l); }
    size_t object(int o) const { return cells + fields + locks + static_cast<size_t>(o); }
    size_t site(int s) const { return cells + fields + locks + objects + static_cast<size_t>(s); }
    size_t count() const { return cells + fields + locks + objects + sites; }
  };
  using Sites = std::vector<int>; // sorted request sites

  // What code may do from each position on. Two sets of tables: Plain sees a counter
  // section as one step (a read of its lock, additions to its counters) only where step
  // merging always runs it so; Sectioned also where merging depends on the state
  // (CounterSection::weak), and is used for an activation only in states where every such
  // section it may still run in its own activation will be merged.
  enum Mode { Plain = 0, Sectioned = 1 };
  struct Tables {
    std::vector<std::vector<Summary>> rest;  // body -> pc -> what it may do from pc on
    std::vector<Summary> full;               // origin -> a whole run, again and again
    std::vector<Summary> dispatch;           // queue index -> its dispatcher's callbacks
    // Sectioned: the weak cells of the sections claimed, from each position on.
    std::vector<std::vector<uint64_t>> weak; // body -> pc
    std::vector<uint64_t> weakFull, weakDispatch;
  };

  core::Footprint empty() const;
  static void merge(Summary &into, uint64_t guard, const core::Footprint &fp, uint64_t gates = 0);
  static void mergeAll(Summary &into, const Summary &from, uint64_t addGuard, uint64_t addGates = 0);
  uint64_t gateBit(int object) const; // the gate of a work item (flushes wait for it), or 0
  bool computeSummaries(Mode mode); // one round of the fixpoint; true if anything grew
  // The direct footprint of an instruction (its own step), and what it may start or run
  // inline later (spawned: added to the summaries).
  void instrFootprint(int body, size_t pc, core::Footprint &direct, Summary &spawned, Mode mode = Plain) const;
  // A counter section's step: a read of its lock, additions to its counters.
  void sectionFootprint(const CounterSection &sec, core::Footprint &fp) const;
  const CounterSection *sectionAt(int body, size_t pc, Mode mode) const;
  // A send from here certainly runs the queue's dispatcher in the sender's activation.
  bool sendsInline(int body, size_t pc) const;
  void requestQueues(int body, const Operand &op, std::vector<int> &queues) const;
  // The sites whose requests a request operand can be, and which requests each queue can hold.
  const Sites &operandSites(int body, const Operand &op) const;
  void computeQueueSites();
  int queueIndex(int queue) const;
  void writeSites(core::Footprint &fp, const Sites &sites) const;
  // Dynamic: whether activation `self` (or a new one, -1) of `origin` runs the counter
  // sections of `cells` as single steps: no other activation can reach an unlocked access.
  bool mergesNow(const State &s, int self, int origin, uint64_t cells) const;
  // Dynamic: the next step of an activation.
  void nextFootprint(const State &s, int act, core::Footprint &fp) const;
  void waitFootprint(const State &s, int act, core::Footprint &fp) const;
  void futureOf(const State &s, int act, core::Actor &out) const;
  static core::FootprintSpan span(const Summary &s) { return {s.data(), s.data() + s.size()}; }

  const Machine &m_;
  const Design &d_;
  const ObjectModel &om_;
  const GuardedAccess &guarded_;
  Resources res_;
  size_t words_ = 1;
  std::vector<int> queues_;                       // queue object ids
  std::vector<std::vector<uint64_t>> mustHeld_;   // body -> pc -> locks certainly held
  std::vector<uint64_t> releases_;                // body -> locks it may release (with callees)
  CounterSections sections_;
  bool anyWeakSection_ = false;                   // else the Sectioned tables are the Plain ones
  std::vector<char> takesLocks_;                  // body -> it (or a function it calls) may take a lock
  Tables t_[2];
  std::vector<Sites> queueSites_;                 // queue index -> sites of the requests it may hold
  Sites allSites_, fileSites_;                    // every site; the open sites (file create requests)
  std::vector<int> gateIndex_;                    // object -> its gate bit (work items), or -1
};

} // namespace wdf::model::exec
