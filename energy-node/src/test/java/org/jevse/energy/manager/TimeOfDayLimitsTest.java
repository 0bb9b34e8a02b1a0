package org.jevse.energy.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.jevse.energy.alloc.AllocatorSettings;
import org.jevse.energy.alloc.LimitWindow;
import org.jevse.energy.alloc.NodeSpec;
import org.jevse.energy.alloc.PhaseRotation;
import org.jevse.energy.wire.LeafAllocation;
import org.jevse.energy.wire.LeafStatus;
import org.junit.jupiter.api.Test;

/**
 * Time-of-day limits in the parent, in virtual time: a falling limit is planned for a lease ahead (each node by the
 * longest lease under it), a rising one is used from its boundary.
 */
class TimeOfDayLimitsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final long LEASE_MS = 10_000;
    private static final long MARGIN_MS = 2_000;
    private static final long CYCLE_MS = 1_000;

    private final long[] wall = {0};

    private static long local(String t) {
        return LocalDateTime.parse(t).atZone(BERLIN).toInstant().toEpochMilli();
    }

    private static LimitWindow window(String from, String to, int amps) {
        int f = Integer.parseInt(from.substring(0, 2)) * 3600 + Integer.parseInt(from.substring(3)) * 60;
        int t = Integer.parseInt(to.substring(0, 2)) * 3600 + Integer.parseInt(to.substring(3)) * 60;
        return new LimitWindow(EnumSet.allOf(DayOfWeek.class), f, t, new int[] {amps * 1000, amps * 1000, amps * 1000});
    }

    /** Site 32 A (16 A from 17:00 to 21:00) with a and b; a garage 32 A (8 A from 18:00 to 18:30) with g. */
    private ManagerCore core(long ocppLeaseMs) {
        return new ManagerCore(List.of(new NodeSpec("site", null, new int[] {32_000, 32_000, 32_000}),
                new NodeSpec("garage", "site", new int[] {32_000, 32_000, 32_000})),
                List.of(new ManagerCore.ChargerSpec("a", "site", PhaseRotation.L123, 32_000, ocppLeaseMs),
                        new ManagerCore.ChargerSpec("b", "site", PhaseRotation.L123, 32_000),
                        new ManagerCore.ChargerSpec("g", "garage", PhaseRotation.L123, 32_000)),
                AllocatorSettings.defaults(), LEASE_MS, MARGIN_MS, false, -1, 0, "e1", -100_000,
                new ManagerCore.Schedules(Map.of("site", List.of(window("17:00", "21:00", 16)),
                        "garage", List.of(window("18:00", "18:30", 8))), BERLIN, () -> wall[0], CYCLE_MS));
    }

    private static LeafStatus charging(String id, long seq, LeafAllocation applied) {
        return new LeafStatus(1, id, seq, "charging", new int[] {6000, 6000, 6000}, new int[] {32000, 32000, 32000},
                new LeafStatus.Phases(3, List.of(3), false), new int[] {-1, -1, -1}, 0, 0, 0, 0,
                applied == null ? null : new LeafStatus.Applied("e1", applied.seq(), applied.currentMa(), 3, 9_000),
                false);
    }

    /** One second: every leaf reports (acknowledging its last grant), then the periodic cycle. */
    private Map<String, Integer> second(ManagerCore c, long mono, Map<String, LeafAllocation> last) {
        for (String id : List.of("a", "b", "g")) {
            c.onStatus(charging(id, mono + 1, last.get(id)), mono);
        }
        java.util.Map<String, Integer> out = new java.util.HashMap<>();
        for (LeafAllocation g : c.cycle(mono, true)) {
            last.put(g.leafId(), g);
            out.put(g.leafId(), g.currentMa());
        }
        return out;
    }

    @Test
    void theSiteIsCutOneLeaseAheadOfFiveOClockAndRaisedAgainAtNine() {
        ManagerCore c = core(0);
        Map<String, LeafAllocation> last = new java.util.HashMap<>();
        long start = local("2026-12-02T16:59:00");
        long boundary = local("2026-12-02T17:00:00");
        // The horizon of the site: a lease (10 s) + the transit margin (2 s) + one cycle (1 s).
        assertEquals(13_000, c.horizonMs(0));
        for (long s = 0; s <= 60; s++) {
            wall[0] = start + s * 1000;
            Map<String, Integer> g = second(c, s * 1000, last);
            int sum = g.get("a") + g.get("b") + g.get("g");
            if (wall[0] < boundary - 13_000) {
                assertTrue(sum >= 31_990, "16:59:" + s + ": the whole site; " + g);
            } else {
                assertTrue(sum <= 16_000, "16:59:" + s + ": a grant now may be drawn at 17:00; " + g);
            }
        }
        assertEquals(16_000, c.limits()[0][0]);
        long nine = local("2026-12-02T21:00:00");
        wall[0] = nine - 1;
        assertEquals(16_000, c.limits()[0][0], "20:59:59.999");
        wall[0] = nine;
        assertEquals(32_000, c.limits()[0][0], "a rising limit from its boundary on");
    }

    @Test
    void aNodeLooksAheadByTheLongestLeaseUnderItSoAnOcppProfileNeverOutlivesTheDrop() {
        ManagerCore c = core(90_000); // a is an OCPP charger: its profile is counted for 90 s
        assertEquals(93_000, c.horizonMs(0), "the site: a's 90 s + margin + cycle");
        assertEquals(13_000, c.horizonMs(1), "the garage has only MQTT leaves");
        wall[0] = local("2026-12-02T16:58:26.999");
        assertEquals(32_000, c.limits()[0][0]);
        wall[0] = local("2026-12-02T16:58:27");
        assertEquals(16_000, c.limits()[0][0], "93 s before 17:00");
        wall[0] = local("2026-12-02T17:59:46.999");
        assertEquals(32_000, c.limits()[1][0]);
        wall[0] = local("2026-12-02T17:59:47");
        assertEquals(8_000, c.limits()[1][0], "13 s before 18:00");
    }

    @Test
    void withoutWindowsTheWallClockIsNeverRead() {
        ManagerCore c = new ManagerCore(List.of(new NodeSpec("site", null, new int[] {32_000, 32_000, 32_000})),
                List.of(new ManagerCore.ChargerSpec("a", "site", PhaseRotation.L123, 32_000)),
                AllocatorSettings.defaults(), LEASE_MS, MARGIN_MS, false, -1, 0, "e1", 0);
        assertEquals(32_000, c.limits()[0][0]); // Schedules.NONE's wall clock throws when read
        c.cycle(0, true);
    }
}
