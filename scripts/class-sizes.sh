#!/usr/bin/env bash
# Lists the main classes of a module longer than a limit (default: ocpp-client, 400 lines), longest first, and
# exits 1 if there is one. Generated sources (ocpp-client's org.jevse.ocpp.v16 records) are left out.
# Usage: scripts/class-sizes.sh [module] [limit]
set -euo pipefail
module=${1:-ocpp-client}
limit=${2:-400}
cd "$(dirname "$0")/.."
over=$(find "$module/src/main/java" -name '*.java' -not -path '*/org/jevse/ocpp/v16/*' -print0 \
    | xargs -0 wc -l | grep -v ' total$' | sort -rn | awk -v l="$limit" '$1 > l')
if [ -n "$over" ]; then
    echo "classes over $limit lines in $module:"
    echo "$over"
    exit 1
fi
echo "no class over $limit lines in $module"
