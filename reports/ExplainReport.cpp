#include "ExplainReport.hpp"

#include <nlohmann/json.hpp>

#include "models/Constants.hpp"

namespace wdf::reports {

using namespace model;

namespace {

std::string lockText(const ObjectModel &m, int lock) {
  if (lock < 0)
    return "no framework lock";
  const Lock &l = m.locks[lock];
  const char *kind = lockKindName(l.kind);
  return l.name + " (" + (kind[0] == 'i' ? "an " : "a ") + kind + ")";
}

std::string configLine(const Design &d, const ConfigError &e) {
  const Object &o = d.objects[e.object];
  return std::string(kindName(o.kind)) + (o.kind == ObjKind::Driver ? "" : " " + o.name) + ": " + e.api +
         " fails with " + statusName(e.status) + ": " + e.why + ".";
}

// Everything the callback is serialized with: itself (when it is) and the others.
std::vector<std::string> serializedWith(const Explanation &x, int i, const Design &d, const ObjectModel &m) {
  std::vector<std::string> out;
  const CallbackEntry &e = x.callbacks[i];
  if (const PairEntry *self = x.pair(i, i); self && !self->concurrent)
    out.push_back("itself");
  if (e.lock >= 0) {
    const Lock &l = m.locks[e.lock];
    if (l.callbackLock && l.object >= 0 && d.objects[l.object].kind == ObjKind::Queue)
      out.push_back("every callback of queue " + d.objects[l.object].name);
    else if (l.callbackLock && l.object >= 0 && d.objects[l.object].kind == ObjKind::Device)
      out.push_back("every callback that takes the device lock " + l.name);
  }
  for (size_t j = 0; j < x.callbacks.size(); ++j)
    if (static_cast<int>(j) != i)
      if (const PairEntry *p = x.pair(i, static_cast<int>(j)); p && !p->concurrent)
        out.push_back(x.callbacks[j].name);
  return out;
}

std::string join(const std::vector<std::string> &v, const char *sep) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i)
    s += (i ? sep : "") + v[i];
  return s;
}

} // namespace

std::string explainText(const Design &d, const ObjectModel &m, const Explanation &x) {
  std::string out = "explain " + d.path + (d.title.empty() ? "" : " (\"" + d.title + "\")") + "\n";
  if (!m.errors.empty()) {
    out += "\nThe framework would refuse this design at creation:\n";
    for (const ConfigError &e : m.errors)
      out += "  " + configLine(d, e) + "\n";
  }
  out += "\nObjects\n";
  for (const std::string &line : x.objectLines)
    out += "  " + line + "\n";
  out += "\nCallbacks\n";
  for (size_t i = 0; i < x.callbacks.size(); ++i) {
    const CallbackEntry &e = x.callbacks[i];
    out += "  " + e.name + "\n";
    if (e.neverRuns) {
      out += "    never runs: power transitions are not modelled in version 1\n";
      continue;
    }
    out += "    IRQL: " + describeIrql(e.irql) + "\n";
    out += "    holds: " + lockText(m, e.lock) + (e.lockWhy.empty() ? "" : " -- " + e.lockWhy) + "\n";
    std::vector<std::string> with = serializedWith(x, static_cast<int>(i), d, m);
    out += "    serialized with: " + (with.empty() ? std::string("nothing") : join(with, ", ")) + "\n";
    std::vector<std::string> without;
    for (size_t j = 0; j < x.callbacks.size(); ++j)
      if (const PairEntry *p = x.pair(static_cast<int>(i), static_cast<int>(j)); p && p->concurrent && j != i)
        without.push_back(x.callbacks[j].name);
    if (!without.empty())
      out += "    not serialized with: " + join(without, ", ") + "\n";
    for (const std::string &n : e.notes)
      out += "    note: " + n + "\n";
  }
  if (!x.pairs.empty()) {
    out += "\nCan they run at the same time?\n";
    for (const PairEntry &p : x.pairs)
      out += "  " + x.callbacks[p.a].name + " / " + x.callbacks[p.b].name + ": " + (p.concurrent ? "yes" : "no") +
             " -- " + p.reason + "\n";
  }
  out += "\nWhere the KMDF source and its documentation disagree, these answers follow the source";
  if (m.discrepancies.empty()) {
    out += "; none of those places matters for this design.\n";
  } else {
    out += ":\n";
    for (const Discrepancy &dis : m.discrepancies)
      out += "  " + dis.id + ": " + dis.text + "\n";
  }
  return out;
}

std::string explainJson(const Design &d, const ObjectModel &m, const Explanation &x) {
  using nlohmann::ordered_json;
  ordered_json j;
  j["schema"] = "wdfcheck-explain/1";
  j["file"] = d.path;
  j["title"] = d.title;
  ordered_json errs = ordered_json::array();
  for (const ConfigError &e : m.errors)
    errs.push_back({{"object", d.objects[e.object].name},
                    {"call", e.api},
                    {"status", statusName(e.status)},
                    {"why", e.why}});
  j["config"] = errs;
  ordered_json locks = ordered_json::array();
  for (const Lock &l : m.locks)
    locks.push_back({{"name", l.name}, {"kind", lockKindName(l.kind)}, {"callbackLock", l.callbackLock}});
  j["locks"] = locks;
  j["objects"] = x.objectLines;
  ordered_json cbs = ordered_json::array();
  for (size_t i = 0; i < x.callbacks.size(); ++i) {
    const CallbackEntry &e = x.callbacks[i];
    ordered_json c;
    c["name"] = e.name;
    c["callback"] = callbackName(e.callback);
    c["object"] = e.object >= 0 ? ordered_json(d.objects[e.object].name) : ordered_json(nullptr);
    c["runs"] = !e.neverRuns;
    c["irql"] = e.irql.caller ? "caller" : irqlName(e.irql.level);
    c["lock"] = e.lock >= 0 ? ordered_json({{"name", m.locks[e.lock].name}, {"kind", lockKindName(m.locks[e.lock].kind)}})
                            : ordered_json(nullptr);
    c["lockReason"] = e.lockWhy;
    c["serializedWith"] = serializedWith(x, static_cast<int>(i), d, m);
    c["notes"] = e.notes;
    cbs.push_back(c);
  }
  j["callbacks"] = cbs;
  ordered_json pairs = ordered_json::array();
  for (const PairEntry &p : x.pairs)
    pairs.push_back({{"a", x.callbacks[p.a].name},
                     {"b", x.callbacks[p.b].name},
                     {"concurrent", p.concurrent},
                     {"reason", p.reason}});
  j["pairs"] = pairs;
  ordered_json dis = ordered_json::array();
  for (const Discrepancy &di : m.discrepancies)
    dis.push_back({{"id", di.id}, {"follows", "source"}, {"text", di.text}});
  j["discrepancies"] = dis;
  return j.dump(2) + "\n";
}

} // namespace wdf::reports
