#!/usr/bin/python3
"""Whole-corpus guards (run by CTest from the project root):

  corpus_check.py determinism WDFCHECK   the JSON results of the example and regression
                                         corpus are byte-identical across two runs with one
                                         thread and one with two threads (timing aside)
  corpus_check.py sharding WDFCHECK      running the corpus as 3 shards (split as early as
                                         possible) and merging gives the unsharded verdicts
                                         and finding sets, and the merged counterexamples
                                         replay
"""
import glob
import json
import os
import subprocess
import sys
import tempfile


def corpus():
    paths = sorted(glob.glob("scenarios/examples/*.scenario") + glob.glob("scenarios/regression/*.scenario"))
    assert len(paths) >= 60, "expected the whole corpus, found %d scenarios" % len(paths)
    return paths


def run_json(wdfcheck, args):
    r = subprocess.run([wdfcheck, "run", "-q", "--format", "json"] + args, capture_output=True, text=True)
    assert r.returncode in (0, 1), "wdfcheck %s exited %d: %s" % (args[:4], r.returncode, r.stderr)
    return r.stdout


def without_timing(text):
    doc = json.loads(text)
    for res in doc["results"]:
        res.pop("timing")
    return json.dumps(doc, indent=1)


def check_determinism(wdfcheck):
    paths = corpus()
    runs = [without_timing(run_json(wdfcheck, ["--threads", t] + paths)) for t in ("1", "1", "2")]
    assert runs[0] == runs[1], "two runs with one thread differ"
    assert runs[0] == runs[2], "one thread and two threads differ"
    print("%d scenarios: byte-identical results over 3 runs (1, 1 and 2 threads)" % len(paths))


def finding_set(result):
    return sorted((f["kind"], f["subject"], tuple(f.get("locks", [])), f.get("status", "")) for f in result["findings"])


def check_sharding(wdfcheck):
    paths = corpus()
    whole = json.loads(run_json(wdfcheck, paths))
    with tempfile.TemporaryDirectory() as tmp:
        shards = []
        for i in (1, 2, 3):
            out = os.path.join(tmp, "shard%d.json" % i)
            with open(out, "w") as f:
                f.write(run_json(wdfcheck, ["--shard", "%d/3" % i, "--shard-width", "1", "--threads", str(1 + i % 2)] + paths))
            shards.append(out)
        r = subprocess.run([wdfcheck, "merge", "--format", "json", "-o", os.path.join(tmp, "merged.json")] + shards,
                           capture_output=True, text=True)
        assert r.returncode in (0, 1), "merge exited %d: %s" % (r.returncode, r.stderr)
        with open(os.path.join(tmp, "merged.json")) as f:
            merged = json.load(f)
        assert len(merged["results"]) == len(whole["results"])
        split = 0
        for a, b in zip(whole["results"], merged["results"]):
            assert a["file"] == b["file"]
            assert a["verdict"] == b["verdict"], "%s: %s unsharded, %s merged" % (a["file"], a["verdict"], b["verdict"])
            assert finding_set(a) == finding_set(b), "%s: findings differ:\n%s\n%s" % (a["file"], finding_set(a), finding_set(b))
            assert [(e["from"], e["to"], e["guarded"], e["onCycle"]) for e in a["lockOrder"]] == \
                   [(e["from"], e["to"], e["guarded"], e["onCycle"]) for e in b["lockOrder"]], "%s: lock-order graphs differ" % a["file"]
            split += 1 if "merged" in b and b["merged"]["split"] else 0
        r = subprocess.run([wdfcheck, "replay", os.path.join(tmp, "merged.json")], capture_output=True, text=True)
        assert r.returncode in (0, 1), "replay of the merged result failed:\n" + r.stdout + r.stderr
        last = r.stdout.strip().splitlines()[-1]
        assert split >= 15, "only %d scenarios were split into shards" % split
        print("%d of %d scenarios split; merged shards give the unsharded verdicts and findings; replay: %s" % (split, len(paths), last))


if __name__ == "__main__":
    check, wdfcheck = sys.argv[1], sys.argv[2]
    {"determinism": check_determinism, "sharding": check_sharding}[check](wdfcheck)
