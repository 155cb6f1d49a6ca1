// A vector with inline storage, for per-state data copied on the hot path.
#pragma once
#include <boost/container/small_vector.hpp>

namespace wdf {

template <typename T, size_t N> using SmallVec = boost::container::small_vector<T, N>;

} // namespace wdf
