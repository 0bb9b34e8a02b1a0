package org.jevse.board.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jevse.board.port.Ampacity;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.BoardEvent.CpChanged;
import org.jevse.board.port.ConnectorType;
import org.jevse.board.port.CpState;
import org.jevse.board.port.HardwareCapabilities;
import org.junit.jupiter.api.Test;

class SimulatedBoardCpTest {

    private final SimRig rig = SimRig.started(SimConfigBuilder.defaults().evReactionMs(0));
    private final SimulatedBoard board = rig.board;

    @Test
    void startReportsStateAAndForASocketNoCable() {
        assertEquals(List.of(new CpChanged(CpState.A)), rig.nonMeter());

        SimRig socket = SimRig.started(SimConfigBuilder.defaults().socket());
        assertEquals(List.of(new CpChanged(CpState.A), new BoardEvent.PpAmpacity(Ampacity.NONE)), socket.nonMeter());
    }

    @Test
    void startReportsACarThatWasPluggedBeforehand() {
        SimRig early = new SimRig(SimConfigBuilder.defaults().build());
        early.board.ev().plugin();
        assertTrue(early.events.isEmpty(), "nothing is reported before start()");

        early.board.start();

        assertEquals(List.of(new CpChanged(CpState.B)), early.nonMeter());
    }

    @Test
    void reportsEachCarStateAtX1() {
        board.ev().plugin();
        board.ev().drawPowerRegulated(16, 3);
        board.ev().ventilation(true);
        board.ev().pause();
        board.ev().errorE();
        board.ev().unplug();

        assertEquals(List.of(CpState.A, CpState.B, CpState.C, CpState.D, CpState.B, CpState.E, CpState.A), cpStates());
    }

    @Test
    void reportsEachCarStateUnderPwm() {
        board.pilotPwm(26.7);
        board.ev().plugin();
        board.ev().drawPowerRegulated(16, 3);
        board.ev().ventilation(true);

        assertEquals(List.of(CpState.A, CpState.B, CpState.C, CpState.D), cpStates());
    }

    @Test
    void reportsFWhileTheBoardDrivesF() {
        board.ev().plugin();
        board.pilotF();
        board.pilotX1();

        assertEquals(List.of(CpState.A, CpState.B, CpState.F, CpState.B), cpStates());
        assertEquals(CpState.B, board.cpState());
    }

    @Test
    void reportsACpChangeOnlyWhenTheStateChanges() {
        board.ev().plugin();
        board.pilotPwm(50);   // B1 -> B2: still B
        board.pilotPwm(30);
        board.ev().plugin();

        assertEquals(List.of(CpState.A, CpState.B), cpStates());
    }

    @Test
    void shortedDiodeUnderPwmIsReportedOncePerOccurrence() {
        board.ev().plugin();
        board.ev().diodeFail();
        assertEquals(0, rig.of(BoardEvent.DiodeFault.class).size(), "no PWM, no negative half to check");

        board.pilotPwm(50);
        board.pilotPwm(40);
        assertEquals(1, rig.of(BoardEvent.DiodeFault.class).size());
        assertEquals(CpState.B, board.cpState(), "the positive half still reads B");

        board.pilotX1();
        board.pilotPwm(50);
        assertEquals(2, rig.of(BoardEvent.DiodeFault.class).size(), "a new PWM is a new occurrence");
    }

    @Test
    void unplugClearsTheCarsCpFaults() {
        board.ev().plugin();
        board.ev().errorE();
        board.ev().unplug();
        board.ev().plugin();

        assertEquals(List.of(CpState.A, CpState.B, CpState.E, CpState.A, CpState.B), cpStates());
        assertTrue(!board.ev().cpShorted() && !board.ev().diodeShorted());
    }

    @Test
    void capabilitiesFollowTheConfiguration() {
        assertEquals(new HardwareCapabilities(6, 32, 3, 3, false, true, false, true, ConnectorType.TETHERED_CABLE, 32),
                board.capabilities());

        SimulatedBoard switching = new SimRig(SimConfigBuilder.defaults().phaseSwitching(true).socket().lock(true)
                .rcd(false).relayFeedback(false).build()).board;
        assertEquals(new HardwareCapabilities(6, 32, 1, 3, true, false, true, false, ConnectorType.SOCKET, 0),
                switching.capabilities());
    }

    private List<CpState> cpStates() {
        return rig.of(CpChanged.class).stream().map(CpChanged::state).toList();
    }
}
