#!/usr/bin/env bash
# The telephony flow under a multi-tenant burst: TENANTS tenants, each limited by the sandbox to 1 Planfix REST
# request/s with 150 ms of latency, get CALLS incoming calls each within SPREAD seconds (bench/telephony-driver.py).
# Prints the REST throughput as a share of the budgets (target >= 95%), limit violations (target 0), popup latency
# from notification to Planfix while the REST backlog drains (target p99 <= 300 ms) and each tenant's completion
# time (fairness).
#
#   usage: bench/telephony.sh [TENANTS=200] [CALLS=20] [SPREAD=10] [WORKERS=1]
#   small: bench/telephony.sh 20 5 5
#
# Runs release builds of the ingest, the telephony and employee-sync workers and the sandbox, and a private
# redis-server (appendonly, everysec), all on 127.0.0.1 free ports; every process started here is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
TENANTS=${1:-${TENANTS:-200}}
CALLS=${2:-${CALLS:-20}}
SPREAD=${3:-${SPREAD:-10}}
WORKERS=${4:-${WORKERS:-1}}
scripts/install-deps.sh
export PATH="/opt/swift/usr/bin:$PATH"

work=$(mktemp -d "${TMPDIR:-/tmp}/fleet-bench-telephony.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { local i; for i in $(seq 1 1200); do "$@" >/dev/null 2>&1 && return 0; sleep 0.05; done; echo "timed out: $*" >&2; return 1; }

echo "building: ingest, telephony, employee-sync, sandbox (release)" >&2
for product in ingest telephony employee-sync sandbox; do
  set +e; swift build -c release --product "$product" 2>&1 | grep -v "prohibited flag" | tail -1 >&2; build=${PIPESTATUS[0]}; set -e
  [ "$build" -eq 0 ] || { echo "release build of $product failed" >&2; exit 1; }
done
bin=$(swift build -c release --show-bin-path)

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work" --save "" --appendonly yes --appendfsync everysec \
  --maxmemory-policy noeviction --logfile "$work/redis.log" &
pids+=($!)
wait_for redis-cli -p "$redis_port" ping
export REDIS_URL="redis://127.0.0.1:$redis_port/0" FLEET_LOG_LEVEL=warning

bench/telephony-driver.py tenants "$TENANTS" > "$work/tenants.json"
sandbox_port=$(free_port)
"$bin/sandbox" --tenants "$work/tenants.json" --port "$sandbox_port" --openapi "$PWD/../shared/reference/planfix-openapi.json" \
  >"$work/sandbox.log" 2>&1 &
pids+=($!)
admin_token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
ingest_port=$(free_port)
INGEST_PORT=$ingest_port INGEST_HOST=127.0.0.1 INGEST_ADMIN_TOKEN=$admin_token "$bin/ingest" >"$work/ingest.log" 2>&1 &
pids+=($!)
"$bin/employee-sync" >"$work/employee-sync.log" 2>&1 &
pids+=($!)
for i in $(seq 1 "$WORKERS"); do
  FLEET_CONCURRENCY=${FLEET_CONCURRENCY:-256} "$bin/telephony" >"$work/telephony-$i.log" 2>&1 &
  pids+=($!)
done
wait_for curl -sf "http://127.0.0.1:$sandbox_port/healthz"
wait_for curl -sf "http://127.0.0.1:$ingest_port/healthz"

sandbox_url="http://127.0.0.1:$sandbox_port" ingest_url="http://127.0.0.1:$ingest_port"
bench/telephony-driver.py setup "$sandbox_url" "$ingest_url" "$admin_token" "$TENANTS"
echo "telephony burst: $TENANTS tenants x $CALLS calls within ${SPREAD}s, Planfix REST 1 request/s and 150 ms per tenant," \
     "$WORKERS telephony worker(s), 2 cores, $(date -u +%Y-%m-%dT%H:%MZ)"
bench/telephony-driver.py burst "$sandbox_url" "$ingest_url" "$TENANTS" "$CALLS" "$SPREAD"
for f in "$work"/telephony-*.log "$work/ingest.log"; do
  if grep -q '"level":"error"' "$f"; then echo "errors logged in $(basename "$f"):"; grep '"level":"error"' "$f" | head -3; fi
done
