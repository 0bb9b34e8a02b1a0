package org.jevse.board.port;

/**
 * Cable rating coded by the proximity-pilot resistor (IEC 61851-1 / IEC 62196, after Phoenix Contact Table 5-1).
 */
public enum Ampacity {
    /** No cable, or a resistor above 2200 Ohm: nothing may be offered. */
    NONE(0),
    A13(13),
    A20(20),
    A32(32),
    /** 63 A on three phases, 70 A on one phase. */
    A63_3PH_70_1PH(63),
    /** Below 75 Ohm: a shorted PP, an error. */
    INVALID(0);

    private final double amps;

    Ampacity(double amps) {
        this.amps = amps;
    }

    /** The current this cable carries with the given number of phases. */
    public double amps(int phases) {
        return this == A63_3PH_70_1PH && phases == 1 ? 70 : amps;
    }

    /** Decodes a measured PP-PE resistance using the tolerance bands of IEC 61851-1 (Phoenix Table 5-1). */
    public static Ampacity fromOhms(double ohms) {
        if (ohms < 75) {
            return INVALID;
        } else if (ohms < 150) {
            return A63_3PH_70_1PH;
        } else if (ohms < 330) {
            return A32;
        } else if (ohms < 1000) {
            return A20;
        } else if (ohms <= 2200) {
            return A13;
        }
        return NONE;
    }
}
