package org.jevse.evse.core;

/** A current limit per phase and the source it comes from. */
public record Limit(double amps, LimitSource source) {

    /** "limited by cable 20 A". */
    public String describe() {
        return "limited by " + source.label() + " " + formatAmps(amps) + " A";
    }

    static String formatAmps(double a) {
        return a == Math.rint(a) ? Long.toString((long) a) : Double.toString(Math.round(a * 10) / 10.0);
    }
}
