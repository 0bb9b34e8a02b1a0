package org.jevse.energy.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Demand tracking in steady state: a car that draws less than it is allowed is cut back to what it draws plus the
 * margin and stays there, while its hungry neighbours keep the rest; a car held back by its allocation still gets
 * the supported current again at once (fast ramp-up). One allocator cycle per second in virtual time; each car
 * draws what its last allocation lets it, up to what its own charger accepts.
 */
class DemandTrackingTest {

    static final long CYCLE_MS = 1000;
    static final long THRESHOLD_MS = AllocatorSettings.defaults().requestedCurrentThresholdMs();
    /** Five threshold periods: the first request by measurement, and any ramp that follows it, are over. */
    static final long SETTLE_MS = 5 * THRESHOLD_MS;
    static final int SITE_MA = 48_000;

    /** A car behind a 32 A charger; {@code acceptsMa} is what its on-board charger takes at most. */
    static final class Car {
        final String id;
        int acceptsMa;
        int allocMa;
        /** What a real car draws under its PWM current, and meter ripple, in mA (0: exact). */
        final int rippleMa;

        Car(String id, int acceptsMa, int rippleMa) {
            this.id = id;
            this.acceptsMa = acceptsMa;
            this.rippleMa = rippleMa;
        }

        int measuredMa(SplittableRandom rnd) {
            int draw = Math.min(allocMa, acceptsMa);
            if (draw == 0 || rippleMa == 0) {
                return draw;
            }
            // Below its allowance a car's draw wanders both ways; at its allowance it stays a little under it.
            int ripple = draw < allocMa ? rnd.nextInt(-rippleMa, rippleMa + 1) : -rnd.nextInt(rippleMa + 1);
            return Math.max(0, draw + ripple);
        }

        LeafInput input(SplittableRandom rnd) {
            return new LeafInput(id, "site", PhaseRotation.L123, LeafState.CHARGING, 0, 32_000, 3, false, true, false,
                    measuredMa(rnd));
        }
    }

    /** Runs the three cars for {@code ms} and returns the allocations of every cycle, [cycle][car] in mA. */
    static List<int[]> run(Allocator allocator, List<Car> cars, long fromMs, long ms, SplittableRandom rnd) {
        int[][] limits = {{SITE_MA, SITE_MA, SITE_MA}};
        List<int[]> history = new ArrayList<>();
        for (long t = fromMs; t < fromMs + ms; t += CYCLE_MS) {
            List<LeafInput> in = new ArrayList<>();
            for (Car c : cars) {
                in.add(c.input(rnd));
            }
            List<Allocation> out = allocator.allocate(t, limits, in);
            int[] row = new int[cars.size()];
            long sum = 0;
            for (int i = 0; i < cars.size(); i++) {
                cars.get(i).allocMa = out.get(i).currentMa();
                row[i] = out.get(i).currentMa();
                sum += row[i];
            }
            assertTrue(sum <= SITE_MA, "Σ allocation " + sum + " mA above the site's " + SITE_MA + " mA at " + t);
            history.add(row);
        }
        return history;
    }

    static Allocator allocator() {
        return new Allocator(new Tree(List.of(new NodeSpec("site", null, new int[] {SITE_MA, SITE_MA, SITE_MA}))),
                AllocatorSettings.defaults());
    }

    /** Fails on the first allocation change of more than 1 A after the settling time. */
    static void assertNoSwing(List<Car> cars, List<int[]> history) {
        int from = (int) (SETTLE_MS / CYCLE_MS);
        for (int k = from + 1; k < history.size(); k++) {
            for (int i = 0; i < cars.size(); i++) {
                int before = history.get(k - 1)[i];
                int now = history.get(k)[i];
                if (Math.abs(now - before) > 1000) {
                    fail("allocation of " + cars.get(i).id + " swung from " + before + " to " + now + " mA at "
                            + k * CYCLE_MS / 1000 + " s (settled at " + SETTLE_MS / 1000 + " s; threshold "
                            + THRESHOLD_MS / 1000 + " s)");
                }
            }
        }
    }

    @Test
    void aCarDrawingLessThanItsAllocationKeepsASteadyAllocationWhileItsNeighboursAreHungry() {
        Car slow = new Car("slow", 10_000, 0);
        Car fast1 = new Car("fast1", 32_000, 0);
        Car fast2 = new Car("fast2", 32_000, 0);
        List<Car> cars = List.of(slow, fast1, fast2);

        List<int[]> history = run(allocator(), cars, 0, 30 * THRESHOLD_MS, new SplittableRandom(1));

        assertNoSwing(cars, history);
        int[] last = history.get(history.size() - 1);
        assertEquals(13_000, last[0], "slow: what it draws plus the 3 A margin");
        assertEquals(17_500, last[1], "fast1: half of what the slow car leaves");
        assertEquals(17_500, last[2], "fast2: half of what the slow car leaves");
    }

    @Test
    void meterRippleAndCarsDrawingJustUnderTheirAllowanceDoNotMakeItSwing() {
        Car slow = new Car("slow", 10_000, 300);
        Car fast1 = new Car("fast1", 32_000, 400);
        Car fast2 = new Car("fast2", 32_000, 400);
        List<Car> cars = List.of(slow, fast1, fast2);

        List<int[]> history = run(allocator(), cars, 0, 30 * THRESHOLD_MS, new SplittableRandom(7));

        assertNoSwing(cars, history);
        for (int k = (int) (SETTLE_MS / CYCLE_MS); k < history.size(); k++) {
            int[] row = history.get(k);
            assertTrue(row[0] >= 10_300 && row[0] <= 14_300, "slow stays near its draw plus the margin: " + row[0]);
            assertTrue(row[1] >= 16_800 && row[2] >= 16_800,
                    "the neighbours keep what the slow car leaves: " + row[1] + ", " + row[2]);
        }
    }

    @Test
    void aCarThatStartsToTakeMoreGetsItsFairShareAtOnce() {
        Car slow = new Car("slow", 10_000, 0);
        Car fast1 = new Car("fast1", 32_000, 0);
        Car fast2 = new Car("fast2", 32_000, 0);
        List<Car> cars = List.of(slow, fast1, fast2);
        Allocator allocator = allocator();
        SplittableRandom rnd = new SplittableRandom(3);
        run(allocator, cars, 0, 10 * THRESHOLD_MS, rnd);
        assertEquals(13_000, slow.allocMa);

        slow.acceptsMa = 32_000; // e.g. its battery warmed up: it now draws all it is allowed
        List<int[]> after = run(allocator, cars, 10 * THRESHOLD_MS, 5 * CYCLE_MS, rnd);

        // It draws its 13 A at once, which is its allocation: it is held back, so the ramp restarts and the site
        // is shared equally within two cycles (one to see the draw, one to allocate).
        int[] row = after.get(after.size() - 1);
        assertEquals(16_000, row[0], "slow: fair share");
        assertEquals(16_000, row[1]);
        assertEquals(16_000, row[2]);
    }
}
