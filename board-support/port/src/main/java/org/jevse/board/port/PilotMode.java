package org.jevse.board.port;

/** What the EVSE drives onto the control pilot. */
public enum PilotMode {
    /** 1 kHz PWM whose duty cycle encodes the offered current (B2/C2). */
    PWM,
    /** Constant +12 V, no PWM: "EVSE not ready" (B1/C1). */
    X1,
    /** Constant -12 V: "EVSE not available" (state F). */
    F
}
