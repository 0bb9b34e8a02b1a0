package org.jevse.board.ev;

/**
 * How a car reads the pilot's duty cycle, and what a charger must send for a current: IEC 61851-1 Table A.8 as
 * cars read it (Phoenix Table 5-5, Fluke FEV300 Table 4, EVerest's YetiSimulator).
 */
public final class PilotDecoding {

    private PilotDecoding() {
    }

    /** The current a duty cycle offers; 0 means "no charging allowed". */
    public static double ampsForDuty(double dutyPercent) {
        if (dutyPercent < 8) {
            return 0; // < 3 % error, 3..7 % digital communication only, 7..8 % not allowed
        } else if (dutyPercent < 10) {
            return 6;
        } else if (dutyPercent < 85) {
            return dutyPercent * 0.6;
        } else if (dutyPercent < 96) {
            return (dutyPercent - 64) * 2.5;
        } else if (dutyPercent < 97) {
            return 80;
        }
        return 0; // > 97 %: X1, charging not allowed
    }

    /**
     * The duty cycle that signals {@code amps} (6..80 A): I / 0.6 up to 51 A, I / 2.5 + 64 above (IEC 61851-1
     * Table A.7; Phoenix Table 5-5).
     */
    public static double dutyForAmps(double amps) {
        if (amps < 6 || amps > 80) {
            throw new IllegalArgumentException("the PWM signals 6..80 A, got " + amps);
        }
        return amps <= 51 ? amps / 0.6 : amps / 2.5 + 64;
    }
}
