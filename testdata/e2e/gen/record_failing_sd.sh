#!/usr/bin/env bash
# Records what promtool 2.42 `check service-discovery` does when a job's discovery fails (issue 17
# item 9): its stdout, its log line and its exit code, for a file SD file that does not parse and
# for back ends on a closed loopback port (Debian's promtool 2.42 has no consul or kubernetes SD).
# Writes testdata/e2e/failing-sd.txt. promsd's rule and where it differs: README, "When discovery
# fails"; replayed in cli/src/test/java/io/promsd/cli/DiscoveryFailureCliTest.java.
set -euo pipefail
promtool=${PROMTOOL:-/opt/prometheus-2.42/usr/bin/promtool}
out="$(cd "$(dirname "$0")/.." && pwd)/failing-sd.txt"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
cd "$work"
printf '[{"targets": ["a:1"]' > broken.json
declare -A sd=(
  [file]='file_sd_configs: [{files: [broken.json]}]'
  [http]="http_sd_configs: [{url: \"http://127.0.0.1:$port/sd\"}]"
  [eureka]="eureka_sd_configs: [{server: \"http://127.0.0.1:$port/eureka\"}]"
  [docker]="docker_sd_configs: [{host: \"tcp://127.0.0.1:$port\"}]"
  [ec2]="ec2_sd_configs: [{region: us-east-1, endpoint: \"http://127.0.0.1:$port\", access_key: AKIAEXAMPLE, secret_key: s3cr3t}]"
)
{
  echo "# $("$promtool" --version 2>&1 | head -n 1)"
  echo "# promtool check service-discovery --timeout=2s prometheus.yml j; the closed port shows as PORT,"
  echo "# elapsed wall time rounded to whole seconds; log lines without their ts= field."
  for m in file http eureka docker ec2; do
    printf 'scrape_configs:\n  - job_name: j\n    %s\n' "${sd[$m]}" > prometheus.yml
    start=$(date +%s.%N)
    set +e
    "$promtool" check service-discovery --timeout=2s prometheus.yml j > stdout.txt 2> stderr.txt
    code=$?
    set -e
    secs=$(python3 -c "print(round($(date +%s.%N) - $start))")
    echo "== $m: exit $code after ${secs}s"
    echo "-- stdout"
    cat stdout.txt; echo
    echo "-- stderr"
    sed -e 's/^ts=[^ ]* //' -e "s/$port/PORT/g" stderr.txt | grep -v 'level=debug' || true
  done
} > "$out"
echo "wrote $out"
