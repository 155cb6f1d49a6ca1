// Internal invariants. WDF_VERIFY is always on: a broken invariant is a bug in wdfcheck,
// never a user error (bad input gets a Diagnostic instead). It throws InternalError, which
// the CLI turns into exit code 4 with the file:line of the check.
#pragma once
#include <stdexcept>
#include <string>

namespace wdf {

struct InternalError : std::logic_error {
  using std::logic_error::logic_error;
};

[[noreturn]] void verifyFailed(const char *cond, const char *why, const char *file, int line);

} // namespace wdf

#define WDF_VERIFY(cond, why)                                                                      \
  do {                                                                                             \
    if (!(cond))                                                                                   \
      ::wdf::verifyFailed(#cond, why, __FILE__, __LINE__);                                         \
  } while (0)
