package org.jevse.board.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jevse.board.port.BoardEvent.RelayFeedback;
import org.jevse.board.port.PowerReason;
import org.junit.jupiter.api.Test;

class SimulatedBoardRelayTest {

    private final SimRig rig = SimRig.started(SimConfigBuilder.defaults().relayDelayMs(30));
    private final SimulatedBoard board = rig.board;

    @Test
    void contactorClosesAndReportsPowerOnAfterTheRelayDelay() {
        board.allowPower(true, PowerReason.FULL_POWER_CHARGING);
        assertTrue(board.contactorCommanded());
        rig.advance(29);
        assertFalse(board.contactorClosed());
        assertTrue(rig.of(RelayFeedback.class).isEmpty());

        rig.advance(1);

        assertTrue(board.contactorClosed());
        assertEquals(List.of(new SimRig.Timed(30, new RelayFeedback(true))),
                rig.events.stream().filter(t -> t.event() instanceof RelayFeedback).toList());
    }

    @Test
    void contactorOpensAndReportsPowerOffAfterTheRelayDelay() {
        board.allowPower(true, PowerReason.FULL_POWER_CHARGING);
        rig.advance(100);
        board.allowPower(false, PowerReason.POWER_OFF);
        rig.advance(29);
        assertTrue(board.contactorClosed());

        rig.advance(1);

        assertFalse(board.contactorClosed());
        assertEquals(List.of(new RelayFeedback(true), new RelayFeedback(false)), rig.of(RelayFeedback.class));
    }

    @Test
    void aCommandTakenBackWithinTheDelayMovesNothing() {
        board.allowPower(true, PowerReason.FULL_POWER_CHARGING);
        rig.advance(10);
        board.allowPower(false, PowerReason.POWER_OFF);
        rig.advance(100);

        assertFalse(board.contactorClosed());
        assertTrue(rig.of(RelayFeedback.class).isEmpty());
    }

    @Test
    void weldedContactsStayClosedAndSendNoPowerOff() {
        board.ev().plugin();
        board.pilotPwm(26.7);
        board.ev().drawPowerRegulated(16, 3);
        rig.advance(2000);
        board.allowPower(true, PowerReason.FULL_POWER_CHARGING);
        rig.advance(100);
        board.weldOnNextOpen();

        board.allowPower(false, PowerReason.POWER_OFF);
        rig.advance(1000);

        assertFalse(board.contactorCommanded());
        assertTrue(board.contactorClosed());
        assertTrue(board.welded());
        assertEquals(List.of(new RelayFeedback(true)), rig.of(RelayFeedback.class));
        assertEquals(16, board.currentA().l1(), 1e-9, "the car keeps drawing through welded contacts");
    }

    @Test
    void weldingOnlyHappensOnTheNextOpening() {
        board.weldOnNextOpen();
        board.allowPower(true, PowerReason.FULL_POWER_CHARGING);
        rig.advance(100);
        assertTrue(board.contactorClosed(), "closing is not affected");
        assertFalse(board.welded());
    }

    @Test
    void withoutAMirrorContactTheContactorMovesSilently() {
        SimRig quiet = SimRig.started(SimConfigBuilder.defaults().relayFeedback(false));
        quiet.board.allowPower(true, PowerReason.FULL_POWER_CHARGING);
        quiet.advance(100);

        assertTrue(quiet.board.contactorClosed());
        assertTrue(quiet.of(RelayFeedback.class).isEmpty());
    }

    @Test
    void phaseSwitchesWithTheContactorClosedAreCountedAsViolations() {
        SimRig rig3 = SimRig.started(SimConfigBuilder.defaults().phaseSwitching(true));
        SimulatedBoard b = rig3.board;
        b.switchPhases(1);
        assertEquals(0, b.phaseSwitchesUnderLoad());
        b.allowPower(true, PowerReason.FULL_POWER_CHARGING);
        rig3.advance(100);

        b.switchPhases(3);

        assertEquals(3, b.phasesInUse());
        assertEquals(1, b.phaseSwitchesUnderLoad());
    }

    @Test
    void aBoardWithoutPhaseSwitchingIgnoresTheCommand() {
        board.switchPhases(1);

        assertEquals(3, board.phasesInUse());
    }

    @Test
    void remembersTheOverCurrentLimit() {
        assertTrue(Double.isNaN(board.overCurrentLimitA()));
        board.setOverCurrentLimit(35.2);
        assertEquals(35.2, board.overCurrentLimitA());
    }
}
