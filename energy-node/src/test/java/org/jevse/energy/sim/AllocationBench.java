package org.jevse.energy.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jevse.energy.alloc.Allocation;
import org.jevse.energy.alloc.Allocator;
import org.jevse.energy.alloc.AllocatorSettings;
import org.jevse.energy.alloc.Dispatcher;
import org.jevse.energy.alloc.LeafInput;
import org.jevse.energy.alloc.LeafState;
import org.jevse.energy.alloc.NodeSpec;
import org.jevse.energy.alloc.PhaseRotation;
import org.jevse.energy.alloc.Tree;

/**
 * Allocation time per cycle for 64, 1,000 and 10,000 leaves in a 3-level tree (site → sub-distributions →
 * circuits of 8); the goals are ≤ 1 ms, ≤ 10 ms, ≤ 100 ms (docs/energy-tree.md). A harness that prints a table, not a test:
 *
 * <pre>mvn -o -q -pl energy-node test-compile exec:java -Dexec.mainClass=org.jevse.energy.sim.AllocationBench</pre>
 */
public final class AllocationBench {

    public static void main(String[] args) {
        int[] sizes = args.length > 0 ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {64, 1000, 10_000};
        System.out.printf(Locale.ROOT, "%7s %6s %7s %10s %10s %10s %12s %10s%n", "leaves", "nodes", "cycles",
                "alloc p50", "alloc p99", "alloc max", "+dispatch p50", "goal");
        for (int n : sizes) {
            run(n);
        }
    }

    static void run(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        List<NodeSpec> nodes = new ArrayList<>();
        int circuits = (n + 7) / 8;
        int subs = Math.max(1, (circuits + 15) / 16);
        nodes.add(new NodeSpec("site", null, new int[] {n * 8000, n * 8000, n * 8000}));
        for (int s = 0; s < subs; s++) {
            nodes.add(new NodeSpec("sub" + s, "site", new int[] {16 * 8 * 10_000, 16 * 8 * 10_000, 16 * 8 * 10_000}));
        }
        for (int c = 0; c < circuits; c++) {
            nodes.add(new NodeSpec("c" + c, "sub" + (c / 16), new int[] {100_000, 100_000, 100_000}));
        }
        Tree tree = new Tree(nodes);
        Allocator allocator = new Allocator(tree, AllocatorSettings.defaults());
        Dispatcher dispatcher = new Dispatcher(tree, 10_000, 2000, -1_000_000);
        PhaseRotation[] rots = PhaseRotation.values();
        List<LeafInput> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean onePhase = rnd.nextInt(4) == 0;
            PhaseRotation r = rots[rnd.nextInt(rots.length)];
            String node = "c" + (i / 8);
            dispatcher.register("l" + i, node, r, 32000);
            leaves.add(new LeafInput("l" + i, node, r, rnd.nextInt(10) == 0 ? LeafState.IDLE : LeafState.CHARGING,
                    0, 10_000 + rnd.nextInt(23) * 1000, onePhase ? 1 : 3, onePhase, !onePhase, false, -1));
        }
        int cycles = n >= 10_000 ? 200 : 2000;
        int warm = cycles / 4;
        long[] alloc = new long[cycles];
        long[] both = new long[cycles];
        int[][] limits = tree.configuredLimits();
        for (int c = -warm; c < cycles; c++) {
            long now = (c + warm) * 1000L;
            // Demand changes every cycle, as measured currents would.
            for (int k = 0; k < n / 20 + 1; k++) {
                int i = rnd.nextInt(n);
                LeafInput l = leaves.get(i);
                leaves.set(i, new LeafInput(l.id(), l.node(), l.rotation(), l.state(), l.minMa(), l.maxMa(),
                        l.phasesInUse(), l.can1p(), l.can3p(), false, rnd.nextInt(l.maxMa())));
            }
            long t0 = System.nanoTime();
            List<Allocation> out = allocator.allocate(now, limits, leaves);
            long t1 = System.nanoTime();
            List<Dispatcher.Grant> grants = dispatcher.dispatch(now, limits, out);
            for (Dispatcher.Grant g : grants) {
                dispatcher.onAck(g.leafId(), g.seq());
            }
            long t2 = System.nanoTime();
            if (c >= 0) {
                alloc[c] = t1 - t0;
                both[c] = t2 - t0;
            }
        }
        Arrays.sort(alloc);
        Arrays.sort(both);
        String goal = n <= 64 ? "≤ 1 ms" : n <= 1000 ? "≤ 10 ms" : "≤ 100 ms";
        System.out.printf(Locale.ROOT, "%7d %6d %7d %8.3fms %8.3fms %8.3fms %10.3fms %10s%n", n, tree.size(), cycles,
                alloc[cycles / 2] / 1e6, alloc[(int) (cycles * 0.99)] / 1e6, alloc[cycles - 1] / 1e6,
                both[cycles / 2] / 1e6, goal);
    }
}
