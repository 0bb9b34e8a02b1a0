package org.jevse.board.sim;

import org.jevse.board.port.CpState;
import org.jevse.board.port.PilotMode;

/**
 * The control-pilot circuit, small enough to read at a glance: the EVSE drives +12 V or -12 V through a 1 kOhm
 * source resistor; the EV loads the line through a diode and its resistors (IEC 61851-1 Annex A). The board
 * samples the positive level (and the negative one while a PWM runs) and classifies it with fixed bands.
 */
public final class PilotCircuit {

    static final double SUPPLY_V = 12;
    /** The EVSE's source resistor R1. */
    static final double SOURCE_OHMS = 1000;
    /** Forward drop of the EV's diode; it is why 2.74 kOhm gives 9 V rather than 8.8 V. */
    static final double DIODE_DROP_V = 0.7;

    /** IEC 61851-1 Table A.4 (Phoenix Table 5-3): B = R2 2.74 kOhm. */
    public static final double STATE_B_OHMS = 2740;
    /** C = R2 parallel R3 1.3 kOhm. */
    public static final double STATE_C_OHMS = 882;
    /** D = R2 parallel R3 270 Ohm. */
    public static final double STATE_D_OHMS = 246;

    /** What the EV puts between CP and PE. */
    public enum Load {
        /** No EV: nothing loads the pilot (state A). */
        OPEN,
        /** CP shorted to PE (state E). */
        SHORT,
        /**
         * CP shorted to PE behind the EV's diode, as EV test equipment makes state E: the positive half sees the
         * diode's drop, the negative half is blocked (EVerest's Yeti firmware reads only the high side for this).
         */
        SHORT_BEHIND_DIODE,
        B, C, D;

        double ohms() {
            return switch (this) {
                case B -> STATE_B_OHMS;
                case C -> STATE_C_OHMS;
                case D -> STATE_D_OHMS;
                case OPEN -> Double.POSITIVE_INFINITY;
                case SHORT, SHORT_BEHIND_DIODE -> 0;
            };
        }
    }

    /**
     * Voltages the board measures on the pilot.
     *
     * @param highV the positive level, or NaN when the pilot never goes positive (F, 0 % duty)
     * @param lowV  the negative level, or NaN when the pilot never goes negative (X1, 100 % duty)
     */
    public record Levels(double highV, double lowV) {
        public boolean hasHigh() {
            return !Double.isNaN(highV);
        }

        public boolean hasLow() {
            return !Double.isNaN(lowV);
        }
    }

    private PilotCircuit() {
    }

    /** The levels for a pilot drive and an EV load; a shorted diode lets the negative half through the load too. */
    public static Levels levels(PilotMode mode, double dutyPercent, Load load, boolean diodeShorted) {
        // A 100 % PWM is a constant +12 V (X1); a 0 % PWM a constant -12 V (F).
        boolean drivesHigh = mode == PilotMode.X1 || (mode == PilotMode.PWM && dutyPercent > 0);
        boolean drivesLow = mode == PilotMode.F || (mode == PilotMode.PWM && dutyPercent < 100);
        double high = drivesHigh ? loaded(load, diodeShorted ? 0 : DIODE_DROP_V) : Double.NaN;
        double low;
        if (!drivesLow) {
            low = Double.NaN;
        } else if (diodeShorted || load == Load.SHORT) {
            low = -loaded(load, 0); // the load conducts the negative half too
        } else {
            low = -SUPPLY_V; // a healthy diode blocks it: the EVSE sees its own -12 V whatever the EV's resistors
        }
        return new Levels(high, low);
    }

    /** The positive level: divider R1 : load, with the diode's drop in series with the load. */
    private static double loaded(Load load, double diodeDropV) {
        return switch (load) {
            case OPEN -> SUPPLY_V;
            case SHORT -> 0;
            case SHORT_BEHIND_DIODE -> diodeDropV;
            default -> diodeDropV + (SUPPLY_V - diodeDropV) * load.ohms() / (load.ohms() + SOURCE_OHMS);
        };
    }

    /**
     * Classifies the positive level with the bands of IEC 61851-1 Table A.4 as chargebyte's CPUtils applies them:
     * A 11..13 V, B 8..10, C 5..7, D 2..4, E -1..2, F -13..-11. Returns null between bands (a transition or a
     * fault), where a board keeps its previous state.
     */
    public static CpState classify(double volts) {
        if (volts > 13) {
            return null;
        } else if (volts >= 11) {
            return CpState.A;
        } else if (volts > 10) {
            return null;
        } else if (volts >= 8) {
            return CpState.B;
        } else if (volts > 7) {
            return null;
        } else if (volts >= 5) {
            return CpState.C;
        } else if (volts > 4) {
            return null;
        } else if (volts >= 2) {
            return CpState.D;
        } else if (volts >= -1) {
            return CpState.E;
        } else if (volts > -11) {
            return null;
        } else if (volts >= -13) {
            return CpState.F;
        }
        return null;
    }

    /**
     * The state the board reports. While it drives F itself the board reports F, as EVerest's IEC state machine
     * does: there is no positive half to read the EV from. Otherwise the positive level decides.
     */
    public static CpState state(Levels levels) {
        return levels.hasHigh() ? classify(levels.highV()) : CpState.F;
    }

    /**
     * A shorted or missing EV diode: the negative half mirrors the positive one instead of sitting at -12 V.
     * Rule of chargebyte's CPUtils (|V+ + V-| <= 1.2 V with V+ > 2 V, not in A); needs a running PWM, since
     * at X1 there is no negative half to look at.
     */
    public static boolean diodeFault(Levels levels) {
        if (!levels.hasHigh() || !levels.hasLow()) {
            return false;
        }
        CpState s = classify(levels.highV());
        return s != null && s != CpState.A && levels.highV() > 2 && Math.abs(levels.highV() + levels.lowV()) <= 1.2;
    }
}
