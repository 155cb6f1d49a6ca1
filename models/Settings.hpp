// The WDF enumerations a scenario sets, with their spellings, and the IRQL levels.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wdf::model {

enum class ExecLevel : uint8_t { Invalid, InheritFromParent, Passive, Dispatch };
enum class SyncScope : uint8_t { Invalid, InheritFromParent, Device, Queue, None };
enum class DispatchType : uint8_t { Invalid, Sequential, Parallel, Manual };

// Parse the short or the WDF spelling ("Passive" or "WdfExecutionLevelPassive").
std::optional<ExecLevel> parseExecLevel(std::string_view s);
std::optional<SyncScope> parseSyncScope(std::string_view s);
std::optional<DispatchType> parseDispatchType(std::string_view s);
const char *name(ExecLevel v);
const char *name(SyncScope v);
const char *name(DispatchType v);

// IRQL values. DIRQL stands for any device IRQL; it only needs to be above DISPATCH_LEVEL.
enum Irql : uint8_t { PassiveLevel = 0, ApcLevel = 1, DispatchLevel = 2, DeviceLevel = 5 };
const char *irqlName(int irql); // "PASSIVE_LEVEL", ...

} // namespace wdf::model
