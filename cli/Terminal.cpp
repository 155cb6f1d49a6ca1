#include "Terminal.hpp"

#include <csignal>
#include <cstdio>

#ifdef _WIN32
#include <windows.h>
#include <io.h>
#define isatty _isatty
#define fileno _fileno
#else
#include <unistd.h>
#endif

namespace wdf::cli {

namespace {
std::atomic<bool> gInterrupted{false};
bool gProgressShown = false;
extern "C" void onInterrupt(int) { gInterrupted.store(true); }
} // namespace

bool stderrIsTerminal() { return isatty(fileno(stderr)) != 0; }

const std::atomic<bool> &interrupted() { return gInterrupted; }

void installInterruptHandler() { std::signal(SIGINT, onInterrupt); }

std::function<void(const core::Progress &)> progressPrinter(const std::string &file) {
  return [file](const core::Progress &p) {
    double rate = p.seconds > 0 ? p.states / p.seconds : 0;
    std::fprintf(stderr, "\r\033[K%s: %llu states (%.0f/s), depth %u, frontier %llu, %.0f MB, %.1f s", file.c_str(),
                 static_cast<unsigned long long>(p.states), rate, p.depth, static_cast<unsigned long long>(p.frontier),
                 p.bytes / 1048576.0, p.seconds);
    std::fflush(stderr);
    gProgressShown = true;
  };
}

uint64_t physicalMemory() {
#ifdef _WIN32
  MEMORYSTATUSEX st{};
  st.dwLength = sizeof st;
  return GlobalMemoryStatusEx(&st) ? st.ullTotalPhys : 0;
#else
  long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && size > 0 ? static_cast<uint64_t>(pages) * static_cast<uint64_t>(size) : 0;
#endif
}

void clearProgress() {
  if (gProgressShown) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    gProgressShown = false;
  }
}

} // namespace wdf::cli
