package org.jevse.evse.core;

/**
 * The one place where current limits meet. The offered current is the minimum of every active limit; each
 * limit carries its source so the status can say which one binds.
 *
 * <p>A limit may expire on the monotonic clock (an energy-tree lease): once expired it counts as
 * {@code fallbackAmps}, never as "no limit", so a silent parent can only reduce the current (EVerest #1068:
 * leases are relative to monotonic time so that wall-clock jumps neither expire nor extend them).
 *
 * <p>Arrays indexed by source keep the per-event path free of allocation.
 */
final class LimitArbiter {

    private static final long NEVER = Long.MAX_VALUE;
    private static final LimitSource[] SOURCES = LimitSource.values();

    private final boolean[] present = new boolean[SOURCES.length];
    private final double[] amps = new double[SOURCES.length];
    private final long[] expiresAtMs = new long[SOURCES.length];
    private final double[] fallbackAmps = new double[SOURCES.length];
    private Limit last = new Limit(0, LimitSource.CONFIG);

    void set(LimitSource source, double a) {
        setExpiring(source, a, NEVER, 0);
    }

    void setExpiring(LimitSource source, double a, long expiresAt, double fallback) {
        int i = source.ordinal();
        present[i] = true;
        amps[i] = Math.max(0, a);
        expiresAtMs[i] = expiresAt;
        fallbackAmps[i] = Math.max(0, fallback);
    }

    void remove(LimitSource source) {
        present[source.ordinal()] = false;
    }

    /** The lowest active limit now. With no limit at all (never the case in a charger) it is 0 A, from CONFIG. */
    Limit binding(long nowMs) {
        int binding = -1;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < SOURCES.length; i++) {
            if (present[i]) {
                double a = nowMs >= expiresAtMs[i] ? fallbackAmps[i] : amps[i];
                if (a < min) {
                    min = a;
                    binding = i;
                }
            }
        }
        double value = binding < 0 ? 0 : min;
        LimitSource source = binding < 0 ? LimitSource.CONFIG : SOURCES[binding];
        if (last.amps() != value || last.source() != source) {
            last = new Limit(value, source);
        }
        return last;
    }

    /** Every active limit now (an expired lease at its fallback), in source order: the status's list of limits. */
    java.util.List<Limit> active(long nowMs) {
        java.util.List<Limit> out = new java.util.ArrayList<>();
        for (int i = 0; i < SOURCES.length; i++) {
            if (present[i]) {
                out.add(new Limit(nowMs >= expiresAtMs[i] ? fallbackAmps[i] : amps[i], SOURCES[i]));
            }
        }
        return out;
    }

    /** The next instant a limit expires after {@code nowMs}, or {@link Long#MAX_VALUE}. */
    long nextExpiryAfter(long nowMs) {
        long next = NEVER;
        for (int i = 0; i < SOURCES.length; i++) {
            if (present[i] && expiresAtMs[i] > nowMs && expiresAtMs[i] < next) {
                next = expiresAtMs[i];
            }
        }
        return next;
    }
}
