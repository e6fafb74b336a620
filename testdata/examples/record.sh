#!/usr/bin/env bash
# Records what Debian's promtool 2.42 computes for each job of the bundled example, so the CLI
# tests can check promsd's answer against Prometheus's. Run from anywhere; needs promtool
# (../shared/perf/get-promtool.sh installs it under /opt/prometheus-2.42).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
promtool="${PROMTOOL:-/opt/prometheus-2.42/usr/bin/promtool}"
cd "$here"
for job in prometheus node blackbox-http; do
  out="expected/promtool-2.42-$job.json"
  {
    "$promtool" check service-discovery --timeout=300ms prometheus.yml "$job" 2>/dev/null
  } > "$out"
  echo "$out: $("$promtool" --version 2>&1 | head -1)"
done
