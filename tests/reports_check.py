#!/usr/bin/python3
"""Checks of the report formats that need tools outside C++ (run by CTest):

  reports_check.py sarif WDFCHECK    every example and regression scenario with findings gives
                                     SARIF that validates against the official 2.1.0 schema
  reports_check.py replay WDFCHECK   every counterexample of those scenarios replays
  reports_check.py html WDFCHECK     the HTML report of the forum design loads in headless
                                     Chromium with no console errors and shows its lanes
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def scenarios_with_findings(wdfcheck):
    out = []
    for path in sorted(glob.glob("scenarios/examples/*.scenario") + glob.glob("scenarios/regression/*.scenario")):
        r = subprocess.run([wdfcheck, "run", "-q", "--format", "json", path], capture_output=True, text=True)
        doc = json.loads(r.stdout)
        if any(res["findings"] for res in doc["results"]):
            out.append(path)
    return out


def check_sarif(wdfcheck):
    import jsonschema
    with open(os.path.join(ROOT, "tests", "data", "sarif-schema-2.1.0.json")) as f:
        schema = json.load(f)
    paths = scenarios_with_findings(wdfcheck)
    assert len(paths) >= 20, "expected at least 20 buggy scenarios, found %d" % len(paths)
    for path in paths:
        r = subprocess.run([wdfcheck, "run", "-q", "--format", "sarif", path], capture_output=True, text=True)
        doc = json.loads(r.stdout)
        jsonschema.validate(doc, schema)
        results = doc["runs"][0]["results"]
        assert results, path + ": no SARIF results"
        for res in results:
            assert res["ruleId"] in [rule["id"] for rule in doc["runs"][0]["tool"]["driver"]["rules"]]
            if res["ruleId"] != "config":
                assert res.get("codeFlows"), path + ": a result without its counterexample"
        print("valid SARIF:", path, len(results), "results")


def check_replay(wdfcheck):
    paths = scenarios_with_findings(wdfcheck)
    total = 0
    for path in paths:
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as t:
            trace = t.name
        subprocess.run([wdfcheck, "run", "-q", "--format", "json", "-o", trace, path], capture_output=True)
        r = subprocess.run([wdfcheck, "replay", trace], capture_output=True, text=True)
        os.unlink(trace)
        last = r.stdout.strip().splitlines()[-1]
        done, of_total = last.split(" findings reproduced")[0].split(" of ")
        assert done == of_total, path + ": " + r.stdout + r.stderr
        expected_rc = 1 if int(of_total) > 0 else 0
        assert r.returncode == expected_rc, path + ": replay exit code %d" % r.returncode
        total += int(of_total)
        print("replayed:", path, last)
    assert total >= 25, "expected at least 25 counterexamples, replayed %d" % total


def check_html(wdfcheck):
    chromium = "/usr/bin/chromium"
    assert os.path.exists(chromium), "Chromium is not installed (scripts/install-deps.sh installs it)"
    with tempfile.TemporaryDirectory() as tmp:
        page = os.path.join(tmp, "forum.html")
        subprocess.run([wdfcheck, "run", "-q", "--format", "html", "-o", page, "scenarios/examples/osr-forum.scenario"],
                       capture_output=True)
        r = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--user-data-dir=" + os.path.join(tmp, "profile"), "--enable-logging=stderr", "--v=0",
                            "--virtual-time-budget=2000", "--dump-dom", "file://" + page],
                           capture_output=True, text=True, timeout=120)
        console = [l for l in r.stderr.splitlines() if "CONSOLE" in l or "Uncaught" in l]
        assert not console, "console messages:\n" + "\n".join(console)
        dom = r.stdout
        for lane in ["thread Events", "EvtWorkItem of WA", "EvtWorkItem of WB"]:
            assert 'class="lane-name" title="%s"' % lane in dom, "lane missing: " + lane
        assert dom.count('class="step racing"') == 2, "the two racing accesses are not highlighted"
        assert "TotalWork" in dom
        print("HTML loads with lanes:", page)


if __name__ == "__main__":
    os.chdir(ROOT)
    {"sarif": check_sarif, "replay": check_replay, "html": check_html}[sys.argv[1]](os.path.abspath(sys.argv[2]))
