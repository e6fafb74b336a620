"""Small pieces every SD recorder (testdata/<mechanism>/gen/record.py) needs the same way.

- prometheus_yml(mechanism, sd_configs): the prometheus.yml around an SD config list: one job
  named after the mechanism, the list's lines indented under `<mechanism>_sd_configs`.
- sd_config_text(bases, default_base, case): a case's SD config list: the named base entry
  (`case["base"]`, else default_base) with the case's `config` lines added under it (indented by
  two when there is a base, as keys of its entry), ending in a newline.
- clean_env(extra): the environment promtool runs in: PATH=/usr/bin:/bin and `extra`, nothing else.
"""


def prometheus_yml(mechanism, sd_configs):
    body = "".join("      " + line + "\n" for line in sd_configs.splitlines())
    return "scrape_configs:\n  - job_name: %s\n    %s_sd_configs:\n%s" % (mechanism, mechanism, body)


def sd_config_text(bases, default_base, case):
    base = bases[case.get("base", default_base)]
    lines = list(base)
    for line in case.get("config", "").splitlines():
        lines.append(("  " + line) if base else line)
    return "\n".join(lines) + "\n"


def clean_env(extra):
    env = {"PATH": "/usr/bin:/bin"}
    env.update(extra)
    return env
