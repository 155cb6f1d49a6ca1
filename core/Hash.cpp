#include "Hash.hpp"

#include <xxhash.h>

namespace wdf::core {

Hash128 hashWords(const uint32_t *data, size_t n) {
  XXH128_hash_t h = XXH3_128bits(data, n * sizeof(uint32_t));
  return {h.low64, h.high64};
}

std::string hashHex(std::string_view bytes) {
  XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  static const char *digits = "0123456789abcdef";
  std::string out;
  for (uint64_t part : {h.high64, h.low64})
    for (int shift = 60; shift >= 0; shift -= 4)
      out += digits[(part >> shift) & 15];
  return out;
}

} // namespace wdf::core
