package org.jevse.board.ev;

/**
 * The load the EV puts between CP and PE behind its diode (IEC 61851-1 Annex A, Table A.4; Phoenix Table 5-3).
 * A is no load (S1 open on an EV emulator: the car is "unplugged" while the bench's probe stays on the line).
 */
public enum EvLoad {
    /** Open: no EV, the charger sees +12 V. */
    A(Double.POSITIVE_INFINITY),
    /** R2 = 2.74 kOhm: EV connected, not ready (+9 V). */
    B(2740),
    /** R2 parallel R3 = 1.3 kOhm, about 882 Ohm: EV ready (+6 V). */
    C(882),
    /** R2 parallel R3 = 270 Ohm, about 246 Ohm: EV ready, ventilation required (+3 V). */
    D(246);

    private final double ohms;

    EvLoad(double ohms) {
        this.ohms = ohms;
    }

    /** The resistance between CP (behind the diode) and PE. */
    public double ohms() {
        return ohms;
    }

    /** The EV asks for power (S2 closed). */
    public boolean requestsPower() {
        return this == C || this == D;
    }
}
