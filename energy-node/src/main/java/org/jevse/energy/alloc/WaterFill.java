package org.jevse.energy.alloc;

import java.util.PriorityQueue;

/**
 * Per-phase progressive filling (max-min fairness) under every node of the tree: all participants rise together
 * from their floor; a participant stops at its cap, or when a node limit on one of its grid phases is reached, at
 * which point everyone under that node and phase stops at the same level. This is what WARP's stage 7 and
 * EVerest's slice trading approximate, computed exactly in mA.
 *
 * <p>Each (node, phase) pair is a constraint. The level a constraint allows never decreases when leaves elsewhere
 * freeze, so a heap of possibly stale levels is a heap of lower bounds: only the popped constraint needs
 * recomputing, which keeps 10,000 leaves well under the 100 ms goal.
 */
final class WaterFill {
    static final int UNBOUNDED = Integer.MAX_VALUE;

    /**
     * The participants of one fill, one entry per participant in each array.
     *
     * @param node  node index of each participant
     * @param mask  grid-phase mask of each participant
     * @param floor what each already has (must fit); the result is never below it
     * @param cap   the most each may get (≥ floor)
     */
    record Demand(int[] node, int[] mask, int[] floor, int[] cap) {
        int size() {
            return node.length;
        }
    }

    /**
     * What a fill gives.
     *
     * @param level       the current of each participant, mA
     * @param boundBy     the constraint (node * 3 + phase) that stopped each participant, or -1 if it reached its cap
     * @param memberCount how many participants share each constraint
     */
    record Result(int[] level, int[] boundBy, int[] memberCount) {
    }

    private final Tree tree;
    private final Demand d;
    /** Capacity per constraint (node * 3 + phase), mA; only read. */
    private final long[] budget;
    /** The participants of constraint c are members[start[c] .. start[c + 1]). */
    private final int[] start;
    private final int[] members;
    private final int[] memberCount;
    private final boolean[] frozen;
    /** Σ current of the frozen participants per constraint. */
    private final long[] fixed;
    /** A constraint whose heap entry may be stale because one of its members froze. */
    private final boolean[] dirty;
    private final int[] out;
    private final int[] boundBy;

    private WaterFill(Tree tree, Demand demand, long[] budget) {
        this.tree = tree;
        this.d = demand;
        this.budget = budget;
        int constraints = tree.size() * 3;
        int n = demand.size();
        this.start = new int[constraints + 1];
        this.memberCount = new int[constraints];
        this.frozen = new boolean[n];
        this.fixed = new long[constraints];
        this.dirty = new boolean[constraints];
        this.out = new int[n];
        this.boundBy = new int[n];
        for (int i = 0; i < n; i++) {
            for (int nd : tree.path(d.node()[i])) {
                for (int p = 0; p < 3; p++) {
                    if ((d.mask()[i] & (1 << p)) != 0) {
                        start[nd * 3 + p + 1]++;
                    }
                }
            }
        }
        for (int c = 0; c < constraints; c++) {
            start[c + 1] += start[c];
            memberCount[c] = start[c + 1] - start[c];
        }
        this.members = new int[start[constraints]];
        int[] fillAt = start.clone();
        for (int i = 0; i < n; i++) {
            for (int nd : tree.path(d.node()[i])) {
                for (int p = 0; p < 3; p++) {
                    if ((d.mask()[i] & (1 << p)) != 0) {
                        members[fillAt[nd * 3 + p]++] = i;
                    }
                }
            }
        }
    }

    /**
     * Fills every participant from its floor towards its cap under the remaining {@code budget} of each constraint.
     */
    static Result fill(Tree tree, Demand demand, long[] budget) {
        WaterFill f = new WaterFill(tree, demand, budget);
        f.run();
        return new Result(f.out, f.boundBy, f.memberCount);
    }

    private void run() {
        int constraints = memberCount.length;
        // Ties go to the lower constraint index (nodes in declaration order, then L1 before L2 before L3), so
        // the reason a leaf is given does not depend on heap internals.
        PriorityQueue<long[]> heap = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : Long.compare(a[1], b[1]));
        for (int c = 0; c < constraints; c++) {
            if (start[c + 1] > start[c]) {
                heap.add(new long[] {level(c), c});
            }
        }
        while (!heap.isEmpty()) {
            long[] top = heap.poll();
            int c = (int) top[1];
            if (dirty[c]) {
                dirty[c] = false;
                if (anyUnfrozen(c)) {
                    heap.add(new long[] {level(c), c});
                }
                continue;
            }
            if (top[0] == UNBOUNDED) {
                break; // every remaining constraint has room for everyone at their cap
            }
            freezeAt(c, (int) top[0]);
            dirty[c] = false; // all its members are frozen now; it is never pushed again
        }
        for (int i = 0; i < d.size(); i++) {
            if (!frozen[i]) {
                out[i] = d.cap()[i];
                boundBy[i] = -1;
            }
        }
    }

    private boolean anyUnfrozen(int c) {
        for (int k = start[c]; k < start[c + 1]; k++) {
            if (!frozen[members[k]]) {
                return true;
            }
        }
        return false;
    }

    /** Stops every unfrozen member of constraint c at {@code level} (within its floor and cap). */
    private void freezeAt(int c, int level) {
        for (int k = start[c]; k < start[c + 1]; k++) {
            int j = members[k];
            if (frozen[j]) {
                continue;
            }
            frozen[j] = true;
            int v = Math.max(d.floor()[j], Math.min(level, d.cap()[j]));
            out[j] = v;
            boundBy[j] = v < d.cap()[j] ? c : -1;
            for (int nd : tree.path(d.node()[j])) {
                for (int p = 0; p < 3; p++) {
                    if ((d.mask()[j] & (1 << p)) != 0) {
                        fixed[nd * 3 + p] += v;
                        dirty[nd * 3 + p] = true;
                    }
                }
            }
        }
    }

    /** The highest common level L at which constraint c still holds, or UNBOUNDED if all fit at their caps. */
    private int level(int c) {
        long room = budget[c] - fixed[c];
        int hi = 0;
        long atCap = 0;
        for (int k = start[c]; k < start[c + 1]; k++) {
            int j = members[k];
            if (!frozen[j]) {
                atCap += d.cap()[j];
                hi = Math.max(hi, d.cap()[j]);
            }
        }
        if (atCap <= room) {
            return UNBOUNDED;
        }
        int lo = 0;
        if (sumAt(0, c) > room) {
            return 0; // even the floors do not fit: callers only pass floors that fit, so this is defensive
        }
        while (lo < hi) { // largest L in [lo, hi) with sum(L) <= room
            int mid = (int) (((long) lo + hi + 1) >>> 1);
            if (sumAt(mid, c) <= room) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private long sumAt(int level, int c) {
        long sum = 0;
        for (int k = start[c]; k < start[c + 1]; k++) {
            int j = members[k];
            if (!frozen[j]) {
                sum += Math.max(d.floor()[j], Math.min(level, d.cap()[j]));
            }
        }
        return sum;
    }
}
