#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine: installs what is missing, builds, and runs `swift test`.
# Every suite that needs Redis starts its own private redis-server on a free 127.0.0.1 port (in a temporary
# directory, killed when the suite ends), so no test ever touches a Redis it did not start.
# Tests run one at a time (--no-parallel): about two minutes, and no test's timing depends on what runs beside it.
# Ends with one line "tests: N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export PATH="/opt/swift/usr/bin:$PATH"
set +e
swift build --build-tests 2>&1 | grep -v "prohibited flag"
build=${PIPESTATUS[0]}
set -e
[ "$build" -eq 0 ] || { echo "build failed" >&2; exit 1; }
log=$(mktemp)
set +e
swift test --skip-build --disable-xctest --no-parallel 2>&1 | tee "$log" | grep -v -E "^(◇|↳)| started\.$"
status=${PIPESTATUS[0]}
set -e
failed=$(grep -E "^✘ Test .* failed after" "$log" | grep -vc "Test run with" || true)
total=$(grep -oE "Test run with [0-9]+ test" "$log" | grep -oE "[0-9]+" || echo 0)
passed=$(( ${total:-0} - failed ))
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # a crash or build error is a failure too
if [ "${total:-0}" -eq 0 ]; then echo "no tests ran" >&2; exit 1; fi
echo "tests: $passed passed, $failed failed"
exit "$status"
