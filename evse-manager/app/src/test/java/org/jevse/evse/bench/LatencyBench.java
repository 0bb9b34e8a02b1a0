package org.jevse.evse.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.ConnectorType;
import org.jevse.board.port.CpState;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.port.PerPhase;
import org.jevse.board.port.PilotMode;
import org.jevse.board.port.PowermeterValues;
import org.jevse.board.port.RcdFault;
import org.jevse.board.time.VirtualTimeSource;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.jevse.config.SimBoardConfig;
import org.jevse.config.SimConnector;
import org.jevse.evse.core.ChargerCore;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.CoreOutput;
import org.jevse.evse.core.EvseState;
import org.jevse.evse.core.LimitSource;
import org.jevse.evse.core.Notification;
import org.jevse.evse.core.PilotPwm;

/**
 * Latency of the real {@link ChargerCore}: from a board (or control) event going in to the safety-relevant board
 * command coming out through {@link CoreOutput#command}. Not a JUnit test (no timed assertions anywhere): a
 * {@code main} that prints tables.
 *
 * <p>The core runs on a {@link VirtualTimeSource}, on this one thread, through a realistic cycle that is repeated
 * until enough samples are taken: an authorized session (free vend), CP B to C (power on), C to B (power off),
 * limit changes (new PWM duty), RCD trips under {@code rcd_reset: manual} followed by ResetFaults, unplug and
 * plug-in with the RCD self-test, powermeter readings every second of virtual time and the 1 s heartbeat tick plus
 * the core's own deadlines, as {@code Charger} does. Virtual time advances between events so every timer behaves
 * as on a charger. Event objects are allocated per event, as a board does; GC runs normally.
 *
 * <p>Each sample is {@code System.nanoTime()} at the moment the expected command reaches the {@link CoreOutput}
 * minus {@code System.nanoTime()} just before the core is called. The whole call duration is kept as well.
 *
 * <pre>
 * java -cp ... org.jevse.evse.bench.LatencyBench [--events 1000000] [--warmup 200000] [--gc-pressure MB/s]
 *     [--alloc-rounds 20000] [--seed 1]
 * </pre>
 */
public final class LatencyBench {

    /** What an event is, for the tables. */
    enum Kind {
        POWER_ON("B->C power on", Role.PRIMARY),
        POWER_OFF("C->B power off", Role.PRIMARY),
        RCD_TRIP("RCD trip -> power off", Role.PRIMARY),
        LIMIT("limit change -> PWM", Role.PRIMARY),
        RESET("ResetFaults -> PWM", Role.EXTRA),
        PLUG_IN("plug-in A->B -> self-test", Role.EXTRA),
        SELF_TEST("self-test passed -> PWM", Role.EXTRA),
        UNPLUG("unplug B->A -> pilot X1", Role.EXTRA),
        METER("meter reading (no command)", Role.CALL_ONLY),
        FEEDBACK("relay feedback (no command)", Role.ALLOC_ONLY),
        CP_FAULTED("C->B while Faulted", Role.ALLOC_ONLY),
        TICK("tick()", Role.ALLOC_ONLY),
        DEADLINE("nextDeadlineMs()", Role.ALLOC_ONLY);

        final String label;
        final Role role;

        Kind(String label, Role role) {
            this.label = label;
            this.role = role;
        }
    }

    enum Role { PRIMARY, EXTRA, CALL_ONLY, ALLOC_ONLY }

    /** The command whose arrival ends a sample. */
    enum Expect { NONE, POWER_ON, POWER_OFF, PWM, X1, SELF_TEST }

    /** Samples in nanoseconds, in preallocated int arrays (an int holds 2.1 s). */
    static final class Samples {
        int[] latency;
        int[] call;
        int n;

        Samples(int capacity) {
            latency = new int[Math.max(16, capacity)];
            call = new int[Math.max(16, capacity)];
        }

        void add(long latencyNs, long callNs) {
            if (n == latency.length) {
                latency = Arrays.copyOf(latency, n + n / 2);
                call = Arrays.copyOf(call, n + n / 2);
            }
            latency[n] = (int) Math.min(Integer.MAX_VALUE, latencyNs);
            call[n] = (int) Math.min(Integer.MAX_VALUE, callNs);
            n++;
        }
    }

    /** The core's output: notes when the expected command arrives, and what the board would now be doing. */
    static final class Out implements CoreOutput {
        final VirtualTimeSource clock;
        Expect expect = Expect.NONE;
        long seenAtNs;
        long commands;
        long notifications;
        long lastPilotChangeMs;
        double offeredA;
        boolean relayCommanded;
        long sessionsFinished;
        double lastSessionWh;

        Out(VirtualTimeSource clock) {
            this.clock = clock;
        }

        @Override
        public void command(BoardCommand command) {
            if (seenAtNs == 0 && matches(command)) {
                seenAtNs = System.nanoTime();
            }
            commands++;
            if (command instanceof BoardCommand.SetPilot p) {
                lastPilotChangeMs = clock.monotonicMs();
                offeredA = p.mode() == PilotMode.PWM ? PilotPwm.currentForDuty(p.dutyPercent()) : 0;
            } else if (command instanceof BoardCommand.AllowPower a) {
                relayCommanded = a.on();
            }
        }

        private boolean matches(BoardCommand c) {
            return switch (expect) {
                case NONE -> false;
                case POWER_ON -> c instanceof BoardCommand.AllowPower a && a.on();
                case POWER_OFF -> c instanceof BoardCommand.AllowPower a && !a.on();
                case PWM -> c instanceof BoardCommand.SetPilot p && p.mode() == PilotMode.PWM;
                case X1 -> c instanceof BoardCommand.SetPilot p && p.mode() == PilotMode.X1;
                case SELF_TEST -> c instanceof BoardCommand.RcdSelfTest;
            };
        }

        @Override
        public void notify(Notification n) {
            notifications++;
            if (n instanceof Notification.SessionFinished f) {
                sessionsFinished++;
                lastSessionWh = f.energyWh();
            }
        }
    }

    // ------------------------------------------------------------------ the rig

    static final long METER_INTERVAL_MS = 1000;
    static final long HEARTBEAT_MS = 1000;
    static final long RELAY_DELAY_MS = 30;
    static final double VOLTS = 230;

    private final JevseConfig cfg;
    private final VirtualTimeSource clock = new VirtualTimeSource(1_700_000_000_000L);
    private final ChargerCore core;
    private final Out out;
    private final SplittableRandom random;
    private final int phases;
    private final Map<Kind, Samples> samples = new EnumMap<>(Kind.class);
    private final long[] allocBytes = new long[Kind.values().length];
    private final long[] allocCalls = new long[Kind.values().length];
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private boolean recording;
    private boolean allocMode;
    private long allocOverhead;
    private long primaryEvents;
    private long allEvents;
    private long meterReadings;
    private long nextHeartbeatMs = HEARTBEAT_MS;
    private long nextMeterMs = METER_INTERVAL_MS;
    private long lastMeterMs;
    private double energyWh;
    private double limitA;
    private boolean relayClosed;
    private long rounds;

    LatencyBench(long seed) {
        this.cfg = ConfigLoader.parse("evse: {disable_authentication: true, rcd_reset: manual}\n", "LatencyBench");
        SimBoardConfig sim = cfg.board().sim();
        boolean cable = sim.connector() == SimConnector.cable;
        // The same capabilities the simulated board reports (SimulatedBoard's constructor).
        HardwareCapabilities caps = new HardwareCapabilities(sim.minCurrentA(), sim.maxCurrentA(),
                sim.phaseSwitching() ? 1 : sim.phases(), sim.phases(), sim.phaseSwitching(), sim.relayFeedback(),
                sim.lock(), sim.rcd(), cable ? ConnectorType.TETHERED_CABLE : ConnectorType.SOCKET,
                cable ? sim.cableRatingA() : 0);
        if (caps.hasLock() || !caps.hasRcd() || !caps.hasRelayFeedback()) {
            throw new IllegalStateException("the rig assumes the default sim board: RCD and relay feedback, no lock");
        }
        this.phases = sim.phases();
        this.random = new SplittableRandom(seed);
        this.out = new Out(clock);
        this.core = new ChargerCore(cfg.evse(), cfg.auth().connectionTimeoutS(), caps, phases, clock,
                new SplittableRandom(seed));
        this.limitA = Math.min(cfg.evse().maxCurrentImportA(), caps.maxCurrentA());
    }

    // ---- driving the core ----

    private void board(BoardEvent e, Kind kind, Expect expect) {
        measure(kind, expect, e, () -> core.onBoardEvent(e, out));
    }

    private void control(ControlEvent e, Kind kind, Expect expect) {
        measure(kind, expect, e, () -> core.onControl(e, out));
    }

    /** Times one core call (or, in allocation mode, counts its bytes) and checks the expected command came. */
    private void measure(Kind kind, Expect expect, Object event, Runnable call) {
        out.expect = expect;
        out.seenAtNs = 0;
        if (allocMode) {
            long a0 = threads.getCurrentThreadAllocatedBytes();
            call.run();
            long a1 = threads.getCurrentThreadAllocatedBytes();
            noteAlloc(kind, a1 - a0);
        } else {
            long t0 = System.nanoTime();
            call.run();
            long t1 = System.nanoTime();
            note(kind, t0, t1);
        }
        check(kind, expect, event);
    }

    private void tick() {
        out.expect = Expect.NONE;
        if (allocMode) {
            long a0 = threads.getCurrentThreadAllocatedBytes();
            core.tick(out);
            long a1 = threads.getCurrentThreadAllocatedBytes();
            noteAlloc(Kind.TICK, a1 - a0);
        } else {
            core.tick(out);
        }
    }

    private long nextDeadline() {
        if (allocMode) {
            long a0 = threads.getCurrentThreadAllocatedBytes();
            long d = core.nextDeadlineMs();
            long a1 = threads.getCurrentThreadAllocatedBytes();
            noteAlloc(Kind.DEADLINE, a1 - a0);
            return d;
        }
        return core.nextDeadlineMs();
    }

    private void note(Kind kind, long t0, long t1) {
        allEvents++;
        if (kind.role == Role.PRIMARY) {
            primaryEvents++;
        }
        if (!recording) {
            return;
        }
        if (kind.role == Role.PRIMARY || kind.role == Role.EXTRA) {
            samples.get(kind).add(out.seenAtNs - t0, t1 - t0);
        } else if (kind.role == Role.CALL_ONLY && (meterReadings & 3) == 0) {
            samples.get(kind).add(t1 - t0, t1 - t0); // every 4th reading, to keep the heap small
        }
    }

    private void noteAlloc(Kind kind, long bytes) {
        allocBytes[kind.ordinal()] += Math.max(0, bytes - allocOverhead);
        allocCalls[kind.ordinal()]++;
    }

    private void check(Kind kind, Expect expect, Object input) {
        if (expect != Expect.NONE && out.seenAtNs == 0) {
            throw new IllegalStateException("expected a " + expect + " command for " + kind.label + " (" + input
                    + ") at t=" + clock.monotonicMs() + " ms, state " + core.state() + ", status "
                    + core.status());
        }
    }

    /** Advances virtual time, running meter readings, heartbeat ticks and the core's deadlines on the way. */
    private void runFor(long ms) {
        long target = clock.monotonicMs() + ms;
        while (true) {
            long deadline = nextDeadline();
            long next = Math.min(deadline, Math.min(nextHeartbeatMs, nextMeterMs));
            if (next > target) {
                break;
            }
            if (next > clock.monotonicMs()) {
                clock.advanceTo(next);
            }
            if (next == deadline) {
                tick();
            }
            if (next == nextHeartbeatMs) {
                tick();
                nextHeartbeatMs += HEARTBEAT_MS;
            }
            if (next == nextMeterMs) {
                meterReading();
                nextMeterMs += METER_INTERVAL_MS;
            }
        }
        clock.advanceTo(target);
    }

    private void meterReading() {
        long now = clock.monotonicMs();
        double amps = relayClosed ? 0.9 * out.offeredA : 0; // the EV draws a little below the offer
        double powerW = amps * VOLTS * phases;
        energyWh += powerW * (now - lastMeterMs) / 3_600_000.0;
        lastMeterMs = now;
        meterReadings++;
        board(new BoardEvent.PowermeterReading(new PowermeterValues(energyWh, powerW, PerPhase.of(amps, phases),
                PerPhase.of(VOLTS, phases))), Kind.METER, Expect.NONE);
    }

    private void relayFeedback(boolean closed) {
        runFor(RELAY_DELAY_MS);
        relayClosed = closed;
        board(new BoardEvent.RelayFeedback(closed), Kind.FEEDBACK, Expect.NONE);
    }

    private void cp(CpState s, Kind kind, Expect expect) {
        board(new BoardEvent.CpChanged(s), kind, expect);
    }

    /** A new limit that differs from the one in force (6..32 A), at least 5 s after the last PWM change. */
    private void limitChange() {
        long since = clock.monotonicMs() - out.lastPilotChangeMs;
        if (since < 5100) {
            runFor(5100 - since); // IEC 61851-1: increases are spaced 5 s apart; the core would defer them
        }
        double a;
        do {
            a = 6 + random.nextInt(27);
        } while (a == limitA);
        limitA = a;
        control(new ControlEvent.SetLimit(LimitSource.USER, a), Kind.LIMIT, Expect.PWM);
    }

    /** Boots the core and plugs an EV in: ends Charging in C with the contactor confirmed closed. */
    void startUp() {
        out.expect = Expect.NONE;
        core.start(out);
        runFor(1500); // the first meter value makes the core ready
        expectState(EvseState.Idle);
        plugIn();
        cp(CpState.C, Kind.POWER_ON, Expect.POWER_ON);
        relayFeedback(true);
        runFor(1000);
        expectState(EvseState.Charging);
    }

    private void plugIn() {
        cp(CpState.B, Kind.PLUG_IN, Expect.SELF_TEST);
        runFor(200); // SimulatedBoard.RCD_SELF_TEST_MS
        board(new BoardEvent.RcdSelfTestResult(true), Kind.SELF_TEST, Expect.PWM);
        runFor(1000);
    }

    /** One round of the cycle; starts and ends in Charging, CP C, contactor closed. */
    void round() {
        long r = rounds++;
        limitChange();
        runFor(3000);
        limitChange();
        runFor(2000);
        cp(CpState.B, Kind.POWER_OFF, Expect.POWER_OFF);
        relayFeedback(false);
        runFor(1000);
        if (r % 10 == 9) {
            cp(CpState.A, Kind.UNPLUG, Expect.X1);
            runFor(2000);
            plugIn();
        }
        cp(CpState.C, Kind.POWER_ON, Expect.POWER_ON);
        relayFeedback(true);
        runFor(2000);
        if (r % 4 == 3) {
            board(new BoardEvent.RcdTripped(RcdFault.DC, 8), Kind.RCD_TRIP, Expect.POWER_OFF);
            relayFeedback(false);
            runFor(1000); // state F for state_F_after_fault_ms, then X1
            cp(CpState.B, Kind.CP_FAULTED, Expect.NONE); // the EV sees X1 and leaves C
            runFor(1000);
            control(new ControlEvent.ResetFaults(), Kind.RESET, Expect.PWM);
            runFor(1000);
            cp(CpState.C, Kind.POWER_ON, Expect.POWER_ON);
            relayFeedback(true);
            runFor(2000);
        }
        expectState(EvseState.Charging);
    }

    private void expectState(EvseState s) {
        if (core.state() != s) {
            throw new IllegalStateException("expected " + s + " at t=" + clock.monotonicMs() + " ms, round " + rounds
                    + ", got " + core.status());
        }
    }

    // ------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        long target = 1_000_000;
        long warmup = 200_000;
        double pressureMBps = 0;
        long allocRounds = 20_000;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> target = Long.parseLong(args[++i].replace("_", ""));
                case "--warmup" -> warmup = Long.parseLong(args[++i].replace("_", ""));
                case "--gc-pressure" -> pressureMBps = Double.parseDouble(args[++i]);
                case "--alloc-rounds" -> allocRounds = Long.parseLong(args[++i].replace("_", ""));
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: LatencyBench [--events N] [--warmup N] [--gc-pressure MB/s]"
                            + " [--alloc-rounds N] [--seed N]");
                    System.exit(2);
                }
            }
        }
        new LatencyBench(seed).run(target, warmup, pressureMBps, allocRounds);
    }

    void run(long target, long warmup, double pressureMBps, long allocRounds) throws InterruptedException {
        Table.header("LatencyBench: ChargerCore board/control event -> board command latency");
        System.out.println(BenchEnv.describe());
        System.out.printf(Locale.ROOT, "System.nanoTime() cost (median of back-to-back calls): %d ns%n",
                nanoTimeCost());

        // Preallocate the sample arrays: per 20 rounds there are 40 limit changes, 20 C->B, 25 B->C, 5 RCD trips,
        // 5 resets, 2 plug-ins, 2 self-tests, 2 unplugs (90 primary events) and about 250 meter readings.
        long roundsNeeded = (target * 20 + 89) / 90 + 20;
        int[] per20 = new int[Kind.values().length];
        per20[Kind.LIMIT.ordinal()] = 40;
        per20[Kind.POWER_OFF.ordinal()] = 20;
        per20[Kind.POWER_ON.ordinal()] = 25;
        per20[Kind.RCD_TRIP.ordinal()] = 5;
        per20[Kind.RESET.ordinal()] = 5;
        per20[Kind.PLUG_IN.ordinal()] = 2;
        per20[Kind.SELF_TEST.ordinal()] = 2;
        per20[Kind.UNPLUG.ordinal()] = 2;
        per20[Kind.METER.ordinal()] = 70; // every 4th of ~280 readings
        for (Kind k : Kind.values()) {
            if (k.role != Role.ALLOC_ONLY) {
                samples.put(k, new Samples((int) (roundsNeeded * per20[k.ordinal()] / 20 + 64)));
            }
        }

        startUp();
        long w0 = System.nanoTime();
        while (primaryEvents < warmup) {
            round();
        }
        long warmNs = System.nanoTime() - w0;
        long warmPrimary = primaryEvents;
        long warmAll = allEvents;

        Pressure pressure = pressureMBps > 0 ? new Pressure(pressureMBps) : null;
        if (pressure != null) {
            pressure.start();
            Thread.sleep(500);
        }
        System.gc(); // start the measurement with a clean heap; GC is not disabled afterwards
        long[] gc0 = gcSnapshot();
        List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
        long alloc0 = threads.getCurrentThreadAllocatedBytes();
        long virt0 = clock.monotonicMs();
        long rounds0 = rounds;
        long p0 = primaryEvents;
        long a0 = allEvents;
        recording = true;
        long m0 = System.nanoTime();
        while (primaryEvents - p0 < target) {
            round();
        }
        long measNs = System.nanoTime() - m0;
        recording = false;
        long alloc1 = threads.getCurrentThreadAllocatedBytes();
        long[] gc1 = gcSnapshot();
        long pressureBytes = pressure != null ? pressure.stop() : 0;

        System.out.printf(Locale.ROOT, "warm-up: %,d command-producing events (%,d core calls) in %.2f s wall%n",
                warmPrimary, warmAll, warmNs / 1e9);
        System.out.printf(Locale.ROOT,
                "measured: %,d command-producing events of the four kinds, %,d core calls in all (%,d rounds, %.1f h"
                        + " of virtual time, %,d sessions so far) in %.2f s wall%n",
                primaryEvents - p0, allEvents - a0, rounds - rounds0, (clock.monotonicMs() - virt0) / 3.6e6,
                out.sessionsFinished, measNs / 1e9);
        System.out.printf(Locale.ROOT, "GC pressure thread: %s%n", pressure == null ? "off"
                : String.format(Locale.ROOT, "%.0f MB/s requested, %.0f MB allocated during the run", pressureMBps,
                        pressureBytes / 1e6));
        System.out.println();

        System.out.println("Latency: nanoTime() before the core call -> nanoTime() when the expected command reaches"
                + " CoreOutput.command (us)");
        Table t = new Table();
        List<int[]> overall = new ArrayList<>();
        int overallN = 0;
        for (Kind k : Kind.values()) {
            if (k.role == Role.PRIMARY) {
                Samples s = samples.get(k);
                t.row(k.label, s.latency, s.n);
                overall.add(Arrays.copyOf(s.latency, s.n));
                overallN += s.n;
            }
        }
        int[] all = new int[overallN];
        int pos = 0;
        for (int[] a : overall) {
            System.arraycopy(a, 0, all, pos, a.length);
            pos += a.length;
        }
        overall.clear();
        t.row("overall (the four above)", all, all.length);
        all = null;
        t.separator();
        for (Kind k : Kind.values()) {
            if (k.role == Role.EXTRA) {
                t.row(k.label, samples.get(k).latency, samples.get(k).n);
            }
        }
        t.print();
        System.out.println();

        System.out.println("Whole call duration: nanoTime() before -> after the core call (us)");
        Table c = new Table();
        for (Kind k : Kind.values()) {
            if (k.role != Role.ALLOC_ONLY) {
                c.row(k.label + (k == Kind.METER ? " (1 in 4)" : ""), samples.get(k).call, samples.get(k).n);
            }
        }
        c.print();
        System.out.println();

        System.out.println("GC during the measurement (GarbageCollectorMXBeans):");
        for (int i = 0; i < beans.size(); i++) {
            System.out.printf(Locale.ROOT, "  %-22s %,8d collections %,10d ms%n", beans.get(i).getName(),
                    gc1[2 * i] - gc0[2 * i], gc1[2 * i + 1] - gc0[2 * i + 1]);
        }
        System.out.printf(Locale.ROOT, "  bench thread allocated %,.1f MB during the measurement: %,.0f bytes per core"
                        + " call (includes the harness's event objects)%n", (alloc1 - alloc0) / 1e6,
                (alloc1 - alloc0) / (double) (allEvents - a0));
        System.out.println();

        if (allocRounds > 0) {
            allocationPass(allocRounds);
        }
    }

    /** Bytes allocated inside the core per call, from the thread's allocation counter (no timing in this pass). */
    private void allocationPass(long n) {
        long sum = 0;
        for (int i = 0; i < 1000; i++) {
            long a0 = threads.getCurrentThreadAllocatedBytes();
            long a1 = threads.getCurrentThreadAllocatedBytes();
            sum += a1 - a0;
        }
        allocOverhead = sum / 1000;
        allocMode = true;
        for (long i = 0; i < n; i++) {
            round();
        }
        allocMode = false;
        System.out.printf(Locale.ROOT, "Allocation inside the core per call (%,d rounds after the measurement;"
                + " the event object itself is allocated outside; counter overhead %d bytes subtracted)%n", n,
                allocOverhead);
        System.out.printf(Locale.ROOT, "  %-30s %12s %14s%n", "call", "calls", "bytes/call");
        for (Kind k : Kind.values()) {
            long calls = allocCalls[k.ordinal()];
            if (calls > 0) {
                System.out.printf(Locale.ROOT, "  %-30s %,12d %,14.1f%n", k.label, calls,
                        allocBytes[k.ordinal()] / (double) calls);
            }
        }
    }

    private static long[] gcSnapshot() {
        List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
        long[] r = new long[beans.size() * 2];
        for (int i = 0; i < beans.size(); i++) {
            r[2 * i] = beans.get(i).getCollectionCount();
            r[2 * i + 1] = beans.get(i).getCollectionTime();
        }
        return r;
    }

    private static long nanoTimeCost() {
        int n = 200_001;
        long[] d = new long[n];
        for (int i = 0; i < n; i++) {
            long a = System.nanoTime();
            long b = System.nanoTime();
            d[i] = b - a;
        }
        Arrays.sort(d);
        return d[n / 2];
    }

    /**
     * Optional background allocator that provokes GC while the core is measured: short-lived byte arrays, with a
     * ring of recent ones kept alive (about 6 MB) so that young collections have survivors to copy.
     */
    static final class Pressure {
        private final double mbPerSecond;
        private volatile boolean stop;
        private long bytes;
        private Thread thread;

        Pressure(double mbPerSecond) {
            this.mbPerSecond = mbPerSecond;
        }

        void start() {
            thread = new Thread(this::loop, "gc-pressure");
            thread.setDaemon(true);
            thread.start();
        }

        long stop() throws InterruptedException {
            stop = true;
            thread.join();
            return bytes;
        }

        private void loop() {
            Object[] ring = new Object[1 << 15];
            int i = 0;
            long chunk = 256 * 1024; // allocate in 256 KB bursts, paced to the requested rate
            long nanosPerChunk = (long) (chunk / (mbPerSecond * 1e6) * 1e9);
            long next = System.nanoTime();
            while (!stop) {
                long done = 0;
                while (done < chunk) {
                    int size = 64 + (i & 255);
                    ring[i & (ring.length - 1)] = new byte[size];
                    i++;
                    done += size + 16;
                }
                bytes += done;
                next += nanosPerChunk;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
    }
}
