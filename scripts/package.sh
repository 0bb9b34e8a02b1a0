#!/usr/bin/env bash
# Builds the Debian package: evse-manager/deb/target/jevse_<version>_all.deb (Architecture: all; it runs on a
# Raspberry Pi and on any Debian with Java 17 or newer). Installs a JDK and Maven if missing; runs no tests
# (the package's own tests, lintian and the install test, run with ./scripts/test.sh or
# mvn verify -pl evse-manager/deb -am).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-tools.sh
rm -f evse-manager/deb/target/jevse_*_all.deb
mvn -q -B --no-transfer-progress package -DskipTests -pl evse-manager/deb -am
ls evse-manager/deb/target/jevse_*_all.deb
