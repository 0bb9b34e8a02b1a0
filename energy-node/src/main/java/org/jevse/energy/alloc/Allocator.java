package org.jevse.energy.alloc;

import java.util.ArrayList;
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
 * Every "first" above is within a priority: higher-priority leaves are kept, activated, rotated in, filled and
 * woken before lower ones ({@link LeafInput#priority()}, {@link PriorityFill}); with one priority it is the
 * fair order alone.
 * Whatever it returns satisfies Σ allocation ≤ limit for every node and phase; safe roll-out of a change is the
 * {@link Dispatcher}'s job.
 */
public final class Allocator {

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
        Cycle c = new Cycle(tree, nowMs, limits, leaves);
        bookkeeping(c);
        if (rotationDue(nowMs)) {
            rotate(c);
        } else {
            keepAndActivate(c);
        }
        scheduleRotation(c);
        switchToThreePhases(c);
        holdPhaseSwitches(c);
        waterFill(c);
        wakeUp(c);
        return List.of(c.out);
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
            m.account(in, dtH, c.nowMs);
            c.node[i] = tree.indexOf(in.node());
            if (m.phases == 0 || !possible(in, m.phases)) {
                m.phases = in.phasesInUse() > 0 && possible(in, in.phasesInUse()) ? in.phasesInUse()
                        : (in.can3p() ? 3 : 1);
            }
            sortIntoStage(c, i);
        }
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
     * Stages 2 and 4, priority by priority from the highest: keep, then activate. With one priority this is keep
     * for everyone and then activation; a higher priority reserves its minimums before a lower one is kept, so a
     * waiting leaf of a higher priority sheds running leaves of a lower one (WARP: rotated for a higher priority).
     */
    private void keepAndActivate(Cycle c) {
        c.keep.sort(c.serveOrder);
        c.waiting.sort(c.serveOrder);
        int k = 0;
        int w = 0;
        while (k < c.keep.size() || w < c.waiting.size()) {
            int p = Math.max(k < c.keep.size() ? c.priority(c.keep.get(k)) : Integer.MIN_VALUE,
                    w < c.waiting.size() ? c.priority(c.waiting.get(w)) : Integer.MIN_VALUE);
            int k0 = k;
            int w0 = w;
            while (k < c.keep.size() && c.priority(c.keep.get(k)) == p) {
                k++;
            }
            while (w < c.waiting.size() && c.priority(c.waiting.get(w)) == p) {
                w++;
            }
            keep(c, c.keep.subList(k0, k));
            activate(c, c.waiting.subList(w0, w));
        }
    }

    /**
     * Stage 2, keep: the leaves that were on stay on while their minimum still fits, least energy first, so an
     * overload sheds the leaves that have had the most.
     */
    private void keep(Cycle c, List<Integer> keep) {
        for (int i : keep) {
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
        all.sort(c.serveOrder);
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
    private void activate(Cycle c, List<Integer> waiting) {
        for (int i : waiting) {
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
                c.reserveMinimum(c.node[i], mask1, -min1);
                int mask3 = 0b111;
                if (c.fitsMinimum(c.node[i], mask3, minFor(in, 3), window) == null) {
                    c.reserveMinimum(c.node[i], mask3, minFor(in, 3));
                    m.switchPhases(3, c.nowMs);
                } else {
                    c.reserveMinimum(c.node[i], mask1, min1);
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
                m.granted(true, 0, 0);
                c.out[i] = new Allocation(in.id(), 0, m.phases, Reason.PHASE_SWITCH,
                        "to " + m.phases + (m.phases == 1 ? " phase" : " phases"));
            }
        }
    }

    /**
     * Stage 6, water-filling over the active leaves by priority: pass 1 up to the requested current (demand
     * tracking), pass 2 hands out the leftovers up to the supported current ({@link PriorityFill}).
     */
    private void waterFill(Cycle c) {
        PriorityFill.fill(c, tree, s);
    }

    /**
     * Stage 7, wake-up of paused or full cars with whatever water-filling left (WARP stage 9), least energy first:
     * each gets its minimum if it still fits, so a car that wants to resume can.
     */
    private void wakeUp(Cycle c) {
        c.lowPriority.sort(c.serveOrder);
        for (int i : c.lowPriority) {
            LeafInput in = c.in(i);
            LeafMemory m = c.mem[i];
            int min = minFor(in, m.phases);
            int mask = in.rotation().mask(m.phases) | in.rotation().mask(in.phasesInUse());
            if (min <= in.maxMa() && c.fitsUnused(c.node[i], mask, min)) {
                c.grant(c.node[i], mask, min);
                m.granted(false, min, m.phases); // a paused car holds no place in the active set
                c.out[i] = new Allocation(in.id(), min, m.phases, Reason.WAKE_UP, "");
            } else {
                c.out[i] = off(in, m, Reason.WAKE_UP, "no current left");
            }
        }
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
        return s.minimumMa(in, phases);
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
        String blocked = c.fitsMinimum(nd, mask, min, windowed ? window : null);
        if (blocked == null) {
            c.reserveMinimum(nd, mask, min);
            return null;
        }
        if (m.phases == 3 && switchAllowed(in, m, c.nowMs)) {
            int min1 = minFor(in, 1);
            // While the car still runs on three phases the switch sequence pauses it first; count one phase.
            int mask1 = in.rotation().mask(1);
            if (min1 <= in.maxMa() && c.fitsMinimum(nd, mask1, min1, windowed ? window : null) == null) {
                c.reserveMinimum(nd, mask1, min1);
                m.switchPhases(1, c.nowMs);
                return null;
            }
        }
        return blocked;
    }

    private static Allocation off(LeafInput in, LeafMemory m, Reason reason, String detail) {
        m.granted(false, 0, 0);
        return new Allocation(in.id(), 0, m.phases, reason, detail);
    }
}
