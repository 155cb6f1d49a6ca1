// 128-bit state hashes (xxHash3). The visited set stores only hashes: two distinct states
// collide with probability about n^2 / 2^129, which for 10^9 states is below 10^-20.
#pragma once
#include <cstddef>
#include <cstdint>

namespace wdf::core {

struct Hash128 {
  uint64_t lo = 0, hi = 0;
  bool operator==(const Hash128 &o) const { return lo == o.lo && hi == o.hi; }
};

Hash128 hashWords(const uint32_t *data, size_t n);

} // namespace wdf::core
