package org.jevse.evse.core;

import java.util.ArrayDeque;
import java.util.Iterator;
import org.jevse.config.EvseConfig;

/**
 * Soft over-current supervision (EVerest check_soft_over_current, PR #762): the EV may draw more than the PWM
 * signals only for {@code soft_over_current_timeout_ms}, measured against the highest current signalled in its last
 * 5 s reaction window (IEC 61851-1: the EV may take 5 s to follow a PWM change). The {@link IecLayer} raises the
 * fault and cuts power.
 */
final class SoftOverCurrent {

    /** The reference is the highest current signalled in the EV's last 5 s reaction window. */
    static final long REFERENCE_WINDOW_MS = 5000;

    private final EvseConfig cfg;
    /** (time, signalled amps) pairs, newest last: what the PWM told the EV recently. */
    private final ArrayDeque<double[]> signalled = new ArrayDeque<>();
    private long sinceMs = -1;

    SoftOverCurrent(EvseConfig cfg) {
        this.cfg = cfg;
    }

    /** The pilot now signals {@code amps} (0 without PWM). */
    void signalled(long now, double amps) {
        signalled.addLast(new double[] {now, amps});
        // Keep the entry that was in force at the start of the window, drop everything older.
        while (signalled.size() > 1) {
            Iterator<double[]> it = signalled.iterator();
            it.next();
            double[] second = it.next();
            if (second[0] <= now - REFERENCE_WINDOW_MS) {
                signalled.removeFirst();
            } else {
                break;
            }
        }
    }

    /** A meter reading; {@code mayFlow} is false when the contactor is open and confirmed open. */
    void reading(double maxPhaseA, boolean mayFlow, long now) {
        if (!mayFlow || maxPhaseA <= thresholdA(now)) {
            sinceMs = -1;
        } else if (sinceMs < 0) {
            sinceMs = now;
        }
    }

    /** True once the over-current has lasted the timeout; the supervision then starts over. */
    boolean expired(long now) {
        if (sinceMs >= 0 && now - sinceMs >= cfg.softOverCurrentTimeoutMs()) {
            sinceMs = -1;
            return true;
        }
        return false;
    }

    /** When an ongoing over-current expires, or -1. */
    long deadlineMs() {
        return sinceMs < 0 ? -1 : sinceMs + cfg.softOverCurrentTimeoutMs();
    }

    String describe() {
        return "EV drew more than (signalled + " + cfg.softOverCurrentMeasurementNoiseA() + " A) x "
                + (1 + cfg.softOverCurrentTolerancePercent() / 100.0) + " for " + cfg.softOverCurrentTimeoutMs() + " ms";
    }

    /** Highest current signalled during the last 5 s, including the value in force when the window began. */
    double maxSignalledA(long now) {
        double max = 0;
        double[] previous = null;
        for (double[] e : signalled) {
            if (e[0] >= now - REFERENCE_WINDOW_MS) {
                max = Math.max(max, e[1]);
            } else {
                previous = e;
            }
        }
        if (previous != null) {
            max = Math.max(max, previous[1]);
        }
        return max;
    }

    private double thresholdA(long now) {
        return (maxSignalledA(now) + cfg.softOverCurrentMeasurementNoiseA())
                * (1 + cfg.softOverCurrentTolerancePercent() / 100.0);
    }
}
