package org.jevse.board.ev;

/**
 * What an EV-side bench can drive. A test case that needs something the bench lacks is skipped with the reason
 * ({@link #lacks(Need)}), never run half-way.
 *
 * @param hasPp               a PP resistor can be switched (a socket charger's cable coding)
 * @param hasProgrammableLoad a load draws a set current from the charger's output
 * @param hasDiodeShort       the EV diode can be shorted (diode fault)
 * @param hasPeShort          CP can be shorted to PE behind the diode (state E)
 * @param hasPowerSense       power present on the charger's output is sensed (a contactor sense input or a meter)
 * @param hasMeter            the current per phase is metered
 * @param hasPwmTiming        the PWM's edges are timed: frequency and duty are measured, not only its presence
 * @param maxLoadA            the largest current per phase the load draws (0 without a load)
 */
public record EvCapabilities(boolean hasPp, boolean hasProgrammableLoad, boolean hasDiodeShort, boolean hasPeShort,
                             boolean hasPowerSense, boolean hasMeter, boolean hasPwmTiming, double maxLoadA) {

    /** Everything a bench can have; the simulated line has it all. */
    public static EvCapabilities full(double maxLoadA) {
        return new EvCapabilities(true, true, true, true, true, true, true, maxLoadA);
    }

    /** What a test case may need of the bench. */
    public enum Need {
        PP("pp", "the bench has no PP resistor (a tethered charger, or no PP relay)"),
        LOAD("load", "the bench has no programmable load"),
        DIODE_SHORT("diode_short", "the bench cannot short the EV diode"),
        PE_SHORT("pe_short", "the bench cannot short CP to PE"),
        POWER_SENSE("power_sense", "the bench senses no power on the charger's output"),
        METER("meter", "the bench meters no current"),
        PWM_TIMING("pwm_timing", "the bench does not time the PWM's edges (no duty or frequency measured)");

        private final String word;
        private final String missing;

        Need(String word, String missing) {
            this.word = word;
            this.missing = missing;
        }

        /** The name a suite file uses. */
        public String word() {
            return word;
        }

        public static Need of(String word) {
            for (Need n : values()) {
                if (n.word.equals(word)) {
                    return n;
                }
            }
            return null;
        }
    }

    /** Null when the bench has what is needed, otherwise why it cannot drive it. */
    public String lacks(Need need) {
        boolean has = switch (need) {
            case PP -> hasPp;
            case LOAD -> hasProgrammableLoad;
            case DIODE_SHORT -> hasDiodeShort;
            case PE_SHORT -> hasPeShort;
            case POWER_SENSE -> hasPowerSense;
            case METER -> hasMeter;
            case PWM_TIMING -> hasPwmTiming;
        };
        return has ? null : need.missing;
    }
}
