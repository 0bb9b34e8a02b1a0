package org.jevse.board.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jevse.board.port.CpState;
import org.jevse.board.port.PerPhase;
import org.jevse.board.port.PilotMode;
import org.jevse.board.port.PowerReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatedEvTest {

    private static final long REACTION = 1000;

    private final SimRig rig = SimRig.started(SimConfigBuilder.defaults().evReactionMs((int) REACTION).relayDelayMs(0));
    private final SimulatedBoard board = rig.board;

    /** Plugged, PWM offering {@code offeredA}, contactor closed, car settled. */
    private void chargingAt(double offeredA) {
        board.ev().plugin();
        board.pilotPwm(offeredA / 0.6);
        board.allowPower(true, PowerReason.FULL_POWER_CHARGING);
        rig.advance(REACTION);
    }

    @ParameterizedTest(name = "{0} % is {1} A")
    @CsvSource({"0, 0", "5, 0", "7.9, 0", "8, 6", "9.9, 6", "10, 6", "16.7, 10.02", "50, 30", "84.9, 50.94",
            "85, 52.5", "90, 65", "95.9, 79.75", "96, 80", "96.9, 80", "97, 0", "100, 0"})
    void decodesTheDutyCycleAsIec61851Cars(double duty, double amps) {
        assertEquals(amps, SimulatedEv.ampsForDuty(duty), 1e-9);
    }

    @Test
    void regulatedCarFollowsAPwmChangeOnlyAfterItsReactionTime() {
        chargingAt(16);
        board.ev().drawPowerRegulated(32, 3);
        assertEquals(16, board.currentA().l1(), 1e-9);

        board.pilotPwm(10 / 0.6);
        rig.advance(REACTION - 1);
        assertEquals(16, board.currentA().l1(), 1e-9, "still on the old PWM");

        rig.advance(1);
        assertEquals(10, board.currentA().l1(), 1e-9);
        assertEquals(10, board.currentA().l3(), 1e-9);
    }

    @Test
    void regulatedCarDrawsTheSmallerOfItsOwnLimitAndThePwm() {
        chargingAt(32);
        board.ev().drawPowerRegulated(13, 1);

        assertEquals(new PerPhase(13, 0, 0), board.currentA());
    }

    @Test
    void carDrawsNothingWhileTheContactorIsOpen() {
        board.ev().plugin();
        board.pilotPwm(50);
        board.ev().drawPowerRegulated(16, 3);
        rig.advance(REACTION);

        assertEquals(PerPhase.ZERO, board.currentA());
        assertEquals(16, board.ev().demandA(), 1e-9);
    }

    @Test
    void regulatedCarLeavesCWithinItsReactionTimeAfterAPwmStopAndComesBack() {
        chargingAt(16);
        board.ev().drawPowerRegulated(16, 3);

        board.pilotX1();
        rig.advance(REACTION - 1);
        assertEquals(CpState.C, board.cpState());
        assertEquals(16, board.currentA().l1(), 1e-9);

        rig.advance(1);
        assertEquals(CpState.B, board.cpState());
        assertEquals(PerPhase.ZERO, board.currentA());

        board.pilotPwm(16 / 0.6);
        rig.advance(REACTION);
        assertEquals(CpState.C, board.cpState(), "still wants to charge");
        assertEquals(16, board.currentA().l1(), 1e-9);
    }

    @Test
    void regulatedCarAlsoLeavesCWhenThePilotGoesToF() {
        chargingAt(16);
        board.ev().drawPowerRegulated(16, 3);
        board.pilotF();
        board.pilotX1();
        rig.advance(REACTION);

        assertEquals(CpState.B, board.cpState());
    }

    @Test
    void fixedCarIgnoresThePwmValueAndStopsAndStaysInC() {
        chargingAt(10);
        board.ev().drawPowerFixed(32, 3);
        assertEquals(32, board.currentA().l1(), 1e-9);

        board.pilotX1();
        rig.advance(10 * REACTION);

        assertEquals(CpState.C, board.cpState());
        assertEquals(new PerPhase(32, 32, 32), board.currentA(), "draws whenever the contactor is closed");
    }

    @Test
    void overdrawingCarIgnoresThePwmValueButLeavesCOnAStop() {
        chargingAt(10);
        board.ev().drawPowerRegulated(16, 1);
        board.ev().overdraw(20);
        assertEquals(new PerPhase(20, 0, 0), board.currentA(), "keeps the phases of the last draw_power");

        board.pilotX1();
        rig.advance(REACTION);

        assertEquals(CpState.B, board.cpState());
        assertEquals(PerPhase.ZERO, board.currentA());
    }

    @Test
    void pauseOpensS2AndStopsDrawingAtOnce() {
        chargingAt(16);
        board.ev().drawPowerRegulated(16, 3);

        board.ev().pause();

        assertEquals(CpState.B, board.cpState());
        assertEquals(PerPhase.ZERO, board.currentA());
        board.pilotX1();
        board.pilotPwm(50);
        rig.advance(2 * REACTION);
        assertEquals(CpState.B, board.cpState(), "a paused car does not come back by itself");
    }

    @Test
    void drawPowerClosesS2AtOnceEvenBeforeThePwm() {
        board.ev().plugin();
        board.ev().drawPowerRegulated(16, 3);

        assertEquals(CpState.C, board.cpState());
        assertTrue(board.ev().s2Closed());
        assertEquals(0, board.ev().demandA(), "no PWM, no current");
    }

    @Test
    void ventilationTurnsCIntoD() {
        board.ev().plugin();
        board.ev().ventilation(true);
        assertEquals(CpState.B, board.cpState());

        board.ev().drawPowerRegulated(16, 3);
        assertEquals(CpState.D, board.cpState());
        board.ev().ventilation(false);
        assertEquals(CpState.C, board.cpState());
    }

    @Test
    void unplugForgetsTheChargingRequest() {
        chargingAt(16);
        board.ev().drawPowerRegulated(16, 3);
        board.ev().unplug();
        board.ev().plugin();
        rig.advance(REACTION);

        assertEquals(CpState.B, board.cpState());
        assertEquals(SimulatedEv.DrawMode.NONE, board.ev().drawMode());
        assertFalse(board.ev().s2Closed());
    }

    @Test
    void carSeesThePilotAfterItsReactionTime() {
        board.pilotPwm(50);
        assertEquals(PilotMode.X1, board.ev().seenPilotMode());
        rig.advance(REACTION);
        assertEquals(PilotMode.PWM, board.ev().seenPilotMode());
        assertEquals(50, board.ev().seenDutyPercent());
    }
}
