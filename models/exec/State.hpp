// The state of one execution point: shared memory, framework object state, requests and
// the activations (running callbacks and environment threads). States are canonical: two
// states that behave the same encode to the same words, so the explorer's visited set
// merges them.
#pragma once
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <vector>

#include "models/Ir.hpp"

namespace wdf::model::exec {

using Word = uint32_t;

// States are copied for every successor; inline storage keeps that free of allocations for
// the usual sizes.
template <typename T, size_t N> using SmallVec = boost::container::small_vector<T, N>;

enum class FrameKind : uint8_t {
  Thread,   // an environment thread's body
  Call,     // a function called from code
  Callback, // a callback the framework runs: lock prologue, body, lock epilogue
  Dispatch, // the queue dispatcher loop (R6.2) running on this activation
};

enum class Phase : uint8_t { Prologue, Body, Epilogue };

// What the framework does once a Callback frame ends.
enum class Role : uint8_t {
  End,          // the activation ends (work item, DPC, timer, ISR runs)
  Return,       // back to the frame below (inline callbacks, Synchronize)
};

struct Frame {
  FrameKind kind = FrameKind::Call;
  Phase phase = Phase::Body;
  Role role = Role::Return;
  uint8_t savedIrql = 0;   // Callback: the IRQL to restore at the end
  uint8_t apiPhase = 0;    // multi-step calls (flush waits, synchronous queue calls)
  int16_t body = -1;
  uint16_t pc = 0;
  int16_t lock = -1;       // Callback: the framework lock taken around the body
  int16_t queue = -1;      // Dispatch / queue callbacks / Post: the queue
  int32_t request = 0;     // queue callbacks: their request
  uint16_t slotBase = 0;   // this frame's slots in Activation::slots
  uint16_t retReg = NoReg; // Call and Synchronize: the caller's destination register
  int32_t aux = 0;         // multi-step calls: a saved result; Callback: its return value;
                           // Dispatch: 1 + the queue a forwarded request came from, or 0
};

struct HeldLock {
  int16_t lock;
  uint8_t savedIrql;
  uint8_t depth;           // frame depth at which it was taken (the callback that took it)
  uint32_t site;           // where it was taken (lock-order graph)
};

struct Activation {
  uint16_t origin = 0;     // index into Machine::origins()
  uint8_t irql = 0;
  bool finished = false;   // threads that have run to the end
  SmallVec<HeldLock, 4> held;
  SmallVec<Frame, 3> frames;
  SmallVec<int32_t, 12> slots;
  uint32_t steps = 0;      // statements executed; not part of the state's identity
  // Which of the live runs of its callback this is, from 1 in the order they started, so a
  // schedule names a run the same way in every step; not part of the identity either.
  uint16_t run = 1;
};

enum class ReqState : uint8_t { Queued, Owned, Completed };
enum ReqFlag : uint8_t {
  Cancelled = 1,        // the I/O manager cancelled it
  Cancelable = 2,       // marked cancelable, with cancelRoutine
  CancelScheduled = 4,  // EvtRequestCancel is due or running
  CountedOwned = 8,     // counted in its queue's driver-owned count
};

struct Request {
  int32_t id = 0;
  uint8_t kind = 0;        // 0 Read, 1 Write, 2 DeviceControl, 3 InternalDeviceControl, 4 Create
  ReqState state = ReqState::Queued;
  uint8_t flags = 0;
  int16_t queue = -1;      // where it waits, or the queue that gave it to the driver
  int16_t cancelRoutine = -1;
  int32_t status = 0;
  SmallVec<int32_t, 2> fields;
};

enum class QueueMode : uint8_t { Started, Stopped, Purged, Draining };

struct QueueState {
  QueueMode mode = QueueMode::Started;
  uint8_t dispatching = 0;   // threads inside the dispatcher loop
  uint8_t owned = 0;         // driver-owned requests (presented or retrieved)
  bool deferredQueued = false; // its DPC / work item is queued
  SmallVec<int32_t, 4> pending;         // queued requests, in order
  SmallVec<int32_t, 2> cancels;         // driver-owned, EvtRequestCancel due
  SmallVec<int32_t, 2> canceledOnQueue; // cancelled while queued, EvtIoCanceledOnQueue due
};

// Per-object framework state bits.
enum ObjBit : uint32_t {
  Queued = 1,         // work item / DPC queued; timer: armed
  TimerRunQueued = 2, // timer: its DPC (or passive work item) is queued
  IntDisabled = 4,    // interrupt
  IntDpcQueued = 8,
  IntWiQueued = 16,
  Signaled = 32,      // event
  FileOpen = 64,
  FileClosed = 128,
  PendingShift = 16,  // interrupt: pending ISR runs in bits 16..23
};

struct State {
  SmallVec<int32_t, 16> shared;
  SmallVec<uint32_t, 16> objects;      // per object: ObjBit flags
  SmallVec<QueueState, 2> queues;      // per queue
  SmallVec<Request, 4> requests;       // sorted by id
  SmallVec<int32_t, 8> siteCount;      // per send/open site: requests created so far
  SmallVec<Activation, 6> acts;        // threads first (fixed), then callback runs

  Request *request(int32_t id);
  const Request *request(int32_t id) const;
};

// Request ids: site * RequestIdStride + ordinal, ordinal starting at 1; 0 is NULL.
inline constexpr int32_t RequestIdStride = 1 << 16;

// The fixed sizes of a design's states, needed to decode them.
struct Layout {
  size_t sharedCells = 0;
  size_t objects = 0;
  size_t queues = 0;
  size_t fields = 0;     // request context fields
  size_t sites = 0;      // send and open sites
};

// Canonical encoding. The first word is the length of the identity part that follows; the
// tail holds data that does not make states different (the per-activation step counters).
// Activations are sorted, so interchangeable runs of one callback encode alike.
void encode(const State &s, std::vector<Word> &out);
// Decodes what encode wrote. Returns false if the words are malformed.
bool decode(const Word *data, size_t size, const Layout &layout, State &s);

} // namespace wdf::model::exec
