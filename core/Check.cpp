#include "Check.hpp"

namespace wdf {

void verifyFailed(const char *cond, const char *why, const char *file, int line) {
  throw InternalError(std::string("internal error: ") + why + " (" + cond + ") at " + file + ":" +
                      std::to_string(line));
}

} // namespace wdf
