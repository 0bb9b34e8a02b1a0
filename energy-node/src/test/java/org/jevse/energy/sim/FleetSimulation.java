package org.jevse.energy.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jevse.board.time.EventLoop;
import org.jevse.energy.alloc.Allocation;
import org.jevse.energy.alloc.AllocatorSettings;
import org.jevse.energy.alloc.LeafState;
import org.jevse.energy.alloc.NodeSpec;
import org.jevse.energy.alloc.PhaseRotation;
import org.jevse.energy.leaf.LeafProtocol;
import org.jevse.energy.manager.ManagerCore;
import org.jevse.energy.wire.LeafAllocation;
import org.jevse.energy.wire.LeafStatus;

/**
 * Fleet simulation in virtual time: N chargers in a 3-level tree (site → sub-distributions of 16 → circuits of 4)
 * and the real parent logic ({@link ManagerCore}: allocator and dispatcher), the real leaf logic
 * ({@link LeafProtocol}: sequence check, lease on the leaf's clock, acknowledgement), a 5-15 ms message delay each
 * way, EVs of 10-32 A on 1 or 3 phases behind 32 A chargers, in two scenarios: {@link Scenario#DYNAMIC} (random
 * arrivals and departures, site limit cuts and raises) and {@link Scenario#STEADY} (the same start without events).
 * A harness with a main method; {@code FleetSimulationTest} runs short steady runs:
 *
 * <pre>mvn -o -q -pl energy-node test-compile exec:java -Dexec.mainClass=org.jevse.energy.sim.FleetSimulation \
 *     -Dexec.args="8,64,1000 6 energy-node/docs/fleet-n8.html 2"</pre>
 *
 * Arguments: the fleet sizes, the simulated hours of each dynamic run, where to write the HTML plot of the first
 * run ({@code -}: none), and the simulated hours of each steady run (default 2, in broker mode 0; 0: none).
 * With {@code -Dsim.broker=true} every grant and status goes through a real Mosquitto (started on a free loopback
 * port) in real time instead, e.g. {@code -Dexec.args="64 0.05"} for three minutes.
 */
public final class FleetSimulation {

    static final long TICK_MS = 1000;
    static final boolean DEBUG = Boolean.getBoolean("sim.debug");
    private int debugLines;
    static final int MIN_MA = 6000;
    /** What every simulated charger supports and reports as its maximum (it cannot know what the car takes). */
    static final int CHARGER_MAX_MA = 32_000;
    /** A car's draw wanders by up to this much around what it takes, and stays up to this much under its PWM. */
    static final int RIPPLE_MA = 300;
    /** The steady scenario's figures count from here: the first demand tracking and activations are over. */
    static final long STEADY_SETTLE_MS = 15 * 60_000;

    /** What happens during a run. */
    enum Scenario {
        /** Random arrivals and departures, site limit cuts to 50 % and 70 % and raises back (the safety run). */
        DYNAMIC,
        /**
         * The dynamic run's start without its events: the same chargers occupied (about half) by the same cars,
         * which never finish, under a fixed site limit.
         */
        STEADY
    }

    /** A charger with its EV, and the leaf logic in front of it. */
    static final class SimLeaf {
        final String id;
        final int node;
        final PhaseRotation rotation;
        final boolean switchable;
        /** The leaf: the same protocol class the charger's MQTT leaf runs. */
        final LeafProtocol protocol;
        // What the charger core holds: the applied grant and its lease (failsafe 0 A after it).
        int grantMa;
        int grantPhases = 3;
        long leaseUntil = Long.MIN_VALUE;
        // EV
        boolean present;
        boolean full;
        int evMaxMa;
        int evPhases;
        double needWh;
        double deliveredWh;
        int drawMa;
        int phasesInUse = 3;
        long nextChangeAt;
        boolean wasOn;
        int contactorCycles;
        /** The PWM current the car saw at the last tick, or -1 when no car was plugged in then. */
        int lastPwmMa = -1;
        int pwmChanges;
        int lastTargetMa;
        int allocChanges;
        double pluggedMs;
        /** Plugged in within the window the change rates count. */
        double countedPluggedMs;
        double starvedMs;
        double sessionStarvedMs;
        double maxSessionStarvedMs;
        int[] path;

        SimLeaf(String id, int node, PhaseRotation rotation, boolean switchable) {
            this.id = id;
            this.node = node;
            this.rotation = rotation;
            this.switchable = switchable;
            this.protocol = new LeafProtocol(id, 0);
        }

        int permittedAt(long t) {
            return t < leaseUntil ? grantMa : 0;
        }

        LeafState state(long t) {
            if (!present) {
                return LeafState.IDLE;
            }
            if (full) {
                return LeafState.EV_PAUSED;
            }
            return permittedAt(t) >= MIN_MA && drawMa > 0 ? LeafState.CHARGING : LeafState.WAITING;
        }

        /**
         * The current the car reads from the control pilot: the charger offers the grant floored to 0.1 A, and no
         * PWM below 6 A (IEC 61851-1 Annex A; PilotPwm.offerable in the charger core: the duty cycle is A / 0.6 %
         * rounded down to 0.01 %, so each 0.1 A step between 6 and 32 A is a duty cycle of its own).
         */
        int pwmAt(long t) {
            int p = permittedAt(t);
            return p < MIN_MA ? 0 : p / 100 * 100;
        }

        /** What the EV would draw per phase if allowed (its demand). */
        int demandMa() {
            return present && !full ? evMaxMa : 0;
        }

        int mask() {
            return rotation.mask(phasesInUse);
        }
    }

    /**
     * The printed figures of one run. The change rates count per charger-hour with a car plugged in, within the
     * counting window (the whole dynamic run; a steady run after {@link #STEADY_SETTLE_MS}):
     * {@code allocChangesPerChargerHour}, the
     * parent's allocation moving by more than 1 A from one cycle to the next; {@code pwmChangesPerChargerHour},
     * the PWM current the car reads ({@link SimLeaf#pwmAt}) differing from one 1 s tick to the next while the same
     * car stays plugged in (pauses and resumes included).
     */
    record Result(Scenario scenario, int n, double hours, double maxTargetRatio, double utilisationFair, double jainFair,
                  double maxAllocatedRatio, double maxAllocatedRatioOutsideCuts,
                  double maxCommittedRatioOutsideCuts, double maxMeasuredRatio, double maxMeasuredRatioOutsideCuts, double worstTimeToSafeMs,
                  double worstTimeTo95Ms, double utilisation, double utilisationBindingPhase, double jain, double starvationMinutes,
                  double maxSessionStarvationMinutes, double contactorCyclesPerChargerHour,
                  double allocChangesPerChargerHour, double pwmChangesPerChargerHour, long allocNanosPerCycle) {

        /** One line of the printed table; a steady run has no cut and no raise, so no t_safe and no t_95%. */
        String row() {
            boolean dynamic = scenario == Scenario.DYNAMIC;
            return String.format(Locale.ROOT, "%-7s %6d %6.2f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %9s %8s %7.3f %7.3f"
                            + " %7.3f %7.3f %7.3f %9.1f %9.1f %9.2f %9.2f %9.2f %9.0f",
                    scenario.name().toLowerCase(Locale.ROOT), n, hours, maxTargetRatio, maxAllocatedRatio,
                    maxAllocatedRatioOutsideCuts, maxCommittedRatioOutsideCuts, maxMeasuredRatio,
                    maxMeasuredRatioOutsideCuts,
                    dynamic ? String.format(Locale.ROOT, "%.0fms", worstTimeToSafeMs) : "-",
                    dynamic ? String.format(Locale.ROOT, "%.1fs", worstTimeTo95Ms / 1000) : "-", utilisation,
                    utilisationBindingPhase, utilisationFair, jain, jainFair, starvationMinutes,
                    maxSessionStarvationMinutes, contactorCyclesPerChargerHour, allocChangesPerChargerHour,
                    pwmChangesPerChargerHour, allocNanosPerCycle / 1000.0);
        }
    }

    private final int n;
    private final double hours;
    private final Scenario scenario;
    /** The change rates count from here. */
    private final long countFromMs;
    private final SplittableRandom rnd;
    /** Message delays and the cars' ripple: a stream of their own, so they do not shift arrivals and EV sizes. */
    private final SplittableRandom noise;
    private final EventLoop loop;
    /** Broker mode: the grants and statuses go through this broker (real time), else in-process (virtual time). */
    private final org.jevse.energy.mqtt.MosquittoProcess broker;
    private org.jevse.energy.mqtt.MqttLink managerLink;
    private org.jevse.energy.mqtt.MqttLink leafLink;
    private final org.jevse.energy.wire.Topics topics = new org.jevse.energy.wire.Topics("sim");
    private final List<NodeSpec> nodes = new ArrayList<>();
    private final List<SimLeaf> leaves = new ArrayList<>();
    private final List<String> nodeIds = new ArrayList<>();
    private final ManagerCore manager;
    private final int[] baseSite;
    private long siteLimitMa;
    private boolean eventCyclePending;
    private final int rootIdx;
    // metrics
    private double maxAllocRatio;
    private double maxAllocRatioOutside;
    private double maxCommittedOutside;
    private double maxMeasuredRatio;
    private double maxMeasuredOutside;
    private long lastCutMs = -1;
    /** IEC 61851-1: the EV follows a lower PWM current within 5 s; measured current may lag that long. */
    static final long IEC_REACTION_MS = 5000;
    private long cutAt = -1;
    private long raiseAt = -1;
    private double worstSafe;
    private double worstFill;
    private double utilSum;
    private double utilBindSum;
    private long utilSamples;
    private double jainSum;
    private long jainSamples;
    private double maxTargetRatio;
    private double uFairSum;
    private long uFairSamples;
    private double jainFairSum;
    private long jainFairSamples;
    /** The metrics that need the reference allocation are sampled this often (it is a slow, simple algorithm). */
    static final long FAIR_SAMPLE_MS = 10_000;
    private long allocNanos;
    private long allocCycles;
    private final Plot plot;

    FleetSimulation(Scenario scenario, int n, double hours, long seed, boolean plot,
                    org.jevse.energy.mqtt.MosquittoProcess broker) {
        this.scenario = scenario;
        this.countFromMs = scenario == Scenario.STEADY ? STEADY_SETTLE_MS : 0;
        this.broker = broker;
        this.loop = broker == null ? EventLoop.virtual(0) : EventLoop.pacedVirtual(0);
        this.n = n;
        this.hours = hours;
        this.rnd = new SplittableRandom(seed);
        this.noise = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int circuits = (n + 3) / 4;
        int subs = (circuits + 3) / 4;
        int sitePerPhase = Math.max(32, 6 * n);
        baseSite = new int[] {sitePerPhase * 1000, sitePerPhase * 1000, sitePerPhase * 1000};
        nodes.add(new NodeSpec("site", null, baseSite));
        for (int s = 0; s < subs; s++) {
            nodes.add(new NodeSpec("sub" + s, "site", new int[] {160_000, 160_000, 160_000}));
        }
        for (int c = 0; c < circuits; c++) {
            nodes.add(new NodeSpec("circuit" + c, "sub" + (c / 4), new int[] {63_000, 63_000, 63_000}));
        }
        List<ManagerCore.ChargerSpec> specs = new ArrayList<>();
        PhaseRotation[] rots = {PhaseRotation.L123, PhaseRotation.L231, PhaseRotation.L312};
        for (int i = 0; i < n; i++) {
            PhaseRotation r = rots[i % 3];
            String node = "circuit" + (i / 4);
            SimLeaf l = new SimLeaf("cp" + i, 1 + subs + i / 4, r, rnd.nextInt(10) == 0);
            leaves.add(l);
            nodeIds.add(node);
            specs.add(new ManagerCore.ChargerSpec(l.id, node, r, CHARGER_MAX_MA));
        }
        AllocatorSettings s = new AllocatorSettings(true, 0, 6000, 6000, 60_000, 3000, 15 * 60_000,
                Long.getLong("sim.activationWindowMs", 10_000), Long.getLong("sim.switchOnHysteresisMs", 60_000),
                210_000, 5, 2000);
        manager = new ManagerCore(nodes, specs, s, 10_000, 2000, false, -1, 0, "sim", 0);
        rootIdx = manager.tree().root();
        for (int i = 0; i < n; i++) {
            leaves.get(i).path = manager.tree().path(manager.tree().indexOf(nodeIds.get(i)));
        }
        siteLimitMa = sitePerPhase * 1000L;
        this.plot = plot ? new Plot() : null;
    }

    public static void main(String[] args) throws IOException {
        String sizes = args.length > 0 ? args[0] : "8,64,1000";
        double hours = args.length > 1 ? Double.parseDouble(args[1]) : 6;
        Path plotPath = args.length > 2 && !args[2].equals("-") ? Path.of(args[2]) : null;
        boolean viaBroker = Boolean.getBoolean("sim.broker");
        // In broker mode the runs take real time: no steady runs unless asked for.
        double steadyHours = args.length > 3 ? Double.parseDouble(args[3]) : viaBroker ? 0 : 2;
        System.out.println("Σalloc/l: Σ the parent's allocations / limit, max over nodes, phases and time, the instant"
                + " of a cut included; Σa/l: Σ allowed by the leaves' leases / limit (lags a cut by one message),"
                + " no-cut: outside [cut, safe]; bound/l: the manager's bound; Σm/l: Σ drawn / limit, all and"
                + " outside 5 s after a cut");
        System.out.println("U: Σmin(alloc, demand) / min(limit, Σdemand) per site phase, mean of L1-L3, every second;"
                + " U_bind: the best phase; Jain: over the allocations of charging cars with unmet demand;"
                + " U_fair, J_fair: against the max-min fair reference, every 10 s (docs/energy-tree.md)");
        System.out.println("Δ>1A/ch-h: the parent's allocation moving by more than 1 A from one cycle to the next;"
                + " PWM/ch-h: the PWM current the car reads (the grant floored to 0.1 A, none below 6 A) changing"
                + " between 1 s ticks of one session; both per charger-hour with a car plugged in, dynamic: the"
                + " whole run, steady: after "
                + STEADY_SETTLE_MS / 60_000 + " min");
        System.out.printf(Locale.ROOT, "%-7s %6s %6s %8s %8s %8s %8s %8s %8s %9s %8s %7s %7s %7s %7s %7s %9s %9s %9s"
                        + " %9s %9s %9s%n",
                "run", "N", "hours", "Σalloc/l", "Σa/l", "no-cut", "bound/l", "Σm/l", "Σm/l>5s", "t_safe", "t_95%", "U",
                "U_bind", "U_fair", "Jain", "J_fair", "starv_min", "max/sess", "cyc/ch-h", "Δ>1A/ch-h", "PWM/ch-h",
                "alloc_µs");
        org.jevse.energy.mqtt.MosquittoProcess broker = viaBroker ? org.jevse.energy.mqtt.MosquittoProcess.start() : null;
        if (viaBroker) {
            System.out.println("broker mode: every grant and status through Mosquitto at " + broker.url()
                    + ", real time (one MQTT connection for the parent, one shared by the simulated leaves)");
        }
        boolean first = true;
        for (Scenario scenario : Scenario.values()) {
            double h = scenario == Scenario.DYNAMIC ? hours : steadyHours;
            if (h <= 0) {
                continue;
            }
            for (String sz : sizes.split(",")) {
                int n = Integer.parseInt(sz.trim());
                FleetSimulation sim = new FleetSimulation(scenario, n, h, 42 + n, first && plotPath != null, broker);
                Result r = sim.run();
                System.out.println(r.row());
                if (first && plotPath != null) {
                    sim.plot.write(plotPath, n, sim.siteLimitMa);
                    System.out.println("plot: " + plotPath);
                }
                first = false;
            }
        }
        if (broker != null) {
            broker.close();
            System.exit(0);
        }
    }

    Result run() {
        long end = (long) (hours * 3_600_000);
        if (broker != null) {
            connectLinks();
        }
        boolean steady = scenario == Scenario.STEADY;
        for (SimLeaf l : leaves) {
            if (rnd.nextBoolean()) {
                arrive(l, 0);
                if (steady) {
                    l.needWh = Double.POSITIVE_INFINITY; // never full, never leaves
                }
            } else {
                long idle = (long) exp(2 * 3_600_000.0); // drawn in both scenarios: the same cars in both
                l.nextChangeAt = steady ? Long.MAX_VALUE : idle;
            }
            long offset = rnd.nextLong(TICK_MS);
            loop.schedule(offset, () -> statusLoop(l));
        }
        loop.schedule(0, this::managerLoop);
        if (!steady) {
            // Site limit script: cut to 50 % at 25 %, back at 40 %, cut to 70 % at 60 %, back at 75 %.
            setLimitAt((long) (end * 0.25), 0.5);
            setLimitAt((long) (end * 0.40), 1.0);
            setLimitAt((long) (end * 0.60), 0.7);
            setLimitAt((long) (end * 0.75), 1.0);
        }
        loop.schedule(TICK_MS, this::tickLoop);
        if (broker != null) {
            loop.run(() -> loop.time().monotonicMs() >= end);
            managerLink.close();
            leafLink.close();
        } else {
            loop.runUntil(end);
        }
        double starv = 0;
        double maxStarvSession = 0;
        double plugged = 0;
        long cycles = 0;
        long allocChanges = 0;
        long pwmChanges = 0;
        double countedPlugged = 0;
        for (SimLeaf l : leaves) {
            countedPlugged += l.countedPluggedMs;
            starv += l.starvedMs;
            maxStarvSession = Math.max(maxStarvSession, l.maxSessionStarvedMs);
            plugged += l.pluggedMs;
            cycles += l.contactorCycles;
            allocChanges += l.allocChanges;
            pwmChanges += l.pwmChanges;
        }
        double chargerHours = Math.max(1, countedPlugged) / 3_600_000.0;
        return new Result(scenario, n, hours, maxTargetRatio, uFairSamples == 0 ? 1 : uFairSum / uFairSamples,
                jainFairSamples == 0 ? 1 : jainFairSum / jainFairSamples, maxAllocRatio, maxAllocRatioOutside, maxCommittedOutside, maxMeasuredRatio,
                maxMeasuredOutside,
                worstSafe, worstFill, utilSamples == 0 ? 1 : utilSum / utilSamples,
                utilSamples == 0 ? 1 : utilBindSum / utilSamples,
                jainSamples == 0 ? 1 : jainSum / jainSamples, starv / 60_000, maxStarvSession / 60_000,
                plugged == 0 ? 0 : cycles / (n * hours), allocChanges / chargerHours, pwmChanges / chargerHours,
                allocCycles == 0 ? 0 : allocNanos / allocCycles);
    }

    private double exp(double mean) {
        return -mean * Math.log(1 - rnd.nextDouble());
    }

    private void arrive(SimLeaf l, long now) {
        int[] maxes = {10_000, 13_000, 16_000, 16_000, 20_000, 32_000};
        l.present = true;
        l.full = false;
        l.evMaxMa = maxes[rnd.nextInt(maxes.length)];
        l.evPhases = rnd.nextInt(10) < 3 ? 1 : 3;
        l.phasesInUse = l.evPhases;
        l.needWh = 5_000 + rnd.nextDouble() * 35_000;
        l.deliveredWh = 0;
        l.sessionStarvedMs = 0;
        l.nextChangeAt = Long.MAX_VALUE; // leaves when full plus a parking time
    }

    private void setLimitAt(long at, double factor) {
        loop.schedule(at, () -> {
            long before = siteLimitMa;
            siteLimitMa = (long) (baseSite[0] * factor);
            long now = loop.time().monotonicMs();
            boolean dropped = manager.onAvailableCurrent(siteLimitMa, now);
            if (siteLimitMa < before) {
                cutAt = now;
                lastCutMs = now;
                raiseAt = -1;
            } else {
                raiseAt = now;
            }
            if (dropped) {
                deliver(cycle(now, false)); // a cut goes out at once
            }
            maxTargetRatio = Math.max(maxTargetRatio, targetRatio()); // the instant of the change itself
        });
    }

    private void managerLoop() {
        long now = loop.time().monotonicMs();
        long t0 = System.nanoTime();
        List<LeafAllocation> grants = manager.cycle(now, true);
        allocNanos += System.nanoTime() - t0;
        allocCycles++;
        countAllocationChanges(now);
        deliver(grants);
        loop.schedule(TICK_MS, this::managerLoop);
    }

    private void eventCycle() {
        if (!eventCyclePending) {
            eventCyclePending = true;
            loop.schedule(10, () -> {
                eventCyclePending = false;
                deliver(cycle(loop.time().monotonicMs(), false));
            });
        }
    }

    private List<LeafAllocation> cycle(long now, boolean renewAll) {
        List<LeafAllocation> grants = manager.cycle(now, renewAll);
        countAllocationChanges(now);
        return grants;
    }

    /** Counts, per leaf, the parent's allocation moving by more than 1 A since the last cycle. */
    private void countAllocationChanges(long now) {
        for (SimLeaf l : leaves) {
            Allocation t = manager.target(l.id);
            int ma = t == null ? 0 : t.currentMa();
            if (Math.abs(ma - l.lastTargetMa) > 1000 && now >= countFromMs) {
                l.allocChanges++;
            }
            l.lastTargetMa = ma;
        }
    }

    private long delay() {
        return 5 + noise.nextLong(11);
    }

    private void connectLinks() {
        managerLink = new org.jevse.energy.mqtt.MqttLink(broker.url(), "sim-parent-" + n, "", "", null);
        leafLink = new org.jevse.energy.mqtt.MqttLink(broker.url(), "sim-leaves-" + n, "", "", null);
        managerLink.subscribe(topics.anyStatus(), (topic, payload, expiry) -> {
            try {
                LeafStatus st = org.jevse.energy.wire.Wire.decodeStatus(payload);
                loop.submit(() -> {
                    if (manager.onStatus(st, loop.time().monotonicMs())) {
                        eventCycle();
                    }
                });
            } catch (org.jevse.energy.wire.BadPayload e) {
                System.err.println("sim: bad status on " + topic + ": " + e.getMessage());
            }
        });
        leafLink.subscribe(topics.prefix() + "/energy/+/allocation", (topic, payload, expiry) -> {
            try {
                LeafAllocation g = org.jevse.energy.wire.Wire.decodeAllocation(payload);
                SimLeaf l = leaves.get(Integer.parseInt(g.leafId().substring(2)));
                loop.submit(() -> onGrant(l, g));
            } catch (org.jevse.energy.wire.BadPayload e) {
                System.err.println("sim: bad grant on " + topic + ": " + e.getMessage());
            }
        });
        managerLink.start();
        leafLink.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(managerLink.isConnected() && leafLink.isConnected()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            Thread.sleep(300); // let the subscriptions settle
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(List<LeafAllocation> grants) {
        if (broker != null) {
            for (LeafAllocation g : grants) {
                managerLink.publish(topics.allocation(g.leafId()), org.jevse.energy.wire.Wire.encode(g), 0, false,
                        g.validFor());
            }
            return;
        }
        for (LeafAllocation g : grants) {
            SimLeaf l = leaves.get(Integer.parseInt(g.leafId().substring(2)));
            loop.schedule(delay(), () -> onGrant(l, g));
        }
    }

    /** The leaf decides (LeafProtocol); the charger takes the grant at once and the leaf acknowledges. */
    private void onGrant(SimLeaf l, LeafAllocation g) {
        long now = loop.time().monotonicMs();
        LeafProtocol.Grant grant;
        try {
            grant = l.protocol.onAllocation(g, -1, now);
        } catch (org.jevse.energy.wire.BadPayload e) {
            throw new IllegalStateException(e);
        }
        if (grant == null) {
            return;
        }
        l.grantMa = grant.currentMa();
        l.leaseUntil = now + grant.validForMs();
        if (l.present && grant.phases() != l.phasesInUse && l.switchable && l.evPhases == 3 && l.drawMa == 0) {
            l.phasesInUse = grant.phases();
        }
        l.grantPhases = grant.phases();
        if (cutAt >= 0 && safeNow(now)) {
            worstSafe = Math.max(worstSafe, now - cutAt); // the exact instant: grants change only here
            cutAt = -1;
        }
        // The EV obeys a reduction within a second (IEC 61851-1 allows 5 s): modelled at the next tick.
        if (l.protocol.applied(grant)) {
            sendStatus(l, true);
        }
    }

    private void statusLoop(SimLeaf l) {
        sendStatus(l, false);
        loop.schedule(TICK_MS, () -> statusLoop(l));
    }

    private void sendStatus(SimLeaf l, boolean urgent) {
        long now = loop.time().monotonicMs();
        int d = l.drawMa;
        int[] measured = l.phasesInUse == 3 ? new int[] {d, d, d} : new int[] {d, 0, 0};
        List<Integer> possible = !l.present || l.evPhases == 3 ? (l.switchable ? List.of(1, 3) : List.of(3))
                : List.of(1);
        // The charger reports what it supports, not what the car takes: it cannot know (demand tracking finds out).
        int max = CHARGER_MAX_MA;
        LeafStatus s = l.protocol.status(new LeafProtocol.Report(l.state(now), MIN_MA, max,
                l.present ? l.phasesInUse : 3, possible, l.switchable && l.drawMa == 0, measured,
                d * 0.23 * l.phasesInUse, 0, l.deliveredWh), now, urgent);
        if (broker != null) {
            leafLink.publish(topics.status(l.id), org.jevse.energy.wire.Wire.encode(s), 0, false, 0);
            return;
        }
        loop.schedule(delay(), () -> {
            if (manager.onStatus(s, loop.time().monotonicMs())) {
                eventCycle();
            }
        });
    }

    /** Once a second: EVs follow their permission, sessions come and go, metrics are sampled. */
    private void tickLoop() {
        long now = loop.time().monotonicMs();
        for (SimLeaf l : leaves) {
            int permitted = l.permittedAt(now);
            if (!l.present) {
                if (now >= l.nextChangeAt) {
                    arrive(l, now);
                    sendStatus(l, true);
                }
                l.drawMa = 0;
                l.lastPwmMa = -1;
                continue;
            }
            int pwm = l.pwmAt(now);
            if (l.lastPwmMa >= 0 && pwm != l.lastPwmMa && now >= countFromMs) {
                l.pwmChanges++;
            }
            l.lastPwmMa = pwm;
            l.pluggedMs += TICK_MS;
            if (now >= countFromMs) {
                l.countedPluggedMs += TICK_MS;
            }
            int target = l.full || pwm < MIN_MA ? 0 : Math.min(pwm, l.evMaxMa);
            if (target > 0) {
                // A real car's draw wanders below what it takes and stays a little under its PWM current.
                target = target < pwm ? target + noise.nextInt(-RIPPLE_MA, RIPPLE_MA + 1)
                        : target - noise.nextInt(RIPPLE_MA + 1);
                target = Math.min(pwm, target);
            }
            // Reductions at once (within the tick), increases ramp at 10 A/s like a car's charger.
            l.drawMa = target <= l.drawMa ? target : Math.min(target, l.drawMa + 10_000);
            boolean on = l.drawMa > 0;
            if (on && !l.wasOn) {
                l.contactorCycles++;
            }
            l.wasOn = on;
            if (!l.full && permitted < MIN_MA) {
                l.starvedMs += TICK_MS;
                l.sessionStarvedMs += TICK_MS;
                l.maxSessionStarvedMs = Math.max(l.maxSessionStarvedMs, l.sessionStarvedMs);
                if (DEBUG && l.sessionStarvedMs % 600_000 == 0 && l.sessionStarvedMs >= 1_800_000) {
                    var st = manager.state(now).chargers().stream().filter(c -> c.leafId().equals(l.id)).findFirst();
                    System.out.println("starving t=" + now / 1000 + " " + l.id + " " + l.sessionStarvedMs / 60000
                            + " min, ev " + l.evPhases + "p " + l.evMaxMa + " rot " + l.rotation + " " + st
                            + " Wh=" + manager.allocatedWh(l.id));
                }
            }
            l.deliveredWh += l.drawMa / 1000.0 * l.phasesInUse * 230 * TICK_MS / 3_600_000.0;
            if (!l.full && l.deliveredWh >= l.needWh) {
                l.full = true;
                l.nextChangeAt = now + (long) exp(3_600_000.0);
                sendStatus(l, true);
            } else if (l.full && now >= l.nextChangeAt) {
                l.present = false;
                l.full = false;
                l.drawMa = 0;
                l.wasOn = false;
                l.lastPwmMa = -1;
                l.nextChangeAt = now + (long) exp(2 * 3_600_000.0);
                sendStatus(l, true);
            }
        }
        sample(now);
        loop.schedule(TICK_MS, this::tickLoop);
    }

    private void sample(long now) {
        maxTargetRatio = Math.max(maxTargetRatio, targetRatio());
        boolean onGrid = now % FAIR_SAMPLE_MS < TICK_MS;
        if (onGrid || raiseAt >= 0) {
            double uFair = sampleAgainstFairReference(now, onGrid);
            if (raiseAt >= 0 && uFair >= 0.95) { // time to 95 % use after a raise
                worstFill = Math.max(worstFill, now - raiseAt);
                raiseAt = -1;
            }
        }
        int size = manager.tree().size();
        long[] permitted = new long[size * 3];
        long[] measured = new long[size * 3];
        long[] use = new long[3];
        long[] demand = new long[3];
        int[][] limits = manager.limits();
        List<Integer> unmet = new ArrayList<>();
        for (SimLeaf l : leaves) {
            int p = l.permittedAt(now);
            int mask = l.mask();
            for (int nd : l.path) {
                for (int ph = 0; ph < 3; ph++) {
                    if ((mask & (1 << ph)) != 0) {
                        permitted[nd * 3 + ph] += p;
                        measured[nd * 3 + ph] += l.drawMa;
                    }
                }
            }
            int d = l.demandMa();
            for (int ph = 0; ph < 3; ph++) {
                if ((mask & (1 << ph)) != 0) {
                    use[ph] += Math.min(p >= MIN_MA ? p : 0, d);
                    demand[ph] += d;
                }
            }
            if (d > 0 && p < d && p >= MIN_MA) {
                unmet.add(p);
            }
        }
        double ratio = 0;
        double mratio = 0;
        for (int nd = 0; nd < size; nd++) {
            for (int ph = 0; ph < 3; ph++) {
                if (limits[nd][ph] > 0) {
                    ratio = Math.max(ratio, permitted[nd * 3 + ph] / (double) limits[nd][ph]);
                    mratio = Math.max(mratio, measured[nd * 3 + ph] / (double) limits[nd][ph]);
                }
            }
        }
        long[] committed = manager.dispatcher().committed(now);
        double cratio = 0;
        for (int nd = 0; nd < size; nd++) {
            for (int ph = 0; ph < 3; ph++) {
                cratio = Math.max(cratio, committed[nd * 3 + ph] / (double) Math.max(1, limits[nd][ph]));
            }
        }
        maxAllocRatio = Math.max(maxAllocRatio, ratio);
        maxMeasuredRatio = Math.max(maxMeasuredRatio, mratio);
        if (lastCutMs < 0 || now - lastCutMs > IEC_REACTION_MS) {
            maxMeasuredOutside = Math.max(maxMeasuredOutside, mratio);
        }
        if (cutAt >= 0) {
            if (ratio <= 1.0) { // fallback: made safe by lease expiry rather than a grant
                worstSafe = Math.max(worstSafe, now - cutAt);
                cutAt = -1;
            }
        } else {
            maxAllocRatioOutside = Math.max(maxAllocRatioOutside, ratio);
            maxCommittedOutside = Math.max(maxCommittedOutside, cratio);
        }
        double u = 0;
        double uBest = 0;
        int phasesWithDemand = 0;
        for (int ph = 0; ph < 3; ph++) {
            double denom = Math.min(limits[rootIdx][ph], demand[ph]);
            if (denom > 0) {
                u += Math.min(1.0, use[ph] / denom);
                uBest = Math.max(uBest, Math.min(1.0, use[ph] / denom));
                phasesWithDemand++;
            }
        }
        if (phasesWithDemand > 0) {
            utilBindSum += uBest;
        }
        if (phasesWithDemand > 0) {
            double uNow = u / phasesWithDemand;
            utilSum += uNow;
            utilSamples++;
            if (DEBUG && uNow < 0.97 && uNow > 0.5 && (debugLines++ % 500) == 0) {
                StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "t=%ds U=%.2f lim=%d use=%s dem=%s |",
                        now / 1000, uNow, limits[rootIdx][0], java.util.Arrays.toString(use),
                        java.util.Arrays.toString(demand)));
                for (SimLeaf l : leaves) {
                    b.append(String.format(Locale.ROOT, " %s:%s p=%d d=%d ph=%d/%s", l.id, l.state(now), l.permittedAt(now),
                            l.demandMa(), l.phasesInUse, l.rotation));
                }
                System.out.println(b);
            }
        }
        if (unmet.size() >= 2) {
            double s = 0;
            double s2 = 0;
            for (int x : unmet) {
                s += x;
                s2 += (double) x * x;
            }
            jainSum += s * s / (unmet.size() * s2);
            jainSamples++;
        }
        if (plot != null) {
            int k = Math.min(8, leaves.size());
            int[] per = new int[k];
            for (int i = 0; i < k; i++) {
                per[i] = leaves.get(i).permittedAt(now);
            }
            plot.add(now, limits[rootIdx][0], permitted[rootIdx * 3], measured[rootIdx * 3], per,
                    leaves.subList(0, k).stream().mapToInt(l -> l.drawMa).toArray());
        }
    }

    /** Max over nodes and phases of Σ (the parent's allocation targets) / limit. */
    private double targetRatio() {
        return maxRatio(l -> {
            Allocation t = manager.target(l.id);
            return t == null ? 0 : t.currentMa();
        }, l -> {
            Allocation t = manager.target(l.id);
            return t == null ? 0 : l.rotation.mask(t.phases());
        });
    }

    /** Max over nodes and phases of Σ current / limit, each leaf counted on its node's path and its mask's phases. */
    private double maxRatio(java.util.function.ToIntFunction<SimLeaf> current,
                            java.util.function.ToIntFunction<SimLeaf> mask) {
        int size = manager.tree().size();
        long[] sum = new long[size * 3];
        for (SimLeaf l : leaves) {
            int c = current.applyAsInt(l);
            if (c == 0) {
                continue;
            }
            int m = mask.applyAsInt(l);
            for (int nd : l.path) {
                for (int ph = 0; ph < 3; ph++) {
                    if ((m & (1 << ph)) != 0) {
                        sum[nd * 3 + ph] += c;
                    }
                }
            }
        }
        int[][] limits = manager.limits();
        double ratio = 0;
        for (int nd = 0; nd < size; nd++) {
            for (int ph = 0; ph < 3; ph++) {
                if (sum[nd * 3 + ph] > 0) {
                    ratio = Math.max(ratio, limits[nd][ph] <= 0 ? Double.POSITIVE_INFINITY
                            : sum[nd * 3 + ph] / (double) limits[nd][ph]);
                }
            }
        }
        return ratio;
    }

    /**
     * U and Jain against the max-min fair reference (see {@link FairReference}); returns U_fair now and adds
     * both to the run's means if {@code record}.
     *
     * <p>U_fair: per site phase, Σ min(allowed, demand) over min(limit, Σ e), where e is the reference's share
     * for a charging car and the whole demand for a car that is not charging. A phase used only by three-phase
     * cars that are held back by another phase thus counts what those cars can be given without taking current
     * from anyone with less; a waiting car's whole demand still counts against the allocator.
     *
     * <p>Jain_fair: Jain's index over x = allowed / fair share, among charging cars whose demand is unmet (Jain,
     * Chiu and Hawe 1984 normalise by the fair allocation when users are not equally constrained).
     */
    private double sampleAgainstFairReference(long now, boolean record) {
        int[][] limits = manager.limits();
        List<SimLeaf> charging = new ArrayList<>();
        for (SimLeaf l : leaves) {
            if (l.demandMa() > 0 && l.permittedAt(now) >= MIN_MA) {
                charging.add(l);
            }
        }
        double[] fair = FairReference.maxMinFair(manager.tree().size(), limits, charging.size(),
                i -> charging.get(i).path, i -> charging.get(i).mask(), MIN_MA, i -> charging.get(i).demandMa());
        double[] use = new double[3];
        double[] want = new double[3];
        java.util.Map<SimLeaf, Double> share = new java.util.HashMap<>();
        for (int i = 0; i < charging.size(); i++) {
            share.put(charging.get(i), fair[i]);
        }
        double s = 0;
        double s2 = 0;
        int unmet = 0;
        for (SimLeaf l : leaves) {
            int d = l.demandMa();
            if (d == 0) {
                continue;
            }
            int p = l.permittedAt(now);
            Double f = share.get(l);
            int mask = l.mask();
            for (int ph = 0; ph < 3; ph++) {
                if ((mask & (1 << ph)) != 0) {
                    use[ph] += Math.min(p >= MIN_MA ? p : 0, d);
                    want[ph] += f == null ? d : Math.min(d, f);
                }
            }
            if (f != null && p < d) {
                double x = p / f;
                s += x;
                s2 += x * x;
                unmet++;
            }
        }
        double u = 0;
        int phases = 0;
        for (int ph = 0; ph < 3; ph++) {
            double den = Math.min(limits[rootIdx][ph], want[ph]);
            if (den > 0) {
                u += Math.min(1.0, use[ph] / den);
                phases++;
            }
        }
        if (record && phases > 0) {
            uFairSum += u / phases;
            uFairSamples++;
        }
        if (record && unmet >= 2) {
            jainFairSum += s * s / (unmet * s2);
            jainFairSamples++;
        }
        return phases == 0 ? 1 : u / phases;
    }

    /** Σ permitted ≤ limit at every node and phase now. */
    private boolean safeNow(long now) {
        return maxRatio(l -> l.permittedAt(now), SimLeaf::mask) <= 1.0;
    }
}
