#!/usr/bin/env bash
# Runs the fleet locally on a fresh Debian machine: installs what is missing, builds, starts a private
# redis-server on a free 127.0.0.1 port (data in .fleet/redis), the sandbox that plays Planfix and UIS, the ingest
# and the workers that exist, with every log in .fleet/logs/. Ctrl-C stops them all.
#   env: INGEST_PORT (default 8080), SANDBOX_PORT (default 8090), FLEET_CONCURRENCY, FLEET_LOG_LEVEL,
#        BUILD (debug|release, default release)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export PATH="/opt/swift/usr/bin:$PATH"
config=${BUILD:-release}
set +e
swift build -c "$config" 2>&1 | grep -v "prohibited flag"
build=${PIPESTATUS[0]}
set -e
[ "$build" -eq 0 ] || { echo "build failed" >&2; exit 1; }
bin=$(swift build -c "$config" --show-bin-path)
state=.fleet
mkdir -p "$state/redis" "$state/logs"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
pids=()
stopping=0
cleanup() {
  stopping=1
  trap - INT TERM EXIT
  echo "stopping..." >&2
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

redis-server --port "$port" --bind 127.0.0.1 --dir "$PWD/$state/redis" --appendonly yes \
  --maxmemory-policy noeviction --save "" --logfile "$PWD/$state/logs/redis.log" &
pids+=($!)
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done
export REDIS_URL="redis://127.0.0.1:$port/0"
echo "redis-server: $REDIS_URL (data in $state/redis)" >&2

"$bin/sandbox" --tenants sandbox/tenants.example.json --port "${SANDBOX_PORT:-8090}" \
  --openapi "$PWD/../shared/reference/planfix-openapi.json" >"$state/logs/sandbox.log" 2>&1 &
pids+=($!)
echo "sandbox (plays Planfix and UIS): http://127.0.0.1:${SANDBOX_PORT:-8090}/  tenants: sandbox/tenants.example.json, ledger: /_admin/ledger" >&2

# A demo tenant (settings/tenant.example.json wired to the sandbox) so the webhook routes answer and the workers
# reach the sandbox, and an admin token for the admin API.
scripts/demo-tenant.py "http://127.0.0.1:${SANDBOX_PORT:-8090}" >"$state/demo-tenant.json"
"$bin/fleetctl" tenant import "$state/demo-tenant.json" --tenant demo >/dev/null
[ -s "$state/admin-token" ] || "$bin/fleetctl" tenant new-secret >"$state/admin-token"
ingest_url="http://127.0.0.1:${INGEST_PORT:-8080}"
INGEST_PORT=${INGEST_PORT:-8080} INGEST_PUBLIC_URL="$ingest_url" INGEST_ADMIN_TOKEN_FILE="$PWD/$state/admin-token" \
  "$bin/ingest" >"$state/logs/ingest.log" 2>&1 &
pids+=($!)
secret=$(python3 -c 'import json; print(json.load(open("settings/tenant.example.json"))["connection"]["webhook_secret"])')
echo "ingest: $ingest_url/healthz  /metrics   admin API: Authorization: Bearer \$(cat $state/admin-token)" >&2
echo "  try: curl -s -XPOST $ingest_url/hooks/demo/$secret/uis/calls -d '{\"event\":\"call_finished\",\"call_session_id\":1}'" >&2
echo "  setup guide: $bin/fleetctl tenant setup-guide demo --base-url $ingest_url" >&2

"$bin/telephony" >"$state/logs/telephony.log" 2>&1 &
pids+=($!)
"$bin/employee-sync" >"$state/logs/employee-sync.log" 2>&1 &
pids+=($!)
"$bin/deals" >"$state/logs/deals.log" 2>&1 &
pids+=($!)
"$bin/chats" >"$state/logs/chats.log" 2>&1 &
pids+=($!)
echo "workers: telephony, employee-sync, deals, chats (first: $bin/fleetctl employees sync --tenant demo --all)" >&2
echo "  simulate a call: scripts/simulate-call.sh (see README, Telephony); a deal: scripts/simulate-deal.sh (README, Deals);" \
     "a chat: scripts/simulate-chat.sh (README, Chats and leads)" >&2

# The other flows' workers join here as they are built; the test worker shows the runtime at work
# (enqueue with: $bin/test-worker enqueue test noop 1000).
FLEET_QUEUES=test FLEET_METRICS_PORT=${TEST_WORKER_METRICS_PORT:-9101} "$bin/test-worker" >"$state/logs/test-worker.log" 2>&1 &
pids+=($!)
echo "test-worker: metrics on http://127.0.0.1:${TEST_WORKER_METRICS_PORT:-9101}/metrics" >&2
echo "logs: $state/logs/*.log   operator tool: REDIS_URL=$REDIS_URL $bin/fleetctl queues   (Ctrl-C stops everything)" >&2
wait -n "${pids[@]}" || true
[ "$stopping" = 1 ] || echo "a process exited unexpectedly; see $state/logs" >&2
