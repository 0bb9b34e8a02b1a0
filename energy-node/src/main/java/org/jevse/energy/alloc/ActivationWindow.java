package org.jevse.energy.alloc;

import java.util.ArrayDeque;

/**
 * The lowest limit of every node and phase over the last activation window. A waiting leaf is switched on only if
 * its minimum fits under it, so a limit that swings does not switch leaves on at a peak only to shed them at the
 * next dip.
 */
final class ActivationWindow {
    private final SlidingMin[] byConstraint;

    ActivationWindow(int nodes) {
        byConstraint = new SlidingMin[nodes * 3];
        for (int i = 0; i < byConstraint.length; i++) {
            byConstraint[i] = new SlidingMin();
        }
    }

    /** Adds the limits now, [node][phase] in mA, and forgets what is older than {@code windowMs}. */
    void add(long nowMs, int[][] limits, long windowMs) {
        for (int nd = 0; nd < byConstraint.length / 3; nd++) {
            for (int p = 0; p < 3; p++) {
                byConstraint[nd * 3 + p].add(nowMs, limits[nd][p], windowMs);
            }
        }
    }

    /** The lowest limit of node {@code nd}, phase {@code p} within the window, in mA. */
    long min(int nd, int p) {
        return byConstraint[nd * 3 + p].min();
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
