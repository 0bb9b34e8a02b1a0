package org.jevse.evse.core;

import java.util.Set;

/** What the core tells the rest of the application (event stream, OCPP, energy leaf, session log). */
public sealed interface Notification {

    /** The session machine entered a state. {@code pauseReasons} is non-empty in ChargingPausedEVSE. */
    record StateChanged(EvseState state, Set<PauseReason> pauseReasons) implements Notification {
    }

    /** An error was raised ({@code active}) or cleared. */
    record ErrorChanged(ActiveError error, boolean active) implements Notification {
    }

    /** The binding limit changed. */
    record LimitChanged(Limit limit) implements Notification {
    }

    /** A presented tag needs a decision; answer with {@link ControlEvent.AuthorizationResult}. */
    record AuthorizationRequested(String tag) implements Notification {
    }

    /** A session began (EV plugged in). */
    record SessionStarted(Session session) implements Notification {
    }

    /** The session was authorized and charging may begin (OCPP StartTransaction). */
    record TransactionStarted(Session session, String tag, double meterStartWh) implements Notification {
    }

    /** The transaction ended (OCPP StopTransaction); the EV may still be plugged. */
    record TransactionFinished(Session session, StopReason reason, double meterStopWh) implements Notification {
    }

    /** A session ended (EV unplugged), with its energy. */
    record SessionFinished(Session session, StopReason reason, double energyWh, long endWallMs) implements Notification {
    }
}
