package org.jevse.bench;

import java.util.Locale;

/**
 * One expectation of a case, checked: its anchor, its limit and the IEC 61851-1 row it comes from.
 *
 * @param after      the anchor's name: A, B, C, D, a transition such as C->B, E or diode_fault
 * @param occurrence which occurrence of the anchor (1 = the first)
 */
public record Expectation(Check check, String after, int occurrence, int withinMs, double percent, double hz,
                          double tolerance, String row) {

    /** The expectation in words, as the report prints it: "power on within 3000 ms of C". */
    public String describe() {
        String at = after + (occurrence > 1 ? " (#" + occurrence + ")" : "");
        return switch (check) {
            case power_on -> "power on within " + withinMs + " ms of " + at;
            case power_off -> "power off within " + withinMs + " ms of " + at;
            case no_power -> "no power " + (withinMs > 0 ? withinMs + " ms " : "") + "after " + at + " until the EV's next action";
            case pwm_stop -> "PWM stops (F or X1) within " + withinMs + " ms of " + at;
            case duty -> String.format(Locale.ROOT, "duty %.1f %% ± %s after %s", percent, num(tolerance), at);
            case frequency -> String.format(Locale.ROOT, "frequency %s Hz ± %s after %s", num(hz), num(tolerance), at);
        };
    }

    /** The limit as the report prints it beside the measured value. */
    public String limit() {
        return switch (check) {
            case power_on, power_off, pwm_stop -> "≤ " + withinMs + " ms";
            case no_power -> "0 ms powered";
            case duty -> String.format(Locale.ROOT, "%.2f ± %s %%", percent, num(tolerance));
            case frequency -> num(hz) + " ± " + num(tolerance) + " Hz";
        };
    }

    static String num(double v) {
        return java.math.BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
