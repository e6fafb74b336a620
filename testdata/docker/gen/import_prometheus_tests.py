#!/usr/bin/env python3
"""Imports Prometheus's own moby discovery tests as 3.x conformance cases.

Prometheus tests discovery/moby against JSON answers under discovery/moby/testdata/ and lists the
expected label sets in discovery/moby/*_test.go. This script copies those answers into
testdata/docker/payloads/prom-<dir>/ (renamed to what the fake serves: containers.json,
networks.json, services.json, tasks.json, nodes.json) and writes the expectations of the tests
named in TESTS below into testdata/docker/prometheus-3/imported.yaml, each citing its file and
test function at the given commit. The output is committed; CI never runs this script.

Usage: python3 testdata/docker/gen/import_prometheus_tests.py PROMETHEUS_CHECKOUT COMMIT
       (a git checkout, or a bare repository such as /work/.mirror/prometheus+prometheus/repo)
"""
import json
import pathlib
import re
import subprocess
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
DOCKER = HERE.parent
LINE = re.compile(r'^\s*"([^"]+)":\s*(?:model\.LabelValue\()?"((?:[^"\\]|\\.)*)"\)?,\s*$')

# (test file, function, testdata dir, mechanism, extra config lines)
TESTS = [
    ("docker_test.go", "TestDockerSDRefresh", "dockerprom", "docker", ""),
    ("docker_test.go", "TestDockerSDRefreshMatchAllNetworks", "dockerprom", "docker",
     "match_first_network: false\n"),
    ("docker_test.go", "TestDockerSDRefreshIPv6Only", "dockeripv6", "docker", ""),
    ("nodes_test.go", "TestDockerSwarmNodesSDRefresh", "swarmprom", "dockerswarm", "role: nodes\n"),
    ("services_test.go", "TestDockerSwarmSDServicesRefresh", "swarmprom", "dockerswarm",
     "role: services\n"),
    ("services_test.go", "TestDockerSwarmSDServicesRefreshWithFilters", "swarmprom", "dockerswarm",
     "role: services\nfilters:\n- name: name\n  values: [\"mon_node-exporter\", \"mon_grafana\"]\n"),
    ("services_test.go", "TestDockerSwarmSDServicesRefreshNoContainerSpec", "swarmprom-plugin",
     "dockerswarm", "role: services\n"),
    ("tasks_test.go", "TestDockerSwarmTasksSDRefresh", "swarmprom", "dockerswarm", "role: tasks\n"),
]

FILES = {"containers/json.json": "containers.json", "networks.json": "networks.json",
         "services.json": "services.json", "tasks.json": "tasks.json", "nodes.json": "nodes.json"}


def git_show(repo, commit, path):
    return subprocess.run(["git", "-C", repo, "show", f"{commit}:{path}"], check=True,
                          capture_output=True, text=True).stdout


def label_sets(source, function):
    """The model.LabelSet literals in the body of `function`, in order."""
    start = source.index(f"func {function}(")
    end = source.find("\nfunc ", start + 1)
    body = source[start:end if end >= 0 else len(source)]
    sets, current = [], None
    for line in body.splitlines():
        s = line.strip()
        if s == "{":
            current = {}
        elif s in ("},", "}") and current is not None:
            sets.append(current)
            current = None
        elif current is not None:
            m = LINE.match(line)
            if m:
                current[m.group(1)] = json.loads('"' + m.group(2) + '"')
    return sets


def api_version(repo, commit, testdata):
    headers = yaml.safe_load(git_show(repo, commit, f"discovery/moby/testdata/{testdata}/headers.yml"))
    return str(headers.get("Api-Version"))


class Block(str):
    pass


yaml.SafeDumper.add_representer(
    Block, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|"))


def main():
    repo, commit = sys.argv[1], sys.argv[2]
    for testdata in sorted({t[2] for t in TESTS}):
        out = DOCKER / "payloads" / ("prom-" + testdata)
        out.mkdir(parents=True, exist_ok=True)
        for src, dst in FILES.items():
            try:
                text = git_show(repo, commit, f"discovery/moby/testdata/{testdata}/{src}")
            except subprocess.CalledProcessError:
                continue
            (out / dst).write_text(text, encoding="utf-8")
    cases = []
    for file, function, testdata, mechanism, extra in TESTS:
        source = git_show(repo, commit, f"discovery/moby/{file}")
        targets = label_sets(source, function)
        lines = ["host: HOST"] + extra.splitlines()
        sd = "\n".join(["- " + lines[0]] + ["  " + x for x in lines[1:]]) + "\n"
        cases.append({
            "name": "prometheus-test/" + function,
            "source": f"discovery/moby/{file} {function} (prometheus {commit[:10]})",
            "mechanism": mechanism,
            "payload": "prom-" + testdata,
            "fake": {"api_version": api_version(repo, commit, testdata)},
            "sd_configs": Block(sd),
            "targets": targets,
        })
    head = ("# Imported from Prometheus's own tests by testdata/docker/gen/import_prometheus_tests.py"
            " - do not edit by hand.\n"
            f"# Source: github.com/prometheus/prometheus at {commit}, discovery/moby/*_test.go;\n"
            "# payloads/prom-* are its discovery/moby/testdata answers. Each case's targets are the\n"
            "# test's expected label sets (compared in any order). Format: testdata/docker/README.md.\n")
    text = yaml.safe_dump({"compat": 3, "cases": cases}, sort_keys=False, allow_unicode=True,
                          width=1000)
    (DOCKER / "prometheus-3" / "imported.yaml").write_text(head + text, encoding="utf-8")
    print(f"imported {len(cases)} cases, " + ", ".join(f"{c['name']}: {len(c['targets'])}"
                                                       for c in cases))


if __name__ == "__main__":
    main()
