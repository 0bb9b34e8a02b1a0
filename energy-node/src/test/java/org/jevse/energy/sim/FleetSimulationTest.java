package org.jevse.energy.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fleet simulation's steady scenario in virtual time (about half the chargers occupied by cars that never
 * finish, a fixed site limit; EVs of 10-32 A behind 32 A chargers, so some cars draw less than they are allowed
 * while others are held back): once settled, allocations and the PWM the cars see stay put, and the hard rule
 * holds. The long runs and the dynamic scenario are the harness's (docs/energy-tree.md, "Fleet simulation").
 */
class FleetSimulationTest {

    /** One simulated hour: 15 min to settle, 45 min counted. */
    static final double HOURS = 1.0;

    @ParameterizedTest(name = "N = {0}")
    @ValueSource(ints = {8, 64})
    void inSteadyStateAllocationsAndPwmChangeAtMostOncePerChargerHour(int n) {
        FleetSimulation.Result r = new FleetSimulation(FleetSimulation.Scenario.STEADY, n, HOURS, 42 + n, false, null)
                .run();
        String row = "\n" + r.row();

        assertTrue(r.maxTargetRatio() <= 1.0, "Σ allocation above a limit" + row);
        assertTrue(r.maxAllocatedRatio() <= 1.0, "Σ allowed by the leases above a limit" + row);
        assertTrue(r.allocChangesPerChargerHour() <= 1.0, "allocation changes > 1 A per charger-hour" + row);
        assertTrue(r.pwmChangesPerChargerHour() <= 1.0, "PWM changes per charger-hour" + row);
    }
}
