package org.jevse.energy.alloc;

/** What the {@link Allocator} remembers about a leaf between cycles. */
final class LeafMemory {
    /** Nominal phase voltage for the allocated-energy bookkeeping (WARP uses 230 V as well). */
    private static final double VOLTS = 230.0;
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

    /**
     * Bookkeeping of one cycle: the energy allocated over the {@code dtH} hours since the last (the fairness key),
     * the end of a session, and the time charging.
     */
    void account(LeafInput in, double dtH, long nowMs) {
        allocatedWh += lastAllocMa / 1000.0 * lastAllocPhases * VOLTS * dtH;
        if (in.state() == LeafState.IDLE && lastState != LeafState.IDLE) {
            phases = 0; // the next car starts on the phases it reports, not on the last car's
            allocatedWh = 0;
            phaseSwitches = 0;
            active = false;
            shedByManager = false;
            useSupportedUntil = NEVER;
            trackedMa = -1;
        }
        chargingSince = in.state() == LeafState.CHARGING ? (chargingSince < 0 ? nowMs : chargingSince) : -1;
        lastState = in.state();
    }

    /** What this cycle gave the leaf: the energy bookkeeping of the next cycle counts it. */
    void granted(boolean inActiveSet, int ma, int onPhases) {
        active = inActiveSet;
        lastAllocMa = ma;
        lastAllocPhases = onPhases;
    }

    /** A 1↔3 phase switch decided now: it counts against the session's switches and starts the hysteresis. */
    void switchPhases(int to, long nowMs) {
        phases = to;
        phaseSwitches++;
        lastPhaseSwitchAt = nowMs;
    }
}
