package org.jevse.board.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jevse.board.port.Ampacity;
import org.jevse.board.port.BoardEvent.CpChanged;
import org.jevse.board.port.BoardEvent.LockFeedback;
import org.jevse.board.port.BoardEvent.PpAmpacity;
import org.jevse.board.port.CpState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatedBoardPpAndLockTest {

    @Test
    void socketMeasuresTheDefault220OhmCableBeforeTheCarShowsB() {
        SimRig rig = SimRig.started(SimConfigBuilder.defaults().socket());
        rig.clear();

        rig.board.ev().plugin();
        rig.board.ev().unplug();

        assertEquals(List.of(new PpAmpacity(Ampacity.A32), new CpChanged(CpState.B),
                new CpChanged(CpState.A), new PpAmpacity(Ampacity.NONE)), rig.nonMeter());
    }

    @ParameterizedTest(name = "{0} Ohm is {1}")
    @CsvSource({"50, INVALID", "100, A63_3PH_70_1PH", "220, A32", "680, A20", "1500, A13", "2200, A13",
            "2201, NONE", "10000, NONE"})
    void ppWordFollowsThePhoenixTable(double ohms, Ampacity expected) {
        SimRig rig = SimRig.started(SimConfigBuilder.defaults().socket());
        rig.board.ev().plugin();
        rig.clear();

        rig.board.pp(ohms);

        assertEquals(List.of(new PpAmpacity(expected)), rig.nonMeter());
    }

    @Test
    void aPpSetWhileUnpluggedIsMeasuredAtPlugIn() {
        SimRig rig = SimRig.started(SimConfigBuilder.defaults().socket());
        rig.clear();
        rig.board.pp(680);
        assertTrue(rig.nonMeter().isEmpty(), "no cable in the socket, nothing to measure");

        rig.board.ev().plugin();

        assertEquals(new PpAmpacity(Ampacity.A20), rig.nonMeter().get(0));
    }

    @Test
    void aTetheredCableReportsNoPp() {
        SimRig rig = SimRig.started(SimConfigBuilder.defaults());
        rig.board.ev().plugin();
        rig.board.pp(680);
        rig.board.ev().unplug();

        assertTrue(rig.of(PpAmpacity.class).isEmpty());
    }

    @Test
    void lockReportsItsPositionAfter100ms() {
        SimRig rig = SimRig.started(SimConfigBuilder.defaults().lock(true));
        rig.board.lockConnector(true);
        rig.advance(99);
        assertTrue(rig.of(LockFeedback.class).isEmpty());
        rig.advance(1);
        assertTrue(rig.board.locked());

        rig.board.lockConnector(false);
        rig.advance(100);

        assertFalse(rig.board.locked());
        assertEquals(List.of(new LockFeedback(true), new LockFeedback(false)), rig.of(LockFeedback.class));
    }

    @Test
    void aBoardWithoutALockIgnoresLockCommands() {
        SimRig rig = SimRig.started(SimConfigBuilder.defaults().lock(false));
        rig.board.lockConnector(true);
        rig.advance(500);

        assertTrue(rig.of(LockFeedback.class).isEmpty());
    }
}
