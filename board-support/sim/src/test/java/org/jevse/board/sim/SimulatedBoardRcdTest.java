package org.jevse.board.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.BoardEvent.RcdSelfTestResult;
import org.jevse.board.port.BoardEvent.RcdTripped;
import org.jevse.board.port.BoardEvent.RelayFeedback;
import org.jevse.board.port.PowerReason;
import org.jevse.board.port.RcdFault;
import org.junit.jupiter.api.Test;

class SimulatedBoardRcdTest {

    private final SimRig rig = SimRig.started(SimConfigBuilder.defaults());
    private final SimulatedBoard board = rig.board;

    private void closeContactor() {
        board.allowPower(true, PowerReason.FULL_POWER_CHARGING);
        rig.advance(100);
        rig.clear();
    }

    @Test
    void residualCurrentBelow6mADoesNotTrip() {
        closeContactor();
        board.rcdCurrent(5.9);

        assertTrue(rig.nonMeter().isEmpty());
        assertTrue(board.contactorClosed());
    }

    @Test
    void sixMilliampsTripsOnceAndOpensTheContactorAtOnce() {
        closeContactor();

        board.rcdCurrent(6);
        board.rcdCurrent(12);

        assertFalse(board.contactorClosed(), "opened in hardware, no relay delay");
        assertTrue(board.contactorCommanded(), "the software command is unchanged");
        assertEquals(List.of(new RcdTripped(RcdFault.DC, 6), new RelayFeedback(false)), rig.nonMeter());
    }

    @Test
    void aTrippedRcdHoldsTheContactorOpen() {
        board.injectRcdTrip();
        board.allowPower(true, PowerReason.FULL_POWER_CHARGING);
        rig.advance(1000);

        assertFalse(board.contactorClosed());
    }

    @Test
    void aWeldedContactorStaysClosedThroughATrip() {
        closeContactor();
        board.weldOnNextOpen();

        board.rcdCurrent(30);

        assertTrue(board.contactorClosed());
        assertEquals(List.of(new RcdTripped(RcdFault.DC, 30)), rig.nonMeter());
    }

    @Test
    void resetReArmsOnlyOnceTheResidualCurrentIsGone() {
        closeContactor();
        board.rcdCurrent(8);
        board.allowPower(false, PowerReason.POWER_OFF);

        board.rcdReset();
        assertTrue(board.rcdTripped(), "reset onto a standing fault trips again");
        assertEquals(2, rig.of(RcdTripped.class).size());

        board.rcdCurrent(0);
        board.rcdReset();
        assertFalse(board.rcdTripped());

        board.rcdCurrent(7);
        assertEquals(3, rig.of(RcdTripped.class).size(), "a re-armed RCD trips again");
    }

    @Test
    void afterAResetTheContactorFollowsItsCommandAgain() {
        closeContactor();
        board.injectRcdTrip();
        board.rcdReset();
        rig.advance(30);

        assertTrue(board.contactorClosed());
    }

    @Test
    void selfTestAnswersAfter200msAndCanBeMadeToFail() {
        board.rcdSelfTest();
        rig.advance(199);
        assertTrue(rig.of(RcdSelfTestResult.class).isEmpty());
        rig.advance(1);
        assertEquals(List.of(new RcdSelfTestResult(true)), rig.of(RcdSelfTestResult.class));

        board.failNextSelfTest();
        board.rcdSelfTest();
        board.rcdSelfTest();
        rig.advance(200);
        assertEquals(List.of(new RcdSelfTestResult(true), new RcdSelfTestResult(false), new RcdSelfTestResult(true)),
                rig.of(RcdSelfTestResult.class));
    }

    @Test
    void aBoardWithoutAnRcdIgnoresResidualCurrentAndRcdCommands() {
        SimRig bare = SimRig.started(SimConfigBuilder.defaults().rcd(false));
        bare.clear();
        bare.board.rcdCurrent(50);
        bare.board.rcdSelfTest();
        bare.board.rcdReset();
        bare.advance(500);

        assertTrue(bare.nonMeter().isEmpty());
        assertThrows(IllegalStateException.class, bare.board::injectRcdTrip);
    }

    @Test
    void theScriptWordTripsLikeTheInjection() {
        new EvCommand.RcdCurrent(6).applyTo(board);

        assertEquals(List.of(new RcdTripped(RcdFault.DC, 6)), rig.of(BoardEvent.RcdTripped.class));
    }
}
