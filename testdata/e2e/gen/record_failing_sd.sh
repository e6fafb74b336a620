#!/usr/bin/env bash
# Records what promtool 2.42 `check service-discovery` does when a job's discovery fails (issue 17
# item 9): its stdout, its log line and its exit code, for a file SD file that does not parse, for
# back ends on a closed loopback port (Debian's promtool 2.42 has no consul or kubernetes SD) and
# for a DNS resolver that refuses.
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
  [azure]="azure_sd_configs: [{subscription_id: 11111111-2222-3333-4444-555555555555, tenant_id: t, client_id: c, client_secret: s3cr3t, proxy_url: \"http://127.0.0.1:$port\"}]"
  [openstack]="openstack_sd_configs: [{role: instance, region: r1, identity_endpoint: \"http://127.0.0.1:$port/v3\", username: u, password: s3cr3t, domain_name: d, project_name: p}]"
  [dns]="dns_sd_configs: [{names: [web.example.com], type: A, port: 80}]"
)
# DNS asks /etc/resolv.conf's servers on port 53: it runs in its own mount and network namespaces
# with a resolv.conf naming 127.0.0.1, where nothing listens (as DiscoveryFailureCliTest does).
printf 'nameserver 127.0.0.1\n' > "$work/resolv.conf"
ns=(unshare --mount --net)
[ "$(id -u)" = 0 ] || ns+=(-r)
# shellcheck disable=SC2016 # $0 and $@ belong to the inner shell
in_ns=(sh -c 'ip link set lo up && mount --bind "$0" /etc/resolv.conf && exec "$@"' "$work/resolv.conf")
{
  echo "# $("$promtool" --version 2>&1 | head -n 1)"
  echo "# promtool check service-discovery --timeout=2s prometheus.yml j; the closed port shows as PORT,"
  echo "# a DNS query's source port as SRCPORT (dns runs in its own namespaces, resolv.conf: 127.0.0.1);"
  echo "# elapsed wall time rounded to whole seconds; log lines without their ts= field."
  for m in file http eureka docker ec2 azure openstack dns; do
    printf 'scrape_configs:\n  - job_name: j\n    %s\n' "${sd[$m]}" > prometheus.yml
    wrap=()
    [ "$m" = dns ] && wrap=("${ns[@]}" "${in_ns[@]}")
    start=$(date +%s.%N)
    set +e
    "${wrap[@]}" "$promtool" check service-discovery --timeout=2s prometheus.yml j > stdout.txt 2> stderr.txt
    code=$?
    set -e
    secs=$(python3 -c "print(round($(date +%s.%N) - $start))")
    echo "== $m: exit $code after ${secs}s"
    echo "-- stdout"
    cat stdout.txt; echo
    echo "-- stderr"
    sed -e 's/^ts=[^ ]* //' -e "s/$port/PORT/g" -e 's/\(read udp [0-9.]*\):[0-9]*->/\1:SRCPORT->/' stderr.txt | grep -v 'level=debug' || true
  done
} > "$out"
echo "wrote $out"
