package org.jevse.evse.core;

import java.util.random.RandomGenerator;
import org.jevse.config.EvseConfig;

/**
 * Everything that lives and dies with one session (plug-in to unplug). The core makes a new one at each start
 * and drops it at the end, so nothing of one session can leak into the next: there is no reset list.
 */
final class ActiveSession {

    /** The session as the rest of the application sees it. */
    final Session info;
    /** Monotonic start, for the authorization timeout. */
    final long startMs;
    final RcdSelfTest selfTest;
    final LegacyWakeup wakeup;
    final UkRandomDelay ukDelay;
    final PhaseSwitch phaseSwitch = new PhaseSwitch();

    boolean authorized;
    String authTag;
    boolean transactionActive;
    /** A stop asked for (same card, remote, unlock); the machine carries it out when the state allows. */
    StopReason stopRequested;
    /** Why the transaction ended, while the EV is still plugged. */
    StopReason finishedReason;
    boolean userPause;
    /** An operator unlocked the connector (OCPP UnlockConnector); a new transaction ends it. */
    boolean unlockRequested;

    ActiveSession(Session info, long startMs, RcdSelfTest selfTest, EvseConfig cfg, RandomGenerator random) {
        this.info = info;
        this.startMs = startMs;
        this.selfTest = selfTest;
        this.wakeup = new LegacyWakeup(cfg);
        this.ukDelay = new UkRandomDelay(cfg, random);
    }

    /** The transaction starts (OCPP StartTransaction). */
    void authorize(String tag, double meterWh, CoreOutput out) {
        authorized = true;
        unlockRequested = false;
        authTag = tag;
        transactionActive = true;
        out.notify(new Notification.TransactionStarted(info, tag, meterWh));
    }

    /** Ends the transaction if one runs (OCPP StopTransaction); the EV may still be plugged. */
    void stopTransaction(StopReason reason, double meterWh, CoreOutput out) {
        if (!transactionActive) {
            return;
        }
        transactionActive = false;
        authorized = false;
        finishedReason = reason;
        out.notify(new Notification.TransactionFinished(info, reason, meterWh));
    }

    /** The earlier of {@code d} and this session's next timer after now. */
    long nextDeadlineMs(long now, long d, boolean preparing, long preparingSinceMs) {
        d = Deadlines.after(now, d, selfTest.deadlineMs());
        d = Deadlines.after(now, d, phaseSwitch.deadlineMs());
        d = Deadlines.after(now, d, ukDelay.deadlineMs());
        return wakeup.nextDeadlineMs(now, d, preparing, preparingSinceMs);
    }
}
