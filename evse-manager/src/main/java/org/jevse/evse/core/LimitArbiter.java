package org.jevse.evse.core;

import java.util.EnumMap;
import java.util.Map;

/**
 * The one place where current limits meet. The offered current is the minimum of every active limit; each
 * limit carries its source so the status can say which one binds.
 *
 * <p>A limit may expire on the monotonic clock (an energy-tree lease): once expired it counts as
 * {@code fallbackAmps}, never as "no limit", so a silent parent can only reduce the current (EVerest #1068:
 * leases are relative to monotonic time so that wall-clock jumps neither expire nor extend them).
 */
final class LimitArbiter {

    private static final long NEVER = Long.MAX_VALUE;

    private final Map<LimitSource, Entry> entries = new EnumMap<>(LimitSource.class);

    private record Entry(double amps, long expiresAtMs, double fallbackAmps) {
    }

    void set(LimitSource source, double amps) {
        entries.put(source, new Entry(Math.max(0, amps), NEVER, 0));
    }

    void setExpiring(LimitSource source, double amps, long expiresAtMs, double fallbackAmps) {
        entries.put(source, new Entry(Math.max(0, amps), expiresAtMs, Math.max(0, fallbackAmps)));
    }

    void remove(LimitSource source) {
        entries.remove(source);
    }

    /** The lowest active limit now. With no limit at all (never the case in a charger) it is 0 A, from CONFIG. */
    Limit binding(long nowMs) {
        LimitSource bindingSource = null;
        double min = Double.POSITIVE_INFINITY;
        for (Map.Entry<LimitSource, Entry> e : entries.entrySet()) {
            double a = valueAt(e.getValue(), nowMs);
            if (a < min) {
                min = a;
                bindingSource = e.getKey();
            }
        }
        return bindingSource == null ? new Limit(0, LimitSource.CONFIG) : new Limit(min, bindingSource);
    }

    /** The next instant a limit expires after {@code nowMs}, or {@link Long#MAX_VALUE}. */
    long nextExpiryAfter(long nowMs) {
        long next = NEVER;
        for (Entry e : entries.values()) {
            if (e.expiresAtMs > nowMs && e.expiresAtMs < next) {
                next = e.expiresAtMs;
            }
        }
        return next;
    }

    private static double valueAt(Entry e, long nowMs) {
        return nowMs >= e.expiresAtMs ? e.fallbackAmps : e.amps;
    }
}
