#!/usr/bin/env python3
"""Record the end-to-end corpus testdata/e2e/promtool-2.42/*.yaml from Debian's promtool 2.42.

The case definitions are at the end of this file, one function per topic file.  A case is a
small Prometheus setup (a prometheus.yml plus, for file SD, the target files it reads) and
what to ask promtool about it.  For each case the recorder

  1. writes the files into a fresh scratch folder under /tmp (never into the repository),
  2. runs promtool in that folder, with relative paths, as a user would:
       - sd(...): `promtool check service-discovery --timeout=300ms prometheus.yml <job>`;
         stdout (a JSON array, no trailing newline) becomes `expected`.  When a target
         fails (an `"error": {}` entry, whose message promtool loses) `promtool check
         config` is recorded too, since it names the first population error;
       - reject(...) / accept(...): `promtool check config prometheus.yml`; the exit code,
         the error (the text after `FAILED: parsing YAML file prometheus.yml: `, else the
         whole FAILED line) and stdout+stderr verbatim become `check_config`;
  3. writes one fixture file per topic in the format of testdata/README.md ("End-to-end
     case files"), reloads it with PyYAML to prove the texts survive, and runs the schema
     self-check over every e2e fixture file (both promtool-2.42/ and prometheus-3/).

Order: promtool prints group sources in Go map order, which is random.  The recorder cuts
the top-level JSON array into its entries (each entry's text kept byte for byte) and sorts
them by that text, so the recording is deterministic; consumers compare entries as multisets.

Completeness: discovery runs for the length of the timeout.  The recorder compares the entry
count with the case's `n` or, without one, with the number of targets in the case's files
(an upper bound: promtool drops duplicates within a group source); when promtool printed
fewer entries it runs again with 1s and then 3s and keeps the longest answer.  Cases whose
files promtool reads differently from Python (duplicates, broken files) state `n`.

Sanity: every case says what it expects (sd: exit 0 and a JSON array, and `n` entries if
given; reject: non-zero exit; accept: exit 0).  Surprises are reported together and nothing
is written, so a recording never silently turns a rejection into an acceptance.

Usage (from the repository root; takes about a minute):
    python3 testdata/e2e/gen/record.py                 # record everything
    python3 testdata/e2e/gen/record.py --only params   # one topic file
    python3 testdata/e2e/gen/record.py --promtool /path/to/promtool
    python3 testdata/e2e/gen/record.py --check         # schema self-check only, no promtool

Never mix static_configs with another SD in the job under test: promtool 2.42 panics
("send on closed channel").  Needs Python 3 and PyYAML.
"""

import argparse
import base64
import concurrent.futures
import glob
import json
import os
import re
import shutil
import subprocess
import tempfile
import textwrap
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, "..", "promtool-2.42"))
DEFAULT_PROMTOOL = "/opt/prometheus-2.42/usr/bin/promtool"
CONFIG = "prometheus.yml"
TIMEOUTS = ["300ms", "1s", "3s"]
PARSE_PREFIX = "FAILED: parsing YAML file prometheus.yml: "

# ---------------------------------------------------------------------------------------
# case definitions helpers

TOPICS = {}  # topic -> list of case dicts, in definition order


def d(text):
    """Dedent a triple-quoted block and drop the leading newline."""
    return textwrap.dedent(text).lstrip("\n")


def _add(topic, name, files, kind, job=None, n=None, cc=None):
    cases = TOPICS.setdefault(topic, [])
    if any(c["name"] == name for c in cases):
        raise SystemExit("duplicate case name %s/%s" % (topic, name))
    if CONFIG not in files:
        raise SystemExit("case %s has no %s" % (name, CONFIG))
    cases.append({"name": name, "files": dict(files), "kind": kind, "job": job, "n": n, "cc": cc})


def sd(topic, name, files, job="j", n=None, cc=None):
    """A `check service-discovery` case.  n: expected entry count when the target count is
    not a good estimate.  cc: also record `check config` (None = only when a target fails,
    True = always)."""
    _add(topic, name, files, "sd", job=job, n=n, cc=cc)


def reject(topic, name, files):
    """A `check config` case that must fail."""
    _add(topic, name, files, "reject")


def accept(topic, name, files):
    """A `check config` case that must succeed (to pin warnings)."""
    _add(topic, name, files, "accept")


def jfile(*groups):
    """A file_sd JSON file from (targets, labels) pairs; labels may be None (omitted)."""
    out = []
    for g in groups:
        targets, labels = g if isinstance(g, tuple) else (g, None)
        e = {"targets": targets}
        if labels is not None:
            e["labels"] = labels
        out.append(e)
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def fjob(body="", files="t.json", glob_="", job="j"):
    """prometheus.yml with one file SD job.  body: extra job keys (block YAML, unindented).
    glob_: a `global:` section body (block YAML, unindented)."""
    out = ""
    if glob_:
        out += "global:\n" + textwrap.indent(d(glob_), "  ")
    out += "scrape_configs:\n  - job_name: %s\n" % job
    if body:
        out += textwrap.indent(d(body), "    ")
    out += "    file_sd_configs:\n      - files: [%s]\n" % files
    return out


def sjob(body="", static="", glob_="", job="j"):
    """prometheus.yml with one static_configs job; static: the list body (block YAML)."""
    out = ""
    if glob_:
        out += "global:\n" + textwrap.indent(d(glob_), "  ")
    out += "scrape_configs:\n  - job_name: %s\n" % job
    if body:
        out += textwrap.indent(d(body), "    ")
    out += "    static_configs:\n" + textwrap.indent(d(static), "      ")
    return out


def F(cfg, **kw):
    """Files dict: prometheus.yml plus t.json-style keyword files (dots as __)."""
    files = {CONFIG: cfg}
    for k, v in kw.items():
        files[k.replace("__", ".")] = v
    return files


# ---------------------------------------------------------------------------------------
# running promtool


def write_files(folder, files):
    for rel, text in files.items():
        path = os.path.join(folder, rel)
        if rel.endswith("/"):  # a directory
            os.makedirs(path, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(text, dict):  # {base64: bytes} or {symlink: target}
            if "symlink" in text:
                os.symlink(text["symlink"], path)
            else:
                with open(path, "wb") as f:
                    f.write(base64.b64decode(text["base64"]))
            continue
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)


def count_targets(folder, job):
    """Upper bound for the entries promtool prints for a job (targets in its groups)."""
    try:
        with open(os.path.join(folder, CONFIG), encoding="utf-8") as f:
            cfg = yaml.safe_load(f)
        scfg = next(s for s in cfg["scrape_configs"] if isinstance(s, dict) and str(s.get("job_name")) == job)
    except Exception:
        return 0
    total = 0

    def groups_targets(groups):
        t = 0
        if isinstance(groups, list):
            for g in groups:
                if isinstance(g, dict):
                    for k, v in g.items():
                        if str(k).lower() == "targets" and isinstance(v, list):
                            t += len(v)
        return t

    for sc in scfg.get("static_configs") or []:
        total += groups_targets([sc])
    for fc in scfg.get("file_sd_configs") or []:
        for pat in (fc or {}).get("files") or []:
            for path in sorted(glob.glob(os.path.join(folder, str(pat)))):
                try:
                    with open(path, encoding="utf-8") as f:
                        text = f.read()
                    data = json.loads(text) if path.lower().endswith(".json") else yaml.safe_load(text)
                except Exception:
                    continue
                total += groups_targets(data)
    return total


def split_entries(text):
    """Split promtool's JSON array text into the texts of its top-level entries."""
    if text == "[]":
        return []
    if not (text.startswith("[\n  {") and text.endswith("}\n]")):
        raise ValueError("unexpected promtool output shape: %r" % text[:80])
    body = text[2:-2]
    parts = re.split(r"(?<=\n  \}),\n(?=  \{)", body)
    return parts


def join_entries(parts):
    if not parts:
        return "[]"
    return "[\n" + ",\n".join(parts) + "\n]"


def run(promtool, folder, args):
    p = subprocess.run([promtool] + args, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def run_check_config(promtool, folder):
    p = subprocess.run([promtool, "check", "config", CONFIG], cwd=folder, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    out = p.stdout.decode("utf-8")
    res = {"exit": p.returncode}
    if p.returncode != 0:
        i = out.find("FAILED: ")
        if i < 0:
            raise RuntimeError("no FAILED line in %r" % out)
        err = out[i:].rstrip("\n")
        if err.startswith(PARSE_PREFIX):
            err = err[len(PARSE_PREFIX):]
        res["error"] = err
    res["output"] = out
    return res


def record_case(promtool, root, topic, idx, case):
    folder = os.path.join(root, topic, "%03d" % idx)
    os.makedirs(folder)
    write_files(folder, case["files"])
    out = {"name": case["name"], "files": case["files"]}
    where = "%s/%s" % (topic, case["name"])
    if case["kind"] == "sd":
        job = case["job"]
        want = case["n"] if case["n"] is not None else count_targets(folder, job)
        best = None
        for tries, t in enumerate(TIMEOUTS, 1):
            rc, stdout, stderr = run(promtool, folder, ["check", "service-discovery", "--timeout=" + t, CONFIG, job])
            if rc != 0 or not stdout.startswith("["):
                raise RuntimeError("%s: check service-discovery failed (rc=%d): %s" % (where, rc, stderr[-2000:]))
            parts = split_entries(stdout)
            if len(json.loads(stdout)) != len(parts):
                raise RuntimeError("%s: could not split the output into entries" % where)
            if best is None or len(parts) > len(best):
                best = parts
            if len(best) >= want:
                break
        if case["n"] is not None and len(best) != case["n"]:
            raise RuntimeError("%s: expected %d entries, got %d" % (where, case["n"], len(best)))
        best = sorted(best)
        out["job"] = job
        out["expected"] = join_entries(best)
        with_cc = case["cc"] if case["cc"] is not None else any('\n    "error": ' in p for p in best)
        if with_cc:
            out["check_config"] = run_check_config(promtool, folder)
    else:
        res = run_check_config(promtool, folder)
        if case["kind"] == "reject" and res["exit"] == 0:
            raise RuntimeError("%s: expected a rejection, got:\n%s" % (where, res["output"]))
        if case["kind"] == "accept" and res["exit"] != 0:
            raise RuntimeError("%s: expected acceptance, got:\n%s" % (where, res["output"]))
        out["check_config"] = res
        tries = 0
    return out, tries


# ---------------------------------------------------------------------------------------
# writing fixture YAML (hand-rolled so that texts stay literal blocks; checked by reloading)

SAFE_PLAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")
BAD_IN_BLOCK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")


def quoted(s):
    q = yaml.dump(s, default_style='"', allow_unicode=True, width=float("inf"))
    q = q.rstrip("\n")
    if q.endswith("\n..."):
        q = q[:-4].rstrip("\n")
    assert "\n" not in q, q
    return q


def key(s):
    return s if SAFE_PLAIN.match(s) and s not in ("y", "n", "yes", "no", "on", "off", "true", "false", "null") else quoted(s)


def scalar(s):
    if isinstance(s, bool):
        return "true" if s else "false"
    if isinstance(s, int):
        return str(s)
    if SAFE_PLAIN.match(s) and not re.match(r"^[0-9]", s) and s not in ("y", "n", "yes", "no", "on", "off", "true", "false", "null"):
        return s
    return quoted(s)


def block(s, indent):
    """A literal block scalar for s at the given indentation, or a quoted scalar."""
    if s == "" or s.strip("\n") == "" or BAD_IN_BLOCK.search(s) or "\r" in s:
        return " " + quoted(s)
    if s.endswith("\n\n"):
        chomp = "+"
    elif s.endswith("\n"):
        chomp = ""
    else:
        chomp = "-"
    ind = "2" if s[0] in " \n" else ""  # relative to the parent key, which sits 2 to the left
    body = s[:-1] if s.endswith("\n") else s
    lines = [(" " * indent + ln) if ln else "" for ln in body.split("\n")]
    return " |" + ind + chomp + "\n" + "\n".join(lines)


def emit_case(c):
    out = ["  - name: " + scalar(c["name"])]
    out.append("    files:")
    for fname, text in c["files"].items():
        if isinstance(text, dict):
            (k, v), = text.items()
            out.append("      " + key(fname) + ": {%s: %s}" % (k, quoted(v)))
        else:
            out.append("      " + key(fname) + ":" + block(text, 8))
    if "job" in c:
        out.append("    job: " + scalar(c["job"]))
        out.append("    expected:" + block(c["expected"], 6))
    if "check_config" in c:
        cc = c["check_config"]
        out.append("    check_config:")
        out.append("      exit: %d" % cc["exit"])
        if "error" in cc:
            err = cc["error"]
            if "\n" in err:
                out.append("      error:" + block(err, 8))
            else:
                out.append("      error: " + quoted(err))
        out.append("      output:" + block(cc["output"], 8))
    return "\n".join(out) + "\n"


def provenance(version_line):
    return (
        "# Recorded from Debian's promtool 2.42:\n"
        "#   %s\n"
        "# Each case's files were written into an empty scratch folder and promtool was run there:\n"
        "#   promtool check service-discovery --timeout=300ms prometheus.yml <job>   -> expected\n"
        "#     (re-run with --timeout=1s / 3s when it printed fewer entries than the files hold targets)\n"
        "#   promtool check config prometheus.yml                                   -> check_config\n"
        "# `expected` is promtool's stdout; promtool prints group sources in random (Go map) order,\n"
        "# so the top-level array entries are sorted by their JSON text; each entry's text is verbatim.\n"
        "# generated by testdata/e2e/gen/record.py; do not edit by hand\n" % version_line
    )



# ---------------------------------------------------------------------------------------
# schema self-check of every e2e fixture file (both folders), without running promtool

CASE_KEYS = {"name", "source", "files", "job", "expected", "check_config"}
CC_KEYS = {"exit", "error", "output"}
ENTRY_KEYS = {"discoveredLabels", "labels", "error"}
PROVENANCE_2 = "generated by testdata/e2e/gen/record.py; do not edit by hand"


def go_json_string(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or ch in "<>&\u2028\u2029":
            out.append("\\u%04x" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def go_marshal_indent(v, indent=""):
    """Go json.MarshalIndent(v, "", "  ") for the shapes promtool prints."""
    inner = indent + "  "
    if isinstance(v, dict):
        if not v:
            return "{}"
        keys = list(v)
        if not (keys == ["discoveredLabels", "labels"] or keys == ["discoveredLabels", "labels", "error"]):
            keys = sorted(keys, key=lambda k: k.encode("utf-8"))
        items = ["%s%s: %s" % (inner, go_json_string(k), go_marshal_indent(v[k], inner)) for k in keys]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(v, list):
        if not v:
            return "[]"
        return "[\n" + ",\n".join(inner + go_marshal_indent(x, inner) for x in v) + "\n" + indent + "]"
    if isinstance(v, str):
        return go_json_string(v)
    raise ValueError("unexpected JSON value %r" % (v,))


def check_file(path, compat):
    problems = []
    with open(path, encoding="utf-8") as f:
        text = f.read()
    where = os.path.relpath(path)
    if not text.startswith("#"):
        problems.append("%s: no provenance comment at the top" % where)
    if compat == 2 and PROVENANCE_2 not in text.split("\ncompat:")[0]:
        problems.append("%s: provenance comment lacks %r" % (where, PROVENANCE_2))
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        return problems + ["%s: not YAML: %s" % (where, e)]
    if not isinstance(data, dict) or set(data) != {"compat", "cases"}:
        return problems + ["%s: top level must be exactly compat + cases" % where]
    if data["compat"] != compat:
        problems.append("%s: compat %r, expected %d" % (where, data["compat"], compat))
    names = set()
    for i, c in enumerate(data["cases"] or []):
        at = "%s case %d" % (where, i)
        if not isinstance(c, dict):
            problems.append(at + ": not a map")
            continue
        at = "%s/%s" % (where, c.get("name"))
        extra = set(c) - CASE_KEYS
        if extra:
            problems.append("%s: unknown keys %s" % (at, sorted(extra)))
        if not isinstance(c.get("name"), str) or not c["name"]:
            problems.append(at + ": missing name")
        elif c["name"] in names:
            problems.append(at + ": duplicate name")
        names.add(c.get("name"))
        if compat == 3 and not (isinstance(c.get("source"), str) and c["source"].strip()):
            problems.append(at + ": compat 3 case without source")
        if compat == 2 and "source" in c:
            problems.append(at + ": recorded case with source")
        files = c.get("files")
        if not isinstance(files, dict) or CONFIG not in files or not all(
                isinstance(k, str) and (isinstance(v, str) or (isinstance(v, dict) and len(v) == 1
                                   and set(v) <= {"base64", "symlink"})) for k, v in files.items()):
            problems.append(at + ": files must map names to texts and hold prometheus.yml")
        if ("job" in c) != ("expected" in c):
            problems.append(at + ": job and expected go together")
        if "job" not in c and "check_config" not in c:
            problems.append(at + ": neither job/expected nor check_config")
        if "expected" in c:
            exp = c["expected"]
            try:
                entries = json.loads(exp)
                if not isinstance(entries, list):
                    raise ValueError("not an array")
                for e in entries:
                    if not isinstance(e, dict) or set(e) - ENTRY_KEYS or not {"discoveredLabels", "labels"} <= set(e):
                        raise ValueError("bad entry keys %r" % (sorted(e) if isinstance(e, dict) else e))
                    for k in ("discoveredLabels", "labels"):
                        if not all(isinstance(x, str) for x in e[k].values()):
                            raise ValueError("non-string label value")
                    if "error" in e and e["error"] != {}:
                        raise ValueError("error must be {}")
                if go_marshal_indent(entries) != exp:
                    raise ValueError("not in Go json.MarshalIndent form (key order, indent, escapes)")
                if compat == 2 and split_entries(exp) != sorted(split_entries(exp)):
                    raise ValueError("recorded entries not sorted")
            except ValueError as e:
                problems.append("%s: expected: %s" % (at, e))
        if "check_config" in c:
            cc = c["check_config"]
            if not isinstance(cc, dict) or set(cc) - CC_KEYS or not {"exit", "output"} <= set(cc):
                problems.append(at + ": check_config must have exit, output and optionally error")
            elif not isinstance(cc["exit"], int) or not isinstance(cc["output"], str):
                problems.append(at + ": check_config exit/output types")
            elif (cc["exit"] != 0) != ("error" in cc):
                problems.append(at + ": check_config error goes with a non-zero exit")
            elif "error" in cc and not cc["error"].splitlines()[0] in cc["output"]:
                problems.append(at + ": check_config error not found in output")
    return problems


def self_check():
    root = os.path.dirname(OUT_DIR)
    problems, counts = [], []
    for folder, compat in (("promtool-2.42", 2), ("prometheus-3", 3)):
        for path in sorted(glob.glob(os.path.join(root, folder, "*.yaml"))):
            problems += check_file(path, compat)
            with open(path, encoding="utf-8") as f:
                cases = yaml.safe_load(f)["cases"]
            n_sd = sum("job" in c for c in cases)
            n_rej = sum("job" not in c and c["check_config"]["exit"] != 0 for c in cases)
            counts.append((folder + "/" + os.path.basename(path), len(cases), n_sd, n_rej))
    for name, n, n_sd, n_rej in counts:
        print("%-48s %3d cases (%3d service-discovery, %3d check-config-only rejections)" % (name, n, n_sd, n_rej))
    for folder in ("promtool-2.42", "prometheus-3"):
        sel = [c for c in counts if c[0].startswith(folder)]
        print("%-48s %3d cases (%3d service-discovery, %3d check-config-only rejections)" % (
            folder + " total", sum(c[1] for c in sel), sum(c[2] for c in sel), sum(c[3] for c in sel)))
    if problems:
        raise SystemExit("\n".join(problems) + "\n%d problem(s)" % len(problems))
    print("self-check: OK")

# ---------------------------------------------------------------------------------------
# main


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--promtool", default=DEFAULT_PROMTOOL)
    ap.add_argument("--only", action="append", help="record only this topic (repeatable)")
    ap.add_argument("--jobs", type=int, default=4, help="cases run in parallel")
    ap.add_argument("--check", action="store_true",
                    help="only check the schema of every e2e fixture file (no promtool needed)")
    args = ap.parse_args()
    if args.check:
        self_check()
        return

    started = time.time()
    define_cases()
    version = subprocess.run([args.promtool, "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    version_line = version.stdout.decode().splitlines()[0].strip()
    if "2.42" not in version_line:
        raise SystemExit("not promtool 2.42: " + version_line)

    topics = args.only or list(TOPICS)
    for t in topics:
        if t not in TOPICS:
            raise SystemExit("unknown topic " + t)
    root = tempfile.mkdtemp(prefix="promsd-e2e-record-", dir="/tmp")
    try:
        jobs = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
            for t in topics:
                for i, c in enumerate(TOPICS[t]):
                    jobs.append((t, i, ex.submit(record_case, args.promtool, root, t, i, c)))
            results, failures, retried = {}, [], 0
            for t, i, fut in jobs:
                try:
                    out, tries = fut.result()
                    results.setdefault(t, []).append(out)
                    if tries > 1:
                        retried += 1
                        print("note: %s/%s needed %d runs" % (t, out["name"], tries))
                except Exception as e:  # report every surprise, then stop
                    failures.append(str(e))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if failures:
        raise SystemExit("\n\n".join(failures) + "\n\n%d case(s) failed; nothing written" % len(failures))

    os.makedirs(OUT_DIR, exist_ok=True)
    if not args.only:
        for old in glob.glob(os.path.join(OUT_DIR, "*.yaml")):
            if os.path.basename(old)[:-5] not in TOPICS:
                os.remove(old)
    total = 0
    for t in topics:
        text = provenance(version_line) + "compat: 2\ncases:\n" + "".join(emit_case(c) for c in results[t])
        loaded = yaml.safe_load(text)
        want = {"compat": 2, "cases": results[t]}
        if loaded != want:
            for a, b in zip(loaded["cases"], want["cases"]):
                if a != b:
                    raise SystemExit("YAML round trip differs in %s/%s:\n%r\n%r" % (t, b["name"], a, b))
            raise SystemExit("YAML round trip differs in " + t)
        with open(os.path.join(OUT_DIR, t + ".yaml"), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        total += len(results[t])
        print("%-28s %3d cases" % (t + ".yaml", len(results[t])))
    print("total %d cases (%d needed a longer timeout) in %.0fs" % (total, retried, time.time() - started))
    self_check()


# ---------------------------------------------------------------------------------------
# the cases: one function per topic file; T is the file name without .yaml


def define_cases():
    for f in CASE_FUNCS:
        f()


CASE_FUNCS = []


def topic(f):
    CASE_FUNCS.append(f)
    return f


@topic
def population():
    T = "population"
    sd(T, "basic/two-targets-group-label", F(fjob(), t__json=jfile((["a:1", "b:2"], {"env": "prod"}))))
    sd(T, "basic/no-labels-key", F(fjob(), t__json=jfile(["a:1"])))
    sd(T, "group-job-label-overrides-job-name", F(fjob(), t__json=jfile((["a:1"], {"job": "other"}))))
    sd(T, "group-instance-label-overrides-default", F(fjob(), t__json=jfile((["a:1", "b:2"], {"instance": "fixed"}))))
    sd(T, "group-empty-instance-means-default", F(fjob(), t__json=jfile((["a:1"], {"instance": ""}))))
    sd(T, "group-empty-job-means-default", F(fjob(), t__json=jfile((["a:1"], {"job": ""}))))
    sd(T, "no-address/empty-target", F(fjob(), t__json=jfile((["", "a:1"], {"env": "x"}))))
    sd(T, "no-address/group-address-label-does-not-fill-empty-target",
       F(fjob(), t__json=jfile((["", "a:1"], {"__address__": "g:9"}))))
    sd(T, "no-address/group-address-label-ignored", F(fjob(), t__json=jfile((["a:1"], {"__address__": "g:9"}))))
    sd(T, "no-address/relabel-deletes-address", F(fjob("""
        relabel_configs:
          - target_label: __address__
            replacement: ""
        """), t__json=jfile(["a:1"])))
    sd(T, "no-address/labelkeep-drops-address", F(fjob("""
        relabel_configs:
          - action: labelkeep
            regex: job|env
        """), t__json=jfile((["a:1"], {"env": "x"}))))
    sd(T, "no-address/labeldrop-address-other-targets-fine", F(fjob("""
        relabel_configs:
          - source_labels: [env]
            regex: bad
            target_label: __address__
            replacement: ""
        """), t__json=jfile((["a:1"], {"env": "bad"}), (["b:2"], {"env": "good"}))))
    sd(T, "meta/group-meta-labels-removed", F(fjob(), t__json=jfile((["a:1"], {"__meta_foo": "x", "__meta_bar_baz": "y", "keep": "z"}))))
    sd(T, "meta/filepath-overwritten", F(fjob(), t__json=jfile((["a:1"], {"__meta_filepath": "/elsewhere.json"}))))
    sd(T, "meta/labelmap-meta-to-visible", F(fjob("""
        relabel_configs:
          - action: labelmap
            regex: __meta_(.+)
        """), t__json=jfile((["a:1"], {"__meta_rack": "r1", "__meta_zone": "z"}))))
    sd(T, "meta/meta-copied-to-tmp-survives", F(fjob("""
        relabel_configs:
          - source_labels: [__meta_filepath]
            target_label: __tmp_file
        """), t__json=jfile(["a:1"])))
    sd(T, "internal/tmp-label-survives", F(fjob(), t__json=jfile((["a:1"], {"__tmp_x": "1"}))))
    sd(T, "internal/custom-double-underscore-survives", F(fjob(), t__json=jfile((["a:1"], {"__custom__": "1", "__x": "2"}))))
    sd(T, "defaults/group-scheme-https", F(fjob(), t__json=jfile((["a", "b:8443"], {"__scheme__": "https"}))))
    sd(T, "defaults/group-metrics-path", F(fjob(), t__json=jfile((["a:1"], {"__metrics_path__": "/probe"}))))
    sd(T, "defaults/group-metrics-path-empty-means-default", F(fjob("metrics_path: /m\n"), t__json=jfile((["a:1"], {"__metrics_path__": ""}))))
    sd(T, "defaults/group-interval-and-timeout", F(fjob(), t__json=jfile((["a:1"], {"__scrape_interval__": "30s", "__scrape_timeout__": "5s"}))))
    sd(T, "defaults/group-interval-text-kept", F(fjob(), t__json=jfile((["a:1"], {"__scrape_interval__": "90s"}))))
    sd(T, "defaults/group-interval-1h0m-kept", F(fjob(), t__json=jfile((["a:1"], {"__scrape_interval__": "1h0m", "__scrape_timeout__": "60s"}))))
    sd(T, "errors/group-timeout-greater-than-interval", F(fjob(), t__json=jfile((["a:1"], {"__scrape_interval__": "1m", "__scrape_timeout__": "2m"}))))
    sd(T, "errors/group-interval-not-a-duration", F(fjob(), t__json=jfile((["a:1"], {"__scrape_interval__": "abc"}))))
    sd(T, "errors/group-interval-zero", F(fjob(), t__json=jfile((["a:1"], {"__scrape_interval__": "0s"}))))
    sd(T, "errors/group-timeout-zero", F(fjob(), t__json=jfile((["a:1"], {"__scrape_timeout__": "0"}))))
    sd(T, "errors/group-interval-fraction", F(fjob(), t__json=jfile((["a:1"], {"__scrape_interval__": "1.5s"}))))
    sd(T, "errors/relabel-interval-bad", F(fjob("""
        relabel_configs:
          - target_label: __scrape_interval__
            replacement: 1.5s
        """), t__json=jfile(["a:1"])))
    sd(T, "errors/relabel-deletes-timeout", F(fjob("""
        relabel_configs:
          - target_label: __scrape_timeout__
            replacement: ""
        """), t__json=jfile(["a:1"])))
    sd(T, "errors/relabel-deletes-interval", F(fjob("""
        relabel_configs:
          - action: labeldrop
            regex: __scrape_interval__
        """), t__json=jfile(["a:1"])))
    sd(T, "errors/relabel-timeout-above-interval", F(fjob("""
        relabel_configs:
          - target_label: __scrape_timeout__
            replacement: 2m
        """), t__json=jfile(["a:1"])))
    sd(T, "errors/relabel-interval-below-timeout", F(fjob("""
        relabel_configs:
          - target_label: __scrape_interval__
            replacement: 5s
        """), t__json=jfile(["a:1"])))
    sd(T, "errors/relabel-interval-wrong-unit-order", F(fjob("""
        relabel_configs:
          - target_label: __scrape_interval__
            replacement: 1m1h
        """), t__json=jfile(["a:1"])))
    sd(T, "errors/relabel-interval-bare-number", F(fjob("""
        relabel_configs:
          - target_label: __scrape_interval__
            replacement: "60"
        """), t__json=jfile(["a:1"])))
    sd(T, "errors/mixed-good-and-bad-targets", F(fjob(), t__json=jfile(["a:1", "", "b/c", "d:4"])), n=4)
    sd(T, "dropped/drop-all", F(fjob("""
        relabel_configs:
          - action: drop
            regex: .*
            source_labels: [__address__]
        """), t__json=jfile(["a:1", "b:2"])))
    sd(T, "dropped/keep-by-group-label", F(fjob("""
        relabel_configs:
          - source_labels: [env]
            regex: prod
            action: keep
        """), t__json=jfile((["a:1"], {"env": "prod"}), (["b:2"], {"env": "dev"}), (["c:3"], None))))
    sd(T, "instance/from-address-without-port", F(fjob("""
        relabel_configs:
          - source_labels: [__address__]
            regex: '([^:]+):\\d+'
            target_label: instance
        """), t__json=jfile(["host-a:9100", "host-b:9100"])))
    sd(T, "instance/relabel-empties-instance-means-default", F(fjob("""
        relabel_configs:
          - target_label: instance
            replacement: ""
        """), t__json=jfile((["a:1"], {"instance": "x"}))))
    sd(T, "job/relabel-deletes-job", F(fjob("""
        relabel_configs:
          - action: labeldrop
            regex: job
        """), t__json=jfile(["a:1"])))
    sd(T, "job/relabel-sets-job", F(fjob("""
        relabel_configs:
          - source_labels: [team]
            target_label: job
        """), t__json=jfile((["a:1"], {"team": "core"}))))
    sd(T, "labels/name-order-byte-wise", F(fjob(), t__json=jfile((["a:1"], {"b": "1", "B": "2", "_a": "3", "a_": "4", "Z": "5", "a": "6", "__a": "7"}))))
    sd(T, "labels/values-unicode-and-escaped-html", F(fjob(), t__json=jfile((["a:1"], {"u": "é日本", "html": "<b>&amp;</b>", "emoji": "\U0001F600"}))))
    sd(T, "labels/value-line-separators", F(fjob(), t__json='[{"targets": ["a:1"], "labels": {"ls": "x\\u2028y\\u2029z", "nl": "1\\n2\\t3", "q": "\\"\\\\"}}]\n'))
    sd(T, "labels/labelmap-empty-name", F(fjob("""
        relabel_configs:
          - action: labelmap
            regex: x_(.*)
            replacement: $1
        """), t__json=jfile((["a:1"], {"x_": "v", "x_9": "nine"}))))
    sd(T, "labels/many-group-labels", F(fjob(), t__json=jfile((["a:1"], {"l%02d" % i: "v%d" % i for i in range(20)}))))
    sd(T, "honor-labels-does-not-change-labels", F(fjob("honor_labels: true\nhonor_timestamps: false\n"), t__json=jfile(["a:1"])))
    sd(T, "limits-do-not-change-labels", F(fjob("sample_limit: 10\ntarget_limit: 1\nlabel_limit: 5\nbody_size_limit: 1KB\n"), t__json=jfile(["a:1", "b:2"])))
    sd(T, "metric-relabel-does-not-change-labels", F(fjob("""
        metric_relabel_configs:
          - target_label: extra
            replacement: x
          - action: drop
            regex: .*
            source_labels: [__name__]
        """), t__json=jfile(["a:1"])))
    sd(T, "second-job-selected", F(d("""
        scrape_configs:
          - job_name: first
            file_sd_configs:
              - files: [one.json]
          - job_name: j
            metrics_path: /second
            file_sd_configs:
              - files: [two.json]
        """), one__json=jfile(["one:1"]), two__json=jfile(["two:2"])))
    sd(T, "job-with-no-sd", F(d("""
        scrape_configs:
          - job_name: j
        """)), n=0)
    sd(T, "job-name-with-odd-characters", F(fjob(job='"my job/é"'), t__json=jfile(["a:1"])), job="my job/é")
    sd(T, "external-labels-not-in-target-labels", F(fjob(glob_="external_labels:\n  region: eu\n"), t__json=jfile(["a:1"])))


@topic
def ports_and_addresses():
    T = "ports-and-addresses"
    one = lambda addr, body="", labels=None: F(fjob(body), t__json=jfile(([addr], labels)))
    sd(T, "http/hostname-gets-80", one("b.example"))
    sd(T, "http/ipv4-gets-80", one("10.0.0.1"))
    sd(T, "http/localhost-gets-80", one("localhost"))
    sd(T, "http/numeric-host-gets-80", one("123"))
    sd(T, "http/uppercase-host-gets-80", one("B.EXAMPLE"))
    sd(T, "http/unicode-host-gets-80", one("bücher.example"))
    sd(T, "http/bracketed-ipv6-gets-80", one("[::1]"))
    sd(T, "http/bracketed-ipv6-zone-gets-80", one("[fe80::1%eth0]"))
    sd(T, "http/space-host-gets-80", one(" "))
    sd(T, "http/host-with-at-sign", one("user@host"))
    sd(T, "https/config-scheme-gets-443", one("b.example", "scheme: https\n"))
    sd(T, "https/bracketed-ipv6-zone-gets-443", one("[fe80::1%eth0]", "scheme: https\n"))
    sd(T, "https/group-scheme-label-gets-443", one("b.example", labels={"__scheme__": "https"}))
    sd(T, "https/explicit-80-kept", one("b.example:80", "scheme: https\n"))
    sd(T, "https/relabel-scheme-gets-443", one("b.example", """
        relabel_configs:
          - target_label: __scheme__
            replacement: https
        """))
    sd(T, "https/relabel-scheme-to-http-gets-80", one("b.example", """
        scheme: https
        relabel_configs:
          - target_label: __scheme__
            replacement: http
        """))
    sd(T, "https/relabel-deletes-scheme-gets-80", one("b.example", """
        scheme: https
        relabel_configs:
          - target_label: __scheme__
            replacement: ""
        """))
    sd(T, "kept/host-and-port", one("b.example:9100"))
    sd(T, "kept/empty-port", one("h:"))
    sd(T, "kept/non-numeric-port", one("h:abc"))
    sd(T, "kept/port-out-of-range", one("h:99999"))
    sd(T, "kept/bracketed-ipv6-with-port", one("[::1]:9090"))
    sd(T, "kept/bare-ipv6", one("::1"))
    sd(T, "kept/bare-ipv6-zone", one("fe80::1%eth0"))
    sd(T, "kept/two-colons", one("a:b:c"))
    sd(T, "kept/unclosed-bracket", one("[::1"))
    sd(T, "kept/only-colon", one(":"))
    sd(T, "kept/leading-colon-port", one(":9100"))
    sd(T, "scheme/ftp-without-port-is-error", one("b.example", "scheme: ftp\n"))
    sd(T, "scheme/ftp-with-port-is-fine", one("b.example:21", "scheme: ftp\n"))
    sd(T, "scheme/ftp-bare-ipv6-is-fine", one("::1", "scheme: ftp\n"))
    sd(T, "scheme/group-label-uppercase-http-is-error", one("b.example", labels={"__scheme__": "HTTP"}))
    sd(T, "scheme/group-label-ftp-message-quotes-config-scheme", one("b.example", "scheme: https\n", {"__scheme__": "ftp"}))
    sd(T, "scheme/relabel-uppercase-https-is-error", one("b.example", """
        relabel_configs:
          - target_label: __scheme__
            replacement: HTTPS
        """))
    sd(T, "scheme/config-uppercase-http-is-error", one("b.example", "scheme: HTTP\n"))
    sd(T, "slash/address-with-slash", one("a/b"))
    sd(T, "slash/address-with-port-and-path", one("a:1/metrics"))
    sd(T, "slash/url-as-address", one("http://a:1"))
    sd(T, "slash/url-without-port", one("http://a"))
    sd(T, "slash/https-message-has-443", one("a/b", "scheme: https\n"))
    sd(T, "slash/relabel-adds-slash", one("a:1", """
        relabel_configs:
          - source_labels: [__address__]
            target_label: __address__
            replacement: $1/x
        """))
    sd(T, "relabel/add-port-from-meta", F(fjob("""
        relabel_configs:
          - source_labels: [__address__, __meta_port]
            separator: ":"
            target_label: __address__
        """), t__json=jfile((["h1", "h2"], {"__meta_port": "9100"}))))
    sd(T, "relabel/replace-port", one("h:80", """
        relabel_configs:
          - source_labels: [__address__]
            regex: (.+):\\d+
            replacement: $1:9100
            target_label: __address__
        """))
    sd(T, "relabel/strip-port-then-default-added", one("h:9100", """
        relabel_configs:
          - source_labels: [__address__]
            regex: (.+):\\d+
            target_label: __address__
        """))
    sd(T, "instance/override-keeps-address", one("b.example", labels={"instance": "my-box"}))
    sd(T, "instance/uses-added-port", F(fjob(), t__json=jfile(["b.example", "[::1]", "c:"])))
    sd(T, "many-addresses-one-group", F(fjob(), t__json=jfile(["a", "b:1", "[::2]", "::3", "h:", "x/y", "e.f.g"])), n=7)
    sd(T, "static/hostname-gets-80", F(sjob(static="""
        - targets: [b.example, "[::1]", "c:9"]
        """)))
    sd(T, "static/https-gets-443", F(sjob("scheme: https\n", static="""
        - targets: [b.example]
        """)))
    reject(T, "static/slash-rejected-at-load", F(sjob(static="""
        - targets: ["http://a:1"]
        """)))
    reject(T, "static/slash-rejected-at-load-second-entry", F(sjob(static="""
        - targets: [a:1]
        - targets: [b:2, c/d]
        """)))
    sd(T, "static/slash-with-relabel-deferred", F(sjob("""
        relabel_configs:
          - target_label: x
            replacement: y
        """, static="""
        - targets: ["a/b", "c:1"]
        """)))
    sd(T, "static/ftp-without-port-error", F(sjob("scheme: ftp\n", static="""
        - targets: [b.example, "c:21"]
        """)))


@topic
def params():
    T = "params"
    sd(T, "single-param", F(fjob("params:\n  module: [http_2xx]\n"), t__json=jfile(["a:1"])))
    sd(T, "multi-valued-first-wins", F(fjob("params:\n  r: [one, two, three]\n"), t__json=jfile(["a:1"])))
    sd(T, "several-params", F(fjob("params:\n  z: [last]\n  a: [first]\n  m: [mid, other]\n"), t__json=jfile(["a:1"])))
    sd(T, "config-overrides-group-param", F(fjob("params:\n  q: [config]\n"), t__json=jfile((["a:1"], {"__param_q": "group"}))))
    sd(T, "group-param-without-config", F(fjob(), t__json=jfile((["a:1"], {"__param_q": "group"}))))
    sd(T, "group-param-other-name-kept", F(fjob("params:\n  q: [config]\n"), t__json=jfile((["a:1"], {"__param_p": "group"}))))
    sd(T, "empty-first-value-deletes-group-param", F(fjob("params:\n  q: ['', second]\n"), t__json=jfile((["a:1"], {"__param_q": "group"}))))
    sd(T, "empty-first-value-no-label", F(fjob("params:\n  q: ['']\n"), t__json=jfile(["a:1"])))
    sd(T, "empty-list-keeps-group-param", F(fjob("params:\n  q: []\n"), t__json=jfile((["a:1"], {"__param_q": "group"}))))
    sd(T, "null-list-no-label", F(fjob("params:\n  q:\n"), t__json=jfile(["a:1"])))
    sd(T, "numeric-and-bool-values", F(fjob("params:\n  n: [1.50]\n  b: [yes]\n  h: [0x1F]\n"), t__json=jfile(["a:1"])))
    sd(T, "key-with-dash-and-dot", F(fjob("params:\n  a-b: [x]\n  c.d: [y]\n"), t__json=jfile(["a:1"])))
    sd(T, "key-empty-string", F(fjob("params:\n  '': [x]\n"), t__json=jfile(["a:1"])))
    sd(T, "key-unicode", F(fjob("params:\n  é: [x]\n"), t__json=jfile(["a:1"])))
    sd(T, "value-with-special-characters", F(fjob("params:\n  q: ['a b&c=d<e>']\n"), t__json=jfile(["a:1"])))
    sd(T, "flow-style-params", F(fjob("params: {module: [icmp], target: [x]}\n"), t__json=jfile(["a:1"])))
    sd(T, "blackbox/param-target-from-address", F(fjob("""
        metrics_path: /probe
        params:
          module: [http_2xx]
        relabel_configs:
          - source_labels: [__address__]
            target_label: __param_target
          - source_labels: [__param_target]
            target_label: instance
          - target_label: __address__
            replacement: 127.0.0.1:9115
        """), t__json=jfile(["https://example.com", "http://example.org/health"])))
    sd(T, "blackbox/module-from-group-label", F(fjob("""
        metrics_path: /probe
        params:
          module: [http_2xx]
        relabel_configs:
          - source_labels: [module]
            regex: (.+)
            target_label: __param_module
          - source_labels: [__address__]
            target_label: __param_target
          - target_label: __address__
            replacement: blackbox:9115
        """), t__json=jfile((["https://a.example"], {"module": "tcp_connect"}), (["https://b.example"], None))))
    sd(T, "relabel-overrides-param", F(fjob("""
        params:
          q: [config]
        relabel_configs:
          - target_label: __param_q
            replacement: relabeled
        """), t__json=jfile(["a:1"])))
    sd(T, "relabel-deletes-param", F(fjob("""
        params:
          q: [config]
        relabel_configs:
          - action: labeldrop
            regex: __param_q
        """), t__json=jfile(["a:1"])))
    sd(T, "keep-on-param", F(fjob("""
        params:
          q: [x]
        relabel_configs:
          - source_labels: [__param_q]
            regex: y
            action: keep
        """), t__json=jfile(["a:1"])))
    sd(T, "static/param-and-label", F(sjob("params:\n  m: [v1, v2]\n", static="""
        - targets: [a:1]
          labels:
            __param_m: from-static
        """)))
    reject(T, "reject/scalar-value", F(fjob("params:\n  a: b\n"), t__json=jfile(["a:1"])))
    reject(T, "reject/map-value", F(fjob("params:\n  a: {b: c}\n"), t__json=jfile(["a:1"])))
    reject(T, "reject/list-instead-of-map", F(fjob("params: [a, b]\n"), t__json=jfile(["a:1"])))
    reject(T, "reject/nested-list-value", F(fjob("params:\n  a: [[b]]\n"), t__json=jfile(["a:1"])))
    reject(T, "reject/scalar-params", F(fjob("params: module\n"), t__json=jfile(["a:1"])))


@topic
def durations_and_intervals():
    T = "durations-and-intervals"
    t = lambda body="", glob_="": F(fjob(body, glob_=glob_), t__json=jfile(["a:1"]))
    sd(T, "defaults/1m-and-10s", t())
    sd(T, "global/interval-15s", t(glob_="scrape_interval: 15s\n"))
    sd(T, "global/interval-5s-caps-timeout", t(glob_="scrape_interval: 5s\n"))
    sd(T, "global/interval-5s-job-1m-timeout-5s", t("scrape_interval: 1m\n", "scrape_interval: 5s\n"))
    sd(T, "global/timeout-30s", t(glob_="scrape_timeout: 30s\n"))
    sd(T, "global/interval-and-timeout", t(glob_="scrape_interval: 2m\nscrape_timeout: 90s\n"))
    sd(T, "global/job-interval-below-global-timeout", t("scrape_interval: 3s\n", "scrape_interval: 1m\nscrape_timeout: 20s\n"))
    sd(T, "global/job-timeout-overrides", t("scrape_timeout: 45s\n", "scrape_interval: 1m\nscrape_timeout: 20s\n"))
    sd(T, "global/zero-interval-means-default", t(glob_="scrape_interval: 0s\n"))
    sd(T, "global/empty-global-block", F("global:\nscrape_configs:\n  - job_name: j\n    file_sd_configs:\n      - files: [t.json]\n", t__json=jfile(["a:1"])))
    sd(T, "global/evaluation-interval-irrelevant", t(glob_="evaluation_interval: 7s\n"))
    sd(T, "format/90s-is-1m30s", t("scrape_interval: 90s\n"))
    sd(T, "format/60s-is-1m", t("scrape_interval: 60s\n"))
    sd(T, "format/3600s-is-1h", t("scrape_interval: 3600s\n"))
    sd(T, "format/90m-is-1h30m", t("scrape_interval: 90m\n"))
    sd(T, "format/25h-is-1d1h", t("scrape_interval: 25h\n"))
    sd(T, "format/336h-is-2w", t("scrape_interval: 336h\n"))
    sd(T, "format/8d-is-8d", t("scrape_interval: 8d\n"))
    sd(T, "format/15d-is-15d", t("scrape_interval: 15d\n"))
    sd(T, "format/1w7d-is-2w", t("scrape_interval: 1w7d\n"))
    sd(T, "format/365d-is-1y", t("scrape_interval: 365d\n"))
    sd(T, "format/1y1d", t("scrape_interval: 1y1d\n"))
    sd(T, "format/1500ms-is-1s500ms", t("scrape_interval: 1500ms\n"))
    sd(T, "format/100ms-interval-caps-timeout", t("scrape_interval: 100ms\n"))
    sd(T, "format/1h0m0s-is-1h", t("scrape_interval: 1h0m0s\n"))
    sd(T, "format/timeout-1m30s", t("scrape_interval: 2m\nscrape_timeout: 90s\n"))
    sd(T, "format/timeout-equal-interval", t("scrape_interval: 30s\nscrape_timeout: 30s\n"))
    sd(T, "format/timeout-zero-means-unset", t("scrape_interval: 30s\nscrape_timeout: 0s\n"))
    sd(T, "format/job-interval-zero-means-global", t("scrape_interval: 0\n", "scrape_interval: 20s\n"))
    sd(T, "format/quoted-duration", t('scrape_interval: "45s"\n'))
    sd(T, "file-sd-refresh-interval-no-effect", F(d("""
        scrape_configs:
          - job_name: j
            file_sd_configs:
              - files: [t.json]
                refresh_interval: 1h
        """), t__json=jfile(["a:1"])))
    reject(T, "reject/job-interval-fraction", t("scrape_interval: 1.5s\n"))
    reject(T, "reject/job-interval-bare-number", t("scrape_interval: 10\n"))
    reject(T, "reject/job-interval-wrong-order", t("scrape_interval: 1m1h\n"))
    reject(T, "reject/job-interval-negative", t("scrape_interval: -1s\n"))
    reject(T, "reject/job-interval-uppercase-unit", t("scrape_interval: 1S\n"))
    reject(T, "reject/job-interval-space", t("scrape_interval: 5 s\n"))
    reject(T, "reject/job-interval-repeated-unit", t("scrape_interval: 1s1s\n"))
    reject(T, "reject/job-interval-microseconds", t("scrape_interval: 10us\n"))
    reject(T, "reject/job-interval-out-of-range", t("scrape_interval: 1000000000y\n"))
    reject(T, "reject/job-interval-list", t("scrape_interval: [1m]\n"))
    reject(T, "reject/job-timeout-fraction", t("scrape_timeout: 0.5s\n"))
    reject(T, "reject/job-timeout-above-interval", t("scrape_interval: 10s\nscrape_timeout: 11s\n"))
    reject(T, "reject/job-timeout-above-global-interval", t("scrape_timeout: 2m\n"))
    reject(T, "reject/job-timeout-above-inherited-interval", t("scrape_timeout: 20s\n", "scrape_interval: 15s\n"))
    reject(T, "reject/global-timeout-above-interval", t(glob_="scrape_interval: 10s\nscrape_timeout: 20s\n"))
    reject(T, "reject/global-timeout-above-default-interval", t(glob_="scrape_timeout: 2m\n"))
    reject(T, "reject/global-interval-fraction", t(glob_="scrape_interval: 0.5m\n"))
    reject(T, "reject/global-interval-empty-string", t(glob_="scrape_interval: ''\n"))
    reject(T, "reject/global-evaluation-interval-bad", t(glob_="evaluation_interval: 1x\n"))
    reject(T, "reject/file-sd-refresh-interval-bad", F(d("""
        scrape_configs:
          - job_name: j
            file_sd_configs:
              - files: [t.json]
                refresh_interval: 5
        """), t__json=jfile(["a:1"])))
    accept(T, "accept/file-sd-refresh-interval-zero", F(d("""
        scrape_configs:
          - job_name: j
            file_sd_configs:
              - files: [t.json]
                refresh_interval: 0s
        """), t__json=jfile(["a:1"])))


@topic
def file_sd_json():
    T = "file-sd-json"
    sd(T, "compact-one-line", F(fjob(), t__json='[{"targets":["a:1","b:2"],"labels":{"env":"x"}}]'))
    sd(T, "multiple-groups", F(fjob(), t__json=jfile((["a:1"], {"g": "0"}), (["b:2", "c:3"], {"g": "1"}), (["d:4"], None))))
    sd(T, "case-insensitive-keys", F(fjob(), t__json='[{"TARGETS": ["a:1"], "Labels": {"env": "x"}}, {"Targets": ["b:2"], "LABELS": {"env": "y"}}]\n'))
    sd(T, "duplicate-targets-key-last-wins", F(fjob(), t__json='[{"targets": ["a:1"], "targets": ["b:2"]}]\n'))
    sd(T, "duplicate-labels-key-last-wins", F(fjob(), t__json='[{"targets": ["a:1"], "labels": {"x": "1"}, "labels": {"y": "2"}}]\n'))
    sd(T, "duplicate-label-name-last-wins", F(fjob(), t__json='[{"targets": ["a:1"], "labels": {"x": "1", "x": "2"}}]\n'))
    sd(T, "mixed-case-duplicate-keys", F(fjob(), t__json='[{"targets": ["a:1"], "Targets": ["b:2"]}]\n'), n=1)
    sd(T, "null-labels", F(fjob(), t__json='[{"targets": ["a:1"], "labels": null}]\n'))
    sd(T, "null-targets", F(fjob(), t__json='[{"targets": null, "labels": {"x": "1"}}, {"targets": ["b:2"]}]\n'))
    sd(T, "missing-targets", F(fjob(), t__json='[{"labels": {"x": "1"}}, {"targets": ["b:2"]}]\n'))
    sd(T, "empty-object-group", F(fjob(), t__json='[{}, {"targets": ["b:2"]}]\n'))
    sd(T, "empty-array", F(fjob(), t__json="[]\n"), n=0)
    sd(T, "empty-label-value-is-absent", F(fjob(), t__json=jfile((["a:1"], {"x": "", "y": "1"}))))
    sd(T, "target-empty-blocks-group-address", F(fjob(), t__json=jfile((["", "b:2"], {"__address__": "c:3"}))))
    sd(T, "unicode-escapes", F(fjob(), t__json='[{"targets": ["a:1"], "labels": {"e": "\\u00e9", "s": "\\ud83d\\ude00", "lone": "x\\udc00y"}}]\n'))
    sd(T, "raw-utf8", F(fjob(), t__json=jfile((["a:1"], {"greeting": "grüß dich, 世界"}))))
    sd(T, "escaped-slash-and-controls", F(fjob(), t__json='[{"targets": ["a:1"], "labels": {"p": "a\\/b", "c": "\\u0001\\b\\f"}}]\n'))
    sd(T, "whitespace-around", F(fjob(), t__json='\n\n  [ { "targets" : [ "a:1" ] } ]  \n\n'))
    sd(T, "duplicate-target-in-group-deduplicated", F(fjob(), t__json=jfile(["a:1", "a:1", "b:2"])), n=2)
    sd(T, "same-target-in-two-groups-twice", F(fjob(), t__json=jfile(["a:1"], ["a:1"])), n=2)
    sd(T, "uppercase-extension", F(fjob(files="t.JSON"), t__JSON=jfile(["a:1"])))
    sd(T, "subfolder-path", F(fjob(files="targets/web.json"), **{"targets/web.json": jfile(["a:1"])}))
    sd(T, "dot-slash-path-cleaned", F(fjob(files="./t.json"), t__json=jfile(["a:1"])))
    sd(T, "dot-dot-path-cleaned", F(fjob(files="sub/../t.json"), t__json=jfile(["a:1"]), **{"sub/": ""}))
    sd(T, "deep-subfolder", F(fjob(files="a/b/c/t.json"), **{"a/b/c/t.json": jfile(["a:1"])}))
    sd(T, "glob/star-matches-several", F(fjob(files="'*.json'"), a__json=jfile(["a:1"]), b__json=jfile(["b:2"]), c__json=jfile(["c:3"])))
    sd(T, "glob/prefix-star", F(fjob(files="'web-*.json'"), **{"web-1.json": jfile(["w1:1"]), "web-2.json": jfile(["w2:1"]), "db-1.json": jfile(["d1:1"])}))
    sd(T, "glob/in-subfolder", F(fjob(files="'sd/*.json'"), **{"sd/a.json": jfile(["a:1"]), "sd/b.json": jfile(["b:2"]), "other.json": jfile(["o:1"])}))
    sd(T, "glob/several-stars", F(fjob(files="'d/*a*b*.json'"), **{"d/xaybz.json": jfile(["m:1"]), "d/ab.json": jfile(["m:2"]), "d/ba.json": jfile(["n:3"])}))
    sd(T, "glob/question-mark-and-class", F(fjob(files="'d/[ab]?.json'"), **{"d/a1.json": jfile(["a1:1"]), "d/b2.json": jfile(["b2:1"]), "d/c3.json": jfile(["c3:1"]), "d/a10.json": jfile(["a10:1"])}))
    sd(T, "glob/star-matches-dotfile", F(fjob(files="'*.json'"), **{".hidden.json": jfile(["h:1"]), "v.json": jfile(["v:1"])}))
    sd(T, "glob/no-match-empty", F(fjob(files="'none-*.json'")), n=0)
    sd(T, "glob/json-and-yaml-patterns", F(fjob(files="'*.json', '*.yml'"), a__json=jfile(["a:1"]), b__yml="- targets: [b:2]\n"))
    sd(T, "two-patterns-same-file", F(fjob(files="t.json, '*.json'"), t__json=jfile(["a:1"])), n=1)
    sd(T, "two-file-sd-configs", F(d("""
        scrape_configs:
          - job_name: j
            file_sd_configs:
              - files: [a.json]
              - files: [b.json]
                refresh_interval: 1m
        """), a__json=jfile(["a:1"]), b__json=jfile(["b:2"])))
    sd(T, "two-file-sd-configs-same-file", F(d("""
        scrape_configs:
          - job_name: j
            file_sd_configs:
              - files: [t.json]
              - files: [t.json]
        """), t__json=jfile(["a:1"])), n=1)
    sd(T, "missing-file-no-targets", F(fjob(files="missing.json")), n=0)
    sd(T, "missing-and-present", F(fjob(files="missing.json, t.json"), t__json=jfile(["a:1"])))
    sd(T, "labels-only-group", F(fjob(), t__json='[{"labels": {"a": "b"}}]\n'), n=0)
    sd(T, "group-with-many-targets", F(fjob(), t__json=jfile(["h%d:9100" % i for i in range(12)])))
    accept(T, "check-config/valid-file", F(fjob(), t__json=jfile((["a:1"], {"env": "x"}))))
    accept(T, "check-config/missing-file-warning", F(fjob(files="missing.json")))
    accept(T, "check-config/glob-without-match-warning", F(fjob(files="'none-*.json'")))
    accept(T, "check-config/several-missing-warnings", F(d("""
        scrape_configs:
          - job_name: a
            file_sd_configs:
              - files: [x.json, y.yml]
          - job_name: b
            file_sd_configs:
              - files: ['sub/*.json']
        """)))


@topic
def file_sd_yaml():
    T = "file-sd-yaml"
    y = lambda text, ext="yml": F(fjob(files="t." + ext), **{"t." + ext: d(text)})
    sd(T, "block-style", y("""
        - targets:
            - a:1
            - b:2
          labels:
            env: prod
        """))
    sd(T, "flow-style", y("""
        [{targets: [a:1, b:2], labels: {env: prod}}]
        """))
    sd(T, "yaml-extension", y("""
        - targets: [a:1]
        """, "yaml"))
    sd(T, "uppercase-extension", y("""
        - targets: [a:1]
        """, "YAML"))
    sd(T, "scalars-kept-as-text", y("""
        - targets: [a:1]
          labels:
            float: 1.50
            hex: 0x1F
            bool: yes
            on: on
            truth: true
            exp: 1e3
            octal: 0o17
            zero: 017
            inf: .inf
            date: 2001-12-14
            neg: -0
        """))
    sd(T, "null-values-are-absent", y("""
        - targets: [a:1]
          labels:
            tilde: ~
            null: null
            empty:
            kept: x
        """))
    sd(T, "quoted-values", y("""
        - targets: ['a:1', "b:2"]
          labels:
            single: 'it''s'
            double: "tab\\there"
            colon: "x: y"
            hash: "# not a comment"
        """))
    sd(T, "numeric-targets", y("""
        - targets: [1234, 0x1F, 1.5]
        """))
    sd(T, "null-target", y("""
        - targets: [~, b:2]
        """))
    sd(T, "multi-line-values", y("""
        - targets: [a:1]
          labels:
            literal: |
              line one
              line two
            folded: >
              folded
              text
        """))
    sd(T, "anchors-and-aliases", y("""
        - targets: [a:1]
          labels: &common
            env: prod
            team: core
        - targets: [b:2]
          labels: *common
        """))
    sd(T, "merge-key", y("""
        - targets: [a:1]
          labels: &base {env: prod}
        - targets: [b:2]
          labels:
            <<: *base
            team: core
        """))
    sd(T, "comments-everywhere", y("""
        # header comment
        - targets: # inline
            - a:1 # first
          # between
          labels:
            env: prod # trailing
        """))
    sd(T, "only-first-document", y("""
        - targets: [a:1]
        ---
        - targets: [b:2]
        """))
    sd(T, "document-start-marker", y("""
        ---
        - targets: [a:1]
        ...
        """))
    sd(T, "empty-file-zero-groups", F(fjob(files="t.yml"), t__yml=""), n=0)
    sd(T, "empty-list-zero-groups", y("[]\n"), n=0)
    sd(T, "null-document-zero-groups", y("null\n"), n=0)
    sd(T, "comment-only-zero-groups", y("# nothing here\n"), n=0)
    sd(T, "missing-targets-key", y("""
        - labels: {env: x}
        - targets: [b:2]
        """))
    sd(T, "null-targets-and-labels", y("""
        - targets:
          labels:
        - targets: [b:2]
          labels: ~
        """))
    sd(T, "meta-filepath-overwritten", y("""
        - targets: [a:1]
          labels:
            __meta_filepath: other.yml
        """))
    sd(T, "tagged-string", y("""
        - targets: [!!str 80]
          labels:
            v: !!str 1.0
        """))
    sd(T, "unicode-values", y("""
        - targets: [a:1]
          labels:
            name: "Zoë \\u00e9"
            raw: 日本
        """))
    sd(T, "several-groups-and-files", F(fjob(files="'*.yaml'"), **{"a.yaml": "- targets: [a:1]\n- targets: [a:2]\n", "b.yaml": "- targets: [b:1]\n  labels: {f: b}\n"}))
    sd(T, "subfolder-yml", F(fjob(files="conf.d/t.yml"), **{"conf.d/t.yml": "- targets: [a:1]\n"}))
    sd(T, "indentation-variants", y("""
        -   targets:
            -   a:1
            labels:
                env: x
        """))
    sd(T, "key-order-labels-first", y("""
        - labels: {env: x}
          targets: [a:1]
        """))
    sd(T, "long-target-list", y("- targets: [" + ", ".join("h%d:1" % i for i in range(10)) + "]\n"))
    accept(T, "check-config/valid-yaml", y("""
        - targets: [a:1]
          labels: {v: 1.50}
        """))
    accept(T, "check-config/empty-yaml-file", F(fjob(files="t.yml"), t__yml=""))


@topic
def file_sd_errors():
    T = "file-sd-errors"

    def both(name, fname, text, pattern=None, extra=None, n=0, ok=False):
        """The same broken file: what check service-discovery shows, and check config."""
        files = F(fjob(files=pattern or fname), **{fname: text})
        files.update(extra or {})
        sd(T, "sd/" + name, files, cc=False, n=n)
        (accept if ok else reject)(T, "check-config/" + name, dict(files))

    both("json-unknown-field", "t.json", '[{"target": ["a:1"]}]\n')
    both("json-label-value-number", "t.json", '[{"targets": ["a:1"], "labels": {"port": 9100}}]\n')
    sd(T, "sd/json-label-value-null-is-absent", F(fjob(), t__json='[{"targets": ["a:1"], "labels": {"x": null}}]\n'))
    accept(T, "check-config/json-label-value-null-is-absent", F(fjob(), t__json='[{"targets": ["a:1"], "labels": {"x": null}}]\n'))
    both("json-target-number", "t.json", '[{"targets": [9100]}]\n')
    both("json-targets-string", "t.json", '[{"targets": "a:1"}]\n')
    both("json-top-level-object", "t.json", '{"targets": ["a:1"]}\n')
    both("json-trailing-garbage", "t.json", '[{"targets": ["a:1"]}] x\n')
    both("json-two-arrays", "t.json", '[{"targets": ["a:1"]}]\n[{"targets": ["b:2"]}]\n')
    both("json-empty-file", "t.json", "")
    both("json-whitespace-only", "t.json", "  \n")
    both("json-truncated", "t.json", '[{"targets": ["a:1"]')
    both("json-trailing-comma", "t.json", '[{"targets": ["a:1",]}]\n')
    both("json-comment", "t.json", '// targets\n[{"targets": ["a:1"]}]\n')
    both("json-single-quotes", "t.json", "[{'targets': ['a:1']}]\n")
    both("json-null-item", "t.json", '[null, {"targets": ["a:1"]}]\n')
    both("json-null-document-zero-groups", "t.json", "null\n", ok=True)
    both("json-invalid-label-name-dash", "t.json", '[{"targets": ["a:1"], "labels": {"foo-bar": "x"}}]\n')
    both("json-invalid-label-name-digit", "t.json", '[{"targets": ["a:1"], "labels": {"0a": "x"}}]\n')
    both("json-invalid-label-name-unicode", "t.json", '[{"targets": ["a:1"], "labels": {"\u00e9": "x"}}]\n')
    both("json-empty-label-name", "t.json", '[{"targets": ["a:1"], "labels": {"": "x"}}]\n')
    both("json-bom", "t.json", '\ufeff[{"targets": ["a:1"]}]\n')
    both("yaml-unknown-key", "t.yml", "- targets: [a:1]\n  label: {x: y}\n")
    both("yaml-keys-case-sensitive", "t.yml", "- Targets: [a:1]\n")
    both("yaml-duplicate-key", "t.yml", "- targets: [a:1]\n  targets: [b:2]\n")
    both("yaml-duplicate-label", "t.yml", "- targets: [a:1]\n  labels: {x: 1, x: 2}\n")
    both("yaml-list-label-value", "t.yml", "- targets: [a:1]\n  labels: {x: [1, 2]}\n")
    both("yaml-map-label-value", "t.yml", "- targets: [a:1]\n  labels: {x: {y: z}}\n")
    both("yaml-map-target", "t.yml", "- targets: [{a: 1}]\n")
    both("yaml-null-item", "t.yml", "- targets: [a:1]\n-\n")
    both("yaml-top-level-map", "t.yml", "targets: [a:1]\n")
    both("yaml-invalid-label-name", "t.yml", "- targets: [a:1]\n  labels: {é: x}\n")
    both("yaml-syntax-error", "t.yml", "- targets: [a:1\n")
    both("yaml-tab-indent", "t.yml", "- targets:\n\t- a:1\n")
    both("yaml-scalar-document", "t.yml", "just text\n")
    both("bad-file-beside-good-file", "b.json", '[{"target": ["b:2"]}]\n', pattern="'*.json'",
         extra={"a.json": jfile(["a:1"])}, n=1)
    both("directory-matching-pattern", "d.json/", "", pattern="d.json")
    sd(T, "sd/malformed-glob-finds-nothing", F(fjob(files="'t[.json'"), t__json=jfile(["a:1"])), n=0)
    reject(T, "check-config/malformed-glob", F(fjob(files="'t[.json'"), t__json=jfile(["a:1"])))
    for label, pat in (("empty-class", "t[]a].json"), ("negated-empty-class", "t[^].json"),
                       ("open-range", "t[a-].json"), ("escaped-bracket", "t[\\].json")):
        reject(T, "check-config/malformed-glob-" + label, F(fjob(files="'%s'" % pat), t__json=jfile(["a:1"])))
    accept(T, "check-config/reversed-range-glob-matches-nothing", F(fjob(files="'t[z-a].json'"), t__json=jfile(["a:1"])))
    accept(T, "check-config/backslash-escape-in-glob", F(fjob(files="'t\\.json'"), t__json=jfile(["a:1"])))
    sd(T, "sd/backslash-escape-in-glob", F(fjob(files="'t\\.json'"), t__json=jfile(["a:1"])))
    reject(T, "check-config/population-slash-in-target", F(fjob(), t__json=jfile(["a:1", "b/c"])))
    reject(T, "check-config/population-no-address", F(fjob(), t__json=jfile(["a:1"], [""])))
    reject(T, "check-config/population-bad-interval-label", F(fjob(), t__json=jfile((["a:1"], {"__scrape_interval__": "5"}))))
    reject(T, "check-config/population-invalid-scheme", F(fjob("scheme: ftp\n"), t__json=jfile(["a"])))
    reject(T, "check-config/population-second-file", F(fjob(files="a.json, b.json"), a__json=jfile(["a:1"]), b__json=jfile(["x", "y/z"])))
    reject(T, "check-config/population-yaml-file", F(fjob(files="t.yml"), t__yml="- targets: ['a/b']\n"))
    accept(T, "check-config/population-dropped-target-fine", F(fjob("""
        relabel_configs:
          - source_labels: [__address__]
            regex: .*/.*
            action: drop
        """), t__json=jfile(["a:1", "b/c"])))
    accept(T, "check-config/meta-filepath-not-set", F(fjob("""
        relabel_configs:
          - source_labels: [__meta_filepath]
            regex: t.json
            target_label: __address__
            replacement: bad/address
        """), t__json=jfile(["a:1"])))
    sd(T, "sd/meta-filepath-set", F(fjob("""
        relabel_configs:
          - source_labels: [__meta_filepath]
            regex: t.json
            target_label: __address__
            replacement: bad/address
        """), t__json=jfile(["a:1"])), cc=False)


@topic
def static_configs():
    T = "static-configs"
    sd(T, "one-entry", F(sjob(static="""
        - targets: [a:1, b:2]
        """)))
    sd(T, "entry-with-labels", F(sjob(static="""
        - targets: [a:1]
          labels:
            env: prod
            team: core
        """)))
    sd(T, "several-entries", F(sjob(static="""
        - targets: [a:1]
          labels: {env: prod}
        - targets: [b:2, c:3]
          labels: {env: dev}
        - targets: [d:4]
        """)))
    sd(T, "job-label-override", F(sjob(static="""
        - targets: [a:1]
          labels: {job: custom}
        """)))
    sd(T, "instance-label-override", F(sjob(static="""
        - targets: [a:1, b:2]
          labels: {instance: shared}
        """)))
    sd(T, "address-label-ignored", F(sjob(static="""
        - targets: [a:1]
          labels: {__address__: "x:9"}
        """)))
    sd(T, "empty-target-no-address", F(sjob(static="""
        - targets: ["", a:1]
        """)))
    sd(T, "empty-targets-list", F(sjob(static="""
        - targets: []
          labels: {env: x}
        """)), n=0)
    sd(T, "labels-only-entry", F(sjob(static="""
        - labels: {env: x}
        """)), n=0)
    sd(T, "null-targets-and-labels", F(sjob(static="""
        - targets:
          labels:
        - targets: [b:2]
        """)))
    sd(T, "duplicate-target-in-entry", F(sjob(static="""
        - targets: [a:1, a:1]
        """)), n=1)
    sd(T, "same-target-two-entries", F(sjob(static="""
        - targets: [a:1]
        - targets: [a:1]
        """)), n=2)
    sd(T, "scalars-kept-as-text", F(sjob(static="""
        - targets: [1234, 0x1F]
          labels:
            f: 1.50
            b: yes
            n: ~
            o: 0o7
        """)))
    sd(T, "empty-label-value-absent", F(sjob(static="""
        - targets: [a:1]
          labels: {x: "", y: "1"}
        """)))
    sd(T, "meta-labels-removed", F(sjob(static="""
        - targets: [a:1]
          labels: {__meta_x: "1", __tmp_y: "2"}
        """)))
    sd(T, "scheme-and-path-labels", F(sjob(static="""
        - targets: [a]
          labels: {__scheme__: https, __metrics_path__: /federate}
        """)))
    sd(T, "interval-labels", F(sjob(static="""
        - targets: [a:1]
          labels: {__scrape_interval__: 15s, __scrape_timeout__: 15s}
        """)))
    sd(T, "with-relabel", F(sjob("""
        relabel_configs:
          - source_labels: [env]
            regex: dev
            action: drop
          - source_labels: [__address__]
            regex: (.*):\\d+
            target_label: host
        """, static="""
        - targets: [a:1]
          labels: {env: prod}
        - targets: [b:2]
          labels: {env: dev}
        """)))
    sd(T, "job-settings", F(sjob("""
        scheme: https
        metrics_path: /admin/metrics
        scrape_interval: 30s
        scrape_timeout: 20s
        params:
          format: [prometheus]
        """, static="""
        - targets: [a, b:8443]
        """)))
    sd(T, "ipv6-targets", F(sjob(static="""
        - targets: ["[::1]", "[::1]:9090", "::1", "[fe80::1%eth0]"]
        """)))
    sd(T, "unicode-label-value", F(sjob(static="""
        - targets: [a:1]
          labels: {city: "Zürich", kanji: 東京}
        """)))
    sd(T, "second-of-two-static-jobs", F(d("""
        scrape_configs:
          - job_name: first
            static_configs:
              - targets: [one:1]
          - job_name: j
            static_configs:
              - targets: [two:2]
        """)))
    sd(T, "static-job-beside-file-job", F(d("""
        scrape_configs:
          - job_name: files
            file_sd_configs:
              - files: [t.json]
          - job_name: j
            static_configs:
              - targets: [s:1]
        """), t__json=jfile(["f:1"])))
    sd(T, "file-job-beside-static-job", F(d("""
        scrape_configs:
          - job_name: statics
            static_configs:
              - targets: [s:1]
          - job_name: j
            file_sd_configs:
              - files: [t.json]
        """), t__json=jfile(["f:1"])))
    sd(T, "flow-style-entry", F(d("""
        scrape_configs:
          - job_name: j
            static_configs: [{targets: [a:1, b:2], labels: {env: flow}}]
        """)))
    sd(T, "static-configs-empty-list", F(d("""
        scrape_configs:
          - job_name: j
            static_configs: []
        """)), n=0)
    sd(T, "many-targets", F(d("""
        scrape_configs:
          - job_name: j
            static_configs:
              - targets:
        """) + "".join("          - node%02d.example:9100\n" % i for i in range(15))))
    accept(T, "check-config/valid", F(sjob(static="""
        - targets: [a:1]
          labels: {env: prod}
        """)))
    reject(T, "check-config/null-entry", F(d("""
        scrape_configs:
          - job_name: j
            static_configs:
              -
        """)))
    reject(T, "check-config/null-entry-after-valid", F(d("""
        scrape_configs:
          - job_name: j
            static_configs:
              - targets: [a:1]
              - ~
        """)))
    reject(T, "check-config/unknown-key", F(sjob(static="""
        - targets: [a:1]
          label: {env: x}
        """)))
    reject(T, "check-config/invalid-label-name", F(sjob(static="""
        - targets: [a:1]
          labels: {foo-bar: x}
        """)))
    reject(T, "check-config/unicode-label-name", F(sjob(static="""
        - targets: [a:1]
          labels: {städte: x}
        """)))
    reject(T, "check-config/targets-scalar", F(sjob(static="""
        - targets: a:1
        """)))
    reject(T, "check-config/labels-list", F(sjob(static="""
        - targets: [a:1]
          labels: [env]
        """)))
    reject(T, "check-config/label-value-list", F(sjob(static="""
        - targets: [a:1]
          labels: {env: [a, b]}
        """)))
    reject(T, "check-config/entry-is-scalar", F(sjob(static="""
        - a:1
        """)))
    reject(T, "check-config/population-no-address", F(sjob(static="""
        - targets: [""]
        """)))
    reject(T, "check-config/population-invalid-scheme", F(sjob("scheme: ftp\n", static="""
        - targets: [a]
        """)))
    reject(T, "check-config/population-bad-interval-label", F(sjob(static="""
        - targets: [a:1]
          labels: {__scrape_timeout__: 2m}
        """)))
    reject(T, "check-config/population-error-second-entry", F(sjob("""
        relabel_configs:
          - target_label: x
            replacement: y
        """, static="""
        - targets: [a:1]
        - targets: [b:2, "c/d"]
        """)))


@topic
def relabel_in_jobs():
    T = "relabel-in-jobs"
    g3 = jfile((["web-1:8080", "web-2:8080"], {"env": "prod", "__meta_role": "web"}),
               (["db-1:5432"], {"env": "dev", "__meta_role": "db"}))
    r = lambda rules, files=g3, **kw: F(fjob(rules, **kw), t__json=files)
    sd(T, "keep/by-meta-label", r("""
        relabel_configs:
          - source_labels: [__meta_role]
            regex: web
            action: keep
        """))
    sd(T, "drop/by-env", r("""
        relabel_configs:
          - source_labels: [env]
            regex: dev
            action: drop
        """))
    sd(T, "keep/anchored-regex-no-partial-match", r("""
        relabel_configs:
          - source_labels: [__meta_role]
            regex: we
            action: keep
        """))
    sd(T, "keep/two-source-labels-separator", r("""
        relabel_configs:
          - source_labels: [env, __meta_role]
            separator: /
            regex: prod/web
            action: keep
        """))
    sd(T, "keep/missing-label-is-empty-string", r("""
        relabel_configs:
          - source_labels: [absent]
            regex: ""
            action: keep
        """))
    sd(T, "replace/address-port", r("""
        relabel_configs:
          - source_labels: [__address__]
            regex: ([^:]+)(?::\\d+)?
            replacement: ${1}:9100
            target_label: __address__
        """))
    sd(T, "replace/host-label-from-address", r("""
        relabel_configs:
          - source_labels: [__address__]
            regex: (.+):(\\d+)
            target_label: host
            replacement: $1
          - source_labels: [__address__]
            regex: (.+):(\\d+)
            target_label: port
            replacement: $2
        """))
    sd(T, "replace/no-match-leaves-labels", r("""
        relabel_configs:
          - source_labels: [env]
            regex: staging
            target_label: tier
            replacement: pre
        """))
    sd(T, "replace/static-value", r("""
        relabel_configs:
          - target_label: cluster
            replacement: eu-1
        """))
    sd(T, "replace/target-label-with-group", r("""
        relabel_configs:
          - source_labels: [__meta_role]
            regex: (.+)
            target_label: role_${1}
            replacement: "yes"
        """))
    sd(T, "replace/empty-result-deletes", r("""
        relabel_configs:
          - source_labels: [absent]
            target_label: env
        """))
    sd(T, "replace/metrics-path-from-label", r("""
        relabel_configs:
          - source_labels: [__meta_role]
            target_label: __metrics_path__
            replacement: /metrics/$1
        """))
    sd(T, "replace/scheme-from-label", r("""
        relabel_configs:
          - source_labels: [env]
            regex: prod
            target_label: __scheme__
            replacement: https
        """, files=jfile((["a", "b:1"], {"env": "prod"}), (["c"], {"env": "dev"}))))
    sd(T, "replace/chain-uses-previous-result", r("""
        relabel_configs:
          - target_label: a
            replacement: one
          - source_labels: [a]
            target_label: b
            replacement: $1-two
          - source_labels: [a, b]
            separator: "+"
            target_label: c
        """))
    sd(T, "blackbox/full-pattern", F(fjob("""
        metrics_path: /probe
        params:
          module: [http_2xx]
        relabel_configs:
          - source_labels: [__address__]
            target_label: __param_target
          - source_labels: [__param_target]
            target_label: instance
          - target_label: __address__
            replacement: blackbox-exporter:9115
        """), t__json=jfile((["https://prometheus.io", "https://example.com/x?y=1"], {"team": "web"}))))
    sd(T, "hashmod/sharding", F(fjob("""
        relabel_configs:
          - source_labels: [__address__]
            modulus: 3
            target_label: __tmp_hash
            action: hashmod
          - source_labels: [__tmp_hash]
            regex: "1"
            action: keep
        """), t__json=jfile(["node-%d:9100" % i for i in range(10)])))
    sd(T, "hashmod/values-visible", F(fjob("""
        relabel_configs:
          - source_labels: [__address__]
            modulus: 1000
            target_label: shard
            action: hashmod
        """), t__json=jfile(["node-%d:9100" % i for i in range(6)])))
    sd(T, "labelmap/meta-prefix", r("""
        relabel_configs:
          - action: labelmap
            regex: __meta_(.*)
        """))
    sd(T, "labelmap/with-replacement", r("""
        relabel_configs:
          - action: labelmap
            regex: __meta_(.*)
            replacement: k8s_$1
        """))
    sd(T, "labelmap/overwrites-existing", r("""
        relabel_configs:
          - action: labelmap
            regex: __meta_role
            replacement: env
        """))
    sd(T, "labeldrop/env", r("""
        relabel_configs:
          - action: labeldrop
            regex: env|__meta_.*
        """))
    sd(T, "labelkeep/keeps-required", r("""
        relabel_configs:
          - action: labelkeep
            regex: __address__|__scheme__|__metrics_path__|__scrape_.*|job|env
        """))
    sd(T, "lowercase/and-uppercase", F(fjob("""
        relabel_configs:
          - source_labels: [name]
            target_label: lower
            action: lowercase
          - source_labels: [name]
            target_label: upper
            action: uppercase
        """), t__json=jfile((["a:1"], {"name": "MiXeD-Case_ß"}))))
    sd(T, "keepequal/and-dropequal", F(fjob("""
        relabel_configs:
          - source_labels: [__meta_port]
            target_label: port
            action: keepequal
        """), t__json=jfile((["a:1"], {"__meta_port": "1", "port": "1"}), (["b:2"], {"__meta_port": "2", "port": "3"}))))
    sd(T, "dropequal/drops-equal", F(fjob("""
        relabel_configs:
          - source_labels: [a]
            target_label: b
            action: dropequal
        """), t__json=jfile((["x:1"], {"a": "1", "b": "1"}), (["y:2"], {"a": "1", "b": "2"}))))
    sd(T, "regex/multiline-value-no-match", F(fjob("""
        relabel_configs:
          - source_labels: [v]
            regex: (.*)
            target_label: copy
        """), t__json=jfile((["a:1"], {"v": "x\ny"}))))
    sd(T, "regex/case-insensitive-flag", F(fjob("""
        relabel_configs:
          - source_labels: [env]
            regex: (?i)PROD
            action: keep
        """), t__json=jfile((["a:1"], {"env": "prod"}), (["b:2"], {"env": "Prod"}), (["c:3"], {"env": "dev"}))))
    sd(T, "rule-order-drop-after-rewrite", r("""
        relabel_configs:
          - source_labels: [__meta_role]
            target_label: env
          - source_labels: [env]
            regex: db
            action: drop
        """))
    sd(T, "drop-everything-in-job", r("""
        relabel_configs:
          - action: drop
            regex: .*
        """))
    sd(T, "static-job-relabel", F(sjob("""
        relabel_configs:
          - source_labels: [__address__]
            regex: (.*):.*
            target_label: __param_target
        """, static="""
        - targets: [a:1, b:2]
        """)))
    reject_rules = [
        ("invalid-regex", "- source_labels: [a]\n  regex: '('\n  target_label: b\n"),
        ("unknown-action", "- action: delete\n  source_labels: [a]\n"),
        ("empty-action", "- action: ''\n  target_label: b\n"),
        ("replace-without-target", "- source_labels: [a]\n"),
        ("replace-invalid-target", "- source_labels: [a]\n  target_label: 1abc\n"),
        ("replace-target-with-dash", "- source_labels: [a]\n  target_label: a-b\n"),
        ("hashmod-zero-modulus", "- source_labels: [a]\n  target_label: b\n  action: hashmod\n"),
        ("hashmod-target-template", "- source_labels: [a]\n  target_label: b_$1\n  modulus: 2\n  action: hashmod\n"),
        ("labelmap-invalid-replacement", "- action: labelmap\n  regex: (.*)\n  replacement: 'x-$1'\n"),
        ("labeldrop-with-source-labels", "- action: labeldrop\n  source_labels: [a]\n  regex: b\n"),
        ("labelkeep-with-target", "- action: labelkeep\n  regex: b\n  target_label: c\n"),
        ("lowercase-with-replacement", "- action: lowercase\n  source_labels: [a]\n  target_label: b\n  replacement: x\n"),
        ("uppercase-without-target", "- action: uppercase\n  source_labels: [a]\n"),
        ("keepequal-with-regex", "- action: keepequal\n  source_labels: [a]\n  target_label: b\n  regex: x\n"),
        ("dropequal-without-target", "- action: dropequal\n  source_labels: [a]\n"),
        ("unknown-field", "- source_labels: [a]\n  target: b\n"),
        ("null-rule", "-\n"),
        ("null-rule-after-valid", "- target_label: a\n  replacement: b\n- ~\n"),
        ("invalid-source-label-name", "- source_labels: [a-b]\n  target_label: c\n"),
        ("source-labels-scalar", "- source_labels: a\n  target_label: c\n"),
        ("modulus-negative", "- source_labels: [a]\n  target_label: b\n  action: hashmod\n  modulus: -1\n"),
        ("regex-list", "- source_labels: [a]\n  target_label: b\n  regex: [a]\n"),
        ("rules-not-a-list", "source_labels: [a]\n"),
    ]
    for name, rules in reject_rules:
        reject(T, "reject/" + name, F(fjob("relabel_configs:\n" + textwrap.indent(rules, "  ")), t__json=jfile(["a:1"])))
    reject(T, "reject/metric-relabel-invalid-regex", F(fjob("metric_relabel_configs:\n  - source_labels: [a]\n    regex: '[z'\n    target_label: b\n"), t__json=jfile(["a:1"])))
    reject(T, "reject/metric-relabel-null-rule", F(fjob("metric_relabel_configs:\n  -\n"), t__json=jfile(["a:1"])))
    reject(T, "reject/error-in-second-job", F(d("""
        scrape_configs:
          - job_name: ok
            file_sd_configs:
              - files: [t.json]
          - job_name: bad
            relabel_configs:
              - action: hashmod
                source_labels: [a]
                target_label: b
            file_sd_configs:
              - files: [t.json]
        """), t__json=jfile(["a:1"])))


@topic
def config_rejections():
    T = "config-rejections"
    R = lambda name, cfg, **kw: reject(T, name, F(d(cfg), **kw))
    A = lambda name, cfg, **kw: accept(T, name, F(d(cfg), **kw))
    tj = jfile(["a:1"])
    # unknown fields at each level
    R("unknown-field/top-level", """
        scrape_config:
          - job_name: j
        """)
    R("unknown-field/global", """
        global:
          scrap_interval: 15s
        """)
    R("unknown-field/job", """
        scrape_configs:
          - job_name: j
            foo: 1
        """)
    R("unknown-field/job-sd-mechanism", """
        scrape_configs:
          - job_name: j
            foo_sd_configs:
              - files: [t.json]
        """)
    R("unknown-field/file-sd", """
        scrape_configs:
          - job_name: j
            file_sd_configs:
              - file: [t.json]
        """)
    R("unknown-field/file-sd-extra", """
        scrape_configs:
          - job_name: j
            file_sd_configs:
              - files: [t.json]
                refresh: 1m
        """, t__json=tj)
    R("unknown-field/relabel-rule", """
        scrape_configs:
          - job_name: j
            relabel_configs:
              - sources: [a]
                target_label: b
        """)
    R("unknown-field/case-matters", """
        scrape_configs:
          - Job_Name: j
        """)
    R("unknown-field/job-level-typo-interval", """
        scrape_configs:
          - job_name: j
            scrape_intervall: 30s
        """)
    R("unknown-field/external-labels-at-top", """
        external_labels:
          a: b
        """)
    # job names
    R("job-name/empty", """
        scrape_configs:
          - job_name: ""
        """)
    R("job-name/missing", """
        scrape_configs:
          - scrape_interval: 30s
        """)
    R("job-name/null", """
        scrape_configs:
          - job_name: ~
        """)
    R("job-name/list", """
        scrape_configs:
          - job_name: [a]
        """)
    R("job-name/duplicate", """
        scrape_configs:
          - job_name: a
          - job_name: b
          - job_name: a
        """)
    R("job-name/duplicate-after-quoting", """
        scrape_configs:
          - job_name: "1"
          - job_name: 1
        """)
    A("job-name/numeric-is-fine", """
        scrape_configs:
          - job_name: 123
          - job_name: "with space"
          - job_name: "é/ü"
        """)
    # null / wrong-type sections
    R("null/scrape-config-entry", """
        scrape_configs:
          -
        """)
    R("null/scrape-config-entry-after-valid", """
        scrape_configs:
          - job_name: a
          - ~
        """)
    R("null/file-sd-entry", """
        scrape_configs:
          - job_name: j
            file_sd_configs:
              -
        """)
    R("null/static-config-entry", """
        scrape_configs:
          - job_name: j
            static_configs:
              - ~
        """)
    A("null/scrape-configs-null", """
        scrape_configs:
        """)
    A("null/empty-file", "\n")
    A("null/only-global", """
        global:
          scrape_interval: 15s
          external_labels:
            region: eu
        """)
    R("type/scrape-configs-map", """
        scrape_configs:
          job_name: j
        """)
    R("type/scrape-configs-scalar", """
        scrape_configs: j
        """)
    R("type/honor-labels-string", """
        scrape_configs:
          - job_name: j
            honor_labels: maybe
        """)
    R("type/sample-limit-negative", """
        scrape_configs:
          - job_name: j
            sample_limit: -1
        """)
    R("type/metrics-path-list", """
        scrape_configs:
          - job_name: j
            metrics_path: [/a]
        """)
    R("type/file-sd-files-scalar", """
        scrape_configs:
          - job_name: j
            file_sd_configs:
              - files: t.json
        """)
    R("type/file-sd-configs-map", """
        scrape_configs:
          - job_name: j
            file_sd_configs:
              files: [t.json]
        """)
    R("type/global-list", """
        global: [a]
        """)
    R("type/body-size-limit-bad", """
        scrape_configs:
          - job_name: j
            body_size_limit: 10 apples
        """)
    # file SD paths (4.1)
    for label, pat in (("no-extension", "targets"), ("txt-extension", "t.txt"), ("mixed-case-extension", "t.Json"),
                       ("star-in-directory", "*/t.json"), ("star-then-slash", "a*/b/t.json"), ("empty-string", ""),
                       ("trailing-space", "t.json "), ("json-suffix-only-in-middle", "t.json.bak"),
                       ("double-star-dir", "**/t.yml")):
        R("file-sd-path/" + label, """
            scrape_configs:
              - job_name: j
                file_sd_configs:
                  - files: ['%s']
            """ % pat)
    R("file-sd-path/files-empty-list", """
        scrape_configs:
          - job_name: j
            file_sd_configs:
              - files: []
        """)
    R("file-sd-path/files-missing", """
        scrape_configs:
          - job_name: j
            file_sd_configs:
              - refresh_interval: 1m
        """)
    R("file-sd-path/second-entry-bad", """
        scrape_configs:
          - job_name: j
            file_sd_configs:
              - files: [a.json, b.yaml, c.conf]
        """)
    A("file-sd-path/accepted-variants", """
        scrape_configs:
          - job_name: j
            file_sd_configs:
              - files: [a.json, b.yml, c.yaml, d.JSON, e.YML, f.YAML, 'dir/*.json', 'd/*a*b*.yml', '/abs/x.json']
        """)
    # external labels
    R("external-labels/invalid-name", """
        global:
          external_labels:
            foo-bar: x
        """)
    R("external-labels/unicode-name", """
        global:
          external_labels:
            é: x
        """)
    R("external-labels/list-value", """
        global:
          external_labels:
            a: [b]
        """)
    A("external-labels/empty-value-is-fine", """
        global:
          external_labels:
            a: ""
            b: x
        """)
    # rule files
    R("rule-files/star-in-directory", """
        rule_files:
          - 'rules/*/x.yml'
        """)
    R("rule-files/missing-file", """
        rule_files:
          - rules.yml
        """)
    A("rule-files/glob-without-match-is-fine", """
        rule_files:
          - 'rules/*.yml'
        """)
    # http client settings
    R("http/basic-auth-and-bearer-token", """
        scrape_configs:
          - job_name: j
            basic_auth:
              username: u
              password: p
            bearer_token: t
        """)
    R("http/bearer-token-and-file", """
        scrape_configs:
          - job_name: j
            bearer_token: t
            bearer_token_file: f
        """)
    R("http/tls-cert-without-key", """
        scrape_configs:
          - job_name: j
            tls_config:
              cert_file: c.pem
        """)
    A("http/tls-missing-ca-file-not-checked", """
        scrape_configs:
          - job_name: j
            tls_config:
              ca_file: missing-ca.pem
        """)
    R("http/authorization-credentials-file-missing", """
        scrape_configs:
          - job_name: j
            authorization:
              credentials_file: missing-token
        """)
    R("http/proxy-url-bad", """
        scrape_configs:
          - job_name: j
            proxy_url: "%zz"
        """)
    # yaml syntax
    R("yaml/tab-indentation", "scrape_configs:\n\t- job_name: j\n")
    R("yaml/unclosed-flow", """
        scrape_configs: [{job_name: j}
        """)
    R("yaml/bad-indentation", """
        scrape_configs:
          - job_name: j
           scrape_interval: 1m
        """)
    R("yaml/duplicate-key-in-job", """
        scrape_configs:
          - job_name: j
            scheme: http
            scheme: https
        """)
    R("yaml/duplicate-top-level-key", """
        scrape_configs:
          - job_name: a
        scrape_configs:
          - job_name: b
        """)
    R("yaml/scalar-document", """
        just a string
        """)
    # several errors: only the first is reported
    R("order/first-job-error-wins", """
        scrape_configs:
          - job_name: a
            scrape_interval: 10s
            scrape_timeout: 20s
          - job_name: ""
        """)
    R("order/unmarshal-errors-listed-together", """
        scrape_configs:
          - job_name: a
            foo: 1
            bar: 2
        """)
    R("order/static-slash-before-interval", """
        scrape_configs:
          - job_name: a
            scrape_interval: 10s
            scrape_timeout: 20s
            static_configs:
              - targets: ["http://x:1"]
        """)
    A("scheme/not-validated", """
        scrape_configs:
          - job_name: j
            scheme: ftp
            metrics_path: relative/path
        """)
    A("remote-write-irrelevant", """
        remote_write:
          - url: http://remote:9201/write
        scrape_configs:
          - job_name: j
        """)


@topic
def block_and_flow_style():
    T = "block-and-flow-style"
    files = {"targets/web.yml": "- targets: [web-1:8080, web-2:8080]\n  labels: {tier: frontend}\n",
             "targets/db.json": jfile((["db-1:5432"], {"tier": "backend"}))}
    block_cfg = d("""
        # my Prometheus
        global:
          scrape_interval: 30s
          scrape_timeout: 10s
          external_labels:
            monitor: codelab

        scrape_configs:
          - job_name: node
            metrics_path: /metrics
            scheme: http
            params:
              collect[]:
                - cpu
                - meminfo
            file_sd_configs:
              - files:
                  - targets/*.yml
                  - targets/*.json
                refresh_interval: 30s
            relabel_configs:
              - source_labels: [tier]
                regex: frontend
                target_label: team
                replacement: web
        """)
    flow_cfg = d("""
        {global: {scrape_interval: 30s, scrape_timeout: 10s, external_labels: {monitor: codelab}},
         scrape_configs: [{job_name: node, metrics_path: /metrics, scheme: http,
           params: {"collect[]": [cpu, meminfo]},
           file_sd_configs: [{files: [targets/*.yml, targets/*.json], refresh_interval: 30s}],
           relabel_configs: [{source_labels: [tier], regex: frontend, target_label: team, replacement: web}]}]}
        """)
    json_cfg = json.dumps({
        "global": {"scrape_interval": "30s", "scrape_timeout": "10s", "external_labels": {"monitor": "codelab"}},
        "scrape_configs": [{"job_name": "node", "metrics_path": "/metrics", "scheme": "http",
                            "params": {"collect[]": ["cpu", "meminfo"]},
                            "file_sd_configs": [{"files": ["targets/*.yml", "targets/*.json"], "refresh_interval": "30s"}],
                            "relabel_configs": [{"source_labels": ["tier"], "regex": "frontend", "target_label": "team",
                                                 "replacement": "web"}]}]}, indent=2) + "\n"
    for label, cfg in (("block", block_cfg), ("flow", flow_cfg), ("json-syntax", json_cfg)):
        sd(T, "same-config/" + label, dict({CONFIG: cfg}, **files), job="node")
        accept(T, "same-config/" + label + "-check-config", dict({CONFIG: cfg}, **files))
    reject(T, "anchors/unknown-top-level-holder-rejected", F(d("""
        x-common: &common
          - source_labels: [__address__]
            target_label: host
        scrape_configs:
          - job_name: j
            relabel_configs: *common
        """)))
    sd(T, "anchors/alias-in-same-list", F(d("""
        scrape_configs:
          - job_name: other
            relabel_configs: &rules
              - target_label: env
                replacement: shared
            file_sd_configs:
              - files: [t.json]
          - job_name: j
            relabel_configs: *rules
            file_sd_configs:
              - files: [t.json]
        """), t__json=jfile(["a:1"])))
    sd(T, "anchors/merge-key-job-defaults", F(d("""
        scrape_configs:
          - &defaults
            job_name: base
            scrape_interval: 15s
            metrics_path: /m
            file_sd_configs:
              - files: [t.json]
          - <<: *defaults
            job_name: j
            scheme: https
        """), t__json=jfile(["a", "b:1"])))
    sd(T, "document/start-marker-and-comments", F(d("""
        ---
        # comment
        scrape_configs:   # trailing comment
          # comment inside
          - job_name: j   # the job
            file_sd_configs:
              - files: ["t.json"]   # quoted
        ...
        """), t__json=jfile(["a:1"])))
    sd(T, "document/only-first-document-read", F(d("""
        scrape_configs:
          - job_name: j
            file_sd_configs:
              - files: [t.json]
        ---
        scrape_configs:
          - job_name: j
            metrics_path: /second
        """), t__json=jfile(["a:1"])))
    sd(T, "quoting/quoted-keys-and-values", F(d("""
        "scrape_configs":
          - 'job_name': "j"
            "metrics_path": '/quoted'
            'scrape_interval': "20s"
            "file_sd_configs":
              - 'files': ['t.json']
        """), t__json=jfile(["a:1"])))
    sd(T, "quoting/multi-line-scalar-path", F(d("""
        scrape_configs:
          - job_name: j
            metrics_path: >-
              /folded
            file_sd_configs:
              - files:
                - t.json
        """), t__json=jfile(["a:1"])))
    sd(T, "indentation/list-not-indented", F(d("""
        scrape_configs:
        - job_name: j
          scrape_interval: 45s
          file_sd_configs:
          - files:
            - t.json
          relabel_configs:
          - target_label: x
            replacement: y
        """), t__json=jfile(["a:1"])))
    sd(T, "indentation/four-spaces", F(d("""
        scrape_configs:
            -   job_name: j
                file_sd_configs:
                    -   files:
                            - t.json
        """), t__json=jfile(["a:1"])))
    sd(T, "crlf-line-endings", F("scrape_configs:\r\n  - job_name: j\r\n    file_sd_configs:\r\n      - files: [t.json]\r\n",
                                  t__json=jfile(["a:1"])))
    sd(T, "static/block-style", F(d("""
        scrape_configs:
          - job_name: j
            static_configs:
              - targets:
                  - a:1
                  - b:2
                labels:
                  env: prod
        """)))
    sd(T, "static/flow-style", F(d("""
        scrape_configs: [{job_name: j, static_configs: [{targets: [a:1, b:2], labels: {env: prod}}]}]
        """)))
    sd(T, "static/json-syntax", F(json.dumps({"scrape_configs": [{"job_name": "j", "static_configs": [
        {"targets": ["a:1", "b:2"], "labels": {"env": "prod"}}]}]}) + "\n"))
    sd(T, "realistic/multi-job-config", F(d("""
        global:
          scrape_interval: 15s
          evaluation_interval: 15s

        alerting:
          alertmanagers:
            - static_configs:
                - targets: [alertmanager:9093]

        rule_files: []

        scrape_configs:
          - job_name: prometheus
            static_configs:
              - targets: [localhost:9090]

          - job_name: j
            honor_labels: true
            scrape_interval: 1m
            scrape_timeout: 30s
            file_sd_configs:
              - files:
                  - sd/*.json
            relabel_configs:
              - source_labels: [__meta_filepath]
                regex: sd/(.*)\\.json
                target_label: source_file
              - source_labels: [dc]
                regex: (.+)
                target_label: datacenter
              - action: labeldrop
                regex: dc
        """), **{"sd/a.json": jfile((["a1:9100", "a2:9100"], {"dc": "fra"})),
                 "sd/b.json": jfile((["b1:9100"], {"dc": "ams"}))}))


@topic
def other_sections():
    """alerting, remote_write, remote_read, tracing and body_size_limit: sections that do not
    shape targets but that promtool still validates (config/config.go)."""
    T = "other-sections"
    R = lambda name, cfg, **kw: reject(T, name, F(d(cfg), **kw))
    A = lambda name, cfg, **kw: accept(T, name, F(d(cfg), **kw))
    R("alerting/null-alert-relabel-rule", """
        alerting:
          alert_relabel_configs:
            -
        """)
    R("alerting/invalid-alert-relabel-rule", """
        alerting:
          alert_relabel_configs:
            - action: hashmod
              target_label: x
        """)
    R("alerting/unknown-field", """
        alerting:
          alertmanager:
            - static_configs: [{targets: ["am:9093"]}]
        """)
    R("alertmanager/null-relabel-rule", """
        alerting:
          alertmanagers:
            - static_configs: [{targets: ["am:9093"]}]
              relabel_configs:
                -
        """)
    R("alertmanager/url-as-static-target", """
        alerting:
          alertmanagers:
            - static_configs:
                - targets: ["http://am:9093"]
        """)
    A("alertmanager/url-as-static-target-with-rules", """
        alerting:
          alertmanagers:
            - static_configs:
                - targets: ["http://am:9093"]
              relabel_configs:
                - target_label: __address__
                  replacement: am:9093
        """)
    R("alertmanager/api-version-v3", """
        alerting:
          alertmanagers:
            - api_version: v3
              static_configs: [{targets: ["am:9093"]}]
        """)
    A("alertmanager/api-version-v1", """
        alerting:
          alertmanagers:
            - api_version: v1
              scheme: https
              path_prefix: /am
              timeout: 5s
              static_configs: [{targets: ["am:9093"]}]
        """)
    R("alertmanager/unknown-field", """
        alerting:
          alertmanagers:
            - static_configs: [{targets: ["am:9093"]}]
              relabel_config: []
        """)
    R("alertmanager/bearer-token-and-file", """
        alerting:
          alertmanagers:
            - bearer_token: a
              bearer_token_file: b
              static_configs: [{targets: ["am:9093"]}]
        """)
    R("alertmanager/bad-timeout", """
        alerting:
          alertmanagers:
            - timeout: 5x
              static_configs: [{targets: ["am:9093"]}]
        """)
    A("alertmanager/file-sd", """
        alerting:
          alertmanagers:
            - file_sd_configs:
                - files: [am.json]
        """, am__json=jfile(["am:9093"]))
    R("remote-write/null-section", """
        remote_write:
          - url: http://a/w
          -
        """)
    R("remote-write/url-missing", """
        remote_write:
          - name: a
        """)
    R("remote-write/url-null", """
        remote_write:
          - url:
        """)
    R("remote-write/null-relabel-rule", """
        remote_write:
          - url: http://a/w
            write_relabel_configs:
              - source_labels: [x]
                action: drop
              -
        """)
    R("remote-write/invalid-relabel-rule", """
        remote_write:
          - url: http://a/w
            write_relabel_configs:
              - action: labelmap
                regex: "("
        """)
    R("remote-write/authorization-header", """
        remote_write:
          - url: http://a/w
            headers:
              Authorization: Bearer x
        """)
    R("remote-write/reserved-header-mixed-case", """
        remote_write:
          - url: http://a/w
            headers:
              X-Custom: ok
              User-Agent: me
        """)
    R("remote-write/duplicate-names", """
        remote_write:
          - url: http://a/w
            name: one
          - url: http://b/w
            name: one
        """)
    A("remote-write/unnamed-twice", """
        remote_write:
          - url: http://a/w
          - url: http://a/w
        """)
    R("remote-write/unknown-field", """
        remote_write:
          - url: http://a/w
            queue: {}
        """)
    R("remote-write/basic-auth-and-sigv4", """
        remote_write:
          - url: http://a/w
            basic_auth: {username: u, password: p}
            sigv4: {region: us-east-1}
        """)
    R("remote-write/bad-remote-timeout", """
        remote_write:
          - url: http://a/w
            remote_timeout: 30
        """)
    A("remote-write/realistic", """
        remote_write:
          - url: https://metrics.example.com/api/v1/write
            name: central
            remote_timeout: 30s
            headers:
              X-Scope-OrgID: team-a
            basic_auth:
              username: writer
              password: secret
            tls_config:
              insecure_skip_verify: false
            queue_config:
              capacity: 10000
              max_shards: 50
              max_samples_per_send: 2000
            metadata_config:
              send: true
              send_interval: 1m
            write_relabel_configs:
              - source_labels: [__name__]
                regex: go_.*
                action: drop
            send_exemplars: true
        """)
    R("remote-read/null-section", """
        remote_read:
          -
        """)
    R("remote-read/url-missing", """
        remote_read:
          - read_recent: true
        """)
    R("remote-read/reserved-header", """
        remote_read:
          - url: http://a/r
            headers:
              x-prometheus-remote-read-version: "1"
        """)
    R("remote-read/duplicate-names", """
        remote_read:
          - url: http://a/r
            name: r
          - url: http://b/r
            name: r
        """)
    A("remote-read/realistic", """
        remote_read:
          - url: http://a/r
            name: r
            read_recent: true
            required_matchers: {job: j}
            filter_external_labels: false
        """)
    R("remote-write-and-read/write-checked-first", """
        remote_read:
          - url: http://a/r
            name: x
          - url: http://a/r
            name: x
        remote_write:
          - url: http://a/w
            name: y
          - url: http://a/w
            name: y
        """)
    R("tracing/endpoint-missing", """
        tracing:
          client_type: http
        """)
    R("tracing/bad-client-type", """
        tracing:
          client_type: udp
          endpoint: localhost:4317
        """)
    R("tracing/bad-compression", """
        tracing:
          endpoint: localhost:4317
          compression: zstd
        """)
    R("tracing/authorization-header", """
        tracing:
          endpoint: localhost:4317
          headers:
            authorization: x
        """)
    R("tracing/reserved-header", """
        tracing:
          endpoint: localhost:4317
          headers:
            Content-Type: x
        """)
    A("tracing/realistic", """
        tracing:
          endpoint: localhost:4317
          client_type: grpc
          sampling_fraction: 0.1
          insecure: true
          timeout: 5s
          compression: gzip
          headers:
            X-Tenant: a
        """)
    A("storage/exemplars", """
        storage:
          exemplars:
            max_exemplars: 1000
        """)
    # !!binary scalars: yaml.v2 decodes them as Go strings of any bytes
    R("binary/invalid-base64", """
        global:
          external_labels:
            a: !!binary "/w==$1"
        """)
    R("binary/invalid-utf8-label-value", """
        global:
          external_labels:
            a: !!binary "/w=="
        """)
    A("binary/utf8-label-value", """
        global:
          external_labels:
            a: !!binary "YWJj"
        """)
    R("binary/invalid-utf8-label-name", """
        global:
          external_labels:
            !!binary "/w==": v
        """)
    sd(T, "binary/relabel-replacement-invalid-utf8", F(d("""
        scrape_configs:
          - job_name: j
            static_configs: [{targets: ["a:1"]}]
            relabel_configs:
              - target_label: x
                replacement: !!binary "/w=="
        """)), cc=True)
    sd(T, "binary/relabel-replacement-utf8", F(d("""
        scrape_configs:
          - job_name: !!binary "ag=="
            static_configs: [{targets: ["a:1"]}]
            relabel_configs:
              - target_label: x
                replacement: !!binary "w6k="
        """)))
    for value, name in (("100", "plain-number"), ("abc", "letters"), ("10kB", "si-kilo"),
                        ("1.5.5MB", "two-dots"), ("-", "sign-only"), ("10 MB", "space"),
                        ("1XB", "unknown-unit"), ('""', "empty-string")):
        R("body-size-limit/" + name, """
            scrape_configs:
              - job_name: j
                body_size_limit: %s
            """ % value)
    for value, name in (("0", "zero"), ("10MB", "megabytes"), ("1.5KiB", "fractional-kib"),
                        ("1GB512MB", "sequence"), ("100B", "bytes"), ("-1KB", "negative"),
                        ("null", "null"), (".5MiB", "leading-dot")):
        A("body-size-limit/" + name, """
            scrape_configs:
              - job_name: j
                body_size_limit: %s
            """ % value)


@topic
def identical_after_relabel():
    T = "identical-after-relabel"
    to_blackbox = "relabel_configs:\n  - target_label: __address__\n    replacement: 127.0.0.1:9115\n"
    zz_then = "relabel_configs:\n  - target_label: zz\n    replacement: v\n  - target_label: __address__\n    replacement: 127.0.0.1:9115\n"
    sd(T, "address-rule/group-label", F(fjob(to_blackbox), t__json=jfile((["a:1", "b:2", "c"], {"env": "x"}))), n=1)
    sd(T, "zz-then-address/group-label", F(fjob(zz_then), t__json=jfile((["a:1", "b:2", "c"], {"env": "x"}))), n=3)
    for size in range(0, 5):
        labels = {"l%d" % i: "v" for i in range(size)} or None
        sd(T, "address-rule/%d-group-labels" % size, F(fjob(to_blackbox), t__json=jfile((["a:1", "b:2", "c:3"], labels))), n=1)
        sd(T, "zz-then-address/%d-group-labels" % size, F(fjob(zz_then), t__json=jfile((["a:1", "b:2", "c:3"], labels))), n=3 if size < 3 else 1)
    sd(T, "address-rule/two-groups-never-merged", F(fjob(to_blackbox), t__json=jfile(["a:1", "b:2"], ["c:3", "d:4"])), n=2)
    sd(T, "address-rule/two-files-never-merged", F(fjob(to_blackbox, files="a.json, b.json"), a__json=jfile(["a:1"]), b__json=jfile(["b:2"])), n=2)
    sd(T, "address-rule/with-param", F(fjob("params:\n  module: [m]\n" + to_blackbox), t__json=jfile(["a:1", "b:2", "c:3"])), n=1)
    sd(T, "address-rule/static", F(sjob(to_blackbox, static="""
        - targets: [a:1, b:2, c:3]
        """)), n=1)
    sd(T, "address-rule/static-with-labels", F(sjob(to_blackbox, static="""
        - targets: [a:1, b:2, c:3]
          labels: {env: x, team: y}
        """)), n=1)
    sd(T, "labeldrop-address-parts/identical", F(fjob("""
        relabel_configs:
          - source_labels: [__address__]
            regex: ([^:]+):.*
            target_label: __address__
            replacement: $1:9100
        """), t__json=jfile(["h:1", "h:2", "h:3"])), n=1)
    sd(T, "labelmap-then-address", F(fjob("""
        relabel_configs:
          - action: labelmap
            regex: __meta_(.*)
          - target_label: __address__
            replacement: fixed:1
        """), t__json=jfile((["a:1", "b:2"], {"__meta_x": "1"}))), n=2)
    sd(T, "errors/identical-messages", F(fjob(), t__json=jfile(["", "", "a:1"])), n=2)
    sd(T, "errors/different-messages", F(fjob(), t__json=jfile(["", "x/y", "p/q"])), n=3)
    sd(T, "dropped/different-discovered-labels", F(fjob("relabel_configs:\n  - action: drop\n    regex: .*\n"), t__json=jfile(["a:1", "b:2"])), n=2)
    sd(T, "dropped/after-rewrite", F(fjob("""
        relabel_configs:
          - target_label: __address__
            replacement: same:1
          - action: drop
            source_labels: [__address__]
            regex: same:1
        """), t__json=jfile(["a:1", "b:2", "c:3"])), n=1)



@topic
def reliability():
    """Hostile inputs (issue 17): Go's regexp limits, nesting depth, aliasing, odd YAML tags.
    Each input is small to write; what promtool says about it is the contract."""
    T = "reliability"

    def rule(regex):
        return F(fjob("relabel_configs:\n  - {source_labels: [a], regex: '%s', target_label: b}\n"
                      % regex), t__json=jfile(["a:1"]))
    # Go checks nested counted repeats while parsing (regexp/syntax parse.go: parser.repeat,
    # repeatIsValid): a bomb re2j would expand to 10^8 instructions is refused at once, and a
    # bad repeat met before a later syntax error is the error.
    for name, regex in [
        ("bomb-four-levels", "((((a{100}){100}){100}){100})"),
        ("bomb-duplicate-group-names", "(?P<x>a)(?P<x>(b{100}){100})"),
        ("product-1002", "(a{2}){501}"),
        ("product-1000-then-1001", "(a{1000}){2}x{1001}"),
        ("bad-repeat-before-missing-paren", "((a{10}){10}){11}("),
        ("bad-repeat-before-bad-escape", "((a{10}){10}){11}\\q"),
        ("bad-repeat-before-unexpected-paren", "(x{2}){501})"),
        ("missing-paren-after-good-repeat", "((a{10}){10}){10}("),
    ]:
        reject(T, "regex/" + name, rule(regex))

    # Nesting depth: yaml.v2's scanner allows 10,000 open block collections and 10,000 open
    # flow collections (scannerc.go: max_indents, max_flow_level); encoding/json 10,000 open
    # arrays or objects (scanner.go: maxNestingDepth). One more is an error with Go's text.
    def flow(n):
        return "[" * n + "]" * n

    def block(n):  # n nested block sequences on one line ("- - - a")
        return "- " * n + "a\n"
    for n in (10000, 10001):
        reject(T, "yaml-depth/flow-%d" % n, F(fjob("params:\n  x: %s\n" % flow(n)), t__json=jfile(["a:1"])))
        reject(T, "yaml-depth/flow-%d-first-line" % n, F("x: %s\n" % flow(n)))
        # scrape_configs, the job's list, the job, params: 4 open block collections
        reject(T, "yaml-depth/block-%d" % n,
               F(fjob("params:\n  x:\n    " + block(n - 4)), t__json=jfile(["a:1"])))
        reject(T, "json-depth/file-sd-%d" % n, F(fjob(), t__json=flow(n) + "\n"))
        reject(T, "yaml-depth/file-sd-%d" % n, F(fjob(files="t.yml"), t__yml="- " + flow(n) + "\n"))
    # Bytes that are not UTF-8: yaml.v2's reader refuses them (readerc.go, no line); in a JSON
    # string encoding/json reads each bad byte as U+FFFD and the target stays.
    def b64(data):
        return {"base64": base64.b64encode(data).decode()}
    for name, bad in [("leading", b"\xff"), ("trailing", b"\xc3("), ("incomplete", b"\xe2\x82"),
                      ("overlong", b"\xc0\x80"), ("surrogate", b"\xed\xa0\x80"),
                      ("beyond-unicode", b"\xf4\x90\x80\x80"), ("control-before-bad", b"\x01\xff")]:
        reject(T, "utf8/prometheus-yml-" + name,
               F(b64(b"scrape_configs:\n  - job_name: j" + bad + b"\n")))
        reject(T, "utf8/file-sd-yaml-" + name,
               F(fjob(files="t.yml"), t__yml=b64(b"- targets: ['a:1']\n  labels: {x: 'v" + bad + b"'}\n")))
    sd(T, "utf8/file-sd-json-value-gets-replacement-characters",
       F(fjob(), t__json=b64(b'[{"targets": ["a:1"], "labels": {"x": "a\xffb\xe2\x82c\xc0\x80d"}}]\n')), n=1, cc=True)
    sd(T, "utf8/file-sd-json-target-gets-replacement-characters",
       F(fjob(), t__json=b64(b'[{"targets": ["a\xed\xa0\x80:1"]}]\n')), n=1, cc=True)
    # Aliases: yaml.v2 has no cap on their number, only on the share of the decoding done
    # through them (decode.go: allowedAliasRatio), which a merge-key bomb exceeds at once.
    accept(T, "alias/ten-thousand-and-fifty-of-one-mapping", F(
        "scrape_configs:\n  - job_name: j\n    static_configs:\n      - &g {targets: ['a:1']}\n"
        + "      - *g\n" * 10050))
    accept(T, "alias/ten-thousand-and-fifty-of-one-scalar", F(
        "scrape_configs:\n  - job_name: j\n    static_configs:\n      - targets: [&a 'a:1', "
        + ", ".join(["*a"] * 10050) + "]\n"))
    bomb = ["scrape_configs:", "  - job_name: j", "    static_configs:", "      - targets: ['a:1']",
            "        labels: &l0 {k: v}"]
    for i in range(1, 12):
        bomb.append("      - targets: ['a:1']")
        bomb.append("        labels: &l%d {<<: [%s]}" % (i, ", ".join(["*l%d" % (i - 1)] * 10)))
    reject(T, "alias/merge-key-bomb", F("\n".join(bomb) + "\n"))
    merges = ["scrape_configs:", "  - job_name: j", "    static_configs:", "      - targets: ['a:1']",
              "        labels: &common {a: '1', b: '2', c: '3'}"]
    for i in range(200):
        merges.append("      - targets: ['h%d:1']" % i)
        merges.append("        labels: {<<: *common, n: '%d'}" % i)
    accept(T, "alias/two-hundred-merges-of-one-mapping", F("\n".join(merges) + "\n"))
    # a tagged password: yaml.v2 decodes !!int 123 into the Secret string (2.42 accepts it)
    accept(T, "tag/int-password", F(fjob("basic_auth:\n  username: u\n  password: !!int 123\n"),
                                    t__json=jfile(["a:1"])))
    # File errors in Go's words: a literal path is matched by os.Lstat (filepath.Glob), so a
    # dangling link or a link loop is a match that fails when opened.
    reject(T, "file/dangling-symlink", F(fjob(files="d.json"), d__json={"symlink": "nothere.json"}))
    reject(T, "file/symlink-loop", F(fjob(files="l1.json"), l1__json={"symlink": "l2.json"},
                                     l2__json={"symlink": "l1.json"}))
    reject(T, "file/glob-matches-symlink-loop", F(fjob(files="'*.json'"), l1__json={"symlink": "l2.json"},
                                                  l2__json={"symlink": "l1.json"}))
    reject(T, "file/directory", F(fjob(files="d.json"), **{"d__json/": ""}))
    sd(T, "file/symlink-loop-other-file-keeps-its-targets",
       F(fjob(files="l1.json, u.json"), l1__json={"symlink": "l2.json"}, l2__json={"symlink": "l1.json"},
         u__json=jfile(["b:1"])), n=1)
    # a group that is not an object: Group.UnmarshalJSON's anonymous struct is the type named
    for name, text in [("array", "[[]]"), ("number", "[1]"), ("string", '["x"]')]:
        reject(T, "json/group-is-" + name, F(fjob(), t__json=text + "\n"))
    # the broken file is logged; the other file of the same entry keeps its target
    sd(T, "json-depth/other-file-keeps-its-targets",
       F(fjob(files="t.json, u.json"), t__json=flow(10001) + "\n", u__json=jfile(["b:1"])), n=1)
    for name, regex in [
        ("product-1000", "(a{2}){500}"),
        ("long-classes", "[a-z]{1000}[0-9]{1000}(x{10}){100}"),
    ]:
        accept(T, "regex/" + name, rule(regex))


@topic
def fuzz_found():
    """Minimal reproducers of differences found by testdata/e2e/gen/fuzz.py (differential
    fuzzing against promtool 2.42), one per bug fixed."""
    T = "fuzz-found"
    # promtool prints the discovered labels as 2.42's relabeling left them in their array: the
    # uppercase of a missing label deletes `c`, and the printed discovered labels lose it too.
    sd(T, "discovered-labels/uppercase-deletes-group-label", F(sjob("""
        relabel_configs:
          - {source_labels: [zz], target_label: c, action: uppercase}
        """, static="""
        - targets: ['bücher.example']
          labels:
            c: "\\u0149"
        """)))
    sd(T, "discovered-labels/replace-then-labelmap", F(fjob("""
        relabel_configs:
          - source_labels: [a]
            regex: (.*)
            target_label: b
            replacement: x_$1
          - action: labelmap
            regex: (a|b)
            replacement: copy_$1
        """), t__json=jfile((["h:1", "h:2"], {"a": "v", "z": "w"}))))
    # yaml.v2 names no line for a syntax error on the first line (parser.fail: line 0 is "none")
    reject(T, "yaml/tab-on-first-line", F("\t\n" + fjob(), t__json=jfile(["a:1"])))
    reject(T, "yaml/tab-on-second-line", F("\n\t\n" + fjob(), t__json=jfile(["a:1"])))
    reject(T, "yaml/document-end-marker-first", F("...\n" + fjob(), t__json=jfile(["a:1"])))
    reject(T, "yaml/bad-flow-on-first-line", F("global: {a: [}\n" + fjob(), t__json=jfile(["a:1"])))
    reject(T, "yaml/unknown-anchor-has-no-line", F(fjob() + "  - job_name: x\n    scrape_interval: *nope\n",
                                                   t__json=jfile(["a:1"])))
    reject(T, "yaml/unknown-escape-character", F(fjob() + "  - job_name: \"a\\qb\"\n", t__json=jfile(["a:1"])))
    reject(T, "yaml/short-unicode-escape", F(fjob() + "  - job_name: \"\\u00\"\n", t__json=jfile(["a:1"])))
    reject(T, "yaml/control-character", F(fjob() + "  - job_name: x\x00\n", t__json=jfile(["a:1"])))
    # external_labels is a labels.Labels, sorted by name before it is validated
    reject(T, "global/external-labels-first-invalid-name-in-sorted-order",
           F(fjob(glob_="external_labels: {'a b': x, '1bad': y}\n"), t__json=jfile(["a:1"])))
    reject(T, "global/external-labels-first-invalid-name-in-sorted-order-block",
           F(fjob(glob_="external_labels:\n  zz-z: x\n  b-b: y\n  a: z\n"), t__json=jfile(["a:1"])))
    # yaml.v2 decodes a scrape config's own keys and its inlined HTTP client keys in document
    # order: the first value that fails at once is the error
    reject(T, "document-order/bad-timeout-before-bad-proxy-url",
           F(fjob("scrape_timeout: '1h 1m'\nproxy_url: '::'\n"), t__json=jfile(["a:1"])))
    reject(T, "document-order/bad-proxy-url-before-bad-timeout",
           F(fjob("proxy_url: '::'\nscrape_timeout: '1h 1m'\n"), t__json=jfile(["a:1"])))
    reject(T, "document-order/bad-regex-before-bad-tls-version", F(fjob("""
        relabel_configs:
          - {source_labels: [a], regex: '(', target_label: b}
        tls_config: {min_version: TLS99}
        """), t__json=jfile(["a:1"])))
    reject(T, "document-order/bad-tls-version-before-bad-regex", F(fjob("""
        tls_config: {min_version: TLS99}
        relabel_configs:
          - {source_labels: [a], regex: '(', target_label: b}
        """), t__json=jfile(["a:1"])))
    # the scrape limits are Go uints: the type error names `uint`, not `uint64`
    reject(T, "type/limits-are-uint", F(fjob("""
        sample_limit: -1
        target_limit: abc
        label_limit: 1.5
        label_name_length_limit: [1]
        label_value_length_limit: -0
        """), t__json=jfile(["a:1"])))
    # Go 1.19's regexp uses Unicode 13 tables (re2j's are Unicode 6): letters, digits and scripts
    # added since, in \\p classes, negated, in brackets
    sd(T, "regex/unicode-13-classes", F(fjob("""
        relabel_configs:
          - {source_labels: [a], regex: '\\pL+', target_label: l, replacement: L}
          - {source_labels: [a], regex: '\\p{Lu}', target_label: u, replacement: U}
          - {source_labels: [a], regex: '\\p{Cherokee}+', target_label: c, replacement: C}
          - {source_labels: [a], regex: '\\p{Nd}', target_label: n, replacement: N}
          - {source_labels: [a], regex: '\\p{Adlam}', target_label: s, replacement: S}
          - {source_labels: [a], regex: '[^\\pL\\d]', target_label: x, replacement: X}
          - {source_labels: [a], regex: '\\P{L}', target_label: y, replacement: Y}
          - {source_labels: [a], regex: '\\p{^N}', target_label: z, replacement: Z}
        """), t__json=jfile(*[(["h:%d" % i], {"a": v}) for i, v in enumerate(
        ["\u13a0", "\uab70", "\u08a1", "\U0001e900", "\U0001e922", "\u1c90", "\U00016e40", "\u0c5d",
         "\u0ce6", "\U0001fbf0", "\u0378", "a", "1"])])))
    # case folding of the Cyrillic Extended-C letters (Go orbit В в ᲀ; re2j alone never ends)
    sd(T, "regex/fold-cyrillic-extended-c", F(fjob("""
        relabel_configs:
          - {source_labels: [a], regex: '(?i)ᲀ', target_label: f1, replacement: Y}
          - {source_labels: [a], regex: '(?i)в', target_label: f2, replacement: Y}
          - {source_labels: [a], regex: '(?i)т+', target_label: f3, replacement: Y}
          - {source_labels: [a], regex: '(?i)\\pL+', target_label: f4, replacement: Y}
          - {source_labels: [a], regex: '(?i)[\\x{1c80}-\\x{1c87}]', target_label: f5, replacement: Y}
        """), t__json=jfile(*[(["h:%d" % i], {"a": v}) for i, v in enumerate(
        ["\u1c80", "\u0412", "\u0432", "\u1c84\u1c85\u0422", "\u0442", "\u0463", "x"])])))


if __name__ == "__main__":
    main()
