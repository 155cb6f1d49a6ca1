#!/usr/bin/env python3
"""Run wdfcheck and SPIN on the benchmark families and print a Markdown table.

For each configured model, one after the other: generate the scenario and the Promela model
(bench/gen.py), run `wdfcheck run` on the scenario, then compile the Promela model with
`spin -a` and `gcc -O2 -DSAFETY -DMEMLIM=...` and run `./pan`. Wall time and peak resident
memory of each run come from /usr/bin/time -v; states come from each tool's own output.

    bench/run.py --wdfcheck build/wdfcheck               # the default table (about 5 min)
    bench/run.py --wdfcheck build/wdfcheck --quick       # small sizes (under a minute)
    bench/run.py --model fanout:9:2 --model autoserial:32:4:first --time-limit 30

A run that exceeds --time-limit is stopped (wdfcheck by its own --time-limit, pan by SIGINT,
which makes it print its statistics) and reported as `timeout`; pan hitting the memory limit
is reported as `out of N GB`. The exit code is 1 if a tool that finished gave a verdict other
than the family's expected one (or the two tools disagree), 2 on a setup error, else 0.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True   # no __pycache__ in the source tree
import gen  # noqa: E402

# (family, N, K, mode, one_thread): mode "full" explores everything, "first" stops at the
# first finding (wdfcheck --first; pan stops at its first error by default). one_thread: also
# time wdfcheck with --threads 1 when the main run finished within --one-thread-max seconds.
DEFAULT_TABLE = [
    ("fanout", 8, 3, "full", True),
    ("fanout", 9, 2, "full", True),
    ("fanout", 10, 2, "full", True),
    ("fanout", 11, 2, "full", True),
    ("fanout", 12, 2, "full", True),
    ("queues", 4, 3, "full", True),
    ("queues", 5, 3, "full", True),
    ("queues", 6, 2, "full", True),
    ("queues_mt", 2, 2, "full", True),
    ("queues_mt", 3, 2, "full", True),
    ("queues_mt", 2, 3, "full", True),
    ("autoserial", 2, 4, "first", False),
    ("autoserial", 4, 4, "first", False),
    ("autoserial", 8, 4, "first", False),
    ("autoserial", 16, 4, "first", False),
    ("autoserial", 32, 4, "first", False),
    ("autoserial", 16, 4, "full", True),
]

QUICK_TABLE = [
    ("fanout", 3, 2, "full", False),
    ("fanout", 4, 2, "full", True),
    ("queues", 2, 2, "full", False),
    ("queues", 3, 2, "full", True),
    ("queues_mt", 1, 2, "full", False),
    ("queues_mt", 2, 2, "full", True),
    ("autoserial", 4, 2, "first", False),
    ("autoserial", 8, 4, "first", False),
    ("autoserial", 4, 4, "full", True),
]


# ----------------------------------------------------------------------------------------
# measuring
# ----------------------------------------------------------------------------------------

class Measured:
    def __init__(self):
        self.rc = None
        self.wall = None          # seconds, from /usr/bin/time
        self.rss_kb = None        # peak resident set size, from /usr/bin/time
        self.stdout = ""
        self.stderr = ""
        self.timed_out = False


def _parse_time_v(text, m):
    """Pull wall time and peak RSS out of /usr/bin/time -v's report (the last lines of
    stderr), and return the rest of stderr."""
    rest = []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("Elapsed (wall clock) time"):
            v = s.rsplit(": ", 1)[1]
            parts = [float(x) for x in v.split(":")]
            secs = 0.0
            for x in parts:
                secs = secs * 60 + x
            m.wall = secs
        elif s.startswith("Maximum resident set size (kbytes)"):
            m.rss_kb = int(s.rsplit(":", 1)[1])
        elif s.startswith("Command exited with non-zero status") or s.startswith("Command terminated by signal"):
            pass
        elif re.match(r"^(Command being timed|User time|System time|Percent of CPU|Average|"
                      r"Major|Minor|Voluntary|Involuntary|Swaps|File system|Socket|Signals|"
                      r"Page size|Exit status)", s):
            pass
        else:
            rest.append(line)
    return "\n".join(rest)


def measure(cmd, cwd, time_limit, stop_signal=signal.SIGINT, grace=20.0):
    """Run cmd under /usr/bin/time -v. After time_limit seconds send stop_signal to the
    process group (pan prints its statistics on SIGINT; GNU time ignores it), and SIGKILL
    after `grace` more seconds."""
    m = Measured()
    full = ["/usr/bin/time", "-v"] + cmd
    t0 = time.monotonic()
    p = subprocess.Popen(full, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, start_new_session=True)
    try:
        out, err = p.communicate(timeout=time_limit)
    except subprocess.TimeoutExpired:
        m.timed_out = True
        try:
            os.killpg(p.pid, stop_signal)
        except ProcessLookupError:
            pass
        try:
            out, err = p.communicate(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, err = p.communicate()
    elapsed = time.monotonic() - t0
    m.rc = p.returncode
    m.stdout = out
    m.stderr = _parse_time_v(err, m)
    # /usr/bin/time reports wall time in hundredths of a second; the monotonic clock around
    # the whole run (which includes starting /usr/bin/time, about a millisecond) is finer.
    m.wall = elapsed
    return m


# ----------------------------------------------------------------------------------------
# wdfcheck
# ----------------------------------------------------------------------------------------

def run_wdfcheck(exe, scenario, mode, threads, time_limit, mem_mb):
    cmd = [exe, "run", "--format", "json", "-q", "--threads", str(threads),
           "--time-limit", str(time_limit), "--memory-limit", str(mem_mb)]
    if mode == "first":
        cmd.append("--first")
    cmd.append(os.path.basename(scenario))
    # wdfcheck stops itself at --time-limit; the outer limit is only a safety net.
    m = measure(cmd, os.path.dirname(scenario), time_limit + 60, stop_signal=signal.SIGTERM)
    r = {"wall": m.wall, "rss_kb": m.rss_kb, "rc": m.rc, "states": None, "verdict": None,
         "first": None, "complete": None, "error": None}
    try:
        res = json.loads(m.stdout)["results"][0]
    except (ValueError, KeyError, IndexError):
        r["verdict"] = "error"
        tail = (m.stderr.strip().splitlines() or ["no output"])[-1]
        r["error"] = (f"exit {m.rc}" + (" (killed)" if m.timed_out else "") + f": {tail}")[:200]
        return r
    r["states"] = res["statistics"]["states"]
    kinds_found = bool(res.get("findings"))
    # --first stops at the first finding: that is the whole answer for a "first" search.
    r["complete"] = bool(res["complete"]) or (mode == "first" and kinds_found)
    r["first"] = res["timing"].get("firstFindingSeconds")
    kinds = sorted({f["kind"] for f in res.get("findings", [])})
    if kinds:
        r["verdict"] = ",".join(kinds)
    elif res["verdict"] == "clean":
        r["verdict"] = "clean"
    elif res.get("limit") == "time-limit":
        r["verdict"] = "timeout"
    elif res.get("limit") == "memory-limit":
        r["verdict"] = f"out of {mem_mb // 1024} GB" if mem_mb % 1024 == 0 else f"out of {mem_mb} MB"
    else:
        r["verdict"] = res.get("summary") or res["verdict"]
    return r


# ----------------------------------------------------------------------------------------
# SPIN
# ----------------------------------------------------------------------------------------

def compile_pan(pml, mem_mb, extra_cflags):
    d = os.path.dirname(pml)
    t0 = time.monotonic()
    p = subprocess.run(["spin", "-a", os.path.basename(pml)], cwd=d, capture_output=True, text=True)
    if p.returncode != 0 or not os.path.exists(os.path.join(d, "pan.c")):
        return None, "spin -a failed: " + (p.stdout + p.stderr).strip()[-300:]
    cc = ["gcc", "-O2", "-DSAFETY", f"-DMEMLIM={mem_mb}"] + extra_cflags + ["-o", "pan", "pan.c"]
    p = subprocess.run(cc, cwd=d, capture_output=True, text=True)
    if p.returncode != 0:
        return None, "gcc failed: " + p.stderr.strip()[-300:]
    return time.monotonic() - t0, None


def run_pan(pml, mode, depth, time_limit, mem_mb, hash_w):
    d = os.path.dirname(pml)
    cmd = ["./pan", f"-m{depth}"]
    if hash_w:
        cmd.append(f"-w{hash_w}")
    if mode == "full":
        cmd.append("-c0")      # do not stop at errors: explore everything, count the errors
    m = measure(cmd, d, time_limit)
    out = m.stdout
    r = {"wall": m.wall, "rss_kb": m.rss_kb, "rc": m.rc, "states": None, "verdict": None,
         "complete": None, "error": None}
    st = re.findall(r"^\s*(\d+) states, stored", out, re.M)
    if st:
        r["states"] = int(st[-1])
    elif m.timed_out:
        prog = re.findall(r"States=\s*([0-9.e+]+)", out)
        if prog:
            r["states"] = int(float(prog[-1]))
    errs = re.search(r"errors: (\d+)", out)
    nerr = int(errs.group(1)) if errs else None
    if "max search depth too small" in out:
        r["error"] = "max search depth too small"
    oom = ("reached -DMEMLIM bound" in out or "out of memory" in out)
    kind = None
    if re.search(r"assertion violated \(\(nw==0\)", out) or re.search(r"assertion violated \(nw==0\)", out):
        kind = "race"
    elif "assertion violated" in out:
        kind = "assert"
    elif "invalid end state" in out and nerr:
        kind = "deadlock"
    if kind and (nerr or 0) > 0:
        r["verdict"] = kind
        r["complete"] = mode == "first" or not (m.timed_out or oom)
    elif oom:
        r["verdict"] = f"out of {mem_mb // 1024} GB" if mem_mb % 1024 == 0 else f"out of {mem_mb} MB"
    elif m.timed_out or "Interrupted" in out:
        r["verdict"] = "timeout"
    elif nerr == 0:
        r["verdict"] = "clean"
        r["complete"] = True
    else:
        r["verdict"] = "error"
        r["error"] = r["error"] or f"pan exit {m.rc}: " + (out.strip().splitlines() or ["no output"])[0][:200]
    return r


# ----------------------------------------------------------------------------------------
# the table
# ----------------------------------------------------------------------------------------

def fmt_states(n):
    if n is None:
        return "-"
    if n >= 1_000_000:
        return f"{n / 1e6:.1f} M"
    if n >= 10_000:
        return f"{n / 1e3:.0f} k"
    return str(n)


def fmt_secs(s):
    if s is None:
        return "-"
    if s < 0.1:
        return f"{s:.3f}"
    if s < 10:
        return f"{s:.2f}"
    return f"{s:.1f}"


def fmt_mem(kb):
    if kb is None:
        return "-"
    mb = kb / 1024
    if mb >= 1024:
        return f"{mb / 1024:.2f} GB"
    return f"{mb:.0f} MB"


def finished(r):
    return r is not None and r["verdict"] not in (None, "error", "timeout") and not r["verdict"].startswith("out of")


def ratio(spin_v, wdf_v, spin_done, wdf_done):
    """SPIN / wdfcheck, with > or < when one of them was cut short."""
    if spin_v is None or wdf_v is None or wdf_v <= 0:
        return "-"
    x = spin_v / wdf_v
    txt = f"{x:.2g}x" if x < 10 else f"{x:.0f}x"
    if spin_done and wdf_done:
        return txt
    if wdf_done and not spin_done:
        return ">" + txt
    if spin_done and not wdf_done:
        return "<" + txt
    return "?"


def cell_verdict(r, limit):
    v = r["verdict"]
    if v == "timeout":
        return f"timeout (>{limit:g} s)"
    if v == "error" and r.get("error"):
        return "error: " + r["error"].replace("|", "/")[:80]
    if r.get("complete") is False and finished(r):
        return f"{v} (search stopped at {limit:g} s)"
    return v


def done(r):
    """The run gave its whole answer: a complete search, or the first finding of a
    first-finding search. Ratios between runs that are not both done get > or <."""
    return bool(r.get("complete")) and finished(r)


def markdown(rows, args):
    head = ("| model | search | wdfcheck states | wdfcheck s | wdfcheck 1-thread s | wdfcheck first finding s "
            "| wdfcheck memory | SPIN states | pan s | SPIN compile s | SPIN memory "
            "| time SPIN/wdfcheck | memory SPIN/wdfcheck | verdict wdfcheck | verdict SPIN |")
    sep = "|" + "|".join(["---"] * (head.count("|") - 1)) + "|"
    lines = [head, sep]
    for row in rows:
        w, s = row["wdfcheck"], row["spin"]
        first = fmt_secs(w.get("first")) if row["mode"] == "first" else ""
        t1 = fmt_secs(row["wdfcheck1"]["wall"]) if row.get("wdfcheck1") else ""
        if row.get("wdfcheck1") and not done(row["wdfcheck1"]):
            t1 = cell_verdict(row["wdfcheck1"], args.time_limit)
        lines.append("| " + " | ".join([
            f"{row['family']}({row['n']},{row['k']})" + (" mutant" if row.get("mutant") else ""),
            "first finding" if row["mode"] == "first" else "full",
            fmt_states(w["states"]),
            fmt_secs(w["wall"]),
            t1,
            first,
            fmt_mem(w["rss_kb"]),
            fmt_states(s["states"]),
            fmt_secs(s["wall"]),
            fmt_secs(row.get("compile")),
            fmt_mem(s["rss_kb"]),
            ratio(s["wall"], w["wall"], done(s), done(w)),
            ratio(s["rss_kb"], w["rss_kb"], done(s), done(w)),
            cell_verdict(w, args.time_limit),
            cell_verdict(s, args.time_limit),
        ]) + " |")
    return "\n".join(lines)


def autoserial_sweep(exe, args, workdir, bad, k=4):
    """wdfcheck --first on autoserial(N,K) for N = 1..args.sweep: the time to the first
    counterexample, from the JSON report's firstFindingSeconds, and the process's wall time."""
    worst_first, worst_wall = (None, 0), (None, 0)
    print(f"# autoserial(N,{k}) sweep, N = 1..{args.sweep}: wdfcheck --first ...", file=sys.stderr, flush=True)
    for n in range(1, args.sweep + 1):
        scen, _ = gen.generate("autoserial", n, k, os.path.join(workdir, "sweep"))
        r = run_wdfcheck(exe, scen, "first", args.threads, args.time_limit, args.memory_limit)
        if r["verdict"] != "race":
            bad.append(f"autoserial({n},{k}) sweep: wdfcheck says {r['verdict']}, expected race")
            continue
        if r["first"] is not None and r["first"] > worst_first[1]:
            worst_first = (n, r["first"])
        if r["wall"] is not None and r["wall"] > worst_wall[1]:
            worst_wall = (n, r["wall"])
    return (f"autoserial(N,{k}) for every N from 1 to {args.sweep}, `wdfcheck run --first`: the slowest "
            f"time to the first counterexample (firstFindingSeconds) is {fmt_secs(worst_first[1])} s "
            f"(N = {worst_first[0]}); the slowest whole run (process wall time) "
            f"{fmt_secs(worst_wall[1])} s (N = {worst_wall[0]}). Every run reports race(Counter).")


def machine_info(exe):
    info = {}
    info["date"] = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    info["cpu"] = cpu
    info["cores"] = os.cpu_count()
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
        info["memory"] = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        info["memory"] = "?"
    try:
        with open("/proc/loadavg") as f:
            info["load"] = " ".join(f.read().split()[:3])
    except OSError:
        info["load"] = "?"
    info["os"] = platform.platform()

    def first_line(cmd):
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
            return ((p.stdout or p.stderr).strip().splitlines() or ["?"])[0]
        except (OSError, subprocess.TimeoutExpired):
            return "?"
    info["spin"] = first_line(["spin", "-V"])
    info["gcc"] = first_line(["gcc", "--version"])
    info["wdfcheck"] = first_line([exe, "--version"])
    # The build type and the sources the binary was built from, from its CMakeCache.txt.
    cache = os.path.join(os.path.dirname(os.path.abspath(exe)), "CMakeCache.txt")
    bt, src = "?", REPO
    if os.path.exists(cache):
        with open(cache) as f:
            text = f.read()
        mm = re.search(r"^CMAKE_BUILD_TYPE:STRING=(.*)$", text, re.M)
        bt = mm.group(1) if mm else "?"
        mm = re.search(r"^CMAKE_HOME_DIRECTORY:INTERNAL=(.*)$", text, re.M)
        src = mm.group(1) if mm else src
    info["build_type"] = bt
    info["source"] = src
    commit = first_line(["git", "-C", src, "rev-parse", "--short", "HEAD"])
    if commit.startswith("fatal") or commit == "?":
        info["commit"] = f"sources in {src}, not a git checkout"
    else:
        dirty = subprocess.run(["git", "-C", src, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        info["commit"] = commit + (" + uncommitted changes" if dirty else "")
    return info


def parse_model(spec):
    parts = spec.split(":")
    if len(parts) not in (3, 4) or parts[0] not in gen.FAMILIES:
        raise argparse.ArgumentTypeError(
            f"bad model {spec!r}: expected FAMILY:N:K[:first|full], FAMILY one of {', '.join(gen.FAMILIES)}")
    mode = parts[3] if len(parts) == 4 else ("first" if gen.EXPECTED[parts[0]] != "clean" else "full")
    if mode not in ("first", "full"):
        raise argparse.ArgumentTypeError(f"bad mode {mode!r}: expected first or full")
    return (parts[0], int(parts[1]), int(parts[2]), mode, True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wdfcheck", default=os.environ.get("WDFCHECK", os.path.join(REPO, "build", "wdfcheck")),
                    help="the wdfcheck binary (default: $WDFCHECK or build/wdfcheck); use a Release build")
    ap.add_argument("--quick", action="store_true", help="small sizes only: seconds per model, under a minute in all")
    ap.add_argument("--model", action="append", type=parse_model, metavar="FAMILY:N:K[:first|full]",
                    help="run this model instead of the table (repeatable)")
    ap.add_argument("--families", help="comma-separated: keep only these families of the table")
    ap.add_argument("--time-limit", type=float, default=None,
                    help="seconds per run of each tool (default 60; 20 with --quick)")
    ap.add_argument("--memory-limit", type=int, default=8192,
                    help="MB, for pan (-DMEMLIM) and wdfcheck (--memory-limit); default 8192 (8 GB)")
    ap.add_argument("--threads", type=int, default=2, help="wdfcheck --threads (default 2)")
    ap.add_argument("--one-thread-max", type=float, default=20.0,
                    help="also time wdfcheck --threads 1 on the marked (largest) models whose main run "
                         "finished within this many seconds; 0 disables (default 20)")
    ap.add_argument("--hash-w", type=int, default=None, help="pan -w (default: pan's own, -w24)")
    ap.add_argument("--workdir", default=None, help="where models are generated and compiled "
                    "(default: /tmp/wdfcheck-bench, kept; with --quick a temporary directory, removed)")
    ap.add_argument("--output", "-o", help="also write the Markdown report to this file")
    ap.add_argument("--json", help="also write the raw measurements to this file")
    ap.add_argument("--no-spin", action="store_true", help="run wdfcheck only")
    ap.add_argument("--sweep", type=int, default=32, metavar="NMAX",
                    help="after the table, time wdfcheck --first on autoserial(N,4) for every N from 1 "
                         "to NMAX (wdfcheck only; default 32, 0 disables; not with --model/--mutants)")
    ap.add_argument("--mutants", action="store_true",
                    help="run the mutant of each model instead (gen.py --mutant: the verdict changes), "
                         "searching fully, to check that both tools find the same bugs")
    ap.add_argument("--render", metavar="FILE.json",
                    help="measure nothing: print the report of an earlier run saved with --json")
    args = ap.parse_args(argv)

    if args.render:
        with open(args.render) as f:
            saved = json.load(f)
        args.time_limit = float(saved["args"]["time_limit"])
        print(saved["header"])
        print(markdown(saved["rows"], args))
        if saved.get("sweep"):
            print()
            print(saved["sweep"])
        for b in saved.get("problems", []):
            print(f"\nPROBLEM: {b}")
        return 0

    if args.time_limit is None:
        args.time_limit = 20.0 if args.quick else 60.0
    exe = os.path.abspath(args.wdfcheck)
    if not os.access(exe, os.X_OK):
        print(f"run.py: no wdfcheck binary at {exe}; build it or pass --wdfcheck", file=sys.stderr)
        return 2
    for tool in (["/usr/bin/time"] + ([] if args.no_spin else ["spin", "gcc"])):
        if not shutil.which(tool):
            print(f"run.py: {tool} not found (Debian: apt-get install time spin gcc)", file=sys.stderr)
            return 2

    table = args.model or (QUICK_TABLE if args.quick else DEFAULT_TABLE)
    if args.families:
        keep = set(args.families.split(","))
        table = [t for t in table if t[0] in keep]
    cleanup = None
    if args.workdir:
        workdir = args.workdir
    elif args.quick:
        workdir = cleanup = tempfile.mkdtemp(prefix="wdfcheck-bench-")
    else:
        workdir = os.path.join(tempfile.gettempdir(), "wdfcheck-bench")
    os.makedirs(workdir, exist_ok=True)
    try:
        return run_table(args, exe, table, workdir)
    finally:
        if cleanup:
            shutil.rmtree(cleanup, ignore_errors=True)


def run_table(args, exe, table, workdir):
    info = machine_info(exe)
    print(f"# wdfcheck vs SPIN, {info['date']}", flush=True)
    print(f"# {info['cpu']}, {info['cores']} cores, {info['memory']}, load {info['load']}", flush=True)
    print(f"# {info['wdfcheck']} ({info['build_type']}, {info['commit']}), {info['spin']}, {info['gcc']}",
          flush=True)

    rows = []
    bad = []
    for family, n, k, mode, one_thread in table:
        mutant = args.mutants
        if mutant:
            mode = "full"
        name = f"{family}({n},{k})" + (" mutant" if mutant else "")
        mdir = os.path.join(workdir, f"{family}-{n}-{k}" + ("-mutant" if mutant else ""))
        scen, pml = gen.generate(family, n, k, mdir, mutant)
        row = {"family": family, "n": n, "k": k, "mode": mode, "mutant": mutant}
        print(f"# {name} {mode}: wdfcheck ...", end="", flush=True, file=sys.stderr)
        row["wdfcheck"] = run_wdfcheck(exe, scen, mode, args.threads, args.time_limit, args.memory_limit)
        w = row["wdfcheck"]
        print(f" {w['verdict']} {fmt_secs(w['wall'])} s", end="", flush=True, file=sys.stderr)
        if (one_thread and args.one_thread_max > 0 and args.threads != 1 and done(w)
                and w["wall"] is not None and w["wall"] <= args.one_thread_max):
            row["wdfcheck1"] = run_wdfcheck(exe, scen, mode, 1, args.time_limit, args.memory_limit)
            print(f" (1 thread {fmt_secs(row['wdfcheck1']['wall'])} s)", end="", flush=True, file=sys.stderr)
        if args.no_spin:
            row["spin"] = {"wall": None, "rss_kb": None, "states": None, "verdict": "not run"}
        else:
            print("; spin ...", end="", flush=True, file=sys.stderr)
            secs, err = compile_pan(pml, args.memory_limit, [])
            if err:
                row["spin"] = {"wall": None, "rss_kb": None, "states": None, "verdict": "error", "error": err}
            else:
                row["compile"] = secs
                row["spin"] = run_pan(pml, mode, gen.depth_bound(family, n, k), args.time_limit,
                                      args.memory_limit, args.hash_w)
            s = row["spin"]
            print(f" {s['verdict']} {fmt_secs(s['wall'])} s", end="", flush=True, file=sys.stderr)
        print("", file=sys.stderr, flush=True)
        for tool in ("wdfcheck", "spin"):
            expected = gen.expected(family, tool, mutant, n)
            r = row[tool]
            if r["verdict"] == "error":
                bad.append(f"{name}: {tool} failed: {r.get('error')}")
            elif finished(r) and r["verdict"] != expected:
                bad.append(f"{name}: {tool} says {r['verdict']}, expected {expected}")
        rows.append(row)

    sweep_md = ""
    if args.sweep > 0 and not args.model and not args.mutants:
        sweep_md = autoserial_sweep(exe, args, workdir, bad)
    table_md = markdown(rows, args)
    try:
        with open("/proc/loadavg") as f:
            load_end = " ".join(f.read().split()[:3])
    except OSError:
        load_end = "?"
    header = (f"Measured {info['date']} on {info['cpu']} ({info['cores']} cores, {info['memory']}; "
              f"load average {info['load']} at the start, {load_end} at the end), {info['os']}.\n"
              f"{info['wdfcheck']} ({info['build_type']} build, commit {info['commit']}), "
              f"--threads {args.threads}; {info['spin']}; {info['gcc']}.\n"
              f"Per-run time limit {args.time_limit:g} s, memory limit {args.memory_limit} MB.\n")
    print()
    print(header)
    print(table_md)
    if sweep_md:
        print()
        print(sweep_md)
    if bad:
        print()
        for b in bad:
            print(f"PROBLEM: {b}")
    if args.output:
        with open(args.output, "w") as f:
            f.write(header + "\n" + table_md + "\n")
            if sweep_md:
                f.write("\n" + sweep_md + "\n")
            for b in bad:
                f.write(f"\nPROBLEM: {b}\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": info, "args": vars(args), "rows": rows, "header": header,
                       "sweep": sweep_md, "problems": bad}, f, indent=1, default=str)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
