package org.jevse.energy.sim;

import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * The yardstick the fleet simulation measures the allocator against: the max-min fair allocation of the cars that
 * are charging, computed by the textbook progressive-filling algorithm (Bertsekas and Gallager, Data Networks,
 * §6.5.2). Everyone starts at the same floor and rises together; a car stops at its demand, or when a node's
 * phase it uses is full, and then everyone else on that node and phase stops too.
 *
 * <p>Written independently of the allocator's {@code WaterFill} (doubles instead of mA, a plain loop over all
 * constraints each round instead of a heap of lower bounds), so that agreeing with it means something. It is
 * slow (rounds × constraints), which is why the simulation samples it every few seconds only.
 */
public final class FairReference {

    private FairReference() {
    }

    /**
     * @param nodes   number of tree nodes; constraint c = node * 3 + phase
     * @param limits  [node][phase] in mA
     * @param n       number of cars
     * @param path    node indices from a car's node up to the root
     * @param mask    grid phases a car uses (bit 0 = L1)
     * @param floor   the common starting level (the minimum current), mA
     * @param demand  what a car would draw, mA
     * @return each car's fair share, mA
     */
    public static double[] maxMinFair(int nodes, int[][] limits, int n, IntFunction<int[]> path, IntUnaryOperator mask,
                               int floor, IntUnaryOperator demand) {
        int constraints = nodes * 3;
        double[] x = new double[n];
        boolean[] frozen = new boolean[n];
        double[] room = new double[constraints];
        int[] active = new int[constraints];
        int[][] member = new int[n][]; // the constraints each car is under
        for (int nd = 0; nd < nodes; nd++) {
            for (int ph = 0; ph < 3; ph++) {
                room[nd * 3 + ph] = limits[nd][ph];
            }
        }
        for (int i = 0; i < n; i++) {
            int[] p = path.apply(i);
            int m = mask.applyAsInt(i);
            member[i] = new int[p.length * Integer.bitCount(m)];
            int k = 0;
            for (int nd : p) {
                for (int ph = 0; ph < 3; ph++) {
                    if ((m & (1 << ph)) != 0) {
                        member[i][k++] = nd * 3 + ph;
                    }
                }
            }
            x[i] = Math.min(floor, demand.applyAsInt(i));
            for (int c : member[i]) {
                room[c] -= x[i];
            }
        }
        int unfrozen = 0;
        for (int i = 0; i < n; i++) {
            frozen[i] = x[i] >= demand.applyAsInt(i);
            if (!frozen[i]) {
                unfrozen++;
            }
        }
        while (unfrozen > 0) {
            java.util.Arrays.fill(active, 0);
            double step = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (!frozen[i]) {
                    step = Math.min(step, demand.applyAsInt(i) - x[i]);
                    for (int c : member[i]) {
                        active[c]++;
                    }
                }
            }
            for (int c = 0; c < constraints; c++) {
                if (active[c] > 0) {
                    step = Math.min(step, Math.max(0, room[c]) / active[c]);
                }
            }
            for (int i = 0; i < n; i++) {
                if (!frozen[i]) {
                    x[i] += step;
                    for (int c : member[i]) {
                        room[c] -= step;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (frozen[i]) {
                    continue;
                }
                boolean stop = x[i] >= demand.applyAsInt(i) - 1e-6;
                for (int c : member[i]) {
                    stop |= room[c] <= 1e-6;
                }
                if (stop) {
                    frozen[i] = true;
                    unfrozen--;
                }
            }
        }
        return x;
    }
}
