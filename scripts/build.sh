#!/usr/bin/env bash
# Builds the jevse jar (evse-manager/app/target/jevse.jar) that ./jevse runs; installs a JDK and Maven if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-tools.sh
mvn -q -B --no-transfer-progress package -DskipTests
