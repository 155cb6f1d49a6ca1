#include "TraceReader.hpp"

#include <nlohmann/json.hpp>

#include "JsonReport.hpp"

namespace wdf::reports {

using nlohmann::json;

namespace {

// Deepest [ / { nesting outside strings; stops counting past the limit.
int nesting(const std::string &text) {
  int depth = 0, deepest = 0;
  bool inString = false, escaped = false;
  for (char c : text) {
    if (inString) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        inString = false;
      continue;
    }
    if (c == '"')
      inString = true;
    else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > MaxTraceNesting)
        return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

const json &field(const json &j, const char *name, const std::string &where) {
  if (!j.is_object() || !j.contains(name))
    throw TraceError{where + ": missing \"" + name + "\""};
  return j[name];
}

std::string text(const json &j, const char *name, const std::string &where) {
  const json &v = field(j, name, where);
  if (!v.is_string())
    throw TraceError{where + ": \"" + name + "\" must be a string"};
  return v.get<std::string>();
}

bool boolean(const json &j, const char *name, const std::string &where) {
  const json &v = field(j, name, where);
  if (!v.is_boolean())
    throw TraceError{where + ": \"" + name + "\" must be true or false"};
  return v.get<bool>();
}

uint64_t hex64(const std::string &s, const std::string &where, const char *name) {
  if (s.empty() || s.size() > 16 || s.find_first_not_of("0123456789abcdef") != std::string::npos)
    throw TraceError{where + ": \"" + name + "\" must be 1 to 16 lowercase hex digits"};
  return std::stoull(s, nullptr, 16);
}

uint64_t count(const json &j, const char *name, const std::string &where, uint64_t max = ~0ull) {
  const json &v = field(j, name, where);
  if (!v.is_number_unsigned() || v.get<uint64_t>() > max)
    throw TraceError{where + ": \"" + name + "\" must be a whole number from 0 to " + std::to_string(max)};
  return v.get<uint64_t>();
}

const json &array(const json &j, const char *name, const std::string &where) {
  const json &v = field(j, name, where);
  if (!v.is_array())
    throw TraceError{where + ": \"" + name + "\" must be an array"};
  return v;
}

// The "replay" object of a finding or a lock-order edge.
void readReplay(const json &rp, const std::string &rw, std::vector<uint32_t> &actions, bool &lastBreaks) {
  lastBreaks = boolean(rp, "lastBreaks", rw);
  const json &list = field(rp, "actions", rw);
  if (!list.is_array())
    throw TraceError{rw + ": \"actions\" must be an array of action codes"};
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_number_unsigned() || list[i].get<uint64_t>() > 0xFFFFFFFFull)
      throw TraceError{rw + ".actions[" + std::to_string(i) + "]: not an action code"};
    actions.push_back(list[i].get<uint32_t>());
  }
  if (lastBreaks && actions.empty())
    throw TraceError{rw + ": \"lastBreaks\" needs at least one action"};
}

TraceFinding readFinding(const json &f, const std::string &fw) {
  TraceFinding tf;
  tf.kind = text(f, "kind", fw);
  if (f.contains("subject")) {
    if (!f["subject"].is_string())
      throw TraceError{fw + ": \"subject\" must be a string"};
    tf.subject = f["subject"].get<std::string>();
  }
  if (f.contains("replay")) {
    const json &rp = f["replay"];
    std::string rw = fw + ".replay";
    tf.replayable = true;
    tf.key = hex64(text(rp, "key", rw), rw, "key");
    readReplay(rp, rw, tf.actions, tf.lastBreaks);
  }
  return tf;
}

std::vector<TraceFinding> readFindings(const json &r, const char *name, const std::string &where) {
  const json &list = array(r, name, where);
  std::vector<TraceFinding> out;
  for (size_t i = 0; i < list.size(); ++i)
    out.push_back(readFinding(list[i], where + "." + name + "[" + std::to_string(i) + "]"));
  return out;
}

// A report document's results, after the checks every reader shares.
const json &results(const json &doc, const std::string &name) {
  if (text(doc, "schema", name) != ResultSchema)
    throw TraceError{name + ": \"schema\" is not \"" + std::string(ResultSchema) + "\""};
  return array(doc, "results", name);
}

json parseReport(const std::string &input, const std::string &name) {
  if (nesting(input) > MaxTraceNesting)
    throw TraceError{name + ": nested more than " + std::to_string(MaxTraceNesting) +
                     " levels deep; this is not a wdfcheck report"};
  try {
    return json::parse(input);
  } catch (const json::exception &e) { // parse_error, and out_of_range for a number like 1e400
    throw TraceError{name + ": not valid JSON: " + e.what()};
  }
}

TraceResult readResult(const json &r, const std::string &where) {
  TraceResult tr;
  tr.file = text(r, "file", where);
  tr.scenarioHash = text(r, "scenarioHash", where);
  const json &opts = field(r, "options", where);
  tr.reduction = boolean(opts, "reduction", where + ".options");
  tr.maxSteps = static_cast<uint32_t>(count(opts, "maxSteps", where + ".options", 0xFFFFFFFFull));
  if (tr.maxSteps == 0)
    throw TraceError{where + ".options: \"maxSteps\" must be a positive 32-bit number"};
  tr.findings = readFindings(r, "findings", where);
  return tr;
}

TraceLoc site(const json &e, const char *name, const std::string &where) {
  const json &v = field(e, name, where);
  if (v.is_null())
    return {};
  std::string w = where + "." + name;
  return {static_cast<uint32_t>(count(v, "line", w, 0xFFFFFFFFull)), static_cast<uint32_t>(count(v, "column", w, 0xFFFFFFFFull))};
}

double seconds(const json &j, const char *name, const std::string &where) {
  const json &v = field(j, name, where);
  if (v.is_null())
    return -1;
  if (!v.is_number() || v.get<double>() < 0)
    throw TraceError{where + ": \"" + name + "\" must be a number of seconds or null"};
  return v.get<double>();
}

} // namespace

std::vector<TraceResult> readTrace(const std::string &input, const std::string &name) {
  json doc = parseReport(input, name);
  const json &list = results(doc, name);
  std::vector<TraceResult> out;
  for (size_t ri = 0; ri < list.size(); ++ri)
    out.push_back(readResult(list[ri], name + ": results[" + std::to_string(ri) + "]"));
  return out;
}

std::vector<ShardDoc> readShards(const std::string &input, const std::string &name) {
  json doc = parseReport(input, name);
  const json &list = results(doc, name);
  std::vector<ShardDoc> out;
  for (size_t ri = 0; ri < list.size(); ++ri) {
    const json &r = list[ri];
    std::string where = name + ": results[" + std::to_string(ri) + "]";
    ShardDoc d;
    d.trace = readResult(r, where);
    if (r.contains("randomSearch"))
      throw TraceError{where + ": a random search cannot be merged; only exhaustive runs are sharded"};
    if (!r.contains("shard"))
      throw TraceError{where + ": not the result of a shard (run it with --shard I/N)"};
    const json &sh = r["shard"];
    std::string sw = where + ".shard";
    d.shardCount = static_cast<unsigned>(count(sh, "count", sw, MaxShards));
    d.shardIndex = static_cast<unsigned>(count(sh, "index", sw, MaxShards));
    if (d.shardCount < 2 || d.shardIndex < 1 || d.shardIndex > d.shardCount)
      throw TraceError{sw + ": shard " + std::to_string(d.shardIndex) + " of " + std::to_string(d.shardCount) +
                       " does not exist (shards are numbered 1 to N, N at least 2)"};
    d.split = boolean(sh, "split", sw);
    d.suppressed = readFindings(r, "suppressed", where);
    d.complete = boolean(r, "complete", where);
    const json &limit = field(r, "limit", where);
    if (!limit.is_null() && !limit.is_string())
      throw TraceError{where + ": \"limit\" must be a string or null"};
    d.limit = limit.is_string() ? limit.get<std::string>() : "";
    if (!d.complete && d.limit.empty())
      throw TraceError{where + ": an incomplete result must name its \"limit\""};
    std::string stw = where + ".statistics";
    const json &st = field(r, "statistics", where);
    d.states = count(st, "states", stw);
    d.transitions = count(st, "transitions", stw);
    d.enabled = count(st, "enabledActions", stw);
    d.skipped = count(st, "skippedActions", stw);
    d.merged = count(st, "mergedSteps", stw);
    d.depth = static_cast<uint32_t>(count(st, "depth", stw, 0xFFFFFFFFull));
    d.rests = count(st, "restingStates", stw);
    const json &timing = field(r, "timing", where);
    d.seconds = std::max(0.0, seconds(timing, "seconds", where + ".timing"));
    d.firstFindingSeconds = seconds(timing, "firstFindingSeconds", where + ".timing");
    d.peakBytes = count(timing, "peakBytes", where + ".timing");
    const json &graph = array(r, "lockOrder", where);
    for (size_t i = 0; i < graph.size(); ++i) {
      const json &e = graph[i];
      std::string ew = where + ".lockOrder[" + std::to_string(i) + "]";
      TraceEdge te;
      te.from = text(e, "from", ew);
      te.to = text(e, "to", ew);
      te.fromSite = site(e, "fromSite", ew);
      te.toSite = site(e, "toSite", ew);
      te.gates = hex64(text(e, "gates", ew), ew, "gates");
      readReplay(field(e, "replay", ew), ew + ".replay", te.actions, te.lastBreaks);
      d.lockOrder.push_back(std::move(te));
    }
    out.push_back(std::move(d));
  }
  return out;
}

} // namespace wdf::reports
