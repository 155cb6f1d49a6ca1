#include "LockCycles.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/hawick_circuits.hpp>
#include <map>

namespace wdf::model {

namespace {

// Receives the elementary circuits Boost.Graph finds.
struct CycleCollector {
  std::vector<std::vector<size_t>> *out;
  template <typename Path, typename G> void cycle(const Path &p, const G &) {
    if (out->size() < 256)
      out->emplace_back(p.begin(), p.end());
  }
};

} // namespace

std::vector<LockCycle> findLockCycles(std::vector<LockOrderEdge> &edges,
                                      const std::set<std::vector<std::string>> &deadlockLockSets) {
  // Vertices: lock names in sorted order, so the result does not depend on edge order.
  std::vector<std::string> names;
  for (const LockOrderEdge &e : edges) {
    names.push_back(e.from);
    names.push_back(e.to);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  auto vertex = [&](const std::string &n) {
    return static_cast<size_t>(std::lower_bound(names.begin(), names.end(), n) - names.begin());
  };
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  Graph g(names.size());
  std::map<std::pair<size_t, size_t>, size_t> edgeOf;
  std::vector<size_t> order(edges.size());
  for (size_t i = 0; i < edges.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(edges[a].from, edges[a].to) < std::tie(edges[b].from, edges[b].to);
  });
  for (size_t i : order) {
    auto key = std::make_pair(vertex(edges[i].from), vertex(edges[i].to));
    if (edgeOf.emplace(key, i).second)
      boost::add_edge(key.first, key.second, g);
  }
  std::vector<std::vector<size_t>> circuits;
  boost::hawick_unique_circuits(g, CycleCollector{&circuits});
  std::vector<LockCycle> out;
  std::set<std::vector<std::string>> reported;
  for (const std::vector<size_t> &cyc : circuits) {
    LockCycle c;
    uint64_t gates = ~0ull;
    for (size_t i = 0; i < cyc.size(); ++i) {
      size_t e = edgeOf.at({cyc[i], cyc[(i + 1) % cyc.size()]});
      c.edges.push_back(e);
      gates &= edges[e].gates;
      c.locks.push_back(names[cyc[i]]);
    }
    std::sort(c.locks.begin(), c.locks.end());
    if (gates != 0 || deadlockLockSets.count(c.locks) || !reported.insert(c.locks).second)
      continue; // guarded, already a deadlock, or the same lock set again
    for (size_t e : c.edges)
      edges[e].onCycle = true;
    out.push_back(std::move(c));
    if (out.size() >= 64)
      break;
  }
  return out;
}

} // namespace wdf::model
