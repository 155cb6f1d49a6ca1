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
