package org.jevse.evse.bench;

import org.jevse.evse.core.ChargerInput;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.sim.EvScript;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.app.SimulatedCharger;
import org.jevse.evse.core.Notification;

/**
 * Wall time of a three-hour charging session simulated on virtual time: the whole application path
 * ({@link SimulatedCharger} with {@code Pace.VIRTUAL}: event loop, simulated board and EV, {@code Charger}, the real
 * core), as {@code jevse simulate} runs it. Not a JUnit test: a {@code main} that prints a table. Goal from the
 * issue: under 5 s of wall time.
 *
 * <pre>
 * java -cp ... org.jevse.evse.bench.ThreeHourSessionBench [--runs 5] [--warmup 1] [--script "..."]
 * </pre>
 */
public final class ThreeHourSessionBench {

    static final String SCRIPT = "plugin; auth DEMO-TAG; draw_power_regulated 32,3; sleep 10800; unplug";
    static final String CONFIG = "auth: {local_list: [DEMO-TAG]}\n";

    /** Counts what one run did. */
    static final class Counter implements ChargerListener {
        long steps;
        long boardEvents;
        long commands;
        long notifications;
        long sessions;
        double energyWh = Double.NaN;
        String reason;

        @Override
        public void onBoardEvent(long tMs, BoardEvent event) {
            boardEvents++;
        }

        @Override
        public void onCommand(long tMs, BoardCommand command) {
            commands++;
        }

        @Override
        public void onNotification(long tMs, Notification n) {
            notifications++;
            if (n instanceof Notification.SessionFinished f) {
                sessions++;
                energyWh = f.energyWh();
                reason = f.reason().toString();
            }
        }

        @Override
        public void onStepEnd(long tMs, ChargerInput input) {
            steps++;
        }
    }

    record Run(long wallNs, long virtualMs, Counter counter, long gcCount, long gcMs) {
    }

    public static void main(String[] args) {
        int runs = 5;
        int warmup = 1;
        String script = SCRIPT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--script" -> script = args[++i];
                default -> {
                    System.err.println("usage: ThreeHourSessionBench [--runs N] [--warmup N] [--script TEXT]");
                    System.exit(2);
                }
            }
        }
        Table.header("ThreeHourSessionBench: a 3 h session on SimulatedCharger (Pace.VIRTUAL)");
        System.out.println(BenchEnv.describe());
        System.out.println("EV script: " + script);
        System.out.println("config:    " + CONFIG.strip());
        System.out.println();
        JevseConfig cfg = ConfigLoader.parse(CONFIG, "ThreeHourSessionBench");

        System.out.printf(Locale.ROOT, "%-10s %10s %10s %10s %10s %10s %12s %12s %8s%n", "run", "wall ms", "virtual h",
                "kWh", "steps", "board ev", "commands", "steps/s", "GC ms");
        Run[] measured = new Run[runs];
        for (int i = 0; i < warmup + runs; i++) {
            Run r = once(cfg, script);
            String label = i < warmup ? "warm-up " + (i + 1) : "run " + (i - warmup + 1);
            System.out.printf(Locale.ROOT, "%-10s %10.1f %10.2f %10.3f %,10d %,10d %,12d %,12.0f %8d%n", label,
                    r.wallNs / 1e6, r.virtualMs / 3.6e6, r.counter.energyWh / 1000, r.counter.steps,
                    r.counter.boardEvents, r.counter.commands, r.counter.steps / (r.wallNs / 1e9), r.gcMs);
            if (r.counter.sessions != 1) {
                throw new IllegalStateException("expected one finished session, got " + r.counter.sessions);
            }
            if (i >= warmup) {
                measured[i - warmup] = r;
            }
        }
        if (runs > 0) {
            long[] walls = Arrays.stream(measured).mapToLong(Run::wallNs).sorted().toArray();
            long median = walls.length % 2 == 1 ? walls[walls.length / 2]
                    : (walls[walls.length / 2 - 1] + walls[walls.length / 2]) / 2;
            Run last = measured[runs - 1];
            System.out.println();
            System.out.printf(Locale.ROOT, "wall time over %d runs after %d warm-up run(s): best %.1f ms, median %.1f ms,"
                    + " worst %.1f ms (goal: < 5000 ms)%n", runs, warmup, walls[0] / 1e6, median / 1e6,
                    walls[walls.length - 1] / 1e6);
            System.out.printf(Locale.ROOT, "energy delivered: %.3f kWh (session finished: %s), core steps per run: %,d%n",
                    last.counter.energyWh / 1000, last.counter.reason, last.counter.steps);
        }
    }

    static Run once(JevseConfig cfg, String scriptText) {
        EvScript script = EvScript.parse(scriptText);
        long gcCount0 = 0;
        long gcMs0 = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount0 += b.getCollectionCount();
            gcMs0 += b.getCollectionTime();
        }
        Counter c = new Counter();
        long t0 = System.nanoTime();
        SimulatedCharger sim = new SimulatedCharger(cfg, script, SimulatedCharger.Pace.VIRTUAL, 1);
        sim.charger().addListener(c);
        sim.run();
        long t1 = System.nanoTime();
        long gcCount1 = 0;
        long gcMs1 = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount1 += b.getCollectionCount();
            gcMs1 += b.getCollectionTime();
        }
        return new Run(t1 - t0, sim.loop().time().monotonicMs(), c, gcCount1 - gcCount0, gcMs1 - gcMs0);
    }
}
