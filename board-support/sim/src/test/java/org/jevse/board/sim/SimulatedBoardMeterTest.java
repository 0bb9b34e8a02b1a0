package org.jevse.board.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jevse.board.port.BoardEvent.PowermeterError;
import org.jevse.board.port.BoardEvent.PowermeterReading;
import org.jevse.board.port.PerPhase;
import org.jevse.board.port.PowerReason;
import org.jevse.board.port.PowermeterValues;
import org.junit.jupiter.api.Test;

class SimulatedBoardMeterTest {

    /** A car drawing 16 A on three phases from t = 0, with no relay or reaction delay to account for. */
    private static SimRig charging16A3ph(SimConfigBuilder cfg) {
        SimRig rig = SimRig.started(cfg.evReactionMs(0).relayDelayMs(0));
        rig.board.ev().plugin();
        rig.board.pilotPwm(16 / 0.6);
        rig.board.ev().drawPowerRegulated(16, 3);
        rig.board.allowPower(true, PowerReason.FULL_POWER_CHARGING);
        rig.advance(0);
        return rig;
    }

    @Test
    void sixteenAmpsOnThreePhasesForAnHourIs11040Wh() {
        SimRig rig = charging16A3ph(SimConfigBuilder.defaults());

        rig.advance(3_600_000);

        PowermeterValues last = rig.of(PowermeterReading.class).get(3599).values();
        assertEquals(11040, last.energyImportWh(), 1);
        assertEquals(11040, last.powerW(), 1e-6);
        assertEquals(new PerPhase(16, 16, 16), last.currentA());
        assertEquals(new PerPhase(230, 230, 230), last.voltageV());
    }

    @Test
    void readsEveryIntervalWithMonotonicEnergy() {
        SimRig rig = charging16A3ph(SimConfigBuilder.defaults().meterIntervalMs(250));

        rig.advance(10_000);

        List<PowermeterReading> readings = rig.of(PowermeterReading.class);
        assertEquals(40, readings.size());
        for (int i = 1; i < readings.size(); i++) {
            assertTrue(readings.get(i).values().energyImportWh() > readings.get(i - 1).values().energyImportWh());
        }
    }

    @Test
    void integratesExactlyBetweenChangesNotAtSampleTimes() {
        SimRig rig = charging16A3ph(SimConfigBuilder.defaults().meterIntervalMs(60_000));

        rig.advance(1_500);
        rig.board.allowPower(false, PowerReason.POWER_OFF);
        rig.advance(58_500);

        PowermeterValues reading = rig.of(PowermeterReading.class).get(0).values();
        assertEquals(16 * 3 * 230 * 1.5 / 3600, reading.energyImportWh(), 1e-9);
        assertEquals(0, reading.powerW());
    }

    @Test
    void onlyThePhasesInUseCarryCurrent() {
        SimRig rig = SimRig.started(SimConfigBuilder.defaults().phaseSwitching(true).evReactionMs(0).relayDelayMs(0));
        rig.board.switchPhases(1);
        rig.board.ev().plugin();
        rig.board.pilotPwm(16 / 0.6);
        rig.board.ev().drawPowerRegulated(16, 3);
        rig.board.allowPower(true, PowerReason.FULL_POWER_CHARGING);
        rig.advance(0);

        assertEquals(new PerPhase(16, 0, 0), rig.board.currentA());
    }

    @Test
    void aFailedMeterSendsErrorsButKeepsCounting() {
        SimRig rig = charging16A3ph(SimConfigBuilder.defaults());
        rig.advance(1_000);

        rig.board.meterFail(true);
        rig.advance(3_000);
        assertEquals(3, rig.of(PowermeterError.class).size());
        assertEquals(1, rig.of(PowermeterReading.class).size());

        rig.board.meterFail(false);
        rig.advance(1_000);
        assertEquals(16 * 3 * 230 * 5.0 / 3600, rig.of(PowermeterReading.class).get(1).values().energyImportWh(), 1e-9);
    }

    @Test
    void theMeterFailWordFailsTheMeter() {
        SimRig rig = SimRig.started(SimConfigBuilder.defaults());
        new EvCommand.MeterFail().applyTo(rig.board);
        rig.advance(1_000);

        assertEquals(1, rig.of(PowermeterError.class).size());
    }

    @Test
    void closeStopsTheMeter() {
        SimRig rig = SimRig.started(SimConfigBuilder.defaults());
        rig.board.close();
        rig.advance(10_000);

        assertTrue(rig.events.stream().noneMatch(t -> t.event() instanceof PowermeterReading));
    }
}
