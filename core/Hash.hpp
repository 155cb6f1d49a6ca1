// 128-bit state hashes (xxHash3). The visited set stores only hashes: two distinct states
// collide with probability about n^2 / 2^129, which for 10^9 states is below 10^-20.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wdf::core {

struct Hash128 {
  uint64_t lo = 0, hi = 0;
  bool operator==(const Hash128 &o) const { return lo == o.lo && hi == o.hi; }
};

Hash128 hashWords(const uint32_t *data, size_t n);
// 32 hex digits of the 128-bit hash of some bytes (scenario fingerprints in trace files).
std::string hashHex(std::string_view bytes);

} // namespace wdf::core
