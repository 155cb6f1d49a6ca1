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

uint64_t hex64(const std::string &s, const std::string &where) {
  if (s.empty() || s.size() > 16 || s.find_first_not_of("0123456789abcdef") != std::string::npos)
    throw TraceError{where + ": \"key\" must be 1 to 16 lowercase hex digits"};
  return std::stoull(s, nullptr, 16);
}

} // namespace

std::vector<TraceResult> readTrace(const std::string &input, const std::string &name) {
  if (nesting(input) > MaxTraceNesting)
    throw TraceError{name + ": nested more than " + std::to_string(MaxTraceNesting) +
                     " levels deep; this is not a wdfcheck report"};
  json doc;
  try {
    doc = json::parse(input);
  } catch (const json::exception &e) { // parse_error, and out_of_range for a number like 1e400
    throw TraceError{name + ": not valid JSON: " + e.what()};
  }
  if (text(doc, "schema", name) != ResultSchema)
    throw TraceError{name + ": \"schema\" is not \"" + std::string(ResultSchema) + "\""};
  const json &results = field(doc, "results", name);
  if (!results.is_array())
    throw TraceError{name + ": \"results\" must be an array"};
  std::vector<TraceResult> out;
  for (size_t ri = 0; ri < results.size(); ++ri) {
    const json &r = results[ri];
    std::string where = name + ": results[" + std::to_string(ri) + "]";
    TraceResult tr;
    tr.file = text(r, "file", where);
    tr.scenarioHash = text(r, "scenarioHash", where);
    const json &opts = field(r, "options", where);
    tr.reduction = boolean(opts, "reduction", where + ".options");
    const json &ms = field(opts, "maxSteps", where + ".options");
    if (!ms.is_number_unsigned() || ms.get<uint64_t>() == 0 || ms.get<uint64_t>() > 0xFFFFFFFFull)
      throw TraceError{where + ".options: \"maxSteps\" must be a positive 32-bit number"};
    tr.maxSteps = ms.get<uint32_t>();
    const json &findings = field(r, "findings", where);
    if (!findings.is_array())
      throw TraceError{where + ": \"findings\" must be an array"};
    for (size_t fi = 0; fi < findings.size(); ++fi) {
      const json &f = findings[fi];
      std::string fw = where + ".findings[" + std::to_string(fi) + "]";
      TraceFinding tf;
      tf.kind = text(f, "kind", fw);
      if (f.is_object() && f.contains("subject")) {
        if (!f["subject"].is_string())
          throw TraceError{fw + ": \"subject\" must be a string"};
        tf.subject = f["subject"].get<std::string>();
      }
      if (f.is_object() && f.contains("replay")) {
        const json &rp = f["replay"];
        std::string rw = fw + ".replay";
        tf.replayable = true;
        tf.key = hex64(text(rp, "key", rw), rw);
        tf.lastBreaks = boolean(rp, "lastBreaks", rw);
        const json &actions = field(rp, "actions", rw);
        if (!actions.is_array())
          throw TraceError{rw + ": \"actions\" must be an array of action codes"};
        for (size_t i = 0; i < actions.size(); ++i) {
          if (!actions[i].is_number_unsigned() || actions[i].get<uint64_t>() > 0xFFFFFFFFull)
            throw TraceError{rw + ".actions[" + std::to_string(i) + "]: not an action code"};
          tf.actions.push_back(actions[i].get<uint32_t>());
        }
        if (tf.lastBreaks && tf.actions.empty())
          throw TraceError{rw + ": \"lastBreaks\" needs at least one action"};
      }
      tr.findings.push_back(std::move(tf));
    }
    out.push_back(std::move(tr));
  }
  return out;
}

} // namespace wdf::reports
