package org.jevse.evse.core;

/**
 * The duty cycle that encodes an offered current on the control pilot (IEC 61851-1 Annex A, Tables A.7/A.8;
 * the same formula in EVerest, OpenEVSE, WARP and Phoenix Contact firmware).
 */
public final class PilotPwm {

    /** IEC 61851-1: below 6 A there is no valid duty cycle; the EVSE pauses with X1 instead. */
    public static final double MIN_CURRENT_A = 6.0;
    /** Highest current a duty cycle can encode (96 %). */
    public static final double MAX_CURRENT_A = 80.0;

    private PilotPwm() {
    }

    /**
     * The current that may actually be offered for a wanted current: below 6 A nothing (0), the 51-52.5 A gap
     * clamped to 51 A (no duty encodes it), above 80 A clamped to 80 A; rounded down to 0.1 A so the EV is
     * never offered more than was allowed.
     */
    public static double offerable(double wantedA) {
        if (!(wantedA >= MIN_CURRENT_A)) {
            return 0;
        }
        double a = Math.min(wantedA, MAX_CURRENT_A);
        if (a > 51.0 && a < 52.5) {
            a = 51.0; // IEC 61851-1 gap: 85 % is 51 A, the next duty already means 52.5 A
        }
        return Math.floor(a * 10 + 1e-9) / 10.0;
    }

    /**
     * Duty cycle in percent for an offerable current (6-80 A): A / 0.6 from 6 to 51 A, A / 2.5 + 64 from 52.5 to
     * 80 A. Rounded down to 0.01 % so the encoded current never exceeds the offered one.
     *
     * @throws IllegalArgumentException below 6 A: the caller must show X1, never a duty for less than 6 A
     */
    public static double dutyPercent(double offeredA) {
        if (!(offeredA >= MIN_CURRENT_A) || offeredA > MAX_CURRENT_A) {
            throw new IllegalArgumentException("no PWM duty encodes " + offeredA + " A (allowed: 6 to 80 A)");
        }
        double duty = offeredA <= 51.0 ? offeredA / 0.6 : offeredA / 2.5 + 64.0;
        return Math.floor(duty * 100 + 1e-6) / 100.0;
    }

    /** The current an EV reads from a duty cycle (the EV side of the same tables). */
    public static double currentForDuty(double dutyPercent) {
        if (dutyPercent < 8 || dutyPercent > 97) {
            return 0;
        }
        if (dutyPercent < 10) {
            return 6;
        }
        if (dutyPercent <= 85) {
            return dutyPercent * 0.6;
        }
        if (dutyPercent <= 96) {
            return (dutyPercent - 64) * 2.5;
        }
        return 80;
    }
}
