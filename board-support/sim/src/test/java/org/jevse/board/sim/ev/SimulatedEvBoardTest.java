package org.jevse.board.sim.ev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jevse.board.ev.EvLoad;
import org.jevse.board.ev.EvMeasurement;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.CpState;
import org.jevse.board.port.PowerReason;
import org.jevse.board.sim.SimulatedBoard;
import org.jevse.board.time.EventLoop;
import org.jevse.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/** An EV emulator at the far end of a simulated charger's cable: what it drives, what it measures, and when. */
class SimulatedEvBoardTest {

    final EventLoop loop = EventLoop.virtual(1_700_000_000_000L);
    final SimulatedBoard charger = new SimulatedBoard(ConfigLoader.defaults().board().sim(), 230, loop);
    final List<BoardEvent> chargerSaw = new ArrayList<>();
    final SimulatedEvBoard ev = new SimulatedEvBoard(charger, loop, 32);
    final List<EvMeasurement> measured = new ArrayList<>();

    SimulatedEvBoardTest() {
        charger.setListener(chargerSaw::add);
        ev.setListener(measured::add);
        charger.start();
        ev.start();
    }

    <T extends EvMeasurement> T last(Class<T> type) {
        for (int i = measured.size() - 1; i >= 0; i--) {
            if (type.isInstance(measured.get(i))) {
                return type.cast(measured.get(i));
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " measured");
    }

    @Test
    void theChargerSeesTheLoadTheBenchSwitches() {
        assertEquals(CpState.A, charger.cpState());
        ev.cpLoad(EvLoad.B);
        assertEquals(CpState.B, charger.cpState());
        ev.cpLoad(EvLoad.C);
        assertEquals(CpState.C, charger.cpState());
        ev.cpLoad(EvLoad.D);
        assertEquals(CpState.D, charger.cpState());
        ev.cpLoad(EvLoad.A);
        assertEquals(CpState.A, charger.cpState());
    }

    @Test
    void thePwmIsMeasuredWithItsDutyAndTheBenchsTimestamp() {
        ev.cpLoad(EvLoad.B);
        assertEquals(0, last(EvMeasurement.Cp.class).frequencyHz());
        assertEquals(9.0, last(EvMeasurement.Cp.class).highV(), 0.05);
        loop.runUntil(250);
        charger.pilotPwm(26.7);
        EvMeasurement.Cp cp = last(EvMeasurement.Cp.class);
        assertEquals(250, cp.atMs());
        assertEquals(1000, cp.frequencyHz());
        assertEquals(26.7, cp.dutyPercent(), 1e-9);
        assertEquals(-12, cp.lowV(), 1e-9);
        charger.pilotF();
        assertFalse(last(EvMeasurement.Cp.class).pwm());
        assertEquals(0, last(EvMeasurement.Cp.class).dutyPercent());
    }

    @Test
    void powerAndCurrentAreMeasuredWhenTheContactsMove() {
        ev.cpLoad(EvLoad.C);
        ev.loadCurrent(16, 3);
        charger.pilotPwm(53.3);
        charger.allowPower(true, PowerReason.values()[0]);
        assertFalse(last(EvMeasurement.Power.class).present());
        loop.runUntil(1000);
        EvMeasurement.Power on = last(EvMeasurement.Power.class);
        assertTrue(on.present());
        assertEquals(30, on.atMs(), "the simulated relay closes after relay_delay_ms");
        assertEquals(16, last(EvMeasurement.Current.class).phasesA().l3(), 1e-9);
    }

    @Test
    void aShortToPeBehindTheDiodeIsStateEAndKeepsTheNegativeHalfVisible() {
        ev.cpLoad(EvLoad.C);
        charger.pilotPwm(53.3);
        ev.peShort(true);
        assertEquals(CpState.E, charger.cpState());
        EvMeasurement.Cp cp = last(EvMeasurement.Cp.class);
        assertEquals(-12, cp.lowV(), 1e-9);
        assertTrue(cp.pwm(), "the bench still sees the charger's PWM on the negative half");
        charger.pilotX1();
        assertFalse(last(EvMeasurement.Cp.class).pwm());
    }

    @Test
    void aShortedDiodeIsADiodeFaultForTheCharger() {
        ev.cpLoad(EvLoad.C);
        charger.pilotPwm(53.3);
        ev.diodeShort(true);
        assertTrue(chargerSaw.stream().anyMatch(e -> e instanceof BoardEvent.DiodeFault));
    }
}
