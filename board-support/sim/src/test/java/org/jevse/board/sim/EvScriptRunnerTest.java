package org.jevse.board.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jevse.board.port.BoardEvent.CpChanged;
import org.jevse.board.port.CpState;
import org.junit.jupiter.api.Test;

class EvScriptRunnerTest {

    private final SimRig rig = SimRig.started(SimConfigBuilder.defaults().evReactionMs(0));
    private final List<String> tags = new ArrayList<>();
    private int finishedCalls;

    private EvScriptRunner run(String script) {
        EvScriptRunner runner = new EvScriptRunner(EvScript.parse(script), rig.board, tags::add)
                .onFinished(() -> finishedCalls++);
        runner.start();
        return runner;
    }

    private List<SimRig.Timed> cpChanges() {
        return rig.events.stream().filter(t -> t.event() instanceof CpChanged).toList();
    }

    @Test
    void runsCommandsInOrderAndSleepsInSimulatedTime() {
        EvScriptRunner runner = run("sleep 1; plugin; sleep 2.5; draw_power_regulated 16,3; sleep 60; pause; unplug");

        rig.advance(100_000);

        assertEquals(List.of(
                new SimRig.Timed(0, new CpChanged(CpState.A)),
                new SimRig.Timed(1_000, new CpChanged(CpState.B)),
                new SimRig.Timed(3_500, new CpChanged(CpState.C)),
                new SimRig.Timed(63_500, new CpChanged(CpState.B)),
                new SimRig.Timed(63_500, new CpChanged(CpState.A))), cpChanges());
        assertTrue(runner.finished());
        assertEquals(1, finishedCalls);
    }

    @Test
    void authHandsTheTagToTheTokenCallback() {
        run("plugin; auth DEMO-TAG; auth CARD-2");
        rig.advance(0);

        assertEquals(List.of("DEMO-TAG", "CARD-2"), tags);
    }

    @Test
    void iecWaitPwrReadyBlocksUntilThePilotOffersPower() {
        EvScriptRunner runner = run("plugin; iec_wait_pwr_ready; draw_power_regulated 16,3");
        rig.advance(5_000);
        assertTrue(runner.waitingForPower());
        assertEquals(CpState.B, rig.board.cpState());

        rig.board.pilotPwm(5); // 5 %: digital communication only, no current offered
        rig.advance(1_000);
        assertTrue(runner.waitingForPower());

        rig.board.pilotPwm(26.7);
        rig.advance(0);

        assertFalse(runner.waitingForPower());
        assertEquals(CpState.C, rig.board.cpState());
        assertEquals(new SimRig.Timed(6_000, new CpChanged(CpState.C)), cpChanges().get(cpChanges().size() - 1));
        assertTrue(runner.finished());
    }

    @Test
    void iecWaitPwrReadyPassesStraightThroughWhenPowerIsAlreadyOffered() {
        rig.board.pilotPwm(50);
        EvScriptRunner runner = run("iec_wait_pwr_ready; plugin");
        rig.advance(0);

        assertTrue(runner.finished());
        assertEquals(CpState.B, rig.board.cpState());
    }

    @Test
    void actionsReachTheBoard() {
        run("plugin; diode_fail; weld; rcd_current 3; pp 680; ventilation on; overdraw 20");
        rig.advance(0);

        assertTrue(rig.board.ev().diodeShorted());
        assertEquals(3, rig.board.residualCurrentMa());
        assertEquals(680, rig.board.ppOhms());
        assertEquals(CpState.D, rig.board.cpState());
        assertEquals(SimulatedEv.DrawMode.OVERDRAW, rig.board.ev().drawMode());
    }

    @Test
    void stopAbandonsTheRestOfTheScript() {
        EvScriptRunner runner = run("plugin; sleep 10; unplug");
        rig.advance(5_000);

        runner.stop();
        rig.advance(10_000);

        assertEquals(CpState.B, rig.board.cpState());
        assertFalse(runner.finished());
        assertEquals(0, finishedCalls);
    }

    @Test
    void anEmptyScriptFinishesAtOnce() {
        EvScriptRunner runner = run("# nothing to do");
        rig.advance(0);

        assertTrue(runner.finished());
        assertEquals(1, finishedCalls);
    }

    @Test
    void theDefaultScriptOfTheConfigurationRuns() {
        EvScriptRunner runner = run(
                "sleep 1; plugin; sleep 2; auth DEMO-TAG; draw_power_regulated 32,3; sleep 60; pause; sleep 5; unplug");
        rig.advance(70_000);

        assertTrue(runner.finished());
        assertEquals(List.of("DEMO-TAG"), tags);
    }
}
