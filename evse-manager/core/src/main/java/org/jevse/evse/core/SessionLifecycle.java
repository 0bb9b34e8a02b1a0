package org.jevse.evse.core;

import java.util.random.RandomGenerator;
import org.jevse.board.port.CpState;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.time.TimeSource;
import org.jevse.config.EvseConfig;

/**
 * The session around the {@link SessionMachine}'s states: what comes before it (authorization before plug-in, how
 * the EV plugged in), its start at plug-in, its transaction's end, its end at unplug, and the requests that act on
 * the running session. It decides no state: the machine asks it, and enters the state that follows.
 */
final class SessionLifecycle {

    private final EvseConfig cfg;
    private final HardwareCapabilities caps;
    private final TimeSource clock;
    private final RandomGenerator random;
    private final long authTimeoutMs;
    private final CurrentLimits offer;
    private final Meter meter;

    /** The running session, or null: everything per session lives in it. */
    private ActiveSession session;

    // Before a session: authorization before plug-in, and how the EV plugged in.
    private String preAuthorizedTag;
    private long preAuthorizedAtMs;
    private boolean simplifiedMode;

    SessionLifecycle(EvseConfig cfg, HardwareCapabilities caps, int authTimeoutS, TimeSource clock,
                     RandomGenerator random, CurrentLimits offer, Meter meter) {
        this.cfg = cfg;
        this.caps = caps;
        this.clock = clock;
        this.random = random;
        this.authTimeoutMs = authTimeoutS * 1000L;
        this.offer = offer;
        this.meter = meter;
    }

    /** The running session, or null. */
    ActiveSession current() {
        return session;
    }

    /** How long a session waits for authorization, and how long an authorization before plug-in holds. */
    long authTimeoutMs() {
        return authTimeoutMs;
    }

    /** The EV plugged in: a new session, authorized at once without authentication or with a pre-authorization. */
    void start(long now, CoreOutput out) {
        Session info = new Session(SessionIds.next(cfg.sessionIdType(), random), clock.wallMs(), meter.energyWh());
        out.notify(new Notification.SessionStarted(info));
        // The RCD is tested before each session.
        RcdSelfTest selfTest = RcdSelfTest.begin(caps.hasRcd(), now, cfg.rcdSelfTestTimeoutMs(), out);
        session = new ActiveSession(info, now, selfTest, cfg, random);
        if (simplifiedMode && cfg.hackSimplifiedModeLimit10A()) {
            offer.set(LimitSource.SIMPLIFIED_MODE, 10);
        }
        if (cfg.disableAuthentication()) {
            session.authorize(ChargerCore.FREE_SERVICE_TAG, meter.energyWh(), out);
        } else if (preAuthorizedTag != null && now - preAuthorizedAtMs < authTimeoutMs) {
            session.authorize(preAuthorizedTag, meter.energyWh(), out);
        }
        preAuthorizedTag = null;
    }

    /** Ends the running session's transaction, if any, for {@code reason}. */
    void stopTransaction(StopReason reason, CoreOutput out) {
        if (session != null) {
            session.stopTransaction(reason, meter.energyWh(), out);
        }
    }

    /** Ends the transaction for the stop asked for (or a local one); the EV is still plugged. */
    void finishTransaction(CoreOutput out) {
        session.stopTransaction(session.stopRequested != null ? session.stopRequested : StopReason.Local,
                meter.energyWh(), out);
        session.stopRequested = null;
    }

    /**
     * The CP state changed (the IEC layer has already acted on it).
     *
     * @return true if an unplug ended the running session
     */
    boolean onCp(CpState previous, CpState s, CoreOutput out) {
        if (previous == CpState.A && (s == CpState.C || s == CpState.D)) {
            simplifiedMode = true; // IEC 61851-1 A.2.3: an EV that goes A->C directly uses simplified mode
        }
        if (s != CpState.A) {
            return false;
        }
        boolean ended = session != null;
        if (ended) {
            finish(StopReason.EVDisconnected, out);
        }
        preAuthorizedTag = null;
        simplifiedMode = false;
        offer.remove(LimitSource.SIMPLIFIED_MODE);
        return ended;
    }

    private void finish(StopReason reason, CoreOutput out) {
        session.stopTransaction(reason, meter.energyWh(), out);
        StopReason why = session.finishedReason != null ? session.finishedReason : reason;
        out.notify(new Notification.SessionFinished(session.info, why,
                meter.energyWh() - session.info.startEnergyWh(), clock.wallMs()));
        session = null;
    }

    void onToken(String tag, CoreOutput out) {
        if (session != null && session.transactionActive && tag.equals(session.authTag)) {
            session.stopRequested = StopReason.Local; // the same card again ends the transaction
            return;
        }
        out.notify(new Notification.AuthorizationRequested(tag));
    }

    /** @param waiting the machine waits for authentication, so a running session may take it */
    void onAuthorizationResult(String tag, boolean accepted, boolean waiting, long now, CoreOutput out) {
        if (!accepted || (session != null && session.authorized)) {
            return;
        }
        if (session != null && waiting) {
            session.authorize(tag, meter.energyWh(), out);
        } else if (session == null) {
            preAuthorizedTag = tag; // authorization before plug-in, valid for the connection timeout
            preAuthorizedAtMs = now;
        }
    }

    /** Stops the running transaction, if any, when the state allows. */
    void requestStop(StopReason reason) {
        if (session != null && session.transactionActive) {
            session.stopRequested = reason;
        }
    }

    /** OCPP UnlockConnector: the transaction stops, and the lock stays open for the rest of the session. */
    void unlock() {
        requestStop(StopReason.UnlockCommand);
        if (session != null) {
            session.unlockRequested = true;
        }
    }

    void pause(boolean paused) {
        if (session != null) {
            session.userPause = paused; // a pause lasts for its session
        }
    }
}
