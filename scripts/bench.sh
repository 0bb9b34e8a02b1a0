#!/usr/bin/env bash
# Runs jevse's performance harnesses and prints their tables (see docs/benchmarks.md).
#
# Usage (from anywhere):
#   scripts/bench.sh                 # everything: latency, 3 h session, CLI cold start
#   scripts/bench.sh latency         # LatencyBench only (Pi flags, Pi flags + GC pressure, JVM defaults)
#   scripts/bench.sh session         # ThreeHourSessionBench only (Pi flags, JVM defaults)
#   scripts/bench.sh cli             # `./jevse simulate` of the 3 h session, timed end to end (cold JVM)
#   scripts/bench.sh serial          # SerialPathLatencyBench: MCU emulator <-> socat pty <-> SerialBoard <-> Charger
#                                    #   (JVM defaults, then Pi flags; about 10 min each; not part of "all")
#   scripts/bench.sh --quick ...     # 100,000 latency events instead of 1,000,000; 2,000 serial-path events
#   BENCH_EVENTS=2000000 BENCH_WARMUP=200000 BENCH_RUNS=5 scripts/bench.sh   # sizes
#   SERIAL_EVENTS=10000 SERIAL_WARMUP=500 scripts/bench.sh serial             # sizes of the serial-path bench
#   SERIAL_JVMS=pi scripts/bench.sh serial     # only the Pi flags run (default: "defaults pi")
#
# Exact commands it runs, from the repository root (PI = the launcher's default JVM flags, read from ./jevse):
# (M = the module that holds src/test/java/org/jevse/evse/bench, found by its sources: evse-manager today)
#   mvn -q -o -pl M -am package -Dmaven.test.skip=true             # only for "all" and "cli" (the launcher's jar)
#   mvn -q -o -pl M -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
#       -Dmdep.outputFile=M/target/bench-classpath.txt             # in the reactor: siblings are their target/classes
#   CP=M/target/test-classes:M/target/classes:$(cat M/target/bench-classpath.txt)
#     (copied to a temporary directory first, so a concurrent rebuild cannot pull classes from under a running bench)
#   Nothing is installed into ~/.m2 (other builds share it).
#   java $PI -cp $CP org.jevse.evse.bench.LatencyBench --events 1000000 --warmup 200000
#   java $PI -cp $CP org.jevse.evse.bench.LatencyBench --events 1000000 --warmup 200000 --gc-pressure 50
#   java     -cp $CP org.jevse.evse.bench.LatencyBench --events 1000000 --warmup 200000
#   java $PI -cp $CP org.jevse.evse.bench.ThreeHourSessionBench --runs 5 --warmup 1
#   java     -cp $CP org.jevse.evse.bench.ThreeHourSessionBench --runs 5 --warmup 1
#   java     -cp $CP org.jevse.evse.bench.SerialPathLatencyBench --events 10000 --warmup 500   # needs socat
#   java $PI -cp $CP org.jevse.evse.bench.SerialPathLatencyBench --events 10000 --warmup 500
#   ./jevse simulate --ev "plugin; auth DEMO-TAG; draw_power_regulated 32,3; sleep 10800; unplug"   # 3 times, timed
# Offline (-o) is tried first; Maven runs online when offline resolution fails.
# The *Bench classes are not JUnit tests: `mvn test` does not run them, and nothing here asserts on time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

what=all
events="${BENCH_EVENTS:-1000000}"
warmup="${BENCH_WARMUP:-200000}"
runs="${BENCH_RUNS:-5}"
serial_events="${SERIAL_EVENTS:-10000}"
serial_warmup="${SERIAL_WARMUP:-500}"
for arg in "$@"; do
  case "$arg" in
    --quick) events=100000; warmup=50000; serial_events=2000; serial_warmup=200 ;;
    all|latency|session|cli|serial) what="$arg" ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "bench.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

mvn_() {
  # Offline first; online only if offline resolution fails. Maven's output is shown only when it fails.
  local log
  log="$(mktemp)"
  if mvn -B -q -o "$@" >"$log" 2>&1; then rm -f "$log"; return 0; fi
  echo "bench.sh: offline Maven failed, retrying online: mvn -q $*" >&2
  if mvn -B -q "$@" >"$log" 2>&1; then rm -f "$log"; return 0; fi
  cat "$log" >&2
  rm -f "$log"
  return 1
}

# The launcher's recommended (Raspberry Pi) JVM flags, so the benchmark uses exactly what ./jevse uses.
pi_flags="$(sed -n 's/^opts="\${JEVSE_JAVA_OPTS:\{0,1\}-\(.*\)}"$/\1/p' jevse)"
if [ -z "$pi_flags" ]; then
  pi_flags="-XX:+UseSerialGC -Xmx64m -Xss512k -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError"
  echo "bench.sh: could not read the flags from ./jevse; using: $pi_flags" >&2
fi

# ---- build (in the reactor, into target/ only: nothing is installed into ~/.m2, which other builds share)
# The module that holds the harnesses is found by its sources, so this still works if the module moves.
bench_src="$(find . -path ./.git -prune -o -path '*/target' -prune -o \
  -path '*/src/test/java/org/jevse/evse/bench/LatencyBench.java' -print | head -1)"
if [ -z "$bench_src" ]; then echo "bench.sh: LatencyBench.java not found under $root" >&2; exit 2; fi
module="${bench_src#./}"; module="${module%%/src/test/java/*}"
cpfile="$root/$module/target/bench-classpath.txt"
if [ "$what" = all ] || [ "$what" = cli ]; then
  echo "== building: mvn -q -o -pl $module -am package -Dmaven.test.skip=true (for the launcher's jar)"
  mvn_ -pl "$module" -am package -Dmaven.test.skip=true
fi
# Sibling modules resolve to their target/classes within the reactor, so the classpath is this tree's code.
echo "== building: mvn -q -o -pl $module -am test-compile dependency:build-classpath"
mvn_ -pl "$module" -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile"
bench_classes="$module/target/test-classes"
# Run from a private copy of the classes and jars: other builds may rewrite target/ or ~/.m2 while a benchmark
# runs, which would break class loading mid-run.
snap="$(mktemp -d)"
trap 'rm -rf "$snap"' EXIT
mkdir -p "$snap/lib"
cp -r "$bench_classes" "$snap/bench-classes"
cp -r "$module/target/classes" "$snap/classes"
CP="$snap/bench-classes:$snap/classes"
IFS=: read -r -a entries <"$cpfile" || true   # the file has no final newline
n=0
for e in "${entries[@]}"; do
  n=$((n + 1))
  cp -r "$e" "$snap/lib/$n-$(basename "$e")"   # a directory for a sibling module's target/classes
  CP="$CP:$snap/lib/$n-$(basename "$e")"
done

echo "== machine: $(nproc) CPUs, $(uname -srm), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== java: $(java -version 2>&1 | head -1)"
echo "== Pi flags (from ./jevse): $pi_flags"
echo

# shellcheck disable=SC2086
if [ "$what" = all ] || [ "$what" = latency ]; then
  echo "######## LatencyBench, Pi flags; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  java $pi_flags -cp "$CP" org.jevse.evse.bench.LatencyBench --events "$events" --warmup "$warmup"
  echo
  echo "######## LatencyBench, Pi flags, with a 50 MB/s background allocation thread (provokes GC); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  java $pi_flags -cp "$CP" org.jevse.evse.bench.LatencyBench --events "$events" --warmup "$warmup" \
    --gc-pressure 50 --alloc-rounds 0
  echo
  echo "######## LatencyBench, JVM defaults (no flags: G1, C2); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -cp "$CP" org.jevse.evse.bench.LatencyBench --events "$events" --warmup "$warmup"
  echo
fi

# shellcheck disable=SC2086
if [ "$what" = all ] || [ "$what" = session ]; then
  echo "######## ThreeHourSessionBench, Pi flags; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  java $pi_flags -cp "$CP" org.jevse.evse.bench.ThreeHourSessionBench --runs "$runs" --warmup 1
  echo
  echo "######## ThreeHourSessionBench, JVM defaults; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -cp "$CP" org.jevse.evse.bench.ThreeHourSessionBench --runs "$runs" --warmup 1
  echo
fi

if [ "$what" = serial ]; then
  if ! command -v socat >/dev/null; then
    echo "bench.sh: socat is not installed: run scripts/install-socat.sh" >&2
    exit 2
  fi
  for jvm in ${SERIAL_JVMS:-defaults pi}; do
    case "$jvm" in
      defaults) flags=""; label="JVM defaults (no flags: G1, C2)" ;;
      pi) flags="$pi_flags"; label="Pi flags" ;;
      *) echo "bench.sh: SERIAL_JVMS takes 'defaults' and 'pi', got '$jvm'" >&2; exit 2 ;;
    esac
    echo "######## SerialPathLatencyBench, $label; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    # shellcheck disable=SC2086
    java $flags -cp "$CP" org.jevse.evse.bench.SerialPathLatencyBench --events "$serial_events" \
      --warmup "$serial_warmup" || echo "bench.sh: SerialPathLatencyBench ($label) failed with status $?"
    echo
  done
fi

if [ "$what" = all ] || [ "$what" = cli ]; then
  script="plugin; auth DEMO-TAG; draw_power_regulated 32,3; sleep 10800; unplug"
  echo "######## ./jevse simulate --ev \"$script\" (cold JVM, Pi flags, output to a file), 3 runs"
  out="$snap/simulate.log"
  mkdir -p "$snap/app/evse-manager/target"
  cp jevse "$snap/app/jevse"
  cp "$module/target/jevse.jar" "$snap/app/evse-manager/target/jevse.jar"
  for i in 1 2 3; do
    t0=$(date +%s%N)
    "$snap/app/jevse" simulate --ev "$script" >"$out" 2>&1
    t1=$(date +%s%N)
    printf 'run %d: %6d ms wall   %s\n' "$i" "$(( (t1 - t0) / 1000000 ))" "$(grep -m1 'session .* finished:' "$out" | sed 's/^ *//')"
  done
fi
