#include "RandomExplorer.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <thread>

namespace wdf::core {

namespace {

uint64_t splitmix(uint64_t &x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// What one execution found, merged in execution order afterwards.
struct Run {
  std::vector<FoundHit> hits;
  std::vector<FoundEdge> edges;
  uint64_t steps = 0;
  uint32_t depth = 0;
  bool rest = false;
  bool bounded = false;
};

// An actor is what an action code names without its choice: the activation or the start.
uint32_t actorOf(uint32_t action) { return action >> 16; }

Run execute(const TransitionSystem &ts, const RandomOptions &r, uint64_t index) {
  Run run;
  uint64_t rng = r.seed * 0x2545F4914F6CDD1Dull + index;
  std::map<uint32_t, uint64_t> priority; // actor -> priority (higher runs first)
  std::set<uint32_t> lowered;
  // PCT change points, spread over the expected length of an execution.
  std::vector<uint32_t> changes;
  uint32_t horizon = std::min<uint32_t>(r.maxDepth, 200);
  for (unsigned i = 0; i < r.priorityChanges; ++i)
    changes.push_back(static_cast<uint32_t>(splitmix(rng) % horizon) + 1);
  std::sort(changes.begin(), changes.end());
  uint64_t lowest = r.priorityChanges + 1;
  std::vector<Word> state;
  ts.initial(state);
  std::vector<uint32_t> path;
  std::set<std::pair<uint8_t, uint64_t>> seen;
  Expansion e;
  for (uint32_t step = 0;; ++step) {
    e.clear();
    ts.expand(state.data(), state.size(), e);
    ++run.steps;
    run.rest |= e.rest;
    run.bounded |= e.bounded;
    for (const Hit &h : e.hits)
      if (seen.insert({h.kind, h.key}).second) {
        FoundHit f{h, 0, static_cast<uint32_t>(path.size() + (h.action != NoAction ? 1 : 0)), path, true};
        run.hits.push_back(std::move(f));
      }
    for (const auto &[edge, action] : e.edges) {
      FoundEdge fe{edge, 0, action, path, true};
      run.edges.push_back(std::move(fe));
    }
    if (e.actions.empty() || step >= r.maxDepth) {
      run.bounded |= step >= r.maxDepth && !e.actions.empty();
      break;
    }
    // The highest-priority actor moves; among its outcomes (choose) one at random.
    uint64_t best = 0;
    std::vector<size_t> candidates;
    for (size_t k = 0; k < e.actions.size(); ++k) {
      uint32_t actor = actorOf(e.actions[k]);
      auto it = priority.find(actor);
      if (it == priority.end())
        it = priority.emplace(actor, lowest + 1 + (splitmix(rng) >> 8)).first;
      if (it->second > best) {
        best = it->second;
        candidates.clear();
      }
      if (it->second == best)
        candidates.push_back(k);
    }
    size_t k = candidates[splitmix(rng) % candidates.size()];
    uint32_t actor = actorOf(e.actions[k]);
    if (std::binary_search(changes.begin(), changes.end(), step + 1))
      priority[actor] = --lowest > 0 ? lowest : 1;
    path.push_back(e.actions[k]);
    const Word *w = e.words.data() + e.offsets[k];
    size_t len = (k + 1 < e.offsets.size() ? e.offsets[k + 1] : e.words.size()) - e.offsets[k];
    state.assign(w, w + len);
    run.depth = static_cast<uint32_t>(path.size());
  }
  return run;
}

} // namespace

ExploreResult exploreRandom(const TransitionSystem &ts, const RandomOptions &r, const ExploreOptions &o) {
  ExploreResult res;
  auto t0 = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  std::set<std::pair<uint8_t, uint64_t>> seen;
  std::map<std::tuple<uint16_t, uint16_t, uint32_t, uint32_t>, size_t> edgeIndex;
  unsigned threads = std::max(1u, o.threads);
  const uint64_t batch = 64;
  res.complete = false;
  res.limit = "random search";
  for (uint64_t base = 0; base < r.executions; base += batch) {
    uint64_t count = std::min(batch, r.executions - base);
    std::vector<Run> runs(count);
    std::vector<std::thread> workers;
    std::atomic<uint64_t> next{0};
    auto work = [&] {
      for (uint64_t i; (i = next.fetch_add(1)) < count;)
        runs[i] = execute(ts, r, base + i);
    };
    for (unsigned t = 1; t < threads; ++t)
      workers.emplace_back(work);
    work();
    for (std::thread &w : workers)
      w.join();
    // Merge in execution order: the same findings and schedules for any thread count.
    for (Run &run : runs) {
      ++res.executions;
      res.states += run.steps;
      res.transitions += run.steps;
      res.depth = std::max(res.depth, run.depth);
      res.rests += run.rest;
      res.modelBounded |= run.bounded;
      for (FoundHit &h : run.hits)
        if (seen.insert({h.hit.kind, h.hit.key}).second) {
          res.hits.push_back(std::move(h));
          if (res.firstHitSeconds < 0)
            res.firstHitSeconds = elapsed();
        }
      for (FoundEdge &fe : run.edges) {
        auto key = std::make_tuple(fe.edge.from, fe.edge.to, fe.edge.fromSite, fe.edge.toSite);
        auto it = edgeIndex.find(key);
        if (it == edgeIndex.end()) {
          edgeIndex.emplace(key, res.edges.size());
          res.edges.push_back(std::move(fe));
        } else {
          res.edges[it->second].edge.gates &= fe.edge.gates;
        }
      }
    }
    if (o.stopAtFirstHit && !res.hits.empty()) {
      res.limit = "first finding";
      break;
    }
    if ((o.timeLimit > 0 && elapsed() >= o.timeLimit) || (o.interrupt && o.interrupt->load())) {
      res.limit = o.interrupt && o.interrupt->load() ? "interrupted" : "time-limit";
      break;
    }
    if (o.progress)
      o.progress({res.states, res.transitions, res.depth, elapsed(), 0, res.executions});
  }
  res.parent.assign(1, 0);
  res.action.assign(1, NoAction);
  res.seconds = elapsed();
  return res;
}

} // namespace wdf::core
