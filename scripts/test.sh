#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need when it is missing (a JDK, Maven,
# socat, mosquitto, Node.js with ocpp-rpc), then builds every module and runs every test.
# Soak and fuzz modes are opt-in properties (README, "Soak and fuzz"); extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-tools.sh test
mvn -B --no-transfer-progress install "$@"
