package org.jevse.board.port;

/**
 * Control-pilot state as seen by the EVSE on the positive half of the pilot (IEC 61851-1 Table A.3/A.4).
 * B1/B2 and C1/C2 are not separate values here: whether the PWM runs is the EVSE's own knowledge.
 */
public enum CpState {
    /** +12 V: no EV connected. */
    A,
    /** +9 V: EV connected, not ready (2.74 kOhm). */
    B,
    /** +6 V: EV ready, no ventilation required (882 Ohm). */
    C,
    /** +3 V: EV ready, ventilation required (246 Ohm). */
    D,
    /** 0 V: CP shorted to PE, or mains problem. */
    E,
    /** -12 V: EVSE not available (driven by the EVSE itself). */
    F;

    /** An EV is attached (B, C or D). */
    public boolean connected() {
        return this == B || this == C || this == D;
    }

    /** The EV asks for power: C, or D (which needs ventilation). */
    public boolean requestsPower() {
        return this == C || this == D;
    }
}
