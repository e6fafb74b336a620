#!/usr/bin/env python3
"""Record the Prometheus 2.42 relabel conformance corpus from the real promtool.

What it does
  Defines every relabel case (hand-listed edge cases, grouped by topic, plus seeded random
  rule chains), writes scratch configs under a temporary folder in /tmp (never into the
  repository), runs Debian's promtool 2.42 on them and writes the fixture files
  testdata/relabel/promtool-2.42/<topic>.yaml in the format of testdata/README.md.

  * Valid cases are grouped by identical rules text. Each group gets one folder with a
    prometheus.yml holding one job `j` whose file_sd_configs list one JSON file per case
    (t0.json, t1.json, ...; one group with one target each). Every input carries the job
    defaults explicitly (job, __scheme__, __metrics_path__, __scrape_interval__,
    __scrape_timeout__) and __meta_filepath equal to what file SD sets, so target
    population changes nothing before the rules. After the case's rules the recorder appends
    sentinel rules (labelmap '(.*)' -> 'ORACLE_$1', then fixed __address__, interval and
    timeout), runs `promtool check service-discovery --timeout=200ms prometheus.yml j` in
    the folder, and reads each case's relabel output back from the ORACLE_* labels
    (`labels == {}` means dropped). Results are matched to cases through
    ORACLE___meta_filepath; ambiguous leftovers are re-run one case per run.
  * Invalid cases get one folder each; `promtool check config prometheus.yml` must exit 1,
    and the message after `FAILED: parsing YAML file prometheus.yml: ` is stored (YAML
    unmarshal errors: the text after `line N: ` plus error_line renumbered to the rules).

Run from anywhere (the repository root is found from this file's path):

    python3 testdata/relabel/gen/record.py              # regenerate every fixture file
    python3 testdata/relabel/gen/record.py --verify-sentinel   # also re-run a sample of
                                                        # valid cases without sentinels
    python3 testdata/relabel/gen/record.py --check      # schema self-check of the files

Environment: PROMTOOL (default /opt/prometheus-2.42/usr/bin/promtool; fetch it with
/work/shared/perf/get-promtool.sh), RECORD_JOBS (parallel promtool runs, default 16).
Deterministic: fixed seeds, fixed case order; the only line that varies between runs on
different days is the `date:` line of the provenance comment.
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROMTOOL = os.environ.get("PROMTOOL", "/opt/prometheus-2.42/usr/bin/promtool")
JOBS = int(os.environ.get("RECORD_JOBS", "16"))
REPO = Path(__file__).resolve().parents[3]
OUTDIR = REPO / "testdata" / "relabel" / "promtool-2.42"

SD_TIMEOUTS = ["200ms", "500ms", "1s", "3s", "10s"]
DEFAULTS = {
    "job": "j",
    "__scheme__": "http",
    "__metrics_path__": "/metrics",
    "__scrape_interval__": "1m",
    "__scrape_timeout__": "10s",
}
DEFAULT_ADDR = "10.0.0.1:9100"
NO_ADDR = object()  # marker: the target is "" (no __address__)

SENTINEL = (
    "- {action: labelmap, regex: '(.*)', replacement: 'ORACLE_$1'}\n"
    "- {target_label: __address__, replacement: 'oracle:1'}\n"
    "- {target_label: __scrape_interval__, replacement: 1m}\n"
    "- {target_label: __scrape_timeout__, replacement: 10s}\n"
)
# In the config, the rules text starts on this line (1-based), see config_text().
RULES_FIRST_LINE = 4

TOPIC_TITLES = {
    "replace": "replace action",
    "keep-drop": "keep and drop actions",
    "equal": "keepequal and dropequal actions",
    "hashmod": "hashmod action",
    "labelmap": "labelmap action",
    "labeldrop-labelkeep": "labeldrop and labelkeep actions",
    "case": "lowercase and uppercase actions",
    "templates": "$-template expansion (Go regexp.Expand) in replacement and target_label",
    "regex": "regex dialect (Go RE2 as wrapped by Prometheus 2.42: ^(?:RE)$)",
    "defaults-and-parsing": "field defaults and YAML parsing of relabel rules",
    "chains-random": "seeded random rule chains (3-10 rules) over random inputs",
    "invalid": "rules rejected when the configuration is loaded",
}


# --------------------------------------------------------------------------------------
# Case registry
# --------------------------------------------------------------------------------------

class Case:
    __slots__ = ("topic", "name", "rules", "labels", "invalid", "input", "fname",
                 "result", "error", "error_line")

    def __init__(self, topic, name, rules, labels, invalid):
        self.topic = topic
        self.name = name
        self.rules = rules
        self.labels = labels
        self.invalid = invalid
        self.input = None
        self.fname = None
        self.result = None  # dict (output) or "dropped"
        self.error = None
        self.error_line = None


CASES = []
_NAMES = set()


def _norm_rules(rules):
    if not rules.endswith("\n"):
        rules += "\n"
    return rules


def V(topic, name, rules, labels=None, addr=DEFAULT_ADDR):
    """A valid case: `labels` are the input labels besides the defaults/address."""
    labels = dict(labels or {})
    assert (topic, name) not in _NAMES, (topic, name)
    _NAMES.add((topic, name))
    assert topic != "invalid"
    for k, v in labels.items():
        assert not k.startswith("ORACLE_"), k
        assert re.fullmatch(r"[a-zA-Z_][a-zA-Z0-9_]*", k), k
        assert isinstance(v, str), (name, k, v)
        if k in DEFAULTS:
            assert v != "", "a default label cannot be empty in the input: " + name
    assert "__meta_filepath" not in labels
    if "__address__" in labels:
        addr = labels.pop("__address__")
    if addr is not NO_ADDR:
        labels["__address__"] = addr
    rules = _norm_rules(rules)
    first = [l for l in rules.split("\n") if l.strip() and not l.startswith("#")][0]
    assert first.startswith("- "), name  # a block list, so the sentinels can be appended
    assert "ORACLE_" not in rules
    c = Case(topic, name, rules, labels, False)
    CASES.append(c)
    return c


def E(name, rules, topic="invalid"):
    """An invalid case: promtool check config must reject the rules."""
    assert (topic, name) not in _NAMES, (topic, name)
    _NAMES.add((topic, name))
    c = Case(topic, name, _norm_rules(rules), None, True)
    CASES.append(c)
    return c


# --------------------------------------------------------------------------------------
# YAML helpers (for rules we generate and for the fixture files)
# --------------------------------------------------------------------------------------

_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PLAIN_VAL = re.compile(r"[A-Za-z_/][A-Za-z0-9_./-]*")


def _needs_escape(ch):
    o = ord(ch)
    return (o < 0x20 or o == 0x7F or 0x80 <= o < 0xA0 or o in (0x2028, 0x2029, 0xFEFF)
            or 0xD800 <= o < 0xE000 or o in (0xFFFE, 0xFFFF))


def dq(s):
    """A YAML double-quoted scalar that every YAML 1.1/1.2 parser reads back as `s`."""
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif _needs_escape(ch):
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def sq(s):
    """Single-quoted YAML scalar when possible (keeps regex backslashes readable)."""
    if any(_needs_escape(c) or c in "\n\t" for c in s):
        return dq(s)
    return "'" + s.replace("'", "''") + "'"


def ykey(k):
    if _PLAIN_KEY.fullmatch(k) and k.lower() not in _RESERVED:
        return k
    return dq(k)


def yval(v):
    if _PLAIN_VAL.fullmatch(v) and v.lower() not in _RESERVED:
        return v
    return dq(v)


def rule_text(*rules):
    """Block-style rules text from dicts (values: str, int or list of label names)."""
    lines = []
    for r in rules:
        first = True
        for k, v in r.items():
            if isinstance(v, list):
                s = "[" + ", ".join(v) + "]"
            elif isinstance(v, int):
                s = str(v)
            elif v is None:
                s = ""
            elif k in ("source_labels",):
                s = v
            elif _PLAIN_KEY.fullmatch(v) and v.lower() not in _RESERVED:
                s = v
            else:
                s = sq(v)
            line = ("- " if first else "  ") + k + ":" + (" " + s if s != "" else "")
            lines.append(line)
            first = False
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------
# promtool runs
# --------------------------------------------------------------------------------------

def indent(text, n):
    pad = " " * n
    return "".join(pad + line + "\n" if line else "\n" for line in text.split("\n")[:-1])


def config_text(rules, files=None):
    head = "scrape_configs:\n  - job_name: j\n"
    if files is not None:
        head_sd = "    file_sd_configs:\n      - files: [" + ", ".join(files) + "]\n"
    else:
        head_sd = ""
    # relabel_configs comes first so that the rules start on line RULES_FIRST_LINE.
    return head + "    relabel_configs:\n" + indent(rules, 6) + head_sd


def promtool_version():
    out = subprocess.run([PROMTOOL, "--version"], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()[0].strip()


def write_group_dir(d, cases):
    d.mkdir(parents=True)
    files = []
    for c in cases:
        labels = {k: v for k, v in c.input.items() if k != "__address__"}
        addr = c.input.get("__address__", "")
        (d / c.fname).write_text(json.dumps([{"targets": [addr], "labels": labels}],
                                            ensure_ascii=False, indent=1), encoding="utf-8")
        files.append(c.fname)
    rules = cases[0].rules
    (d / "prometheus.yml").write_text(config_text(rules + SENTINEL, files), encoding="utf-8")


def run_sd(d, n_expected):
    """Run check service-discovery in d; retry with longer timeouts until every group shows."""
    last = None
    for t in SD_TIMEOUTS:
        p = subprocess.run([PROMTOOL, "check", "service-discovery", "--timeout=" + t,
                            "prometheus.yml", "j"], cwd=d, capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError("promtool failed in %s (rc %d): %s" % (d, p.returncode, p.stderr))
        res = json.loads(p.stdout)
        last = res
        if len(res) == n_expected:
            return res
        if len(res) > n_expected:
            raise RuntimeError("%s: more results (%d) than cases (%d)" % (d, len(res), n_expected))
    raise RuntimeError("%s: only %d of %d results: %r" % (d, len(last), n_expected, last))


def decode_result(entry, where):
    if "error" in entry:
        raise RuntimeError("%s: target failed although sentinels were appended: %r" % (where, entry))
    labels = entry["labels"]
    if labels == {}:
        return "dropped"
    if labels.get("__address__") != "oracle:1":
        raise RuntimeError("%s: sentinel address missing: %r" % (where, labels))
    return {k[len("ORACLE_"):]: v for k, v in labels.items() if k.startswith("ORACLE_")}


def record_group(tmp, gi, cases, single=False):
    """Record one rules group; returns the list of cases that could not be mapped."""
    d = tmp / ("g%04d%s" % (gi, "" if not single else "-" + cases[0].fname[:-5]))
    write_group_dir(d, cases)
    res = run_sd(d, len(cases))
    decoded = [decode_result(e, d) for e in res]
    by_file = {c.fname: c for c in cases}
    unresolved_out = []
    n_dropped = 0
    for r in decoded:
        if r == "dropped":
            n_dropped += 1
            continue
        c = by_file.get(r.get("__meta_filepath"))
        if c is not None and c.result is None:
            c.result = r
        else:
            unresolved_out.append(r)
    left = [c for c in cases if c.result is None]
    if not unresolved_out:
        if n_dropped != len(left):
            raise RuntimeError("%s: %d dropped results for %d unmapped cases" % (d, n_dropped, len(left)))
        for c in left:
            c.result = "dropped"
        return []
    if len(left) == 1 and len(unresolved_out) == 1 and n_dropped == 0:
        left[0].result = unresolved_out[0]
        return []
    return left


def record_valid(tmp, cases):
    groups = {}
    for c in cases:
        groups.setdefault(c.rules, []).append(c)
    glist = list(groups.values())
    for g in glist:
        for k, c in enumerate(g):
            c.fname = "t%d.json" % k
            inp = dict(DEFAULTS)
            inp.update(c.labels)
            inp["__meta_filepath"] = c.fname
            c.input = inp
    retry = []
    with concurrent.futures.ThreadPoolExecutor(JOBS) as ex:
        futs = [ex.submit(record_group, tmp, gi, g) for gi, g in enumerate(glist)]
        for gi, f in enumerate(futs):
            left = f.result()
            retry.extend((gi, c) for c in left)
        futs = [ex.submit(record_group, tmp, gi, [c], True) for gi, c in retry]
        for f in futs:
            if f.result():
                raise RuntimeError("single-case run could not be mapped")
    return len(glist), len(retry)


_UNMARSHAL = re.compile(r"yaml: unmarshal errors:\n  line (\d+): (.*)", re.S)
_PREFIX = "FAILED: parsing YAML file prometheus.yml: "


def record_invalid_one(tmp, i, c):
    d = tmp / ("e%04d" % i)
    d.mkdir(parents=True)
    (d / "prometheus.yml").write_text(config_text(c.rules), encoding="utf-8")
    p = subprocess.run([PROMTOOL, "check", "config", "prometheus.yml"], cwd=d,
                       capture_output=True, text=True)
    if p.returncode != 1:
        raise RuntimeError("invalid case %s/%s: exit %d\n%s%s" % (c.topic, c.name, p.returncode,
                                                                  p.stdout, p.stderr))
    err = p.stderr
    at = err.find(_PREFIX)
    if at < 0:
        raise RuntimeError("case %s: unexpected output %r" % (c.name, err))
    msg = err[at + len(_PREFIX):]
    assert msg.endswith("\n")
    msg = msg[:-1]
    m = _UNMARSHAL.fullmatch(msg)
    if m:
        if re.search(r"\n  line \d+: ", m.group(2)):
            raise RuntimeError("case %s: several unmarshal errors: %r" % (c.name, msg))
        c.error = m.group(2)
        c.error_line = int(m.group(1)) - RULES_FIRST_LINE + 1
        assert c.error_line >= 1
    else:
        assert "unmarshal errors" not in msg and not re.match(r"yaml: line \d+", msg), msg
        c.error = msg


def record_invalid(tmp, cases):
    errors = []
    with concurrent.futures.ThreadPoolExecutor(JOBS) as ex:
        for f in [ex.submit(record_invalid_one, tmp, i, c) for i, c in enumerate(cases)]:
            try:
                f.result()
            except RuntimeError as e:
                errors.append(str(e))
    if errors:
        raise RuntimeError("\n".join(errors))


# --------------------------------------------------------------------------------------
# Sentinel check: re-run some cases without the sentinel rules and compare promtool's
# final labels with what the recorded relabel output implies.
# --------------------------------------------------------------------------------------

def _implied_final(out):
    addr = out.get("__address__", "")
    if addr.count(":") != 1 or "/" in addr or "[" in addr:
        return None
    if out.get("__scrape_interval__") != "1m" or out.get("__scrape_timeout__") != "10s":
        return None
    fin = {k: v for k, v in out.items() if not k.startswith("__meta_")}
    fin.setdefault("instance", addr)
    return fin


def verify_sentinel(tmp, cases):
    sample = [c for c in cases if c.result == "dropped"][::7]
    sample += [c for c in cases if c.result != "dropped" and _implied_final(c.result)][::9]
    bad = 0
    for i, c in enumerate(sample):
        d = tmp / ("v%04d" % i)
        d.mkdir(parents=True)
        (d / c.fname).write_text(json.dumps([{"targets": [c.input.get("__address__", "")],
                                              "labels": {k: v for k, v in c.input.items()
                                                         if k != "__address__"}}]),
                                 encoding="utf-8")
        (d / "prometheus.yml").write_text(config_text(c.rules, [c.fname]), encoding="utf-8")
        res = run_sd(d, 1)
        want = {} if c.result == "dropped" else _implied_final(c.result)
        if res[0]["labels"] != want or "error" in res[0]:
            bad += 1
            print("SENTINEL MISMATCH %s/%s: %r vs %r" % (c.topic, c.name, res[0], want))
    print("sentinel check: %d cases re-run without sentinels, %d mismatches" % (len(sample), bad))
    return bad == 0


# --------------------------------------------------------------------------------------
# Fixture writer
# --------------------------------------------------------------------------------------

def block(text, ind):
    ok = all(ch == "\n" or not _needs_escape(ch) for ch in text)
    lines = text.split("\n")[:-1]
    ok = ok and text.endswith("\n") and not text.endswith("\n\n") and lines and \
        not lines[0].startswith((" ", "\t")) and all(not l.endswith((" ", "\t")) for l in lines)
    if not ok:
        return dq(text)
    return "|\n" + "".join((" " * ind + l if l else "") + "\n" for l in lines).rstrip("\n")


def yname(n):
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_./-]*", n) and n.lower() not in _RESERVED:
        return n
    return dq(n)


def labels_yaml(d, ind):
    if not d:
        return " {}"
    pad = " " * ind
    return "".join("\n" + pad + ykey(k) + ": " + yval(d[k])
                   for k in sorted(d, key=lambda s: [ord(ch) for ch in s]))


def write_fixtures(cases, version, today):
    OUTDIR.mkdir(parents=True, exist_ok=True)
    topics = {}
    for c in cases:
        topics.setdefault(c.topic, []).append(c)
    counts = {}
    for topic, cs in topics.items():
        invalid = topic == "invalid"
        cmd = ("promtool check config prometheus.yml   (one config per case; exit code 1)"
               if invalid else
               "promtool check service-discovery --timeout=200ms prometheus.yml j   "
               "(in the config's folder; file_sd_configs; sentinel rules appended; "
               "a longer --timeout only if results are missing)")
        head = [
            "# Relabel conformance cases: %s." % TOPIC_TITLES[topic],
            "# Recorded from: %s" % version,
            "# Command: %s" % cmd,
            "# Date: %s" % today,
            "# Method: testdata/README.md (Relabel case files)." + (
                " Nothing reaches relabeling when the rules are rejected, so input is {}."
                if invalid else ""),
            "# generated by testdata/relabel/gen/record.py; do not edit by hand",
            "compat: 2",
            "cases:",
        ]
        out = ["\n".join(head)]
        for c in cs:
            s = "  - name: " + yname(c.name) + "\n"
            s += "    rules: " + block(c.rules, 6) + "\n"
            if invalid:
                s += "    input: {}\n"
                s += "    error: " + dq(c.error) + "\n"
                if c.error_line is not None:
                    s += "    error_line: %d\n" % c.error_line
            else:
                s += "    input:" + labels_yaml(c.input, 6) + "\n"
                if c.result == "dropped":
                    s += "    dropped: true\n"
                else:
                    s += "    output:" + labels_yaml(c.result, 6) + "\n"
            out.append(s.rstrip("\n"))
        text = "\n".join(out) + "\n"
        path = OUTDIR / (topic + ".yaml")
        path.write_text(text, encoding="utf-8")
        check_roundtrip(path, cs)
        counts[topic] = len(cs)
    return counts


def check_roundtrip(path, cs):
    import yaml
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["compat"] == 2 and len(doc["cases"]) == len(cs), path
    for c, d in zip(cs, doc["cases"]):
        assert d["name"] == c.name and d["rules"] == c.rules, (path, c.name)
        if c.invalid:
            assert d["input"] == {}, c.name
            assert d["error"] == c.error and d.get("error_line") == c.error_line, c.name
        else:
            assert d["input"] == c.input, c.name
            if c.result == "dropped":
                assert d["dropped"] is True
            else:
                assert (d["output"] or {}) == c.result, c.name


# --------------------------------------------------------------------------------------
# The cases
# --------------------------------------------------------------------------------------

def define_cases():
    define_replace()
    define_keep_drop()
    define_equal()
    define_hashmod()
    define_labelmap()
    define_labeldrop_labelkeep()
    define_case()
    define_templates()
    define_regex()
    define_defaults_and_parsing()
    define_random_chains()
    define_invalid()



def define_replace():
    t = "replace"
    copy = "- source_labels: [a]\n  target_label: b\n"
    V(t, "default-regex-copies-value", copy, {"a": "x"})
    V(t, "default-regex-overwrites-target", copy, {"a": "x", "b": "old"})
    V(t, "missing-source-deletes-target", copy, {"b": "old"})
    V(t, "missing-source-no-target-no-change", copy, {"c": "z"})
    V(t, "copies-unicode-value", copy, {"a": "żółć ☃ 😀 中文"})
    V(t, "newline-value-default-regex-does-not-match", copy, {"a": "x\ny", "b": "old"})
    V(t, "newline-value-default-regex-no-target", copy, {"a": "x\ny"})
    V(t, "trailing-newline-value-does-not-match", copy, {"a": "x\n", "b": "old"})
    V(t, "value-with-dollars-is-not-a-template", copy, {"a": "$1 ${2} $$ $"})
    V(t, "value-with-special-chars", copy, {"a": "a;b:c/d?e=f&g#h \"q\" 'r' \\s"})
    V(t, "value-with-tab-and-cr", copy, {"a": "tab\there\rcr"})

    multi = "- source_labels: [a, nope, b]\n  target_label: t\n"
    V(t, "missing-middle-source-joins-empty", multi, {"a": "A", "b": "B"})
    V(t, "all-sources-missing-joins-separators", multi, {"c": "C"})
    V(t, "all-sources-present", multi, {"a": "A", "nope": "N", "b": "B"})
    two = "- source_labels: [a, b]\n  target_label: t\n"
    V(t, "two-sources-missing-gives-separator", two, {})
    V(t, "two-sources-first-missing", two, {"b": "B"})
    V(t, "two-sources-second-missing", two, {"a": "A"})
    V(t, "two-sources-value-contains-separator", two, {"a": "x;y", "b": "z"})
    for nm, sep in [("dash", "'-'"), ("empty", "''"), ("multi-char", "'::'"),
                    ("unicode", "' → '"), ("newline", '"\\n"'), ("space", "' '"),
                    ("dollar", "'$1'")]:
        r = "- source_labels: [a, b]\n  separator: %s\n  target_label: t\n" % sep
        V(t, "separator-" + nm, r, {"a": "A", "b": "B"})
    V(t, "separator-empty-one-missing",
      "- source_labels: [a, b]\n  separator: ''\n  target_label: t\n", {"b": "B"})
    V(t, "separator-null-key-without-value",
      "- source_labels: [a, b]\n  separator:\n  target_label: t\n", {"a": "A", "b": "B"})
    V(t, "separator-tilde-null",
      "- source_labels: [a, b]\n  separator: ~\n  target_label: t\n", {"a": "A", "b": "B"})
    V(t, "separator-newline-default-regex-no-match",
      "- source_labels: [a, b]\n  separator: \"\\n\"\n  target_label: t\n",
      {"a": "A", "b": "B", "t": "old"})

    const = "- target_label: t\n  replacement: v\n"
    V(t, "no-source-constant-sets-label", const, {})
    V(t, "no-source-constant-overwrites", const, {"t": "old"})
    V(t, "no-source-default-replacement-deletes-target", "- target_label: t\n", {"t": "old"})
    V(t, "no-source-default-replacement-no-target", "- target_label: t\n", {"u": "x"})
    V(t, "empty-replacement-deletes-target",
      "- target_label: t\n  replacement: ''\n", {"t": "old", "u": "keep"})
    V(t, "empty-replacement-deletes-job", "- target_label: job\n  replacement: ''\n", {})
    V(t, "empty-replacement-deletes-address",
      "- target_label: __address__\n  replacement: ''\n", {})
    V(t, "null-replacement-deletes-target",
      "- source_labels: [a]\n  target_label: t\n  replacement:\n", {"a": "x", "t": "old"})
    V(t, "tilde-replacement-deletes-target",
      "- source_labels: [a]\n  target_label: t\n  replacement: ~\n", {"a": "x", "t": "old"})
    V(t, "constant-address",
      "- target_label: __address__\n  replacement: blackbox-exporter:9115\n", {})
    V(t, "constant-unicode-and-punctuation",
      "- target_label: t\n  replacement: 'ü;:/?#[]@ é 😀'\n", {})
    V(t, "constant-with-double-dollar",
      "- target_label: t\n  replacement: 'cost: $$5'\n", {})
    V(t, "constant-multiline-double-quoted",
      "- target_label: t\n  replacement: \"line1\\nline2\"\n", {})
    V(t, "constant-multiline-block-scalar",
      "- target_label: t\n  replacement: |\n    line1\n    line2\n", {})
    V(t, "constant-block-scalar-strip",
      "- target_label: t\n  replacement: |-\n    only\n", {})

    port = ("- source_labels: [__address__]\n  regex: '(.*):(\\d+)'\n"
            "  target_label: port\n  replacement: '$2'\n")
    V(t, "capture-port-from-address", port, {})
    V(t, "capture-no-match-leaves-target", port, {"__address__": "hostonly", "port": "1"})
    V(t, "capture-ipv6-address", port, {"__address__": "[2001:db8::1]:9100"})

    k8s_addr = ("- source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]\n"
                "  action: replace\n  regex: ([^:]+)(?::\\d+)?;(\\d+)\n"
                "  replacement: $1:$2\n  target_label: __address__\n")
    V(t, "k8s-port-annotation-rewrites-address", k8s_addr,
      {"__address__": "10.1.2.3:8080", "__meta_kubernetes_pod_annotation_prometheus_io_port": "9102"})
    V(t, "k8s-port-annotation-address-without-port", k8s_addr,
      {"__address__": "10.1.2.3", "__meta_kubernetes_pod_annotation_prometheus_io_port": "9102"})
    V(t, "k8s-port-annotation-missing-no-change", k8s_addr, {"__address__": "10.1.2.3:8080"})
    V(t, "k8s-port-annotation-not-numeric-no-change", k8s_addr,
      {"__address__": "10.1.2.3:8080", "__meta_kubernetes_pod_annotation_prometheus_io_port": "http"})
    k8s_path = ("- source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path]\n"
                "  action: replace\n  target_label: __metrics_path__\n  regex: (.+)\n")
    V(t, "k8s-path-annotation", k8s_path,
      {"__meta_kubernetes_pod_annotation_prometheus_io_path": "/admin/metrics"})
    V(t, "k8s-path-annotation-missing", k8s_path, {})
    k8s_scheme = ("- source_labels: [__meta_kubernetes_service_annotation_prometheus_io_scheme]\n"
                  "  action: replace\n  target_label: __scheme__\n  regex: (https?)\n")
    V(t, "k8s-scheme-annotation-https", k8s_scheme,
      {"__meta_kubernetes_service_annotation_prometheus_io_scheme": "https"})
    V(t, "k8s-scheme-annotation-other-no-match", k8s_scheme,
      {"__meta_kubernetes_service_annotation_prometheus_io_scheme": "ftp"})
    blackbox = ("- source_labels: [__address__]\n  target_label: __param_target\n"
                "- source_labels: [__param_target]\n  target_label: instance\n"
                "- target_label: __address__\n  replacement: 127.0.0.1:9115\n")
    V(t, "blackbox-exporter-pattern", blackbox, {"__address__": "https://example.com/health"})
    V(t, "blackbox-exporter-pattern-param-present", blackbox,
      {"__address__": "example.org", "__param_module": "http_2xx"})

    nomatch = "- source_labels: [a]\n  regex: 'prod-(.*)'\n  target_label: t\n"
    V(t, "regex-no-match-leaves-target", nomatch, {"a": "staging-1", "t": "old"})
    V(t, "regex-match-sets-target", nomatch, {"a": "prod-eu", "t": "old"})
    V(t, "regex-must-match-whole-value", nomatch, {"a": "xprod-eu", "t": "old"})
    V(t, "target-is-source",
      "- source_labels: [a]\n  regex: '(.*)-suffix'\n  target_label: a\n", {"a": "x-suffix"})
    V(t, "same-value-no-change", copy, {"a": "x", "b": "x"})
    V(t, "regex-without-group-default-replacement-deletes",
      "- source_labels: [a]\n  regex: foo\n  target_label: t\n", {"a": "foo", "t": "old"})
    V(t, "regex-without-group-constant-replacement",
      "- source_labels: [a]\n  regex: foo\n  target_label: t\n  replacement: bar\n", {"a": "foo"})
    empty_re = "- source_labels: [a]\n  regex: ''\n  target_label: t\n  replacement: empty\n"
    V(t, "regex-empty-matches-missing-source", empty_re, {})
    V(t, "regex-empty-does-not-match-value", empty_re, {"a": "x"})
    V(t, "regex-empty-matches-empty-value", empty_re, {"a": ""})
    null_re = "- source_labels: [a]\n  regex:\n  target_label: t\n  replacement: empty\n"
    V(t, "regex-null-matches-missing-source", null_re, {})
    V(t, "regex-null-does-not-match-value", null_re, {"a": "x"})
    for act in ["Replace", "REPLACE", "rEpLaCe"]:
        V(t, "action-case-" + act,
          "- source_labels: [a]\n  action: %s\n  target_label: b\n" % act, {"a": "x"})
    chain = ("- target_label: a\n  replacement: first\n"
             "- source_labels: [a]\n  target_label: b\n  replacement: '${1}-second'\n"
             "- source_labels: [b]\n  regex: 'first-(.*)'\n  target_label: c\n")
    V(t, "rules-read-earlier-results", chain, {})
    V(t, "rules-read-earlier-results-overwrite", chain, {"a": "orig", "b": "orig", "c": "orig"})
    delread = ("- target_label: a\n  replacement: ''\n"
               "- source_labels: [a]\n  regex: ''\n  target_label: was_empty\n  replacement: 'yes'\n")
    V(t, "deleted-label-reads-empty", delread, {"a": "x"})
    V(t, "set-meta-label", "- target_label: __meta_custom\n  replacement: v\n", {})
    V(t, "set-tmp-label", "- target_label: __tmp_x\n  replacement: v\n", {})
    V(t, "set-instance", "- source_labels: [__meta_ec2_tag_Name]\n  target_label: instance\n",
      {"__meta_ec2_tag_Name": "web-1"})
    V(t, "overwrite-job-from-label",
      "- source_labels: [__meta_consul_service]\n  target_label: job\n",
      {"__meta_consul_service": "billing-api"})
    V(t, "meta-filepath-is-readable",
      "- source_labels: [__meta_filepath]\n  regex: '(.*)\\.json'\n  target_label: file\n", {})
    V(t, "modulus-ignored-for-replace",
      "- source_labels: [a]\n  target_label: b\n  modulus: 7\n", {"a": "x"})

    # 2.42: an invalid expanded target deletes the literal target_label
    tmpl = "- source_labels: [n]\n  target_label: '${1}'\n  replacement: v\n"
    V(t, "target-template-valid-expansion", tmpl, {"n": "foo"})
    V(t, "target-template-expands-to-digit-leading", tmpl, {"n": "9z"})
    V(t, "target-template-expands-to-empty", tmpl, {})
    V(t, "target-template-expands-to-dash", tmpl, {"n": "a-b"})
    V(t, "target-template-expands-to-unicode", tmpl, {"n": "é"})
    V(t, "target-template-expands-to-existing", tmpl, {"n": "job"})
    lit = ("- source_labels: [v]\n  action: lowercase\n  target_label: '$1'\n"
           "- source_labels: [n]\n  target_label: '$1'\n  replacement: new\n")
    V(t, "invalid-expansion-deletes-literal-target", lit, {"v": "ABC", "n": "a.b"})
    V(t, "valid-expansion-keeps-literal-target", lit, {"v": "ABC", "n": "good"})
    V(t, "empty-expansion-deletes-literal-target", lit, {"v": "ABC"})
    xtmpl = "- source_labels: [n]\n  regex: '(.*)'\n  target_label: 'x_$1'\n  replacement: ''\n"
    V(t, "empty-result-templated-target-keeps-expanded-label", xtmpl, {"n": "1", "x_1": "stays"})
    lit2 = ("- source_labels: [v]\n  action: uppercase\n  target_label: 'x_$1'\n"
            "- source_labels: [n]\n  target_label: 'x_$1'\n  replacement: '$2'\n")
    V(t, "empty-result-deletes-literal-templated-target", lit2, {"v": "abc", "n": "1", "x_1": "stays"})
    V(t, "target-template-with-prefix",
      "- source_labels: [n, v]\n  regex: '(.*);(.*)'\n  target_label: 'label_${1}'\n  replacement: '$2'\n",
      {"n": "team", "v": "infra"})


def define_keep_drop():
    t = "keep-drop"
    scrape = ("- source_labels: [__meta_kubernetes_service_annotation_prometheus_io_scrape]\n"
              "  action: keep\n  regex: 'true'\n")
    an = "__meta_kubernetes_service_annotation_prometheus_io_scrape"
    V(t, "k8s-scrape-annotation-true-kept", scrape, {an: "true"})
    V(t, "k8s-scrape-annotation-false-dropped", scrape, {an: "false"})
    V(t, "k8s-scrape-annotation-missing-dropped", scrape, {})
    V(t, "k8s-scrape-annotation-case-sensitive", scrape, {an: "True"})
    bare = ("- source_labels: [__meta_kubernetes_service_annotation_prometheus_io_scrape]\n"
            "  action: keep\n  regex: true\n")
    V(t, "regex-yaml-bool-is-text", bare, {an: "true"})
    V(t, "regex-yaml-bool-is-text-no-match", bare, {an: "True"})
    phase = ("- source_labels: [__meta_kubernetes_pod_phase]\n  action: drop\n"
             "  regex: Pending|Succeeded|Failed\n")
    V(t, "k8s-phase-running-kept", phase, {"__meta_kubernetes_pod_phase": "Running"})
    V(t, "k8s-phase-pending-dropped", phase, {"__meta_kubernetes_pod_phase": "Pending"})
    V(t, "k8s-phase-failed-dropped", phase, {"__meta_kubernetes_pod_phase": "Failed"})
    V(t, "k8s-phase-missing-kept", phase, {})
    V(t, "drop-without-source-drops-everything", "- action: drop\n", {"a": "x"})
    V(t, "drop-without-source-drops-everything-2", "- action: drop\n", {})
    V(t, "keep-without-source-keeps", "- action: keep\n", {"a": "x"})
    V(t, "keep-without-source-regex-plus-drops", "- action: keep\n  regex: '.+'\n", {"a": "x"})
    keep_empty = "- source_labels: [a]\n  action: keep\n  regex: ''\n"
    V(t, "keep-empty-regex-missing-kept", keep_empty, {})
    V(t, "keep-empty-regex-value-dropped", keep_empty, {"a": "x"})
    V(t, "keep-empty-regex-empty-value-kept", keep_empty, {"a": ""})
    drop_empty = "- source_labels: [a]\n  action: drop\n  regex: ''\n"
    V(t, "drop-empty-regex-missing-dropped", drop_empty, {})
    V(t, "drop-empty-regex-value-kept", drop_empty, {"a": "x"})
    keep_def = "- source_labels: [a]\n  action: keep\n"
    V(t, "keep-default-regex-value-kept", keep_def, {"a": "xy"})
    V(t, "keep-default-regex-missing-kept", keep_def, {})
    V(t, "keep-default-regex-newline-dropped", keep_def, {"a": "x\ny"})
    drop_def = "- source_labels: [a]\n  action: drop\n"
    V(t, "drop-default-regex-value-dropped", drop_def, {"a": "xy"})
    V(t, "drop-default-regex-newline-kept", drop_def, {"a": "x\ny"})
    anch = "- source_labels: [a]\n  action: keep\n  regex: foo\n"
    V(t, "keep-anchored-exact", anch, {"a": "foo"})
    V(t, "keep-anchored-prefix-dropped", anch, {"a": "foobar"})
    V(t, "keep-anchored-suffix-dropped", anch, {"a": "afoo"})
    V(t, "keep-substring-with-dotstar", "- source_labels: [a]\n  action: keep\n  regex: '.*foo.*'\n",
      {"a": "afoob"})
    alt = "- source_labels: [a]\n  action: keep\n  regex: a|b\n"
    V(t, "keep-alternation-whole-a", alt, {"a": "a"})
    V(t, "keep-alternation-ab-dropped", alt, {"a": "ab"})
    multi = "- source_labels: [env, team]\n  action: keep\n  regex: 'prod;(infra|web)'\n"
    V(t, "keep-two-sources-match", multi, {"env": "prod", "team": "web"})
    V(t, "keep-two-sources-no-match", multi, {"env": "prod", "team": "db"})
    V(t, "keep-two-sources-one-missing", multi, {"env": "prod"})
    both_missing = "- source_labels: [a, b]\n  action: drop\n  regex: ';'\n"
    V(t, "drop-joined-missing-sources", both_missing, {})
    V(t, "drop-joined-missing-sources-one-present", both_missing, {"a": "x"})
    sep = "- source_labels: [a, b]\n  separator: ','\n  action: drop\n  regex: 'x,y'\n"
    V(t, "drop-custom-separator-match", sep, {"a": "x", "b": "y"})
    V(t, "drop-custom-separator-no-match", sep, {"a": "x", "b": "z"})
    for act in ["Keep", "KEEP", "kEeP"]:
        V(t, "action-case-" + act, "- source_labels: [a]\n  action: %s\n  regex: x\n" % act,
          {"a": "y"})
    for act in ["Drop", "DROP"]:
        V(t, "action-case-" + act, "- source_labels: [a]\n  action: %s\n  regex: x\n" % act,
          {"a": "x"})
    V(t, "keep-ignores-target-modulus-replacement",
      "- source_labels: [a]\n  action: keep\n  regex: x\n  target_label: t\n  modulus: 3\n"
      "  replacement: z\n", {"a": "x"})
    V(t, "drop-ignores-target-and-replacement",
      "- source_labels: [a]\n  action: drop\n  regex: x\n  target_label: t\n  replacement: z\n",
      {"a": "y"})
    stop = ("- target_label: t\n  replacement: v\n"
            "- source_labels: [t]\n  action: drop\n  regex: v\n"
            "- target_label: never\n  replacement: set\n")
    V(t, "drop-on-label-written-earlier", stop, {})
    keep_later = ("- source_labels: [__meta_consul_tags]\n  regex: '.*,(prod|staging),.*'\n"
                  "  target_label: env\n"
                  "- source_labels: [env]\n  action: keep\n  regex: prod\n")
    V(t, "keep-on-derived-label-kept", keep_later, {"__meta_consul_tags": ",prod,v2,"})
    V(t, "keep-on-derived-label-dropped", keep_later, {"__meta_consul_tags": ",staging,"})
    V(t, "keep-on-derived-label-no-tag", keep_later, {"__meta_consul_tags": ",canary,"})
    V(t, "drop-dotstar-missing-source-drops",
      "- source_labels: [a]\n  action: drop\n  regex: '.*'\n", {})
    V(t, "drop-dotplus-missing-source-kept",
      "- source_labels: [a]\n  action: drop\n  regex: '.+'\n", {})
    V(t, "keep-case-insensitive-flag",
      "- source_labels: [a]\n  action: keep\n  regex: '(?i)TRUE'\n", {"a": "true"})
    ports = ("- source_labels: [__meta_kubernetes_endpoint_port_name]\n  action: keep\n"
             "  regex: metrics|http-metrics\n")
    V(t, "k8s-endpoint-port-name-kept", ports, {"__meta_kubernetes_endpoint_port_name": "http-metrics"})
    V(t, "k8s-endpoint-port-name-dropped", ports, {"__meta_kubernetes_endpoint_port_name": "grpc"})
    V(t, "keep-on-address", "- source_labels: [__address__]\n  action: keep\n  regex: '.*:9100'\n",
      {"__address__": "node-a:9100"})
    V(t, "drop-on-job-default", "- source_labels: [job]\n  action: drop\n  regex: j\n", {})
    V(t, "keep-unicode-value", "- source_labels: [a]\n  action: keep\n  regex: 'żółć|😀'\n",
      {"a": "😀"})
    V(t, "keep-then-keep-both-pass",
      "- source_labels: [a]\n  action: keep\n  regex: x\n- source_labels: [b]\n  action: keep\n  regex: y\n",
      {"a": "x", "b": "y"})
    V(t, "keep-then-keep-second-fails",
      "- source_labels: [a]\n  action: keep\n  regex: x\n- source_labels: [b]\n  action: keep\n  regex: y\n",
      {"a": "x", "b": "z"})


def define_equal():
    t = "equal"
    ke = "- source_labels: [a]\n  action: keepequal\n  target_label: b\n"
    de = "- source_labels: [a]\n  action: dropequal\n  target_label: b\n"
    inputs = [
        ("equal", {"a": "x", "b": "x"}),
        ("different", {"a": "x", "b": "y"}),
        ("both-missing", {}),
        ("source-missing", {"b": "x"}),
        ("target-missing", {"a": "x"}),
        ("both-empty-values", {"a": "", "b": ""}),
        ("case-differs", {"a": "X", "b": "x"}),
        ("unicode-equal", {"a": "żółć 😀", "b": "żółć 😀"}),
        ("newline-equal", {"a": "x\ny", "b": "x\ny"}),
    ]
    for nm, inp in inputs:
        V(t, "keepequal/" + nm, ke, inp)
        V(t, "dropequal/" + nm, de, inp)
    km = "- source_labels: [a, c]\n  action: keepequal\n  target_label: b\n"
    dm = "- source_labels: [a, c]\n  action: dropequal\n  target_label: b\n"
    for nm, inp in [("joined-equal", {"a": "x", "c": "y", "b": "x;y"}),
                    ("joined-different", {"a": "x", "c": "y", "b": "x"}),
                    ("joined-one-missing", {"a": "x", "b": "x;"})]:
        V(t, "keepequal/" + nm, km, inp)
        V(t, "dropequal/" + nm, dm, inp)
    for act in ["KeepEqual", "KEEPEQUAL", "DropEqual", "dropEqual"]:
        V(t, "action-case-" + act,
          "- source_labels: [a]\n  action: %s\n  target_label: b\n" % act, {"a": "x", "b": "x"})
    V(t, "keepequal/explicit-default-separator-and-replacement",
      "- source_labels: [a, c]\n  action: keepequal\n  target_label: b\n  separator: ';'\n"
      "  replacement: '$1'\n", {"a": "x", "c": "y", "b": "x;y"})
    V(t, "dropequal/explicit-default-separator",
      "- source_labels: [a]\n  action: dropequal\n  target_label: b\n  separator: ';'\n",
      {"a": "x", "b": "y"})
    same_k = "- source_labels: [a]\n  action: keepequal\n  target_label: a\n"
    same_d = "- source_labels: [a]\n  action: dropequal\n  target_label: a\n"
    V(t, "keepequal/target-is-source", same_k, {"a": "x"})
    V(t, "keepequal/target-is-source-missing", same_k, {})
    V(t, "dropequal/target-is-source", same_d, {"a": "x"})
    V(t, "dropequal/target-is-source-missing", same_d, {})
    nos_k = "- action: keepequal\n  target_label: b\n"
    nos_d = "- action: dropequal\n  target_label: b\n"
    V(t, "keepequal/no-source-target-missing", nos_k, {})
    V(t, "keepequal/no-source-target-present", nos_k, {"b": "x"})
    V(t, "dropequal/no-source-target-missing", nos_d, {})
    V(t, "dropequal/no-source-target-present", nos_d, {"b": "x"})
    # 2.42 accepts a templated target and reads the label literally named `${1}x`
    tk = "- source_labels: [a]\n  action: keepequal\n  target_label: '${1}x'\n"
    V(t, "keepequal/templated-target-literal-missing-source-missing", tk, {"x": "1"})
    V(t, "keepequal/templated-target-literal-missing-source-present", tk, {"a": "x"})
    td = "- source_labels: [a]\n  action: dropequal\n  target_label: '${1}x'\n"
    V(t, "dropequal/templated-target-literal-missing-source-present", td, {"a": "x"})
    created = ("- source_labels: [v]\n  action: lowercase\n  target_label: '${1}x'\n"
               "- source_labels: [a]\n  action: keepequal\n  target_label: '${1}x'\n")
    V(t, "keepequal/templated-target-literal-created-equal", created, {"v": "ABC", "a": "abc"})
    V(t, "keepequal/templated-target-literal-created-different", created, {"v": "ABC", "a": "ABC"})
    created_d = ("- source_labels: [v]\n  action: uppercase\n  target_label: '$1'\n"
                 "- source_labels: [a]\n  action: dropequal\n  target_label: '$1'\n")
    V(t, "dropequal/templated-target-literal-created-equal", created_d, {"v": "abc", "a": "ABC"})
    V(t, "dropequal/templated-target-literal-created-different", created_d, {"v": "abc", "a": "abc"})
    port = ("- source_labels: [__address__]\n  regex: '.*:(\\d+)'\n  target_label: __tmp_port\n"
            "- source_labels: [__meta_kubernetes_pod_container_port_number]\n  action: keepequal\n"
            "  target_label: __tmp_port\n")
    V(t, "keepequal/k8s-container-port-matches-address", port,
      {"__address__": "10.2.0.5:9100", "__meta_kubernetes_pod_container_port_number": "9100"})
    V(t, "keepequal/k8s-container-port-differs", port,
      {"__address__": "10.2.0.5:9100", "__meta_kubernetes_pod_container_port_number": "8080"})
    V(t, "dropequal/compares-written-label",
      "- target_label: b\n  replacement: x\n- source_labels: [a]\n  action: dropequal\n  target_label: b\n",
      {"a": "x"})


def define_hashmod():
    t = "hashmod"

    def hm(mod, src="[a]", extra=""):
        return ("- source_labels: %s\n  action: hashmod\n  target_label: h\n  modulus: %s\n%s"
                % (src, mod, extra))
    for v in ["Foo", "foo", "node-1.example.com:9100", "żółć", "a\nb", "x" * 300, "😀", "$1"]:
        nm = {"a\nb": "newline", "x" * 300: "long", "😀": "emoji", "$1": "dollar"}.get(v, v)
        V(t, "mod-1000/" + nm, hm(1000), {"a": v})
    V(t, "mod-1000/missing-source-hashes-empty", hm(1000), {})
    for mod in ["1", "2", "3", "7", "10", "16", "100", "255", "65536", "4294967296",
                "4294967295", "9223372036854775808", "9223372036854775807",
                "18446744073709551614", "18446744073709551615"]:
        V(t, "mod-%s/Foo" % mod, hm(mod), {"a": "Foo"})
    for mod in ["2", "4294967296", "18446744073709551615"]:
        V(t, "mod-%s/web-1" % mod, hm(mod), {"a": "web-1"})
        V(t, "mod-%s/missing" % mod, hm(mod), {})
    for lit in ["0x3E8", "0X10", "0o17", "017", "0b101", "1_000", "0x_10", "+5", "1e3",
                "1000.9", "2.5", "1.", "1e19", "1.8446744073709552e19",
                "18446744073709551616", "!!int 12"]:
        V(t, "modulus-literal/" + lit, hm(lit), {"a": "Foo"})
    V(t, "two-sources-default-separator", hm(1000, "[a, b]"), {"a": "F", "b": "oo"})
    V(t, "two-sources-empty-separator", hm(1000, "[a, b]", "  separator: ''\n"),
      {"a": "F", "b": "oo"})
    V(t, "two-sources-both-missing", hm(1000, "[a, b]"), {})
    V(t, "no-source-labels", "- action: hashmod\n  target_label: h\n  modulus: 1000\n", {})
    V(t, "overwrites-target", hm(1000), {"a": "Foo", "h": "old"})
    V(t, "writes-source-label", "- source_labels: [a]\n  action: hashmod\n  target_label: a\n"
      "  modulus: 1000\n", {"a": "Foo"})
    V(t, "target-address", "- source_labels: [a]\n  action: hashmod\n  target_label: __address__\n"
      "  modulus: 1000\n", {"a": "Foo"})
    for act in ["HASHMOD", "HashMod"]:
        V(t, "action-case-" + act, "- source_labels: [a]\n  action: %s\n  target_label: h\n"
          "  modulus: 1000\n" % act, {"a": "Foo"})
    V(t, "regex-ignored", hm(1000, extra="  regex: 'nomatch'\n"), {"a": "Foo"})
    V(t, "replacement-ignored", hm(1000, extra="  replacement: 'x$1'\n"), {"a": "Foo"})
    shard = ("- source_labels: [__address__]\n  action: hashmod\n  target_label: __tmp_hash\n"
             "  modulus: 3\n- source_labels: [__tmp_hash]\n  action: keep\n  regex: '0|1'\n")
    for i in range(1, 11):
        V(t, "sharding-keep-shards-0-1/target-%d" % i, shard, {"__address__": "10.0.0.%d:9100" % i})


def define_labelmap():
    t = "labelmap"
    k8s = "- action: labelmap\n  regex: __meta_kubernetes_pod_label_(.+)\n"
    V(t, "k8s-pod-labels", k8s, {"__meta_kubernetes_pod_label_app": "api",
                                  "__meta_kubernetes_pod_label_pod_template_hash": "7d9f8c6b5",
                                  "__meta_kubernetes_namespace": "default"})
    V(t, "k8s-pod-labels-overwrite-existing", k8s, {"__meta_kubernetes_pod_label_env": "prod",
                                                     "env": "dev"})
    V(t, "k8s-pod-labels-none", k8s, {"__meta_kubernetes_namespace": "default"})
    V(t, "k8s-pod-labels-prefix-alone-not-matched", k8s,
      {"__meta_kubernetes_pod_label_": "x"})
    V(t, "default-regex-and-replacement-maps-to-itself", "- action: labelmap\n", {"a": "x"})
    conflict = "- action: labelmap\n  regex: '(?:m|x)_(.*)'\n  replacement: 'z_$1'\n"
    V(t, "conflict-sorted-last-wins", conflict, {"m_a": "from-m", "x_a": "from-x"})
    V(t, "conflict-sorted-last-wins-reversed-values", conflict, {"m_a": "2", "x_a": "1"})
    V(t, "conflict-with-existing-target", conflict, {"m_a": "from-m", "z_a": "old"})
    V(t, "conflict-three-way",
      "- action: labelmap\n  regex: '(a|b|c)_(.*)'\n  replacement: '$2'\n",
      {"a_k": "A", "c_k": "C", "b_k": "B"})
    V(t, "conflict-underscore-vs-uppercase-order",
      "- action: labelmap\n  regex: '.*_(k)'\n  replacement: '$1'\n",
      {"A_k": "upper", "_k": "underscore", "a_k": "lower"})
    empty = "- action: labelmap\n  regex: 'x_(.*)'\n  replacement: '$1'\n"
    V(t, "creates-empty-name", empty, {"x_": "v"})
    V(t, "creates-digit-leading-name", empty, {"x_9": "nine", "x_1a": "one-a"})
    V(t, "creates-double-underscore-name", empty, {"x___meta_foo": "m", "x___address__": "h:1"})
    V(t, "does-not-revisit-created-labels",
      "- action: labelmap\n  regex: 'a(.*)'\n  replacement: 'aa$1'\n", {"ab": "v"})
    V(t, "constant-replacement-last-sorted-wins",
      "- action: labelmap\n  regex: 'src_.*'\n  replacement: foo\n",
      {"src_a": "1", "src_c": "3", "src_b": "2"})
    V(t, "maps-to-job", "- action: labelmap\n  regex: 'src_(job)'\n", {"src_job": "other"})
    V(t, "maps-to-address", "- action: labelmap\n  regex: '__meta_target_(.*)'\n  replacement: '__${1}__'\n",
      {"__meta_target_address": "10.9.9.9:80"})
    V(t, "two-groups-swapped", "- action: labelmap\n  regex: '(x)_(.*)'\n  replacement: '${2}_$1'\n",
      {"x_a": "v"})
    V(t, "named-group", "- action: labelmap\n  regex: 'tag_(?P<name>.*)'\n  replacement: 'ec2_${name}'\n",
      {"tag_Name": "web", "tag_Env": "prod"})
    V(t, "replacement-whole-match-dollar-0", "- action: labelmap\n  regex: 'env|team'\n  replacement: 'orig_$0'\n",
      {"env": "prod", "team": "a"})
    V(t, "replacement-group-missing-gives-empty-suffix",
      "- action: labelmap\n  regex: 'q_(a)?(.*)'\n  replacement: 'r_$1'\n", {"q_b": "v"})
    V(t, "copy-everything-prefix", "- action: labelmap\n  regex: '(.*)'\n  replacement: 'copy_$1'\n",
      {"a": "x"})
    V(t, "strip-meta-prefix", "- action: labelmap\n  regex: '__meta_(.*)'\n",
      {"__meta_ec2_tag_Name": "w"})
    V(t, "ignores-source-target-modulus",
      "- action: labelmap\n  source_labels: [a]\n  target_label: t\n  modulus: 2\n  regex: 'p_(.*)'\n",
      {"p_x": "1", "a": "y"})
    V(t, "ignores-separator", "- action: labelmap\n  separator: ','\n  regex: 'p_(.*)'\n",
      {"p_x": "1"})
    for act in ["LabelMap", "LABELMAP"]:
        V(t, "action-case-" + act, "- action: %s\n  regex: 'p_(.*)'\n" % act, {"p_x": "1"})
    V(t, "no-match-no-change", "- action: labelmap\n  regex: 'nomatch_(.*)'\n", {"a": "x"})
    V(t, "empty-valued-label-is-not-mapped", "- action: labelmap\n  regex: 'p_(.*)'\n",
      {"p_x": "", "p_y": "1"})
    V(t, "regex-is-anchored-on-name", "- action: labelmap\n  regex: 'abel'\n  replacement: matched\n",
      {"label": "v"})
    V(t, "case-insensitive-name-regex",
      "- action: labelmap\n  regex: '(?i)TAG_(.*)'\n  replacement: 't_$1'\n", {"tag_a": "1", "Tag_B": "2"})
    V(t, "then-labeldrop-originals",
      "- action: labelmap\n  regex: '__meta_consul_service_metadata_(.+)'\n"
      "- action: labeldrop\n  regex: '__meta_consul_service_metadata_.+'\n",
      {"__meta_consul_service_metadata_version": "2", "__meta_consul_service_metadata_owner": "x"})
    V(t, "chained-labelmaps-see-created-labels",
      "- action: labelmap\n  regex: 'a_(.*)'\n  replacement: 'b_$1'\n"
      "- action: labelmap\n  regex: 'b_(.*)'\n  replacement: 'c_$1'\n", {"a_x": "v"})
    V(t, "empty-name-mapped-by-later-labelmap",
      "- action: labelmap\n  regex: 'x_(.*)'\n  replacement: '$1'\n"
      "- action: labelmap\n  regex: ''\n  replacement: 'was_empty'\n", {"x_": "v"})
    V(t, "empty-name-readable-by-later-rule",
      "- action: labelmap\n  regex: 'x_(.*)'\n  replacement: '$1'\n"
      "- action: labelmap\n  regex: '9'\n  replacement: 'nine'\n", {"x_9": "v"})
    V(t, "maps-labels-written-by-earlier-rule",
      "- target_label: p_new\n  replacement: v\n- action: labelmap\n  regex: 'p_(.*)'\n", {})


def define_labeldrop_labelkeep():
    t = "labeldrop-labelkeep"
    V(t, "labeldrop-meta", "- action: labeldrop\n  regex: '__meta_.*'\n",
      {"__meta_kubernetes_pod_name": "p", "__meta_x": "y", "a": "1"})
    V(t, "labeldrop-default-regex-drops-everything", "- action: labeldrop\n", {"a": "1"})
    V(t, "labelkeep-default-regex-keeps-everything", "- action: labelkeep\n", {"a": "1"})
    V(t, "labelkeep-some", "- action: labelkeep\n  regex: 'job|__address__|a'\n",
      {"a": "1", "b": "2"})
    V(t, "labelkeep-drops-address-and-defaults", "- action: labelkeep\n  regex: 'a'\n",
      {"a": "1", "b": "2"})
    V(t, "labeldrop-empty-regex-no-empty-name", "- action: labeldrop\n  regex: ''\n", {"a": "1"})
    V(t, "labeldrop-null-regex", "- action: labeldrop\n  regex:\n", {"a": "1"})
    V(t, "labelkeep-empty-regex-drops-all", "- action: labelkeep\n  regex: ''\n", {"a": "1"})
    V(t, "labeldrop-empty-regex-drops-empty-name",
      "- action: labelmap\n  regex: 'x_(.*)'\n- action: labeldrop\n  regex: ''\n",
      {"x_": "v", "x_a": "w"})
    V(t, "labelkeep-empty-regex-keeps-empty-name",
      "- action: labelmap\n  regex: 'x_(.*)'\n- action: labelkeep\n  regex: ''\n", {"x_": "v"})
    for act in ["LabelDrop", "LABELDROP"]:
        V(t, "action-case-" + act, "- action: %s\n  regex: b\n" % act, {"a": "1", "b": "2"})
    for act in ["LabelKeep", "LABELKEEP"]:
        V(t, "action-case-" + act, "- action: %s\n  regex: '__.*|job|a'\n" % act,
          {"a": "1", "b": "2"})
    V(t, "labeldrop-explicit-defaults-accepted",
      "- action: labeldrop\n  regex: b\n  separator: ';'\n  replacement: '$1'\n  target_label: ''\n",
      {"a": "1", "b": "2"})
    V(t, "labelkeep-explicit-defaults-accepted",
      "- action: labelkeep\n  regex: '__.*|job|a'\n  separator: ';'\n  replacement: '$1'\n  modulus: 0\n",
      {"a": "1", "b": "2"})
    V(t, "labeldrop-created-by-labelmap",
      "- action: labelmap\n  regex: '__meta_kubernetes_pod_label_(.+)'\n"
      "- action: labeldrop\n  regex: 'pod_template_hash|controller_revision_hash'\n",
      {"__meta_kubernetes_pod_label_app": "api", "__meta_kubernetes_pod_label_pod_template_hash": "5f7b",
       "__meta_kubernetes_pod_label_controller_revision_hash": "6c"})
    V(t, "labeldrop-tmp-after-use",
      "- source_labels: [a]\n  target_label: __tmp_a\n- source_labels: [__tmp_a]\n  target_label: b\n"
      "- action: labeldrop\n  regex: '__tmp.*'\n", {"a": "x"})
    V(t, "labeldrop-regex-anchored", "- action: labeldrop\n  regex: 'a'\n", {"a": "1", "ab": "2", "ba": "3"})
    V(t, "labelkeep-anchors-inside", "- action: labelkeep\n  regex: '^(job|a)$|__.*'\n",
      {"a": "1", "aa": "2"})
    V(t, "labeldrop-case-insensitive", "- action: labeldrop\n  regex: '(?i)ENV'\n",
      {"env": "1", "Env": "2", "ENV": "3", "envx": "4"})
    V(t, "labeldrop-does-not-see-labels-it-cannot-have",
      "- action: labeldrop\n  regex: 'nomatch'\n", {"a": "1"})
    V(t, "labeldrop-address", "- action: labeldrop\n  regex: '__address__'\n", {})
    V(t, "labelkeep-meta-only", "- action: labelkeep\n  regex: '__meta_.*'\n",
      {"__meta_a": "1", "b": "2"})
    V(t, "labeldrop-empty-valued-input", "- action: labeldrop\n  regex: 'a'\n",
      {"a": "", "b": "2"})
    V(t, "labeldrop-then-rule-reads-empty",
      "- action: labeldrop\n  regex: 'a'\n- source_labels: [a]\n  regex: ''\n  target_label: gone\n  replacement: 'yes'\n",
      {"a": "1"})
    V(t, "labelkeep-digit-leading-name",
      "- action: labelmap\n  regex: 'x_(.*)'\n- action: labelkeep\n  regex: '[0-9].*|__.*|job'\n",
      {"x_9": "v", "x_a": "w"})
    V(t, "labeldrop-with-dollar-regex", "- action: labeldrop\n  regex: 'a$'\n", {"a": "1", "ba": "2"})


def define_case():
    t = "case"
    lo = "- source_labels: [a]\n  action: lowercase\n  target_label: b\n"
    up = "- source_labels: [a]\n  action: uppercase\n  target_label: b\n"
    vals = [
        ("ascii", "Hello World 123 _-"),
        ("turkish-dotted-i", "İSTANBUL"),
        ("sharp-s", "ß straße"),
        ("capital-sharp-s", "ẞ"),
        ("titlecase-dz", "ǅ ǈ ǋ"),
        ("greek", "ΑΒΓ Σσς ΐ"),
        ("cyrillic", "ДОБРЫЙ день"),
        ("emoji", "😀 Emoji 🎉"),
        ("mixed", "İSTANBUL ß ǅ"),
        ("ligature-fi", "ﬁ"),
        ("n-apostrophe", "ŉ"),
        ("kelvin-angstrom", "K Å"),
        ("long-s-dotless-i", "ſ ı"),
        ("cherokee", "ꭰ Ꭰ"),
        ("deseret-supplementary", "𐐨 𐐀"),
        ("georgian", "ა Ა"),
        ("armenian-ligature", "և"),
        ("fullwidth", "ＡＢＣ ａｂｃ"),
        ("digits-punct", "0-9 !@#"),
        ("newline", "A\nb"),
        ("roman-numerals", "Ⅻ ⅻ"),
        ("circled", "Ⓐ ⓐ"),
    ]
    for nm, v in vals:
        V(t, "lowercase/" + nm, lo, {"a": v})
        V(t, "uppercase/" + nm, up, {"a": v})
    V(t, "lowercase/missing-source-deletes-target", lo, {"b": "old"})
    V(t, "uppercase/missing-source-deletes-target", up, {"b": "old"})
    V(t, "lowercase/overwrites-target", lo, {"a": "X", "b": "old"})
    V(t, "lowercase/in-place", "- source_labels: [a]\n  action: lowercase\n  target_label: a\n",
      {"a": "MiXeD"})
    V(t, "uppercase/two-sources",
      "- source_labels: [a, b]\n  separator: '-'\n  action: uppercase\n  target_label: c\n",
      {"a": "x", "b": "y"})
    V(t, "lowercase/two-sources-one-missing",
      "- source_labels: [a, b]\n  action: lowercase\n  target_label: c\n", {"b": "Y"})
    V(t, "lowercase/no-source-deletes-target", "- action: lowercase\n  target_label: b\n",
      {"b": "old"})
    for act in ["Lowercase", "LOWERCASE", "UpperCase"]:
        V(t, "action-case-" + act, "- source_labels: [a]\n  action: %s\n  target_label: b\n" % act,
          {"a": "MiXeD"})
    V(t, "lowercase/templated-target-written-literally",
      "- source_labels: [a]\n  action: lowercase\n  target_label: '${1}x'\n", {"a": "ABC"})
    V(t, "uppercase/templated-target-written-literally",
      "- source_labels: [a]\n  action: uppercase\n  target_label: 'x_$1'\n", {"a": "abc"})
    V(t, "lowercase/explicit-default-replacement-accepted",
      "- source_labels: [a]\n  action: lowercase\n  target_label: b\n  replacement: '$1'\n",
      {"a": "ABC"})
    V(t, "lowercase/regex-ignored",
      "- source_labels: [a]\n  action: lowercase\n  target_label: b\n  regex: 'nomatch'\n",
      {"a": "ABC"})
    V(t, "uppercase/separator-lowered-too",
      "- source_labels: [a, b]\n  separator: 'x'\n  action: uppercase\n  target_label: c\n",
      {"a": "p", "b": "q"})
    V(t, "lowercase/then-keep",
      "- source_labels: [env]\n  action: lowercase\n  target_label: env\n"
      "- source_labels: [env]\n  action: keep\n  regex: prod\n", {"env": "PROD"})


def define_templates():
    t = "templates"

    def rep(regex, repl):
        return ("- source_labels: [a]\n  regex: %s\n  target_label: t\n  replacement: %s\n"
                % (sq(regex), sq(repl)))
    foo_templates = [
        ("digit-then-letter-is-a-name", "$1x"),
        ("braced-digit-then-letter", "${1}x"),
        ("double-dollar-and-trailing-dollar", "$$1-$2-$"),
        ("unclosed-brace", "${1"),
        ("leading-zero-ten-underscore-dot", "$01|$10|$1_|$1.2"),
        ("unicode-letter-extends-name", "$1é|$1"),
        ("lone-dollar", "$"),
        ("double-dollar", "$$"),
        ("triple-dollar-group", "$$$1"),
        ("dollar-dot", "$."),
        ("dollar-dash", "$-1"),
        ("empty-braces", "${}"),
        ("braces-with-dash", "${a-b}"),
        ("braces-with-space", "${ 1}"),
        ("dollar-space", "$ 1"),
        ("two-braced", "${1}${2}"),
        ("reversed", "$2$1"),
        ("ten-to-the-eighth-is-a-name", "$100000000"),
        ("large-group-number", "$99999999"),
        ("group-beyond-count", "$3"),
        ("group-zero", "$0"),
        ("braced-zero", "${0}"),
        ("double-zero", "$00"),
        ("repeated", "$1$1$1"),
        ("extra-closing-brace", "${1}}"),
        ("literal-braces-around", "{$1}"),
        ("arabic-indic-digit-extends-name", "$1١"),
        ("arabic-indic-digit-name", "$١"),
        ("combining-mark-ends-name", "$1\u0301"),
        ("backslash-is-literal", "\\$1\\n"),
        ("trailing-dollar-after-group", "$1$"),
        ("group-then-double-dollar", "$2$$"),
        ("unknown-name", "$ab"),
        ("underscore-name-braced", "${_}"),
        ("underscore-name", "$_"),
        ("digit-letter-digit", "$1a1"),
        ("surrounded", "x$1y"),
        ("braced-leading-zero", "${01}"),
        ("unclosed-after-valid", "${1}${"),
        ("space-separated", "$1 $2"),
        ("all-groups", "$1$2$3"),
        ("braced-nine", "${9}"),
        ("braced-then-digit", "${1}2"),
        ("twelve", "$12"),
        ("tab-separated", "$1\t$2"),
        ("newline-in-template", "$1\n$2"),
        ("colon-separated", "$1:$2"),
        ("semicolon-separated", "$1;$2"),
        ("greek-letter-name", "$1α"),
        ("cjk-name", "$1中"),
        ("emoji-ends-name", "$1😀"),
        ("superscript-digit", "$1²"),
        ("fullwidth-digit-name", "$１"),
    ]
    for nm, tpl in foo_templates:
        V(t, "foo/" + nm, rep("(F)(oo)", tpl), {"a": "Foo"})
    named = [
        ("named-first", "(?P<first>F)(oo)", "$first:${2}:$3:$0", "Foo"),
        ("named-a", "(F)(?P<a>oo)", "$a|$2|${a}_|$a_", "Foo"),
        ("empty-groups", "(a*)(a*)Foo", "<$1|$2>", "Foo"),
        ("digit-leading-group-name", "(?P<1x>F)(oo)", "$1x", "Foo"),
        ("digit-leading-group-name-braced-number", "(?P<1x>F)(oo)", "${1}x", "Foo"),
        ("zero-leading-group-name", "(?P<01>F)(oo)", "$01", "Foo"),
        ("zero-leading-group-name-vs-numbers", "(?P<01>F)(oo)", "${01}|$1|$2", "Foo"),
        ("underscore-digit-name", "(?P<name_1>F)(oo)", "$name_1|${name_1}x|$name_1x", "Foo"),
        ("two-named", "(?P<n>F)(?P<n2>oo)", "$n$n2|${n}${n2}|$n$n", "Foo"),
        ("three-groups-reversed", "(F)(o)(o)", "$3$2$1", "Foo"),
        ("eleven-groups", "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)", "$10|${1}0|$11|$1|$12", "abcdefghijk"),
        ("case-insensitive-groups", "(?i)(f)(OO)", "$2$1", "Foo"),
        ("nested-groups", "((F)(o))o", "$1|$2|$3", "Foo"),
        ("alternation-second-branch", "(F)(oo)|(B)(ar)", "[$1$2|$3$4]", "Bar"),
        ("optional-group-absent", "(F)?(oo)", "[$1|$2]", "oo"),
        ("optional-group-present", "(F)?(oo)", "[$1|$2]", "Foo"),
        ("duplicate-names-second-branch", "(?P<x>a)|(?P<x>b)", "$x/${x}", "b"),
        ("duplicate-names-first-branch", "(?P<x>a)|(?P<x>b)", "$x/${x}", "a"),
        ("duplicate-names-both-participate", "(?P<x>a)(?P<x>b)", "$x/$1/$2", "ab"),
        ("noncapturing-not-counted", "(?:F)(oo)", "$1|$2", "Foo"),
        ("empty-match-group", "()Foo", "[$1]", "Foo"),
        ("whole-match-with-newline-s-flag", "(?s)(.*)", "<$0>", "a\nb"),
        ("dollar-in-value-not-expanded", "(.*)", "$1$1", "$1"),
        ("unicode-group-value", "(.)(.*)", "$2$1", "żółć"),
    ]
    for nm, rx, tpl, val in named:
        V(t, "groups/" + nm, rep(rx, tpl), {"a": val})
    V(t, "groups/group-not-participating-deletes-target", rep("(a)|(b)", "$1"),
      {"a": "b", "t": "old"})

    def tgt(regex, target, repl="v"):
        return ("- source_labels: [a]\n  regex: %s\n  target_label: %s\n  replacement: %s\n"
                % (sq(regex), sq(target), sq(repl)))
    targets = [
        ("two-groups-joined", "(F)(oo)", "${1}_${2}", "Foo"),
        ("dollar-one-dollar-two", "(F)(oo)", "$1$2", "Foo"),
        ("prefix", "(F)(oo)", "lbl_$1", "Foo"),
        ("name-swallows-suffix", "(F)(oo)", "$2_x", "Foo"),
        ("braced-with-suffix", "(F)(oo)", "${2}_x", "Foo"),
        ("whole-match", "(F)(oo)", "$0", "Foo"),
        ("underscore-prefix", "(F)(oo)", "_$1", "Foo"),
        ("expands-with-colon-invalid", "(.*)", "$1", "a:b"),
        ("expands-with-dot-invalid", "(.*)", "$1", "a.b"),
        ("expands-to-leading-digit-invalid", "(.*)", "${1}", "9lives"),
        ("expands-to-double-underscore", "(.*)", "__${1}", "tmp"),
        ("group-missing-expands-empty", "(a)|(b)", "$1", "b"),
        ("named-group-target", "(?P<k>[a-z]+)=(?P<v>.*)", "${k}", "team=infra"),
    ]
    for nm, rx, tg, val in targets:
        V(t, "target/" + nm, tgt(rx, tg), {"a": val})
    V(t, "target/named-group-both", tgt("(?P<k>[a-z]+)=(?P<v>.*)", "$k", "$v"), {"a": "team=infra"})
    V(t, "target/expands-to-existing-label-overwrites", tgt("(.*)", "$1", "new"),
      {"a": "b", "b": "old"})
    V(t, "target/empty-replacement-literal-target-missing", tgt("(.*)", "$1", ""),
      {"a": "b", "b": "old"})

    def lm(regex, repl):
        return "- action: labelmap\n  regex: %s\n  replacement: %s\n" % (sq(regex), sq(repl))
    V(t, "labelmap/braced-swap", lm("(x)_(.*)", "${2}_$1"), {"x_a": "v"})
    V(t, "labelmap/adjacent-groups", lm("(x)_(.*)", "$1$2"), {"x_a": "v"})
    V(t, "labelmap/whole-name-prefix", lm("x_.*", "p_$0"), {"x_a": "v"})
    V(t, "labelmap/named", lm("(?P<first>[a-z]+)_(?P<rest>.*)", "${rest}_${first}"), {"ab_cd": "v"})
    V(t, "labelmap/name-swallows-suffix", lm("(x)_(.*)", "$2_x"), {"x_a": "v"})
    V(t, "labelmap/group-beyond-count-gives-empty-name", lm("x_(.*)", "$2"), {"x_a": "v"})
    V(t, "labelmap/dollar-digits-name", lm("(x)_(.*)", "$1_2"), {"x_a": "v"})


def define_regex():
    t = "regex"

    def rx(regex, repl="yes"):
        return ("- source_labels: [a]\n  regex: %s\n  target_label: m\n  replacement: %s\n"
                % (sq(regex), sq(repl)))
    cases = [
        ("dot-excludes-newline", "a.b", "a\nb"),
        ("dot-matches-other", "a.b", "axb"),
        ("s-flag-dot-matches-newline", "(?s)a.b", "a\nb"),
        ("dotstar-trailing-newline-no-match", ".*", "x\n"),
        ("dotstar-leading-newline-no-match", ".*", "\nx"),
        ("negated-class-matches-newline", "a[^x]b", "a\nb"),
        ("backslash-s-matches-newline", "a\\sb", "a\nb"),
        ("backslash-n-escape", "a\\nb", "a\nb"),
        ("class-s-S-matches-all", "[\\s\\S]+", "a\nb"),
        ("dollar-is-end-of-text", "a$", "a\n"),
        ("multiline-flag", "(?m)a$\\n^b", "a\nb"),
        ("text-anchors", "\\Afoo\\z", "foo"),
        ("case-insensitive", "(?i)foo", "FoO"),
        ("case-insensitive-kelvin-sign", "(?i)k", "\u212a"),
        ("case-insensitive-sigma-forms", "(?i)σ+", "Σσς"),
        ("case-insensitive-no-multichar-fold", "(?i)strasse", "straße"),
        ("case-insensitive-sharp-s-capital", "(?i)ß", "ẞ"),
        ("case-insensitive-scoped", "(?i:a)B", "Ab"),
        ("case-insensitive-scoped-match", "(?i:a)B", "AB"),
        ("case-insensitive-unicode", "(?i)żółć", "ŻÓŁĆ"),
        ("case-insensitive-titlecase", "(?i)ǅ", "ǆ"),
        ("case-insensitive-class", "(?i)[a-z]+", "ABC"),
        ("case-insensitive-posix-upper", "(?i)[[:upper:]]+", "abc"),
        ("case-insensitive-turkish-i", "(?i)i", "İ"),
        ("unicode-letter-class", "\\pL+", "żółćΣ"),
        ("unicode-letter-class-digit-no-match", "\\pL+", "a1"),
        ("unicode-greek-script", "\\p{Greek}+", "αβγ"),
        ("unicode-greek-script-latin-no-match", "\\p{Greek}+", "abc"),
        ("unicode-not-letter", "\\PL+", "123-!"),
        ("unicode-not-greek", "\\P{Greek}+", "abc"),
        ("unicode-upper-lower", "\\p{Lu}\\p{Ll}+", "Żółw"),
        ("unicode-han", "\\p{Han}+", "漢字"),
        ("unicode-number", "\\pN+", "٣4Ⅻ"),
        ("posix-alpha-ascii", "[[:alpha:]]+", "abc"),
        ("posix-alpha-not-unicode", "[[:alpha:]]+", "é"),
        ("posix-negated-digit", "[[:^digit:]]+", "abc"),
        ("posix-word", "[[:word:]]+", "a_1"),
        ("d-ascii-only", "\\d+", "٣"),
        ("d-ascii", "\\d+", "123"),
        ("w-ascii-only", "\\w+", "é"),
        ("s-ascii-only-nbsp", "\\s", "\u00a0"),
        ("word-boundary", ".*\\bfoo\\b.*", "a foo b"),
        ("word-boundary-no-match", ".*\\bfoo\\b.*", "afoob"),
        ("word-boundary-unicode-not-word", ".*\\bé.*", "aé"),
        ("alternation-anchored-whole", "a|ab", "ab"),
        ("alternation-no-partial", "foo|bar", "foobar"),
        ("explicit-anchors-harmless", "^foo$", "foo"),
        ("caret-in-middle-never", "a^b", "ab"),
        ("dollar-in-alternation", "a$|b", "b"),
        ("empty-alternative-matches-empty", "a|", ""),
        ("repeat-range", "a{2,3}", "aaa"),
        ("repeat-range-too-many", "a{2,3}", "aaaa"),
        ("repeat-1000", "a{1000}", "a" * 1000),
        ("repeat-zero", "ba{0}", "b"),
        ("repeat-open", "a{2,}", "aaaaa"),
        ("escaped-dot", "a\\.b", "axb"),
        ("escaped-dot-match", "a\\.b", "a.b"),
        ("quote-meta", "\\Qa.b*\\E", "a.b*"),
        ("hex-escapes", "\\x41\\x{1F600}", "A😀"),
        ("octal-escape", "\\101", "A"),
        ("dot-one-codepoint-emoji", ".", "😀"),
        ("dot-combining-sequence-is-two", ".", "e\u0301"),
        ("class-range", "[a-c]+", "abc"),
        ("class-unicode-range", "[α-ω]+", "λμ"),
        ("class-with-perl-class", "[\\d.]+", "1.2"),
        ("negated-class-unicode", "[^a]", "ä"),
        ("perl-class-negated-in-class", "[^\\d]+", "abc"),
        ("nested-quantifier-allowed", "(a+)+", "aaa"),
        ("no-catastrophic-backtracking", "(a|aa)*b", "a" * 40),
        ("space-literal", "a b", "a b"),
        ("tab-escape", "a\\tb", "a\tb"),
        ("flags-combined", "(?is)A.B", "a\nb"),
        ("ungreedy-flag-matches", "(?U)a+", "aaa"),
        ("dollar-literal-escaped", "\\$\\d+", "$42"),
        ("empty-regex-non-empty-value", "", "x"),
        ("backslash-literal", "a\\\\b", "a\\b"),
        ("unicode-class-braced-negated", "\\p{^Greek}+", "abc"),
        ("any-char-class", "(?s:.)", "\n"),
        ("utf8-max-codepoint", ".", "\U0010FFFD"),
        ("bom-char", "\ufeff", "\ufeff"),
        ("empty-flag-group-accepted", "(?)a", "a"),
        ("null-char", "\\x00", "\x00"),
    ]
    for nm, r, v in cases:
        V(t, nm, rx(r), {"a": v} if v != "" else {})
    captures = [
        ("leftmost-first-alternation", "(a|ab)(c|bcd)(d*)", "abcd"),
        ("greedy-split", "(a*)(a*)", "aaa"),
        ("lazy-split", "(a*?)(a*)", "aaa"),
        ("greedy-plus", "(a+)(a+)", "aaaa"),
        ("lazy-plus", "(a+?)(a+)", "aaaa"),
        ("ungreedy-flag-swaps", "(?U)(a+)(a*)", "aaa"),
        ("first-alternative-wins", "(a)|(a)", "a"),
        ("optional-group-unset", "(x)?(y)", "y"),
        ("star-group-last-iteration", "(?:(a)|(b))*", "abab"),
        ("star-group-last-iteration-2", "(a|b)*", "aab"),
        ("empty-group", "()(a)", "a"),
        ("named-and-numbered", "(?P<v>\\d+)(ms)", "250ms"),
        ("noncapturing-skipped", "(?:a)(b)(c)", "abc"),
        ("group-with-newline-s-flag", "(?s)(.)(.)", "\nx"),
        ("host-port", "([^:]+):(\\d+)", "node-a.example.com:9100"),
        ("host-port-ipv6", "\\[(.*)\\]:(\\d+)", "[fe80::1]:443"),
        ("semicolon-split", "(.*);(.*)", "a;b;c"),
        ("semicolon-split-lazy", "(.*?);(.*)", "a;b;c"),
        ("unicode-captures", "(\\pL+)(\\PL+)", "żółw123"),
    ]
    for nm, r, v in captures:
        V(t, "captures/" + nm, rx(r, "[$1|$2|$3]"), {"a": v})


def define_defaults_and_parsing():
    t = "defaults-and-parsing"
    V(t, "action-omitted-is-replace", "- source_labels: [a]\n  target_label: b\n", {"a": "x"})
    V(t, "all-defaults-explicit",
      "- source_labels: [a]\n  separator: ';'\n  regex: '(.*)'\n  modulus: 0\n  target_label: b\n"
      "  replacement: '$1'\n  action: replace\n", {"a": "x"})
    V(t, "flow-style-rule", "- {source_labels: [a], target_label: b}\n", {"a": "x"})
    V(t, "flow-style-all-fields",
      "- {action: replace, source_labels: [a, c], separator: '-', regex: '(.*)-(.*)', "
      "target_label: b, replacement: '$2$1'}\n", {"a": "x", "c": "y"})
    V(t, "block-list-source-labels",
      "- source_labels:\n    - a\n    - c\n  target_label: b\n", {"a": "x", "c": "y"})
    V(t, "block-list-source-labels-unindented",
      "- source_labels:\n  - a\n  - c\n  target_label: b\n", {"a": "x", "c": "y"})
    V(t, "source-labels-empty-list",
      "- source_labels: []\n  target_label: b\n  replacement: v\n", {"a": "x"})
    V(t, "source-labels-empty-list-default-replacement",
      "- source_labels: []\n  target_label: b\n", {"b": "old"})
    V(t, "source-labels-duplicated", "- source_labels: [a, a]\n  target_label: b\n", {"a": "x"})
    V(t, "source-labels-quoted-names",
      "- source_labels: ['a', \"c\"]\n  target_label: b\n", {"a": "x", "c": "y"})
    V(t, "source-labels-yaml-bool-words-are-names",
      "- source_labels: [on, yes, true]\n  target_label: b\n", {"on": "1", "yes": "2", "true": "3"})
    V(t, "source-labels-null-item-reads-empty-name",
      "- source_labels: [~]\n  target_label: b\n  regex: ''\n  replacement: missing\n", {"a": "x"})
    V(t, "source-labels-null-item-reads-created-empty-name",
      "- action: labelmap\n  regex: 'x_(.*)'\n"
      "- source_labels: [~, a]\n  target_label: b\n", {"x_": "from-empty", "a": "x"})
    V(t, "source-labels-null-word-item",
      "- source_labels: [null, a]\n  target_label: b\n", {"a": "x"})
    V(t, "target-label-yaml-bool-word",
      "- source_labels: [a]\n  target_label: yes\n", {"a": "x"})
    for nm, lit in [("int", "123"), ("hex", "0x10"), ("octal", "010"), ("float", "1e3"),
                    ("bool", "true"), ("bool-word", "off"), ("inf", ".inf"),
                    ("tagged-str", "!!str 42"), ("timestamp", "2001-12-14"),
                    ("float-trailing-zero", "1.50")]:
        V(t, "replacement-scalar-kept-as-written/" + nm,
          "- target_label: b\n  replacement: %s\n" % lit, {})
    V(t, "separator-int-as-text",
      "- source_labels: [a, c]\n  separator: 1\n  target_label: b\n", {"a": "x", "c": "y"})
    V(t, "separator-tab", "- source_labels: [a, c]\n  separator: \"\\t\"\n  target_label: b\n",
      {"a": "x", "c": "y"})
    V(t, "regex-int-as-text", "- source_labels: [a]\n  regex: 123\n  target_label: b\n  replacement: m\n",
      {"a": "123"})
    V(t, "regex-float-as-text-dot-is-wildcard",
      "- source_labels: [a]\n  regex: 1.0\n  target_label: b\n  replacement: m\n", {"a": "1x0"})
    V(t, "action-single-quoted", "- source_labels: [a]\n  action: 'keep'\n  regex: x\n", {"a": "x"})
    V(t, "action-double-quoted", "- source_labels: [a]\n  action: \"drop\"\n  regex: x\n", {"a": "x"})
    V(t, "regex-block-scalar",
      "- source_labels: [a]\n  regex: |-\n    a|b\n  target_label: m\n  replacement: 'yes'\n", {"a": "b"})
    V(t, "regex-block-scalar-keeps-newline",
      "- source_labels: [a]\n  regex: |\n    a\n  target_label: m\n  replacement: 'yes'\n", {"a": "a\n"})
    V(t, "regex-folded-scalar",
      "- source_labels: [a]\n  regex: >-\n    a\n    b\n  target_label: m\n  replacement: 'yes'\n",
      {"a": "a b"})
    V(t, "double-quoted-escapes",
      "- source_labels: [a]\n  regex: \"(\\\\d+)\\\\.(\\\\d+)\"\n  target_label: b\n"
      "  replacement: \"\\u00e9$2\\x21\"\n", {"a": "1.2"})
    V(t, "plain-multiline-scalar-folds",
      "- target_label: b\n  replacement: one\n    two\n", {})
    V(t, "comments-ignored",
      "# leading comment\n- source_labels: [a]  # trailing\n  # inner\n  target_label: b\n", {"a": "x"})
    V(t, "keys-in-unusual-order",
      "- replacement: '<$1>'\n  target_label: b\n  regex: '(.)'\n  source_labels: [a]\n  action: replace\n",
      {"a": "x"})
    V(t, "yaml-anchor-and-merge-key",
      "- &r\n  source_labels: [a]\n  target_label: b\n- <<: *r\n  target_label: c\n", {"a": "x"})
    V(t, "yaml-alias-whole-rule",
      "- &r {target_label: n, replacement: v}\n- *r\n", {})
    V(t, "yaml-tagged-map-and-str",
      "- !!map {source_labels: [a], target_label: !!str b}\n", {"a": "x"})
    V(t, "empty-value-input-is-missing", "- source_labels: [a]\n  target_label: b\n",
      {"a": "", "b": "old"})
    V(t, "empty-value-input-keep-empty-regex",
      "- source_labels: [a]\n  action: keep\n  regex: ''\n", {"a": ""})
    V(t, "empty-value-input-not-labelmapped",
      "- action: labelmap\n  regex: '(a|b)'\n  replacement: 'copy_$1'\n", {"a": "", "b": "2"})
    V(t, "no-address-target-rule-sets-address",
      "- target_label: __address__\n  replacement: set-by-rule:80\n", {"a": "x"}, addr=NO_ADDR)
    V(t, "no-address-target-reads-empty",
      "- source_labels: [__address__]\n  regex: ''\n  target_label: no_addr\n  replacement: 'true'\n",
      {}, addr=NO_ADDR)
    V(t, "defaults-overridden-in-input", "- source_labels: [job, __scheme__]\n  target_label: b\n",
      {"job": "other-job", "__scheme__": "https", "__metrics_path__": "/probe",
       "__scrape_interval__": "15s", "__scrape_timeout__": "5s"})
    V(t, "param-and-tmp-labels-pass-through", "- target_label: b\n  replacement: v\n",
      {"__param_module": "http_2xx", "__tmp_x": "y", "__custom__": "z"})
    V(t, "unusual-values-pass-through", "- target_label: b\n  replacement: v\n",
      {"nl": "a\nb", "dollar": "$1${x}", "quote": "\"'", "bs": "\\", "sp": "  ", "uni": "𝔘𝔫𝔦"})
    many = {("l%02d" % i): ("v%d" % i) for i in range(60)}
    V(t, "many-labels-labelmap", "- action: labelmap\n  regex: 'l(.)(.)'\n  replacement: 'm$2'\n", many)
    long_chain = "".join("- target_label: c%02d\n  replacement: '%d'\n" % (i, i) for i in range(30))
    long_chain += "- source_labels: [c00, c29]\n  target_label: ends\n"
    V(t, "thirty-one-rules", long_chain, {})
    V(t, "long-value", "- source_labels: [a]\n  regex: '(.{5}).*'\n  target_label: b\n",
      {"a": "0123456789" * 200})
    V(t, "modulus-on-labelmap-ignored",
      "- action: labelmap\n  modulus: 18446744073709551615\n  regex: 'p_(.*)'\n", {"p_x": "1"})
    V(t, "hashmod-with-regex-null-accepted",
      "- source_labels: [a]\n  action: hashmod\n  target_label: h\n  modulus: 10\n  regex:\n",
      {"a": "Foo"})
    V(t, "replace-regex-null-accepted",
      "- source_labels: [a]\n  regex:\n  target_label: t\n  replacement: set\n", {})


# --------------------------------------------------------------------------------------
# Seeded random chains
# --------------------------------------------------------------------------------------

LABEL_POOL = {
    "__meta_kubernetes_namespace": ["default", "kube-system", "monitoring", "team-a", "prod"],
    "__meta_kubernetes_pod_name": ["api-7d9f8c6b5-x2x9k", "web-0", "node-exporter-abcde",
                                   "ingress-nginx-controller-5f7b"],
    "__meta_kubernetes_pod_label_app": ["api", "web", "node-exporter", "Ingress-NGINX"],
    "__meta_kubernetes_pod_label_app_kubernetes_io_name": ["api", "grafana", "prometheus"],
    "__meta_kubernetes_pod_label_pod_template_hash": ["7d9f8c6b5", "5f7b"],
    "__meta_kubernetes_pod_annotation_prometheus_io_scrape": ["true", "false", "True"],
    "__meta_kubernetes_pod_annotation_prometheus_io_port": ["9100", "8080", "9102", "metrics"],
    "__meta_kubernetes_pod_annotation_prometheus_io_path": ["/metrics", "/admin/metrics",
                                                            "/stats/prometheus"],
    "__meta_kubernetes_pod_annotation_prometheus_io_scheme": ["http", "https"],
    "__meta_kubernetes_pod_container_name": ["app", "istio-proxy", "exporter"],
    "__meta_kubernetes_pod_container_port_number": ["9100", "8080", "443"],
    "__meta_kubernetes_pod_container_port_name": ["metrics", "http", "grpc"],
    "__meta_kubernetes_pod_phase": ["Running", "Pending", "Succeeded", "Failed"],
    "__meta_kubernetes_pod_node_name": ["ip-10-0-1-23.eu-west-1.compute.internal", "node-a"],
    "__meta_kubernetes_pod_ready": ["true", "false"],
    "__meta_kubernetes_service_name": ["api", "web-svc", "kube-dns"],
    "__meta_kubernetes_service_label_app": ["api", "web"],
    "__meta_kubernetes_endpoint_port_name": ["metrics", "http-metrics", "web"],
    "__meta_kubernetes_node_label_topology_kubernetes_io_zone": ["eu-west-1a", "eu-west-1b"],
    "__meta_consul_service": ["redis", "billing-api", "consul"],
    "__meta_consul_tags": [",prod,v2,", ",canary,", ",staging,metrics,"],
    "__meta_consul_dc": ["dc1", "eu-west"],
    "__meta_consul_node": ["consul-server-1", "worker-17"],
    "__meta_consul_service_metadata_version": ["1.4.2", "2"],
    "__meta_ec2_tag_Name": ["web-1", "Żółw build", "db-primary"],
    "__meta_ec2_tag_Environment": ["production", "staging"],
    "__meta_ec2_instance_id": ["i-0abc123def4567890", "i-00000000000000001"],
    "__meta_ec2_availability_zone": ["eu-west-1a", "us-east-1c"],
    "__meta_ec2_private_ip": ["10.0.3.17", "172.31.5.9"],
    "env": ["prod", "staging", "dev", "Prod"],
    "team": ["infra", "payments", "search"],
    "region": ["eu-west-1", "us-east-1"],
    "app": ["api", "web", "worker"],
    "version": ["v1.2.3", "2024.01"],
    "instance": ["web-1:9100", "db"],
    "tier": ["frontend", "backend"],
    "__param_module": ["http_2xx", "icmp"],
    "__tmp_shard": ["0", "1"],
}
WEIRD_VALUES = ["ünïcödé ✓", "a;b;c", "$1 ${x} $$", "line1\nline2", "x", "ΑΒΓ δεζ", "😀 emoji",
                "Straße", "İstanbul", "  spaced  ", "a:b:c", "/", "tab\there", "\"quoted\"",
                "it's", "[::1]:9100", "UPPER_lower", "0", "-", "=", "\\backslash", "ǅungla"]
ADDRESSES = ["10.0.%d.%d:9100", "10.1.%d.%d:8080", "node-%d-%d.example.com:9100",
             "10.2.%d.%d", "[2001:db8::%d:%d]:9100", "host-%d-%d"]

REPLACE_REGEXES = [  # (regex, number of groups)
    ("(.*)", 1), ("(.+)", 1), ("([^:]+):(\\d+)", 2), ("(.*);(.*)", 2), ("prod|staging", 0),
    ("(?i)(.*)-(\\w+)", 2), ("true", 0), (".*", 0), ("(\\w+)\\.(\\w+)", 2), ("(.*),(.*),", 2),
    ("([^;]*);.*", 1), ("(?P<name>[a-z]+).*", 1), ("(ip-\\d+-\\d+-\\d+-\\d+)\\..*", 1),
    ("eu-(.*)", 1), ("(.)(.*)", 2), ("", 0), ("(?s)(.*)", 1), ("v(\\d+)\\.(\\d+).*", 2),
]
REPLACEMENTS = {0: ["$1", "yes", "", "matched", "$0", "${1}x"],
                1: ["$1", "${1}", "x_$1", "$1:9100", "", "<$1>", "$0", "${1}_suffix", "$2", "$1$1"],
                2: ["$1", "$2", "${1}:${2}", "$2-$1", "$1;$2", "${2}_x", "$1$2", ""]}
TARGETS = ["__address__", "__metrics_path__", "__scheme__", "instance", "job", "__tmp_a",
           "env", "team", "app", "pod", "namespace", "node", "zone", "__param_target", "shard"]
LABELMAPS = [
    ("__meta_kubernetes_pod_label_(.+)", "$1"),
    ("__meta_kubernetes_(pod|service)_label_(.+)", "${1}_$2"),
    ("__meta_ec2_tag_(.*)", "tag_$1"),
    ("__meta_consul_service_metadata_(.+)", "$1"),
    ("(env|team)", "orig_$1"),
    ("__meta_(\\w+?)_(.*)", "${1}__$2"),
    ("(.*)_name", "name_$1"),
    ("__tmp_(.*)", "$1"),
]
DROP_REGEXES = ["__meta_kubernetes_pod_label_pod_template_hash", "__tmp.*", "team|tier",
                "(?i)ENV", ".*_name", "__meta_consul_.*", "orig_.*", "tag_.*"]
KEEP_REGEXES = ["__.*|job|env|app|instance|team|region|tag_.*|orig_.*|name_.*",
                "__.*|job|instance|app", ".*[a-z].*", "(?:__|job|env).*"]
SEPARATORS = [";", ",", "", "-", "/", " "]
MODULI = [1, 2, 3, 4, 10, 16, 100, 1000, 4294967296, 18446744073709551615]


def go_quote_meta(s):
    return "".join("\\" + c if c in "\\.+*?()|[]{}^$" else c for c in s)


def random_rule(rng, universe):
    action = rng.choices(
        ["replace", "keep", "drop", "labelmap", "labeldrop", "labelkeep", "hashmod",
         "lowercase", "uppercase", "keepequal", "dropequal"],
        [36, 5, 5, 10, 8, 3, 6, 5, 4, 2, 2])[0]
    shown = action
    if rng.random() < 0.1:
        shown = rng.choice([action.upper(), action.capitalize()])
    r = {}

    def srcs(k):
        return rng.sample(universe, k)
    if action == "replace":
        if rng.random() < 0.12:
            r["target_label"] = rng.choice(TARGETS)
            r["replacement"] = rng.choice(["constant", "blackbox:9115", "/probe", "https", "",
                                           "x;y", "ünï"])
        else:
            regex, ng = rng.choice(REPLACE_REGEXES)
            r["source_labels"] = srcs(rng.choice([1, 1, 1, 2]))
            if len(r["source_labels"]) > 1 and rng.random() < 0.3:
                r["separator"] = rng.choice(SEPARATORS)
            if regex != "(.*)" or rng.random() < 0.3:
                r["regex"] = regex
            repl = rng.choice(REPLACEMENTS[min(ng, 2)])
            if repl != "$1" or rng.random() < 0.3:
                r["replacement"] = repl
            tgt = rng.choice(TARGETS)
            if ng >= 1 and rng.random() < 0.15:
                tgt = rng.choice(["${1}", "lbl_$1", "x_${1}"])
            r["target_label"] = tgt
        if rng.random() < 0.5:
            r = dict([("action", shown)] + list(r.items()))
    elif action in ("keep", "drop"):
        s = srcs(rng.choice([1, 1, 2]))
        r["source_labels"] = s
        if len(s) == 1:
            pool = LABEL_POOL.get(s[0], ["x"])
            choice = rng.random()
            if action == "keep":
                if choice < 0.55:  # usually passes when the label is present
                    r["regex"] = "|".join(go_quote_meta(v) for v in pool)
                elif choice < 0.75:
                    r["regex"] = ".*"
                elif choice < 0.9:
                    r["regex"] = rng.choice([".+", "(?i)" + go_quote_meta(rng.choice(pool))])
                elif choice < 0.95:
                    r["regex"] = ""
            else:
                if choice < 0.7:  # usually passes
                    r["regex"] = go_quote_meta(rng.choice(pool))
                elif choice < 0.85:
                    r["regex"] = rng.choice(["", ".*" + go_quote_meta(pool[0][:2]) + ".*"])
                else:
                    r["regex"] = rng.choice(["(?s).*\\n.*", ".*[;$].*", "\\d+"])
        else:
            r["regex"] = rng.choice([".*;.*", ".+;.+", ";", "(.*);(prod|staging)"]
                                    if action == "keep" else [";", "(.*);(prod|staging)", ".+;"])
        r["action"] = shown
    elif action in ("keepequal", "dropequal"):
        r["source_labels"] = srcs(1)
        r["action"] = shown
        if action == "keepequal" and rng.random() < 0.5:
            r["target_label"] = r["source_labels"][0]
        else:
            r["target_label"] = rng.choice(universe + ["__tmp_a", "env"])
    elif action == "hashmod":
        r["source_labels"] = srcs(rng.choice([1, 2]))
        r["action"] = shown
        r["target_label"] = rng.choice(["__tmp_hash", "shard", "h"])
        r["modulus"] = rng.choice(MODULI)
    elif action == "labelmap":
        r["action"] = shown
        regex, repl = rng.choice(LABELMAPS)
        r["regex"] = regex
        if repl != "$1" or rng.random() < 0.3:
            r["replacement"] = repl
    elif action == "labeldrop":
        r["action"] = shown
        r["regex"] = rng.choice(DROP_REGEXES)
    elif action == "labelkeep":
        r["action"] = shown
        r["regex"] = rng.choice(KEEP_REGEXES)
    else:  # lowercase / uppercase
        r["source_labels"] = srcs(rng.choice([1, 1, 2]))
        r["action"] = shown
        r["target_label"] = rng.choice(r["source_labels"] + ["env", "app", "__tmp_case"])
    return r


def random_input(rng, universe):
    labels = {}
    for name in universe:
        if rng.random() < 0.75:
            if rng.random() < 0.1 or name not in LABEL_POOL:
                labels[name] = rng.choice(WEIRD_VALUES)
            else:
                labels[name] = rng.choice(LABEL_POOL[name])
    a, b = rng.randrange(256), rng.randrange(1, 255)
    labels["__address__"] = rng.choice(ADDRESSES) % (a, b)
    return labels


def define_random_chains():
    t = "chains-random"
    rng = random.Random(20230131)  # fixed seed: 2.42.0 release day
    names = list(LABEL_POOL)
    for ci in range(100):
        universe = rng.sample(names, rng.randint(5, 10))
        n = rng.randint(3, 10)
        rules = rule_text(*[random_rule(rng, universe) for _ in range(n)])
        for k in range(3):
            V(t, "chain-%03d/input-%d" % (ci, k + 1), rules, random_input(rng, universe))


def define_invalid():
    # 1. empty action
    E("action/null", "- source_labels: [a]\n  action:\n  target_label: b\n")
    E("action/tilde", "- source_labels: [a]\n  action: ~\n  target_label: b\n")
    E("action/null-alone", "- action: null\n")
    # unknown actions
    for nm, lit in [("empty-string", "''"), ("foo", "foo"), ("trailing-space", "'replace '"),
                    ("keep-if-equal", "keep_if_equal"), ("drop-equal-underscore", "drop_equal"),
                    ("label-map-underscore", "label_map"), ("cyrillic-er", "Reрlace"),
                    ("newline", "\"keep\\n\""), ("int", "1"), ("bool", "true"),
                    ("keepifequal", "keepifequal"), ("leading-space", "' keep'")]:
        E("action/unknown-" + nm, "- source_labels: [a]\n  action: %s\n  target_label: b\n" % lit)
    E("action/sequence-type-error", "- source_labels: [a]\n  action: [keep]\n")
    E("action/mapping-type-error", "- source_labels: [a]\n  action: {keep: 1}\n")
    # 2. hashmod modulus
    for nm, lit in [("missing", None), ("zero", "0"), ("half", "0.5"), ("hex-zero", "0x0"),
                    ("dot-five", ".5"), ("zero-exponent", "0e0"), ("null", "~")]:
        extra = "" if lit is None else "  modulus: %s\n" % lit
        E("hashmod/modulus-" + nm, "- source_labels: [a]\n  action: hashmod\n  target_label: h\n" + extra)
    E("hashmod/modulus-zero-checked-before-target",
      "- source_labels: [a]\n  action: hashmod\n")
    # 3. target_label required
    E("target-required/replace", "- source_labels: [a]\n")
    E("target-required/empty-rule-mapping", "- {}\n")
    E("target-required/replace-empty-string", "- source_labels: [a]\n  target_label: ''\n")
    E("target-required/replace-null", "- source_labels: [a]\n  target_label:\n")
    E("target-required/replace-capitalised-action", "- action: Replace\n  replacement: x\n")
    E("target-required/hashmod", "- source_labels: [a]\n  action: hashmod\n  modulus: 10\n")
    for act in ["lowercase", "uppercase", "keepequal", "dropequal", "UPPERCASE", "DropEqual"]:
        E("target-required/" + act, "- source_labels: [a]\n  action: %s\n" % act)
    # 4'. target_label must match the template pattern
    for nm, tl in [("dot", "a.b"), ("digit-first", "1x"), ("unicode", "é"), ("lone-dollar", "$"),
                   ("trailing-dollar", "a$"), ("unclosed-brace", "${1"), ("brace-dash", "${a-b}"),
                   ("group-then-dot", "$1.x"), ("dash", "a-b"), ("space", "a b"),
                   ("digit-then-group", "1$1"), ("double-dollar", "$$"), ("group-dash", "$1-"),
                   ("braces-no-dollar", "{1}"), ("dunder-dot", "__a.b__"), ("dollar-space", "$ 1"),
                   ("empty-braces", "${}"), ("colon", "a:b")]:
        E("replace-target/" + nm, "- source_labels: [a]\n  target_label: %s\n" % sq(tl))
    for act in ["lowercase", "uppercase", "keepequal", "dropequal"]:
        for nm, tl in [("dot", "a.b"), ("unclosed-brace", "${1")]:
            E("%s-target/%s" % (act, nm), "- source_labels: [a]\n  action: %s\n  target_label: %s\n"
              % (act, sq(tl)))
    E("lowercase-target/digit-first", "- source_labels: [a]\n  action: lowercase\n  target_label: 1x\n")
    E("keepequal-target/unicode", "- source_labels: [a]\n  action: keepequal\n  target_label: é\n")
    # 7. replacement not allowed
    for act, lit in [("lowercase", "x"), ("uppercase", "''"), ("keepequal", "'$2'"),
                     ("dropequal", ""), ("lowercase", "'${1}'"), ("uppercase", "'$1 '")]:
        E("replacement-not-allowed/%s-%s" % (act, {"x": "x", "''": "empty", "'$2'": "group-2",
                                                    "": "null", "'${1}'": "braced-1",
                                                    "'$1 '": "trailing-space"}[lit]),
          "- source_labels: [a]\n  action: %s\n  target_label: b\n  replacement:%s\n"
          % (act, " " + lit if lit else ""))
    # 8. labelmap replacement
    for nm, rp in [("dot", "'a.b'"), ("empty", "''"), ("double-dollar", "'$$1'"),
                   ("digit-first", "1x"), ("dash", "'a-$1'"), ("null", ""), ("lone-dollar", "'$'"),
                   ("unclosed-brace", "'${1'"), ("unicode", "é"), ("digit-then-group", "'1$1'")]:
        E("labelmap-replacement/" + nm,
          "- action: labelmap\n  regex: 'x_(.*)'\n  replacement:%s\n" % (" " + rp if rp else ""))
    # 9. hashmod target must be a plain label name
    for nm, tl in [("template", "$1"), ("braced-template", "${1}"), ("dot", "a.b"),
                   ("digit-first", "1x"), ("unicode", "é")]:
        E("hashmod-target/" + nm,
          "- source_labels: [a]\n  action: hashmod\n  target_label: %s\n  modulus: 10\n" % sq(tl))
    # 10. keepequal/dropequal: no other fields
    for act in ["keepequal", "dropequal"]:
        for nm, extra in [("regex-default-text", "  regex: '(.*)'\n"), ("regex", "  regex: a\n"),
                          ("regex-empty", "  regex: ''\n"), ("regex-null", "  regex:\n"),
                          ("modulus", "  modulus: 1\n"), ("separator", "  separator: ','\n"),
                          ("separator-empty", "  separator: ''\n")]:
            E("%s-extra-fields/%s" % (act, nm),
              "- source_labels: [a]\n  action: %s\n  target_label: b\n%s" % (act, extra))
    # 11. labeldrop/labelkeep: only regex
    for act in ["labeldrop", "labelkeep"]:
        for nm, extra in [("source-labels-empty-list", "  source_labels: []\n"),
                          ("source-labels", "  source_labels: [a]\n"),
                          ("target-label", "  target_label: x\n"), ("modulus", "  modulus: 1\n"),
                          ("separator", "  separator: ','\n"), ("replacement", "  replacement: x\n"),
                          ("replacement-empty", "  replacement: ''\n")]:
            E("%s-extra-fields/%s" % (act, nm), "- action: %s\n  regex: a\n%s" % (act, extra))
    # null rules
    E("null-rule/tilde", "- ~\n")
    E("null-rule/bare-dash", "-\n")
    E("null-rule/null-word", "- null\n")
    E("null-rule/second-of-two", "- source_labels: [a]\n  target_label: b\n- ~\n")
    # YAML type errors
    E("type/source-labels-scalar", "- source_labels: a\n  target_label: b\n")
    E("type/source-labels-mapping", "- source_labels: {a: b}\n  target_label: b\n")
    E("type/source-labels-nested-list", "- source_labels: [[a]]\n  target_label: b\n")
    E("type/modulus-quoted", "- source_labels: [a]\n  action: hashmod\n  target_label: h\n  modulus: '1000'\n")
    E("type/modulus-negative", "- source_labels: [a]\n  action: hashmod\n  target_label: h\n  modulus: -1\n")
    E("type/modulus-word", "- source_labels: [a]\n  action: hashmod\n  target_label: h\n  modulus: abc\n")
    E("type/modulus-float-too-big", "- source_labels: [a]\n  action: hashmod\n  target_label: h\n  modulus: 1e30\n")
    E("type/modulus-inf", "- source_labels: [a]\n  action: hashmod\n  target_label: h\n  modulus: .inf\n")
    E("type/modulus-sexagesimal", "- source_labels: [a]\n  action: hashmod\n  target_label: h\n  modulus: 1:20\n")
    E("type/modulus-list", "- source_labels: [a]\n  action: hashmod\n  target_label: h\n  modulus: [1]\n")
    E("type/separator-list", "- source_labels: [a]\n  separator: [a]\n  target_label: b\n")
    E("type/regex-list", "- source_labels: [a]\n  regex: [a]\n  target_label: b\n")
    E("type/regex-mapping", "- source_labels: [a]\n  regex: {a: 1}\n  target_label: b\n")
    E("type/target-label-list", "- source_labels: [a]\n  target_label: [b]\n")
    E("type/replacement-mapping", "- source_labels: [a]\n  target_label: b\n  replacement: {a: b}\n")
    E("type/rules-mapping", "{action: keep}\n")
    E("type/rules-scalar", "foo\n")
    E("type/rule-is-list", "- [a, b]\n")
    E("type/rule-is-scalar", "- keep\n")
    E("type/error-on-third-line", "- source_labels: [a]\n  target_label: b\n- source_labels: x\n  target_label: c\n")
    # unknown fields
    for nm, f in [("foo", "foo: 1"), ("sourcelabels", "sourcelabels: [a]"), ("target", "target: x"),
                  ("regexp", "regexp: x"), ("capitalised-key", "Action: keep"),
                  ("source-label-singular", "source_label: a"), ("modulo", "modulo: 3"),
                  ("job-name", "job_name: x")]:
        E("unknown-field/" + nm, "- source_labels: [a]\n  target_label: b\n  %s\n" % f)
    E("unknown-field/on-second-rule",
      "- source_labels: [a]\n  target_label: b\n- action: drop\n  source_labels: [c]\n  bogus: 1\n")
    E("duplicate-key/action", "- source_labels: [a]\n  action: keep\n  action: drop\n")
    # invalid source label names
    for nm, sl in [("dot", "[a.b]"), ("digit-first", "[1a]"), ("empty", "['']"), ("unicode", "[é]"),
                   ("dash", "[a-b]"), ("space-second", "[a, 'b c']"), ("int", "[1]"),
                   ("block-list-dot", "\n    - ok\n    - x.y")]:
        E("source-label-name/" + nm, "- source_labels: %s\n  target_label: b\n" % sl
          if not sl.startswith("\n") else "- source_labels:%s\n  target_label: b\n" % sl)
    # bad regexes: one per Go regexp/syntax error kind, several variants
    bad = [
        ("missing-paren", "("), ("missing-paren-group", "(a"), ("missing-paren-noncapturing", "(?:a"),
        ("missing-paren-flags", "(?i"),
        ("unexpected-paren", ")"), ("unexpected-paren-after", "a)"),
        ("missing-bracket", "[a"), ("missing-bracket-leading-close", "[]a"),
        ("missing-bracket-negated", "[^"),
        ("char-range-reversed", "[z-a]"), ("char-range-perl-class", "[a-\\d]"),
        ("escape-backreference", "\\1"), ("escape-eight", "\\8"), ("escape-C", "\\C"),
        ("escape-u", "\\u0041"), ("escape-Z", "\\Z"), ("escape-non-ascii", "\\é"),
        ("escape-x-incomplete", "\\x4"), ("escape-x-brace-unclosed", "\\x{41"),
        ("named-capture-empty", "(?P<>a)"), ("named-capture-dash", "(?P<a-b>x)"),
        ("named-capture-unclosed", "(?P<a"), ("named-capture-equals", "(?P=a)"),
        ("perl-angle-named-group", "(?<n>a)"), ("perl-lookahead", "(?=a)"),
        ("perl-negative-lookahead", "(?!a)"), ("perl-lookbehind", "(?<=a)"),
        ("perl-negative-lookbehind", "(?<!a)"), ("perl-comment", "(?#c)"),
        ("perl-unknown-flag", "(?z)"), ("perl-atomic", "(?>a)"),
        ("char-class-posix-unknown", "[[:foo:]]"), ("char-class-unicode-unknown", "\\pX"),
        ("char-class-unicode-unknown-braced", "\\p{Foo}"), ("char-class-unicode-unclosed", "\\P{Latin"),
        ("repeat-missing-star", "*a"), ("repeat-missing-plus", "+"), ("repeat-missing-question", "?"),
        ("repeat-missing-after-bar", "a|*"), ("repeat-missing-in-group", "(*)"),
        ("repeat-missing-brace", "{2}"),
        ("nested-star-star", "a**"), ("nested-plus-plus", "a++"), ("nested-star-plus", "a*+"),
        ("nested-lazy-star", "a*??"),
        ("repeat-count-1001", "a{1001}"), ("repeat-count-reversed", "a{2,1}"),
        ("repeat-count-nested", "(a{1000}){2}"), ("repeat-count-open-1001", "a{1001,}"),
        ("trailing-backslash", "a\\"),
    ]
    for nm, r in bad:
        E("regex/" + nm, "- source_labels: [a]\n  regex: %s\n  target_label: b\n" % sq(r))
    E("regex/nesting-too-deep", "- source_labels: [a]\n  regex: '%s'\n  target_label: b\n"
      % ("(" * 1001 + "a" + ")" * 1001))
    # Go 1.19.8 limits a program to 128 MiB / 40 bytes = 3355443 instructions; 3355 * 1000
    # still compiles, 3356 * 1000 does not (reported as an "internal error").
    E("regex/expression-too-large", "- source_labels: [a]\n  regex: '(?:%s){1000}'\n  target_label: b\n"
      % ("a" * 3356))
    E("regex/invalid-in-labelmap", "- action: labelmap\n  regex: '(?<x>a)'\n")
    E("regex/invalid-in-keep", "- action: keep\n  regex: '['\n")
    E("regex/invalid-in-labeldrop", "- action: labeldrop\n  regex: 'a{1001}'\n")
    # which error wins
    E("order/second-rule-invalid",
      "- source_labels: [a]\n  target_label: b\n- action: hashmod\n  target_label: h\n")
    E("order/regex-before-unknown-action", "- regex: '('\n  action: foo\n")
    E("order/unknown-action-before-regex", "- action: foo\n  regex: '('\n")
    E("order/custom-error-beats-type-error", "- modulus: abc\n  regex: '('\n")
    E("order/source-name-before-regex", "- source_labels: [a.b]\n  regex: '('\n")
    E("order/type-error-beats-validation", "- action: hashmod\n  modulus: abc\n")
    E("order/empty-action-beats-everything", "- action:\n  modulus: 0\n  target_label: '1x'\n")
    E("order/target-before-replacement-keepequal",
      "- source_labels: [a]\n  action: keepequal\n  target_label: a.b\n  replacement: x\n")
    E("order/replacement-before-extra-fields-dropequal",
      "- source_labels: [a]\n  action: dropequal\n  target_label: b\n  replacement: x\n  regex: a\n")
    E("order/labelmap-replacement-with-ignored-fields",
      "- action: labelmap\n  source_labels: [a]\n  replacement: 'a.b'\n")
    E("order/target-required-before-pattern-uppercase",
      "- source_labels: [a]\n  action: uppercase\n  target_label: ''\n  replacement: x\n")


# --------------------------------------------------------------------------------------
# Self-check of the written files (no promtool needed): `record.py --check`
# --------------------------------------------------------------------------------------

def self_check():
    import yaml
    problems = []
    total = {"valid": 0, "invalid": 0}
    for path in sorted(OUTDIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        head = text.split("\ncompat:", 1)[0]

        def bad(msg):
            problems.append("%s: %s" % (path.name, msg))
        if not all(l.startswith("#") for l in head.splitlines()):
            bad("provenance comment missing")
        for needle in ("Recorded from: promtool, version 2.42.", "Command: promtool ",
                       "Date: ", "generated by testdata/relabel/gen/record.py; do not edit by hand"):
            if needle not in head:
                bad("provenance lacks %r" % needle)
        doc = yaml.safe_load(text)
        if set(doc) != {"compat", "cases"} or doc["compat"] != 2:
            bad("top-level keys must be exactly compat: 2 and cases")
        names = set()
        nv = ni = 0
        for c in doc["cases"]:
            name = c.get("name")
            if not isinstance(name, str) or name in names:
                bad("missing or duplicate name %r" % name)
            names.add(name)
            extra = set(c) - {"name", "rules", "input", "output", "dropped", "error", "error_line"}
            if extra:
                bad("%s: unknown keys %s" % (name, sorted(extra)))
            if not isinstance(c.get("rules"), str):
                bad("%s: rules must be text" % name)
            exp = [k for k in ("output", "dropped", "error") if k in c]
            if len(exp) != 1:
                bad("%s: needs exactly one expectation, has %s" % (name, exp))
                continue
            if "error" in c:
                ni += 1
                if not isinstance(c["error"], str) or not c["error"]:
                    bad("%s: error must be a non-empty string" % name)
                if "error_line" in c and (not isinstance(c["error_line"], int) or c["error_line"] < 1):
                    bad("%s: bad error_line" % name)
                if c.get("input") != {}:
                    bad("%s: error cases carry an empty input" % name)
                continue
            nv += 1
            if "error_line" in c:
                bad("%s: error_line without error" % name)
            if "dropped" in c and c["dropped"] is not True:
                bad("%s: dropped must be true" % name)
            sets = [c.get("input")] + ([c["output"] or {}] if "output" in c else [])
            for ls in sets:
                if not isinstance(ls, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                       for k, v in ls.items()):
                    bad("%s: label sets must map strings to strings" % name)
                elif any(k.startswith("ORACLE_") for k in ls):
                    bad("%s: ORACLE_ label leaked" % name)
            inp = c.get("input") or {}
            for k in list(DEFAULTS) + ["__meta_filepath"]:
                if not inp.get(k):
                    bad("%s: input lacks %s" % (name, k))
        total["valid"] += nv
        total["invalid"] += ni
        print("%-28s %4d cases (%d valid, %d invalid)" % (path.name, nv + ni, nv, ni))
    print("total %d cases: %d valid, %d invalid"
          % (total["valid"] + total["invalid"], total["valid"], total["invalid"]))
    for p in problems:
        print("PROBLEM", p)
    return not problems


# --------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description="Record the 2.42 relabel corpus from promtool.")
    ap.add_argument("--verify-sentinel", action="store_true",
                    help="re-run a sample of valid cases without the sentinel rules and compare")
    ap.add_argument("--keep-tmp", action="store_true", help="keep the scratch folder in /tmp")
    ap.add_argument("--check", action="store_true",
                    help="only check the schema of the written fixture files and print counts")
    args = ap.parse_args()
    if args.check:
        sys.exit(0 if self_check() else 1)
    if not os.access(PROMTOOL, os.X_OK):
        sys.exit("promtool not found at %s (run /work/shared/perf/get-promtool.sh)" % PROMTOOL)
    version = promtool_version()
    if " 2.42." not in version:
        sys.exit("unexpected promtool version: " + version)
    start = time.monotonic()
    define_cases()
    valid = [c for c in CASES if not c.invalid]
    invalid = [c for c in CASES if c.invalid]
    tmp = Path(tempfile.mkdtemp(prefix="promsd-relabel-record-", dir="/tmp"))
    try:
        ngroups, nretry = record_valid(tmp, valid)
        record_invalid(tmp, invalid)
        ok = verify_sentinel(tmp, valid) if args.verify_sentinel else True
        counts = write_fixtures(CASES, version, datetime.date.today().isoformat())
    finally:
        if args.keep_tmp:
            print("scratch folder kept:", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    for topic, n in counts.items():
        print("%-28s %4d" % (topic + ".yaml", n))
    print("total %d cases: %d valid (%d rules groups, %d single-case re-runs), %d invalid; %.1fs"
          % (len(CASES), len(valid), ngroups, nretry, len(invalid), time.monotonic() - start))
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
