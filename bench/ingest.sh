#!/usr/bin/env bash
# The ingest's webhook throughput and latency, in one run beside two peers on this machine:
#   nginx `return 202` (the ceiling: what the machine and the load generator allow) and a bare Hummingbird 2 server
#   that reads the body and answers 202 (bench/hummingbird-peer: the Swift library a user would otherwise pick).
# The ingest stores every event in a private redis-server (appendonly yes, appendfsync everysec, as in
# deploy/redis/redis.conf) and answers once it is stored.
#
#   usage: bench/ingest.sh [DURATION=10] [CONNECTIONS=64] [THREADS=2] [ROUNDS=1]
#          (or the same names as environment variables; LATENCY_DURATION defaults to DURATION)
#   full size: bench/ingest.sh 30 128 2 3
#   PROFILE=1 bench/ingest.sh ...   also records the ingest with `perf record` during its max run and prints the
#                                   functions with the largest inclusive CPU share (Debian's linux-perf)
#   REDIS_ARGS="--appendonly no" bench/ingest.sh ...   diagnosis only: extra redis-server options for the ingest's
#                                   Redis (e.g. to see what the AOF costs); the targets count with deploy/redis/redis.conf
#
# Per round and server: wrk with keep-alive at CONNECTIONS connections for DURATION seconds (the maximum rate), then
# bench/loadgen (open loop, constant rate, latency measured from each request's due time) at HALF of the ingest's
# maximum rate of that round, the same rate for all three servers. Every request carries its own call_session_id.
# After each ingest run the events stored in Redis are counted and compared with the 2xx answers.
# Everything runs on 127.0.0.1 on free ports; every process started here is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-${DURATION:-10}}
CONNECTIONS=${2:-${CONNECTIONS:-64}}
THREADS=${3:-${THREADS:-2}}
ROUNDS=${4:-${ROUNDS:-1}}
LATENCY_DURATION=${LATENCY_DURATION:-$DURATION}
root=$PWD
scripts/install-deps.sh --bench
export PATH="/opt/swift/usr/bin:$PATH"

work=$(mktemp -d "${TMPDIR:-/tmp}/fleet-bench-ingest.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
# Waits up to 60 s for a command to succeed.
wait_for() { local i; for i in $(seq 1 1200); do "$@" >/dev/null 2>&1 && return 0; sleep 0.05; done; echo "timed out: $*" >&2; return 1; }
hooks_path() { echo "/hooks/bench/$1/uis/calls"; }
body="$root/bench/call-finished.json"

# --- builds ---------------------------------------------------------------------------------------------------
echo "building: ingest and fleetctl (release)" >&2
for product in ingest fleetctl; do
  set +e; swift build -c release --product "$product" 2>&1 | grep -v "prohibited flag" | tail -1 >&2; build=${PIPESTATUS[0]}; set -e
  [ "$build" -eq 0 ] || { echo "release build of $product failed" >&2; exit 1; }
done
bin=$(swift build -c release --show-bin-path)

# The Hummingbird peer lives outside the repository so that the fleet's package never sees its Package.swift.
# Rebuilt only when its two template files changed (a first build takes 3-5 minutes on 2 cores).
hb_dir="${TMPDIR:-/tmp}/fleet-bench-hummingbird"
hb_stamp=$(cat bench/hummingbird-peer/Package.swift.template bench/hummingbird-peer/main.swift.template | sha256sum | cut -c1-16)
hb_bin="$hb_dir/.build/release/HummingbirdPeer"
if [ ! -x "$hb_bin" ] || [ "$(cat "$hb_dir/.stamp" 2>/dev/null)" != "$hb_stamp" ]; then
  echo "building: the Hummingbird peer in $hb_dir (release; the first build takes minutes)" >&2
  mkdir -p "$hb_dir/Sources/HummingbirdPeer"
  cp bench/hummingbird-peer/Package.swift.template "$hb_dir/Package.swift"
  cp bench/hummingbird-peer/main.swift.template "$hb_dir/Sources/HummingbirdPeer/main.swift"
  set +e; (cd "$hb_dir" && swift build -c release 2>&1 | tail -1 >&2; exit "${PIPESTATUS[0]}"); build=$?; set -e
  [ "$build" -eq 0 ] || { echo "release build of the Hummingbird peer failed (see: cd $hb_dir && swift build -c release)" >&2; exit 1; }
  echo "$hb_stamp" > "$hb_dir/.stamp"
fi
gcc -O2 -Wall -o "$work/loadgen" bench/loadgen.c

# --- servers ----------------------------------------------------------------------------------------------------
nginx_port=$(free_port)
sed -e "s#__DIR__#$work#g" -e "s#__PORT__#$nginx_port#g" bench/nginx-hooks.conf.template > "$work/nginx-hooks.conf"
nginx -c "$work/nginx-hooks.conf" -p "$work" &
pids+=($!); nginx_pid=$!

hb_port=$(free_port)
"$hb_bin" "$hb_port" >"$work/hummingbird.log" 2>&1 &
pids+=($!); hb_pid=$!

redis_port=$(free_port)
# The production settings themselves (deploy/redis/redis.conf: AOF everysec, noeviction, rewrite thresholds).
redis-server deploy/redis/redis.conf --port "$redis_port" --bind 127.0.0.1 --dir "$work" --save "" \
  --latency-monitor-threshold 1 --logfile "$work/redis.log" ${REDIS_ARGS:-} &
pids+=($!); redis_pid=$!
wait_for redis-cli -p "$redis_port" ping
rc() { redis-cli -p "$redis_port" "$@"; }
redis_url="redis://127.0.0.1:$redis_port/0"

# The tenant: the example settings document plus the webhook secret (its path segment in the URL).
secret="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
python3 - "$root/settings/tenant.example.json" "$secret" > "$work/tenant.json" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
doc["connection"]["webhook_secret"] = sys.argv[2]
json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
EOF
ingest_ok=1; ingest_why=""
if ! REDIS_URL=$redis_url "$bin/fleetctl" tenant import "$work/tenant.json" --tenant bench >"$work/import.log" 2>&1; then
  ingest_ok=0; ingest_why="fleetctl tenant import refused the settings with a webhook_secret: $(head -c 300 "$work/import.log")"
fi
ingest_port=$(free_port)
REDIS_URL=$redis_url INGEST_PORT=$ingest_port INGEST_HOST=127.0.0.1 FLEET_LOG_LEVEL=warning "$bin/ingest" >"$work/ingest.log" 2>&1 &
pids+=($!); ingest_pid=$!

wait_for curl -sf -o /dev/null -X POST "http://127.0.0.1:$nginx_port/hooks/x"
wait_for curl -sf -o /dev/null -X POST --data-binary x "http://127.0.0.1:$hb_port/hooks/x"
wait_for curl -sf -o /dev/null "http://127.0.0.1:$ingest_port/healthz"

# One probe notification through the ingest: 200 means the webhook routes are there and the tenant is known.
if [ $ingest_ok = 1 ]; then
  probe=$(sed 's/__CALL_SESSION_ID__/1/' "$body" | curl -s -o "$work/probe.out" -w '%{http_code}' -X POST \
    -H 'Content-Type: application/json' --data-binary @- "http://127.0.0.1:$ingest_port$(hooks_path "$secret")" || true)
  [ "$probe" = 200 ] || { ingest_ok=0; ingest_why="the ingest answered $probe to a probe notification: $(head -c 200 "$work/probe.out")"; }
fi
[ $ingest_ok = 1 ] || echo "ingest skipped: $ingest_why" >&2

# --- measurement helpers ----------------------------------------------------------------------------------------
# CPU seconds (user + system) used so far by a process and its children (nginx's worker is a child of its master).
cpu_ticks() {
  local p t=0
  for p in "$1" $(ps -o pid= --ppid "$1" 2>/dev/null); do
    t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) ))
  done
  echo "$t"
}
clk_tck=$(getconf CLK_TCK)
# CPU ticks per thread of a process, one "tid name ticks" line each (names as the kernel holds them: NamedThread).
thread_ticks() {
  local t
  for t in /proc/"$1"/task/*; do
    echo "${t##*/} $(tr -d ' ' < "$t/comm" 2>/dev/null) $(awk '{print $14 + $15}' "$t/stat" 2>/dev/null || echo 0)"
  done
}
# The ingest's CPU per answer by kind of thread, between two thread_ticks snapshots: "http-loop 26.1 µs; redis-ingest 5.8 µs; ...".
thread_cpu_per_answer() {
  awk -v n="$3" -v hz="$clk_tck" 'FNR == NR {before[$1] = $3; next}
    {kind = $2; sub(/-[0-9]+$/, "", kind); used[kind] += $3 - before[$1]}
    END {for (k in used) if (used[k] > 0) printf "%s %.1f µs; ", k, used[k] * 1e6 / hz / (n > 0 ? n : 1)}' "$1" "$2"
}

# Events the ingest stored: jobs in the telephony queue, whether plain (in `ready`) or under an ordering key
# (counted by `ordered_pending`; `ready` then holds one `@ordered:` token per call, which is not a job).
stored_events() {
  rc eval "
    local ready, tokens = redis.call('LLEN', KEYS[1]), 0
    for i = 0, ready - 1, 5000 do
      for _, e in ipairs(redis.call('LRANGE', KEYS[1], i, i + 4999)) do
        if string.sub(e, 1, 9) == '@ordered:' then tokens = tokens + 1 end
      end
    end
    return ready - tokens + tonumber(redis.call('HGET', KEYS[2], 'ordered_pending') or '0')
  " 2 "uisplanfix:{telephony}:ready" "uisplanfix:{telephony}:stats"
}
# Waits until the stored count stops moving (answers still in flight when the load generator stopped).
stored_settled() {
  local a b; a=$(stored_events)
  while sleep 0.3; b=$(stored_events); [ "$a" != "$b" ]; do a=$b; done
  echo "$b"
}
# Redis commands since the last CONFIG RESETSTAT: "name calls usec" per command (INFO and CONFIG, which this script
# sends, excluded).
# Read right after wrk stops, before this script's own counting scripts run; requests still in flight then are few.
redis_commands() {
  rc info commandstats | awk -F'[=,:]' '/^cmdstat_/ && $1 !~ /^cmdstat_(info|config)($|[|])/ {sub("cmdstat_","",$1); print $1, $3, $5}'
}

id_base=1000000000
next_ids() { id_base=$(( id_base + 100000000000 )); }   # 1e11 per run: wrk threads use base + thread * 1e9 + n
port_of() { case $1 in nginx) echo "$nginx_port";; hummingbird) echo "$hb_port";; ingest) echo "$ingest_port";; esac; }
pid_of() { case $1 in nginx) echo "$nginx_pid";; hummingbird) echo "$hb_pid";; ingest) echo "$ingest_pid";; esac; }
path_of() { if [ "$1" = ingest ]; then hooks_path "$secret"; else echo "/hooks/bench/peer/uis/calls"; fi; }
field() { grep -oE "(^| )$1=[0-9.]+" <<<"$2" | head -1 | cut -d= -f2; }

declare -A RPS CPU P50 P99 P999 CHECK
# wrk at full speed against one server; sets RPS[server] and CPU[server] (µs of server CPU per request; for the
# ingest, its own CPU + redis-server's).
max_run() {
  local s=$1 out t0 t1 r0 r1 before after
  next_ids
  [ "$s" = ingest ] && { before=$(stored_settled); rc config resetstat >/dev/null; r0=$(cpu_ticks "$redis_pid"); thread_ticks "$ingest_pid" > "$work/threads0"; }
  t0=$(cpu_ticks "$(pid_of "$s")")
  local perf_pid=""
  if [ "$s" = ingest ] && [ "${PROFILE:-0}" = 1 ]; then
    # System-wide, filtered by process afterwards: `-p` misses the worker threads Dispatch starts after it attached.
    perf record -q -a -e cpu-clock -F 999 -g -o "$work/perf.data" -- sleep "$DURATION" >/dev/null 2>&1 &
    perf_pid=$!
  fi
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s bench/ingest-wrk.lua \
    "http://127.0.0.1:$(port_of "$s")$(path_of "$s")" -- "$body" "$id_base" | grep '^RESULT')
  t1=$(cpu_ticks "$(pid_of "$s")")
  [ "$s" = ingest ] && { thread_ticks "$ingest_pid" > "$work/threads1"; redis_commands > "$work/commands"; rc info stats | tr -d '\r' | awk -F: '/^total_reads_processed:/ {print $2}' > "$work/reads"; }
  if [ -n "$perf_pid" ]; then
    wait "$perf_pid" || true
    # Inclusive CPU share of the ingest's own functions (call graphs by frame pointers), most expensive first; the
    # frames inside Foundation's JSON coders and the runtime are left out (their callers carry them).
    perf report -i "$work/perf.data" --pid "$ingest_pid" --percentage relative --children --sort symbol --stdio -g none 2>/dev/null | grep -E '^ +[0-9.]+%' \
      | swift demangle --simplified \
      | grep -vE '\[k\]|start_thread|_dispatch_|swift_job_run|swift::|NSThread|Thread\.main|__clone|partial apply|protocol witness|dispatch thunk|JSONDecoder|JSONEncoder|Data[.]|DataStorage|Data\._|Box\.|Dictionary<>|Array<>|Container' \
      | head -25 | cut -c1-150 > "$work/profile.txt" || true
  fi
  local completed non2xx sent errors ok
  completed=$(field completed "$out"); non2xx=$(field non2xx "$out"); sent=$(field sent "$out"); errors=$(field errors "$out")
  ok=$(( completed - non2xx ))
  RPS[$s]=$(field rps "$out")
  local cpu_ticks_used=$(( t1 - t0 ))
  if [ "$s" = ingest ]; then
    after=$(stored_settled)
    r1=$(cpu_ticks "$redis_pid")
    cpu_ticks_used=$(( cpu_ticks_used + r1 - r0 ))
    local stored=$(( after - before )) cmds verdict
    # wrk stops with requests in flight: they are written (sent) and may be stored, but are never counted.
    if [ "$stored" -eq "$ok" ]; then verdict="PASS (equal)"
    elif [ "$stored" -gt "$ok" ] && [ "$stored" -le $(( sent - non2xx )) ]; then verdict="PASS ($(( stored - ok )) more stored than counted: answers in flight when wrk stopped, at most $(( sent - completed )))"
    else verdict="FAIL"; fi
    CHECK[max]="max run: wrk 2xx=$ok non2xx=$non2xx socket_errors=$errors written=$sent; stored in Redis=$stored -> $verdict"
    cmds=$(awk -v n="$ok" '{t+=$2; s=s sprintf(" %s=%.3f", $1, $2/n)} END {printf "%.3f (%s )", t/n, s}' "$work/commands")
    CHECK[cmds]="Redis commands per 2xx answer during the max run (commands run inside scripts counted too): $cmds"
    CHECK[redis_cpu]=$(awk -v t=$(( r1 - r0 )) -v n="$ok" -v hz="$clk_tck" 'BEGIN {printf "%.1f", t * 1e6 / hz / (n > 0 ? n : 1)}')
    CHECK[threads]="CPU per 2xx answer during the max run by thread (the ingest's by name, then redis-server): $(thread_cpu_per_answer "$work/threads0" "$work/threads1" "$ok")redis-server ${CHECK[redis_cpu]} µs"
    # Group commit as redis-server sees it: answers per read(2) of a client socket (the ingest's pipeline depth).
    CHECK[cmds]+="; 2xx answers per redis-server read: $(awk -v n="$ok" '{printf "%.2f", n / ($1 > 0 ? $1 : 1)}' "$work/reads")"
    # Time redis-server spent executing each command (INFO commandstats `usec`; a script's includes the commands it
    # calls, so evalsha minus set and rpush is the Lua call itself), per 2xx answer.
    CHECK[usec]="redis-server's time executing commands per 2xx answer:$(awk -v n="$ok" '$3 > 0 {printf " %s %.2f µs", $1, $3 / (n > 0 ? n : 1)}' "$work/commands")"
  fi
  [ "$non2xx" = 0 ] && [ "$errors" = 0 ] || echo "warning: $s answered $non2xx non-2xx, $errors socket errors" >&2
  CPU[$s]=$(( cpu_ticks_used * 1000000 / clk_tck / (ok > 0 ? ok : 1) ))
}

# AOF rewrites started or finished so far (in progress counts as one more).
aof_rewrites() { rc info persistence | tr -d '\r' | awk -F: '/^aof_rewrites:/ {n=$2} /^aof_rewrite_in_progress:/ {p=$2} END {print n + p}'; }

# Redis latency-monitor events since the last `latency reset`, e.g. "aof-write: 12 s, worst 9 ms" (none: "none").
redis_stalls() {
  local e out=""
  for e in $(rc latency latest | awk 'NR % 4 == 1'); do
    out+="$e: $(rc latency history "$e" | awk 'NR % 2 == 0' | wc -l) s, worst $(rc latency history "$e" | awk 'NR % 2 == 0 && $1 > m {m = $1} END {print m + 0}') ms; "
  done
  echo "${out:-none}"
}

# Before the ingest's latency run: Redis as a fleet whose workers keep up would have it. The max runs leave hundreds of
# thousands of jobs nobody consumes (the benchmark has no workers), and every AOF rewrite then forks a process of
# a gigabyte: tens of milliseconds of stall that a drained data set never has. The stored events were counted and
# checked already; they are dropped (FLUSHALL of this script's own redis-server), the tenant imported again, and
# the AOF rewritten (waited for), so the latency run starts from a small data set. Rewrites and stalls during the
# run are still printed.
drain_redis() {
  rc flushall >/dev/null
  REDIS_URL=$redis_url "$bin/fleetctl" tenant import "$work/tenant.json" --tenant bench >/dev/null
  rc bgrewriteaof >/dev/null
  local i
  for i in $(seq 1 600); do
    [ "$(rc info persistence | tr -d '\r' | awk -F: '/^aof_rewrite_in_progress:/ {print $2}')" = 0 ] && \
      [ "$(rc info persistence | tr -d '\r' | awk -F: '/^aof_rewrite_scheduled:/ {print $2}')" = 0 ] && return 0
    sleep 0.1
  done
}

# The open-loop run at a fixed rate; sets P50/P99/P999[server].
latency_run() {
  local s=$1 rate=$2 out before after
  next_ids
  local rewrites0=0
  [ "$s" = ingest ] && { drain_redis; before=$(stored_settled); rewrites0=$(aof_rewrites); rc latency reset >/dev/null; }
  out=$("$work/loadgen" "$(port_of "$s")" "$(path_of "$s")" "$body" "$rate" "$CONNECTIONS" "$LATENCY_DURATION" "$id_base")
  # Read before this script's own counting scripts run (each scans the whole queue: tens of ms).
  local stalls=""
  [ "$s" = ingest ] && stalls=$(redis_stalls)
  P50[$s]=$(field p50_ms "$out"); P99[$s]=$(field p99_ms "$out"); P999[$s]=$(field p999_ms "$out")
  local ok non2xx errors achieved
  ok=$(field ok2xx "$out"); non2xx=$(field non2xx "$out"); errors=$(field errors "$out"); achieved=$(field achieved_rps "$out")
  [ "$non2xx" = 0 ] && [ "$errors" = 0 ] || echo "warning: $s answered $non2xx non-2xx, $errors socket errors at $rate req/s" >&2
  if [ "$s" = ingest ]; then
    after=$(stored_settled)
    local stored=$(( after - before ))
    CHECK[lat]="latency run: 2xx=$ok non2xx=$non2xx errors=$errors; stored in Redis=$stored -> $([ "$stored" -eq "$ok" ] && echo PASS || echo FAIL)"
    # An AOF rewrite (fork + a child writing the whole data set on the same 2 cores) during the run shows in the tail.
    CHECK[lat]+="; AOF rewrites during it: $(( $(aof_rewrites) - rewrites0 )) (latest fork $(rc info stats | tr -d '\r' | awk -F: '/^latest_fork_usec:/ {print $2}') µs)"
    # Redis's own stalls of 1 ms or more during the run (latency monitor): event, count of seconds with one, worst.
    CHECK[lat]+="; redis-server stalls >= 1 ms: $stalls"
  fi
  echo "  $s at $rate req/s: achieved $achieved req/s, p50 ${P50[$s]} ms, p90 $(field p90_ms "$out") ms, p99 ${P99[$s]} ms," \
       "p99.9 ${P999[$s]} ms, max $(field max_ms "$out") ms (service time p99 $(field svc_p99_ms "$out") ms)" >&2
}

ratio() { if [ -n "${2:-}" ] && [ "$2" != 0 ]; then echo "$1 / $2" | bc -l | awk '{printf "%.2f", $1}'; else echo "-"; fi; }
lt() { [ "$(echo "$1 < $2" | bc -l)" = 1 ]; }

servers=(nginx hummingbird)
[ $ingest_ok = 1 ] && servers+=(ingest)
echo "ingest webhooks vs nginx return 202 and bare Hummingbird 2.28.1 — wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s keep-alive," \
     "latency at half the ingest's max for ${LATENCY_DURATION}s, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
[ -z "${REDIS_ARGS:-}" ] || echo "DIAGNOSIS ONLY: the ingest's redis-server runs with REDIS_ARGS=$REDIS_ARGS on top of deploy/redis/redis.conf"
# Warm-up: a short wrk run per server (first connections, allocator pools, the ingest's Redis connections).
for s in "${servers[@]}"; do
  next_ids
  wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s bench/ingest-wrk.lua "http://127.0.0.1:$(port_of "$s")$(path_of "$s")" -- "$body" "$id_base" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  for s in "${servers[@]}"; do max_run "$s"; done
  # Half of the ingest's maximum; without the ingest, half of Hummingbird's.
  base_server=ingest; [ $ingest_ok = 1 ] || base_server=hummingbird
  rate=$(echo "${RPS[$base_server]} / 2" | bc)
  for s in "${servers[@]}"; do latency_run "$s" "$rate"; done
  echo
  printf '%-12s %-5s %10s %9s %8s %9s %11s %11s %12s\n' server round "req/s" "x_hbird" "x_nginx" "cpu_us/req" "p50_ms@$rate" "p99_ms@$rate" "p99.9_ms@$rate"
  for s in "${servers[@]}"; do
    printf '%-12s %-5s %10.0f %9s %8s %9s %11s %11s %12s\n' "$s" "$round" "${RPS[$s]}" "$(ratio "${RPS[$s]}" "${RPS[hummingbird]}")" \
      "$(ratio "${RPS[$s]}" "${RPS[nginx]}")" "${CPU[$s]}" "${P50[$s]}" "${P99[$s]}" "${P999[$s]}"
  done
  if [ $ingest_ok = 1 ]; then
    echo "${CHECK[max]}"
    echo "${CHECK[lat]}"
    echo "${CHECK[cmds]}; of the ingest's cpu_us/req, redis-server: ${CHECK[redis_cpu]}"
    echo "${CHECK[threads]}"
    echo "${CHECK[usec]}"
    if [ -s "$work/profile.txt" ]; then
      echo "PROFILE=1: where the ingest's CPU goes during the max run (perf, inclusive %, ingest process only):"
      cat "$work/profile.txt"
    fi
    if lt "${RPS[ingest]}" "${RPS[hummingbird]}"; then t1=FAIL; else t1=PASS; fi
    if lt "${P99[ingest]}" 5; then t2=PASS; else t2=FAIL; fi
    echo "target: ingest req/s >= Hummingbird req/s: $t1 ($(ratio "${RPS[ingest]}" "${RPS[hummingbird]}")×);" \
         "ingest p99 < 5 ms at half its max ($rate req/s): $t2 (${P99[ingest]} ms)"
  else
    echo "ingest: not measured ($ingest_why)"
    echo "target: ingest req/s >= Hummingbird req/s: FAIL (not measured); ingest p99 < 5 ms at half its max: FAIL (not measured)"
  fi
  echo
done
echo "cpu_us/req: CPU time of the server's processes per 2xx answer during the wrk run (the ingest's row includes redis-server)."
echo "latency: bench/loadgen, open loop at a constant rate, $CONNECTIONS keep-alive connections, measured from each request's due time."
