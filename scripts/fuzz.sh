#!/usr/bin/env bash
# Fuzzes the ingest's parsers (HTTP/1.1 request parser, UIS call notifications as JSON body and GET query, Planfix
# telephony form bodies, tenant settings documents) with libFuzzer for a bounded time or number of executions.
#   scripts/fuzz.sh                    60 seconds, one process
#   scripts/fuzz.sh --seconds 600      bounded time
#   scripts/fuzz.sh --runs 1000000     bounded executions (one process)
#   scripts/fuzz.sh --seconds 900 --jobs 2   2 fuzzer processes (-jobs/-workers) sharing the working corpus
#   scripts/fuzz.sh --keep             keep the working directory (grown corpus) even when nothing crashed
#
# Builds Sources/Ingest/Fuzz (target IngestFuzz) in release mode with -sanitize=fuzzer,address into .build-fuzz
# (a separate scratch path, so the normal .build is untouched), copies the seed corpus Tests/FuzzCorpus to a
# temporary working corpus (the seeds in the repository are never written), runs libFuzzer with -max_len=65536,
# and prints the number of executions. Exits non-zero when libFuzzer found a crash, leak or timeout; the
# input that caused it is left in the working directory and its path printed (replay it with
# `.build-fuzz/release/IngestFuzz <file>`, or with the plain-build replay tool `.build/debug/IngestFuzz <file>`).
# Needs nothing beyond scripts/install-deps.sh: the Swift toolchain ships libFuzzer and ASan (compiler-rt).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

seconds=60 runs="" jobs=1 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: scripts/fuzz.sh [--seconds N | --runs N] [--jobs N] [--keep]" >&2; exit 2 ;;
  esac
done
if [ -n "$runs" ] && [ "$jobs" -gt 1 ]; then echo "--runs works with one process only (drop --jobs)" >&2; exit 2; fi

scripts/install-deps.sh

start=$(date +%s)
set +e
swift build -c release --scratch-path .build-fuzz --product IngestFuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING 2>&1 | grep -v -E "prohibited flag|Cannot export local symbol"
build=${PIPESTATUS[0]}
set -e
[ "$build" -eq 0 ] || { echo "fuzz build failed" >&2; exit 1; }
echo "fuzz build: $(( $(date +%s) - start ))s"
binary="$(swift build -c release --scratch-path .build-fuzz --show-bin-path)/IngestFuzz"

work=$(mktemp -d -t ingest-fuzz.XXXXXX)
mkdir "$work/corpus"
cp Tests/FuzzCorpus/* "$work/corpus/"

args=(-max_len=65536 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 "-artifact_prefix=$work/")
if [ -n "$runs" ]; then
  args+=("-runs=$runs")
elif [ "$jobs" -gt 1 ]; then
  # Independent processes that pick up each other's new corpus units; each logs to fuzz-<n>.log.
  args+=("-max_total_time=$seconds" "-jobs=$jobs" "-workers=$jobs")
else
  args+=("-max_total_time=$seconds")
fi
echo "fuzzing: $binary ${args[*]} $work/corpus"
# The Swift runtime's own backtracer would run inside ASan's crash path; libFuzzer and ASan print the stack.
set +e
( cd "$work" && SWIFT_BACKTRACE=enable=no "$binary" "${args[@]}" "$work/corpus" ) >"$work/fuzz.log" 2>&1
status=$?
set -e
# One process logs to fuzz.log; with --jobs each process logs to fuzz-<n>.log (and fuzz.log repeats them).
if [ "$jobs" -gt 1 ] && [ -z "$runs" ]; then logs=$(ls "$work"/fuzz-[0-9]*.log); else logs="$work/fuzz.log"; fi

# Totals over all processes: executions and exec/s from each process's final stats.
executions=$(cat $logs | grep -oE "^stat::number_of_executed_units: *[0-9]+" | awk '{n += $2} END {print n + 0}')
rate=$(cat $logs | grep -oE "^stat::average_exec_per_sec: *[0-9]+" | awk '{n += $2} END {print n + 0}')
echo "executions: $executions ($rate/s over $jobs process(es)) in $(( $(date +%s) - start ))s including the build; corpus: $(ls "$work/corpus" | wc -l) files"

artifacts=$(ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* 2>/dev/null || true)
if [ "$status" -ne 0 ] || [ -n "$artifacts" ]; then
  cat $logs | grep -E -A40 "ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|Fatal error|runtime failure" | head -n 80 >&2 || true
  echo "FUZZ FAILED (libFuzzer exit $status); logs: $logs" >&2
  for a in $artifacts; do echo "crash input: $a" >&2; done
  exit 1
fi
if [ "$keep" -eq 1 ]; then echo "working directory kept: $work"; else rm -rf "$work"; fi
echo "fuzz: no crash"
