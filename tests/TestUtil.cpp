#include "TestUtil.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

#include "scenarios/frontend/Frontend.hpp"

namespace wdf::test {

std::unique_ptr<Compiled> compile(const std::string &text, const std::string &name) {
  auto c = std::make_unique<Compiled>();
  DiagnosticEngine diags(c->sm);
  uint32_t file = c->sm.add(name, text);
  c->design = frontend::compileScenario(file, c->sm, diags);
  c->errors = diags.render();
  return c;
}

std::vector<std::string> Checked::kinds() const {
  std::vector<std::string> out;
  for (const model::Finding &f : result.findings) {
    std::string k = model::findingName(f.kind);
    if (f.kind == model::FindingKind::Race || f.kind == model::FindingKind::LockCycle)
      k += "(" + f.subject + ")";
    if (f.kind == model::FindingKind::Config)
      k += "(" + f.subject + ", " + f.status + ")";
    out.push_back(k);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Checked check(const std::string &text, bool reduce, unsigned threads) {
  Checked c;
  c.compiled = compile(text);
  if (!c.compiled->design)
    throw std::runtime_error("scenario does not compile:\n" + c.compiled->errors);
  c.objects = model::resolve(*c.compiled->design);
  model::CheckOptions o;
  o.reduce = reduce;
  o.explore.threads = threads;
  c.result = model::check(*c.compiled->design, c.objects, o);
  return c;
}

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string sourcePath(const std::string &relative) { return std::string(WDF_SOURCE_DIR) + "/" + relative; }

int runWdfcheck(const std::string &args, std::string &out, std::string &err, const std::string &launcher) {
  static int counter = 0;
  std::string base = std::string("/tmp/wdf_test_") + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  std::string cmd = "cd '" + std::string(WDF_SOURCE_DIR) + "' && " + launcher + " '" + WDF_BINARY + "' " + args + " >" + base +
                    ".out 2>" + base + ".err";
  int status = std::system(cmd.c_str());
  out = readFile(base + ".out");
  err = readFile(base + ".err");
  std::remove((base + ".out").c_str());
  std::remove((base + ".err").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace wdf::test
