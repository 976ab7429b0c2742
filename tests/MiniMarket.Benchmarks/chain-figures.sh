#!/usr/bin/env bash
# What one store sends to the chain, measured on a running store (./run.sh, with its demo traffic): the figures
# docs/scaling.md projects to 50 and 500 stores.
#
#   tests/MiniMarket.Benchmarks/chain-figures.sh [--seconds 180]
#
# 1. From the store's Prometheus (127.0.0.1:9090): active series, samples appended per second (at run.sh's 5 s scrape
#    interval, and scaled to compose's 15 s), log events per second by service (minimarket_log_events_total).
# 2. Bytes on the wire: for --seconds, a second Prometheus in agent mode scrapes the same targets with compose's 15 s
#    interval and remote-writes them (observability/prometheus/remote-write.yml, as a store in a chain does) to a
#    Prometheus with the remote-write receiver; its prometheus_remote_storage_* counters give bytes per sample and per day.
# 3. Log bytes: the services' lines as written (compact JSON, .data/logs/*.log), bytes per line.
# Everything on loopback, in a temporary folder, stopped at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds=180
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 64 ;;
  esac
done
[ "$seconds" -ge 60 ] && [ "$seconds" -le 3600 ] || { echo "--seconds must be 60..3600" >&2; exit 64; }
store=http://127.0.0.1:9090
q() {
  curl -sf "$store/api/v1/query" --data-urlencode "query=$1" | python3 -c '
import json, sys
r = json.load(sys.stdin)["data"]["result"]
if len(r) == 1: print("%.2f" % float(r[0]["value"][1]))
else: print(" ".join("%s=%.2f" % (x["metric"].get("service", "?"), float(x["value"][1])) for x in r) or "none")'
}
curl -sf "$store/-/ready" >/dev/null || { echo "no store Prometheus at $store: start ./run.sh first" >&2; exit 1; }

echo "store Prometheus ($store, scrape every 5 s):"
series=$(q 'prometheus_tsdb_head_series')
samples=$(q 'sum(rate(prometheus_tsdb_head_samples_appended_total[5m]))')
echo "  active series            $series"
echo "  samples/s (5 s scrape)   $samples   -> at compose's 15 s: $(python3 -c "print(f'{$samples/3:.1f}')")"
echo "  log events/s by service  $(q 'sum by (service) (rate(minimarket_log_events_total[5m]))')"
echo "  log events/s, all        $(q 'sum(rate(minimarket_log_events_total[5m]))')"

work=$(mktemp -d /tmp/mm-chain-figures.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
central=$(free_port); agent=$(free_port)
prometheus --config.file=/dev/null --storage.tsdb.path="$work/central" --web.listen-address="127.0.0.1:$central" \
  --web.enable-remote-write-receiver --log.level=warn >"$work/central.log" 2>&1 &
pids+=($!)
# The store's scrape jobs (prometheus.local.yml) at compose's interval, no rules (agent mode), and remote-write.yml.
mkdir -p "$work/config"
python3 - "$work/config/prometheus.yml" <<'PY'
import sys, yaml
config = yaml.safe_load(open("observability/prometheus/prometheus.local.yml"))
config["global"]["scrape_interval"] = "15s"
config["global"].pop("evaluation_interval", None)
config["global"]["external_labels"]["store"] = "medicion"
config.pop("rule_files", None); config.pop("alerting", None)
yaml.safe_dump(config, open(sys.argv[1], "w"))
PY
cp observability/prometheus/remote-write.yml "$work/config/"
printf 'medicion' > "$work/config/password"
MINIMARKET_PROMETHEUS_CONFIG_DIR="$work/config" MINIMARKET_PROMETHEUS_EFFECTIVE_CONFIG="$work/config/effective.yml" \
MINIMARKET_PROMETHEUS_BINARY=/usr/bin/prometheus MINIMARKET_CENTRAL_PASSWORD_FILE="$work/config/password" \
MINIMARKET_CENTRAL_METRICS_URL="http://127.0.0.1:$central/api/v1/write" MINIMARKET_STORE_ID=medicion \
  sh observability/prometheus/entrypoint.sh --enable-feature=agent --storage.agent.path="$work/agent" \
  --web.listen-address="127.0.0.1:$agent" --log.level=warn >"$work/agent.log" 2>&1 &
pids+=($!)
sleep 5
curl -sf "http://127.0.0.1:$agent/-/ready" >/dev/null || { cat "$work/agent.log" >&2; exit 1; }
echo "remote write at compose's 15 s for $seconds s (agent 127.0.0.1:$agent -> receiver 127.0.0.1:$central)..."
sleep 30   # the first scrapes and the first batch
# Agent mode has no query API: its own /metrics.
aq() { curl -sf "http://127.0.0.1:$agent/metrics" | awk -v m="$1" '$1 == m || index($1, m "{") == 1 { s += $NF } END { printf "%.0f\n", s }'; }
b0=$(aq 'prometheus_remote_storage_bytes_total'); s0=$(aq 'prometheus_remote_storage_samples_total'); m0=$(aq 'prometheus_remote_storage_metadata_bytes_total')
sleep "$seconds"
b1=$(aq 'prometheus_remote_storage_bytes_total'); s1=$(aq 'prometheus_remote_storage_samples_total'); m1=$(aq 'prometheus_remote_storage_metadata_bytes_total')
central_series=$(curl -sf "http://127.0.0.1:$central/api/v1/query" --data-urlencode 'query=count({store="medicion"})' | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["result"][0]["value"][1])')
python3 - "$b0" "$b1" "$s0" "$s1" "$m0" "$m1" "$seconds" "$central_series" <<'PY'
import sys
b0, b1, s0, s1, m0, m1, secs, series = map(float, sys.argv[1:])
samples = (s1 - s0) / secs; data = (b1 - b0) / secs; meta = (m1 - m0) / secs
print(f"  series at the central     {series:.0f}")
print(f"  samples/s sent            {samples:.1f}")
print(f"  bytes/s sent              {data:.0f} samples + {meta:.0f} metadata (snappy protobuf) = {(data+meta)/samples if samples else 0:.2f} bytes/sample")
print(f"  per day                   {samples*86400/1e6:.1f} M samples, {(data+meta)*86400/1e6:.1f} MB on the wire")
PY
echo "logs as written by the services (.data/logs, compact JSON):"
for s in deposito negocio ml console; do
  f=.data/logs/$s.log
  [ -f "$f" ] || continue
  python3 - "$f" "$s" <<'PY'
import sys, json
lines = 0; size = 0
for raw in open(sys.argv[1], "rb"):
    if raw.startswith(b"{"): lines += 1; size += len(raw)
print(f"  {sys.argv[2]:<9} {lines} lines, {size/max(lines,1):.0f} bytes/line")
PY
done
