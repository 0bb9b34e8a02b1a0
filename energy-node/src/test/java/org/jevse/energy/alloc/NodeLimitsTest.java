package org.jevse.energy.alloc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Time-of-day limits: which limit is in force when, and the lowest one a lease ahead, DST included. */
class NodeLimitsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Set<DayOfWeek> EVERY_DAY = EnumSet.allOf(DayOfWeek.class);
    private final Tree tree = new Tree(List.of(new NodeSpec("site", null, new int[] {63000, 63000, 63000}),
            new NodeSpec("garage", "site", new int[] {32000, 32000, 32000})));

    private static LimitWindow window(Set<DayOfWeek> days, String from, String to, int amps) {
        return new LimitWindow(days, seconds(from), seconds(to), new int[] {amps * 1000, amps * 1000, amps * 1000});
    }

    private static int seconds(String hhmm) {
        return Integer.parseInt(hhmm.substring(0, 2)) * 3600 + Integer.parseInt(hhmm.substring(3)) * 60;
    }

    private static long at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant().toEpochMilli();
    }

    private NodeLimits garage(LimitWindow... windows) {
        return new NodeLimits(tree, Map.of("garage", List.of(windows)), BERLIN);
    }

    private static int garageL1(int[][] limits) {
        return limits[1][0];
    }

    @Test
    void anEveningWindowLowersTheGarageFromItsStartUpToItsEnd() {
        NodeLimits l = garage(window(EVERY_DAY, "17:00", "21:00", 16));
        assertEquals(32_000, garageL1(l.at(at("2026-12-02T16:59:59.999"))));
        assertEquals(16_000, garageL1(l.at(at("2026-12-02T17:00:00"))));
        assertEquals(16_000, garageL1(l.at(at("2026-12-02T20:59:59.999"))));
        assertEquals(32_000, garageL1(l.at(at("2026-12-02T21:00:00"))));
        assertArrayEquals(new int[] {63000, 63000, 63000}, l.at(at("2026-12-02T18:00:00"))[0], "the site has none");
    }

    @Test
    void aWindowOverMidnightBelongsToTheDayItStartsOn() {
        NodeLimits l = garage(window(EnumSet.of(DayOfWeek.SUNDAY), "22:00", "06:00", 10));
        assertEquals(32_000, garageL1(l.at(at("2026-12-05T23:00:00"))), "Saturday night: not a Sunday start");
        assertEquals(10_000, garageL1(l.at(at("2026-12-06T22:00:00"))), "Sunday 22:00");
        assertEquals(10_000, garageL1(l.at(at("2026-12-07T05:59:59"))), "Monday morning, still Sunday's window");
        assertEquals(32_000, garageL1(l.at(at("2026-12-07T06:00:00"))));
        assertEquals(32_000, garageL1(l.at(at("2026-12-07T23:00:00"))), "Monday night");
        NodeLimits wholeDay = garage(window(EnumSet.of(DayOfWeek.SATURDAY), "00:00", "24:00", 0));
        assertEquals(0, garageL1(wholeDay.at(at("2026-12-05T00:00:00"))));
        assertEquals(0, garageL1(wholeDay.at(at("2026-12-05T23:59:59.999"))));
        assertEquals(32_000, garageL1(wholeDay.at(at("2026-12-06T00:00:00"))));
    }

    @Test
    void theAllocationSeesAFallingLimitOneHorizonBeforeItAndARisingOneOnlyAtItsBoundary() {
        NodeLimits l = garage(window(EVERY_DAY, "17:00", "21:00", 16));
        long[] horizon = {0, 13_000};
        assertEquals(32_000, garageL1(l.lowestOver(at("2026-12-02T16:59:46.999"), horizon)));
        assertEquals(16_000, garageL1(l.lowestOver(at("2026-12-02T16:59:47"), horizon)),
                "a grant made now may still be drawn at 17:00:00");
        assertEquals(16_000, garageL1(l.lowestOver(at("2026-12-02T20:59:59.999"), horizon)));
        assertEquals(32_000, garageL1(l.lowestOver(at("2026-12-02T21:00:00"), horizon)), "raised at 21:00");
        assertEquals(32_000, garageL1(l.lowestOver(at("2026-12-02T16:59:47"), new long[] {0, 0})),
                "no horizon: the limit in force");
    }

    @Test
    void springForwardSkipsTheStartOfAWindowAndItStartsWithTheNewOffset() {
        // Europe/Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00 UTC); 02:30 does not happen that day.
        NodeLimits l = garage(window(EVERY_DAY, "02:30", "04:00", 10));
        long transition = ZonedDateTime.parse("2026-03-29T01:00:00Z").toInstant().toEpochMilli();
        assertEquals(32_000, garageL1(l.at(transition - 1)), "01:59:59.999 CET");
        assertEquals(10_000, garageL1(l.at(transition)), "03:00 CEST is inside 02:30-04:00");
        assertEquals(10_000, garageL1(l.lowestOver(transition - 13_000, new long[] {0, 13_000})),
                "the jump into the window is seen a horizon ahead");
        assertEquals(32_000, garageL1(l.lowestOver(transition - 13_001, new long[] {0, 13_000})));
    }

    @Test
    void fallBackRunsAWindowInTheRepeatedHourTwice() {
        // Europe/Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:15-02:45 happens twice.
        NodeLimits l = garage(window(EVERY_DAY, "02:15", "02:45", 10));
        long first = ZonedDateTime.parse("2026-10-25T00:15:00Z").toInstant().toEpochMilli();
        long second = ZonedDateTime.parse("2026-10-25T01:15:00Z").toInstant().toEpochMilli();
        assertEquals(10_000, garageL1(l.at(first)));
        assertEquals(32_000, garageL1(l.at(first + 30 * 60_000)), "02:45 CEST");
        assertEquals(10_000, garageL1(l.at(second)), "02:15 CET, again");
        assertEquals(10_000, garageL1(l.lowestOver(second - 13_000, new long[] {0, 13_000})),
                "the second start is seen a horizon ahead too");
        assertEquals(32_000, garageL1(l.lowestOver(second - 13_001, new long[] {0, 13_000})));
    }

    /**
     * Against an oracle that samples the limit in force at the start and at every whole second of the horizon
     * (limits only change on whole seconds): random instants over a year, DST nights included, random windows.
     */
    @Test
    void theLowestLimitAheadMatchesSecondBySecondSampling() {
        long seed = Long.getLong("jevse.limits.seed", 20261202L);
        Random rnd = new Random(seed);
        DayOfWeek[] days = DayOfWeek.values();
        for (int round = 0; round < 20; round++) {
            Set<DayOfWeek> d1 = EnumSet.of(days[rnd.nextInt(7)], days[rnd.nextInt(7)]);
            int from = rnd.nextInt(24 * 60) * 60;
            int len = (1 + rnd.nextInt(6 * 60)) * 60;
            LimitWindow a = new LimitWindow(d1, from, (from + len) % 86_400 == 0 ? 86_400 : (from + len) % 86_400,
                    new int[] {10_000, 20_000, 30_000});
            NodeLimits l = garage(a);
            long start = ZonedDateTime.parse("2026-01-01T00:00:00Z").toInstant().toEpochMilli();
            for (int probe = 0; probe < 50; probe++) {
                long t;
                if (probe % 4 == 0) { // near a DST change
                    t = ZonedDateTime.parse(rnd.nextBoolean() ? "2026-03-29T01:00:00Z" : "2026-10-25T01:00:00Z")
                            .toInstant().toEpochMilli() - rnd.nextInt(3 * 3600_000);
                } else {
                    t = start + (long) (rnd.nextDouble() * 365L * 86_400_000L);
                }
                long h = rnd.nextInt(20 * 60) * 1000L + rnd.nextInt(1000);
                int[] oracle = l.at(t)[1];
                for (long s = (t / 1000 + 1) * 1000; s <= t + h; s += 1000) {
                    int[] x = l.at(s)[1];
                    for (int p = 0; p < 3; p++) {
                        oracle[p] = Math.min(oracle[p], x[p]);
                    }
                }
                assertArrayEquals(oracle, l.lowestOver(t, new long[] {0, h})[1], "seed " + seed + " (replay with"
                        + " -Djevse.limits.seed=" + seed + "), window " + d1 + " " + from + "+" + len + " s, t " + t
                        + ", horizon " + h);
            }
        }
    }
}
