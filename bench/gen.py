#!/usr/bin/env python3
"""Generate the benchmark models: a wdfcheck scenario and an equivalent Promela model.

    gen.py [--mutant] FAMILY N K OUTDIR

writes OUTDIR/FAMILY-N-K.scenario and OUTDIR/FAMILY-N-K.pml (FAMILY-N-K-mutant.* with
--mutant). FAMILY is one of

  fanout      N work items without AutomaticSerialization, each doing K times
              `WdfSpinLockAcquire(L); Count = Count + 1; WdfSpinLockRelease(L);`, enqueued and
              flushed by one thread that then asserts Count == N*K.                  (clean)
  queues      N parallel, Queue-scoped, dispatch-level queues; one thread per queue sends K
              reads to it and waits for them; each EvtIoRead bumps the queue's counter and a
              global counter under one spin lock and completes the request.          (clean)
  queues_mt   the same queues, but each read is sent by its own thread, so the K handlers
              of a queue contend for the queue's callback lock.                      (clean)
  autoserial  N DPCs with AutomaticSerialization under a Device-scoped device, each doing K
              unlocked increments of Counter, plus one DPC without AutomaticSerialization
              that reads Counter.                                                     (race)

--mutant writes a variant that changes the verdict, to check that both models see the
same bugs: fanout, queues and queues_mt without the spin lock L (lost updates: the count
assertion fails, and wdfcheck also reports the race; with N = 1 nothing changes: still
clean), autoserial with the reader serialized too (clean).

The two files describe the same system at the same granularity: every read and every write
of a shared variable is one step, a lock acquire or release is one step, and so is every
framework action the scenario relies on (a work item or DPC starting after it is enqueued,
a flush returning once the callback has returned, a queue's dispatcher presenting a request,
a callback lock taken around a callback). See bench/README.md.

The Promela follows the usual rules for letting SPIN's partial-order reduction work: data
private to one process lives in process locals (or in globals declared `local`, which only
one process touches), a local that is dead after a step is cleared in that step, and the
framework's signals (enqueue, callback returned, thread ended) are one-slot channels with
one sender and one receiver, declared `xs`/`xr`. Only the accesses to truly shared state
are then unsafe for the reduction.
"""

import argparse
import os
import sys

FAMILIES = ("fanout", "queues", "queues_mt", "autoserial")

# The verdict each family gives (both tools), and the verdict of its mutant per tool
# (wdfcheck lists every kind of finding, sorted; SPIN stops at its first error).
EXPECTED = {"fanout": "clean", "queues": "clean", "queues_mt": "clean", "autoserial": "race"}
EXPECTED_MUTANT = {
    "fanout": {"wdfcheck": "assert,race", "spin": "assert"},
    "queues": {"wdfcheck": "assert,race", "spin": "assert"},
    "queues_mt": {"wdfcheck": "assert,race", "spin": "assert"},
    "autoserial": {"wdfcheck": "clean", "spin": "clean"},
}


def processes(family, n, k):
    """The number of Promela processes of a model (SPIN allows at most 255)."""
    return {"fanout": n + 1, "queues": n + 2, "queues_mt": n * k + 1, "autoserial": n + 2}[family]


def depth_bound(family, n, k):
    """A bound for pan -m. The models have no loops except the dispatcher loop of queues_mt,
    which presents at most K requests in all, so the sum of the step counts of all processes
    bounds every path; twice that, and at least 10000."""
    steps = {"fanout": n * (4 * k + 2) + 2 * n + 1,
             "queues": n * (13 * k + k + 2) + n + 1,
             "queues_mt": n * k * (11 * k + 4) + n * k + n + 1,
             "autoserial": n * (2 * k + 3) + 2 + n + 1}[family]
    return max(10000, 2 * steps)


def _check_sizes(family, n, k):
    if n < 1 or k < 1:
        raise ValueError("N and K must be at least 1")
    if processes(family, n, k) > 250:
        raise ValueError(f"{family}({n},{k}) needs {processes(family, n, k)} Promela processes; "
                         "SPIN allows at most 255")
    if n * k > 10000:
        raise ValueError("N*K is at most 10000")


def _counter_type(maxval):
    """The smallest Promela type holding 0..maxval. wdfcheck's ints are 32-bit, but no
    counter here exceeds maxval, so this changes only the size of SPIN's state vector."""
    if maxval < 256:
        return "byte"
    if maxval < 32768:
        return "short"
    return "int"


def _comment(lines, prefix):
    return [(prefix + line).rstrip() for line in lines]


# ----------------------------------------------------------------------------------------
# fanout(N, K)
# ----------------------------------------------------------------------------------------

def fanout(n, k, mutant=False):
    total = n * k
    name = f"fanout({n},{k})" + (" mutant" if mutant else "")
    base = f"fanout-{n}-{k}" + ("-mutant" if mutant else "")
    s = [f"// {name}: generated by bench/gen.py; regenerate instead of editing.",
         f"// {n} work items without AutomaticSerialization (nothing serializes them), each",
         f"// incrementing Count {k} time(s) under the driver spin lock L. One thread enqueues",
         "// them all, flushes them all (a flush returns once that work item is neither queued",
         f"// nor running), then asserts that no increment was lost: Count == {total}."]
    if mutant:
        s.append("// MUTANT: the spin lock is left out, so increments can be lost.")
    s += [f'scenario "{name}";',
          "device Dev { }",
          "spinlock L;",
          "shared int Count;"]
    if mutant:
        inc = "        Count = Count + 1;"
    else:
        inc = "        WdfSpinLockAcquire(L); Count = Count + 1; WdfSpinLockRelease(L);"
    for i in range(1, n + 1):
        s += [f"workitem W{i} {{",
              "    AutomaticSerialization = false;",
              "    EvtWorkItem {"]
        s += [inc] * k
        s += ["    }", "}"]
    s += ["environment {", "    thread Main {"]
    s += [f"        WdfWorkItemEnqueue(W{i});" for i in range(1, n + 1)]
    s += [f"        WdfWorkItemFlush(W{i});" for i in range(1, n + 1)]
    s += [f'        assert(Count == {total}, "every increment counted");',
          "    }", "}",
          "expect clean;" if not mutant else "expect race(Count);\nexpect assert;"]
    scenario = "\n".join(s) + "\n"

    ct = _counter_type(total)
    p = [f"/* {name}: generated by bench/gen.py; the same system as {base}.scenario.",
         "   One process per work item and one for the environment thread Main.",
         "   Granularity: each read and each write of Count is one step; the spin lock L is",
         "   an atomic test-and-set (acquire) and a store (release). enqI/doneI are one-slot",
         "   channels with one sender and one receiver (xs/xr): WdfWorkItemEnqueue puts the",
         "   token the work item waits for before EvtWorkItem starts, and EvtWorkItem's",
         "   return puts the token WdfWorkItemFlush waits for. The value read for",
         "   `Count = Count + 1` is held in the process local t, which the write clears (in",
         "   wdfcheck the temporary dies with the statement)."]
    if mutant:
        p.append("   MUTANT: the spin lock is left out, so increments can be lost.")
    p[-1] += " */"
    p += ["",
          "bit L;                      /* WDFSPINLOCK L: 0 free, 1 held */",
          f"{ct} Count;"]
    p += [f"chan enq{i} = [1] of {{ bit }}; chan done{i} = [1] of {{ bit }};" for i in range(1, n + 1)]
    p.append("")
    for i in range(1, n + 1):
        p += [f"active proctype W{i}() {{",
              f"    {ct} t;",
              f"    xr enq{i}; xs done{i};",
              f"    enq{i}?_;                           /* enqueued: EvtWorkItem starts */"]
        for _ in range(k):
            if not mutant:
                p.append("    atomic { L == 0 -> L = 1 };       /* WdfSpinLockAcquire(L) */")
            p += ["    t = Count;                         /* Count = Count + 1: the read, */",
                  "    d_step { Count = t + 1; t = 0 }    /* the write */"]
            if not mutant:
                p.append("    L = 0;                             /* WdfSpinLockRelease(L) */")
        p += [f"    done{i}!1                            /* EvtWorkItem returns */",
              "}", ""]
    p += ["active proctype Main() {",
          "    " + " ".join(f"xs enq{i};" for i in range(1, n + 1)),
          "    " + " ".join(f"xr done{i};" for i in range(1, n + 1))]
    p += [f"    enq{i}!1;                            /* WdfWorkItemEnqueue(W{i}) */" for i in range(1, n + 1)]
    p += [f"    done{i}?_;                           /* WdfWorkItemFlush(W{i}) */" for i in range(1, n + 1)]
    p += [f"    assert(Count == {total})", "}"]
    promela = "\n".join(p) + "\n"
    return scenario, promela


# ----------------------------------------------------------------------------------------
# queues(N, K) and queues_mt(N, K)
# ----------------------------------------------------------------------------------------

QUEUES_ENV_NOTE = """\
How the environment sends the reads: one thread per queue. Ti sends its K reads to Qi one
after the other (`send Read to Qi as Ri_j`), then waits for each of them. A `send` runs
Qi's dispatcher on the sending thread (Ti is at PASSIVE_LEVEL and holds no lock, so the
dispatcher is not deferred; framework-model.md section 8): the dispatcher presents the
request to EvtIoRead, which runs inline holding Qi's callback lock (a spin lock: the queue
is Dispatch-level and Queue-scoped) and completes the request before `send` returns. So
the K reads of one queue are handled one after the other on Ti, every `wait` finds its
request completed, and the concurrency is between the N queues, whose handlers contend
for the spin lock L and Total. Qi's callback lock is taken around every handler but never
contended: only Ti runs Qi's dispatcher. (queues_mt sends each read from its own thread.)"""

QUEUES_MT_ENV_NOTE = """\
How the environment sends the reads: one thread per read. Thread Ti_j sends one read to Qi
(`send Read to Qi as Ri_j`) and waits for it, so K threads feed each queue at once. Each
`send` puts the request at the tail of Qi and runs Qi's dispatcher on the sending thread
(PASSIVE_LEVEL, no lock held: not deferred), so several threads can be inside Qi's
dispatcher at once. Each turn of a dispatcher loop either presents the request at the head
of Qi (not necessarily the one its own thread sent) and calls EvtIoRead holding Qi's
callback lock, or, when Qi is empty, leaves the loop. So the handlers of one queue contend
for Qi's callback lock, and the handlers of all queues for the spin lock L."""


def _queues_scenario(n, k, name, note, mutant, per_read_threads):
    total = n * k
    s = [f"// {name}: generated by bench/gen.py; regenerate instead of editing.",
         f"// {n} parallel, Queue-scoped, dispatch-level queues; EvtIoRead of Qi bumps QiCount and",
         "// Total under the spin lock L and completes the request.",
         "//"]
    s += _comment(note.splitlines(), "// ")
    s.append("//")
    if per_read_threads:
        s.append(f"// finally asserts QiCount == {k} for every queue, and Total == {total}.")
    else:
        s.append(f"// Ti asserts QiCount == {k} after its waits; finally asserts Total == {total}.")
    if mutant:
        s.append("// MUTANT: the spin lock is left out, so increments of Total can be lost.")
    s += [f'scenario "{name}";',
          "device Dev { }",
          "spinlock L;",
          "shared int Total;"]
    s += [f"shared int Q{i}Count;" for i in range(1, n + 1)]
    for i in range(1, n + 1):
        s += [f"queue Q{i} {{",
              "    DispatchType = Parallel;",
              "    ExecutionLevel = Dispatch;",
              "    SynchronizationScope = Queue;",
              "    EvtIoRead {"]
        if not mutant:
            s.append("        WdfSpinLockAcquire(L);")
        s += [f"        Q{i}Count = Q{i}Count + 1;",
              "        Total = Total + 1;"]
        if not mutant:
            s.append("        WdfSpinLockRelease(L);")
        s += ["        WdfRequestComplete(Request, STATUS_SUCCESS);",
              "    }",
              "}"]
    s.append("environment {")
    if per_read_threads:
        for i in range(1, n + 1):
            for j in range(1, k + 1):
                s.append(f"    thread T{i}_{j} {{ send Read to Q{i} as R{i}_{j}; wait R{i}_{j}; }}")
        s.append("    finally {")
        s += [f'        assert(Q{i}Count == {k}, "every read of Q{i} counted");' for i in range(1, n + 1)]
        s += [f'        assert(Total == {total}, "every read counted");', "    }"]
    else:
        for i in range(1, n + 1):
            s.append(f"    thread T{i} {{")
            s += [f"        send Read to Q{i} as R{i}_{j};" for j in range(1, k + 1)]
            s += [f"        wait R{i}_{j};" for j in range(1, k + 1)]
            s += [f'        assert(Q{i}Count == {k}, "every read of Q{i} counted");', "    }"]
        s.append(f'    finally {{ assert(Total == {total}, "every read counted"); }}')
    s += ["}", "expect clean;" if not mutant else "expect race(Total);\nexpect assert;"]
    return "\n".join(s) + "\n"


def _handler_promela(i, indent, mutant):
    """EvtIoRead of Qi after the callback lock is taken, up to WdfRequestComplete."""
    x = " " * indent
    p = []
    if not mutant:
        p.append(x + "atomic { L == 0 -> L = 1 };        /* WdfSpinLockAcquire(L) */")
    p += [x + f"t = Q{i}Count;",
          x + f"d_step {{ Q{i}Count = t + 1; t = 0 }}",
          x + "t = Total;",
          x + "d_step { Total = t + 1; t = 0 }"]
    if not mutant:
        p.append(x + "L = 0;                              /* WdfSpinLockRelease(L) */")
    return p


def queues(n, k, mutant=False):
    total = n * k
    name = f"queues({n},{k})" + (" mutant" if mutant else "")
    base = f"queues-{n}-{k}" + ("-mutant" if mutant else "")
    scenario = _queues_scenario(n, k, name, QUEUES_ENV_NOTE, mutant, per_read_threads=False)

    ct = _counter_type(total)
    p = [f"/* {name}: generated by bench/gen.py; the same system as {base}.scenario.", ""]
    p += _comment(QUEUES_ENV_NOTE.splitlines(), "   ")
    p += ["",
          "   So each environment thread Ti is one process that runs Qi's dispatcher and the",
          "   handler inline, request after request. Granularity, as in wdfcheck: send (the",
          "   request is queued; Ti enters the dispatcher), present, take Qi's callback lock",
          "   QLi (atomic test-and-set) and call EvtIoRead, WdfSpinLockAcquire(L), each read and",
          "   each write of QiCount and Total, WdfSpinLockRelease(L), WdfRequestComplete,",
          "   release QLi on return, leave the dispatcher, each wait: one step each. QLi and",
          "   QiCount are touched by Ti only, so they are globals declared `local` (safe for",
          "   the partial-order reduction); the state of a request is a process local. The",
          "   `finally` block is a process that runs once every thread has ended (one xs/xr",
          "   token per thread), as wdfcheck runs it once everything is at rest."]
    if mutant:
        p.append("   MUTANT: the spin lock is left out, so increments of Total can be lost.")
    p[-1] += " */"
    p += ["",
          "bit L;                      /* WDFSPINLOCK L: 0 free, 1 held */",
          f"{ct} Total;"]
    for i in range(1, n + 1):
        p += [f"local bit QL{i};             /* Q{i}'s callback lock (a spin lock) */",
              f"local {_counter_type(k)} Q{i}Count;",
              f"chan fin{i} = [1] of {{ bit }};"]
    p.append("")
    for i in range(1, n + 1):
        p += [f"active proctype T{i}() {{",
              f"    {ct} t;",
              f"    bit disp;                           /* T{i} is inside Q{i}'s dispatcher */",
              "    " + " ".join(f"byte r{j};" for j in range(1, k + 1))
              + f"   /* R{i}_j: 0 unsent, 1 queued, 2 presented, 3 completed */",
              f"    xs fin{i};"]
        for j in range(1, k + 1):
            p += [f"    d_step {{ r{j} = 1; disp = 1 }}      /* send Read to Q{i} as R{i}_{j}; enter the dispatcher */",
                  f"    r{j} = 2;                             /* the dispatcher presents R{i}_{j} */",
                  f"    atomic {{ QL{i} == 0 -> QL{i} = 1 }};    /* take L(Q{i}), call EvtIoRead */"]
            p += _handler_promela(i, 4, mutant)
            p += [f"    r{j} = 3;                             /* WdfRequestComplete(Request) */",
                  f"    QL{i} = 0;                            /* EvtIoRead returns: release L(Q{i}) */",
                  "    disp = 0;                           /* leave the dispatcher */"]
        p += [f"    r{j} == 3;                            /* wait R{i}_{j} */" for j in range(1, k + 1)]
        p += [f"    assert(Q{i}Count == {k});",
              f"    fin{i}!1",
              "}", ""]
    p += ["active proctype Finally() {",
          "    " + " ".join(f"xr fin{i};" for i in range(1, n + 1)),
          "    " + " ".join(f"fin{i}?_;" for i in range(1, n + 1)),
          f"    assert(Total == {total})",
          "}"]
    promela = "\n".join(p) + "\n"
    return scenario, promela


def queues_mt(n, k, mutant=False):
    total = n * k
    name = f"queues_mt({n},{k})" + (" mutant" if mutant else "")
    base = f"queues_mt-{n}-{k}" + ("-mutant" if mutant else "")
    scenario = _queues_scenario(n, k, name, QUEUES_MT_ENV_NOTE, mutant, per_read_threads=True)

    ct = _counter_type(total)
    p = [f"/* {name}: generated by bench/gen.py; the same system as {base}.scenario.", ""]
    p += _comment(QUEUES_MT_ENV_NOTE.splitlines(), "   ")
    p += ["",
          "   One process per environment thread; it runs Qi's dispatcher loop and the",
          "   handlers that loop presents. Qi's queued requests are the FIFO channel pendI",
          "   (request numbers 1..K); doneI[j-1] is set when Ri_j is completed, and `wait Ri_j`",
          "   waits for it. Granularity, as in wdfcheck: send (enqueue), present (dequeue the",
          "   head), take Qi's callback lock QLi (atomic test-and-set) and call EvtIoRead,",
          "   WdfSpinLockAcquire(L), each read and each write of QiCount and Total,",
          "   WdfSpinLockRelease(L), WdfRequestComplete, release QLi on return, leave the",
          "   loop, wait: one step each. The `finally` block is a process that runs once every",
          "   thread has ended (one xs/xr token per thread)."]
    if mutant:
        p.append("   MUTANT: the spin lock is left out, so increments of Total can be lost.")
    p[-1] += " */"
    p += ["",
          "bit L;                      /* WDFSPINLOCK L: 0 free, 1 held */",
          f"{ct} Total;"]
    for i in range(1, n + 1):
        p += [f"bit QL{i};                   /* Q{i}'s callback lock (a spin lock) */",
              f"{_counter_type(k)} Q{i}Count;",
              f"chan pend{i} = [{k}] of {{ byte }};  /* Q{i}'s queued requests, in order */",
              f"bit done{i}[{k}];                /* R{i}_j completed */"]
        p += [f"chan fin{i}_{j} = [1] of {{ bit }};" for j in range(1, k + 1)]
    p.append("")
    for i in range(1, n + 1):
        for j in range(1, k + 1):
            p += [f"active proctype T{i}_{j}() {{",
                  f"    {ct} t; byte rid;",
                  f"    xs fin{i}_{j};",
                  f"    pend{i}!{j};                         /* send Read to Q{i} as R{i}_{j}; enter the dispatcher */",
                  "    do",
                  f"    :: pend{i}?rid ->                    /* the dispatcher presents the head request */",
                  f"        atomic {{ QL{i} == 0 -> QL{i} = 1 }}; /* take L(Q{i}), call EvtIoRead */"]
            p += _handler_promela(i, 8, mutant)
            p += [f"        done{i}[rid - 1] = 1;              /* WdfRequestComplete(Request) */",
                  f"        d_step {{ QL{i} = 0; rid = 0 }}     /* EvtIoRead returns: release L(Q{i}) */",
                  f"    :: empty(pend{i}) -> break            /* leave the dispatcher */",
                  "    od;",
                  f"    done{i}[{j - 1}] == 1;                   /* wait R{i}_{j} */",
                  f"    fin{i}_{j}!1",
                  "}", ""]
    p.append("active proctype Finally() {")
    for i in range(1, n + 1):
        p.append("    " + " ".join(f"xr fin{i}_{j};" for j in range(1, k + 1)))
    for i in range(1, n + 1):
        p.append("    " + " ".join(f"fin{i}_{j}?_;" for j in range(1, k + 1)))
    p += [f"    assert(Q{i}Count == {k});" for i in range(1, n + 1)]
    p += [f"    assert(Total == {total})", "}"]
    promela = "\n".join(p) + "\n"
    return scenario, promela


# ----------------------------------------------------------------------------------------
# autoserial(N, K)
# ----------------------------------------------------------------------------------------

def autoserial(n, k, mutant=False):
    total = n * k
    name = f"autoserial({n},{k})" + (" mutant" if mutant else "")
    base = f"autoserial-{n}-{k}" + ("-mutant" if mutant else "")
    s = [f"// {name}: generated by bench/gen.py; regenerate instead of editing.",
         f"// {n} DPCs under a Device-scoped, dispatch-level device keep AutomaticSerialization",
         "// (the default): each holds the device's callback lock (a spin lock) while it runs,",
         f"// so their {k} unlocked increment(s) of Counter each are serialized. The DPC Reader",
         "// has AutomaticSerialization = false: its read of Counter races with the increments.",
         "// One thread enqueues D1..DN, then Reader."]
    if mutant:
        s.append("// MUTANT: Reader keeps AutomaticSerialization too, so it is serialized: no race.")
    s += [f'scenario "{name}";',
          "device Dev { SynchronizationScope = Device; }",
          "shared int Counter;"]
    for i in range(1, n + 1):
        s += [f"dpc D{i} {{", "    EvtDpcFunc {"]
        s += ["        Counter = Counter + 1;"] * k
        s += ["    }", "}"]
    s.append("dpc Reader {")
    if not mutant:
        s.append("    AutomaticSerialization = false;")
    s += ["    EvtDpcFunc { int seen = Counter; }", "}",
          "environment {", "    thread Main {"]
    s += [f"        WdfDpcEnqueue(D{i});" for i in range(1, n + 1)]
    s += ["        WdfDpcEnqueue(Reader);", "    }", "}",
          "expect race(Counter);" if not mutant else "expect clean;"]
    scenario = "\n".join(s) + "\n"

    ct = _counter_type(total)
    p = [f"/* {name}: generated by bench/gen.py; the same system as {base}.scenario.",
         "   One process per DPC and one for the environment thread Main, declared in the",
         "   scenario's order. Granularity: the DPC starting (it was enqueued), the framework",
         "   taking the device's callback lock Dev (an atomic test-and-set) and calling",
         "   EvtDpcFunc, each read and each write of Counter, and the return (releasing Dev):",
         "   one step each, as in wdfcheck.",
         "",
         "   The race as a safety property. wdfcheck reports race(Counter) when, in some",
         "   reachable state, two processes each have an access to Counter as their next step,",
         "   at least one of them a write. The model keeps that set of next accesses: nr (nw)",
         "   counts the processes whose next step reads (writes) Counter. The step after which",
         "   an access is a process's next step adds it and asserts that it makes no racing",
         "   pair with those already there (a read needs nw == 0; a write, nw == 0 and",
         "   nr == 0); the access itself removes it. Both updates ride inside steps the",
         "   process takes anyway (atomic/d_step), so the steps are unchanged, and nr and nw",
         "   are functions of the program counters, so the number of states is too. SPIN",
         "   reports the race as `assertion violated`."]
    if mutant:
        p.append("   MUTANT: Reader keeps AutomaticSerialization too, so it is serialized: no race.")
    p[-1] += " */"
    p += ["",
          "bit Dev;                    /* the device's callback lock (a spin lock) */",
          f"{ct} Counter;",
          "byte nr, nw;                /* next steps that read / write Counter */"]
    p += [f"chan q{i} = [1] of {{ bit }};" for i in range(1, n + 1)]
    p += ["chan qr = [1] of { bit };", ""]
    for i in range(1, n + 1):
        p += [f"active proctype D{i}() {{",
              f"    {ct} t;",
              f"    xr q{i};",
              f"    q{i}?_;                                    /* enqueued: the DPC starts */",
              "    atomic { Dev == 0 -> Dev = 1; assert(nw == 0); nr++ }  /* take Dev, call EvtDpcFunc */"]
        for j in range(k):
            p.append("    d_step { t = Counter; nr--; assert(nw == 0 && nr == 0); nw++ }  /* read */")
            if j < k - 1:
                p.append("    d_step { Counter = t + 1; t = 0; nw--; assert(nw == 0); nr++ }  /* write */")
            else:
                p.append("    d_step { Counter = t + 1; t = 0; nw-- }  /* write */")
        p += ["    Dev = 0                                    /* EvtDpcFunc returns: release Dev */",
              "}", ""]
    p += ["active proctype Reader() {",
          f"    {ct} seen;",
          "    xr qr;"]
    if mutant:
        p += ["    qr?_;                                      /* enqueued: the DPC starts */",
              "    atomic { Dev == 0 -> Dev = 1; assert(nw == 0); nr++ }  /* take Dev, call EvtDpcFunc */",
              "    d_step { seen = Counter; nr-- }            /* int seen = Counter; */",
              "    Dev = 0                                    /* EvtDpcFunc returns: release Dev */"]
    else:
        p += ["    atomic { qr?_; assert(nw == 0); nr++ }     /* enqueued: the DPC starts */",
              "    d_step { seen = Counter; nr-- }            /* int seen = Counter; */"]
    p += ["}", "",
          "active proctype Main() {",
          "    " + " ".join(f"xs q{i};" for i in range(1, n + 1)) + " xs qr;"]
    p += [f"    q{i}!1;                                    /* WdfDpcEnqueue(D{i}) */" for i in range(1, n + 1)]
    p += ["    qr!1                                       /* WdfDpcEnqueue(Reader) */", "}"]
    promela = "\n".join(p) + "\n"
    return scenario, promela


GENERATORS = {"fanout": fanout, "queues": queues, "queues_mt": queues_mt, "autoserial": autoserial}


def expected(family, tool, mutant=False, n=2):
    """The verdict `tool` ("wdfcheck" or "spin") must give. With one work item, thread or
    queue, a mutant without L is still clean: nothing runs concurrently (fanout, queues),
    or Q1's callback lock alone serializes the handlers (queues_mt)."""
    if not mutant:
        return EXPECTED[family]
    if n == 1 and family != "autoserial":
        return "clean"
    return EXPECTED_MUTANT[family][tool]


def generate(family, n, k, outdir, mutant=False):
    """Write the two files; return (scenario_path, promela_path)."""
    if family not in GENERATORS:
        raise ValueError(f"unknown family {family!r}; expected one of {', '.join(FAMILIES)}")
    _check_sizes(family, n, k)
    scenario, promela = GENERATORS[family](n, k, mutant)
    os.makedirs(outdir, exist_ok=True)
    base = os.path.join(outdir, f"{family}-{n}-{k}" + ("-mutant" if mutant else ""))
    with open(base + ".scenario", "w") as f:
        f.write(scenario)
    with open(base + ".pml", "w") as f:
        f.write(promela)
    return base + ".scenario", base + ".pml"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mutant", action="store_true", help="write the variant that changes the verdict (see above)")
    ap.add_argument("family", choices=FAMILIES)
    ap.add_argument("n", type=int)
    ap.add_argument("k", type=int)
    ap.add_argument("outdir")
    a = ap.parse_args(argv)
    try:
        sc, pml = generate(a.family, a.n, a.k, a.outdir, a.mutant)
    except ValueError as e:
        print(f"gen.py: {e}", file=sys.stderr)
        return 2
    print(sc)
    print(pml)
    return 0


if __name__ == "__main__":
    sys.exit(main())
