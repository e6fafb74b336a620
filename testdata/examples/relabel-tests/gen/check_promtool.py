#!/usr/bin/env python3
"""Check the relabel test files in testdata/examples/relabel-tests against the real promtool.

What it does
  For each test file given (default: every *.test.yml under the examples folder, the failing
  example included), takes its rules (inline `relabel_configs`/`metric_relabel_configs`, or the
  job's rules from the `config:` file; `scrape_config_files` are not followed) and its tests, and
  asks Debian's promtool 2.42 what the rules make of each input:

  * One promtool run per test, in a scratch folder under /tmp holding a prometheus.yml with
    one file_sd job `j` and one target file. (One run per test because promtool 2.42's
    discoveredLabels can show labels changed by relabeling, so targets of one run cannot be
    told apart reliably.)
  * Target population must change nothing before the rules. Each input goes into the target
    file as it is; for every label that file SD or population adds and the input lacks
    (__address__, job, __scheme__, __metrics_path__, __scrape_interval__, __scrape_timeout__,
    __meta_filepath) a marker label asks a prefix rule to delete it again, and a labeldrop
    removes the markers. An input without __address__ gets a placeholder address that the
    prefix deletes.
  * After the test's rules, sentinel rules copy every label to ORACLE_<name> and set a fixed
    address, interval and timeout, so that promtool's final `labels` reveal the exact relabel
    output (as testdata/relabel/gen/record.py does); `labels == {}` means dropped.
  * dropped_by: the rules are run again cut after rule k, for every k; the first k whose
    prefix drops the target is the rule that dropped it.

  Prints one line per test, OK or MISMATCH with promtool's outcome, and exits 1 on any
  mismatch in a file not under failing/ (the failing example is expected to mismatch: its
  lines show the real outcomes its report must state).

    python3 testdata/examples/relabel-tests/gen/check_promtool.py [FILE.test.yml ...]

Environment: PROMTOOL (default /opt/prometheus-2.42/usr/bin/promtool), SD_TIMEOUT (promtool's
--timeout, default 500ms).
Needs PyYAML. The rules must mean the same in 2.42 and 3.x (no `.` meeting a newline, legacy
names only), which holds for every example here.
"""

import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

PROMTOOL = os.environ.get("PROMTOOL", "/opt/prometheus-2.42/usr/bin/promtool")
HERE = Path(__file__).resolve().parent.parent
ADDED = ["__address__", "job", "__scheme__", "__metrics_path__", "__scrape_interval__",
         "__scrape_timeout__"]
PLACEHOLDER_ADDRESS = "placeholder.invalid:1"
TIMEOUT = os.environ.get("SD_TIMEOUT", "500ms")
SENTINEL = [
    {"action": "labelmap", "regex": "(.*)", "replacement": "ORACLE_$1"},
    {"target_label": "__address__", "replacement": "oracle:1"},
    {"target_label": "__scrape_interval__", "replacement": "1m"},
    {"target_label": "__scrape_timeout__", "replacement": "10s"},
]


def prefix_rules():
    rules = []
    for name in ADDED:
        rules.append({"source_labels": ["__oracle_absent_" + name], "regex": "y",
                      "target_label": name, "replacement": ""})
    rules.append({"action": "labeldrop", "regex": "__oracle_.*|__meta_filepath"})
    return rules


def rules_of(test_file, doc):
    if "relabel_configs" in doc:
        return doc["relabel_configs"] or []
    if "metric_relabel_configs" in doc:
        return doc["metric_relabel_configs"] or []
    config = yaml.safe_load((test_file.parent / doc["config"]).read_text())
    key = doc.get("rules") or "relabel_configs"
    for sc in config.get("scrape_configs") or []:
        if sc.get("job_name") == doc["job"]:
            return sc.get(key) or []
    raise SystemExit(f"{test_file}: job {doc['job']!r} not found")


def run_promtool(rules, test):
    """promtool's outcome for one test: a dict of labels, or None when dropped."""
    labels = {k: str(v) for k, v in (test.get("input") or {}).items()
              if v is not None and str(v) != ""}
    address = labels.pop("__address__", None)
    for name in ADDED:
        present = address is not None if name == "__address__" else name in labels
        if not present:
            labels["__oracle_absent_" + name] = "y"
    group = {"targets": [address or PLACEHOLDER_ADDRESS], "labels": labels}
    config = {"scrape_configs": [{
        "job_name": "j",
        "file_sd_configs": [{"files": ["t.json"]}],
        "relabel_configs": prefix_rules() + rules + SENTINEL,
    }]}
    with tempfile.TemporaryDirectory(prefix="relabel-tests-") as tmp:
        tmp = Path(tmp)
        (tmp / "t.json").write_text(json.dumps([group]))
        (tmp / "prometheus.yml").write_text(yaml.safe_dump(config, sort_keys=False))
        proc = subprocess.run(
            [PROMTOOL, "check", "service-discovery", f"--timeout={TIMEOUT}", "prometheus.yml",
             "j"], cwd=tmp, capture_output=True, text=True)
    results = json.loads(proc.stdout) if proc.returncode == 0 else None
    if not results or len(results) != 1:
        raise SystemExit(f"promtool failed or found no target:\n{proc.stdout}\n{proc.stderr}")
    out = results[0]["labels"]
    if not out:
        return None
    return {k[len("ORACLE_"):]: v for k, v in out.items() if k.startswith("ORACLE_")}


def outcome(rules, test):
    """(labels or None, index of the dropping rule or None)."""
    got = run_promtool(rules, test)
    if got is not None:
        return got, None
    # the first prefix of the rules that drops the target ends with the dropping rule
    for k in range(len(rules)):
        if run_promtool(rules[:k + 1], test) is None:
            return None, k
    raise SystemExit("dropped by the whole list but by no prefix: " + test["name"])


def check(test_file):
    doc = yaml.safe_load(test_file.read_text())
    rules = rules_of(test_file, doc)
    tests = doc["tests"]
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        outcomes = list(pool.map(lambda t: outcome(rules, t), tests))
    bad = 0
    for t, (got, by) in zip(tests, outcomes):
        if got is None:
            actual = f"dropped by rule #{by}"
            ok = t.get("dropped") is True and t.get("dropped_by", by) == by
        else:
            actual = json.dumps(got, sort_keys=True)
            if "output" in t:
                ok = {k: str(v) for k, v in (t["output"] or {}).items() if str(v) != ""} == got
            elif "output_contains" in t:
                ok = all(got.get(k, "") == ("" if v is None else str(v))
                         for k, v in (t["output_contains"] or {}).items())
            else:
                ok = False
        bad += not ok
        print(f"{'OK' if ok else 'MISMATCH':8} {test_file.name}: {t['name']}"
              + ("" if ok else f"\n         promtool: {actual}"))
    return bad


def main():
    files = [Path(a) for a in sys.argv[1:]] or sorted(HERE.rglob("*.test.yml"))
    failed = 0
    for f in files:
        bad = check(f)
        if bad and "failing" not in f.parts:
            failed += 1
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
