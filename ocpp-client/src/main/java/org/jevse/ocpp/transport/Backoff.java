package org.jevse.ocpp.transport;

import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential with full jitter on top of a minimum (the OCPP 2.0.1 part 4 §5.3 scheme that
 * EVerest also uses for 1.6): wait = min(cap, min·2^n) + random(0..jitter). Reset after a successful connection.
 */
public final class Backoff {
    private final long minMs;
    private final long capMs;
    private final long jitterMs;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(long minMs, long capMs, long jitterMs, RandomGenerator random) {
        if (minMs <= 0 || capMs < minMs || jitterMs < 0) {
            throw new IllegalArgumentException("backoff " + minMs + "/" + capMs + "/" + jitterMs);
        }
        this.minMs = minMs;
        this.capMs = capMs;
        this.jitterMs = jitterMs;
        this.random = random;
    }

    /** The wait before the next attempt; each call doubles the base until the cap. */
    public long nextDelayMs() {
        long base = attempt >= 30 ? capMs : Math.min(capMs, minMs << attempt);
        attempt++;
        return base + (jitterMs == 0 ? 0 : random.nextLong(jitterMs + 1));
    }

    public void reset() {
        attempt = 0;
    }

    public int attempts() {
        return attempt;
    }
}
