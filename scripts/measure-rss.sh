#!/usr/bin/env bash
# Measures the peak RSS of `./jevse run` on the simulated board, with the launcher's recommended (Raspberry Pi)
# JVM flags and, for comparison, with the JVM's defaults. Goal: <= 96 MB with the recommended flags.
#
# Usage (from anywhere):
#   scripts/measure-rss.sh            # short EV script (about 25 s per run), 3 runs per flag set
#   scripts/measure-rss.sh --full     # the embedded default config and EV script (about 70 s per run), 1 run each
#   scripts/measure-rss.sh --cds      # also: recommended flags + an AppCDS archive (made by one extra run first)
#   RSS_RUNS=5 scripts/measure-rss.sh
#   RSS_SAMPLE=1 scripts/measure-rss.sh   # sample VmHWM from /proc instead of using GNU time
#
# What it runs, from the repository root:
#   mvn -q -o install -Dmaven.test.skip=true          # only if evse-manager/app/target/jevse.jar is missing or stale
#   /usr/bin/time -v ./jevse run --config $TMP/rss.yaml           # recommended flags (JEVSE_JAVA_OPTS unset)
#   JEVSE_JAVA_OPTS=-Djevse.rss.jvm=defaults /usr/bin/time -v ./jevse run --config $TMP/rss.yaml   # JVM defaults
# (./jevse and the jar are copied to a temporary directory first, so a concurrent rebuild cannot replace the jar
# mid-run) and reads "Maximum resident set size" from /usr/bin/time -v. Without GNU time (and without root to
# apt-get install it) it samples VmHWM from /proc/PID/status every 100 ms instead.
#
# JVM defaults: the launcher uses ${JEVSE_JAVA_OPTS-<Pi flags>} (set but empty: the JVM defaults); a harmless system
# property is passed all the same, so the run is labelled.
#
# $TMP/rss.yaml (the short run):
#   board: {sim: {ev_script: "sleep 1; plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 32,3; sleep 20; unplug"}}
#   auth: {local_list: [DEMO-TAG]}
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

full=false
cds=false
runs="${RSS_RUNS:-}"
for arg in "$@"; do
  case "$arg" in
    --full) full=true ;;
    --cds) cds=true ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "measure-rss.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$runs" ]; then
  if $full; then runs=1; else runs=3; fi
fi

# ---- build the jar if needed
jar=evse-manager/app/target/jevse.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml */pom.xml */*/pom.xml */src/main */*/src/main -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  echo "== building: mvn -q -o install -Dmaven.test.skip=true"
  mvn -B -q -o install -Dmaven.test.skip=true >/dev/null 2>&1 || mvn -B -q install -Dmaven.test.skip=true
fi

# ---- GNU time, or /proc sampling
gnu_time=""
if [ -n "${RSS_SAMPLE:-}" ]; then
  : # RSS_SAMPLE=1 forces the /proc sampling (to cross-check GNU time)
elif /usr/bin/time -v true >/dev/null 2>&1; then
  gnu_time=/usr/bin/time
elif [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing GNU time: apt-get install -y time"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null 2>&1; } \
    || true
  /usr/bin/time -v true >/dev/null 2>&1 && gnu_time=/usr/bin/time
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Run a copy of the launcher and the jar (same layout), so a concurrent rebuild cannot replace the jar mid-run.
mkdir -p "$tmp/app/evse-manager/app/target"
cp jevse "$tmp/app/jevse"
cp "$jar" "$tmp/app/evse-manager/app/target/jevse.jar"
config_args=()
if ! $full; then
  cat >"$tmp/rss.yaml" <<'EOF'
board:
  sim:
    ev_script: "sleep 1; plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 32,3; sleep 20; unplug"
auth:
  local_list: [DEMO-TAG]
EOF
  config_args=(--config "$tmp/rss.yaml")
fi

# Runs ./jevse run once; prints "<max RSS kB> <elapsed s> <exit status>".
measure_once() {
  local log="$tmp/run.log" tv="$tmp/time.txt"
  if [ -n "$gnu_time" ]; then
    local rc=0
    "$gnu_time" -v -o "$tv" "$tmp/app/jevse" run "${config_args[@]}" >"$log" 2>&1 || rc=$?
    local kb elapsed
    kb="$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$tv")"
    elapsed="$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tv")"
    echo "$kb $elapsed $rc"
  else
    local t0 pid hwm=0 v rc=0
    t0=$(date +%s%N)
    "$tmp/app/jevse" run "${config_args[@]}" >"$log" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      v="$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status" 2>/dev/null || true)"
      if [ -n "$v" ] && [ "$v" -gt "$hwm" ]; then hwm="$v"; fi
      sleep 0.1
    done
    wait "$pid" || rc=$?
    echo "$hwm $(( ($(date +%s%N) - t0) / 1000000 ))ms $rc"
  fi
}

report() {
  local label="$1"
  local results=() i line kb
  for ((i = 1; i <= runs; i++)); do
    line="$(measure_once)"
    kb="${line%% *}"
    results+=("$kb")
    local session
    session="$(grep -m1 'session .* finished:' "$tmp/run.log" | sed 's/^ *//' || true)"
    printf '  %-30s run %d: max RSS %6.1f MB (%s kB), elapsed %s, exit %s; %s\n' "$label" "$i" \
      "$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')" "$kb" \
      "$(echo "$line" | cut -d' ' -f2)" "$(echo "$line" | cut -d' ' -f3)" "${session:-no session finished}"
  done
  local max
  max="$(printf '%s\n' "${results[@]}" | sort -n | tail -1)"
  printf '  %-30s worst of %d: %.1f MB\n' "$label" "$runs" "$(awk -v k="$max" 'BEGIN { printf "%.1f", k / 1024 }')"
}

pi_flags="$(sed -n 's/^opts="\${JEVSE_JAVA_OPTS:\{0,1\}-\(.*\)}"$/\1/p' jevse)"
echo "== machine: $(nproc) CPUs, $(uname -srm), $(awk '/MemTotal/ { printf "%.0f MB RAM", $2 / 1024 }' /proc/meminfo), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== java: $(java -version 2>&1 | head -1)"
if [ -n "$gnu_time" ]; then
  echo "== measuring with: GNU time -v (Maximum resident set size)"
else
  echo "== measuring with: VmHWM sampled from /proc/PID/status every 100 ms (GNU time not used)"
fi
if $full; then
  echo "== ./jevse run (embedded default config and EV script), $runs run(s) per flag set"
else
  echo "== ./jevse run --config rss.yaml (ev_script: sleep 1; plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 32,3; sleep 20; unplug), $runs run(s) per flag set"
fi
echo
echo "recommended flags (launcher default): $pi_flags"
unset JEVSE_JAVA_OPTS
report "recommended flags"
echo
echo "JVM defaults (no JVM flags; max heap = 1/4 of RAM)"
export JEVSE_JAVA_OPTS="-Djevse.rss.jvm=defaults"
report "JVM defaults"
echo
if $cds; then
  echo
  echo "recommended flags + AppCDS (-XX:SharedArchiveFile; archive made by one run with -XX:ArchiveClassesAtExit)"
  JEVSE_JAVA_OPTS="$pi_flags -XX:ArchiveClassesAtExit=$tmp/app.jsa" "$tmp/app/jevse" run "${config_args[@]}" >/dev/null 2>&1
  export JEVSE_JAVA_OPTS="$pi_flags -XX:SharedArchiveFile=$tmp/app.jsa -Xshare:auto"
  report "recommended + AppCDS"
  echo
fi
echo "goal: <= 96 MB with the recommended flags"
