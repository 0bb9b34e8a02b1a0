package org.jevse.evse.core;

import org.jevse.config.EvseConfig;

/**
 * IEC 61851-1 A.5.3 legacy wake-up: an EV that does not answer the PWM in B2 gets one F pulse of T_step_EF
 * (ISO 15118-3: 4 s), once per session; if it still does not answer, the session counts as paused by the EV. One
 * per session.
 */
final class LegacyWakeup {

    /** EVerest PREPARING_TIMEOUT_PAUSED_BY_EV: after the wake-up pulse, give the EV 10 s more before PausedEV. */
    static final long PAUSED_BY_EV_AFTER_WAKEUP_MS = 10_000;

    private final EvseConfig cfg;
    private boolean done;
    private long endsMs = -1;
    private long endedMs = -1;

    LegacyWakeup(EvseConfig cfg) {
        this.cfg = cfg;
    }

    /** The F pulse is on: the pilot shows F. */
    boolean pulsing() {
        return endsMs >= 0;
    }

    /** The pulse and its follow-up end with the state that sent them (PrepareCharging). */
    void end() {
        endsMs = -1;
        endedMs = -1;
    }

    /** A fault ends the pulse; its follow-up stays. */
    void cancelPulse() {
        endsMs = -1;
    }

    /** The EV drew power: nothing to follow up. */
    void answered() {
        endedMs = -1;
    }

    /** EVerest: the wake-up is re-armed once charging has started. */
    void rearm() {
        done = false;
    }

    /**
     * One step in PrepareCharging.
     *
     * @param inB2 the EV is in B and the pilot shows PWM
     * @return true when the EV did not answer the pulse in time: the session is paused by the EV
     */
    boolean step(long now, boolean inB2, long preparingSinceMs) {
        if (endsMs >= 0) {
            if (now >= endsMs) {
                endsMs = -1;
                endedMs = now;
            }
            return false;
        }
        if (cfg.legacyWakeupEnable() && !done && inB2 && now - preparingSinceMs >= cfg.legacyWakeupAfterS() * 1000L) {
            done = true;
            endsMs = now + cfg.legacyWakeupFMs();
            return false;
        }
        if (endedMs >= 0 && now - endedMs >= PAUSED_BY_EV_AFTER_WAKEUP_MS) {
            endedMs = -1;
            return true;
        }
        return false;
    }

    long nextDeadlineMs(long now, long d, boolean preparing, long preparingSinceMs) {
        d = Deadlines.after(now, d, endsMs);
        if (preparing && cfg.legacyWakeupEnable() && !done) {
            d = Deadlines.after(now, d, preparingSinceMs + cfg.legacyWakeupAfterS() * 1000L);
        }
        if (preparing && endedMs >= 0) {
            d = Deadlines.after(now, d, endedMs + PAUSED_BY_EV_AFTER_WAKEUP_MS);
        }
        return d;
    }
}
