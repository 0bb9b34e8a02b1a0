package org.jevse.evse.core;

/** Inputs to the core that do not come from the board: authorization, limits, operator commands. */
public sealed interface ControlEvent {

    /** An RFID card (or app, or script {@code auth TAG}) was presented. */
    record TokenPresented(String tag) implements ControlEvent {
    }

    /** The authorization port's decision about a presented tag. */
    record AuthorizationResult(String tag, boolean accepted) implements ControlEvent {
    }

    /** Stop the running transaction (remote stop, deauthorization, local stop). */
    record StopTransaction(StopReason reason) implements ControlEvent {
    }

    /**
     * Open the connector lock (OCPP UnlockConnector): a running transaction stops (reason UnlockCommand), the lock
     * opens as soon as the contactor is open, and stays open for the rest of the session unless a new transaction
     * starts. The lock is commanded open even when it should be open already: a new attempt at a stuck lock.
     */
    record UnlockConnector() implements ControlEvent {
    }

    /** Set (or with a negative value, remove) a limit from a source that does not expire: USER, OCPP. */
    record SetLimit(LimitSource source, double amps) implements ControlEvent {
    }

    /**
     * A lease from the energy tree's parent: {@code amps} per phase for {@code validForMs} on the monotonic clock;
     * after that the charger falls back to {@code failsafeAmps}.
     */
    record Lease(double amps, long validForMs, double failsafeAmps) implements ControlEvent {
    }

    /** Pause or resume charging on behalf of a user or the CSMS. */
    record Pause(boolean paused) implements ControlEvent {
    }

    /** Make the EVSE available or unavailable (OCPP ChangeAvailability). */
    record Enable(boolean enabled) implements ControlEvent {
    }

    /** Manual reset: clears latched faults (welding, failed RCD self-test, an RCD trip under rcd_reset: manual). */
    record ResetFaults() implements ControlEvent {
    }

    /** Switch to 1 or 3 phases (from the energy manager). */
    record SwitchPhases(int phases) implements ControlEvent {
    }

    /** The external ready-to-start signal (external_ready_to_start_charging). */
    record ReadyToStartCharging() implements ControlEvent {
    }
}
