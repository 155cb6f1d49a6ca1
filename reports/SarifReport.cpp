#include "SarifReport.hpp"

#include <map>
#include <nlohmann/json.hpp>

#include "core/Hash.hpp"
#include "models/FindingKind.hpp"

namespace wdf::reports {

using nlohmann::ordered_json;
using model::FindingKind;

namespace {

struct RuleText {
  FindingKind kind;
  const char *name;  // PascalCase rule name
  const char *level; // SARIF level
  const char *summary;
  const char *help;
};

const RuleText Rules[] = {
    {FindingKind::Race, "DataRace", "error", "Two activations can access the same shared location at the same time.",
     "Two callbacks or threads (or two runs of one callback) can each be about to access the same shared location, at "
     "least one of them writing, without both accesses being Interlocked. Serialize them with a common lock (a "
     "framework callback lock through SynchronizationScope and AutomaticSerialization, or a driver spin lock or wait "
     "lock), or make every access atomic."},
    {FindingKind::Deadlock, "Deadlock", "error", "Some execution reaches a state from which a waiter can never go on.",
     "A cycle of waits (locks, flushes, stop-with-wait, synchronous queue calls, events, waits for requests), or a "
     "callback or thread that waits or loops and can never get out whatever happens next. The report names who waits "
     "for what. Break the cycle: take locks in one order, never wait while holding a lock the awaited work needs."},
    {FindingKind::LockCycle, "LockOrderCycle", "warning", "Locks are taken in an order that forms a cycle.",
     "Somewhere a lock is acquired while another is held, and elsewhere the two (or more) are acquired in the "
     "opposite order, with no common lock guarding all of it. This scenario's environment never runs the two paths "
     "together, but another could, and would deadlock. Take the locks in one global order."},
    {FindingKind::Irql, "IrqlViolation", "error", "A call, lock or wait is used above the IRQL it allows.",
     "Each framework and kernel call has a highest IRQL (for example a wait lock or KeWaitForSingleObject needs "
     "PASSIVE_LEVEL, a spin lock at most DISPATCH_LEVEL). The call ran at a higher IRQL in this schedule: move it to a "
     "passive-level callback, or use the dispatch-level variant."},
    {FindingKind::LockMisuse, "LockMisuse", "error", "A lock is acquired twice, released without being held, or kept.",
     "Acquiring a lock the same activation already holds (a spin lock spins forever, a framework callback lock bug "
     "checks), releasing a lock not held, returning from a callback with a lock held, WdfObjectAcquireLock on an "
     "object without a callback lock, or WdfSpinLockAcquire on an interrupt's spin lock."},
    {FindingKind::Ddi, "ForbiddenFrameworkCall", "error", "A framework call is made where the framework forbids it.",
     "WdfWorkItemFlush from the work item's own callback, WdfTimerStop(T, TRUE) from T's own callback, a synchronous "
     "stop, purge or drain of a queue from a request handler, or interrupt lock calls from an automatically "
     "serialized EvtInterruptWorkItem."},
    {FindingKind::RequestMisuse, "RequestMisuse", "error", "A request is used after the driver gave it up, or dropped.",
     "A WdfRequest call on a request that was already completed or forwarded away, or a request the driver still owns "
     "that is neither completed nor cancelable when everything has come to rest."},
    {FindingKind::Assert, "AssertionFailure", "error", "An assert of the scenario fails.",
     "An assert statement failed, or an integer overflowed or was divided by zero."},
    {FindingKind::Config, "ConfigurationRejected", "error", "The framework would refuse to create an object.",
     "The object's settings are refused at creation: the create call returns the NTSTATUS named in the message. "
     "Nothing was explored."},
};

const RuleText &rule(FindingKind k) {
  for (const RuleText &r : Rules)
    if (r.kind == k)
      return r;
  return Rules[0];
}

int ruleIndex(FindingKind k) {
  for (size_t i = 0; i < std::size(Rules); ++i)
    if (Rules[i].kind == k)
      return static_cast<int>(i);
  return 0;
}

// Paths become URI references: forward slashes, reserved characters percent-encoded.
std::string uriOf(const std::string &path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '.' || c == '-' || c == '_' || c == '~')
      out += static_cast<char>(c);
    else if (c == '\\')
      out += '/';
    else {
      static const char *hex = "0123456789ABCDEF";
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

class Writer {
public:
  ordered_json run(const std::vector<ReportInput> &inputs);

private:
  int artifact(const std::string &path) {
    auto [it, inserted] = artifacts_.emplace(path, static_cast<int>(order_.size()));
    if (inserted)
      order_.push_back(path);
    return it->second;
  }
  ordered_json physical(const SourceManager &sm, SourceLoc loc) {
    if (!loc.valid())
      return nullptr;
    LineCol lc = sm.lineCol(loc);
    const std::string &path = sm.path(loc.file);
    ordered_json region = {{"startLine", std::max<uint32_t>(1, lc.line)}};
    if (loc.offset > 0 || lc.column > 1)
      region["startColumn"] = std::max<uint32_t>(1, lc.column);
    std::string src = sourceLine(sm, loc);
    if (!src.empty())
      region["snippet"] = {{"text", src}};
    return {{"artifactLocation", {{"uri", uriOf(path)}, {"index", artifact(path)}}}, {"region", region}};
  }
  ordered_json result(const ReportInput &in, const model::Finding &f);

  std::map<std::string, int> artifacts_;
  std::vector<std::string> order_;
};

ordered_json Writer::result(const ReportInput &in, const model::Finding &f) {
  const SourceManager &sm = in.sources;
  ordered_json r;
  r["ruleId"] = model::findingName(f.kind);
  r["ruleIndex"] = ruleIndex(f.kind);
  r["level"] = rule(f.kind).level;
  std::string title = std::string(model::findingName(f.kind)) +
                      (f.subject.empty() ? "" : "(" + f.subject + (f.kind == FindingKind::Config ? ", " + f.status : "") + ")");
  r["message"] = {{"text", title + ": " + f.message}};
  ordered_json loc = physical(sm, f.loc.valid() ? f.loc : SourceLoc{});
  if (loc.is_null()) {
    loc = {{"artifactLocation", {{"uri", uriOf(in.result.path)}, {"index", artifact(in.result.path)}}},
           {"region", {{"startLine", 1}}}};
  }
  r["locations"] = ordered_json::array({{{"physicalLocation", loc}}});
  // Related locations: the racing accesses, the waiters, the lock-order sites.
  ordered_json related = ordered_json::array();
  int id = 1;
  for (const auto &p : f.poised)
    if (ordered_json pl = physical(sm, p.loc); !pl.is_null())
      related.push_back({{"id", id++}, {"physicalLocation", pl}, {"message", {{"text", p.actor + ": " + p.text}}}});
  for (const model::CycleEdge &e : f.cycle) {
    if (ordered_json pl = physical(sm, e.fromSite); !pl.is_null())
      related.push_back({{"id", id++}, {"physicalLocation", pl}, {"message", {{"text", e.from + " taken here"}}}});
    if (ordered_json pl = physical(sm, e.toSite); !pl.is_null())
      related.push_back({{"id", id++}, {"physicalLocation", pl},
                         {"message", {{"text", e.to + " taken here while holding " + e.from}}}});
  }
  if (!related.empty())
    r["relatedLocations"] = related;
  // The counterexample: one thread flow per actor, steps numbered in execution order.
  if (!f.schedule.empty() || !f.poised.empty()) {
    std::vector<std::string> actors;
    std::map<std::string, ordered_json> flows;
    auto add = [&](const model::exec::StepRecord &s, int order, const std::string &prefix) {
      if (!flows.count(s.actor)) {
        actors.push_back(s.actor);
        flows[s.actor] = ordered_json::array();
      }
      ordered_json l;
      ordered_json pl = physical(sm, s.loc);
      ordered_json location = {{"message", {{"text", prefix + s.text}}}};
      if (!pl.is_null())
        location["physicalLocation"] = pl;
      l["location"] = location;
      l["executionOrder"] = order;
      std::string locks;
      for (const std::string &k : s.locks)
        locks += (locks.empty() ? "" : ", ") + k;
      l["state"] = {{"irql", {{"text", irqlText(s.irql)}}}, {"locks", {{"text", locks.empty() ? "none" : locks}}}};
      flows[s.actor].push_back(l);
    };
    int order = 1;
    for (const auto &s : f.schedule)
      add(s, order++, "");
    for (const auto &p : f.poised)
      add(p, order++, "next: ");
    ordered_json threadFlows = ordered_json::array();
    for (const std::string &a : actors)
      threadFlows.push_back({{"id", a}, {"message", {{"text", a}}}, {"locations", flows[a]}});
    r["codeFlows"] = ordered_json::array(
        {{{"message", {{"text", "a schedule of " + std::to_string(f.schedule.size()) + " steps that shows it"}}},
          {"threadFlows", threadFlows}}});
  }
  LineCol lc = f.loc.valid() ? sm.lineCol(f.loc) : LineCol{};
  r["partialFingerprints"] = {
      {"wdfcheckFinding/v1", core::hashHex(std::string(model::findingName(f.kind)) + "|" + f.subject + "|" +
                                          in.result.path + "|" + std::to_string(lc.line))}};
  return r;
}

ordered_json Writer::run(const std::vector<ReportInput> &inputs) {
  ordered_json rules = ordered_json::array();
  for (const RuleText &rt : Rules)
    rules.push_back({{"id", model::findingName(rt.kind)},
                     {"name", rt.name},
                     {"shortDescription", {{"text", rt.summary}}},
                     {"fullDescription", {{"text", rt.help}}},
                     {"help", {{"text", rt.help}, {"markdown", std::string("**") + model::findingTitle(rt.kind) +
                                                                   "**\n\n" + rt.help}}},
                     {"defaultConfiguration", {{"level", rt.level}}},
                     {"properties", {{"tags", {"concurrency", "kmdf"}}}}});
  ordered_json results = ordered_json::array();
  bool complete = true;
  for (const ReportInput &in : inputs) {
    artifact(in.result.path);
    complete &= in.result.stats.complete || in.result.stats.limit == "first finding";
    for (const model::Finding &f : in.result.findings)
      results.push_back(result(in, f));
  }
  ordered_json artifacts = ordered_json::array();
  for (const std::string &p : order_)
    artifacts.push_back({{"location", {{"uri", uriOf(p)}}}});
  ordered_json run;
  run["tool"] = {{"driver",
                  {{"name", "wdfcheck"},
                   {"version", ToolVersion},
                   {"informationUri", "https://github.com/wdfcheck/wdfcheck"},
                   {"rules", rules}}}};
  run["artifacts"] = artifacts;
  run["results"] = results;
  ordered_json notes = ordered_json::array();
  for (const ReportInput &in : inputs)
    if (in.result.bounded())
      notes.push_back({{"level", "warning"},
                       {"message", {{"text", in.result.path + ": the search was bounded (" + in.result.stats.limit +
                                                 "); the results are not complete"}}}});
  ordered_json invocation = {{"executionSuccessful", true}};
  if (!notes.empty())
    invocation["toolExecutionNotifications"] = notes;
  run["invocations"] = ordered_json::array({invocation});
  (void)complete;
  return run;
}

} // namespace

std::string sarifReport(const std::vector<ReportInput> &inputs) {
  ordered_json j;
  j["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  j["version"] = "2.1.0";
  Writer w;
  j["runs"] = ordered_json::array({w.run(inputs)});
  return j.dump(2) + "\n";
}

} // namespace wdf::reports
