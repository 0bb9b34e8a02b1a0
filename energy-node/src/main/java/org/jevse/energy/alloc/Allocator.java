package org.jevse.energy.alloc;

import java.util.ArrayDeque;
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
 * <p>Pipeline (after WARP's allocate_current, charge-manager.md §1.5):
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

    private static final long NEVER = Long.MIN_VALUE / 4;
    /** Nominal phase voltage for the allocated-energy bookkeeping (WARP uses 230 V as well). */
    private static final double VOLTS = 230.0;

    private final Tree tree;
    private final AllocatorSettings s;
    private final Map<String, Memory> memory = new HashMap<>();
    private final SlidingMin[] window;
    private long nextRotationAtMs = -1;
    private long lastRunMs = -1;
    private long[] usedMin;
    private int[][] limits;

    /** What the allocator remembers about a leaf between cycles. */
    private static final class Memory {
        boolean active;
        int phases;
        long deactivatedAt = NEVER;
        boolean shedByManager;
        long chargingSince = -1;
        long useSupportedUntil = NEVER;
        /** The request by measurement in force (demand tracking), or -1 while the supported current is used. */
        int trackedMa = -1;
        int lastAllocMa;
        int lastAllocPhases;
        int phaseSwitches;
        long lastPhaseSwitchAt = NEVER;
        double allocatedWh;
        LeafState lastState = LeafState.IDLE;
    }

    public Allocator(Tree tree, AllocatorSettings settings) {
        this.tree = tree;
        this.s = settings;
        this.window = new SlidingMin[tree.size() * 3];
        for (int i = 0; i < window.length; i++) {
            window[i] = new SlidingMin();
        }
    }

    public Tree tree() {
        return tree;
    }

    public AllocatorSettings settings() {
        return s;
    }

    /** Allocated energy of a leaf's session so far (the rotation key), in Wh. */
    public double allocatedWh(String leafId) {
        Memory m = memory.get(leafId);
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
     * One cycle.
     *
     * @param nowMs  monotonic time
     * @param limits limits now, [node][phase] in mA
     * @param leaves every known leaf
     * @return one allocation per leaf, in input order
     */
    public List<Allocation> allocate(long nowMs, int[][] limits, List<LeafInput> leaves) {
        this.limits = limits;
        double dtH = lastRunMs < 0 ? 0 : Math.max(0, nowMs - lastRunMs) / 3_600_000.0;
        lastRunMs = nowMs;
        for (int nd = 0; nd < tree.size(); nd++) {
            for (int p = 0; p < 3; p++) {
                window[nd * 3 + p].add(nowMs, limits[nd][p], s.activationWindowMs());
            }
        }
        int n = leaves.size();
        Allocation[] out = new Allocation[n];
        Memory[] mem = new Memory[n];
        int[] node = new int[n];
        int[] requested = new int[n];
        usedMin = new long[tree.size() * 3];
        List<Integer> keep = new ArrayList<>();
        List<Integer> waiting = new ArrayList<>();
        List<Integer> lowPriority = new ArrayList<>();

        for (int i = 0; i < n; i++) {
            LeafInput in = leaves.get(i);
            Memory m = memory.computeIfAbsent(in.id(), k -> new Memory());
            mem[i] = m;
            m.allocatedWh += m.lastAllocMa / 1000.0 * m.lastAllocPhases * VOLTS * dtH;
            boolean sessionEnded = (in.state() == LeafState.IDLE) && m.lastState != LeafState.IDLE;
            if (sessionEnded) {
                m.phases = 0; // the next car starts on the phases it reports, not on the last car's
                m.allocatedWh = 0;
                m.phaseSwitches = 0;
                m.active = false;
                m.shedByManager = false;
                m.useSupportedUntil = NEVER;
                m.trackedMa = -1;
            }
            m.chargingSince = in.state() == LeafState.CHARGING ? (m.chargingSince < 0 ? nowMs : m.chargingSince) : -1;
            m.lastState = in.state();
            node[i] = tree.indexOf(in.node());
            if (m.phases == 0 || !possible(in, m.phases)) {
                m.phases = in.phasesInUse() > 0 && possible(in, in.phasesInUse()) ? in.phasesInUse() : (in.can3p() ? 3 : 1);
            }
            if (node[i] < 0) {
                out[i] = off(in, m, Reason.ERROR, "unknown node " + in.node(), nowMs);
                continue;
            }
            switch (in.state()) {
                case IDLE -> {
                    // No session: no phase decision either. The next car starts on the phases it reports, and an
                    // idle charger is never told to switch.
                    off(in, m, Reason.NOT_CHARGING, "", nowMs);
                    m.phases = 0;
                    out[i] = new Allocation(in.id(), 0, in.phasesInUse() > 0 ? in.phasesInUse() : (in.can3p() ? 3 : 1),
                            Reason.NOT_CHARGING, "");
                }
                case ERROR -> out[i] = off(in, m, Reason.ERROR, "", nowMs);
                case EV_PAUSED -> lowPriority.add(i);
                default -> (m.active ? keep : waiting).add(i);
            }
        }
        Comparator<Integer> leastEnergyFirst = Comparator.<Integer>comparingDouble(i -> mem[i].allocatedWh)
                .thenComparing(i -> leaves.get(i).id());

        boolean rotateNow = s.rotationIntervalMs() > 0 && nextRotationAtMs >= 0 && nowMs >= nextRotationAtMs;
        List<Integer> active = new ArrayList<>();
        boolean starving = false;
        if (rotateNow) {
            // Rotation: rebuild the active set from scratch, least energy first, so nobody starves (WARP stage 1).
            List<Integer> all = new ArrayList<>(keep);
            all.addAll(waiting);
            all.sort(leastEnergyFirst);
            for (int i : all) {
                LeafInput in = leaves.get(i);
                Memory m = mem[i];
                String blocked = tryActivate(in, m, node[i], nowMs, false);
                if (blocked == null) {
                    active.add(i);
                } else {
                    starving = true;
                    if (m.active) {
                        m.deactivatedAt = nowMs;
                        m.shedByManager = true;
                    }
                    out[i] = off(in, m, Reason.ROTATION, blocked, nowMs);
                }
            }
            nextRotationAtMs = -1;
        } else {
            keep.sort(leastEnergyFirst);
            for (int i : keep) {
                LeafInput in = leaves.get(i);
                String blocked = tryActivate(in, mem[i], node[i], nowMs, false);
                if (blocked == null) {
                    active.add(i);
                } else {
                    mem[i].deactivatedAt = nowMs;
                    mem[i].shedByManager = true;
                    out[i] = off(in, mem[i], Reason.MINIMUM_NOT_REACHABLE, blocked, nowMs);
                    starving = true;
                }
            }
            waiting.sort(leastEnergyFirst);
            for (int i : waiting) {
                LeafInput in = leaves.get(i);
                Memory m = mem[i];
                if (m.shedByManager && nowMs - m.deactivatedAt < s.switchOnHysteresisMs()) {
                    out[i] = off(in, m, Reason.HYSTERESIS,
                            "switched off " + (nowMs - m.deactivatedAt) / 1000 + " s ago", nowMs);
                    starving = true;
                    continue;
                }
                String blocked = tryActivate(in, m, node[i], nowMs, true);
                if (blocked == null) {
                    active.add(i);
                } else {
                    out[i] = off(in, m, Reason.MINIMUM_NOT_REACHABLE, blocked, nowMs);
                    starving = true;
                }
            }
        }
        if (!starving) {
            nextRotationAtMs = -1;
        } else if (nextRotationAtMs < 0 && s.rotationIntervalMs() > 0) {
            nextRotationAtMs = nowMs + s.rotationIntervalMs();
        }

        // 1→3 phase switches: only when one phase is already carrying as much as three would at their minimum.
        for (int i : active) {
            LeafInput in = leaves.get(i);
            Memory m = mem[i];
            if (m.phases == 1 && in.can3p() && switchAllowed(in, m, nowMs)) {
                int upAt = Math.min(in.maxMa(), 3 * minFor(in, 3) + s.phaseUpHeadroomMa());
                if (m.lastAllocMa >= upAt && m.lastAllocPhases == 1) {
                    int min1 = minFor(in, 1);
                    int mask1 = in.rotation().mask(1) | in.rotation().mask(in.phasesInUse());
                    addMin(node[i], mask1, -min1);
                    int mask3 = 0b111;
                    if (fits(node[i], mask3, minFor(in, 3), true) == null) {
                        addMin(node[i], mask3, minFor(in, 3));
                        m.phases = 3;
                        m.phaseSwitches++;
                        m.lastPhaseSwitchAt = nowMs;
                    } else {
                        addMin(node[i], mask1, min1);
                    }
                }
            }
        }

        // A leaf that is to change its phase count gets 0 A until it reports the new count: the switch pauses the
        // car anyway, and no current is granted on phases the leaf is not known to use.
        List<Integer> switching = new ArrayList<>();
        for (Iterator<Integer> it = active.iterator(); it.hasNext(); ) {
            int i = it.next();
            LeafInput in = leaves.get(i);
            if (in.phasesInUse() > 0 && in.phasesInUse() != mem[i].phases) {
                it.remove();
                switching.add(i);
                mem[i].active = true;
                mem[i].lastAllocMa = 0;
                mem[i].lastAllocPhases = 0;
                out[i] = new Allocation(in.id(), 0, mem[i].phases, Reason.PHASE_SWITCH,
                        "to " + mem[i].phases + (mem[i].phases == 1 ? " phase" : " phases"));
            }
        }

        // Water-filling: pass 1 up to the requested current, pass 2 (leftovers) up to the supported current.
        int k = active.size();
        int[] aNode = new int[k];
        int[] aMask = new int[k];
        int[] floor = new int[k];
        int[] capReq = new int[k];
        int[] capSup = new int[k];
        for (int a = 0; a < k; a++) {
            int i = active.get(a);
            LeafInput in = leaves.get(i);
            Memory m = mem[i];
            aNode[a] = node[i];
            aMask[a] = in.rotation().mask(m.phases);
            floor[a] = minFor(in, m.phases);
            capSup[a] = Math.max(floor[a], in.maxMa());
            requested[i] = requestedMa(in, m, floor[a], nowMs);
            capReq[a] = Math.max(floor[a], Math.min(capSup[a], requested[i]));
        }
        long[] budget = new long[tree.size() * 3];
        for (int nd = 0; nd < tree.size(); nd++) {
            for (int p = 0; p < 3; p++) {
                budget[nd * 3 + p] = limits[nd][p];
            }
        }
        int[] pass1 = new int[k];
        int[] bound1 = new int[k];
        int[] members = new int[tree.size() * 3];
        WaterFill.fill(tree, k, aNode, aMask, floor, capReq, budget, pass1, bound1, members);
        int[] pass2 = new int[k];
        int[] bound2 = new int[k];
        WaterFill.fill(tree, k, aNode, aMask, pass1, capSup, budget, pass2, bound2, new int[tree.size() * 3]);
        long[] used = new long[tree.size() * 3];
        for (int a = 0; a < k; a++) {
            int i = active.get(a);
            LeafInput in = leaves.get(i);
            Memory m = mem[i];
            int v = pass2[a];
            Reason reason;
            String detail = "";
            if (v > pass1[a]) {
                reason = v >= capSup[a] ? Reason.SUPPORTED : Reason.LEFTOVER;
                if (bound2[a] >= 0) {
                    detail = describe(bound2[a]);
                }
            } else if (bound1[a] >= 0) {
                reason = members[bound1[a]] > 1 ? Reason.FAIR_SHARE : Reason.FUSE;
                detail = describe(bound1[a]);
            } else if (v < capSup[a]) {
                reason = Reason.REQUESTED;
            } else {
                reason = Reason.SUPPORTED;
            }
            addUse(used, aNode[a], aMask[a], v);
            m.active = true;
            m.lastAllocMa = v;
            m.lastAllocPhases = m.phases;
            out[i] = new Allocation(in.id(), v, m.phases, reason, detail);
        }

        // Wake-up of paused or full cars with whatever is left (WARP stage 9), least energy first.
        lowPriority.sort(leastEnergyFirst);
        for (int i : lowPriority) {
            LeafInput in = leaves.get(i);
            Memory m = mem[i];
            int min = minFor(in, m.phases);
            int mask = in.rotation().mask(m.phases) | in.rotation().mask(in.phasesInUse());
            boolean fit = min <= in.maxMa();
            for (int nd : tree.path(node[i])) {
                for (int p = 0; p < 3 && fit; p++) {
                    if ((mask & (1 << p)) != 0 && used[nd * 3 + p] + min > limits[nd][p]) {
                        fit = false;
                    }
                }
            }
            if (fit) {
                addUse(used, node[i], mask, min);
                m.active = false; // a paused car holds no place in the active set
                m.lastAllocMa = min;
                m.lastAllocPhases = m.phases;
                out[i] = new Allocation(in.id(), min, m.phases, Reason.WAKE_UP, "");
            } else {
                out[i] = off(in, m, Reason.WAKE_UP, "no current left", nowMs);
            }
        }
        return List.of(out);
    }

    /** Time until the next rotation is due, or -1 when none is scheduled. */
    public long nextRotationAtMs() {
        return nextRotationAtMs;
    }

    private static boolean possible(LeafInput in, int phases) {
        return phases == 1 ? in.can1p() : phases == 3 && in.can3p();
    }

    private boolean switchAllowed(LeafInput in, Memory m, long nowMs) {
        return in.canSwitchNow() && in.can1p() && in.can3p()
                && m.phaseSwitches < s.maxPhaseSwitchesPerSession()
                && nowMs - m.lastPhaseSwitchAt >= s.phaseSwitchHysteresisMs();
    }

    private int minFor(LeafInput in, int phases) {
        return Math.max(s.minimumMa(phases), in.minMa());
    }

    /**
     * Reserves the leaf's minimum if it fits (under the activation window's lowest limits when {@code windowed}),
     * trying one phase for a switchable three-phase leaf. Returns null on success, else the binding limit.
     */
    private String tryActivate(LeafInput in, Memory m, int nd, long nowMs, boolean windowed) {
        int min = minFor(in, m.phases);
        if (min > in.maxMa()) {
            return "charger maximum " + in.maxMa() + " mA below the minimum " + min + " mA";
        }
        int mask = in.rotation().mask(m.phases) | in.rotation().mask(in.phasesInUse());
        String blocked = fits(nd, mask, min, windowed);
        if (blocked == null) {
            addMin(nd, mask, min);
            return null;
        }
        if (m.phases == 3 && switchAllowed(in, m, nowMs)) {
            int min1 = minFor(in, 1);
            // While the car still runs on three phases the switch sequence pauses it first; count one phase.
            int mask1 = in.rotation().mask(1);
            if (min1 <= in.maxMa() && fits(nd, mask1, min1, windowed) == null) {
                addMin(nd, mask1, min1);
                m.phases = 1;
                m.phaseSwitches++;
                m.lastPhaseSwitchAt = nowMs;
                return null;
            }
        }
        return blocked;
    }

    /** Null if {@code min} on every phase of {@code mask} fits at the node and all its ancestors. */
    private String fits(int nd, int mask, int min, boolean windowed) {
        for (int a : tree.path(nd)) {
            for (int p = 0; p < 3; p++) {
                if ((mask & (1 << p)) == 0) {
                    continue;
                }
                long limit = limits[a][p];
                if (windowed) {
                    limit = Math.min(limit, window[a * 3 + p].min());
                }
                if (usedMin[a * 3 + p] + min > limit) {
                    return "fuse L" + (p + 1) + " of node " + tree.node(a).id();
                }
            }
        }
        return null;
    }

    private void addMin(int nd, int mask, int amount) {
        addUse(usedMin, nd, mask, amount);
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

    /**
     * Demand tracking as WARP does it (charge-manager.md §1.4): the supported current, until the car has charged
     * for the threshold time; then the largest measured phase current plus the margin. A car whose request is above
     * its allocation is held back and may want more: it gets the supported current again for one threshold time
     * (fast ramp-up).
     *
     * <p>Demand tracking settles where allocation = measured + margin, so the ramp must not restart when the request
     * merely reaches the allocation: a car that draws less than it may would be raised to its maximum and cut back
     * every threshold time, and its neighbours with it. And a car's draw and its meter wander by a few hundred mA:
     * a request that followed every such move, or restarted the ramp whenever it rose above the allocation, would
     * move the PWM of the car and of its neighbours every cycle. Hence the dead band
     * ({@link AllocatorSettings#requestedCurrentDeadBandMa()}) on both decisions.
     */
    private int requestedMa(LeafInput in, Memory m, int min, long nowMs) {
        int supported = in.maxMa();
        if (in.state() != LeafState.CHARGING || m.chargingSince < 0
                || nowMs - m.chargingSince < s.requestedCurrentThresholdMs() || in.maxMeasuredMa() <= 0) {
            m.trackedMa = -1;
            return supported;
        }
        int byMeasurement = in.maxMeasuredMa() + s.requestedCurrentMarginMa();
        int band = s.requestedCurrentDeadBandMa();
        if (m.lastAllocMa > 0 && byMeasurement > m.lastAllocMa + band) {
            m.useSupportedUntil = nowMs + s.requestedCurrentThresholdMs();
        }
        if (nowMs < m.useSupportedUntil) {
            m.trackedMa = -1;
            return supported;
        }
        if (m.trackedMa < 0 || Math.abs(byMeasurement - m.trackedMa) > band) {
            m.trackedMa = byMeasurement;
        }
        return Math.max(min, Math.min(supported, m.trackedMa));
    }

    private Allocation off(LeafInput in, Memory m, Reason reason, String detail, long nowMs) {
        m.active = false;
        m.lastAllocMa = 0;
        m.lastAllocPhases = 0;
        return new Allocation(in.id(), 0, m.phases, reason, detail);
    }

    private String describe(int constraint) {
        return "fuse L" + (constraint % 3 + 1) + " of node " + tree.node(constraint / 3).id();
    }

    /** Sliding-window minimum of one limit (monotonic deque). */
    private static final class SlidingMin {
        private final ArrayDeque<long[]> q = new ArrayDeque<>();

        void add(long t, long v, long windowMs) {
            while (!q.isEmpty() && q.peekLast()[1] >= v) {
                q.pollLast();
            }
            q.addLast(new long[] {t, v});
            while (q.size() > 1 && q.peekFirst()[0] < t - windowMs) {
                q.pollFirst();
            }
        }

        long min() {
            return q.isEmpty() ? Long.MAX_VALUE : q.peekFirst()[1];
        }
    }
}
