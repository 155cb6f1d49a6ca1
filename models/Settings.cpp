#include "Settings.hpp"

namespace wdf::model {

std::optional<ExecLevel> parseExecLevel(std::string_view s) {
  if (s == "Passive" || s == "WdfExecutionLevelPassive") return ExecLevel::Passive;
  if (s == "Dispatch" || s == "WdfExecutionLevelDispatch") return ExecLevel::Dispatch;
  if (s == "InheritFromParent" || s == "WdfExecutionLevelInheritFromParent")
    return ExecLevel::InheritFromParent;
  if (s == "Invalid" || s == "WdfExecutionLevelInvalid") return ExecLevel::Invalid;
  return std::nullopt;
}

std::optional<SyncScope> parseSyncScope(std::string_view s) {
  if (s == "Device" || s == "WdfSynchronizationScopeDevice") return SyncScope::Device;
  if (s == "Queue" || s == "WdfSynchronizationScopeQueue") return SyncScope::Queue;
  if (s == "None" || s == "WdfSynchronizationScopeNone") return SyncScope::None;
  if (s == "InheritFromParent" || s == "WdfSynchronizationScopeInheritFromParent")
    return SyncScope::InheritFromParent;
  if (s == "Invalid" || s == "WdfSynchronizationScopeInvalid") return SyncScope::Invalid;
  return std::nullopt;
}

std::optional<DispatchType> parseDispatchType(std::string_view s) {
  if (s == "Sequential" || s == "WdfIoQueueDispatchSequential") return DispatchType::Sequential;
  if (s == "Parallel" || s == "WdfIoQueueDispatchParallel") return DispatchType::Parallel;
  if (s == "Manual" || s == "WdfIoQueueDispatchManual") return DispatchType::Manual;
  if (s == "Invalid" || s == "WdfIoQueueDispatchInvalid") return DispatchType::Invalid;
  return std::nullopt;
}

const char *name(ExecLevel v) {
  switch (v) {
  case ExecLevel::Invalid: return "Invalid";
  case ExecLevel::InheritFromParent: return "InheritFromParent";
  case ExecLevel::Passive: return "Passive";
  case ExecLevel::Dispatch: return "Dispatch";
  }
  return "?";
}

const char *name(SyncScope v) {
  switch (v) {
  case SyncScope::Invalid: return "Invalid";
  case SyncScope::InheritFromParent: return "InheritFromParent";
  case SyncScope::Device: return "Device";
  case SyncScope::Queue: return "Queue";
  case SyncScope::None: return "None";
  }
  return "?";
}

const char *name(DispatchType v) {
  switch (v) {
  case DispatchType::Invalid: return "Invalid";
  case DispatchType::Sequential: return "Sequential";
  case DispatchType::Parallel: return "Parallel";
  case DispatchType::Manual: return "Manual";
  }
  return "?";
}

const char *irqlName(int irql) {
  switch (irql) {
  case PassiveLevel: return "PASSIVE_LEVEL";
  case ApcLevel: return "APC_LEVEL";
  case DispatchLevel: return "DISPATCH_LEVEL";
  default: return "DIRQL";
  }
}

} // namespace wdf::model
