package org.jevse.energy.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The roll-out rule: reductions at once, a raise only when the reductions it depends on are acked or expired. */
class DispatcherTest {

    private static final long LEASE = 10_000;
    private static final long MARGIN = 2_000;
    private final Tree tree = new Tree(List.of(new NodeSpec("site", null, new int[] {32000, 32000, 32000})));
    private final int[][] limits = tree.configuredLimits();

    private Dispatcher started() {
        // start long ago: no startup window in these tests
        Dispatcher d = new Dispatcher(tree, LEASE, MARGIN, -100_000);
        d.register("a", "site", PhaseRotation.L123, 32000);
        d.register("b", "site", PhaseRotation.L123, 32000);
        return d;
    }

    private static Allocation target(String id, int ma) {
        return new Allocation(id, ma, 3, Reason.FAIR_SHARE, "");
    }

    private static Dispatcher.Grant grantFor(List<Dispatcher.Grant> grants, String id) {
        return grants.stream().filter(g -> g.leafId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aRaiseWaitsForTheReductionItDependsOnToBeAcknowledged() {
        Dispatcher d = started();
        Dispatcher.Grant a32 = grantFor(d.dispatch(0, limits, List.of(target("a", 32000))), "a");
        assertEquals(32000, a32.currentMa());
        d.onAck("a", a32.seq());

        List<Dispatcher.Grant> g = d.dispatch(1000, limits, List.of(target("a", 16000), target("b", 16000)));
        assertEquals(16000, grantFor(g, "a").currentMa(), "the reduction goes out at once");
        Dispatcher.Grant b = grantFor(g, "b");
        assertTrue(b.held());
        assertEquals(0, b.currentMa(), "b may not start while a may still draw 32 A");
        assertEquals(Reason.WAITING_FOR_REDUCTIONS, b.reason());
        assertTrue(d.committed(1000)[0] <= 32000);

        d.onAck("a", grantFor(g, "a").seq());
        g = d.dispatch(1100, limits, List.of(target("a", 16000), target("b", 16000)));
        assertEquals(16000, grantFor(g, "b").currentMa());
        assertFalse(grantFor(g, "b").held());
        assertTrue(d.committed(1100)[0] <= 32000);
    }

    @Test
    void withoutAnAcknowledgementTheRaiseWaitsForTheOldLeaseToExpire() {
        Dispatcher d = started();
        d.dispatch(0, limits, List.of(target("a", 32000))); // never acknowledged
        List<Dispatcher.Grant> g = d.dispatch(1000, limits, List.of(target("a", 16000), target("b", 16000)));
        assertTrue(grantFor(g, "b").held());
        // The 32 A grant was sent at 0: it counts until 0 + lease + margin.
        g = d.dispatch(LEASE + MARGIN - 1, limits, List.of(target("a", 16000), target("b", 16000)));
        assertTrue(grantFor(g, "b").held());
        g = d.dispatch(LEASE + MARGIN, limits, List.of(target("a", 16000), target("b", 16000)));
        assertEquals(16000, grantFor(g, "b").currentMa());
    }

    @Test
    void aRestartedManagerCountsUnheardLeavesAtTheirStartupCurrentUntilOldLeasesMustHaveRunOut() {
        Dispatcher d = new Dispatcher(tree, LEASE, MARGIN, 0);
        d.register("a", "site", PhaseRotation.L123, 32000);
        d.register("b", "site", PhaseRotation.L123, 32000);
        assertTrue(d.inStartup(0));
        // b reports a lease of 20 A from the previous instance with 5 s left.
        d.onHeard("b", 0, true, 20000, 3, 5000, 100);
        List<Dispatcher.Grant> g = d.dispatch(200, limits, List.of(target("a", 16000), target("b", 16000)));
        assertTrue(grantFor(g, "a").held(), "a was not heard: it may still hold 32 A from before");
        d.onHeard("a", 0, false, 0, 0, 0, 300);
        g = d.dispatch(400, limits, List.of(target("a", 16000), target("b", 16000)));
        assertEquals(16000, grantFor(g, "b").currentMa(), "a reduction for b");
        assertTrue(grantFor(g, "a").held(), "b's old 20 A lease still counts: 20 + 16 > 32");
        g = d.dispatch(100 + 5000 + MARGIN, limits, List.of(target("a", 16000), target("b", 16000)));
        assertEquals(16000, grantFor(g, "a").currentMa());
    }

    @Test
    void aFailsafeCurrentAlwaysCounts() {
        Dispatcher d = started();
        d.onHeard("a", 10000, false, 0, 0, 0, 0);
        assertEquals(10000, d.committed(0)[0]);
        assertTrue(grantFor(d.dispatch(0, limits, List.of(target("b", 32000))), "b").held());
        assertEquals(22000, grantFor(d.dispatch(0, limits, List.of(target("b", 22000))), "b").currentMa());
    }

    @Test
    void whileOverCommittedAfterACutNoGrantAboveWhatALeafMayAlreadyDrawGoesOut() {
        Dispatcher d = started();
        List<Dispatcher.Grant> g = d.dispatch(0, limits, List.of(target("a", 16000), target("b", 16000)));
        d.onAck("a", grantFor(g, "a").seq());
        d.onAck("b", grantFor(g, "b").seq());
        int[][] cut = {{16000, 16000, 16000}};
        g = d.dispatch(100, cut, List.of(target("a", 8000), target("b", 8000)));
        assertEquals(8000, grantFor(g, "a").currentMa());
        assertEquals(8000, grantFor(g, "b").currentMa());
        // Before any acknowledgement the targets move: a 10, b 6. a may already be at 8 (the newer grant):
        // 10 would be a raise on an over-committed site, so it is held at 8.
        g = d.dispatch(200, cut, List.of(target("a", 10000), target("b", 6000)));
        assertTrue(grantFor(g, "a").held());
        assertEquals(8000, grantFor(g, "a").currentMa());
        assertEquals(6000, grantFor(g, "b").currentMa());
    }
}
