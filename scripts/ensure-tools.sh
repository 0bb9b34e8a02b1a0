#!/usr/bin/env bash
# Installs what jevse needs when it is missing, from Debian's packages, in one apt-get run.
#   ensure-tools.sh            a JDK (17 or newer) and Maven: what building needs
#   ensure-tools.sh test       also socat (serial and Modbus tests over ptys), mosquitto (energy-tree tests),
#                              Node.js and npm, then ocpp-rpc from npm (the OCPP peer, pinned by its lock file),
#                              lintian (the Debian package's check)
#                              chromium and chromium-driver (the web page's browser test)
#   ensure-tools.sh TOOL...    just these: socat, mosquitto, node, lintian, chromium
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tools=()
case "${1:-}" in
  "") tools=(javac mvn) ;;
  test) tools=(javac mvn socat mosquitto node lintian chromium) ;;
  *) tools=("$@") ;;
esac

need=()
for t in "${tools[@]}"; do
  case "$t" in
    javac) command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless) ;;
    mvn) command -v mvn >/dev/null 2>&1 || need+=(maven) ;;
    socat) command -v socat >/dev/null 2>&1 || need+=(socat) ;;
    mosquitto) { command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ]; } || need+=(mosquitto) ;;
    node) command -v node >/dev/null 2>&1 || need+=(nodejs); command -v npm >/dev/null 2>&1 || need+=(npm) ;;
    lintian) command -v lintian >/dev/null 2>&1 || need+=(lintian) ;;
    chromium) [ -x /usr/bin/chromium ] || need+=(chromium); [ -x /usr/bin/chromedriver ] || need+=(chromium-driver) ;;
    *) echo "ensure-tools: unknown tool $t (allowed: socat, mosquitto, node, lintian, chromium)" >&2; exit 2 ;;
  esac
done
if [ ${#need[@]} -gt 0 ]; then
  echo "ensure-tools: installing ${need[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ "${1:-}" = test ]; then
  "$here/install-ocpp-peer.sh"
fi
