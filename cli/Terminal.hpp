// The CLI's edges with the operating system: is stderr a terminal, SIGINT, and the live
// progress line. Nothing here is used below the CLI.
#pragma once
#include <atomic>
#include <functional>
#include <string>

#include "core/Explorer.hpp"

namespace wdf::cli {

bool stderrIsTerminal();
// Set when the user presses Ctrl-C; the explorer then stops cleanly ("bounded").
const std::atomic<bool> &interrupted();
void installInterruptHandler();
// A progress callback that redraws one stderr line: states, rate, depth, memory, elapsed.
std::function<void(const core::Progress &)> progressPrinter(const std::string &file);
void clearProgress();
// Physical memory of this machine in bytes (0 if unknown): the default --memory-limit is a
// share of it.
uint64_t physicalMemory();

} // namespace wdf::cli
