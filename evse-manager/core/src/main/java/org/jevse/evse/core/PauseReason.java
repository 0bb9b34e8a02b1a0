package org.jevse.evse.core;

/** Why the EVSE paused a session (EVerest PauseChargingEVSEReasonEnum). */
public enum PauseReason {
    /** The binding limit is below the minimum current. */
    NoEnergy,
    /** A user or the CSMS paused charging. */
    UserPause
}
