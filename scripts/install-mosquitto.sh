#!/usr/bin/env bash
# Installs the Mosquitto broker when it is missing. The energy-tree tests and scripts/site-demo.sh start their own
# broker process with it (the package's service is not needed); without it the tests skip, or fail when CI=true.
exec "$(dirname "${BASH_SOURCE[0]}")/ensure-tools.sh" mosquitto
