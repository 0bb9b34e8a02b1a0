package org.jevse.energy.alloc;

/** The current a charging car is taken to request, for the {@link Allocator}'s first water-filling pass. */
final class DemandTracking {

    private DemandTracking() {
    }

    /**
     * Demand tracking as WARP does it: the supported current, until the car has charged for the threshold time;
     * then the largest measured phase current plus the margin. A car whose request is above its allocation is held
     * back and may want more: it gets the supported current again for one threshold time (fast ramp-up).
     *
     * <p>Demand tracking settles where allocation = measured + margin, so the ramp must not restart when the request
     * merely reaches the allocation: a car that draws less than it may would be raised to its maximum and cut back
     * every threshold time, and its neighbours with it. And a car's draw and its meter wander by a few hundred mA:
     * a request that followed every such move, or restarted the ramp whenever it rose above the allocation, would
     * move the PWM of the car and of its neighbours every cycle. Hence the dead band
     * ({@link AllocatorSettings#requestedCurrentDeadBandMa()}) on both decisions.
     */
    static int requestedMa(AllocatorSettings s, LeafInput in, LeafMemory m, int min, long nowMs) {
        int supported = in.maxMa();
        if (in.state() != LeafState.CHARGING || m.chargingSince < 0
                || nowMs - m.chargingSince < s.requestedCurrentThresholdMs() || in.maxMeasuredMa() <= 0) {
            m.trackedMa = -1;
            return supported;
        }
        int byMeasurement = in.maxMeasuredMa() + s.requestedCurrentMarginMa();
        int band = s.requestedCurrentDeadBandMa();
        if (m.lastAllocMa > 0 && byMeasurement > m.lastAllocMa + band) {
            m.useSupportedUntil = nowMs + s.requestedCurrentThresholdMs();
        }
        if (nowMs < m.useSupportedUntil) {
            m.trackedMa = -1;
            return supported;
        }
        if (m.trackedMa < 0 || Math.abs(byMeasurement - m.trackedMa) > band) {
            m.trackedMa = byMeasurement;
        }
        return Math.max(min, Math.min(supported, m.trackedMa));
    }
}
