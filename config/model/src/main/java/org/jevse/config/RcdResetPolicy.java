package org.jevse.config;

/** What clears a residual-current trip. */
public enum RcdResetPolicy {
    /** Unplugging the EV clears the trip (Yeti firmware, OpenEVSE). */
    unplug,
    /** Only an explicit reset clears it: required where automatic reclosing is not allowed (UK, DK, FR, CH). */
    manual
}
