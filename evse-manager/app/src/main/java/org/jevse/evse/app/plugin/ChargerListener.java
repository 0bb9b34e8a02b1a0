package org.jevse.evse.app.plugin;

import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.evse.core.ChargerInput;
import org.jevse.evse.core.Notification;

/** Observes a running charger: what the board reported, what was commanded, what the core announced. */
public interface ChargerListener {

    default void onBoardEvent(long tMs, BoardEvent event) {
    }

    default void onCommand(long tMs, BoardCommand command) {
    }

    default void onNotification(long tMs, Notification notification) {
    }

    /**
     * The core finished handling one input (a board event, a control event, an authorization result or a tick):
     * everything it emitted for that input has been delivered. The safety invariants are checked here.
     */
    default void onStepEnd(long tMs, ChargerInput input) {
    }

    /** An authorization decision was made for a presented tag. */
    default void onAuthorization(long tMs, String tag, boolean accepted) {
    }
}
