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

} // namespace wdf::model
