package org.jevse.board.port;

/** Why the contactor is allowed on or commanded off (EVerest PowerOnOff.reason, AC subset). */
public enum PowerReason {
    FULL_POWER_CHARGING,
    POWER_OFF
}
