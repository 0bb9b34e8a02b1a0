package org.jevse.energy.alloc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The allocation algorithm: pure (no I/O, no clock: time comes in as an argument), stateful across cycles for
 * hysteresis, demand tracking, rotation and phase-switch counts. One call per cycle, and at once when a limit
 * drops.
 *
 * <p>Pipeline (after WARP's allocate_current), one method per stage, each over the cycle's {@code Cycle}:
 * <ol>
 * <li>bookkeeping: sessions, allocated energy (the fairness key), time charging;</li>
 * <li>keep the leaves that were on while their minimum still fits, least energy first, so an overload sheds the
 *     leaves that have had the most; a switchable 3-phase leaf drops to one phase before it is shed;</li>
 * <li>rotation: every {@code rotationInterval} while someone waits for lack of current, the active set is rebuilt
 *     from scratch, least allocated energy first;</li>
 * <li>activation: waiting leaves, least energy first, if their minimum fits under the lowest limit of the
 *     activation window and they were not switched off within the hysteresis time;</li>
 * <li>1→3 phase switches for leaves whose one-phase current shows that three phases would carry more;</li>
 * <li>water-filling per phase up to the requested current (demand tracking), then leftovers up to the supported
 *     current;</li>
 * <li>wake-up: paused or full cars get their minimum if it still fits.</li>
 * </ol>
 * Whatever it returns satisfies Σ allocation ≤ limit for every node and phase; safe roll-out of a change is the
 * {@link Dispatcher}'s job.
 */
public final class Allocator {

    /** Nominal phase voltage for the allocated-energy bookkeeping (WARP uses 230 V as well). */
    private static final double VOLTS = 230.0;

    private final Tree tree;
    private final AllocatorSettings s;
    private final Map<String, LeafMemory> memory = new HashMap<>();
    private final ActivationWindow window;
    private long nextRotationAtMs = -1;
    private long lastRunMs = -1;

    public Allocator(Tree tree, AllocatorSettings settings) {
        this.tree = tree;
        this.s = settings;
        this.window = new ActivationWindow(tree.size());
    }

    public Tree tree() {
        return tree;
    }

    public AllocatorSettings settings() {
        return s;
    }

    /** Allocated energy of a leaf's session so far (the rotation key), in Wh. */
    public double allocatedWh(String leafId) {
        LeafMemory m = memory.get(leafId);
        return m == null ? 0 : m.allocatedWh;
    }

    /** Forgets a leaf (it was dropped). */
    public void forget(String leafId) {
        memory.remove(leafId);
    }

    /** One cycle with the tree's configured limits. */
    public List<Allocation> allocate(long nowMs, List<LeafInput> leaves) {
        return allocate(nowMs, tree.configuredLimits(), leaves);
    }

    /**
     * One cycle: the stages of the class comment, in order, over one {@code Cycle}.
     *
     * @param nowMs  monotonic time
     * @param limits limits now, [node][phase] in mA
     * @param leaves every known leaf
     * @return one allocation per leaf, in input order
     */
    public List<Allocation> allocate(long nowMs, int[][] limits, List<LeafInput> leaves) {
        Cycle c = new Cycle(nowMs, limits, leaves, tree.size() * 3);
        bookkeeping(c);
        if (rotationDue(nowMs)) {
            rotate(c);
        } else {
            keep(c);
            activate(c);
        }
        scheduleRotation(c);
        switchToThreePhases(c);
        holdPhaseSwitches(c);
        waterFill(c);
        wakeUp(c);
        return List.of(c.out);
    }

    /**
     * The state of one cycle, shared by its stages and dropped at its end; what must outlive the cycle is in
     * {@link LeafMemory}. Leaves are referred to by their index in the input list.
     */
    private static final class Cycle {
        final long nowMs;
        /** Limits now, [node][phase] in mA. */
        final int[][] limits;
        final List<LeafInput> leaves;
        final Allocation[] out;
        final LeafMemory[] mem;
        /** Tree index of each leaf's node, -1 if unknown. */
        final int[] node;
        /** Minimums reserved by keep, rotation, activation and phase switching, per node * 3 + phase. */
        final long[] usedMin;
        /** Leaves that were active and charge or wait for current. */
        final List<Integer> keep = new ArrayList<>();
        /** Leaves that were not active and charge or wait for current. */
        final List<Integer> waiting = new ArrayList<>();
        /** Paused or full cars: served last, by wake-up. */
        final List<Integer> lowPriority = new ArrayList<>();
        /** Leaves whose minimum is reserved: they take part in water-filling. */
        final List<Integer> active = new ArrayList<>();
        /** Someone waits for lack of current: a rotation is to be scheduled. */
        boolean starving;
        /** What water-filling granted, per node * 3 + phase: wake-up takes only what is left. */
        long[] used;
        /** The fairness order: least allocated energy first, the leaf id breaking ties. */
        final Comparator<Integer> leastEnergyFirst;

        Cycle(long nowMs, int[][] limits, List<LeafInput> leaves, int constraints) {
            this.nowMs = nowMs;
            this.limits = limits;
            this.leaves = leaves;
            int n = leaves.size();
            this.out = new Allocation[n];
            this.mem = new LeafMemory[n];
            this.node = new int[n];
            this.usedMin = new long[constraints];
            this.leastEnergyFirst = Comparator.<Integer>comparingDouble(i -> mem[i].allocatedWh)
                    .thenComparing(i -> leaves.get(i).id());
        }

        LeafInput in(int i) {
            return leaves.get(i);
        }
    }

    /**
     * Stage 1, bookkeeping: the activation window, allocated energy (the fairness key), sessions, time charging and
     * phases; then each leaf goes to the stage that serves it.
     */
    private void bookkeeping(Cycle c) {
        double dtH = lastRunMs < 0 ? 0 : Math.max(0, c.nowMs - lastRunMs) / 3_600_000.0;
        lastRunMs = c.nowMs;
        window.add(c.nowMs, c.limits, s.activationWindowMs());
        for (int i = 0; i < c.leaves.size(); i++) {
            LeafInput in = c.in(i);
            LeafMemory m = memory.computeIfAbsent(in.id(), k -> new LeafMemory());
            c.mem[i] = m;
            account(in, m, dtH, c.nowMs);
            c.node[i] = tree.indexOf(in.node());
            if (m.phases == 0 || !possible(in, m.phases)) {
                m.phases = in.phasesInUse() > 0 && possible(in, in.phasesInUse()) ? in.phasesInUse()
                        : (in.can3p() ? 3 : 1);
            }
            sortIntoStage(c, i);
        }
    }

    /** Allocated energy since the last cycle, the end of a session, and time charging. */
    private static void account(LeafInput in, LeafMemory m, double dtH, long nowMs) {
        m.allocatedWh += m.lastAllocMa / 1000.0 * m.lastAllocPhases * VOLTS * dtH;
        boolean sessionEnded = (in.state() == LeafState.IDLE) && m.lastState != LeafState.IDLE;
        if (sessionEnded) {
            m.phases = 0; // the next car starts on the phases it reports, not on the last car's
            m.allocatedWh = 0;
            m.phaseSwitches = 0;
            m.active = false;
            m.shedByManager = false;
            m.useSupportedUntil = LeafMemory.NEVER;
            m.trackedMa = -1;
        }
        m.chargingSince = in.state() == LeafState.CHARGING ? (m.chargingSince < 0 ? nowMs : m.chargingSince) : -1;
        m.lastState = in.state();
    }

    /** Idle, failed and unknown-node leaves are answered here; the others go to keep, waiting or wake-up. */
    private void sortIntoStage(Cycle c, int i) {
        LeafInput in = c.in(i);
        LeafMemory m = c.mem[i];
        if (c.node[i] < 0) {
            c.out[i] = off(in, m, Reason.ERROR, "unknown node " + in.node());
            return;
        }
        switch (in.state()) {
            case IDLE -> {
                // No session: no phase decision either. The next car starts on the phases it reports, and an
                // idle charger is never told to switch.
                off(in, m, Reason.NOT_CHARGING, "");
                m.phases = 0;
                c.out[i] = new Allocation(in.id(), 0, in.phasesInUse() > 0 ? in.phasesInUse() : (in.can3p() ? 3 : 1),
                        Reason.NOT_CHARGING, "");
            }
            case ERROR -> c.out[i] = off(in, m, Reason.ERROR, "");
            case EV_PAUSED -> c.lowPriority.add(i);
            default -> (m.active ? c.keep : c.waiting).add(i);
        }
    }

    private boolean rotationDue(long nowMs) {
        return s.rotationIntervalMs() > 0 && nextRotationAtMs >= 0 && nowMs >= nextRotationAtMs;
    }

    /**
     * Stage 2, keep: the leaves that were on stay on while their minimum still fits, least energy first, so an
     * overload sheds the leaves that have had the most.
     */
    private void keep(Cycle c) {
        c.keep.sort(c.leastEnergyFirst);
        for (int i : c.keep) {
            String blocked = tryActivate(c, i, false);
            if (blocked == null) {
                c.active.add(i);
            } else {
                c.mem[i].deactivatedAt = c.nowMs;
                c.mem[i].shedByManager = true;
                c.out[i] = off(c.in(i), c.mem[i], Reason.MINIMUM_NOT_REACHABLE, blocked);
                c.starving = true;
            }
        }
    }

    /**
     * Stage 3, rotation: rebuild the active set from scratch, least energy first, so nobody starves (WARP stage 1).
     * It replaces keep and activation in the cycle it is due.
     */
    private void rotate(Cycle c) {
        List<Integer> all = new ArrayList<>(c.keep);
        all.addAll(c.waiting);
        all.sort(c.leastEnergyFirst);
        for (int i : all) {
            LeafMemory m = c.mem[i];
            String blocked = tryActivate(c, i, false);
            if (blocked == null) {
                c.active.add(i);
            } else {
                c.starving = true;
                if (m.active) {
                    m.deactivatedAt = c.nowMs;
                    m.shedByManager = true;
                }
                c.out[i] = off(c.in(i), m, Reason.ROTATION, blocked);
            }
        }
        nextRotationAtMs = -1;
    }

    /**
     * Stage 4, activation: waiting leaves, least energy first, if their minimum fits under the lowest limit of the
     * activation window and they were not switched off by the manager within the hysteresis time.
     */
    private void activate(Cycle c) {
        c.waiting.sort(c.leastEnergyFirst);
        for (int i : c.waiting) {
            LeafInput in = c.in(i);
            LeafMemory m = c.mem[i];
            if (m.shedByManager && c.nowMs - m.deactivatedAt < s.switchOnHysteresisMs()) {
                c.out[i] = off(in, m, Reason.HYSTERESIS,
                        "switched off " + (c.nowMs - m.deactivatedAt) / 1000 + " s ago");
                c.starving = true;
                continue;
            }
            String blocked = tryActivate(c, i, true);
            if (blocked == null) {
                c.active.add(i);
            } else {
                c.out[i] = off(in, m, Reason.MINIMUM_NOT_REACHABLE, blocked);
                c.starving = true;
            }
        }
    }

    /** A rotation is due one interval after someone first waited for lack of current, and none while nobody does. */
    private void scheduleRotation(Cycle c) {
        if (!c.starving) {
            nextRotationAtMs = -1;
        } else if (nextRotationAtMs < 0 && s.rotationIntervalMs() > 0) {
            nextRotationAtMs = c.nowMs + s.rotationIntervalMs();
        }
    }

    /**
     * Stage 5, 1→3 phase switches: only when one phase is already carrying as much as three would at their minimum,
     * and the three-phase minimum fits in place of the one-phase one.
     */
    private void switchToThreePhases(Cycle c) {
        for (int i : c.active) {
            LeafInput in = c.in(i);
            LeafMemory m = c.mem[i];
            if (m.phases != 1 || !in.can3p() || !switchAllowed(in, m, c.nowMs)) {
                continue;
            }
            int upAt = Math.min(in.maxMa(), 3 * minFor(in, 3) + s.phaseUpHeadroomMa());
            if (m.lastAllocMa >= upAt && m.lastAllocPhases == 1) {
                int min1 = minFor(in, 1);
                int mask1 = in.rotation().mask(1) | in.rotation().mask(in.phasesInUse());
                addUse(c.usedMin, c.node[i], mask1, -min1);
                int mask3 = 0b111;
                if (fits(c, c.node[i], mask3, minFor(in, 3), true) == null) {
                    addUse(c.usedMin, c.node[i], mask3, minFor(in, 3));
                    m.phases = 3;
                    m.phaseSwitches++;
                    m.lastPhaseSwitchAt = c.nowMs;
                } else {
                    addUse(c.usedMin, c.node[i], mask1, min1);
                }
            }
        }
    }

    /**
     * A leaf that is to change its phase count gets 0 A until it reports the new count: the switch pauses the car
     * anyway, and no current is granted on phases the leaf is not known to use. It keeps its place in the active
     * set.
     */
    private static void holdPhaseSwitches(Cycle c) {
        for (Iterator<Integer> it = c.active.iterator(); it.hasNext(); ) {
            int i = it.next();
            LeafInput in = c.in(i);
            LeafMemory m = c.mem[i];
            if (in.phasesInUse() > 0 && in.phasesInUse() != m.phases) {
                it.remove();
                m.active = true;
                m.lastAllocMa = 0;
                m.lastAllocPhases = 0;
                c.out[i] = new Allocation(in.id(), 0, m.phases, Reason.PHASE_SWITCH,
                        "to " + m.phases + (m.phases == 1 ? " phase" : " phases"));
            }
        }
    }

    /**
     * Stage 6, water-filling over the active leaves: pass 1 up to the requested current (demand tracking), pass 2
     * hands out the leftovers up to the supported current.
     */
    private void waterFill(Cycle c) {
        int k = c.active.size();
        int[] capSup = new int[k];
        WaterFill.Demand toRequested = demandUpToRequested(c, capSup);
        long[] budget = new long[tree.size() * 3];
        for (int nd = 0; nd < tree.size(); nd++) {
            for (int p = 0; p < 3; p++) {
                budget[nd * 3 + p] = c.limits[nd][p];
            }
        }
        WaterFill.Result pass1 = WaterFill.fill(tree, toRequested, budget);
        WaterFill.Result pass2 = WaterFill.fill(tree,
                new WaterFill.Demand(toRequested.node(), toRequested.mask(), pass1.level(), capSup), budget);
        c.used = new long[tree.size() * 3];
        for (int a = 0; a < k; a++) {
            int i = c.active.get(a);
            LeafMemory m = c.mem[i];
            int v = pass2.level()[a];
            addUse(c.used, toRequested.node()[a], toRequested.mask()[a], v);
            m.active = true;
            m.lastAllocMa = v;
            m.lastAllocPhases = m.phases;
            c.out[i] = granted(c.in(i), m, a, pass1, pass2, capSup[a]);
        }
    }

    /** The first pass's participants: the active leaves from their minimum up to their request; fills capSup. */
    private WaterFill.Demand demandUpToRequested(Cycle c, int[] capSup) {
        int k = c.active.size();
        int[] node = new int[k];
        int[] mask = new int[k];
        int[] floor = new int[k];
        int[] capReq = new int[k];
        for (int a = 0; a < k; a++) {
            int i = c.active.get(a);
            LeafInput in = c.in(i);
            LeafMemory m = c.mem[i];
            node[a] = c.node[i];
            mask[a] = in.rotation().mask(m.phases);
            floor[a] = minFor(in, m.phases);
            capSup[a] = Math.max(floor[a], in.maxMa());
            int requested = DemandTracking.requestedMa(s, in, m, floor[a], c.nowMs);
            capReq[a] = Math.max(floor[a], Math.min(capSup[a], requested));
        }
        return new WaterFill.Demand(node, mask, floor, capReq);
    }

    /** The allocation of active leaf {@code a} and the reason for it: what stopped it in which pass. */
    private Allocation granted(LeafInput in, LeafMemory m, int a, WaterFill.Result pass1, WaterFill.Result pass2,
                               int capSup) {
        int v = pass2.level()[a];
        Reason reason;
        String detail = "";
        if (v > pass1.level()[a]) {
            reason = v >= capSup ? Reason.SUPPORTED : Reason.LEFTOVER;
            if (pass2.boundBy()[a] >= 0) {
                detail = describe(pass2.boundBy()[a]);
            }
        } else if (pass1.boundBy()[a] >= 0) {
            int bound = pass1.boundBy()[a];
            reason = pass1.memberCount()[bound] > 1 ? Reason.FAIR_SHARE : Reason.FUSE;
            detail = describe(bound);
        } else if (v < capSup) {
            reason = Reason.REQUESTED;
        } else {
            reason = Reason.SUPPORTED;
        }
        return new Allocation(in.id(), v, m.phases, reason, detail);
    }

    /**
     * Stage 7, wake-up of paused or full cars with whatever water-filling left (WARP stage 9), least energy first:
     * each gets its minimum if it still fits, so a car that wants to resume can.
     */
    private void wakeUp(Cycle c) {
        c.lowPriority.sort(c.leastEnergyFirst);
        for (int i : c.lowPriority) {
            LeafInput in = c.in(i);
            LeafMemory m = c.mem[i];
            int min = minFor(in, m.phases);
            int mask = in.rotation().mask(m.phases) | in.rotation().mask(in.phasesInUse());
            if (min <= in.maxMa() && fitsUnused(c, c.node[i], mask, min)) {
                addUse(c.used, c.node[i], mask, min);
                m.active = false; // a paused car holds no place in the active set
                m.lastAllocMa = min;
                m.lastAllocPhases = m.phases;
                c.out[i] = new Allocation(in.id(), min, m.phases, Reason.WAKE_UP, "");
            } else {
                c.out[i] = off(in, m, Reason.WAKE_UP, "no current left");
            }
        }
    }

    /** True if {@code amount} more on every phase of {@code mask} stays within the limits of the node and above. */
    private boolean fitsUnused(Cycle c, int nd, int mask, int amount) {
        for (int a : tree.path(nd)) {
            for (int p = 0; p < 3; p++) {
                if ((mask & (1 << p)) != 0 && c.used[a * 3 + p] + amount > c.limits[a][p]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Time until the next rotation is due, or -1 when none is scheduled. */
    public long nextRotationAtMs() {
        return nextRotationAtMs;
    }

    private static boolean possible(LeafInput in, int phases) {
        return phases == 1 ? in.can1p() : phases == 3 && in.can3p();
    }

    private boolean switchAllowed(LeafInput in, LeafMemory m, long nowMs) {
        return in.canSwitchNow() && in.can1p() && in.can3p()
                && m.phaseSwitches < s.maxPhaseSwitchesPerSession()
                && nowMs - m.lastPhaseSwitchAt >= s.phaseSwitchHysteresisMs();
    }

    private int minFor(LeafInput in, int phases) {
        return Math.max(s.minimumMa(phases), in.minMa());
    }

    /**
     * Reserves leaf i's minimum if it fits (under the activation window's lowest limits when {@code windowed}),
     * trying one phase for a switchable three-phase leaf. Returns null on success, else the binding limit.
     */
    private String tryActivate(Cycle c, int i, boolean windowed) {
        LeafInput in = c.in(i);
        LeafMemory m = c.mem[i];
        int nd = c.node[i];
        int min = minFor(in, m.phases);
        if (min > in.maxMa()) {
            return "charger maximum " + in.maxMa() + " mA below the minimum " + min + " mA";
        }
        int mask = in.rotation().mask(m.phases) | in.rotation().mask(in.phasesInUse());
        String blocked = fits(c, nd, mask, min, windowed);
        if (blocked == null) {
            addUse(c.usedMin, nd, mask, min);
            return null;
        }
        if (m.phases == 3 && switchAllowed(in, m, c.nowMs)) {
            int min1 = minFor(in, 1);
            // While the car still runs on three phases the switch sequence pauses it first; count one phase.
            int mask1 = in.rotation().mask(1);
            if (min1 <= in.maxMa() && fits(c, nd, mask1, min1, windowed) == null) {
                addUse(c.usedMin, nd, mask1, min1);
                m.phases = 1;
                m.phaseSwitches++;
                m.lastPhaseSwitchAt = c.nowMs;
                return null;
            }
        }
        return blocked;
    }

    /** Null if {@code min} on every phase of {@code mask} fits at the node and all its ancestors. */
    private String fits(Cycle c, int nd, int mask, int min, boolean windowed) {
        for (int a : tree.path(nd)) {
            for (int p = 0; p < 3; p++) {
                if ((mask & (1 << p)) == 0) {
                    continue;
                }
                long limit = c.limits[a][p];
                if (windowed) {
                    limit = Math.min(limit, window.min(a, p));
                }
                if (c.usedMin[a * 3 + p] + min > limit) {
                    return "fuse L" + (p + 1) + " of node " + tree.node(a).id();
                }
            }
        }
        return null;
    }

    private void addUse(long[] use, int nd, int mask, int amount) {
        for (int a : tree.path(nd)) {
            for (int p = 0; p < 3; p++) {
                if ((mask & (1 << p)) != 0) {
                    use[a * 3 + p] += amount;
                }
            }
        }
    }

    private static Allocation off(LeafInput in, LeafMemory m, Reason reason, String detail) {
        m.active = false;
        m.lastAllocMa = 0;
        m.lastAllocPhases = 0;
        return new Allocation(in.id(), 0, m.phases, reason, detail);
    }

    private String describe(int constraint) {
        return "fuse L" + (constraint % 3 + 1) + " of node " + tree.node(constraint / 3).id();
    }
}
