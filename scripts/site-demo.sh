#!/usr/bin/env bash
# Site demo of the energy tree (docs/energy-tree.md): starts Mosquitto (if no broker is listening on the port),
# the energy manager and three simulated chargers with scripted EVs, and shows the allocations change live.
#
#   scripts/site-demo.sh            # about 3 minutes; Ctrl-C stops everything this script started
#
# Environment: DEMO_MQTT_PORT (default 1883), DEMO_SECONDS (default 180), JEVSE_JAVA_OPTS (see ./jevse).
# Needs the jar: scripts/build.sh (or mvn -q package -DskipTests). Installs mosquitto with
# scripts/install-mosquitto.sh when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
port="${DEMO_MQTT_PORT:-1883}"
seconds="${DEMO_SECONDS:-180}"
if [ ! -f evse-manager/app/target/jevse.jar ]; then
  echo "site-demo: evse-manager/app/target/jevse.jar not found; build it first: scripts/build.sh" >&2
  exit 2
fi
work="$(mktemp -d -t jevse-site-demo.XXXXXX)"
pids=()
cleanup() {
  # Only the processes this script started, by their process id.
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "site-demo: stopped; logs in $work"
}
trap cleanup EXIT INT TERM

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if listening "$port"; then
  echo "site-demo: using the MQTT broker already listening on 127.0.0.1:$port"
else
  ./scripts/install-mosquitto.sh
  mosquitto_bin="$(command -v mosquitto || echo /usr/sbin/mosquitto)"
  cat > "$work/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence false
log_dest stdout
CONF
  # stdout, not a log file: run as root, mosquitto drops to its own user and could not write to our directory.
  "$mosquitto_bin" -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do listening "$port" && break; sleep 0.1; done
  listening "$port" || { echo "site-demo: mosquitto did not start; see $work/mosquitto.log" >&2; exit 1; }
  echo "site-demo: started mosquitto on 127.0.0.1:$port"
fi

# The tree: a 32 A site connection; cp1 and cp2 share a 20 A garage circuit, cp3 hangs on the site directly.
cat > "$work/energy-manager.yaml" <<YAML
broker_url: tcp://127.0.0.1:$port
topic_prefix: demo/site
cycle_ms: 1000
valid_for_s: 10
rotation_interval_s: 60        # short, so the demo shows a rotation
activation_window_s: 5
switch_on_hysteresis_s: 20
nodes:
  - {id: site, limits_A: [32, 32, 32]}
  - {id: garage, parent: site, limits_A: [20, 20, 20]}
chargers:
  - {id: cp1, node: garage, rotation: L123}
  - {id: cp2, node: garage, rotation: L231}
  - {id: cp3, node: site, rotation: L312}
YAML

charger() { # id, EV script
  cat > "$work/$1.yaml" <<YAML
evse:
  evse_id: DEMO*$1
board:
  type: sim
  sim:
    ev_script: "$2"
auth:
  local_list: [DEMO-TAG]
energy:
  broker_url: tcp://127.0.0.1:$port
  leaf_id: $1
  topic_prefix: demo/site
  failsafe_current_A: 0
YAML
}
# Three EVs: a 3-phase 32 A car from the start, a 3-phase 16 A car after 20 s, a 1-phase 32 A car after 40 s.
charger cp1 "sleep 2; plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 32,3; sleep $((seconds - 10)); unplug"
charger cp2 "sleep 20; plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 16,3; sleep 90; unplug"
charger cp3 "sleep 40; plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 32,1; sleep $((seconds > 60 ? seconds - 50 : 10)); unplug"

echo "site-demo: energy manager (one line per change: site limit, Σ allowed per phase, each charger)"
./jevse energy-manager --config "$work/energy-manager.yaml" 2> "$work/energy-manager.log" &
pids+=($!)
for cp in cp1 cp2 cp3; do
  ./jevse run --config "$work/$cp.yaml" > "$work/$cp.log" 2>&1 &
  pids+=($!)
done
if command -v mosquitto_pub >/dev/null 2>&1; then
  # WARP-compatible external control: cut the site to 12 A at 100 s, restore at 130 s.
  ( sleep 100; echo "site-demo: available_current_update 12000 mA"
    mosquitto_pub -p "$port" -t demo/site/charge_manager/available_current_update -m '{"current": 12000}'
    sleep 30; echo "site-demo: available_current_update 32000 mA"
    mosquitto_pub -p "$port" -t demo/site/charge_manager/available_current_update -m 32000 ) &
  pids+=($!)
fi
sleep "$seconds"
