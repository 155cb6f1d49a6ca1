// What the exploration engine needs from a model: an initial state and, for any state,
// its successors and what it found there. States are opaque words; the first word is the
// length of the part that identifies the state (see models/exec/State.hpp). The engine
// knows nothing of the model's meaning: findings are (kind, key) pairs it keeps the first
// occurrence of.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace wdf::core {

using Word = uint32_t;
inline constexpr uint32_t NoAction = 0xFFFFFFFFu;

struct Hit {
  uint8_t kind = 0;
  uint64_t key = 0;
  uint32_t action = NoAction; // the action that broke the rule, or NoAction for the state itself
};

// One edge of the lock-order graph: `to` was acquired while `from` was held.
struct LockEdge {
  uint16_t from = 0, to = 0;
  uint32_t fromSite = 0, toSite = 0;
  uint64_t gates = 0; // other locks (and guards) held at the same time, as bits
  bool operator==(const LockEdge &o) const {
    return from == o.from && to == o.to && fromSite == o.fromSite && toSite == o.toSite;
  }
};

// Filled by TransitionSystem::expand for one state.
class Expansion {
public:
  void addSuccessor(const Word *data, size_t n, uint32_t action);
  void addHit(uint8_t kind, uint64_t key, uint32_t action = NoAction) { hits.push_back({kind, key, action}); }
  void addEdge(const LockEdge &e, uint32_t action) { edges.push_back({e, action}); }
  void markBounded() { bounded = true; }
  void markRest() { rest = true; }
  void clear();

  std::vector<Word> words;            // successors, back to back
  std::vector<uint32_t> offsets;      // start of each successor in words
  std::vector<uint32_t> actions;
  std::vector<Hit> hits;
  std::vector<std::pair<uint64_t, uint64_t>> hashes; // of each successor, filled by the engine
  std::vector<std::pair<LockEdge, uint32_t>> edges;
  std::vector<uint32_t> stuck;        // stuck-reason ids of this state (cyclic models only)
  bool bounded = false;
  bool rest = false;
  // What the model's reduction did here: actions enabled, actions its partial-order
  // reduction left unexplored, invisible steps it ran inside the explored ones.
  uint32_t enabled = 0, skipped = 0;
  uint64_t merged = 0;
  void hashSuccessors(); // called on the worker thread after expand
};

class TransitionSystem {
public:
  virtual ~TransitionSystem() = default;
  virtual void initial(std::vector<Word> &out) const = 0;
  // Expands one state. Called from several threads at once.
  virtual void expand(const Word *state, size_t n, Expansion &out) const = 0;
  // True if the state graph may have cycles; the engine then keeps it, for the proviso and
  // for finding executions that can never finish (bottom strongly connected components).
  virtual bool cyclic() const = 0;
  // The finding kind the engine uses for executions stuck in a cycle (a livelock), and the
  // key of one, given the stuck-reason ids that hold in every state of the cycle. Keys
  // must not depend on the order in which ids were handed out.
  virtual uint8_t stuckKind() const = 0;
  virtual uint64_t stuckKey(const std::vector<uint32_t> &reasons) const = 0;
};

} // namespace wdf::core
