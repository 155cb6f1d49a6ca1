#include <fstream>
#include <iostream>

#include "Commands.hpp"

namespace wdf::cli {

bool writeOutput(const std::string &path, const std::string &text) {
  if (path.empty() || path == "-") {
    std::cout << text << std::flush;
    return true;
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) {
    std::cerr << "wdfcheck: error: cannot write '" << path << "'\n";
    return false;
  }
  return true;
}

} // namespace wdf::cli

namespace wdf::cli {

int combineExitCodes(int a, int b) {
  auto rank = [](int c) { return c == 2 ? 3 : c == 3 ? 2 : c == 4 ? 4 : c; };
  return rank(a) >= rank(b) ? a : b;
}

} // namespace wdf::cli
