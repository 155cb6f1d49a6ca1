#include "Explorer.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "Check.hpp"
#include "Hash.hpp"
#include "VisitedSet.hpp"

namespace wdf::core {

void Expansion::addSuccessor(const Word *data, size_t n, uint32_t action) {
  offsets.push_back(static_cast<uint32_t>(words.size()));
  words.insert(words.end(), data, data + n);
  actions.push_back(action);
}

void Expansion::hashSuccessors() {
  hashes.resize(actions.size());
  for (size_t k = 0; k < actions.size(); ++k) {
    const Word *w = words.data() + offsets[k];
    Hash128 h = hashWords(w + 1, w[0]);
    hashes[k] = {h.lo, h.hi};
  }
}

void Expansion::clear() {
  words.clear();
  offsets.clear();
  actions.clear();
  hits.clear();
  edges.clear();
  stuck.clear();
  bounded = rest = false;
  enabled = skipped = 0;
  merged = 0;
}

std::vector<uint32_t> ExploreResult::pathTo(uint32_t state) const {
  std::vector<uint32_t> path;
  while (state != 0) {
    path.push_back(action[state]);
    state = parent[state];
  }
  std::reverse(path.begin(), path.end());
  return path;
}

namespace {

// A fixed set of worker threads that split index ranges between them.
class WorkerPool {
public:
  explicit WorkerPool(unsigned n) {
    for (unsigned i = 1; i < n; ++i)
      threads_.emplace_back([this, i] { loop(i); });
  }
  ~WorkerPool() {
    {
      std::lock_guard<std::mutex> g(m_);
      stop_ = true;
    }
    cv_.notify_all();
    for (std::thread &t : threads_)
      t.join();
  }
  // Calls fn(i, worker) for every i in [0, n), spread over all workers; returns when done.
  // The calling thread first runs `first` (if any) while the other workers start on fn.
  void run(size_t n, const std::function<void(size_t, unsigned)> &fn, const std::function<void()> &first = {}) {
    if (threads_.empty() || n < 2) {
      if (first)
        first();
      for (size_t i = 0; i < n; ++i)
        fn(i, 0);
      return;
    }
    {
      std::lock_guard<std::mutex> g(m_);
      fn_ = &fn;
      n_ = n;
      next_ = 0;
      busy_ = static_cast<unsigned>(threads_.size());
      ++generation_;
    }
    cv_.notify_all();
    if (first)
      first();
    work(0);
    std::unique_lock<std::mutex> g(m_);
    done_.wait(g, [&] { return busy_ == 0; });
    fn_ = nullptr;
  }

private:
  void work(unsigned worker) {
    const size_t chunk = 16;
    while (true) {
      size_t begin = next_.fetch_add(chunk);
      if (begin >= n_)
        break;
      size_t end = std::min(n_, begin + chunk);
      for (size_t i = begin; i < end; ++i)
        (*fn_)(i, worker);
    }
  }
  void loop(unsigned worker) {
    uint64_t seen = 0;
    while (true) {
      {
        std::unique_lock<std::mutex> g(m_);
        cv_.wait(g, [&] { return stop_ || generation_ != seen; });
        if (stop_)
          return;
        seen = generation_;
      }
      work(worker);
      std::lock_guard<std::mutex> g(m_);
      if (--busy_ == 0)
        done_.notify_one();
    }
  }
  std::vector<std::thread> threads_;
  std::mutex m_;
  std::condition_variable cv_, done_;
  const std::function<void(size_t, unsigned)> *fn_ = nullptr;
  size_t n_ = 0;
  std::atomic<size_t> next_{0};
  unsigned busy_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
};

// States of one breadth-first level, back to back.
struct Layer {
  std::vector<Word> words;
  std::vector<uint64_t> offsets;
  std::vector<uint32_t> ids;
  void clear() {
    words.clear();
    offsets.clear();
    ids.clear();
  }
  size_t size() const { return ids.size(); }
  const Word *state(size_t i) const { return words.data() + offsets[i]; }
  size_t length(size_t i) const {
    return (i + 1 < offsets.size() ? offsets[i + 1] : words.size()) - offsets[i];
  }
  void add(const Word *data, size_t n, uint32_t id) {
    offsets.push_back(words.size());
    words.insert(words.end(), data, data + n);
    ids.push_back(id);
  }
  uint64_t bytes() const { return words.capacity() * 4 + offsets.capacity() * 8 + ids.capacity() * 4; }
};

using Clock = std::chrono::steady_clock;

// Bottom strongly connected components of the explored graph in which something is alive
// in every state: executions that can never finish (a livelock or a wait nothing can end).
// With sharding, `unexpanded` marks states left to other shards: a component that contains
// one, or leads to one, is not known to be bottom here (the shard that owns it will see it).
void findStuckCycles(const TransitionSystem &ts, const std::vector<uint64_t> &edgeBegin,
                     const std::vector<uint32_t> &edgeCount, const std::vector<uint32_t> &edgeTargets, const std::vector<std::vector<uint32_t>> &stuck,
                     const std::vector<char> &unexpanded, ExploreResult &r,
                     std::set<std::pair<uint8_t, uint64_t>> &seen) {
  size_t n = edgeBegin.size();
  auto first = [&](uint32_t v) { return edgeBegin[v]; };
  auto last = [&](uint32_t v) { return edgeBegin[v] + edgeCount[v]; };
  std::vector<uint32_t> index(n, UINT32_MAX), low(n, 0), comp(n, UINT32_MAX);
  std::vector<uint32_t> stack;
  std::vector<bool> onStack(n, false);
  uint32_t counter = 0, comps = 0;
  std::vector<std::vector<uint32_t>> members;
  struct Frame {
    uint32_t v;
    uint64_t e;
  };
  for (uint32_t root = 0; root < n; ++root) {
    if (index[root] != UINT32_MAX)
      continue;
    std::vector<Frame> call{{root, first(root)}};
    index[root] = low[root] = counter++;
    stack.push_back(root);
    onStack[root] = true;
    while (!call.empty()) {
      Frame &f = call.back();
      if (f.e < last(f.v)) {
        uint32_t w = edgeTargets[f.e++];
        if (index[w] == UINT32_MAX) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          onStack[w] = true;
          call.push_back({w, first(w)});
        } else if (onStack[w]) {
          low[f.v] = std::min(low[f.v], index[w]);
        }
        continue;
      }
      uint32_t v = f.v;
      call.pop_back();
      if (!call.empty())
        low[call.back().v] = std::min(low[call.back().v], low[v]);
      if (low[v] == index[v]) {
        members.emplace_back();
        uint32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          onStack[w] = false;
          comp[w] = comps;
          members.back().push_back(w);
        } while (w != v);
        ++comps;
      }
    }
  }
  for (uint32_t c = 0; c < comps; ++c) {
    std::vector<uint32_t> &m = members[c];
    bool bottom = true, cycle = m.size() > 1;
    for (uint32_t v : m) {
      if (v < unexpanded.size() && unexpanded[v])
        bottom = false;
      for (uint64_t e = first(v); e < last(v); ++e) {
        if (comp[edgeTargets[e]] != c)
          bottom = false;
        if (edgeTargets[e] == v)
          cycle = true;
      }
    }
    if (!bottom || !cycle)
      continue;
    std::sort(m.begin(), m.end());
    std::vector<uint32_t> common = stuck[m[0]];
    for (uint32_t v : m) {
      std::vector<uint32_t> keep;
      std::set_intersection(common.begin(), common.end(), stuck[v].begin(), stuck[v].end(), std::back_inserter(keep));
      common.swap(keep);
    }
    if (common.empty())
      continue;
    Hit h{ts.stuckKind(), ts.stuckKey(common), NoAction};
    if (seen.insert({h.kind, h.key}).second) {
      uint32_t depth = static_cast<uint32_t>(r.pathTo(m[0]).size());
      r.hits.push_back({h, m[0], depth, {}, false});
    }
  }
}

} // namespace

ExploreResult explore(const TransitionSystem &ts, const ExploreOptions &o) {
  ExploreResult r;
  auto t0 = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  unsigned threads = std::max(1u, o.threads);
  WorkerPool pool(threads);
  VisitedSet visited;
  bool cyclic = ts.cyclic();
  std::vector<uint64_t> edgeBegin;  // graph of a cyclic model: state id -> its successors'
  std::vector<uint32_t> edgeCount;  // range in edgeTargets (states are expanded once each)
  std::vector<uint32_t> edgeTargets;
  std::vector<std::vector<uint32_t>> stuck;

  std::set<std::pair<uint8_t, uint64_t>> seenHits;
  std::map<std::tuple<uint16_t, uint16_t, uint32_t, uint32_t>, size_t> edgeIndex;

  Layer cur, next;
  {
    std::vector<Word> init;
    ts.initial(init);
    visited.insert(hashWords(init.data() + 1, init[0]), 0);
    cur.add(init.data(), init.size(), 0);
    r.parent.push_back(0);
    r.action.push_back(NoAction);
  }
  uint32_t nextId = 1;
  const size_t Batch = 2048;
  std::vector<Expansion> exps[2]; // grown to the largest batch seen: small searches stay small
  double lastProgress = 0;
  uint32_t depth = 0;
  bool stop = false;
  bool sharding = o.shardCount > 1;
  std::vector<char> unexpanded; // sharding: states of the split level left to other shards

  auto stopWith = [&](const char *why) {
    r.complete = false;
    if (r.limit.empty())
      r.limit = why;
    stop = true;
  };

  while (cur.size() > 0 && !stop) {
    next.clear();
    // Batches of the level are expanded in parallel; while the caller merges one batch, the
    // other workers already expand the next (expansion reads only `cur`).
    auto expandInto = [&](size_t batch) {
      return [&, batch](size_t i, unsigned) {
        Expansion &e = exps[batch % 2][i];
        e.clear();
        ts.expand(cur.state(batch * Batch + i), cur.length(batch * Batch + i), e);
        e.hashSuccessors();
      };
    };
    auto batchSize = [&](size_t batch) { return std::min(Batch, cur.size() - batch * Batch); };
    auto expandBatch = [&](size_t batch, const std::function<void()> &first) {
      std::vector<Expansion> &into = exps[batch % 2];
      if (into.size() < batchSize(batch))
        into.resize(batchSize(batch));
      pool.run(batchSize(batch), expandInto(batch), first);
    };
    // Merges in order: deterministic for any number of threads.
    auto mergeBatch = [&](size_t batch) {
      size_t base = batch * Batch, count = batchSize(batch);
      for (size_t i = 0; i < count; ++i) {
        Expansion &e = exps[batch % 2][i];
        uint32_t id = cur.ids[base + i];
        if (e.bounded)
          r.modelBounded = true;
        if (e.rest)
          ++r.rests;
        for (const Hit &h : e.hits) {
          if (!seenHits.insert({h.kind, h.key}).second)
            continue;
          r.hits.push_back({h, id, depth + (h.action != NoAction ? 1u : 0u), {}, false});
          if (r.firstHitSeconds < 0)
            r.firstHitSeconds = elapsed();
        }
        for (const auto &[edge, action] : e.edges) {
          auto key = std::make_tuple(edge.from, edge.to, edge.fromSite, edge.toSite);
          auto it = edgeIndex.find(key);
          if (it == edgeIndex.end()) {
            edgeIndex.emplace(key, r.edges.size());
            r.edges.push_back({edge, id, action, {}, false});
          } else {
            r.edges[it->second].edge.gates &= edge.gates;
          }
        }
        if (cyclic) {
          if (edgeBegin.size() <= id) {
            edgeBegin.resize(id + 1, 0);
            edgeCount.resize(id + 1, 0);
            stuck.resize(id + 1);
          }
          edgeBegin[id] = edgeTargets.size();
          edgeCount[id] = static_cast<uint32_t>(e.actions.size());
          stuck[id] = e.stuck;
        }
        r.transitions += e.actions.size();
        r.enabled += e.enabled;
        r.skipped += e.skipped;
        r.merged += e.merged;
        for (size_t k = 0; k < e.actions.size(); ++k) {
          const Word *w = e.words.data() + e.offsets[k];
          size_t len = (k + 1 < e.offsets.size() ? e.offsets[k + 1] : e.words.size()) - e.offsets[k];
          uint32_t sid = visited.insert({e.hashes[k].first, e.hashes[k].second}, nextId);
          if (sid == nextId) {
            ++nextId;
            r.parent.push_back(id);
            r.action.push_back(e.actions[k]);
            next.add(w, len, sid);
          } else if (sid < unexpanded.size() && unexpanded[sid]) {
            // Reached again from this shard's own part: it is this shard's to explore too.
            unexpanded[sid] = 0;
            next.add(w, len, sid);
          }
          if (cyclic)
            edgeTargets.push_back(sid);
        }
      }
      if (o.stopAtFirstHit && !r.hits.empty())
        stopWith("first finding");
      if (o.maxStates && nextId >= o.maxStates)
        stopWith("max-states");
      double t = elapsed();
      if (o.timeLimit > 0 && t >= o.timeLimit)
        stopWith("time-limit");
      if (o.interrupt && o.interrupt->load())
        stopWith("interrupted");
      uint64_t bytes = visited.bytes() + cur.bytes() + next.bytes() + r.parent.capacity() * 8 +
                       edgeTargets.capacity() * 4 + edgeBegin.capacity() * 12;
      r.peakBytes = std::max(r.peakBytes, bytes);
      if (o.memoryLimit && bytes >= o.memoryLimit)
        stopWith("memory-limit");
      if (o.progress && t - lastProgress >= 0.5) {
        lastProgress = t;
        o.progress({nextId, r.transitions, depth, t, bytes, next.size()});
      }
    };
    size_t batches = (cur.size() + Batch - 1) / Batch;
    expandBatch(0, {});
    for (size_t b = 0; b < batches && !stop; ++b) {
      if (b + 1 < batches)
        expandBatch(b + 1, [&] { mergeBatch(b); });
      else
        mergeBatch(b);
    }
    if (!stop) {
      std::swap(cur, next);
      if (cur.size() > 0)
        ++depth;
      if (sharding && !r.split && cur.size() >= static_cast<size_t>(std::max(1u, o.shardWidth)) * o.shardCount) {
        // The split: keep every shardCount-th state of this level, leave the rest.
        r.split = true;
        unexpanded.assign(nextId, 0);
        Layer mine;
        for (size_t i = 0; i < cur.size(); ++i) {
          if (i % o.shardCount == o.shardIndex)
            mine.add(cur.state(i), cur.length(i), cur.ids[i]);
          else
            unexpanded[cur.ids[i]] = 1;
        }
        std::swap(cur, mine);
      }
    }
  }
  r.states = nextId;
  r.depth = depth;
  if (r.modelBounded && r.complete) {
    r.complete = false;
    r.limit = "max-steps";
  }
  if (cyclic && r.complete) {
    edgeBegin.resize(nextId, 0);
    edgeCount.resize(nextId, 0);
    stuck.resize(nextId);
    findStuckCycles(ts, edgeBegin, edgeCount, edgeTargets, stuck, unexpanded, r, seenHits);
  }
  r.seconds = elapsed();
  return r;
}

} // namespace wdf::core
