package org.jevse.energy.alloc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The state of one {@link Allocator} cycle, shared by its stages and dropped at its end; what must outlive the
 * cycle is in {@link LeafMemory}. Leaves are referred to by their index in the input list. It also keeps the two
 * tallies per constraint (node * 3 + phase) that the stages check against the limits: the reserved minimums and,
 * after water-filling, what was granted.
 */
final class Cycle {
    final long nowMs;
    /** Limits now, [node][phase] in mA. */
    final int[][] limits;
    final List<LeafInput> leaves;
    final Allocation[] out;
    final LeafMemory[] mem;
    /** Tree index of each leaf's node, -1 if unknown. */
    final int[] node;
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
    /**
     * The order leaves are served in: higher priority first, then least allocated energy (the fairness key), the
     * leaf id breaking ties.
     */
    final Comparator<Integer> serveOrder;

    private final Tree tree;
    /** Minimums reserved by keep, rotation, activation and phase switching, per node * 3 + phase. */
    private final long[] usedMin;
    /** What water-filling granted, per node * 3 + phase: wake-up takes only what is left. */
    private final long[] used;

    Cycle(Tree tree, long nowMs, int[][] limits, List<LeafInput> leaves) {
        this.tree = tree;
        this.nowMs = nowMs;
        this.limits = limits;
        this.leaves = leaves;
        int n = leaves.size();
        this.out = new Allocation[n];
        this.mem = new LeafMemory[n];
        this.node = new int[n];
        this.usedMin = new long[tree.size() * 3];
        this.used = new long[tree.size() * 3];
        this.serveOrder = Comparator.<Integer>comparingInt(i -> -leaves.get(i).priority())
                .thenComparingDouble(i -> mem[i].allocatedWh)
                .thenComparing(i -> leaves.get(i).id());
    }

    LeafInput in(int i) {
        return leaves.get(i);
    }

    int priority(int i) {
        return leaves.get(i).priority();
    }

    /**
     * Null if {@code min} more reserved on every phase of {@code mask} fits at node {@code nd} and all its
     * ancestors (under the activation window's lowest limits too when {@code window} is not null), else the
     * binding limit.
     */
    String fitsMinimum(int nd, int mask, int min, ActivationWindow window) {
        for (int a : tree.path(nd)) {
            for (int p = 0; p < 3; p++) {
                if ((mask & (1 << p)) == 0) {
                    continue;
                }
                long limit = window == null ? limits[a][p] : Math.min(limits[a][p], window.min(a, p));
                if (usedMin[a * 3 + p] + min > limit) {
                    return describe(a * 3 + p);
                }
            }
        }
        return null;
    }

    /** Reserves (or with a negative amount, returns) a minimum on every phase of {@code mask}. */
    void reserveMinimum(int nd, int mask, int amount) {
        add(usedMin, nd, mask, amount);
    }

    /** True if {@code amount} more granted on every phase of {@code mask} stays within the limits of the node and above. */
    boolean fitsUnused(int nd, int mask, int amount) {
        for (int a : tree.path(nd)) {
            for (int p = 0; p < 3; p++) {
                if ((mask & (1 << p)) != 0 && used[a * 3 + p] + amount > limits[a][p]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Counts a grant on every phase of {@code mask}. */
    void grant(int nd, int mask, int amount) {
        add(used, nd, mask, amount);
    }

    /** The limits per constraint (node * 3 + phase), the budget of water-filling. */
    long[] budget() {
        long[] budget = new long[tree.size() * 3];
        for (int nd = 0; nd < tree.size(); nd++) {
            for (int p = 0; p < 3; p++) {
                budget[nd * 3 + p] = limits[nd][p];
            }
        }
        return budget;
    }

    /** A constraint (node * 3 + phase) as the user knows it. */
    String describe(int constraint) {
        return "fuse L" + (constraint % 3 + 1) + " of node " + tree.node(constraint / 3).id();
    }

    private void add(long[] tally, int nd, int mask, int amount) {
        for (int a : tree.path(nd)) {
            for (int p = 0; p < 3; p++) {
                if ((mask & (1 << p)) != 0) {
                    tally[a * 3 + p] += amount;
                }
            }
        }
    }
}
