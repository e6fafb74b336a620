#!/usr/bin/env python3
"""Differential fuzzing of promsd --compat=2 against Debian's promtool 2.42.

From a seed, generates random but plausible Prometheus setups (a prometheus.yml with one job
under test, random relabel chains over all eleven actions, random job and global settings,
plus a file_sd JSON/YAML file or static_configs with random targets and labels), and a share
of deliberately broken ones.  Each case is run through

  - `promtool check config prometheus.yml` and `promsd check config --compat=2 ...`:
    exit codes must agree; when promtool fails, its `FAILED: ...` text must appear in promsd's
    output (promsd may add where it found the problem, as the e2e tests accept); when it
    passes, each of its WARNING lines must appear in promsd's output;
  - when promtool accepts the config: `promtool check service-discovery --timeout=200ms
    prometheus.yml j` and promsd's: the JSON must be byte-identical.  promtool prints group
    sources in Go map order, which is random; each group is a source of its own (file SD: `<path>:<index>`), so with several groups
    the entries are compared as a multiset (each entry byte for byte).

promsd is driven in-process by a small Java harness (written to a scratch folder and run with
the single-file source launcher against cli/target/promsd.jar) so that a case costs
promtool's 200 ms and not a JVM start; a mismatch is confirmed with the real `java -jar`
command before it is reported.  Each mismatch is minimised (rules, groups, targets, labels
and settings removed while the mismatch stays the same kind) and printed with its files and
both outputs.

Usage (from the repository root, after `mvn -B -q -o package -pl cli -am -DskipTests`):
    python3 testdata/e2e/gen/fuzz.py --seed 1 --cases 500
    python3 testdata/e2e/gen/fuzz.py --seed 7 --cases 200 --kind config   # only broken configs
    python3 testdata/e2e/gen/fuzz.py --seed 3 --case 17 --show            # print one case
Options: --jobs N (parallel cases, default 2), --promtool PATH, --jar PATH, --keep DIR (write
each mismatch's minimised files there).  Exit status 1 when a mismatch was found.
Needs Python 3 and PyYAML.
"""

import argparse
import base64
import concurrent.futures
import difflib
import json
import os
import random
import re
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
DEFAULT_PROMTOOL = "/opt/prometheus-2.42/usr/bin/promtool"
DEFAULT_JAR = os.path.join(REPO, "cli", "target", "promsd.jar")
CONFIG = "prometheus.yml"
JOB = "j"

HARNESS = r"""
import java.io.*;
import java.lang.reflect.*;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

public class FuzzHarness {
  public static void main(String[] a) throws Exception {
    PrintStream proto = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    System.setErr(new PrintStream(OutputStream.nullOutputStream()));
    Method m = Class.forName("io.promsd.cli.Main")
        .getDeclaredMethod("run", String[].class, PrintWriter.class, PrintWriter.class);
    m.setAccessible(true);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Base64.Encoder b64 = Base64.getEncoder();
    for (String line; (line = in.readLine()) != null; ) {
      String[] args = line.split("\t", -1);
      StringWriter so = new StringWriter();
      StringWriter se = new StringWriter();
      int code;
      try {
        code = (Integer) m.invoke(null, args, new PrintWriter(so), new PrintWriter(se));
      } catch (InvocationTargetException e) {
        code = 99;
        StringWriter t = new StringWriter();
        e.getCause().printStackTrace(new PrintWriter(t));
        se.write(t.toString());
      }
      proto.println(code + " " + b64.encodeToString(so.toString().getBytes(StandardCharsets.UTF_8))
          + " " + b64.encodeToString(se.toString().getBytes(StandardCharsets.UTF_8)));
    }
  }
}
"""


# ---------------------------------------------------------------------------------------
# running the two tools


class Promsd:
    """One long-running JVM that runs promsd's Main.run per request (one per worker)."""

    TIMEOUT = 30  # seconds for one promsd command; longer is reported as a hang

    def __init__(self, jar, scratch):
        self.src = os.path.join(scratch, "FuzzHarness.java")
        self.jar = jar
        if not os.path.exists(self.src):
            with open(self.src, "w") as f:
                f.write(HARNESS)
        self.lock = threading.Lock()
        self.start()

    def start(self):
        self.p = subprocess.Popen(["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", self.jar, self.src],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def run(self, args):
        with self.lock:
            self.p.stdin.write(("\t".join(args) + "\n").encode("utf-8"))
            self.p.stdin.flush()
            ready, _, _ = select.select([self.p.stdout], [], [], self.TIMEOUT)
            if not ready:  # promsd hangs: restart the harness, report it as exit 98
                self.p.kill()
                self.p.wait()
                self.start()
                return 98, "", "promsd did not answer within %ds" % self.TIMEOUT
            line = self.p.stdout.readline().decode()
            if not line:
                raise RuntimeError("promsd harness died")
            code, out, err = line.split(" ")
            return int(code), base64.b64decode(out).decode("utf-8"), base64.b64decode(err).decode("utf-8")

    def close(self):
        self.p.stdin.close()
        self.p.wait()


def promtool_check_config(promtool, folder):
    p = subprocess.run([promtool, "check", "config", CONFIG], cwd=folder, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def promtool_sd(promtool, folder, timeout="200ms"):
    p = subprocess.run([promtool, "check", "service-discovery", "--timeout=" + timeout, CONFIG, JOB], cwd=folder,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def promsd_args(kind, folder):
    wd = "--working-directory=" + folder
    if kind == "config":
        return ["check", "config", "--compat=2", wd, CONFIG]
    return ["check", "service-discovery", "--compat=2", "--timeout=10s", wd, CONFIG, JOB]


def promsd_cli(jar, kind, folder):
    """The real command line, run in the case folder (used to confirm a mismatch)."""
    args = promsd_args(kind, folder)
    args = [a for a in args if not a.startswith("--working-directory")]
    p = subprocess.run(["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar] + args, cwd=folder,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def failed_text(out):
    """promtool's error: from `FAILED: ` to the end, without trailing newlines."""
    i = out.find("FAILED: ")
    return out[i:].rstrip("\n") if i >= 0 else None


def split_entries(text):
    if text == "[]":
        return []
    body = text[2:-2]
    return re.split(r"(?<=\n  \}),\n(?=  \{)", body)


def compare_config(pt, ps):
    """None when promsd agrees with promtool's check config, else a short description."""
    (prc, pout), (src, sout, serr) = pt, ps
    if prc != src:
        return "check-config exit %d (promtool) vs %d (promsd)" % (prc, src)
    allout = sout + serr
    if prc != 0:
        err = failed_text(pout)
        if err is None:
            return None  # promtool printed no FAILED line (never seen); exit codes agree
        want = err[len("FAILED: "):]
        if want + "\n" not in allout + "\n":  # promsd may add its location on the next line
            return "check-config error text differs"
    else:
        for line in pout.splitlines():
            if "WARNING" in line and line.strip() not in allout:
                return "check-config warning missing"
    return None


LABELS_ONLY = False  # --labels-only: ignore discoveredLabels


def strip_discovered(entries):
    return [re.sub(r'^  \{\n    "discoveredLabels": (\{\}|\{.*?\n    \})(,\n|\n)', "  {\n", e, flags=re.S) for e in entries]


def compare_sd(pt, ps, multi_source):
    (prc, pout, perr), (src, sout, serr) = pt, ps
    if prc != src:
        return "check-sd exit %d (promtool) vs %d (promsd)" % (prc, src)
    if pout == sout:
        return None
    if not pout.startswith("[") or not sout.startswith("["):
        return "check-sd output shape differs"
    a, b = split_entries(pout), split_entries(sout)
    if LABELS_ONLY:
        a, b = strip_discovered(a), strip_discovered(b)
        if a == b:
            return None
    if multi_source and sorted(a) == sorted(b):
        return None
    if len(a) != len(b):
        return "check-sd entry count %d (promtool) vs %d (promsd)" % (len(a), len(b))
    if sorted(a) == sorted(b):
        return "check-sd entry order differs"
    la = sorted(json.dumps(json.loads(x)["labels"], sort_keys=True) for x in a)
    lb = sorted(json.dumps(json.loads(x)["labels"], sort_keys=True) for x in b)
    if la != lb:
        return "check-sd labels differ"
    ea = sorted(json.dumps(json.loads(x).get("error"), sort_keys=True) for x in a)
    eb = sorted(json.dumps(json.loads(x).get("error"), sort_keys=True) for x in b)
    if ea != eb:
        return "check-sd errors differ"
    return "check-sd discoveredLabels/bytes differ"


# ---------------------------------------------------------------------------------------
# YAML scalars


YAML11_SPECIAL = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
                            r"|null|Null|NULL|~|[-+]?[0-9][0-9_.:eE+-]*|\.inf|\.nan|0x[0-9a-fA-F]+|0o?[0-7]+)$")
PLAIN_OK = re.compile(r"^[A-Za-z_/][A-Za-z0-9_./-]*$")


def sq(s):
    return "'" + s.replace("'", "''") + "'"


def dq(s, rng=None):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or o == 0x7f or 0x80 <= o < 0xa0 or ch in "\u2028\u2029\ufeff":
            out.append("\\u%04x" % o)
        elif o > 0x7f and rng is not None and rng.random() < 0.3:
            out.append("\\u%04x" % o if o <= 0xffff else "\\U%08x" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def ys(s, rng):
    """A YAML scalar for the string s in a random style that still means s (for yaml.v2)."""
    needs_dq = any(ord(c) < 0x20 or ord(c) == 0x7f or 0x80 <= ord(c) < 0xa0 or c in "\u2028\u2029\ufeff"
                   for c in s)
    if needs_dq:
        return dq(s, rng)
    if PLAIN_OK.match(s) and not YAML11_SPECIAL.match(s) and rng.random() < 0.5:
        return s
    return sq(s) if rng.random() < 0.6 else dq(s, rng)


def yraw(s, rng):
    """Like ys, but sometimes the bare text even when YAML would read it as a number or bool."""
    if YAML11_SPECIAL.match(s) and rng.random() < 0.5:
        return s
    return ys(s, rng)


# ---------------------------------------------------------------------------------------
# random pieces

LABEL_NAMES = ["a", "b", "c", "env", "app", "instance", "job", "__address__", "__scheme__", "__metrics_path__",
               "__scrape_interval__", "__scrape_timeout__", "__param_q", "__param_target", "__tmp_x", "__meta_x",
               "__meta_port", "x_1", "_", "A"]
MISSING_NAMES = ["nope", "__tmp_none", "zz"]
BAD_NAMES = ["1bad", "bad-name", "é", "a.b", "", "a b"]

VALUES = ["", "x", "X", "prod", "dev", "PROD", "a;b", "10.0.0.1:9100", "h", "h:80", "Straße", "İstanbul", "ß",
          "ǅ", "ﬀ", "ΣΑΣ", "ς", "Ꭰ", "ŉ", "😀", "$1", "a\nb", "<&>", "x\u2028y", "1m", "30s", "0s", "abc",
          "/metrics", "https", "http", "HTTP", "ftp", "x;y;z", "  ", "tab\there", "é", "ÀÉÎ", "k=v", "\\d",
          "..", "a/b", "yes", "1.5", "\x7f", "ǈ", "Ⅻ", "ⓐ", "ı", "ſ", "K", "\u08a1", "\uab70",
          "\U0001e922", "\u1c90x", "\u0ce6", "\u0378", "\U0001f600\u200d", "\ufeff", "\u00a0"]

ADDRESSES = ["h", "h:1", "10.0.0.1:9100", "10.0.0.2", "[::1]", "[::1]:9090", "::1", "fe80::1%eth0",
             "[fe80::1%eth0]", "a/b", "", "h:", ":80", "http://x:1", "bücher.example", "H:99999", "a:b:c",
             "node-1.example.com:9100", " ", "[::1", "127.0.0.1:65535", "x:0"]

DURATIONS_OK = ["1s", "5s", "10s", "15s", "30s", "1m", "90s", "2m", "1m30s", "1h", "100ms", "1500ms", "0s", "1d",
                "1w", "1y", "25h", "3600s", "60s", "1h0m0s", "0", "20s"]
DURATIONS_BAD = ["1.5s", "10", "1m1h", "-1s", "1S", "5 s", "1s1s", "10us", "", "abc", "1000000000y", "1h 1m"]

SEPARATORS = [";", "", ",", ":", "é", " ", "\n", ";;", "$1", "-"]
MODULI = ["1", "2", "3", "7", "10", "100", "4294967296", "18446744073709551615", "1000"]
MODULI_BAD = ["0", "-1", "abc", "18446744073709551616", "1.5", "1e3", "0x10", "''"]

ACTIONS = ["replace", "keep", "drop", "keepequal", "dropequal", "hashmod", "labelmap", "labeldrop", "labelkeep",
           "lowercase", "uppercase"]
ACTION_WEIGHTS = [30, 8, 8, 4, 4, 6, 9, 7, 4, 5, 5]


def rand_regex(rng, depth=0, groups=None):
    """A Go RE2 regex, usually valid; records group names in `groups`."""
    if groups is None:
        groups = []

    def atom():
        r = rng.random()
        if r < 0.30:
            return rng.choice(list("abxyz019:._-/ ") + ["é", "日", "😀", "\\.", "\\$", "\\[", "\\(", "\\\\",
                                                         "h", "p", "r", "o", "d", "X", ";", "İ", "ß"])
        if r < 0.42:
            return "."
        if r < 0.62:
            return rng.choice(["[a-z]", "[^:]", "[0-9]", "[[:alpha:]]", "[\\d.]", "[^/]", "[a-zA-Z_]", "[é-ü]",
                               "\\d", "\\w", "\\s", "\\S", "\\pL", "\\p{Greek}", "\\PL", "\\x{41}", "\\x41",
                               "\\Q.*\\E", "[[:^digit:]]", "\\D", "\\W", "[\\p{Lu}]", "[^\\n]", "\\n", "[]a]",
                               "[-a]", "[a-]", "\\pN", "\\p{Han}", "[^\\x00-\\x7F]", "\\v", "\\f", "\\t",
                               "\\123", "\\0", "\\p{Lu}", "\\p{Cherokee}", "[\\p{Nd}x]", "\\P{L}", "\\p{^Greek}",
                               "\\pZ", "\\pC", "\\p{Han}", "[[:^alpha:]]", "[[:word:]]", "\\p{Any}"])
        if r < 0.80 and depth < 3:
            inner = rand_regex(rng, depth + 1, groups)
            k = rng.random()
            if k < 0.5:
                return "(" + inner + ")"
            if k < 0.7:
                return "(?:" + inner + ")"
            if k < 0.85:
                name = rng.choice(["n", "name", "x1", "_", "N"])
                groups.append(name)
                return "(?P<" + name + ">" + inner + ")"
            return rng.choice(["(?i:", "(?s:", "(?U:", "(?m:", "(?i)(?:", "(?-s:"]) + inner + ")"
        if r < 0.90:
            return rng.choice(["^", "$", "\\A", "\\z", "\\b", "\\B", "(?i)", "(?s)", "(?m)", "(?U)"])
        return ""

    def quant():
        return rng.choices(["", "*", "+", "?", "{2}", "{1,3}", "{0,}", "*?", "+?", "??", "{2,}?", "{0}"],
                           [60, 8, 8, 8, 2, 2, 1, 2, 2, 1, 1, 1])[0]

    alts = []
    for _ in range(rng.choices([1, 2, 3], [70, 22, 8])[0]):
        parts = []
        for _ in range(rng.randint(1, 4)):
            a = atom()
            flag = a.startswith("(?") and a.endswith(")") and len(a) == 4
            q = quant() if a and not flag and a not in ("^", "$", "\\A", "\\z", "\\b", "\\B") else ""
            parts.append(a + q)
        alts.append("".join(parts))
    return "|".join(alts)


BAD_REGEXES = ["(", "[a-", "a**", "\\8", "(?<n>x)", "x{1001}", "\\C", "(?P<1>x)", "(?P<n>a)(?P<n>b)", "\\Z",
               "*a", "a{2,1}", "[z-a]", "\\p{Foo}", "(?x)a", "a)", "[[:foo:]]", "\\1", "(?P=n)", "x{1000}",
               "(?P<>a)", "\\e", "(?i", "a++", "\\ ", "[\\d-z]"]

REGEX_VALUES_FRIENDLY = [".*", "(.*)", ".+", "(.+)", "", "(.*);(.*)", "([^:]+):(\\d+)", "x", "prod|dev",
                         "(?i)prod", "(.*)x", "__meta_(.+)", "__(.*)", "(a|b|c)", "((.*))", "(?P<n>.*)", ".*;.*",
                         "10\\.0\\.0\\.1:9100", "(.)(.)?(.)?", "h(:80)?", "(.*):80", "(?s)(.*)", "[a-z]+",
                         "__param_(.*)", "(__tmp.*)", "ÄÖÜ.*|straße", "(.*)(?P<name>[^;]*)", "(?i)straße",
                         "(?i)(İ|ı|ſ|K)(.*)", "(.*)ß", "(?s)a.b", "a\\nb", "(?i)σας|ΣΑΣ", "(.*);;(.*)", "(\\$1)",
                         "([^;]*);([^;]*);?(.*)", "(?U)(.+)(.+)", "(.*?)(:\\d+)?", ".*\\.example\\..*",
                         "\\[(.*)\\](:.*)?", "(?i)HTTP", "(?m)^x$", "\\x{1F600}", "(x|)", "()", "(|)"]


def rand_regex_value(rng):
    r = rng.random()
    if r < 0.4:
        return rng.choice(REGEX_VALUES_FRIENDLY)
    if r < 0.97:
        return rand_regex(rng)
    return rng.choice(BAD_REGEXES)


def rand_template(rng, groups=()):
    pieces = ["$1", "${1}", "$2", "${2}", "$0", "$1x", "$$", "$", "${}", "${1", "$10", "${n}", "$n", "${name}",
              "$name", "$a-b", "x", "", "é", "_", "${1}_${2}", "$ {1}", "${_}", "$_", "$N", "${x1}", "$x1y", "-",
              ";", "${99}", "$-1", "${1}${1}", "${n}x", "$$1", "😀", "/", ":"]
    out = "".join(rng.choice(pieces) for _ in range(rng.choices([0, 1, 2, 3], [8, 50, 30, 12])[0]))
    if groups and rng.random() < 0.3:
        out += "${" + rng.choice(groups) + "}"
    return out


TARGET_LABELS = ["b", "c", "env", "__tmp_x", "instance", "__address__", "__param_q", "__scheme__",
                 "__metrics_path__", "__scrape_interval__", "__scrape_timeout__", "job", "new", "__meta_y",
                 "x_1", "_"]
TARGET_TEMPLATES_OK = ["$1", "${1}", "${1}_x", "x_$1", "$n", "${name}", "$$", "a$1b", "${1}${2}", "$0", "__${1}",
                       "$1x", "_$1", "$1_", "${n}", "a${1}", "${1}$2"]
TARGET_TEMPLATES = ["$1", "${1}", "${1}_x", "x_$1", "$n", "${name}", "1bad", "bad-name", "", "Ünï", "$$", "a$1b",
                    "${1}${2}", "$0", "__${1}", "$1x", "_$1", "$1_", "${n}", "a${1}", "${1}$2", "$", "a b"]


def rand_target(rng, action, bad_rate):
    if rng.random() < 0.8:
        return rng.choice(TARGET_LABELS)
    return rng.choice(TARGET_TEMPLATES if rng.random() < bad_rate * 5 else TARGET_TEMPLATES_OK)


def rand_sources(rng, k=None):
    if k is None:
        k = rng.choices([0, 1, 2, 3], [5, 55, 30, 10])[0]
    pool = LABEL_NAMES + MISSING_NAMES
    src = [rng.choice(pool) for _ in range(k)]
    if rng.random() < 0.005:
        src.append(rng.choice(BAD_NAMES))
    return src


def list_yaml(items, rng):
    if not items and rng.random() < 0.5:
        return "[]"
    return "[" + ", ".join(ys(x, rng) for x in items) + "]"


def rule_text(fields, rng):
    """A relabel rule (ordered list of (key, value-text)) as a YAML list item, flow or block."""
    if not fields:
        return rng.choice(["- {}", "-"]) if rng.random() < 0.5 else "- {}"
    if rng.random() < 0.35 and not any("\n" in v for _, v in fields):
        return "- {" + ", ".join("%s: %s" % kv for kv in fields) + "}"
    lines = []
    for i, (k, v) in enumerate(fields):
        lines.append(("- " if i == 0 else "  ") + "%s: %s" % (k, v))
    return "\n".join(lines)


def rand_rule(rng, invalid_rate=0.03):
    """Returns the text of one random relabel rule."""
    action = rng.choices(ACTIONS, ACTION_WEIGHTS)[0]
    shown = action
    if rng.random() < 0.06:
        shown = rng.choice([action.upper(), action.capitalize(), action[:1].upper() + action[1:]])
    bad = rng.random() < invalid_rate
    f = []
    groups = []

    def regex_field(value=None):
        v = value if value is not None else rand_regex_value(rng)
        f.append(("regex", ys(v, rng)))
        groups.extend(re.findall(r"\(\?P<(\w+)>", v))

    if action == "replace":
        if rng.random() < 0.85:
            f.append(("source_labels", list_yaml(rand_sources(rng), rng)))
        if rng.random() < 0.2:
            f.append(("separator", ys(rng.choice(SEPARATORS), rng)))
        if rng.random() < 0.8:
            regex_field()
        f.append(("target_label", ys(rand_target(rng, action, invalid_rate), rng)))
        if rng.random() < 0.85:
            f.append(("replacement", yraw(rand_template(rng, groups), rng)))
        if rng.random() < 0.6:
            f.append(("action", ys(shown, rng)))
    elif action in ("keep", "drop"):
        f.append(("source_labels", list_yaml(rand_sources(rng), rng)))
        if rng.random() < 0.15:
            f.append(("separator", ys(rng.choice(SEPARATORS), rng)))
        if rng.random() < 0.9:
            regex_field()
        f.append(("action", ys(shown, rng)))
    elif action in ("keepequal", "dropequal"):
        f.append(("source_labels", list_yaml(rand_sources(rng, rng.choice([1, 1, 2, 0])), rng)))
        f.append(("target_label", ys(rng.choice(TARGET_LABELS + MISSING_NAMES), rng)))
        f.append(("action", ys(shown, rng)))
    elif action == "hashmod":
        f.append(("source_labels", list_yaml(rand_sources(rng), rng)))
        if rng.random() < 0.2:
            f.append(("separator", ys(rng.choice(SEPARATORS), rng)))
        f.append(("target_label", ys(rng.choice(TARGET_LABELS + ["shard", "__tmp_hash"]), rng)))
        f.append(("modulus", rng.choice(MODULI)))
        f.append(("action", ys(shown, rng)))
        if rng.random() < 0.1:
            regex_field()
    elif action == "labelmap":
        f.append(("action", ys(shown, rng)))
        if rng.random() < 0.9:
            regex_field(rng.choice(["__meta_(.+)", "__(.*)", "(.*)", "(a|b)", "__param_(.*)", "(.)(.*)",
                                    "(?P<n>[a-z])", "env", "__tmp_(.*)", "(.*)_(.*)"])
                        if rng.random() < 0.6 else None)
        if rng.random() < 0.7:
            f.append(("replacement", yraw(rand_template(rng, groups) if rng.random() < invalid_rate * 10 else
                                          rng.choice(["$1", "x_$1", "${1}_y", "__tmp_$1", "$2", "meta_${1}"]),
                                          rng)))
    elif action in ("labeldrop", "labelkeep"):
        f.append(("action", ys(shown, rng)))
        if rng.random() < 0.9:
            regex_field(rng.choice(["__tmp.*", "a|b", "env", "__meta_.*", ".*", "__.*|job|instance|a|env",
                                    "(?i)A", "x_1|_", "__param_.*"]) if rng.random() < 0.6 else None)
    else:  # lowercase / uppercase
        f.append(("source_labels", list_yaml(rand_sources(rng), rng)))
        if rng.random() < 0.15:
            f.append(("separator", ys(rng.choice(SEPARATORS), rng)))
        f.append(("target_label", ys(rand_target(rng, action, invalid_rate), rng)))
        f.append(("action", ys(shown, rng)))

    if bad:  # a field that does not belong, a wrong type or a bad value
        k = rng.randrange(12)
        if k == 0:
            f.append(("modulus", rng.choice(MODULI + MODULI_BAD)))
        elif k == 1:
            f.append(("separator", ys(rng.choice(SEPARATORS), rng)))
        elif k == 2:
            f.append(("replacement", ys(rng.choice(["$1", "x", ""]), rng)))
        elif k == 3:
            f.append(("target_label", ys(rng.choice(TARGET_TEMPLATES + BAD_NAMES), rng)))
        elif k == 4:
            f.append(("regex", ys(rng.choice(BAD_REGEXES + [".*", "(.*)"]), rng)))
        elif k == 5:
            f = [kv for kv in f if kv[0] != "action"] + [("action", ys(rng.choice(["", "bogus", "Replace ", "label_map", "keep_equal"]), rng))]
        elif k == 6:
            f.append(("unknown_field", "x"))
        elif k == 7:
            f = [kv for kv in f if kv[0] != "source_labels"] + [("source_labels", rng.choice(["a", "[[a]]", "{a: b}", "[a, 1bad]", "null", "[null]", "['']"]))]
        elif k == 8:
            f = [kv for kv in f if kv[0] != "target_label"] + [("target_label", rng.choice(["[a]", "''", "null", "1bad"]))]
        elif k == 9:
            f = [kv for kv in f if kv[0] != "modulus"] + [("modulus", rng.choice(MODULI_BAD))]
        elif k == 10:
            f = [kv for kv in f if kv[0] != "regex"] + [("regex", rng.choice(["null", "~", "[a]", "1", "true", "{}"]))]
        else:
            if f:
                f.append(f[rng.randrange(len(f))])  # duplicate key
    rng.shuffle(f) if rng.random() < 0.5 else None
    return rule_text(f, rng)


def rand_value(rng):
    return rng.choice(VALUES)


def rand_group(rng, allow_bad):
    targets = [rng.choice(ADDRESSES) for _ in range(rng.choices([1, 2, 3, 4], [40, 30, 20, 10])[0])]
    labels = {}
    for _ in range(rng.choices([0, 1, 2, 3, 5], [15, 30, 25, 20, 10])[0]):
        name = rng.choice(LABEL_NAMES + ["__param_module", "__meta_filepath", "__tmp_y", "d"])
        if name == "__scrape_interval__" or name == "__scrape_timeout__":
            v = rng.choice(DURATIONS_OK + DURATIONS_BAD[:3] + ["", "1m"])
        elif name == "__scheme__":
            v = rng.choice(["http", "https", "https", "", "HTTP", "ftp"])
        elif name == "__metrics_path__":
            v = rng.choice(["/probe", "", "/a b", "rel", "/metrics?x=1", "/é"])
        elif name == "__address__":
            v = rng.choice(ADDRESSES)
        else:
            v = rand_value(rng)
        labels[name] = v
    if allow_bad and rng.random() < 0.05:
        labels[rng.choice(BAD_NAMES)] = "x"
    return {"targets": targets, "labels": labels}


def json_file(groups, rng):
    data = []
    for g in groups:
        e = {"targets": g["targets"]}
        if g["labels"] or rng.random() < 0.3:
            e["labels"] = g["labels"]
        data.append(e)
    if rng.random() < 0.5:
        return json.dumps(data, indent=rng.choice([None, 2]), ensure_ascii=rng.random() < 0.3) + "\n"
    return json.dumps(data, ensure_ascii=False)


def yaml_file(groups, rng):
    out = []
    for g in groups:
        out.append("- targets: " + list_yaml(g["targets"], rng) if rng.random() < 0.5 else
                   "- targets:\n" + "".join("    - %s\n" % ys(t, rng) for t in g["targets"]).rstrip("\n"))
        if g["labels"]:
            if rng.random() < 0.4:
                out.append("  labels: {" + ", ".join("%s: %s" % (ys(k, rng), yraw(v, rng) if rng.random() < 0.2
                                                                 else ys(v, rng)) for k, v in g["labels"].items()) + "}")
            else:
                out.append("  labels:")
                for k, v in g["labels"].items():
                    out.append("    %s: %s" % (ys(k, rng), yraw(v, rng) if rng.random() < 0.2 else ys(v, rng)))
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------
# a case: a structure of removable parts, rendered to files


def rand_case(rng, kind):
    """kind: 'sd' (mostly valid, for check service-discovery) or 'config' (mostly broken)."""
    invalid_rate = 0.02 if kind == "sd" else 0.25
    c = {"global": [], "job": [], "rules": [], "groups": [], "extra": [], "sd": "file", "fmt": "json",
         "job_name": JOB, "top": [], "raw_file": None, "files_key": "t.json", "metric_rules": [],
         "groups2": []}
    # global
    if rng.random() < 0.4:
        loose = rng.random() < invalid_rate * 5
        if rng.random() < 0.6:
            c["global"].append("scrape_interval: " + ys(rng.choice(
                (DURATIONS_OK if rng.random() > invalid_rate else DURATIONS_BAD) if loose else
                ["30s", "1m", "2m", "1h", "15s", "90s", "1d"]), rng))
        if rng.random() < 0.3:
            c["global"].append("scrape_timeout: " + ys(rng.choice(
                (DURATIONS_OK if rng.random() > invalid_rate else DURATIONS_BAD) if loose else
                ["1s", "5s", "10s", "15s", "0s", "500ms"]), rng))
        if rng.random() < 0.2:
            c["global"].append("evaluation_interval: " + ys(rng.choice(DURATIONS_OK), rng))
        if rng.random() < 0.2:
            names = ["region", "env", "a"] + (BAD_NAMES if rng.random() < invalid_rate else [])
            c["global"].append("external_labels: {%s}" % ", ".join("%s: %s" % (ys(n, rng), ys(rand_value(rng), rng)) for n in rng.sample(names, 2)))
    # job settings
    if rng.random() < 0.3:
        c["job"].append("scheme: " + ys(rng.choice(["http", "https", "https", "HTTP", "ftp", ""] if rng.random() < invalid_rate * 3 else ["http", "https"]), rng))
    if rng.random() < 0.2:
        c["job"].append("metrics_path: " + ys(rng.choice(["/probe", "/metrics", "", "/a b", "rel", "/é", "/m?x=1"]), rng))
    if rng.random() < 0.25:
        ps = []
        for _ in range(rng.randint(1, 3)):
            k = rng.choice(["q", "module", "target", "a-b", "", "é", "x"])
            vals = [rng.choice(["", "v", "http_2xx", "a b&c", "1.5", "yes", "é"]) for _ in range(rng.choice([0, 1, 1, 2]))]
            ps.append("%s: %s" % (ys(k, rng), list_yaml(vals, rng) if rng.random() > 0.05 else ""))
        c["job"].append("params: {%s}" % ", ".join(ps) if rng.random() < 0.5 else
                        "params:\n" + "\n".join("  " + p for p in ps))
    loose = rng.random() < invalid_rate * 5
    if rng.random() < 0.3:
        c["job"].append("scrape_interval: " + ys(rng.choice(
            (DURATIONS_OK if rng.random() > invalid_rate else DURATIONS_BAD) if loose else
            ["30s", "1m", "2m", "1h", "15s", "90s", "1d", "1m30s", "0s"]), rng))
    if rng.random() < 0.2:
        c["job"].append("scrape_timeout: " + ys(rng.choice(
            (DURATIONS_OK if rng.random() > invalid_rate else DURATIONS_BAD) if loose else
            ["1s", "5s", "10s", "15s", "0s", "500ms", "1500ms"]), rng))
    if rng.random() < 0.1:
        c["job"].append("honor_labels: " + rng.choice(["true", "false", "yes", "off"] + (["maybe", "1"] if rng.random() < invalid_rate else [])))
    if rng.random() < 0.05:
        c["job"].append(rng.choice(["honor_timestamps: false", "sample_limit: 10", "target_limit: 1", "label_limit: 3",
                                    "body_size_limit: 1KB", "label_name_length_limit: 5", "follow_redirects: false",
                                    "enable_http2: false"]))
    # rules
    for _ in range(rng.choices([0, 1, 2, 3, 5, 8], [8, 20, 22, 22, 18, 10])[0]):
        c["rules"].append(rand_rule(rng, invalid_rate))
    if rng.random() < 0.05:
        c["metric_rules"].append(rand_rule(rng, invalid_rate))
    if c["rules"] and rng.random() < 0.08:  # YAML anchors, aliases and merge keys over rules
        i = rng.randrange(len(c["rules"]))
        r = c["rules"][i]
        if r.startswith("- {"):
            c["rules"][i] = "- &r " + r[2:]
            c["rules"].append(rng.choice(["- *r", "- <<: *r\n  target_label: merged",
                                          "- <<: *r\n  action: keep\n  regex: '.*'"]))
    # targets
    c["sd"] = "static" if rng.random() < 0.25 else "file"
    c["fmt"] = rng.choice(["json", "json", "yaml", "yml"])
    c["files_key"] = "t." + c["fmt"]
    n_groups = rng.choices([1, 2, 3, 5], [30, 30, 25, 15])[0]
    c["groups"] = [rand_group(rng, allow_bad=kind == "config") for _ in range(n_groups)]
    if c["sd"] == "file" and rng.random() < 0.15:  # a second file (its groups are other sources)
        c["groups2"] = [rand_group(rng, allow_bad=kind == "config") for _ in range(rng.randint(1, 2))]
    if rng.random() < 0.1:  # a target without address, or one listed twice
        g = rng.choice(c["groups"])
        g["targets"] = g["targets"] + [rng.choice(["", g["targets"][0]])]
    if c["sd"] == "static" and kind == "sd":
        for g in c["groups"]:  # static targets with a slash are rejected at load time
            g["targets"] = [t for t in g["targets"] if "/" not in t] or ["h:1"]
    if kind == "config":
        mutate(c, rng)
    return c


def mutate(c, rng):
    """One deliberate problem, beyond the random bad fields."""
    k = rng.randrange(26)
    if k == 0:
        c["extra"].append("- job_name: %s\n  static_configs:\n    - targets: [x:1]" % c["job_name"])
    elif k == 1:
        c["job"].append(rng.choice(["unknown_key: 1", "relabel_config: []", "static_config: []", "jobname: x",
                                    "scrape_config_files: [a.yml]"]))
    elif k == 2:
        c["global"].append(rng.choice(["unknown: 1", "scrape_intervals: 1m", "external_labels: [a]",
                                       "query_log_file: x", "scrape_interval: null"]))
    elif k == 3:
        c["job"].append("scrape_interval: " + rng.choice(DURATIONS_BAD + ["5s"]))
        c["job"].append("scrape_timeout: " + rng.choice(["10s", "1m", "0s", "abc"]))
    elif k == 4:
        c["job_name"] = rng.choice(["''", '""', "null", "~", "[j]", "{a: b}", "1", "' j'"])
    elif k == 5:
        c["rules"].append(rng.choice(["- null", "-", "- []", "- x", "- {action: keep, regex: '('}",
                                      "- {action: hashmod, modulus: 0, target_label: a, source_labels: [a]}",
                                      "- {action: labeldrop, source_labels: [a], regex: a}",
                                      "- {action: keepequal, source_labels: [a], target_label: b, regex: x}",
                                      "- {action: lowercase, source_labels: [a], target_label: ${1}}",
                                      "- {action: uppercase, source_labels: [a], target_label: 'a-b'}",
                                      "- {action: replace, target_label: ''}",
                                      "- {action: hashmod, source_labels: [a], target_label: '$1', modulus: 2}"]))
    elif k == 6:
        c["top"].append(rng.choice(["scrape_configs:", "scrape_configs: null", "scrape_configs: {}", "rule_files: [x]",
                                    # (promsd does not look inside alerting, remote_write, storage, tracing)
                                    "remote_write: [{url: 'http://x'}]", "storage: {}",
                                    "unknown_top: 1", "global: null"]))
    elif k == 7:
        c["sd"] = "static"
        c["groups"].append({"targets": [rng.choice(["a/b", "http://x:1", "", "h:1"])],
                            "labels": {rng.choice(BAD_NAMES + ["ok"]): "v"}})
    elif k == 8:
        c["files_key"] = rng.choice(["t.txt", "t", "*.json", "t.JSON", "dir/*.yml", "t.json.bak", "", "[a].json"])
    elif k == 9:
        c["raw_file"] = rng.choice(["", "{}", "null", "[", "- targets: a", "[{\"targets\": [1]}]",
                                    "[{\"targets\": [\"a\"], \"labels\": {\"1a\": \"x\"}}]",
                                    "[{\"targets\": [\"a\"], \"labels\": {\"a\": 1}}]",
                                    "[{\"targets\": [\"a\"], \"extra\": 1}]", "- targets: [a]\n  labels: {a: [x]}\n",
                                    "- targets: [a]\n  other: 1\n", "[{\"targets\": [\"a\"], \"labels\": {\"a\": null}}]",
                                    "- labels: {a: b}\n", "\ufeff[]", "- targets: [a, a]\n  labels: {__name__: x}\n"])
    elif k == 10:
        c["job"].append("static_configs: [{targets: [a:1]}]" if c["sd"] == "file" else "file_sd_configs: [{files: [x.json]}]")
    elif k == 11:
        c["job"].append("metric_relabel_configs: [{action: %s, regex: '%s'}]" % (rng.choice(["drop", "labelmap", "bogus"]), rng.choice(["(", "x", ""])))
    elif k == 12:
        c["job"].append(rng.choice(["honor_labels: maybe", "sample_limit: -1", "body_size_limit: 1XB", "scheme: [http]",
                                    "params: {a: b}", "params: [a]", "metrics_path: [a]", "scrape_interval: [1m]"]))
    elif k == 13:
        c["top"].append("\t")  # a tab where YAML wants indentation
    elif k == 14:
        c["global"].append("scrape_interval: 10s")
        c["global"].append("scrape_interval: 20s")
    elif k == 15:
        c["job"].append(rng.choice(["basic_auth: {username: a, password: b}\nauthorization: {credentials: x}",
                                    "bearer_token: a\nbearer_token_file: b", "tls_config: {ca_file: /nonexistent}",
                                    "oauth2: {client_id: a}", "proxy_url: '::'", "basic_auth: {password: a, password_file: b}",
                                    "tls_config: {min_version: TLS99}", "proxy_url: http://x", "follow_redirects: nope"]))
    elif k == 16:
        c["extra"].append("- job_name: other\n  scrape_interval: %s\n  scrape_timeout: %s\n  static_configs: [{targets: ['x:1']}]"
                          % (rng.choice(DURATIONS_OK), rng.choice(DURATIONS_OK)))
    elif k == 17:
        c["extra"].append(rng.choice(["- null", "-", "- {}", "- job_name: x\n  relabel_configs: [{action: drop}]",
                                      "- job_name: x\n  static_configs: [{targets: [a], labels: {'0': b}}]",
                                      "- job_name: x\n  static_configs: [{targets: null}]",
                                      "- job_name: x\n  file_sd_configs: [{files: []}]",
                                      "- job_name: x\n  file_sd_configs: [{}]",
                                      "- job_name: x\n  file_sd_configs: [{files: [a.json], refresh_interval: 0.5s}]",
                                      "- job_name: x\n  static_configs: [{targets: [a], labels: {a: [b]}}]"]))
    elif k == 18:
        c["job"].append("relabel_configs: " + rng.choice(["{}", "x", "[[]]", "null"]))
    elif k == 19:
        c["global"].append("external_labels: {%s: v}" % rng.choice(["__name__", "'1a'", "'a-b'", "''", "__x"]))
    elif k == 20:
        c["top"].append(rng.choice(["---\nglobal: {}", "...", "%YAML 1.1\n---", "&a global: {}", "x: &a [1]\ny: *a",
                                    "global: &g {scrape_interval: 5s}"]))
    elif k == 21:
        c["job"].append("scrape_timeout: " + rng.choice(["2m", "61s", "1h"]))
    elif k == 22:
        c["global"].append("scrape_timeout: " + rng.choice(["2m", "61s", "1h", "0s"]))
    elif k == 23:
        c["job"].append(rng.choice(["enable_compression: false", "keep_dropped_targets: 1", "native_histogram_bucket_limit: 1",
                                    "scrape_protocols: [PrometheusText0.0.4]", "track_timestamps_staleness: true",
                                    "scrape_classic_histograms: true", "metric_name_validation_scheme: utf8",
                                    "no_proxy: x", "proxy_from_environment: true", "http_headers: {a: {values: [b]}}"]))
    elif k == 24:
        c["groups"].append({"targets": ["h:1"], "labels": {"__name__": "x", "a": "é"}})
    else:
        c["rules"].append(rand_rule(rng, 1.0))


def indent(text, n):
    return "\n".join((" " * n + l) if l else l for l in text.split("\n"))


def render(c, rng_style=None):
    """Files of a case.  Rendering is deterministic given the case."""
    rng = random.Random(repr(sorted((k, repr(v)) for k, v in c.items())))  # stable style choices
    out = []
    for t in c["top"]:
        out.append(t)
    if c["global"]:
        out.append("global:")
        for g in c["global"]:
            out.append(indent(g, 2))
    out.append("scrape_configs:")
    out.append("  - job_name: " + c["job_name"])
    for j in c["job"]:
        out.append(indent(j, 4))
    if c["rules"]:
        out.append("    relabel_configs:")
        for r in c["rules"]:
            out.append(indent(r, 6))
    if c["metric_rules"]:
        out.append("    metric_relabel_configs:")
        for r in c["metric_rules"]:
            out.append(indent(r, 6))
    files = {}
    if c["sd"] == "file":
        out.append("    file_sd_configs:")
        if c["groups2"]:
            if rng.random() < 0.5:
                out.append("      - files: [%s, u.json]" % ys(c["files_key"], rng))
            else:
                out.append("      - files: [%s]" % ys(c["files_key"], rng))
                out.append("      - files: ['u.json']")
            files["u.json"] = json_file(c["groups2"], rng)
        else:
            out.append("      - files: [%s]" % ys(c["files_key"], rng))
        if c["raw_file"] is not None:
            text = c["raw_file"]
        elif c["fmt"] == "json":
            text = json_file(c["groups"], rng)
        else:
            text = yaml_file(c["groups"], rng)
        fname = c["files_key"] if re.match(r"^[\w.]+$", c["files_key"] or "-") else "t.json"
        files[fname] = text
    else:
        out.append("    static_configs:")
        for g in c["groups"]:
            out.append("      - targets: " + list_yaml(g["targets"], rng))
            if g["labels"]:
                out.append("        labels:")
                for k, v in g["labels"].items():
                    out.append("          %s: %s" % (ys(k, rng), ys(v, rng)))
    for e in c["extra"]:
        out.append(indent(e, 2))
    files[CONFIG] = "\n".join(out) + "\n"
    return files


def multi_source(c):
    # every group is its own source (file SD: "<path>:<index>", static: "<index>")
    return len(c["groups"]) > 1 or c["raw_file"] is not None or bool(c["groups2"])


# ---------------------------------------------------------------------------------------
# running one case


def write(folder, files):
    if os.path.exists(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    for rel, text in files.items():
        with open(os.path.join(folder, rel), "w", encoding="utf-8", newline="") as f:
            f.write(text)


def run_case(ctx, promsd, c, folder):
    """Returns (kind-of-check, problem-or-None, details)."""
    files = render(c)
    write(folder, files)
    pt = promtool_check_config(ctx.promtool, folder)
    ps = promsd.run(promsd_args("config", folder))
    prob = compare_config(pt, ps)
    if prob:
        return "config", prob, {"promtool": pt[1], "promsd": ps[1] + ps[2], "files": files}
    if pt[0] != 0 and "parsing YAML file" in pt[1]:
        return "config", None, None  # check service-discovery cannot load it either
    if any(j.startswith(("static_configs:", "file_sd_configs:")) for j in c["job"]):
        return "config", None, None  # static + file SD in one job: promtool 2.42 panics
    pt = promtool_sd(ctx.promtool, folder)
    ps = promsd.run(promsd_args("sd", folder))
    prob = compare_sd(pt, ps, multi_source(c))
    if prob and "count" in prob and pt[0] == 0:
        # promtool may not have finished discovery within 200ms on a busy machine: re-run
        pt = promtool_sd(ctx.promtool, folder, "1s")
        prob = compare_sd(pt, ps, multi_source(c))
    if prob:
        return "sd", prob, {"promtool": pt[1] + pt[2][-2000:], "promsd": ps[1] + ps[2], "files": files}
    return "sd", None, None


def same_kind(p1, p2):
    return p1 is not None and p2 is not None and p1.split(" ")[0:2] == p2.split(" ")[0:2]


def report_outputs(pt, ps):
    """Both outputs; for two JSON arrays a diff of their entries, sorted."""
    if pt.startswith("[") and ps.startswith("["):
        try:
            a = sorted(split_entries(pt[:pt.rindex("]") + 1]))
            b = sorted(split_entries(ps[:ps.rindex("]") + 1]))
            diff = difflib.unified_diff("\n".join(a).split("\n"), "\n".join(b).split("\n"), "promtool", "promsd",
                                        lineterm="", n=12)
            return "--- diff of the sorted entries ---\n" + "\n".join(diff)
        except ValueError:
            pass
    return "--- promtool ---\n%s\n--- promsd ---\n%s" % (pt.rstrip("\n"), ps.rstrip("\n"))


def shrink_candidates(c):
    """Smaller variants of c, one removal each."""
    for key in ("rules", "extra", "job", "global", "top", "metric_rules"):
        for i in range(len(c[key])):
            d = dict(c)
            d[key] = c[key][:i] + c[key][i + 1:]
            yield d
    if c["groups2"]:
        yield dict(c, groups2=[])
    for i in range(len(c["groups"])):
        if len(c["groups"]) > 1:
            d = dict(c)
            d["groups"] = c["groups"][:i] + c["groups"][i + 1:]
            yield d
    for i, g in enumerate(c["groups"]):
        for j in range(len(g["targets"])):
            if len(g["targets"]) > 1:
                d = dict(c)
                ng = dict(g, targets=g["targets"][:j] + g["targets"][j + 1:])
                d["groups"] = c["groups"][:i] + [ng] + c["groups"][i + 1:]
                yield d
        for k in list(g["labels"]):
            d = dict(c)
            nl = dict(g["labels"])
            del nl[k]
            ng = dict(g, labels=nl)
            d["groups"] = c["groups"][:i] + [ng] + c["groups"][i + 1:]
            yield d


def minimise(ctx, promsd, c, prob, folder, budget=120):
    tries = 0
    changed = True
    while changed and tries < budget:
        changed = False
        for d in shrink_candidates(c):
            tries += 1
            if tries > budget:
                break
            kind, p2, _ = run_case(ctx, promsd, d, folder)
            if same_kind(prob, p2):
                c, prob, changed = d, p2, True
                break
    return c, prob


class Ctx:
    pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--kind", choices=["mixed", "sd", "config"], default="mixed")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--promtool", default=DEFAULT_PROMTOOL)
    ap.add_argument("--jar", default=DEFAULT_JAR)
    ap.add_argument("--case", type=int, help="only this case number")
    ap.add_argument("--show", action="store_true", help="print the case's files and exit")
    ap.add_argument("--keep", help="write each mismatch's minimised files under this folder")
    ap.add_argument("--no-minimise", action="store_true")
    ap.add_argument("--labels-only", action="store_true",
                    help="ignore discoveredLabels (find other differences first)")
    args = ap.parse_args()
    global LABELS_ONLY
    LABELS_ONLY = args.labels_only

    def case_of(i):
        rng = random.Random("%d/%d" % (args.seed, i))
        kind = args.kind if args.kind != "mixed" else ("config" if rng.random() < 0.25 else "sd")
        return rand_case(rng, kind)

    numbers = [args.case] if args.case is not None else list(range(args.cases))
    if args.show:
        for i in numbers:
            for name, text in render(case_of(i)).items():
                print("==> %s <==\n%s" % (name, text))
        return
    ctx = Ctx()
    ctx.promtool = args.promtool
    if not os.path.exists(args.jar):
        raise SystemExit("no %s: build it first" % args.jar)
    scratch = tempfile.mkdtemp(prefix="promsd-fuzz-", dir="/tmp")
    pool = [Promsd(args.jar, scratch) for _ in range(args.jobs)]
    free = list(pool)
    lock = threading.Lock()
    counts = {"config": 0, "sd": 0}
    found = []
    started = time.time()

    def one(i):
        with lock:
            ps = free.pop()
        try:
            c = case_of(i)
            folder = os.path.join(scratch, "c%d" % i)
            kind, prob, det = run_case(ctx, ps, c, folder)
            with lock:
                counts["config"] += 1
                if kind == "sd":
                    counts["sd"] += 1
            if prob:
                # confirm with the real command line
                real = promsd_cli(args.jar, "config" if kind == "config" else "sd", folder)
                if not args.no_minimise:
                    c, prob = minimise(ctx, ps, c, prob, folder)
                    kind, prob2, det = run_case(ctx, ps, c, folder)
                    prob = prob2 or prob
                with lock:
                    found.append((i, prob, c, det, real))
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            with lock:
                free.append(ps)

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
            futs = [ex.submit(one, i) for i in numbers]
            for n, f in enumerate(concurrent.futures.as_completed(futs), 1):
                f.result()
                if n % 100 == 0:
                    print("... %d cases, %d mismatches, %.0fs" % (n, len(found), time.time() - started),
                          file=sys.stderr, flush=True)
    finally:
        for p in pool:
            p.close()
    found.sort(key=lambda x: x[0])
    for i, prob, c, det, real in found:
        print("=" * 100)
        print("MISMATCH seed=%d case=%d: %s" % (args.seed, i, prob))
        if det:
            for name, text in det["files"].items():
                print("--- %s ---\n%s" % (name, text.rstrip("\n")))
            print(report_outputs(det["promtool"], det["promsd"]))
            if args.keep:
                write(os.path.join(args.keep, "seed%d-case%d" % (args.seed, i)), det["files"])
        print("--- promsd (java -jar, unminimised case): exit %d ---\n%s" % (real[0], (real[1] + real[2])[:1500]))
    print("seed %d: %d cases (%d check config, %d of them also check service-discovery), %d mismatches, %.0fs"
          % (args.seed, len(numbers), counts["config"], counts["sd"], len(found), time.time() - started))
    shutil.rmtree(scratch, ignore_errors=True)
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
