#include "VisitedSet.hpp"

namespace wdf::core {

int64_t VisitedSet::find(const Hash128 &raw) const {
  Hash128 h = nudge(raw);
  size_t mask = slots_.size() - 1;
  for (size_t i = h.lo & mask;; i = (i + 1) & mask) {
    const Slot &s = slots_[i];
    if (s.lo == 0 && s.hi == 0)
      return -1;
    if (s.lo == h.lo && s.hi == h.hi)
      return s.id;
  }
}

uint32_t VisitedSet::insert(const Hash128 &raw, uint32_t id) {
  if ((size_ + 1) * 2 > slots_.size())
    grow();
  Hash128 h = nudge(raw);
  size_t mask = slots_.size() - 1;
  for (size_t i = h.lo & mask;; i = (i + 1) & mask) {
    Slot &s = slots_[i];
    if (s.lo == 0 && s.hi == 0) {
      s = {h.lo, h.hi, id};
      ++size_;
      return id;
    }
    if (s.lo == h.lo && s.hi == h.hi)
      return s.id;
  }
}

void VisitedSet::grow() {
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.resize(old.size() * 2);
  size_t mask = slots_.size() - 1;
  for (const Slot &s : old) {
    if (s.lo == 0 && s.hi == 0)
      continue;
    size_t i = s.lo & mask;
    while (slots_[i].lo != 0 || slots_[i].hi != 0)
      i = (i + 1) & mask;
    slots_[i] = s;
  }
}

} // namespace wdf::core
