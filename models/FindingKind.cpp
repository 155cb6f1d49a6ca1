#include "FindingKind.hpp"

namespace wdf::model {

const char *findingName(FindingKind k) {
  switch (k) {
#define FINDING(Id, Name, Title)                                                                   \
  case FindingKind::Id: return Name;
#include "FindingKinds.def"
#undef FINDING
  }
  return "?";
}

const char *findingTitle(FindingKind k) {
  switch (k) {
#define FINDING(Id, Name, Title)                                                                   \
  case FindingKind::Id: return Title;
#include "FindingKinds.def"
#undef FINDING
  }
  return "?";
}

std::optional<FindingKind> parseFindingKind(std::string_view name) {
#define FINDING(Id, Name, Title)                                                                   \
  if (name == Name)                                                                                \
    return FindingKind::Id;
#include "FindingKinds.def"
#undef FINDING
  return std::nullopt;
}

} // namespace wdf::model
