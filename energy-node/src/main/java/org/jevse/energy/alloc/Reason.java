package org.jevse.energy.alloc;

/**
 * Why a leaf has the current it has ("why is my charger at X A" is the most common support question; WARP
 * publishes a decision per charger, EVerest a source per limit). The wire name is the lower-case constant name.
 */
public enum Reason {
    /** Its water-filling share under a limit it shares with other leaves; the detail names the node and phase. */
    FAIR_SHARE,
    /** Bound by a node limit that no other active leaf shares, e.g. "fuse L2 of node garage". */
    FUSE,
    /** What the car is seen to use plus the margin (demand tracking, WARP requested_current_*). */
    REQUESTED,
    /** The charger's own maximum right now (cable, hardware, local limits). */
    SUPPORTED,
    /** Current no other leaf could use, up to the charger's maximum. */
    LEFTOVER,
    /** Its minimum does not fit under some limit; the detail names it. */
    MINIMUM_NOT_REACHABLE,
    /** Paused so that leaves with less energy can charge; it waits for the next rotation. */
    ROTATION,
    /** Switched off recently: it may not be switched on again until the hysteresis time has passed. */
    HYSTERESIS,
    /** Paused or full car: gets its minimum only when it fits after everyone else. */
    WAKE_UP,
    /** Nothing to allocate: no car, or the car does not want current. */
    NOT_CHARGING,
    /** Off while the leaf switches between 1 and 3 phases; the allocation's phases say which way. */
    PHASE_SWITCH,
    /** The charger reported an error. */
    ERROR,
    /** The allocation is held below its target until reductions elsewhere are acknowledged or expired. */
    WAITING_FOR_REDUCTIONS,
    /** The manager restarted and waits until it knows what every leaf may draw. */
    STARTUP;

    /** The name on the wire, e.g. "fair_share". */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
