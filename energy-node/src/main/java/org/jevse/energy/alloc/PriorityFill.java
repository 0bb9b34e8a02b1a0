package org.jevse.energy.alloc;

import java.util.Arrays;

/**
 * Stage 6 of the {@link Allocator}, water-filling over the active leaves, by priority: two passes (up to the
 * requested current by demand tracking, then leftovers up to the supported current), and within each pass the
 * priorities from the highest down. A priority's leaves rise together from where they stand (max-min fair among
 * themselves, {@link WaterFill}) in what the limits leave after every other active leaf at its level so far:
 * the higher priorities at what they were just given, the lower ones at their minimum (pass 1) or their pass-1
 * level (pass 2). So a higher-priority leaf reaches its request before a lower one gets more than its minimum, and
 * with one priority this is exactly today's fair water-fill (balanz hands out current by priority, descending).
 */
final class PriorityFill {

    private final Cycle c;
    private final Tree tree;
    private final int k;
    private final int[] node;
    private final int[] mask;
    private final int[] priority;
    /** The level of each active leaf so far: its minimum, then its pass-1 level, then its pass-2 level. */
    private final int[] level;
    private final int[] capRequested;
    private final int[] capSupported;
    private final int[] pass1Level;
    private final int[] pass1Bound;
    private final boolean[] pass1Shared;
    private final int[] pass2Bound;
    /** The distinct priorities of the active leaves, highest first. */
    private final int[] priorities;

    private PriorityFill(Cycle c, Tree tree, AllocatorSettings s) {
        this.c = c;
        this.tree = tree;
        this.k = c.active.size();
        node = new int[k];
        mask = new int[k];
        priority = new int[k];
        level = new int[k];
        capRequested = new int[k];
        capSupported = new int[k];
        pass1Level = new int[k];
        pass1Bound = new int[k];
        pass1Shared = new boolean[k];
        pass2Bound = new int[k];
        for (int a = 0; a < k; a++) {
            int i = c.active.get(a);
            LeafInput in = c.in(i);
            LeafMemory m = c.mem[i];
            node[a] = c.node[i];
            mask[a] = in.rotation().mask(m.phases);
            priority[a] = in.priority();
            level[a] = s.minimumMa(in, m.phases);
            capSupported[a] = Math.max(level[a], in.maxMa());
            int requested = DemandTracking.requestedMa(s, in, m, level[a], c.nowMs);
            capRequested[a] = Math.max(level[a], Math.min(capSupported[a], requested));
        }
        priorities = Arrays.stream(priority).distinct().map(p -> -p).sorted().map(p -> -p).toArray();
    }

    /** Fills the cycle's active leaves, counts their grants in the cycle and answers each of them. */
    static void fill(Cycle c, Tree tree, AllocatorSettings s) {
        PriorityFill f = new PriorityFill(c, tree, s);
        for (int p : f.priorities) {
            f.pass(p, f.capRequested, true);
        }
        for (int p : f.priorities) {
            f.pass(p, f.capSupported, false);
        }
        for (int a = 0; a < f.k; a++) {
            int i = c.active.get(a);
            LeafMemory m = c.mem[i];
            c.grant(f.node[a], f.mask[a], f.level[a]);
            m.granted(true, f.level[a], m.phases);
            c.out[i] = f.answer(i, a);
        }
    }

    /** One priority's leaves from their level towards {@code cap}, in what the others at their levels leave. */
    private void pass(int p, int[] cap, boolean first) {
        long[] budget = c.budget();
        int n = 0;
        for (int a = 0; a < k; a++) {
            if (priority[a] == p) {
                n++;
            } else {
                for (int nd : tree.path(node[a])) {
                    for (int ph = 0; ph < 3; ph++) {
                        if ((mask[a] & (1 << ph)) != 0) {
                            budget[nd * 3 + ph] -= level[a];
                        }
                    }
                }
            }
        }
        int[] member = new int[n];
        int[] gNode = new int[n];
        int[] gMask = new int[n];
        int[] gFloor = new int[n];
        int[] gCap = new int[n];
        for (int a = 0, g = 0; a < k; a++) {
            if (priority[a] == p) {
                member[g] = a;
                gNode[g] = node[a];
                gMask[g] = mask[a];
                gFloor[g] = level[a];
                gCap[g++] = Math.max(level[a], cap[a]);
            }
        }
        WaterFill.Result r = WaterFill.fill(tree, new WaterFill.Demand(gNode, gMask, gFloor, gCap), budget);
        for (int g = 0; g < n; g++) {
            int a = member[g];
            level[a] = r.level()[g];
            if (first) {
                pass1Level[a] = level[a];
                pass1Bound[a] = r.boundBy()[g];
                pass1Shared[a] = r.boundBy()[g] >= 0 && r.memberCount()[r.boundBy()[g]] > 1;
            } else {
                pass2Bound[a] = r.boundBy()[g];
            }
        }
    }

    /** The allocation of active leaf {@code a} and the reason for it: what stopped it in which pass. */
    private Allocation answer(int i, int a) {
        int v = level[a];
        Reason reason;
        String detail = "";
        if (v > pass1Level[a]) {
            reason = v >= capSupported[a] ? Reason.SUPPORTED : Reason.LEFTOVER;
            if (pass2Bound[a] >= 0) {
                detail = c.describe(pass2Bound[a]);
            }
        } else if (pass1Bound[a] >= 0) {
            reason = pass1Shared[a] ? Reason.FAIR_SHARE : Reason.FUSE;
            detail = c.describe(pass1Bound[a]);
            if (priorities.length > 1 && priority[a] != priorities[0]) {
                detail += ", after higher priorities";
            }
        } else if (v < capSupported[a]) {
            reason = Reason.REQUESTED;
        } else {
            reason = Reason.SUPPORTED;
        }
        return new Allocation(c.in(i).id(), v, c.mem[i].phases, reason, detail);
    }
}
