#include "Constants.hpp"

#include <cstdio>

#include "Settings.hpp"

namespace wdf::model {

namespace {
struct Named {
  const char *name;
  uint32_t value;
};
// NTSTATUS values from ntstatus.h and wdfstatus.h.
const Named Statuses[] = {
    {"STATUS_SUCCESS", 0x00000000},
    {"STATUS_TIMEOUT", 0x00000102},
    {"STATUS_PENDING", 0x00000103},
    {"STATUS_DEVICE_BUSY", 0x80000011},
    {"STATUS_NO_MORE_ENTRIES", 0x8000001A},
    {"STATUS_UNSUCCESSFUL", 0xC0000001},
    {"STATUS_NOT_IMPLEMENTED", 0xC0000002},
    {"STATUS_INFO_LENGTH_MISMATCH", 0xC0000004},
    {"STATUS_INVALID_PARAMETER", 0xC000000D},
    {"STATUS_NO_SUCH_DEVICE", 0xC000000E},
    {"STATUS_INVALID_DEVICE_REQUEST", 0xC0000010},
    {"STATUS_ACCESS_DENIED", 0xC0000022},
    {"STATUS_BUFFER_TOO_SMALL", 0xC0000023},
    {"STATUS_INSUFFICIENT_RESOURCES", 0xC000009A},
    {"STATUS_DEVICE_NOT_READY", 0xC00000A3},
    {"STATUS_IO_TIMEOUT", 0xC00000B5},
    {"STATUS_NOT_SUPPORTED", 0xC00000BB},
    {"STATUS_INVALID_PARAMETER_4", 0xC00000F2},
    {"STATUS_CANCELLED", 0xC0000120},
    {"STATUS_INVALID_DEVICE_STATE", 0xC0000184},
    {"STATUS_WDF_PAUSED", 0xC0200203},
    {"STATUS_WDF_BUSY", 0xC0200204},
    {"STATUS_WDF_OBJECT_ATTRIBUTES_INVALID", 0xC0200209},
    {"STATUS_WDF_NO_CALLBACK", 0xC020020B},
    {"STATUS_WDF_INCOMPATIBLE_EXECUTION_LEVEL", 0xC020020C},
    {"STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED", 0xC020020F},
    {"STATUS_WDF_SYNCHRONIZATION_SCOPE_INVALID", 0xC0200210},
    {"STATUS_WDF_EXECUTION_LEVEL_INVALID", 0xC0200211},
    {"STATUS_WDF_PARENT_NOT_SPECIFIED", 0xC0200212},
};
} // namespace

std::optional<int32_t> lookupConstant(std::string_view name) {
  for (const Named &n : Statuses)
    if (name == n.name)
      return static_cast<int32_t>(n.value);
  if (name == "PASSIVE_LEVEL") return PassiveLevel;
  if (name == "APC_LEVEL") return ApcLevel;
  if (name == "DISPATCH_LEVEL") return DispatchLevel;
  if (name == "DIRQL") return DeviceLevel;
  return std::nullopt;
}

std::string statusName(int32_t value) {
  for (const Named &n : Statuses)
    if (static_cast<uint32_t>(value) == n.value)
      return n.name;
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", static_cast<uint32_t>(value));
  return buf;
}

} // namespace wdf::model
