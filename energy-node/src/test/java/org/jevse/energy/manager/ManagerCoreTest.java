package org.jevse.energy.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jevse.energy.alloc.AllocatorSettings;
import org.jevse.energy.alloc.NodeSpec;
import org.jevse.energy.alloc.PhaseRotation;
import org.jevse.energy.wire.LeafAllocation;
import org.jevse.energy.wire.LeafStatus;
import org.junit.jupiter.api.Test;

/** The parent's logic in virtual time: watchdog, clamping, silent leaves, acknowledgements. */
class ManagerCoreTest {

    static ManagerCore core(boolean watchdog, long defaultMa) {
        return new ManagerCore(List.of(new NodeSpec("site", null, new int[] {32000, 32000, 32000})),
                List.of(new ManagerCore.ChargerSpec("a", "site", PhaseRotation.L123, 32000),
                        new ManagerCore.ChargerSpec("b", "site", PhaseRotation.L123, 32000)),
                AllocatorSettings.defaults(), 10_000, 2000, watchdog, defaultMa, 0, "e1", -100_000);
    }

    static LeafStatus charging(String id, long seq, LeafStatus.Applied applied) {
        return new LeafStatus(1, id, seq, "charging", new int[] {6000, 6000, 6000}, new int[] {32000, 32000, 32000},
                new LeafStatus.Phases(3, List.of(3), false), new int[] {-1, -1, -1}, 0, 0, 0, 0, applied, false);
    }

    static LeafAllocation grant(List<LeafAllocation> grants, String id) {
        return grants.stream().filter(g -> g.leafId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void watchdogRestoresTheDefaultAfter30sWithoutAnUpdate() {
        ManagerCore c = core(true, 10_000);
        assertEquals(10_000, c.availableCurrent(), "boots at the default");
        assertFalse(c.onAvailableCurrent(99_000, 0), "a raise is not a drop");
        assertEquals(32_000, c.availableCurrent(), "clamped to maximum_available_current (the site)");
        assertFalse(c.checkWatchdog(ManagerCore.WATCHDOG_MS - 1));
        assertTrue(c.checkWatchdog(ManagerCore.WATCHDOG_MS), "fires and lowers");
        assertEquals(10_000, c.availableCurrent());
        assertEquals(10_000, c.limits()[0][0]);
    }

    @Test
    void withoutWatchdogTheLastUpdateStays() {
        ManagerCore c = core(false, -1);
        assertEquals(32_000, c.availableCurrent());
        assertTrue(c.onAvailableCurrent(12_000, 0));
        assertFalse(c.checkWatchdog(10 * ManagerCore.WATCHDOG_MS));
        assertEquals(12_000, c.availableCurrent());
    }

    @Test
    void aSilentLeafKeepsItsShareCountedUntilItsLeaseRunsOutThenIsDropped() {
        ManagerCore c = core(false, -1);
        c.onStatus(charging("a", 1, null), 0);
        c.onStatus(charging("b", 1, null), 0);
        List<LeafAllocation> g = c.cycle(0, true);
        assertEquals(16_000, grant(g, "a").currentMa());
        assertEquals(16_000, grant(g, "b").currentMa());
        c.onStatus(charging("a", 2, new LeafStatus.Applied("e1", grant(g, "a").seq(), 16_000, 3, 10_000)), 100);
        c.onStatus(charging("b", 2, new LeafStatus.Applied("e1", grant(g, "b").seq(), 16_000, 3, 10_000)), 100);
        // b falls silent at 100 ms; a keeps acknowledging. The parent stops renewing b after a quarter lease, and
        // until b's last lease (plus margin) has run out, a may not take b's share.
        LeafAllocation ga = grant(g, "a");
        long t = 1000;
        for (; t <= 13_000; t += 1000) {
            c.onStatus(charging("a", 3 + t, new LeafStatus.Applied("e1", ga.seq(), ga.currentMa(), 3, 10_000)), t);
            List<LeafAllocation> gs = c.cycle(t, true);
            ga = grant(gs, "a");
            assertTrue(ga.currentMa() + c.dispatcher().committed("b", t)[0] <= 32_000,
                    "at " + t + " ms: a " + ga.currentMa() + " + b's bound " + c.dispatcher().committed("b", t)[0]);
            assertTrue(gs.stream().noneMatch(x -> x.leafId().equals("b") && x.currentMa() > 0) || t <= 2500,
                    "no renewal for the silent leaf at " + t);
        }
        // b is dropped (valid_for without a status) and its last lease, sent at 2 s, is over at 2 + 10 + 2 s.
        c.onStatus(charging("a", 100, new LeafStatus.Applied("e1", ga.seq(), ga.currentMa(), 3, 10_000)), 14_000);
        List<LeafAllocation> gs = c.cycle(14_000, true);
        assertEquals(32_000, grant(gs, "a").currentMa());
        assertEquals(0, grant(gs, "b").currentMa());
    }
}
