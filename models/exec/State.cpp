#include "State.hpp"

#include <algorithm>

namespace wdf::model::exec {

Request *State::request(int32_t id) {
  auto it = std::lower_bound(requests.begin(), requests.end(), id,
                             [](const Request &r, int32_t v) { return r.id < v; });
  return it != requests.end() && it->id == id ? &*it : nullptr;
}

const Request *State::request(int32_t id) const { return const_cast<State *>(this)->request(id); }

namespace {

void encodeActivation(const Activation &a, std::vector<Word> &out) {
  out.push_back(static_cast<Word>(a.origin) << 16 | static_cast<Word>(a.irql) << 8 | (a.finished ? 1u : 0u));
  out.push_back(static_cast<Word>(a.held.size()) << 16 | static_cast<Word>(a.frames.size()));
  for (const HeldLock &h : a.held) {
    out.push_back(static_cast<Word>(static_cast<uint16_t>(h.lock)) | static_cast<Word>(h.savedIrql) << 16 |
                  static_cast<Word>(h.depth) << 24);
    out.push_back(h.site);
  }
  for (const Frame &f : a.frames) {
    out.push_back(static_cast<Word>(f.kind) | static_cast<Word>(f.phase) << 4 | static_cast<Word>(f.role) << 8 |
                  static_cast<Word>(f.apiPhase) << 12 | static_cast<Word>(f.savedIrql) << 20);
    out.push_back(static_cast<Word>(static_cast<uint16_t>(f.body)) | static_cast<Word>(f.pc) << 16);
    out.push_back(static_cast<Word>(static_cast<uint16_t>(f.lock)) |
                  static_cast<Word>(static_cast<uint16_t>(f.queue)) << 16);
    out.push_back(static_cast<Word>(f.request));
    out.push_back(static_cast<Word>(f.slotBase) | static_cast<Word>(f.retReg) << 16);
    out.push_back(static_cast<Word>(f.aux));
  }
  out.push_back(static_cast<Word>(a.slots.size()));
  for (int32_t v : a.slots)
    out.push_back(static_cast<Word>(v));
}

template <typename List> void encodeList(const List &v, std::vector<Word> &out) {
  out.push_back(static_cast<Word>(v.size()));
  for (int32_t x : v)
    out.push_back(static_cast<Word>(x));
}

struct Reader {
  const Word *p;
  const Word *end;
  bool ok = true;
  Word next() {
    if (p >= end) {
      ok = false;
      return 0;
    }
    return *p++;
  }
  template <typename List> bool list(List &v, size_t limit = 1u << 20) {
    Word n = next();
    if (n > limit || static_cast<size_t>(end - p) < n)
      return ok = false;
    v.resize(n);
    for (Word i = 0; i < n; ++i)
      v[i] = static_cast<int32_t>(next());
    return ok;
  }
};

bool decodeActivation(Reader &r, Activation &a) {
  Word w0 = r.next();
  a.origin = static_cast<uint16_t>(w0 >> 16);
  a.irql = static_cast<uint8_t>(w0 >> 8);
  a.finished = (w0 & 1) != 0;
  Word w1 = r.next();
  size_t held = w1 >> 16, frames = w1 & 0xFFFF;
  if (held > 4096 || frames > 4096)
    return r.ok = false;
  a.held.resize(held);
  for (HeldLock &h : a.held) {
    Word x = r.next();
    h.lock = static_cast<int16_t>(x & 0xFFFF);
    h.savedIrql = static_cast<uint8_t>(x >> 16);
    h.depth = static_cast<uint8_t>(x >> 24);
    h.site = r.next();
  }
  a.frames.resize(frames);
  for (Frame &f : a.frames) {
    Word x = r.next();
    f.kind = static_cast<FrameKind>(x & 15);
    f.phase = static_cast<Phase>((x >> 4) & 15);
    f.role = static_cast<Role>((x >> 8) & 15);
    f.apiPhase = static_cast<uint8_t>(x >> 12);
    f.savedIrql = static_cast<uint8_t>(x >> 20);
    x = r.next();
    f.body = static_cast<int16_t>(x & 0xFFFF);
    f.pc = static_cast<uint16_t>(x >> 16);
    x = r.next();
    f.lock = static_cast<int16_t>(x & 0xFFFF);
    f.queue = static_cast<int16_t>(x >> 16);
    f.request = static_cast<int32_t>(r.next());
    x = r.next();
    f.slotBase = static_cast<uint16_t>(x & 0xFFFF);
    f.retReg = static_cast<uint16_t>(x >> 16);
    f.aux = static_cast<int32_t>(r.next());
  }
  return r.list(a.slots, 1u << 16);
}

} // namespace

void encode(const State &s, std::vector<Word> &out) {
  out.clear();
  out.push_back(0); // identity length, filled below
  out.insert(out.end(), s.shared.begin(), s.shared.end());
  out.insert(out.end(), s.objects.begin(), s.objects.end());
  for (const QueueState &q : s.queues) {
    out.push_back(static_cast<Word>(q.mode) | static_cast<Word>(q.dispatching) << 8 |
                  static_cast<Word>(q.owned) << 16 | (q.deferredQueued ? 1u << 24 : 0u));
    encodeList(q.pending, out);
    encodeList(q.cancels, out);
    encodeList(q.canceledOnQueue, out);
  }
  out.push_back(static_cast<Word>(s.requests.size()));
  for (const Request &r : s.requests) {
    out.push_back(static_cast<Word>(r.id));
    out.push_back(static_cast<Word>(r.kind) | static_cast<Word>(r.state) << 8 | static_cast<Word>(r.flags) << 16);
    out.push_back(static_cast<Word>(static_cast<uint16_t>(r.queue)) |
                  static_cast<Word>(static_cast<uint16_t>(r.cancelRoutine)) << 16);
    out.push_back(static_cast<Word>(r.status));
    out.insert(out.end(), r.fields.begin(), r.fields.end());
  }
  out.insert(out.end(), s.siteCount.begin(), s.siteCount.end());
  // Activations in canonical order: each encoded in place, then the pieces sorted. Threads
  // have the smallest origins, so they come first, in declaration order.
  size_t count = s.acts.size();
  out.push_back(static_cast<Word>(count));
  size_t base = out.size();
  SmallVec<std::pair<uint32_t, uint32_t>, 8> pieces; // (offset from base, length)
  for (const Activation &a : s.acts) {
    size_t start = out.size();
    encodeActivation(a, out);
    pieces.push_back({static_cast<uint32_t>(start - base), static_cast<uint32_t>(out.size() - start)});
  }
  SmallVec<size_t, 8> order(count);
  for (size_t i = 0; i < count; ++i)
    order[i] = i;
  auto less = [&](size_t a, size_t b) {
    const Word *pa = out.data() + base + pieces[a].first, *pb = out.data() + base + pieces[b].first;
    return std::lexicographical_compare(pa, pa + pieces[a].second, pb, pb + pieces[b].second);
  };
  bool sorted = true;
  for (size_t i = 1; i < count && sorted; ++i)
    sorted = !less(i, i - 1);
  if (!sorted) {
    std::sort(order.begin(), order.end(), less);
    std::vector<Word> tmp(out.begin() + static_cast<long>(base), out.end());
    out.resize(base);
    for (size_t i : order)
      out.insert(out.end(), tmp.begin() + pieces[i].first, tmp.begin() + pieces[i].first + pieces[i].second);
  }
  out[0] = static_cast<Word>(out.size() - 1);
  for (size_t i : order) {
    out.push_back(s.acts[i].steps);
    out.push_back(s.acts[i].run);
  }
}

bool decode(const Word *data, size_t size, const Layout &layout, State &s) {
  if (size < 1)
    return false;
  Reader r{data + 1, data + size};
  auto fixed = [&](auto &vec, size_t n) {
    if (static_cast<size_t>(r.end - r.p) < n)
      return r.ok = false;
    vec.resize(n);
    for (size_t i = 0; i < n; ++i)
      vec[i] = static_cast<std::decay_t<decltype(vec[0])>>(r.next());
    return true;
  };
  if (!fixed(s.shared, layout.sharedCells) || !fixed(s.objects, layout.objects))
    return false;
  s.queues.resize(layout.queues);
  for (QueueState &q : s.queues) {
    Word w = r.next();
    q.mode = static_cast<QueueMode>(w & 0xFF);
    q.dispatching = static_cast<uint8_t>(w >> 8);
    q.owned = static_cast<uint8_t>(w >> 16);
    q.deferredQueued = (w >> 24) & 1;
    r.list(q.pending);
    r.list(q.cancels);
    r.list(q.canceledOnQueue);
  }
  Word nreq = r.next();
  if (nreq > (1u << 20))
    return false;
  s.requests.resize(nreq);
  for (Request &q : s.requests) {
    q.id = static_cast<int32_t>(r.next());
    Word w = r.next();
    q.kind = static_cast<uint8_t>(w & 0xFF);
    q.state = static_cast<ReqState>((w >> 8) & 0xFF);
    q.flags = static_cast<uint8_t>(w >> 16);
    w = r.next();
    q.queue = static_cast<int16_t>(w & 0xFFFF);
    q.cancelRoutine = static_cast<int16_t>(w >> 16);
    q.status = static_cast<int32_t>(r.next());
    fixed(q.fields, layout.fields);
  }
  fixed(s.siteCount, layout.sites);
  Word nacts = r.next();
  if (nacts > 4096)
    return false;
  s.acts.resize(nacts);
  for (Activation &a : s.acts)
    if (!decodeActivation(r, a))
      return false;
  if (!r.ok || static_cast<size_t>(r.p - data) != size_t(data[0]) + 1)
    return false;
  for (Activation &a : s.acts) {
    a.steps = r.next();
    a.run = static_cast<uint16_t>(r.next());
  }
  return r.ok && r.p == r.end;
}

} // namespace wdf::model::exec
