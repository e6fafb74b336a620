#!/usr/bin/env python3
"""Write testdata/checkconfig/prometheus-3/*.yaml: `check config` cases for Prometheus 3.x.

No promtool 3.x runs here: each case is written from the source it cites (prometheus/prometheus
main at d15adb9, VERSION 3.14.0), with the text the cited function returns.  `error` is the
text after `FAILED: parsing YAML file prometheus.yml: ` (config/config.go LoadFile wraps every
Load error that way); `output` is what cmd/promtool/main.go CheckConfig prints around it.
Format: testdata/README.md, "End-to-end case files".

Usage (from the repository root): python3 testdata/checkconfig/gen/prometheus3.py
Needs Python 3 and PyYAML.
"""

import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..", "..", "e2e", "gen")))
import record as e2e  # noqa: E402

OUT = os.path.normpath(os.path.join(HERE, "..", "prometheus-3"))
CFG = "config/config.go"
HEADER = (
    "# Hand-written for Prometheus 3.x (prometheus/prometheus main at d15adb9, VERSION 3.14.0),\n"
    "# from the source cited by each case; not recorded (no promtool 3.x was run).\n"
    "# `error` is the text after `FAILED: parsing YAML file prometheus.yml: `.\n"
    "# written by testdata/checkconfig/gen/prometheus3.py; edit the cases there\n")
OK = "Checking prometheus.yml\n SUCCESS: prometheus.yml is valid prometheus config file syntax\n\n"
FILES = {}


def case(topic, name, source, yml, error=None):
    c = {"name": name, "source": source, "files": {"prometheus.yml": yml}}
    if error is None:
        c["check_config"] = {"exit": 0, "output": OK}
    else:
        c["check_config"] = {
            "exit": 1, "error": error,
            "output": "Checking prometheus.yml\n  FAILED: parsing YAML file prometheus.yml: %s\n\n" % error}
    FILES.setdefault(topic, []).append(c)


def sd(key, body):
    return "scrape_configs:\n  - job_name: j\n    %s:\n" % key + "".join(
        "      " + ln + "\n" for ln in body.splitlines())


def emit(c):
    text = e2e.emit_case({k: v for k, v in c.items() if k != "source"})
    first, rest = text.split("\n", 1)
    return first + "\n    source: " + e2e.quoted(c["source"]) + "\n" + rest


def server_sections():
    T = "server-sections"
    tsdb = CFG + " TSDBConfig.UnmarshalYAML"
    ret = CFG + " TSDBRetentionConfig.UnmarshalYAML"
    otlp = CFG + " OTLPConfig.UnmarshalYAML, sanitizeAttributes"
    case(T, "storage/retention", ret,
         "storage:\n  tsdb:\n    retention:\n      time: 15d\n      size: 1GB\n      percentage: 50\n"
         "    stale_series_compaction_threshold: 0.5\n    chunk_encoding: {floats: xor2}\n")
    case(T, "storage/retention-negative-size", ret + "; alecthomas/units Base2Bytes.String",
         "storage:\n  tsdb:\n    retention: {size: -1536B}\n",
         "'storage.tsdb.retention.size' must be greater than or equal to 0, got -1KiB-512B")
    case(T, "storage/retention-percentage-over-100", ret,
         "storage:\n  tsdb:\n    retention: {percentage: 150}\n",
         "'storage.tsdb.retention.percentage' must be in the range [0, 100], got 150")
    case(T, "storage/retention-percentage-negative", ret,
         "storage:\n  tsdb:\n    retention: {percentage: -0.5}\n",
         "'storage.tsdb.retention.percentage' must be in the range [0, 100], got -0.5")
    case(T, "storage/retention-unknown-field", ret,
         "storage:\n  tsdb:\n    retention: {days: 15}\n",
         "yaml: unmarshal errors:\n  line 3: field days not found in type config.plain")
    case(T, "storage/chunk-encoding", tsdb,
         "storage:\n  tsdb:\n    chunk_encoding:\n      floats: gorilla\n",
         "'storage.tsdb.chunk_encoding.floats' must be 'xor' or 'xor2', or the field must be"
         " omitted entirely, got \"gorilla\"")
    case(T, "storage/threshold-not-a-number", tsdb,
         "storage:\n  tsdb:\n    stale_series_compaction_threshold: half\n",
         "yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `half` into float64")
    case(T, "otlp/valid", otlp,
         "otlp:\n  promote_resource_attributes: [service.name, ' k8s.pod.name ']\n"
         "  translation_strategy: NoUTF8EscapingWithSuffixes\n  keep_identifying_resource_attributes: true\n")
    case(T, "otlp/promote-all-and-list", otlp,
         "otlp:\n  promote_all_resource_attributes: true\n  promote_resource_attributes: [a]\n",
         "'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured"
         " simultaneously")
    case(T, "otlp/ignore-without-promote-all", otlp,
         "otlp:\n  ignore_resource_attributes: [a]\n",
         "'ignore_resource_attributes' cannot be configured unless 'promote_all_resource_attributes'"
         " is true")
    case(T, "otlp/empty-and-duplicated", otlp + " (errors.Join)",
         "otlp:\n  promote_resource_attributes: [a, ' ', 'a ']\n",
         "invalid 'promote_resource_attributes': empty promoted OTel resource attribute\n"
         "duplicated promoted OTel resource attribute \"a\"")
    case(T, "otlp/ignored-duplicated", otlp,
         "otlp:\n  promote_all_resource_attributes: true\n  ignore_resource_attributes: [x, x]\n",
         "invalid 'ignore_resource_attributes': duplicated ignored OTel resource attribute \"x\"")
    case(T, "otlp/unknown-strategy", CFG + " Load",
         "otlp:\n  translation_strategy: Foo\n",
         "unsupported OTLP translation strategy \"Foo\"")
    case(T, "otlp/no-translation-with-legacy-names", CFG + " Load",
         "global:\n  metric_name_validation_scheme: legacy\notlp:\n  translation_strategy: NoTranslation\n",
         "OTLP translation strategy \"NoTranslation\" is not allowed when UTF8 is disabled")
    case(T, "otlp/unknown-field", otlp,
         "otlp:\n  promote: [a]\n",
         "yaml: unmarshal errors:\n  line 2: field promote not found in type config.plain")
    case(T, "runtime/gogc", CFG + " RuntimeConfig", "runtime:\n  gogc: 50\n")
    case(T, "runtime/gogc-not-int", CFG + " RuntimeConfig",
         "runtime:\n  gogc: off\n",
         "yaml: unmarshal errors:\n  line 2: cannot unmarshal !!bool `off` into int")
    case(T, "runtime/unknown-field", CFG + " RuntimeConfig",
         "runtime:\n  gomaxprocs: 2\n",
         "yaml: unmarshal errors:\n  line 2: field gomaxprocs not found in type config.RuntimeConfig")


def checked_discoveries():
    T = "checked-discoveries"
    case(T, "hetzner/label-selector", "discovery/hetzner/hetzner.go SDConfig",
         sd("hetzner_sd_configs", "- role: hcloud\n  label_selector: env=prod"))
    case(T, "digitalocean/role", "discovery/digitalocean/digitalocean.go SDConfig",
         sd("digitalocean_sd_configs", "- role: databases"))
    case(T, "digitalocean/null-role", "discovery/digitalocean/digitalocean.go SDConfig.UnmarshalYAML"
         " (yaml.v2 calls no UnmarshalYAML for null: the zero role)",
         sd("digitalocean_sd_configs", "- role:\n  port: 80"),
         "role missing (one of: droplets, databases)")
    case(T, "digitalocean/empty-role", "discovery/digitalocean/digitalocean.go Role.UnmarshalYAML",
         sd("digitalocean_sd_configs", "- role: ''"),
         "unknown DigitalOcean SD role \"\"")
    case(T, "digitalocean/bad-role", "discovery/digitalocean/digitalocean.go Role.UnmarshalYAML",
         sd("digitalocean_sd_configs", "- role: apps"),
         "unknown DigitalOcean SD role \"apps\"")
    case(T, "uyuni/http-validated", "discovery/uyuni/uyuni.go SDConfig.UnmarshalYAML",
         sd("uyuni_sd_configs", "- server: https://u\n  username: u\n  password: p\n  bearer_token: a\n  bearer_token_file: b"),
         "at most one of bearer_token & bearer_token_file must be configured")
    case(T, "lightsail/no-region", "discovery/aws/lightsail.go LightsailSDConfig.UnmarshalYAML (region resolved later)",
         sd("lightsail_sd_configs", "- port: 9100\n  external_id: x"))
    case(T, "lightsail/http-validated", "discovery/aws/lightsail.go LightsailSDConfig.UnmarshalYAML",
         sd("lightsail_sd_configs", "- region: r\n  bearer_token: a\n  bearer_token_file: b"),
         "at most one of bearer_token & bearer_token_file must be configured")
    case(T, "puppetdb/http-validated", "discovery/puppetdb/puppetdb.go SDConfig.UnmarshalYAML",
         sd("puppetdb_sd_configs", "- url: http://p\n  query: q\n  bearer_token: a\n  bearer_token_file: b"),
         "at most one of bearer_token & bearer_token_file must be configured")
    kuma = "discovery/xds/kuma.go KumaSDConfig.UnmarshalYAML"
    case(T, "kuma/valid", kuma, sd("kuma_sd_configs", "- server: http://kuma-control-plane:5676\n  client_id: prom"))
    case(T, "kuma/no-server", kuma, sd("kuma_sd_configs", "- fetch_timeout: 1m"),
         "kuma SD server must not be empty: ")
    case(T, "kuma/no-scheme", kuma, sd("kuma_sd_configs", "- server: kuma:5676"),
         "kuma SD server must not be empty and have a scheme: kuma:5676")
    case(T, "kuma/unknown-field", kuma + " (type plainKumaConf)", sd("kuma_sd_configs", "- server: http://k\n  mesh: m"),
         "yaml: unmarshal errors:\n  line 5: field mesh not found in type xds.plainKumaConf")
    nomad = "discovery/nomad/nomad.go SDConfig.UnmarshalYAML"
    case(T, "nomad/defaults", nomad, sd("nomad_sd_configs", "- allow_stale: false"))
    case(T, "nomad/blank-server", nomad, sd("nomad_sd_configs", "- server: '  '"),
         "nomad SD configuration requires a server address")
    linode = "discovery/linode/linode.go SDConfig.UnmarshalYAML"
    case(T, "linode/region", linode, sd("linode_sd_configs", "- region: us-east\n  authorization: {credentials: x}"))
    case(T, "linode/http-invalid", linode, sd("linode_sd_configs", "- basic_auth: {username: u}\n  oauth2: {client_id: c, token_url: http://t}"),
         "at most one of basic_auth, oauth2 & authorization must be configured")
    case(T, "marathon/token-and-bearer", "discovery/marathon/marathon.go SDConfig.UnmarshalYAML",
         sd("marathon_sd_configs", "- servers: [a]\n  auth_token: t\n  bearer_token: b"),
         "marathon_sd: at most one of bearer_token, bearer_token_file, auth_token & auth_token_file must be configured")


def nested_blocks():
    T = "nested-blocks"
    rw = "remote_write:\n  - url: http://r/api/v1/write\n"
    s4 = "prometheus/sigv4 v0.4.1 sigv4_config.go SigV4Config.Validate"
    case(T, "sigv4/3x-fields", s4, rw + "    sigv4:\n      role_arn: r\n      external_id: x\n"
         "      service_name: aps\n      use_fips_sts_endpoint: true\n")
    case(T, "sigv4/external-id-without-role", s4, rw + "    sigv4:\n      external_id: x\n",
         "external_id can only be used with role_arn")
    case(T, "sigv4/access-key-alone", s4, rw + "    sigv4:\n      access_key: a\n",
         "must provide a AWS SigV4 Access key and Secret Key if credentials are specified in the SigV4 config")
    case(T, "queue-config/sample-age-limit", CFG + " QueueConfig",
         rw + "    queue_config:\n      sample_age_limit: 10m\n")
    case(T, "alertmanager/sigv4-checked", s4,
         "alerting:\n  alertmanagers:\n    - sigv4: {access_key: a}\n      static_configs: [{targets: [am:9093]}]\n",
         "must provide a AWS SigV4 Access key and Secret Key if credentials are specified in the SigV4 config")


def only_3x_discoveries():
    T = "discoveries-3x"
    aws = "discovery/aws/aws.go SDConfig.UnmarshalYAML, Role.UnmarshalYAML"
    case(T, "aws/ec2", aws, sd("aws_sd_configs", "- role: ec2\n  region: eu-west-1\n  filters: [{name: tag:env, values: [prod]}]\n  port: 9100"))
    case(T, "aws/no-role", aws, sd("aws_sd_configs", "- region: eu-west-1"),
         "unknown AWS SD role \"\"")
    case(T, "aws/bad-role", aws, sd("aws_sd_configs", "- role: s3"),
         "unknown AWS SD role \"s3\"")
    case(T, "aws/http-not-validated", aws, sd("aws_sd_configs", "- role: rds\n  bearer_token: a\n  bearer_token_file: b"))
    case(T, "aws/filter-unknown-field", aws + "; Filter", sd("aws_sd_configs", "- role: ec2\n  filters: [{name: a, value: [b]}]"),
         "yaml: unmarshal errors:\n  line 5: field value not found in type aws.Filter")
    for m in ("ecs", "elasticache", "msk", "rds"):
        src = "discovery/aws/%s.go %sSDConfig.UnmarshalYAML" % (m, {"ecs": "ECS", "elasticache": "Elasticache", "msk": "MSK", "rds": "RDS"}[m])
        case(T, m + "/valid", src, sd(m + "_sd_configs", "- region: eu-west-1\n  clusters: [c]\n  request_concurrency: 5"))
        case(T, m + "/http-validated", src, sd(m + "_sd_configs", "- bearer_token: a\n  bearer_token_file: b"),
             "at most one of bearer_token & bearer_token_file must be configured")
        case(T, m + "/unknown-field", src, sd(m + "_sd_configs", "- role: x"),
             "yaml: unmarshal errors:\n  line 4: field role not found in type aws.plain")
    oci = "discovery/oci/oci.go SDConfig.validate"
    key = "- region: r\n  tenancy: t\n  user: u\n  fingerprint: f\n  key_file: k"
    case(T, "oci/valid", oci, sd("oci_sd_configs", key + "\n  compartments: [c]"))
    case(T, "oci/no-region", oci, sd("oci_sd_configs", "- tenancy: t"), "oci_sd: region is required")
    case(T, "oci/no-fingerprint", oci, sd("oci_sd_configs", "- region: r\n  tenancy: t\n  user: u"),
         "oci_sd: api_key auth requires fingerprint")
    case(T, "oci/two-passphrases", oci, sd("oci_sd_configs", key + "\n  key_passphrase: a\n  key_passphrase_file: b"),
         "oci_sd: at most one of key_passphrase and key_passphrase_file must be configured")
    case(T, "oci/instance-principal-with-user", oci, sd("oci_sd_configs", "- region: r\n  auth: instance_principal\n  user: u"),
         "oci_sd: instance_principal auth must not have tenancy, user, fingerprint, key_file, key_passphrase, or key_passphrase_file set")
    case(T, "oci/bad-auth", oci, sd("oci_sd_configs", "- region: r\n  auth: password"),
         "oci_sd: unknown auth method \"password\", expected \"api_key\" or \"instance_principal\"")
    case(T, "oci/empty-compartment", oci, sd("oci_sd_configs", key + "\n  compartments: [a, '']"),
         "oci_sd: compartments[1] must not be empty")
    case(T, "oci/zero-refresh", oci + " (model.Duration.String)", sd("oci_sd_configs", key + "\n  refresh_interval: 0s"),
         "oci_sd: refresh_interval must be positive, got 0s")
    out = "discovery/outscale/outscale.go SDConfig.UnmarshalYAML"
    case(T, "outscale/valid", out, sd("outscale_sd_configs", "- access_key: a\n  secret_key_file: f"))
    case(T, "outscale/empty-region", out, sd("outscale_sd_configs", "- region: ''\n  access_key: a"),
         "outscale SD configuration requires a region")
    case(T, "outscale/no-access-key", out, sd("outscale_sd_configs", "- secret_key: s"),
         "outscale SD configuration requires access_key")
    case(T, "outscale/no-secret", out, sd("outscale_sd_configs", "- access_key: a"),
         "one of secret_key & secret_key_file must be configured")
    case(T, "outscale/two-secrets", out, sd("outscale_sd_configs", "- access_key: a\n  secret_key: s\n  secret_key_file: f"),
         "at most one of secret_key & secret_key_file must be configured")
    st = "discovery/stackit/stackit.go SDConfig.UnmarshalYAML"
    case(T, "stackit/valid", st, sd("stackit_sd_configs", "- project: p\n  service_account_key_path: /k.json"))
    case(T, "stackit/no-endpoint-no-region", st, sd("stackit_sd_configs", "- project: p\n  region: ''"),
         "stackit_sd: endpoint and region missing")
    case(T, "stackit/bad-endpoint", st + " (net/url.Parse)", sd("stackit_sd_configs", "- project: p\n  endpoint: ':x'"),
         "stackit_sd: invalid endpoint \":x\": parse \":x\": missing protocol scheme")


def main():
    server_sections()
    checked_discoveries()
    only_3x_discoveries()
    nested_blocks()
    os.makedirs(OUT, exist_ok=True)
    for topic, cases in FILES.items():
        text = HEADER + "compat: 3\ncases:\n" + "".join(emit(c) for c in cases)
        if yaml.safe_load(text) != {"compat": 3, "cases": cases}:
            raise SystemExit("YAML round trip differs in " + topic)
        with open(os.path.join(OUT, topic + ".yaml"), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        print("%-28s %3d cases" % (topic + ".yaml", len(cases)))
    problems = []
    for topic in FILES:
        problems += e2e.check_file(os.path.join(OUT, topic + ".yaml"), 3)
    if problems:
        raise SystemExit("\n".join(problems))


if __name__ == "__main__":
    main()
