package org.jevse.evse.ocpp;

import org.jevse.evse.core.ChargerInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.jevse.board.sim.EvScript;
import org.jevse.config.ConfigLoader;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.app.SimulatedCharger;
import org.jevse.evse.core.LimitSource;
import org.jevse.evse.core.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the core gets from OCPP smart charging agrees with what GetCompositeSchedule tells the CSMS: a W default
 * profile (3 phases assumed) under a 16 A ChargePointMaxProfile on 1 phase (errata 3.34, 3.68), on a board that
 * cannot switch phases and on one that can.
 */
class OcppSmartChargingTest {
    private static final String CP_MAX_16A_1PH = "{\"connectorId\":0,\"csChargingProfiles\":{\"chargingProfileId\":1,"
            + "\"stackLevel\":0,\"chargingProfilePurpose\":\"ChargePointMaxProfile\",\"chargingProfileKind\":"
            + "\"Absolute\",\"chargingSchedule\":{\"startSchedule\":\"2020-01-01T00:00:00Z\",\"chargingRateUnit\":"
            + "\"A\",\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":16.0,\"numberPhases\":1}]}}}";
    private static final String DEFAULT_8280W = "{\"connectorId\":0,\"csChargingProfiles\":{\"chargingProfileId\":2,"
            + "\"stackLevel\":0,\"chargingProfilePurpose\":\"TxDefaultProfile\",\"chargingProfileKind\":"
            + "\"Absolute\",\"chargingSchedule\":{\"startSchedule\":\"2020-01-01T00:00:00Z\",\"chargingRateUnit\":"
            + "\"W\",\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":8280.0}]}}}";

    @TempDir
    Path dir;

    private volatile Status status;

    /** The composite's first period and the core's limit and phases, once they agree (or the test fails). */
    private JsonNode compositeAgreeingWithTheCore(String boardYaml) throws Exception {
        try (NodeCsms csms = NodeCsms.start()) {
            SimulatedCharger sim = new SimulatedCharger(ConfigLoader.parse("ocpp:\n  central_system_uri: "
                    + csms.uri() + "\n  charge_point_id: CP-SC\n  data_dir: " + dir + "\n" + boardYaml, "test"),
                    EvScript.parse("sleep 8"), SimulatedCharger.Pace.PACED, 1);
            sim.charger().addListener(new ChargerListener() {
                @Override
                public void onStepEnd(long tMs, ChargerInput input) {
                    status = sim.charger().status();
                }
            });
            Thread runner = new Thread(sim::run, "sim");
            runner.start();
            csms.awaitCall("BootNotification");
            for (String profile : new String[] {CP_MAX_16A_1PH, DEFAULT_8280W}) {
                JsonNode set = csms.call("SetChargingProfile", profile);
                assertEquals("Accepted", set.path("result").path("status").asText(), set.toString());
            }
            JsonNode composite = null;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                composite = csms.call("GetCompositeSchedule",
                        "{\"connectorId\":1,\"duration\":600,\"chargingRateUnit\":\"A\"}").path("result");
                JsonNode first = composite.path("chargingSchedule").path("chargingSchedulePeriod").path(0);
                Status s = status;
                if (s != null && s.binding().source() == LimitSource.OCPP
                        && s.binding().amps() == first.path("limit").asDouble()
                        && s.phases() == first.path("numberPhases").asInt()) {
                    csms.assertNoInvalid();
                    runner.join(60_000);
                    return composite;
                }
                Thread.sleep(100); // polling real I/O (the CSMS round trip and the charger's loop), bounded above
            }
            fail("the core (" + status + ") never agreed with the composite schedule " + composite);
            return null;
        }
    }

    private static Predicate<JsonNode> firstPeriod(double amps, int phases) {
        return c -> {
            JsonNode p = c.path("chargingSchedule").path("chargingSchedulePeriod").path(0);
            return p.path("limit").asDouble() == amps && p.path("numberPhases").asInt() == phases;
        };
    }

    @Test
    void onAFixedThreePhaseBoardBothLimitsApplyOnItsThreePhases() throws Exception {
        // 8280 W / (230 V x 3) = 12 A per phase, below the 16 A that applies as given on each phase.
        JsonNode c = compositeAgreeingWithTheCore("");
        assertEquals(true, firstPeriod(12, 3).test(c), c.toString());
        // Errata 3.57: the start is scheduleStart; chargingSchedule.startSchedule is omitted.
        assertEquals(false, c.path("chargingSchedule").has("startSchedule"), c.toString());
        assertEquals(true, c.hasNonNull("scheduleStart"), c.toString());
    }

    @Test
    void aBoardThatCanSwitchGoesToOnePhaseWhereTheWattLimitAllowsSixteenAmps() throws Exception {
        // On 1 phase the 8280 W are 36 A; the 16 A maximum binds: 16 A on 1 phase, as the limits allow.
        JsonNode c = compositeAgreeingWithTheCore("board:\n  sim:\n    phase_switching: true\n");
        assertEquals(true, firstPeriod(16, 1).test(c), c.toString());
    }
}
