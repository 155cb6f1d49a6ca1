#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace wdf::model {

enum class FindingKind : uint8_t {
#define FINDING(Id, Name, Title) Id,
#include "FindingKinds.def"
#undef FINDING
};

const char *findingName(FindingKind k);   // "race"
const char *findingTitle(FindingKind k);  // "Data race"
std::optional<FindingKind> parseFindingKind(std::string_view name);
inline constexpr int FindingKindCount = 9;

} // namespace wdf::model
