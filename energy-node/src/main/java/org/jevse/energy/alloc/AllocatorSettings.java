package org.jevse.energy.alloc;

/**
 * The allocator's rules. The first six use the names of WARP's charge_manager configuration; the rest are
 * jevse's timing choices.
 *
 * @param minimumCurrentAuto          take minimums from {@code minimumCurrentVehicleType}
 * @param minimumCurrentVehicleType   0: 6 A on 1p and 3p; 1 (Renault ZOE and relatives): 6 A 1p, 9.2 A 3p
 * @param minimumCurrentMa            3-phase minimum when auto is off
 * @param minimumCurrent1pMa          1-phase minimum when auto is off
 * @param requestedCurrentThresholdMs time charging before measured currents are trusted
 * @param requestedCurrentMarginMa    added to the largest measured phase current
 * @param rotationIntervalMs          when someone waits for lack of current, rotate this often (0: never)
 * @param activationWindowMs          a leaf is switched on only if its minimum fits under the lowest limit of
 *                                    this window (WARP's "min" view): a limit dip blocks activations for a while
 * @param switchOnHysteresisMs        a leaf switched off by the manager stays off at least this long
 * @param phaseSwitchHysteresisMs     at least this long between two phase switches of a leaf (WARP 210 s)
 * @param maxPhaseSwitchesPerSession  cap on phase switches per session (EVerest switch cap)
 * @param phaseUpHeadroomMa           a 1-phase leaf goes to 3 phases only when its 1-phase current reaches
 *                                    3 × the 3-phase minimum plus this (power hysteresis, EVerest 200 W style)
 */
public record AllocatorSettings(boolean minimumCurrentAuto, int minimumCurrentVehicleType, int minimumCurrentMa,
                                int minimumCurrent1pMa, long requestedCurrentThresholdMs, int requestedCurrentMarginMa,
                                long rotationIntervalMs, long activationWindowMs, long switchOnHysteresisMs,
                                long phaseSwitchHysteresisMs, int maxPhaseSwitchesPerSession, int phaseUpHeadroomMa) {

    /** WARP's vehicle-type 1 minimum on three phases (its minimum_current_vehicle_type 1). */
    public static final int VEHICLE_TYPE_1_MIN_3P_MA = 9200;
    /** The IEC 61851-1 minimum. */
    public static final int IEC_MIN_MA = 6000;

    public static AllocatorSettings defaults() {
        return new AllocatorSettings(true, 0, 6000, 6000, 60_000, 3000, 15 * 60_000, 10_000, 60_000, 210_000, 5, 2000);
    }

    /** The minimum per phase of a leaf at {@code phases} phases, before the leaf's own hardware minimum. */
    public int minimumMa(int phases) {
        if (minimumCurrentAuto) {
            return phases == 3 && minimumCurrentVehicleType == 1 ? VEHICLE_TYPE_1_MIN_3P_MA : IEC_MIN_MA;
        }
        return phases == 1 ? minimumCurrent1pMa : minimumCurrentMa;
    }

    /** The minimum per phase of {@code leaf} at {@code phases} phases: this rule's, or the leaf's own if higher. */
    public int minimumMa(LeafInput leaf, int phases) {
        return Math.max(minimumMa(phases), leaf.minMa());
    }

    /**
     * Demand tracking's dead band, a third of {@code requestedCurrentMarginMa}: a request that moves by no more
     * than this is meter ripple and is not followed, and a request no more than this above the allocation does not
     * restart the fast ramp-up. A car held back by its allocation draws a few hundred mA under it, so its request
     * stays about the whole margin above the allocation and clears the band.
     */
    public int requestedCurrentDeadBandMa() {
        return requestedCurrentMarginMa / 3;
    }

    public AllocatorSettings withRotationIntervalMs(long ms) {
        return new AllocatorSettings(minimumCurrentAuto, minimumCurrentVehicleType, minimumCurrentMa,
                minimumCurrent1pMa, requestedCurrentThresholdMs, requestedCurrentMarginMa, ms, activationWindowMs,
                switchOnHysteresisMs, phaseSwitchHysteresisMs, maxPhaseSwitchesPerSession, phaseUpHeadroomMa);
    }
}
