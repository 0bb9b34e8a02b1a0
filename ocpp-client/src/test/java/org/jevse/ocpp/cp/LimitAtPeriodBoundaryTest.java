package org.jevse.ocpp.cp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jevse.ocpp.localauth.LocalListConfig;
import org.jevse.ocpp.smartcharging.ConnectorPhases;
import org.jevse.ocpp.smartcharging.PhaseLimit;
import org.jevse.ocpp.smartcharging.SmartChargingConfig;
import org.jevse.ocpp.testkit.UnitChargePoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A charging profile's schedule changes the limit at its period boundaries and at its end (OCPP 1.6 §3.13.3,
 * startPeriod and duration in seconds), and the charger applies each change within a second of it, on the manual
 * clock: a Local Controller's lease is a schedule that ends, and a charger that keeps the old limit seconds past
 * the end draws current the site has already given to others.
 */
class LimitAtPeriodBoundaryTest {
    @TempDir
    Path dir;

    private record Change(long atMs, PhaseLimit limit) {
    }

    @Test
    void aScheduleStepDownAndItsEndReachTheChargerWithinASecond() throws Exception {
        SmartChargingConfig sc = SmartChargingConfig.singleConnector(32);
        List<Change> changes = new ArrayList<>();
        Features.Stores stores = Features.open(dir, LocalListConfig.DEFAULT, sc, 10);
        UnitChargePoint u = new UnitChargePoint(dir, Features.PROFILES,
                Features.keys(LocalListConfig.DEFAULT, sc, false), sched -> new Features.Setup(stores, null,
                        () -> ConnectorPhases.fixed(3), l -> changes.add(new Change(sched.monotonicMs(), l))));
        u.startAccepted();
        u.sched.advance(3_300); // not on a whole second of the evaluation's own rhythm
        long t0 = u.sched.monotonicMs();
        Instant start = Instant.ofEpochMilli(u.cp.csmsNowMs()).truncatedTo(ChronoUnit.SECONDS);
        long startMs = t0 - (u.cp.csmsNowMs() - start.toEpochMilli());
        // 16 A, then 6 A from 7 s, and nothing (the board's own maximum) after 13 s.
        u.transport.inject("[2,\"p1\",\"SetChargingProfile\",{\"connectorId\":0,\"csChargingProfiles\":{"
                + "\"chargingProfileId\":5,\"stackLevel\":0,\"chargingProfilePurpose\":\"TxDefaultProfile\","
                + "\"chargingProfileKind\":\"Absolute\",\"chargingSchedule\":{\"duration\":13,\"startSchedule\":\""
                + start + "\",\"chargingRateUnit\":\"A\",\"chargingSchedulePeriod\":["
                + "{\"startPeriod\":0,\"limit\":16},{\"startPeriod\":7,\"limit\":6}]}}}]");
        assertEquals("Accepted", u.lastSent().get(2).path("status").asText(), u.lastSent().toString());
        changes.clear();
        for (int i = 0; i < 300; i++) {
            u.sched.advance(100);
        }
        assertEquals(2, changes.size(), changes.toString());
        Change down = changes.get(0);
        assertEquals(6.0, down.limit().amps(), changes.toString());
        Change end = changes.get(1);
        assertTrue(Double.isInfinite(end.limit().amps()), changes.toString());
        assertWithinASecondAfter(startMs + 7_000, down.atMs(), "the step down to 6 A at 7 s");
        assertWithinASecondAfter(startMs + 13_000, end.atMs(), "the schedule's end at 13 s");
        u.schemas.assertClean();
    }

    private static void assertWithinASecondAfter(long boundaryMs, long appliedMs, String what) {
        assertTrue(appliedMs >= boundaryMs && appliedMs <= boundaryMs + 1_000,
                what + ": applied " + (appliedMs - boundaryMs) + " ms after the boundary; allowed 0 to 1000 ms");
    }
}
