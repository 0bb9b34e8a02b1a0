package org.jevse.evse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jevse.board.port.CpState;
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
}
