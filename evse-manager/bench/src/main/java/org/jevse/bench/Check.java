package org.jevse.bench;

/** What an expectation checks; each is judged from the measurements after its anchor. */
public enum Check {
    /** Power present on the output within {@code within_ms} of the anchor. */
    power_on,
    /** No power on the output within {@code within_ms} of the anchor. */
    power_off,
    /** Power never present from the anchor to the EV's next action (or the end of the case). */
    no_power,
    /** The PWM stops (the pilot is constant: F or X1) within {@code within_ms} of the anchor. */
    pwm_stop,
    /** The PWM runs with {@code percent} ± {@code tolerance} duty, measured last before the EV's next action. */
    duty,
    /** The PWM runs at {@code hz} ± {@code tolerance}, measured last before the EV's next action. */
    frequency
}
