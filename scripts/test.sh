#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need when it is missing, then builds
# every module and runs every test. Soak and fuzz modes are opt-in properties (see README, "Soak and fuzz").
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-tools.sh
mvn -B --no-transfer-progress install "$@"
