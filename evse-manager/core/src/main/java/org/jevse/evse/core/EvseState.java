package org.jevse.evse.core;

/** The session machine's states (EVerest EvseManager's names, plus the explicit fault path). */
public enum EvseState {
    /** Not available: at start-up until ready, or disabled by the operator. Pilot F. */
    Disabled,
    /** No EV. Pilot X1. */
    Idle,
    /** EV plugged, no authorization yet. Pilot X1 (B1). */
    WaitingForAuthentication,
    /** Authorized; PWM on, waiting for the EV to ask for power. */
    PrepareCharging,
    /** Contactor closed, energy flowing. */
    Charging,
    /** The EV paused (went back to B); PWM stays on. */
    ChargingPausedEV,
    /** The EVSE paused (no energy or user pause); pilot X1. */
    ChargingPausedEVSE,
    /** Stopping: PWM off, waiting for the EV to leave C or the C1 timeout. */
    StoppingCharging,
    /** The transaction is over; waiting for unplug. */
    Finished,
    /** Switching between 1 and 3 phases. */
    SwitchPhases,
    /** A fatal error is active: no power until it is cleared. */
    Faulted
}
