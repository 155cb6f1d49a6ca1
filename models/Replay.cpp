#include "Replay.hpp"

namespace wdf::model {

using exec::Action;
using exec::StepRecord;

Replay::Replay(const exec::Machine &m) : m_(m) {
  state_ = m_.initial();
  m_.canonicalize(state_);
  roundTrip();
}

void Replay::roundTrip() {
  std::vector<exec::Word> w;
  exec::encode(state_, w);
  exec::State s;
  exec::decode(w.data(), w.size(), m_.layout(), s);
  state_ = std::move(s);
}

bool Replay::possible(uint32_t packed) const {
  Action a = Action::unpack(packed);
  std::vector<Action> en;
  m_.enabled(state_, en);
  for (const Action &e : en)
    if (e.kind == a.kind && e.index == a.index) {
      if (a.kind != exec::ActionKind::Step)
        return a.choice == 0;
      // The choice must exist too.
      std::vector<exec::Successor> succs;
      m_.execute(state_, a, succs);
      return a.choice < succs.size() || (succs.size() == 1 && a.choice == 0);
    }
  return false;
}

exec::Outcome Replay::run(uint32_t packed, std::string *message, exec::Hit *hit, std::vector<core::LockEdge> *edges) {
  Action a = Action::unpack(packed);
  StepRecord rec = m_.describeAction(state_, a);
  exec::Tracer tr;
  std::vector<exec::Successor> succs;
  m_.execute(state_, a, succs, &tr);
  if (succs.empty())
    return exec::Outcome::Discarded;
  exec::Successor &sc = succs.front();
  std::string text;
  for (const StepRecord &r : tr.steps) {
    text += (text.empty() ? "" : "; ") + r.text;
    if (!rec.loc.valid() && r.loc.valid())
      rec.loc = r.loc;
  }
  if (sc.outcome == exec::Outcome::Finding) {
    if (message)
      *message = tr.message;
    text += (text.empty() ? "" : "; ") + tr.message;
  }
  if (hit)
    *hit = sc.hit;
  if (edges)
    *edges = sc.edges;
  if (!tr.steps.empty() && tr.steps.front().loc.valid() && a.kind == exec::ActionKind::Step)
    rec.loc = tr.steps.front().loc;
  // A step that breaks a rule is shown where it breaks it, which may be a statement the
  // step reached without a visible operation of its own (an assert, an overflow).
  if (sc.outcome == exec::Outcome::Finding && tr.where.valid())
    rec.loc = tr.where;
  rec.text = text.empty() ? "runs" : text;
  steps.push_back(rec);
  if (sc.outcome == exec::Outcome::Ok) {
    state_ = std::move(sc.state);
    roundTrip();
  }
  return sc.outcome;
}

namespace {

std::string actorOf(const exec::Machine &m, const Replay &replay, Action act) {
  switch (act.kind) {
  case exec::ActionKind::Step:
    return act.index < replay.state().acts.size() ? m.actorLabel(replay.state(), act.index)
                                                  : "activation " + std::to_string(act.index);
  case exec::ActionKind::Start:
    return act.index < m.origins().size() ? m.origins()[act.index].label : "an unknown callback";
  case exec::ActionKind::Fire: return "timer " + std::to_string(act.index);
  }
  return "?";
}

} // namespace

std::string divergence(const exec::Machine &m, const FoundPath &p) {
  std::string kind(findingName(p.kind));
  Replay replay(m);
  for (size_t i = 0; i < p.actions.size(); ++i) {
    uint32_t a = p.actions[i];
    std::string step = "step " + std::to_string(i + 1) + ": ";
    if (!replay.possible(a))
      return step + "the recorded step of " + actorOf(m, replay, Action::unpack(a)) +
             " cannot happen in the replayed state (it is blocked, finished or does not exist)";
    bool last = i + 1 == p.actions.size();
    std::string message;
    exec::Hit hit{};
    std::vector<core::LockEdge> edges;
    exec::Outcome o = replay.run(a, &message, &hit, &edges);
    if (last && p.lastBreaks) {
      if (p.kind == FindingKind::LockCycle)
        return edges.empty() ? step + "the step takes no lock while holding another" : "";
      if (o != exec::Outcome::Finding)
        return step + "the step was expected to break a rule (" + kind + ") but completed normally";
      if (hit.kind != p.kind || hit.key != p.key)
        return step + "the step breaks a different rule: " + message;
      return "";
    }
    if (o != exec::Outcome::Ok)
      return step + "the execution ends here (" + (message.empty() ? std::string("discarded or bounded") : message) +
             ") before the recorded schedule does";
  }
  if (p.lastBreaks)
    return "";
  std::vector<Action> en;
  m.enabled(replay.state(), en);
  std::vector<exec::Hit> hits;
  exec::Hit which{p.kind, p.key};
  std::string text;
  m.checkState(replay.state(), en, hits, &text, &which);
  if (hits.empty())
    return "after " + std::to_string(p.actions.size()) + " steps: the state reached does not show the " + kind +
           " finding";
  return "";
}

} // namespace wdf::model
