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

    private WaterFill() {
    }

    /**
     * @param tree    the tree
     * @param n       number of participants
     * @param node    node index of each participant
     * @param mask    grid-phase mask of each participant
     * @param floor   what each already has (must fit); the result is never below it
     * @param cap     the most each may get (≥ floor)
     * @param budget  remaining capacity per constraint (node * 3 + phase), mA
     * @param out     result per participant
     * @param boundBy the constraint that stopped each participant, or -1 if it reached its cap
     */
    static void fill(Tree tree, int n, int[] node, int[] mask, int[] floor, int[] cap, long[] budget, int[] out,
                     int[] boundBy, int[] memberCount) {
        int constraints = tree.size() * 3;
        int[] start = new int[constraints + 1];
        for (int i = 0; i < n; i++) {
            for (int nd : tree.path(node[i])) {
                for (int p = 0; p < 3; p++) {
                    if ((mask[i] & (1 << p)) != 0) {
                        start[nd * 3 + p + 1]++;
                    }
                }
            }
        }
        for (int c = 0; c < constraints; c++) {
            start[c + 1] += start[c];
            memberCount[c] = start[c + 1] - start[c];
        }
        int[] members = new int[start[constraints]];
        int[] fillAt = start.clone();
        for (int i = 0; i < n; i++) {
            for (int nd : tree.path(node[i])) {
                for (int p = 0; p < 3; p++) {
                    if ((mask[i] & (1 << p)) != 0) {
                        members[fillAt[nd * 3 + p]++] = i;
                    }
                }
            }
        }
        boolean[] frozen = new boolean[n];
        long[] fixed = new long[constraints];
        boolean[] dirty = new boolean[constraints];
        // Ties go to the lower constraint index (nodes in declaration order, then L1 before L2 before L3), so
        // the reason a leaf is given does not depend on heap internals.
        PriorityQueue<long[]> heap = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : Long.compare(a[1], b[1]));
        for (int c = 0; c < constraints; c++) {
            if (start[c + 1] > start[c]) {
                heap.add(new long[] {level(c, start, members, frozen, fixed, floor, cap, budget), c});
            }
        }
        while (!heap.isEmpty()) {
            long[] top = heap.poll();
            int c = (int) top[1];
            if (dirty[c]) {
                dirty[c] = false;
                boolean any = false;
                for (int k = start[c]; k < start[c + 1] && !any; k++) {
                    any = !frozen[members[k]];
                }
                if (any) {
                    heap.add(new long[] {level(c, start, members, frozen, fixed, floor, cap, budget), c});
                }
                continue;
            }
            if (top[0] == UNBOUNDED) {
                break; // every remaining constraint has room for everyone at their cap
            }
            int level = (int) top[0];
            for (int k = start[c]; k < start[c + 1]; k++) {
                int j = members[k];
                if (frozen[j]) {
                    continue;
                }
                frozen[j] = true;
                int v = Math.max(floor[j], Math.min(level, cap[j]));
                out[j] = v;
                boundBy[j] = v < cap[j] ? c : -1;
                for (int nd : tree.path(node[j])) {
                    for (int p = 0; p < 3; p++) {
                        if ((mask[j] & (1 << p)) != 0) {
                            fixed[nd * 3 + p] += v;
                            dirty[nd * 3 + p] = true;
                        }
                    }
                }
            }
            dirty[c] = false; // all its members are frozen now; it is never pushed again
        }
        for (int i = 0; i < n; i++) {
            if (!frozen[i]) {
                out[i] = cap[i];
                boundBy[i] = -1;
            }
        }
    }

    /** The highest common level L at which constraint c still holds, or UNBOUNDED if all fit at their caps. */
    private static int level(int c, int[] start, int[] members, boolean[] frozen, long[] fixed, int[] floor,
                             int[] cap, long[] budget) {
        long room = budget[c] - fixed[c];
        int hi = 0;
        long atCap = 0;
        for (int k = start[c]; k < start[c + 1]; k++) {
            int j = members[k];
            if (!frozen[j]) {
                atCap += cap[j];
                hi = Math.max(hi, cap[j]);
            }
        }
        if (atCap <= room) {
            return UNBOUNDED;
        }
        int lo = 0;
        if (sumAt(0, c, start, members, frozen, floor, cap) > room) {
            return 0; // even the floors do not fit: callers only pass floors that fit, so this is defensive
        }
        while (lo < hi) { // largest L in [lo, hi) with sum(L) <= room
            int mid = (int) (((long) lo + hi + 1) >>> 1);
            if (sumAt(mid, c, start, members, frozen, floor, cap) <= room) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static long sumAt(int level, int c, int[] start, int[] members, boolean[] frozen, int[] floor, int[] cap) {
        long sum = 0;
        for (int k = start[c]; k < start[c + 1]; k++) {
            int j = members[k];
            if (!frozen[j]) {
                sum += Math.max(floor[j], Math.min(level, cap[j]));
            }
        }
        return sum;
    }
}
