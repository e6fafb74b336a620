#!/usr/bin/env python3
"""Self-check for the relabel fixture files (testdata/relabel/**/*.yaml).

Validates the schema described in testdata/README.md and prints counts.
Usage: python3 testdata/relabel/gen/check_fixtures.py [ROOT]   (ROOT defaults to testdata/relabel)
Exit status 1 when any file has a problem.
"""
import pathlib
import sys

import yaml

CASE_KEYS = {"name", "source", "scheme", "rules", "input", "output", "dropped", "error", "error_line"}
EXPECTATIONS = ("output", "dropped", "error")


def check_file(path):
    problems = []
    text = path.read_text(encoding="utf-8")
    if not text.lstrip().startswith("#"):
        problems.append("missing provenance comment at the top")
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as e:
        return [f"YAML error: {e}"], 0
    if not isinstance(doc, dict):
        return ["top level is not a mapping"], 0
    extra = set(doc) - {"compat", "cases"}
    if extra:
        problems.append(f"unknown top-level keys {sorted(extra)}")
    compat = doc.get("compat")
    if compat not in (2, 3):
        problems.append(f"compat must be 2 or 3, got {compat!r}")
    cases = doc.get("cases")
    if not isinstance(cases, list) or not cases:
        return problems + ["cases must be a non-empty list"], 0
    seen = set()
    for i, case in enumerate(cases):
        where = f"case #{i + 1}"
        if not isinstance(case, dict):
            problems.append(f"{where}: not a mapping")
            continue
        name = case.get("name")
        if not isinstance(name, str) or not name:
            problems.append(f"{where}: missing name")
        else:
            where = f"case {name!r}"
            if name in seen:
                problems.append(f"{where}: duplicate name")
            seen.add(name)
        unknown = set(case) - CASE_KEYS
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        if compat == 3 and not (isinstance(case.get("source"), str) and case["source"].strip()):
            problems.append(f"{where}: source is required when compat is 3")
        if "scheme" in case:
            if compat != 3:
                problems.append(f"{where}: scheme is only allowed with compat 3")
            if case["scheme"] not in ("legacy", "utf8"):
                problems.append(f"{where}: scheme must be legacy or utf8")
        rules = case.get("rules")
        if not isinstance(rules, str):
            problems.append(f"{where}: rules must be YAML text")
        else:
            try:
                yaml.safe_load(rules)
            except yaml.YAMLError as e:
                # Some rules are deliberately broken for the real parser; PyYAML only reports.
                problems.append(f"{where}: rules are not YAML: {e}")
        inp = case.get("input")
        if not isinstance(inp, dict):
            problems.append(f"{where}: input must be a mapping")
        else:
            for k, v in inp.items():
                if not isinstance(k, str) or not isinstance(v, str):
                    problems.append(f"{where}: input {k!r}: {v!r} must be string: string")
        present = [k for k in EXPECTATIONS if k in case]
        if len(present) != 1:
            problems.append(f"{where}: exactly one of output/dropped/error required, got {present}")
        if "output" in case:
            out = case["output"]
            if not isinstance(out, dict):
                problems.append(f"{where}: output must be a mapping")
            else:
                for k, v in out.items():
                    if not isinstance(k, str) or not isinstance(v, str):
                        problems.append(f"{where}: output {k!r}: {v!r} must be string: string")
                    elif v == "":
                        problems.append(f"{where}: output {k!r} has an empty value")
        if "dropped" in case and case["dropped"] is not True:
            problems.append(f"{where}: dropped must be true")
        if "error" in case and not (isinstance(case["error"], str) and case["error"]):
            problems.append(f"{where}: error must be a non-empty string")
        if "error_line" in case:
            if "error" not in case:
                problems.append(f"{where}: error_line without error")
            if not (isinstance(case["error_line"], int) and case["error_line"] >= 1):
                problems.append(f"{where}: error_line must be a positive integer")
    return problems, len(cases)


def main():
    root = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent
    files = sorted(p for p in root.rglob("*.yaml") if "gen" not in p.relative_to(root).parts)
    total = 0
    bad = 0
    per_compat = {}
    for path in files:
        problems, n = check_file(path)
        rel = path.relative_to(root)
        try:
            compat = yaml.safe_load(path.read_text(encoding="utf-8")).get("compat")
        except Exception:
            compat = None
        per_compat[compat] = per_compat.get(compat, 0) + n
        total += n
        status = "ok" if not problems else f"{len(problems)} problem(s)"
        print(f"{rel}: {n} cases (compat {compat}) {status}")
        for p in problems:
            print(f"  - {p}")
        bad += bool(problems)
    print(f"total: {total} cases in {len(files)} files; by compat: {per_compat}")
    if not files:
        print("no fixture files found")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
