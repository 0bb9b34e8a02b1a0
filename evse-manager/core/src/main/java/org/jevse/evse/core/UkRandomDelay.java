package org.jevse.evse.core;

import java.util.random.RandomGenerator;
import org.jevse.config.EvseConfig;

/**
 * UK Smart Charge Points Regulations 2021 reg. 11: a start or a rate increase waits a random 0..max-1 s.
 * Reductions are never delayed: a lower limit is a safety matter (reg. 8) and must apply at once. One per session.
 */
final class UkRandomDelay {

    /** Changes within 0.1 A are not a "relevant time" (EVerest uses the same threshold). */
    static final double THRESHOLD_A = 0.1;

    private final EvseConfig cfg;
    private final RandomGenerator random;
    private double heldA;
    private long untilMs = -1;

    UkRandomDelay(EvseConfig cfg, RandomGenerator random) {
        this.cfg = cfg;
        this.random = random;
    }

    /** The current to offer now when {@code a} is wanted. */
    double apply(double a, long now) {
        if (!cfg.ukSmartchargingRandomDelayEnable()) {
            return a;
        }
        if (a <= heldA + THRESHOLD_A) {
            heldA = a;
            untilMs = -1;
            return a;
        }
        boolean relevant = cfg.ukSmartchargingRandomDelayAtAnyChange() || heldA == 0;
        if (!relevant) {
            heldA = a;
            return a;
        }
        if (untilMs < 0) {
            untilMs = now + random.nextInt(cfg.ukSmartchargingRandomDelayMaxDuration()) * 1000L;
        }
        if (now >= untilMs) {
            untilMs = -1;
            heldA = a;
            return a;
        }
        return heldA;
    }

    /** When a delayed increase applies, or -1. */
    long deadlineMs() {
        return untilMs;
    }
}
