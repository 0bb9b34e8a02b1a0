#!/usr/bin/env bash
# Installs socat when it is missing. The serial and Modbus tests make their pseudo-terminal pairs with it; without
# it they skip, or fail when CI=true.
exec "$(dirname "${BASH_SOURCE[0]}")/ensure-tools.sh" socat
