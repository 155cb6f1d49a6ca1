#include "Design.hpp"

namespace wdf::model {

const char *kindName(ObjKind k) {
  switch (k) {
  case ObjKind::Driver: return "driver";
  case ObjKind::Device: return "device";
  case ObjKind::Queue: return "queue";
  case ObjKind::WorkItem: return "workitem";
  case ObjKind::Dpc: return "dpc";
  case ObjKind::Timer: return "timer";
  case ObjKind::Interrupt: return "interrupt";
  case ObjKind::SpinLock: return "spinlock";
  case ObjKind::WaitLock: return "waitlock";
  case ObjKind::Event: return "event";
  case ObjKind::File: return "file";
  }
  return "?";
}

const char *callbackName(CallbackId id) {
  switch (id) {
#define CALLBACK(Id, Name, Owner)                                                                  \
  case CallbackId::Id: return Name;
#include "Callbacks.def"
#undef CALLBACK
  case CallbackId::Count: break;
  }
  return "?";
}

const char *apiName(ApiId id) {
  switch (id) {
#define API(Id, Name, ...)                                                                         \
  case ApiId::Id: return Name;
#include "Apis.def"
#undef API
  case ApiId::Count: break;
  }
  return "?";
}

int Design::find(const std::string &name) const {
  for (size_t i = 0; i < objects.size(); ++i)
    if (objects[i].name == name && objects[i].kind != ObjKind::Driver)
      return static_cast<int>(i);
  return -1;
}

std::vector<int> Design::ofKind(ObjKind k) const {
  std::vector<int> out;
  for (size_t i = 0; i < objects.size(); ++i)
    if (objects[i].kind == k)
      out.push_back(static_cast<int>(i));
  return out;
}

} // namespace wdf::model
