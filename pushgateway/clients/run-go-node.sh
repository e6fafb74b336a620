#!/bin/sh
# Pushes from Go's client_golang (push package) and Node's prom-client to a promsd Push Gateway
# and prints what /metrics then shows for each. Not part of CI (it needs network access for npm
# and Debian packages); run by hand:
#
#   sh pushgateway/clients/run-go-node.sh            # builds the CLI if needed, starts a gateway
#
# Needs: Debian's golang-go and golang-github-prometheus-client-golang-dev (GOPATH mode, offline),
# node and npm (prom-client is installed into a temporary folder).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
trap 'kill "$GW" 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
${PROMSD:-"$ROOT/promsd" pushgateway} --web.listen-address=127.0.0.1:$PORT --web.enable-lifecycle \
  --log.level=warn >"$WORK/gw.log" 2>&1 &
GW=$!
i=0
until curl -sf "http://127.0.0.1:$PORT/-/ready" >/dev/null; do
  i=$((i+1)); [ $i -lt 300 ] || { echo "gateway did not start"; cat "$WORK/gw.log"; exit 1; }
  sleep 0.1
done
GWURL="http://127.0.0.1:$PORT"

echo "== Go client_golang push"
if command -v go >/dev/null && [ -d /usr/share/gocode/src/github.com/prometheus/client_golang ]; then
  mkdir -p "$WORK/go/src/pushtest"
  cat >"$WORK/go/src/pushtest/main.go" <<'GO'
package main

import (
	"fmt"
	"os"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/push"
)

func main() {
	url := os.Args[1]
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: "go_job_last_success_unixtime", Help: "Last success."})
	g.Set(1234)
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "go_rows_total", Help: "Rows."}, []string{"table"})
	c.WithLabelValues("a").Add(3)
	p := push.New(url, "gojob").Grouping("instance", "db/1").Grouping("empty", "").Collector(g).Collector(c)
	if err := p.Push(); err != nil {
		fmt.Println("push:", err)
		os.Exit(1)
	}
	extra := prometheus.NewGauge(prometheus.GaugeOpts{Name: "go_extra", Help: "Added."})
	extra.Set(5)
	if err := push.New(url, "gojob").Grouping("instance", "db/1").Grouping("empty", "").Collector(extra).Add(); err != nil {
		fmt.Println("add:", err)
		os.Exit(1)
	}
	fmt.Println("push and add: ok")
}
GO
  (cd "$WORK/go/src/pushtest" && GOPATH="$WORK/go:/usr/share/gocode" GO111MODULE=off GOFLAGS=-mod=mod \
    go run . "$GWURL") || echo "Go client: FAILED"
  curl -s "$GWURL/metrics" | grep '^go_\(job_last\|rows\|extra\)' || echo "Go client: nothing in /metrics"
  curl -s -X DELETE "$GWURL/metrics/job/gojob/instance@base64/ZGIvMQ/empty@base64/=" -o /dev/null -w "delete: %{http_code}\n"
else
  echo "skipped: go or golang-github-prometheus-client-golang-dev not installed"
fi

echo "== Node prom-client"
if command -v npm >/dev/null; then
  (cd "$WORK" && npm init -y >/dev/null 2>&1 && npm install --no-audit --no-fund prom-client >/dev/null 2>&1) \
    || echo "npm install prom-client failed"
  cat >"$WORK/push.js" <<'JS'
const client = require('prom-client');
const registry = new client.Registry();
const g = new client.Gauge({ name: 'node_job_last_success_unixtime', help: 'Last success.', registers: [registry] });
g.set(1234);
const c = new client.Counter({ name: 'node_rows_total', help: 'Rows.', labelNames: ['table'], registers: [registry] });
c.inc({ table: 'a' }, 3);
const gw = new client.Pushgateway(process.argv[2], {}, registry);
(async () => {
  await gw.push({ jobName: 'nodejob', groupings: { instance: 'db1' } });
  console.log('push: ok');
  await gw.pushAdd({ jobName: 'nodejob', groupings: { instance: 'db1' } });
  console.log('pushAdd: ok');
  try {
    await gw.push({ jobName: 'nodejob', groupings: { instance: 'db/1' } });
    console.log('push with "/" in a value: accepted');
  } catch (e) { console.log('push with "/" in a value:', e.message); }
})().catch(e => { console.log('FAILED', e.message); process.exit(1); });
JS
  (cd "$WORK" && node push.js "$GWURL") || echo "Node client: FAILED"
  curl -s "$GWURL/metrics" | grep '^node_\(job_last\|rows\)' || echo "Node client: nothing in /metrics"
else
  echo "skipped: npm not installed"
fi
curl -s -X POST "$GWURL/-/quit" >/dev/null || true
