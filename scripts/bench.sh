#!/usr/bin/env bash
# Runs jevse's performance harnesses and prints their tables (see docs/benchmarks.md).
#
# Usage (from anywhere):
#   scripts/bench.sh                 # everything: latency, 3 h session, CLI cold start
#   scripts/bench.sh latency         # LatencyBench only (Pi flags, Pi flags + GC pressure, JVM defaults)
#   scripts/bench.sh session         # ThreeHourSessionBench only (Pi flags, JVM defaults)
#   scripts/bench.sh cli             # `./jevse simulate` of the 3 h session, timed end to end (cold JVM)
#   scripts/bench.sh journal         # JournalBench: the OCPP transaction queue, 10,000 queued (BENCH_QUEUED=N,
#                                    #   BENCH_JOURNAL_SYNC=step for ocpp.journal_sync: step; default batch)
#   scripts/bench.sh serial          # SerialPathLatencyBench: MCU emulator <-> socat pty <-> SerialBoard <-> Charger
#                                    #   (JVM defaults, then Pi flags; about 10 min each; not part of "all")
#   scripts/bench.sh api             # ApiLoadBench: ./jevse run (OCPP, energy leaf, HTTP API) under 50 event streams and
#                                    #   200 status requests/s; RSS API off vs on; LatencyBench alone and during the load
#                                    #   (about 4 min; not part of "all"; BENCH_API_SECONDS=N shortens the 60 s load)
#   scripts/bench.sh --quick ...     # 100,000 latency events instead of 1,000,000; 2,000 serial-path events
#   BENCH_EVENTS=2000000 BENCH_WARMUP=200000 BENCH_RUNS=5 scripts/bench.sh   # sizes
#   SERIAL_EVENTS=10000 SERIAL_WARMUP=500 scripts/bench.sh serial             # sizes of the serial-path bench
#   SERIAL_JVMS=pi scripts/bench.sh serial     # only the Pi flags run (default: "defaults pi")
#
# Exact commands it runs, from the repository root (PI = the launcher's default JVM flags, read from ./jevse):
#   mvn -q -o install -Dmaven.test.skip=true                        # only if the jar is missing or older than a source
#   mvn -q -o -pl evse-manager/app test-compile                         # compiles the *Bench classes (src/test)
#   mvn -q -o -pl evse-manager/app dependency:build-classpath -Dmdep.includeScope=test \
#       -Dmdep.outputFile=evse-manager/app/target/bench-classpath.txt
#   CP=evse-manager/app/target/test-classes:evse-manager/app/target/classes:$(cat evse-manager/app/target/bench-classpath.txt)
#     (copied to a temporary directory first, so a concurrent rebuild cannot pull classes from under a running bench)
#   java $PI -cp $CP org.jevse.evse.bench.LatencyBench --events 1000000 --warmup 200000
#   java $PI -cp $CP org.jevse.evse.bench.LatencyBench --events 1000000 --warmup 200000 --gc-pressure 50
#   java     -cp $CP org.jevse.evse.bench.LatencyBench --events 1000000 --warmup 200000
#   java $PI -cp $CP org.jevse.evse.bench.ThreeHourSessionBench --runs 5 --warmup 1
#   java     -cp $CP org.jevse.evse.bench.ThreeHourSessionBench --runs 5 --warmup 1
#   ./jevse simulate --ev "plugin; auth DEMO-TAG; draw_power_regulated 32,3; sleep 10800; unplug"   # 3 times, timed
# "api" instead (never install): mvn -q -o -pl evse-manager/app -am package -DskipTests (only if the jar is stale),
#   javac -d $TMP hil-tests/src/test/java/org/jevse/hil/{ApiLoadBench,JarProcess,RssSampler}.java, then from hil-tests/:
#   java -cp $TMP org.jevse.hil.ApiLoadBench --seconds 60 --api off; LatencyBench (Pi flags, jevse.jar + test-classes);
#   java -cp $TMP org.jevse.hil.ApiLoadBench --seconds 60 --api on, with LatencyBench started once its load runs.
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
    all|latency|session|cli|journal|serial|api) what="$arg" ;;
    -h|--help) sed -n '2,31p' "$0"; exit 0 ;;
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
  pi_flags="-XX:+UseSerialGC -Xms16m -Xmx64m -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -Xss512k -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError"
  echo "bench.sh: could not read the flags from ./jevse; using: $pi_flags" >&2
fi

# ---- the OCPP transaction queue (ocpp-client only; not part of "all": about 3 min of fsyncs)
if [ "$what" = journal ]; then
  mvn_ -pl ocpp-client -am test-compile
  mvn_ -pl ocpp-client dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/ocpp-client/target/bench-classpath.txt"
  CP="ocpp-client/target/test-classes:ocpp-client/target/classes:$(cat ocpp-client/target/bench-classpath.txt)"
  echo "== machine: $(nproc) CPUs, $(uname -srm), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  # readings per step, connectors stepping concurrently
  for run in "1 1" "10 1" "1 4" "10 4"; do
    # shellcheck disable=SC2086
    java $pi_flags -cp "$CP" org.jevse.ocpp.store.JournalBench "${BENCH_QUEUED:-10000}" ocpp-client/target $run \
      "${BENCH_JOURNAL_SYNC:-batch}"
    echo
  done
  exit 0
fi

# ---- the HTTP API under load (not part of "all"): see docs/benchmarks.md, "ApiLoadBench"
# Builds only what it needs with `package` (never `install`), runs a private copy of the jar, the launcher, the
# LatencyBench classes and the harness, so a concurrent rebuild cannot pull them from under a run.
if [ "$what" = api ]; then
  api_seconds="${BENCH_API_SECONDS:-60}"
  jar=evse-manager/app/target/jevse.jar
  if [ ! -f "$jar" ] || [ ! -f evse-manager/app/target/test-classes/org/jevse/evse/bench/LatencyBench.class ] \
    || [ -n "$(find pom.xml */pom.xml */*/pom.xml */src/main */*/src/main -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
    echo "== building: mvn -q -o -pl evse-manager/app -am package -DskipTests"
    mvn_ -pl evse-manager/app -am package -DskipTests
  fi
  snap="$(mktemp -d)"
  trap 'rm -rf "$snap"' EXIT
  mkdir -p "$snap/app/evse-manager/app/target" "$snap/app/hil-tests" "$snap/load-classes"
  cp jevse "$snap/app/jevse"
  cp "$jar" "$snap/app/evse-manager/app/target/jevse.jar"
  cp -r evse-manager/app/target/test-classes "$snap/bench-classes"
  ln -s "$root/ocpp-client" "$snap/app/ocpp-client"   # csms.js and its node_modules (scripts/ensure-tools.sh test)
  javac --release 17 -d "$snap/load-classes" hil-tests/src/test/java/org/jevse/hil/{ApiLoadBench,JarProcess,RssSampler}.java
  LCP="$snap/bench-classes:$snap/app/evse-manager/app/target/jevse.jar"
  load() { (cd "$snap/app/hil-tests" && java -cp "$snap/load-classes" org.jevse.hil.ApiLoadBench --seconds "$api_seconds" "$@"); }
  latency() {
    # shellcheck disable=SC2086
    java $pi_flags -cp "$LCP" org.jevse.evse.bench.LatencyBench --events "$events" --warmup "$warmup"
  }
  echo "== machine: $(nproc) CPUs, $(uname -srm), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== java: $(java -version 2>&1 | head -1)"
  echo "== Pi flags (from ./jevse), for ./jevse run and LatencyBench: $pi_flags"
  echo
  echo "######## ./jevse run, OCPP + energy leaf, API off, charging for ${api_seconds} s; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  load --api off
  echo
  echo "######## LatencyBench, Pi flags, alone; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  latency
  echo
  echo "######## ./jevse run, OCPP + energy leaf + API, 50 event streams + 200 GET /api/v1/status per s for ${api_seconds} s,"
  echo "######## and LatencyBench (Pi flags) in another JVM during the load; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  load --api on >"$snap/load.out" 2>&1 &
  load_pid=$!
  for _ in $(seq 1 1200); do
    grep -q '^== load running' "$snap/load.out" 2>/dev/null && break
    kill -0 "$load_pid" 2>/dev/null || break
    sleep 0.1
  done
  t0=$(date +%s%N)
  latency
  echo "(LatencyBench took $(( ($(date +%s%N) - t0) / 1000000 )) ms from the start of the load; the load lasts ${api_seconds} s)"
  echo
  wait "$load_pid" || echo "bench.sh: ApiLoadBench failed with status $?"
  cat "$snap/load.out"
  exit 0
fi

# ---- build if needed
jar=evse-manager/app/target/jevse.jar
if [ ! -f "$jar" ] || [ ! -d "$HOME/.m2/repository/org/jevse/jevse-evse-core" ] \
  || [ -n "$(find pom.xml */pom.xml */*/pom.xml */src/main */*/src/main -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  echo "== building: mvn -q -o install -Dmaven.test.skip=true"
  mvn_ install -Dmaven.test.skip=true
fi
bench_classes=evse-manager/app/target/test-classes
if ! mvn_ -pl evse-manager/app test-compile; then
  # Another test in the module may be mid-edit; the benches need only the main classes.
  echo "bench.sh: test-compile failed; compiling only the bench sources with javac" >&2
  bench_classes=evse-manager/app/target/bench-classes
  mkdir -p "$bench_classes"
  mvn_ -pl evse-manager/app dependency:build-classpath -Dmdep.includeScope=compile \
    -Dmdep.outputFile="$root/evse-manager/app/target/bench-classpath-main.txt"
  javac --release 17 -d "$bench_classes" \
    -cp "evse-manager/app/target/classes:$(cat evse-manager/app/target/bench-classpath-main.txt)" \
    evse-manager/app/src/test/java/org/jevse/evse/bench/*.java
fi
cpfile="$root/evse-manager/app/target/bench-classpath.txt"
if [ ! -s "$cpfile" ] || [ evse-manager/app/pom.xml -nt "$cpfile" ] || [ pom.xml -nt "$cpfile" ]; then
  # Maven resolves a relative outputFile against the module, hence the absolute path.
  mvn_ -pl evse-manager/app dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile"
fi
# Run from a private copy of the classes and jars: other builds (mvn install in this tree or another) may rewrite
# target/classes or the snapshot jars in ~/.m2 while a benchmark runs, which would break class loading mid-run.
snap="$(mktemp -d)"
trap 'rm -rf "$snap"' EXIT
mkdir -p "$snap/lib"
cp -r "$bench_classes" "$snap/bench-classes"
cp -r evse-manager/app/target/classes "$snap/classes"
CP="$snap/bench-classes:$snap/classes"
IFS=: read -r -a jars <"$cpfile" || true   # the file has no final newline
for j in "${jars[@]}"; do
  cp "$j" "$snap/lib/"
  CP="$CP:$snap/lib/$(basename "$j")"
done

echo "== machine: $(nproc) CPUs, $(uname -srm), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== java: $(java -version 2>&1 | head -1)"
echo "== Pi flags (from ./jevse): $pi_flags"
echo

# shellcheck disable=SC2086
if [ "$what" = all ] || [ "$what" = latency ]; then
  echo "######## LatencyBench, Pi flags"
  java $pi_flags -cp "$CP" org.jevse.evse.bench.LatencyBench --events "$events" --warmup "$warmup"
  echo
  echo "######## LatencyBench, Pi flags, with a 50 MB/s background allocation thread (provokes GC)"
  java $pi_flags -cp "$CP" org.jevse.evse.bench.LatencyBench --events "$events" --warmup "$warmup" \
    --gc-pressure 50 --alloc-rounds 0
  echo
  echo "######## LatencyBench, JVM defaults (no flags: G1, C2)"
  java -cp "$CP" org.jevse.evse.bench.LatencyBench --events "$events" --warmup "$warmup"
  echo
fi

# shellcheck disable=SC2086
if [ "$what" = all ] || [ "$what" = session ]; then
  echo "######## ThreeHourSessionBench, Pi flags"
  java $pi_flags -cp "$CP" org.jevse.evse.bench.ThreeHourSessionBench --runs "$runs" --warmup 1
  echo
  echo "######## ThreeHourSessionBench, JVM defaults"
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
  mkdir -p "$snap/app/evse-manager/app/target"
  cp jevse "$snap/app/jevse"
  cp "$jar" "$snap/app/evse-manager/app/target/jevse.jar"
  for i in 1 2 3; do
    t0=$(date +%s%N)
    "$snap/app/jevse" simulate --ev "$script" >"$out" 2>&1
    t1=$(date +%s%N)
    printf 'run %d: %6d ms wall   %s\n' "$i" "$(( (t1 - t0) / 1000000 ))" "$(grep -m1 'session .* finished:' "$out" | sed 's/^ *//')"
  done
fi
