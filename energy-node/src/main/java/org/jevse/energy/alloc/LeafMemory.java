package org.jevse.energy.alloc;

/** What the {@link Allocator} remembers about a leaf between cycles. */
final class LeafMemory {
    /** A time long enough ago that every hysteresis has run out, and safe to subtract from. */
    static final long NEVER = Long.MIN_VALUE / 4;

    boolean active;
    int phases;
    long deactivatedAt = NEVER;
    boolean shedByManager;
    long chargingSince = -1;
    long useSupportedUntil = NEVER;
    /** The request by measurement in force (demand tracking), or -1 while the supported current is used. */
    int trackedMa = -1;
    int lastAllocMa;
    int lastAllocPhases;
    int phaseSwitches;
    long lastPhaseSwitchAt = NEVER;
    double allocatedWh;
    LeafState lastState = LeafState.IDLE;
}
