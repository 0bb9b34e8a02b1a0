package org.jevse.evse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jevse.board.port.Ampacity;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.CpState;
import org.jevse.board.port.PilotMode;
import org.jevse.board.sim.EvScript;
import org.jevse.config.ConfigLoader;
import org.jevse.evse.app.SimulatedCharger;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.core.EvseState;
import org.junit.jupiter.api.Test;

/** What a board reports from a thread of its own reaches the core, whatever state that thread is in. */
class BoardEventHandOffTest {

    @Test
    void anEventFromAnInterruptedBoardThreadIsStillHandled() throws Exception {
        Bench b = Bench.with(Bench.TAG_GOOD).ready();
        boolean[] stillInterrupted = new boolean[1];
        // A GPIO or serial thread that is being stopped (its interrupt flag set) reports the EV it sees.
        Thread board = new Thread(() -> {
            Thread.currentThread().interrupt();
            b.board.ev().plugin();
            stillInterrupted[0] = Thread.currentThread().isInterrupted();
        }, "board-thread");
        board.start();
        board.join(10_000);
        b.settle();
        assertEquals(CpState.B, b.status().cp(), "the CP change reached the core");
        assertEquals(EvseState.WaitingForAuthentication, b.state());
        assertTrue(stillInterrupted[0], "the thread keeps its interrupt for whoever stops it");
    }

    @Test
    void aCablePluggedInAtTheStartIsNotUndoneByTheBoardsStartUpReport() {
        // jevse simulate: the charger is started before the loop runs, the EV plugs a 32 A cable into a socket at t=0.
        SimulatedCharger sim = new SimulatedCharger(ConfigLoader.parse(
                "evse:\n  disable_authentication: true\nboard:\n  sim:\n    connector: socket\n", "test config"),
                EvScript.parse("pp 220; plugin; sleep 3; unplug"), SimulatedCharger.Pace.VIRTUAL, 1);
        List<Ampacity> ppReported = new ArrayList<>();
        List<BoardCommand> commands = new ArrayList<>();
        sim.charger().addListener(new ChargerListener() {
            @Override
            public void onBoardEvent(long tMs, BoardEvent event) {
                if (event instanceof BoardEvent.PpAmpacity pp) {
                    ppReported.add(pp.ampacity());
                }
            }

            @Override
            public void onCommand(long tMs, BoardCommand command) {
                commands.add(command);
            }
        });
        sim.run();
        // The board found no cable at start-up, then the cable: the core must see them in that order.
        assertEquals(List.of(Ampacity.NONE, Ampacity.A32), ppReported.subList(0, 2), "PP as the core saw it");
        assertTrue(commands.stream().anyMatch(c -> c instanceof BoardCommand.SetPilot p && p.mode() == PilotMode.PWM),
                "the PWM was started for the plugged-in cable; commands " + commands);
    }
}
