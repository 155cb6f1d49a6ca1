#include "Hash.hpp"

#include <xxhash.h>

namespace wdf::core {

Hash128 hashWords(const uint32_t *data, size_t n) {
  XXH128_hash_t h = XXH3_128bits(data, n * sizeof(uint32_t));
  return {h.low64, h.high64};
}

} // namespace wdf::core
