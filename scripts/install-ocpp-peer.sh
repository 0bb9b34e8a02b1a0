#!/usr/bin/env bash
# Installs the OCPP peer the ocpp-client, evse-manager and hil-tests end-to-end tests run against: ocpp-rpc (npm,
# strict mode), pinned by ocpp-client/src/test/node/package-lock.json. Does nothing when it is already installed.
# Safe to run concurrently (parallel Maven modules): the install is serialized by a lock file.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$here/ocpp-client/src/test/node"
if [ -d "$dir/node_modules/ocpp-rpc" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "install-ocpp-peer: node/npm not found; install Node.js 18+ and npm (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
cd "$dir"
exec 9>"$dir/.install.lock"
flock 9
if [ ! -d node_modules/ocpp-rpc ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
