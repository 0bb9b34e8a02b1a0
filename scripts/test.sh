#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need when it is missing (a JDK, Maven,
# socat, mosquitto, Node.js with ocpp-rpc), then builds every module and runs every test.
# Soak and fuzz modes are opt-in properties (README, "Soak and fuzz"); extra arguments go to Maven.
# The build's output is kept in target/test-output.log; an SLF4J warning anywhere in it fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-tools.sh test
mkdir -p target
log=target/test-output.log
status=0
mvn -B --no-transfer-progress install "$@" 2>&1 | tee "$log" || status=$?
./scripts/check-no-slf4j-warnings.sh "$log"
exit "$status"
