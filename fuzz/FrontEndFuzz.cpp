// libFuzzer target: arbitrary bytes as a scenario file, through the whole front end (lexer,
// parser, semantic checks, lowering) and the diagnostic renderer. Whatever the bytes, the
// front end must return: a design, or at least one error; never a crash, a hang or a
// sanitizer report. Built with -fsanitize=fuzzer when WDF_FUZZ=ON; CorpusDriver.cpp runs it
// over the saved corpus in every build (CTest fuzz.frontend.corpus).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/Diagnostics.hpp"
#include "scenarios/frontend/Frontend.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  wdf::SourceManager sm;
  wdf::DiagnosticEngine diags(sm);
  uint32_t file = sm.add("fuzz.scenario", std::string(reinterpret_cast<const char *>(data), size));
  auto design = wdf::frontend::compileScenario(file, sm, diags);
  // Rendering walks the located lines and carets of every message.
  std::string rendered = diags.render();
  if (!design && !diags.hasErrors()) {
    std::fprintf(stderr, "the front end refused the input without an error\n");
    std::abort();
  }
  if (design && diags.hasErrors()) {
    std::fprintf(stderr, "the front end returned a design despite errors:\n%s", rendered.c_str());
    std::abort();
  }
  for (const wdf::Diagnostic &d : diags.all())
    if (d.loc.valid() && (d.loc.file != file || d.loc.offset > size)) {
      std::fprintf(stderr, "a message is located outside the input: %s\n", d.message.c_str());
      std::abort();
    }
  return 0;
}
