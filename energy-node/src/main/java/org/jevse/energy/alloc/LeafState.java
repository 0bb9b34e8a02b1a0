package org.jevse.energy.alloc;

/** What a leaf reports about its session (WARP charger_state, EVerest evse_state), as the contract spells it. */
public enum LeafState {
    /** No car, or a car that does not want energy. */
    IDLE,
    /** A car is plugged in and authorized and wants current but has none. */
    WAITING,
    /** The car draws (or may draw) current. */
    CHARGING,
    /** The car paused or is full: low priority, woken only with leftover current (WARP stage 9). */
    EV_PAUSED,
    /** The charger is faulted: it gets nothing. */
    ERROR;

    /** True when the leaf competes for current at normal priority. */
    public boolean wantsCurrent() {
        return this == WAITING || this == CHARGING;
    }
}
