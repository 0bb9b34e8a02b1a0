#!/usr/bin/env bash
# Installs what building jevse needs when it is missing: a JDK (17 or newer) and Maven, from Debian's packages.
set -euo pipefail
need=()
if ! command -v javac >/dev/null 2>&1; then need+=(openjdk-17-jdk-headless); fi
if ! command -v mvn >/dev/null 2>&1; then need+=(maven); fi
if [ ${#need[@]} -gt 0 ]; then
  echo "ensure-tools: installing ${need[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
