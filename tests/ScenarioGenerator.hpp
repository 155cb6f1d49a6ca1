// Generates small random scenarios for the differential test (reduced explorer versus the
// naive one). Deterministic for a seed; every scenario compiles. The shapes are chosen to
// exercise every kind of framework object, lock, wait and request path, and to provoke every
// kind of finding, while staying small enough for the naive explorer.
#pragma once
#include <cstdint>
#include <string>

namespace wdf::test {

std::string generateScenario(uint32_t seed);

// Scenarios built around counter sections (critical sections that only add constants to
// counters), some breaking the rules a counter needs: CounterScenarioGenerator.cpp.
std::string generateCounterScenario(uint32_t seed);

} // namespace wdf::test
