// Named constants a scenario can use: NTSTATUS values and IRQL levels.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wdf::model {

namespace status {
inline constexpr int32_t Success = 0;
inline constexpr int32_t Pending = 0x103;
inline constexpr int32_t Timeout = 0x102;
inline constexpr int32_t Cancelled = static_cast<int32_t>(0xC0000120u);
inline constexpr int32_t InvalidDeviceRequest = static_cast<int32_t>(0xC0000010u);
inline constexpr int32_t InvalidDeviceState = static_cast<int32_t>(0xC0000184u);
inline constexpr int32_t InvalidParameter = static_cast<int32_t>(0xC000000Du);
inline constexpr int32_t NotSupported = static_cast<int32_t>(0xC00000BBu);
inline constexpr int32_t NoMoreEntries = static_cast<int32_t>(0x8000001Au);
inline constexpr int32_t WdfPaused = static_cast<int32_t>(0xC0200203u);
inline constexpr int32_t WdfObjectAttributesInvalid = static_cast<int32_t>(0xC0200209u);
inline constexpr int32_t WdfNoCallback = static_cast<int32_t>(0xC020020Bu);
inline constexpr int32_t WdfIncompatibleExecutionLevel = static_cast<int32_t>(0xC020020Cu);
inline constexpr int32_t WdfParentAssignmentNotAllowed = static_cast<int32_t>(0xC020020Fu);
inline constexpr int32_t WdfSynchronizationScopeInvalid = static_cast<int32_t>(0xC0200210u);
inline constexpr int32_t WdfExecutionLevelInvalid = static_cast<int32_t>(0xC0200211u);
inline constexpr int32_t WdfParentNotSpecified = static_cast<int32_t>(0xC0200212u);
} // namespace status

// The value of a named constant (STATUS_*, *_LEVEL, DIRQL), if `name` is one.
std::optional<int32_t> lookupConstant(std::string_view name);
// "STATUS_CANCELLED" for a known status, else "0xC0000120".
std::string statusName(int32_t value);

} // namespace wdf::model
