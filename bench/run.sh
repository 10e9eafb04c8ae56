#!/usr/bin/env bash
# The fleet beside Sidekiq (Debian's ruby-sidekiq, ../shared/anchors/sidekiq/run.sh) on this machine, in one run:
# jobs/s for no-op jobs and for jobs that POST a small JSON to a local nginx, Redis commands per job
# (INFO commandstats) and peak RSS of the worker process, at equal concurrency.
#   usage: bench/run.sh [JOBS=20000] [CONCURRENCY=32] [ROUNDS=1]
# Everything runs on 127.0.0.1 against a private redis-server and nginx started here; both are stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}; C=${2:-32}; ROUNDS=${3:-1}
root=$PWD
anchor="$root/../shared/anchors/sidekiq/run.sh"
[ -x "$anchor" ] || { echo "missing $anchor (the shared folder beside the repository)" >&2; exit 2; }
scripts/install-deps.sh --bench
export PATH="/opt/swift/usr/bin:$PATH"
set +e; swift build -c release 2>&1 | grep -v "prohibited flag" | tail -1; build=${PIPESTATUS[0]}; set -e
[ "$build" -eq 0 ] || { echo "release build failed" >&2; exit 1; }
bin=$(swift build -c release --show-bin-path)

work=$(mktemp -d /tmp/fleet-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work" --save "" --appendonly no --logfile "$work/redis.log" &
pids+=($!)
until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.05; done
rc() { redis-cli -p "$redis_port" "$@"; }

nginx_port=$(free_port)
sed -e "s#__DIR__#$work#g" -e "s#__PORT__#$nginx_port#g" bench/nginx.conf.template > "$work/nginx.conf"
nginx -c "$work/nginx.conf" -p "$work" &
pids+=($!)
until curl -s -o /dev/null -X POST "http://127.0.0.1:$nginx_port/rest/task/"; do sleep 0.05; done
crm="http://127.0.0.1:$nginx_port/rest/task/"

# Sum of all command calls since the last CONFIG RESETSTAT, minus the ones this script made to watch.
commands_total() { rc info commandstats | awk -F'[=,:]' '/^cmdstat_/ && $1 !~ /cmdstat_(info|config|llen|ping|select|flushdb|scard|exists)$/ {s+=$3} END {print s+0}'; }

# One fleet run: a release test-worker at concurrency C drains N jobs of KIND; prints "jobs_per_s cmds_per_job rss_mb".
fleet_run() {
  local kind=$1 transport=${2:-plain} db=3
  local url="redis://127.0.0.1:$redis_port/$db"
  rc -n $db flushdb >/dev/null
 REDIS_URL=$url FLEET_QUEUES=bench FLEET_CONCURRENCY=$C FLEET_LOG_LEVEL=warning TEST_HTTP_URL=$crm TEST_HTTP_TRANSPORT=$transport "$bin/test-worker" >"$work/worker.log" 2>&1 &
  local wpid=$!
  until [ "$(rc -n $db exists "uisplanfix:{bench}:consumers")" = "1" ]; do sleep 0.05; done
  rc config resetstat >/dev/null
  local start end
  start=$(date +%s.%N)
  REDIS_URL=$url "$bin/test-worker" enqueue bench "$kind" "$N" --batch 1000
  # Done when nothing is ready and nothing is held: every job was acknowledged.
  while true; do
    local ready held
    ready=$(rc -n $db llen "uisplanfix:{bench}:ready")
    held=$(rc -n $db eval "local n=0 for _,c in ipairs(redis.call('SMEMBERS',KEYS[1])) do n=n+redis.call('LLEN','uisplanfix:{bench}:processing:'..c) end return n" 1 "uisplanfix:{bench}:consumers")
    [ "$ready" = "0" ] && [ "$held" = "0" ] && break
    sleep 0.01
  done
  end=$(date +%s.%N)
  local polls
  polls=$(rc info commandstats | awk -F'[=,:]' '/^cmdstat_eval:/ {print $3}')
  local cmds
  cmds=$(( $(commands_total) - ${polls:-0} * 2 ))  # each watch EVAL made an EVAL and a SMEMBERS (its LLEN is excluded with the others)
  local rss
  rss=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' /proc/$wpid/status)
  kill -TERM $wpid; wait $wpid 2>/dev/null || true
  local dead
  dead=$(rc -n $db hlen "uisplanfix:{bench}:dead")
  [ "$dead" = "0" ] || echo "warning: $dead fleet jobs dead-lettered (see $work/worker.log)" >&2
  echo "$(echo "$N / ($end - $start)" | bc -l | cut -c1-8) $(echo "$cmds / $N" | bc -l | cut -c1-5) $rss"
}

# One Sidekiq run through the shared anchor script; prints "jobs_per_s rss_mb".
sidekiq_run() {
  local noop=$1 out rss_file="$work/sidekiq-rss"
  echo 0 > "$rss_file"
  ( while true; do
      for p in $(pgrep -f "sidekiq .*-c $C" || true); do
        awk '/VmHWM/ {print $2}' /proc/$p/status 2>/dev/null
      done | sort -n | tail -1 | awk -v f="$rss_file" '{ getline old < f; if ($1 > old) { print $1 > f } }'
      sleep 0.2
    done ) &
  local sampler=$!
  out=$(REDIS_URL="redis://127.0.0.1:$redis_port/5" CRM_URL=$crm "$anchor" "$N" "$C" "$noop")
  kill $sampler 2>/dev/null; wait $sampler 2>/dev/null || true
  echo "$(echo "$out" | grep -oE 'jobs_per_s=[0-9.]+' | cut -d= -f2) $(awk '{printf "%.1f", $1/1024}' "$rss_file")"
}

ratio() { echo "$1 / $2" | bc -l | cut -c1-5; }
echo "fleet vs Sidekiq 6.4 — $N jobs, concurrency $C, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-15s %-5s %12s %12s %7s %10s %10s %12s\n' mode round fleet_jobs/s sidekiq_j/s ratio cmds/job fleet_MB sidekiq_MB
for round in $(seq 1 "$ROUNDS"); do
  for mode in noop http http-urlsession; do
    transport=plain
    case $mode in
      noop) kind=noop; flag=1 ;;
      http) kind=http-post; flag=0 ;;
      http-urlsession) kind=http-post; flag=0; transport=urlsession ;;
    esac
    # The URLSession row reuses the HTTP row's Sidekiq figure: same Sidekiq workload.
    [ $mode = http-urlsession ] || read -r sk sk_rss < <(sidekiq_run $flag)
    read -r fl cmds rss < <(fleet_run $kind $transport)
    printf '%-15s %-5s %12s %12s %7s %10s %10s %12s\n' "$mode" "$round" "$fl" "$sk" "$(ratio "$fl" "$sk")" "$cmds" "$rss" "$sk_rss"
  done
done
echo "targets: noop ratio >= 3, http ratio >= 2, cmds/job <= 6, fleet_MB <= 60 (peak RSS of the worker process, VmHWM)"
echo "http = the fleet's own HTTP/1.1 client (http://); http-urlsession = the same jobs through Foundation's URLSession (what https:// uses)"
