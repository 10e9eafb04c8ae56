#!/usr/bin/env bash
# Installs the Debian packages the fleet needs, and only those missing. Safe to run again.
#   scripts/install-deps.sh            build + test: pkg-config, libhiredis-dev, redis-server, redis-sentinel
#   scripts/install-deps.sh --bench    also the benchmarks' peers and load generator: nginx-light, ruby-sidekiq, bc, wrk
set -euo pipefail
packages=(pkg-config libhiredis-dev redis-server redis-sentinel)
[ "${1:-}" = "--bench" ] && packages+=(nginx-light ruby-sidekiq bc wrk)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The Planfix contract test validates request bodies with Python's jsonschema (PyPI), for the default python3.
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  echo "installing: jsonschema (PyPI)" >&2
  python3 -m pip install -q jsonschema
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
# policy-rc.d keeps Debian from starting the packaged redis/nginx services: the fleet never touches a server
# it did not start itself.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee /usr/sbin/policy-rc.d >/dev/null
  $sudo_cmd chmod +x /usr/sbin/policy-rc.d
  trap '$sudo_cmd rm -f /usr/sbin/policy-rc.d' EXIT
fi
$sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
