package org.jevse.energy.alloc;

import java.util.Objects;

/**
 * What the allocator knows about one leaf in one cycle: the leaf's last report, plus where it hangs in the tree.
 *
 * @param id                leaf id
 * @param node              id of the tree node (circuit) the leaf is attached to
 * @param rotation          how its phases map onto the grid phases
 * @param state             its session state
 * @param minMa             the smallest current per phase it can use (its hardware minimum), 0 if it has none
 * @param maxMa             the largest current per phase it could use now (cable, hardware, local limits)
 * @param phasesInUse       1 or 3 (0 if unknown: the allocator then assumes the largest possible)
 * @param can1p             it can charge on one phase
 * @param can3p             it can charge on three phases
 * @param canSwitchNow      it can switch between 1 and 3 phases now
 * @param maxMeasuredMa     the largest measured phase current, or -1 when it has no phase meter
 * @param priority          {@value #MIN_PRIORITY} to {@value #MAX_PRIORITY}, higher first; leaves of one priority share
 *                          fairly (docs/energy-tree.md, Priorities)
 */
public record LeafInput(String id, String node, PhaseRotation rotation, LeafState state, int minMa, int maxMa,
                        int phasesInUse, boolean can1p, boolean can3p, boolean canSwitchNow, int maxMeasuredMa,
                        int priority) {
    /** The lowest priority (balanz's priorities are small integers, higher first). */
    public static final int MIN_PRIORITY = 0;
    /** The highest priority. */
    public static final int MAX_PRIORITY = 9;
    /** A charger without a configured priority (balanz's default, 1). */
    public static final int DEFAULT_PRIORITY = 1;

    /** A leaf at the default priority. */
    public LeafInput(String id, String node, PhaseRotation rotation, LeafState state, int minMa, int maxMa,
                     int phasesInUse, boolean can1p, boolean can3p, boolean canSwitchNow, int maxMeasuredMa) {
        this(id, node, rotation, state, minMa, maxMa, phasesInUse, can1p, can3p, canSwitchNow, maxMeasuredMa,
                DEFAULT_PRIORITY);
    }

    public LeafInput {
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("leaf " + id + ": priority " + priority + "; allowed: "
                    + MIN_PRIORITY + " to " + MAX_PRIORITY);
        }
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(rotation, "rotation");
        Objects.requireNonNull(state, "state");
        if (!can1p && !can3p) {
            throw new IllegalArgumentException("leaf " + id + " can use neither 1 nor 3 phases");
        }
    }
}
