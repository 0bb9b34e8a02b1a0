package org.jevse.evse.core;

import org.jevse.board.port.BoardEvent;

/**
 * One input of the charger loop; each becomes one step of the core ({@link ChargerCore#accept}). The loop, its
 * listeners and the safety invariants see the same value, so a step can be told by what caused it.
 */
public sealed interface ChargerInput {

    /** The timer input: deadlines due now, and the heartbeat. */
    Tick TICK = new Tick();

    /** The first step: the board is put into its safe start-up state. */
    record Start() implements ChargerInput {
    }

    /** Something the board reported. */
    record Board(BoardEvent event) implements ChargerInput {
    }

    /** Authorization, limits, operator commands. */
    record Control(ControlEvent event) implements ChargerInput {
    }

    /** Time passed: run the timers that are due. */
    record Tick() implements ChargerInput {
    }
}
