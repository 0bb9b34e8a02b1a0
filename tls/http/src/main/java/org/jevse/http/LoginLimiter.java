package org.jevse.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing: after {@link #FREE_FAILURES} failed logins from one address, that address must wait
 * before its next attempt, 1 s after the first extra failure and twice as long after each further one, up to
 * {@link #MAX_WAIT_MS}. A success clears the address. Across all addresses together at most {@link #GLOBAL_PER_MINUTE}
 * failures a minute are answered with a check at all (a distributed guesser gets the same wall). The table of
 * addresses is bounded ({@link #MAX_ADDRESSES}, the oldest entry goes): no client can make it grow without limit.
 */
public final class LoginLimiter {
    public static final int FREE_FAILURES = 5;
    public static final long MAX_WAIT_MS = 300_000;
    public static final int GLOBAL_PER_MINUTE = 60;
    static final int MAX_ADDRESSES = 1024;

    private record Entry(int failures, long blockedUntilMs) {
    }

    private final LongSupplier monotonicMs;
    private final Map<String, Entry> byAddress = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };
    private long windowStartMs;
    private int windowFailures;

    public LoginLimiter(LongSupplier monotonicMs) {
        this.monotonicMs = monotonicMs;
        this.windowStartMs = monotonicMs.getAsLong();
    }

    /** Milliseconds {@code address} must still wait before a login attempt is checked, or 0. */
    public synchronized long waitMs(String address) {
        long now = monotonicMs.getAsLong();
        if (now - windowStartMs >= 60_000) {
            windowStartMs = now;
            windowFailures = 0;
        }
        long global = windowFailures >= GLOBAL_PER_MINUTE ? windowStartMs + 60_000 - now : 0;
        Entry e = byAddress.get(address);
        long own = e == null ? 0 : Math.max(0, e.blockedUntilMs() - now);
        return Math.max(global, own);
    }

    public synchronized void failed(String address) {
        long now = monotonicMs.getAsLong();
        windowFailures++;
        Entry e = byAddress.get(address);
        int n = e == null ? 1 : e.failures() + 1;
        long wait = n <= FREE_FAILURES ? 0 : Math.min(MAX_WAIT_MS, 1000L << Math.min(20, n - FREE_FAILURES - 1));
        byAddress.put(address, new Entry(n, now + wait));
    }

    public synchronized void succeeded(String address) {
        byAddress.remove(address);
    }
}
