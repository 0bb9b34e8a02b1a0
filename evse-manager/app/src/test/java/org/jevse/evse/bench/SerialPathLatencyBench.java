package org.jevse.evse.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.CpState;
import org.jevse.board.serial.Frame;
import org.jevse.board.serial.JSerialCommLink;
import org.jevse.board.serial.McuEmulator;
import org.jevse.board.serial.Proto;
import org.jevse.board.serial.SerialBoard;
import org.jevse.board.time.EventLoop;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.Charger;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.app.LocalListAuthorization;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.EvseState;
import org.jevse.evse.core.Notification;

/**
 * Latency of the whole serial path on real time, not the core alone: the {@link McuEmulator} (the safety MCU's
 * firmware) on one end of a socat pseudo-terminal pair, the {@link SerialBoard} on the other, and the real
 * {@link Charger} loop with the real core in between. Not a JUnit test (no timed assertions): a {@code main} that
 * prints tables.
 *
 * <p>A sample runs from the emulator writing an event frame to the emulator decoding the ALLOW_POWER(0) command
 * that answers it: the pty, the board's reader thread, the hand-off to the charger loop, the core, the board's
 * write, the pty back and the emulator's reader. Both ends are taken with {@code System.nanoTime()} through the
 * emulator's {@link McuEmulator.FrameTap}. The events are the two that must open the contactor:
 * <ul>
 *   <li>CP C to B: the EV stops asking for power (its S2 opens); it is re-closed by the EV asking again (B to C);</li>
 *   <li>an RCD trip (8 mA DC, every {@code --rcd-every}th event); with {@code rcd_reset: manual} it is re-closed
 *       as the core requires: state F then X1, the EV leaves C, the residual current goes, ResetFaults, PWM, C.</li>
 * </ul>
 * Between samples the contactor is closed again and confirmed by the mirror contact, then the harness waits a
 * random {@code --pace-min-ms..--pace-max-ms}. Keepalives (200 ms), the watchdog feed from the loop and meter
 * readings (1 s) run all the time, as with {@code jevse run} on a serial board. GC is left on.
 *
 * <pre>
 * java -cp ... org.jevse.evse.bench.SerialPathLatencyBench [--events 10000] [--warmup 500] [--rcd-every 20]
 *     [--pace-min-ms 10] [--pace-max-ms 30] [--seed 1]
 * </pre>
 * Needs socat on the PATH (scripts/install-socat.sh).
 */
public final class SerialPathLatencyBench {

    enum Kind { CP_C_TO_B, RCD_TRIP }

    /**
     * The bench's own config: relay feedback 10 ms and EV reaction 50 ms keep a cycle short; both are off-path.
     * The mirror-contact check gets its longest window (2 s): on a loaded machine a feedback frame can come later
     * than the default 250 ms, which the core rightly latches as a welded contactor, and that would end the run.
     */
    static final String CONFIG = """
            evse:
              disable_authentication: true
              rcd_reset: manual
              contactor_feedback_timeout_ms: 2000
            board:
              sim:
                relay_delay_ms: 10
                ev_reaction_ms: 50
                meter_interval_ms: 1000
            """;

    private static final long STEP_TIMEOUT_MS = 5_000;

    /** One measurement in flight: armed by the harness, stamped by the emulator's threads and the charger loop. */
    private static final class Probe implements McuEmulator.FrameTap, ChargerListener {
        volatile Kind armed;
        volatile long written;
        volatile long inLoop;
        volatile long answered;
        volatile EvseState state;
        volatile long relayOpened;
        volatile long relayClosed;
        volatile long cpB;
        /** Errors the core raised during the run (code: detail), in order; written on the charger loop. */
        final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

        void arm(Kind kind) {
            written = 0;
            inLoop = 0;
            answered = 0;
            armed = kind;
        }

        @Override
        public void sending(int type, byte[] data, long nanoTime) {
            Kind k = armed;
            if (k != null && written == 0 && (k == Kind.CP_C_TO_B
                    ? type == Proto.EVT_CP && (data[0] & 0xFF) == Proto.cpCode(CpState.B)
                    : type == Proto.EVT_RCD_TRIP)) {
                written = nanoTime;
            }
        }

        @Override
        public void received(Frame command, long nanoTime) {
            if (armed != null && written != 0 && answered == 0 && command.type() == Proto.CMD_ALLOW_POWER
                    && command.u8(0) == 0) {
                answered = nanoTime;
                armed = null;
            }
        }

        @Override
        public void onBoardEvent(long tMs, BoardEvent event) {
            Kind k = armed;
            if (k != null && inLoop == 0 && (k == Kind.CP_C_TO_B
                    ? event instanceof BoardEvent.CpChanged c && c.state() == CpState.B
                    : event instanceof BoardEvent.RcdTripped)) {
                inLoop = System.nanoTime();
            }
            if (event instanceof BoardEvent.RelayFeedback r) {
                if (r.closed()) {
                    relayClosed++;
                } else {
                    relayOpened++;
                }
            } else if (event instanceof BoardEvent.CpChanged c && c.state() == CpState.B) {
                cpB++;
            }
        }

        @Override
        public void onNotification(long tMs, Notification n) {
            if (n instanceof Notification.StateChanged s) {
                state = s.state();
            } else if (n instanceof Notification.ErrorChanged e && e.active()) {
                errors.add(e.error().code() + ": " + e.error().detail());
            }
        }
    }

    private final int events;
    private final int warmup;
    private final int rcdEvery;
    private final int paceMinMs;
    private final int paceMaxMs;
    private final SplittableRandom random;
    private final Probe probe = new Probe();
    private McuEmulator mcu;
    private Charger charger;
    private EventLoop loop;
    private int recoveries;

    private SerialPathLatencyBench(int events, int warmup, int rcdEvery, int paceMinMs, int paceMaxMs, long seed) {
        this.events = events;
        this.warmup = warmup;
        this.rcdEvery = rcdEvery;
        this.paceMinMs = paceMinMs;
        this.paceMaxMs = paceMaxMs;
        this.random = new SplittableRandom(seed);
    }

    public static void main(String[] args) throws Exception {
        int events = 10_000;
        int warmup = 500;
        int rcdEvery = 20;
        int paceMin = 10;
        int paceMax = 30;
        long seed = 1;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                usage("missing value after " + args[i]);
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--events" -> events = positive(args[i], v);
                case "--warmup" -> warmup = positive(args[i], v);
                case "--rcd-every" -> rcdEvery = positive(args[i], v);
                case "--pace-min-ms" -> paceMin = positive(args[i], v);
                case "--pace-max-ms" -> paceMax = positive(args[i], v);
                case "--seed" -> seed = Long.parseLong(v);
                default -> usage("unknown option " + args[i]);
            }
        }
        if (paceMax < paceMin) {
            usage("--pace-max-ms must be at least --pace-min-ms");
        }
        new SerialPathLatencyBench(events, warmup, rcdEvery, paceMin, paceMax, seed).run();
        System.exit(0); // the board's and the emulator's threads are daemons, but jSerialComm may hold the JVM
    }

    private static int positive(String key, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usage(key + " needs a whole number >= 0, got '" + v + "'");
        return 0;
    }

    private static void usage(String problem) {
        System.err.println("SerialPathLatencyBench: " + problem + "; options: --events N --warmup N --rcd-every N "
                + "--pace-min-ms N --pace-max-ms N --seed N");
        System.exit(2);
    }

    private void run() throws Exception {
        Path socat = socat();
        Path dir = Files.createTempDirectory("jevse-serial-bench");
        Path a = dir.resolve("ttyA");
        Path b = dir.resolve("ttyB");
        Process pty = new ProcessBuilder(socat.toString(), "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await("socat to create " + a + " and " + b, () -> Files.exists(a) && Files.exists(b) || !pty.isAlive(),
                    () -> "");
            if (!pty.isAlive()) {
                throw new IllegalStateException("socat exited with " + pty.exitValue());
            }
            JevseConfig cfg = ConfigLoader.parse(CONFIG, "SerialPathLatencyBench");
            try (McuEmulator m = new McuEmulator(JSerialCommLink.open(b.toString(), 115200), cfg.board().sim(), 230,
                    1000).start();
                 SerialBoard board = SerialBoard.open(JSerialCommLink.open(a.toString(), 115200),
                         SerialBoard.Options.DEFAULT)) {
                mcu = m;
                measure(cfg, board);
            }
        } finally {
            pty.destroy();
            if (!pty.waitFor(2, TimeUnit.SECONDS)) {
                pty.destroyForcibly();
            }
            Files.deleteIfExists(a);
            Files.deleteIfExists(b);
            Files.deleteIfExists(dir);
        }
    }

    private void measure(JevseConfig cfg, SerialBoard board) throws InterruptedException {
        loop = EventLoop.realtime();
        charger = new Charger(cfg, board, board.capabilities().maxPhases(), loop, new SplittableRandom(1),
                new LocalListAuthorization(List.of()));
        charger.addListener(probe);
        mcu.tap(probe);
        charger.start();
        feedWatchdog(board); // as `jevse run` does: keepalives only while the charger loop runs
        Thread loopThread = new Thread(() -> loop.run(() -> Thread.currentThread().isInterrupted()), "charger-loop");
        loopThread.start();
        try {
            mcu.onLoop(bd -> bd.ev().plugin());
            await("PWM after the plug-in self-test", () -> mcu.pilotMode() == Proto.PILOT_PWM, this::where);
            closeByEv();

            int[] total = new int[events];
            int[] toLoop = new int[events];
            int[] cpTotal = new int[events];
            int[] rcdTotal = new int[events];
            int cpN = 0;
            int rcdN = 0;
            for (int i = 0; i < warmup; i++) {
                sample(kindOf(i));
            }
            String loadBefore = loadAverage();
            long gcCount0 = gcCount();
            long gcMs0 = gcMs();
            long t0 = System.nanoTime();
            int n = 0;
            String stopped = null;
            for (; n < events; n++) {
                Kind kind = kindOf(warmup + n);
                try {
                    sample(kind);
                } catch (IllegalStateException e) {
                    stopped = e.getMessage(); // a fault the harness cannot clear: report what was measured
                    break;
                }
                total[n] = (int) Math.min(Integer.MAX_VALUE, probe.answered - probe.written);
                toLoop[n] = (int) Math.min(Integer.MAX_VALUE, probe.inLoop - probe.written);
                if (kind == Kind.CP_C_TO_B) {
                    cpTotal[cpN++] = total[n];
                } else {
                    rcdTotal[rcdN++] = total[n];
                }
            }
            double wallS = (System.nanoTime() - t0) / 1e9;
            report(n, total, toLoop, cpTotal, cpN, rcdTotal, rcdN, wallS, loadBefore, gcCount() - gcCount0,
                    gcMs() - gcMs0, board);
            if (stopped != null) {
                System.out.println("STOPPED EARLY after " + n + " of " + events + " events: " + stopped);
            }
        } finally {
            loopThread.interrupt();
            loopThread.join(2000);
        }
    }

    private Kind kindOf(int i) {
        return rcdEvery > 0 && i % rcdEvery == rcdEvery - 1 ? Kind.RCD_TRIP : Kind.CP_C_TO_B;
    }

    /** One event that must open the contactor, timed; then the contactor closed again, then a pause. */
    private void sample(Kind kind) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextInt(paceMinMs, paceMaxMs + 1)));
        long opened = probe.relayOpened;
        long cpB = probe.cpB;
        probe.arm(kind);
        if (kind == Kind.CP_C_TO_B) {
            mcu.onLoop(bd -> bd.ev().pause()); // S2 opens: C to B
        } else {
            mcu.onLoop(bd -> bd.rcdCurrent(8)); // 8 mA DC: the RCD-DD trips (6 mA DC)
        }
        await(kind + " answered by ALLOW_POWER(0)", () -> probe.answered != 0, this::where);
        await("relay feedback (open) in the charger", () -> probe.relayOpened > opened, this::where);
        if (kind == Kind.CP_C_TO_B) {
            closeByEv();
        } else {
            // IEC 61851-1: state F, then X1; the EV leaves C; a manual reset re-arms the RCD.
            await("the EV leaving C after the trip", () -> probe.cpB > cpB, this::where);
            mcu.onLoop(bd -> bd.rcdCurrent(0));
            long closed = probe.relayClosed;
            charger.control(new ControlEvent.ResetFaults());
            // The reset reaches the loop asynchronously; a fault still active after 1 s is handled below.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (probe.state == EvseState.Faulted && System.nanoTime() < until) {
                LockSupport.parkNanos(200_000);
            }
            awaitCharging("Charging after ResetFaults", closed);
        }
    }

    /** The EV asks for power (B to C); waits for the confirmed contactor and the Charging state. */
    private void closeByEv() {
        long closed = probe.relayClosed;
        mcu.onLoop(bd -> bd.ev().drawPowerRegulated(32, 3));
        awaitCharging("Charging with the contactor closed", closed);
    }

    /**
     * Waits for Charging with a newly confirmed contactor. When the core raises a fault instead (on a loaded
     * machine, e.g. the mirror contact's feedback arriving after contactor_feedback_timeout_ms), the fault is
     * counted and reported, and the EV is unplugged, the faults reset and the EV plugged in again.
     */
    private void awaitCharging(String what, long closedBefore) {
        await(what, () -> probe.relayClosed > closedBefore && probe.state == EvseState.Charging
                || probe.state == EvseState.Faulted, this::where);
        if (probe.state != EvseState.Faulted) {
            return;
        }
        recoveries++;
        mcu.onLoop(bd -> {
            bd.rcdCurrent(0);
            bd.ev().unplug();
        });
        await("the faults cleared after unplug and ResetFaults", () -> {
            charger.control(new ControlEvent.ResetFaults());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            return probe.state != EvseState.Faulted;
        }, this::where);
        mcu.onLoop(bd -> bd.ev().plugin());
        await("PWM after the plug-in self-test", () -> mcu.pilotMode() == Proto.PILOT_PWM, this::where);
        long closed = probe.relayClosed;
        mcu.onLoop(bd -> bd.ev().drawPowerRegulated(32, 3));
        await(what + " after a recovery", () -> probe.relayClosed > closed && probe.state == EvseState.Charging,
                this::where);
    }

    private String where() {
        return "state " + probe.state + ", errors other than the RCD trips " + probe.errors.stream()
                .filter(e -> !e.startsWith("MREC2GroundFailure")).toList() + ", MCU pilot " + mcu.pilotMode() + ", MCU power " + mcu.powerAllowed()
                + ", relay open/closed " + probe.relayOpened + "/" + probe.relayClosed;
    }

    private static void await(String what, BooleanSupplier done, Supplier<String> where) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_TIMEOUT_MS);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " within " + STEP_TIMEOUT_MS + " ms: " + where.get());
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private void feedWatchdog(SerialBoard board) {
        board.feedWatchdog();
        loop.schedule(Math.max(10, board.mcuKeepaliveTimeoutMs() / 5), () -> feedWatchdog(board));
    }

    private void report(int n, int[] total, int[] toLoop, int[] cp, int cpN, int[] rcd, int rcdN, double wallS,
                        String loadBefore, long gcCount, long gcMs, SerialBoard board) {
        Table.header("SerialPathLatencyBench: MCU emulator event frame -> pty -> SerialBoard -> Charger loop -> core"
                + " -> ALLOW_POWER(0) frame back at the MCU emulator");
        System.out.println(BenchEnv.describe());
        System.out.printf(Locale.ROOT, "measured: %,d events after %,d warm-up events, %.1f s wall (%.1f ms per "
                + "cycle, pacing %d..%d ms), RCD trip every %d%n", n, warmup, wallS, wallS * 1000 / Math.max(1, n),
                paceMinMs, paceMaxMs, rcdEvery);
        System.out.println("load average: before " + loadBefore + ", after " + loadAverage());
        System.out.println();
        System.out.println("Latency: nanoTime() as the emulator writes the event frame -> nanoTime() as the emulator"
                + " decodes ALLOW_POWER(0) (us)");
        Table t = new Table();
        t.row("CP C->B -> ALLOW_POWER(0)", cp, cpN);
        t.row("RCD trip -> ALLOW_POWER(0)", rcd, rcdN);
        t.separator();
        t.row("overall", total.clone(), n);
        t.print();
        System.out.println();
        System.out.println("Part of it: event frame written -> the event reaches the charger loop (pty, reader"
                + " thread, hand-off) (us)");
        Table p = new Table();
        p.row("event -> charger loop", toLoop, n);
        p.print();
        System.out.println();
        System.out.printf(Locale.ROOT, "GC during the measurement: %d collections, %d ms in all%n", gcCount, gcMs);
        // The RCD trips are the harness's own; anything else is a fault the core raised on its own during the run.
        List<String> other = probe.errors.stream().filter(e -> !e.startsWith("MREC2GroundFailure")).toList();
        System.out.println("RCD trips raised by the core: " + (probe.errors.size() - other.size()));
        System.out.println("faults raised by the core other than the injected RCD trips: " + other.size()
                + (other.isEmpty() ? "" : " " + other) + "; recoveries (unplug, ResetFaults, plug-in): " + recoveries);
        System.out.println("serial board: NACKs " + board.nacks() + ", bad events " + board.badEvents()
                + ", link losses " + board.linkLosses() + ", MCU safe-state entries " + mcu.safeStateEntries()
                + "; decoder board " + board.decoder() + "; decoder MCU " + mcu.decoder());
        System.out.println("pass criterion of the field: IEC 61851-1 allows 100 ms from C->B (or a fault) to the "
                + "contactor opening; this harness's goal is p99.9 <= 5 ms");
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMs() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static Path socat() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d, "socat");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        System.err.println("SerialPathLatencyBench: socat is not installed: run scripts/install-socat.sh");
        System.exit(2);
        return null;
    }
}
