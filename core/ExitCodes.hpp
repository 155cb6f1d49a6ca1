// The process exit codes of wdfcheck, one place. Quoted in README.md and docs/cli.md.
#pragma once

namespace wdf::exit_code {
inline constexpr int Clean = 0;      // explored completely, nothing found (or: all tests passed)
inline constexpr int Findings = 1;   // something was found (or: a test failed)
inline constexpr int BadInput = 2;   // the input or the command line is malformed
inline constexpr int Bounded = 3;    // a limit stopped the search before it was complete
inline constexpr int Internal = 4;   // a bug in wdfcheck
} // namespace wdf::exit_code
