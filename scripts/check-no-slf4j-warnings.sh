#!/usr/bin/env bash
# Fails when a log holds a line SLF4J prints about itself ("SLF4J(W): No SLF4J providers were found",
# "SLF4J: Class path contains multiple SLF4J bindings", ...): every library's logging must be bound.
#   check-no-slf4j-warnings.sh FILE...
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: check-no-slf4j-warnings.sh FILE..." >&2
  exit 2
fi
if grep -HnE '^(\[[A-Za-z]+\] )?SLF4J(\([WE]\))?: ' "$@"; then
  echo "check-no-slf4j-warnings: SLF4J warned (above); bind it with slf4j-jdk14 in the module that printed it" >&2
  exit 1
fi
echo "check-no-slf4j-warnings: no SLF4J warning in $*" >&2
