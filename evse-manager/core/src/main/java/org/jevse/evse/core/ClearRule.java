package org.jevse.evse.core;

/** What clears an error. */
public enum ClearRule {
    /** The EV is unplugged (CP back to A). */
    UNPLUG,
    /** Only an explicit reset: the fault is latched across sessions (welding, failed RCD self-test). */
    RESET,
    /** The condition goes away by itself (the meter reads again). */
    CONDITION
}
