package org.jevse.evse.core;

import java.util.EnumSet;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jevse.board.port.CpState;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.port.PilotMode;
import org.jevse.board.time.TimeSource;
import org.jevse.config.EvseConfig;

/**
 * The session machine (EVerest EvseManager's Charger): its states, the session that runs, availability and
 * authorization. One {@link #step} runs it until it settles, then {@link PilotDrive} turns the state into wishes
 * for the {@link IecLayer}, which alone decides the contactor.
 */
final class SessionMachine {

    /** Passes one step may take; the randomized safety walk never needs more than five. */
    static final int MAX_SETTLE_PASSES = 20;

    private final EvseConfig cfg;
    private final HardwareCapabilities caps;
    private final TimeSource clock;
    private final RandomGenerator random;
    private final long authTimeoutMs;
    private final ActiveErrors errors;
    private final IecLayer iec;
    private final CurrentLimits offer;
    private final Meter meter;
    private final PilotDrive drive;
    private final int maxSettlePasses;

    private EvseState state = EvseState.Disabled;
    private long stateSinceMs;
    private final EnumSet<PauseReason> pauseReasons = EnumSet.noneOf(PauseReason.class);
    /** The running session, or null: everything per session lives in it. */
    private ActiveSession session;
    /** F shown after a fault while charging until then, or -1. */
    private long faultFUntilMs = -1;

    private final Availability availability;

    // Before a session: authorization before plug-in, and how the EV plugged in.
    private String preAuthorizedTag;
    private long preAuthorizedAtMs;
    private boolean simplifiedMode;

    SessionMachine(EvseConfig cfg, HardwareCapabilities caps, int authTimeoutS, TimeSource clock,
                   RandomGenerator random, ActiveErrors errors, IecLayer iec, CurrentLimits offer, Meter meter,
                   int maxSettlePasses) {
        this.cfg = cfg;
        this.caps = caps;
        this.clock = clock;
        this.random = random;
        this.authTimeoutMs = authTimeoutS * 1000L;
        this.errors = errors;
        this.iec = iec;
        this.offer = offer;
        this.meter = meter;
        this.drive = new PilotDrive(cfg, iec);
        this.maxSettlePasses = maxSettlePasses;
        this.stateSinceMs = clock.monotonicMs();
        this.availability = new Availability(cfg, meter, stateSinceMs);
    }

    // ------------------------------------------------------------------ one step

    /** Runs the machine until it settles, then announces a changed binding limit. */
    void step(long now, CoreOutput out) {
        if (!settle(now, out)) {
            // Whatever the last pass left (a closed contactor, a half-entered state) is not a decision: cut power,
            // name the defect, and let one more pass drive the Faulted state, which a fatal error makes final.
            iec.raise(ErrorCode.CoreStepDidNotSettle, true, ErrorCode.CoreStepDidNotSettle.defaultClearRule(),
                    "the session machine still changed after " + maxSettlePasses + " passes, in " + state, now, out);
            evaluate(now, out);
            drive(now, out);
        }
        offer.announce(now, out);
    }

    /** Runs the machine until neither the state nor the contactor changes; false if it never stops. */
    private boolean settle(long now, CoreOutput out) {
        for (int pass = 0; pass < maxSettlePasses; pass++) {
            EvseState before = state;
            boolean relayBefore = iec.relayOn();
            evaluate(now, out);
            drive(now, out);
            if (state == before && iec.relayOn() == relayBefore) {
                return true;
            }
        }
        return false;
    }

    private void drive(long now, CoreOutput out) {
        drive.drive(state, session, offer.wantedA(now, session), faultFUntilMs >= 0, now, out);
        iec.hardwareOverCurrentLimit(offer.hardwareOverCurrentLimitA(), out);
    }

    // ------------------------------------------------------------------ transitions

    /** State transitions. Pilot and contactor wishes follow from the state in {@link PilotDrive}. */
    private void evaluate(long now, CoreOutput out) {
        if (!availability.enabled()) {
            disable(now, out);
            return;
        }
        if (errors.anyFatal() && state != EvseState.Faulted && (state != EvseState.Disabled || availability.ready())) {
            fault(now, out);
            return;
        }
        if (faultFUntilMs >= 0 && now >= faultFUntilMs) {
            faultFUntilMs = -1;
        }
        switch (state) {
            case Disabled -> whileDisabled(now, out);
            case Idle -> {
                if (iec.cp().connected()) {
                    startSession(now, out);
                    enter(EvseState.WaitingForAuthentication, now, out);
                }
            }
            case WaitingForAuthentication -> waitingForAuthentication(now, out);
            case PrepareCharging -> prepareCharging(now, out);
            case Charging -> charging(now, out);
            case StoppingCharging -> stoppingCharging(now, out);
            case ChargingPausedEV -> pausedByEv(now, out);
            case ChargingPausedEVSE -> pausedByEvse(now, out);
            case SwitchPhases -> switchingPhases(now, out);
            case Finished -> {
                // The transaction is over; only an unplug starts anew.
            }
            case Faulted -> faulted(now, out);
        }
    }

    private void disable(long now, CoreOutput out) {
        faultFUntilMs = -1;
        if (state != EvseState.Disabled) {
            if (session != null) {
                session.stopTransaction(StopReason.Disabled, meter.energyWh(), out);
            }
            enter(EvseState.Disabled, now, out);
        }
    }

    private void fault(long now, CoreOutput out) {
        boolean wasCharging = state == EvseState.Charging || state == EvseState.StoppingCharging
                || state == EvseState.SwitchPhases;
        // EVerest state_F_after_fault_ms / IEC 61851-1:2017 Table A.5: CX -> F (>= 300 ms) -> X1 after a fault
        // while charging; a fault in B2 goes straight to B1.
        faultFUntilMs = wasCharging && cfg.stateFAfterFaultMs() > 0 ? now + cfg.stateFAfterFaultMs() : -1;
        if (session != null) {
            session.wakeup.cancelPulse();
            session.phaseSwitch.abort();
        }
        enter(EvseState.Faulted, now, out);
    }

    private void whileDisabled(long now, CoreOutput out) {
        if (availability.checkReady(now, iec, out)) {
            enter(session != null ? EvseState.Finished : EvseState.Idle, now, out);
        }
    }

    private void waitingForAuthentication(long now, CoreOutput out) {
        ActiveSession s = session;
        if (!s.authorized && now - s.startMs >= authTimeoutMs) {
            if (cfg.raiseMrec9()) {
                raise(ErrorCode.MREC9AuthorizationTimeout, "no authorization within " + authTimeoutMs / 1000 + " s",
                        now, out);
            }
            s.finishedReason = StopReason.Timeout;
            enter(EvseState.Finished, now, out);
        } else if (s.authorized && s.selfTest.passed() && offer.cableOk()) {
            enter(EvseState.PrepareCharging, now, out);
        }
    }

    private void prepareCharging(long now, CoreOutput out) {
        ActiveSession s = session;
        if (s.stopRequested != null) {
            finishTransaction(now, out);
        } else if (iec.relayOn()) {
            s.wakeup.answered();
            enter(EvseState.Charging, now, out);
        } else if (offer.mustPause(now, s)) {
            enter(EvseState.ChargingPausedEVSE, now, out);
        } else {
            boolean inB2 = iec.cp() == CpState.B && iec.pilot() == PilotMode.PWM;
            if (s.wakeup.step(now, inB2, stateSinceMs)) {
                enter(EvseState.ChargingPausedEV, now, out);
            }
        }
    }

    private void charging(long now, CoreOutput out) {
        ActiveSession s = session;
        if (!iec.relayOn()) {
            enter(EvseState.ChargingPausedEV, now, out); // the EV went back to B (or stopped drawing)
        } else if (s.stopRequested != null || offer.mustPause(now, s)) {
            enter(EvseState.StoppingCharging, now, out);
        } else if (s.phaseSwitch.requested()) {
            s.phaseSwitch.begin();
            enter(EvseState.SwitchPhases, now, out);
        }
    }

    private void stoppingCharging(long now, CoreOutput out) {
        if (iec.relayOn()) {
            return;
        }
        if (session.stopRequested != null) {
            finishTransaction(now, out);
        } else {
            enter(!offer.mustPause(now, session) ? EvseState.PrepareCharging : EvseState.ChargingPausedEVSE, now, out);
        }
    }

    private void pausedByEv(long now, CoreOutput out) {
        ActiveSession s = session;
        if (iec.relayOn()) {
            enter(s.stopRequested != null || offer.mustPause(now, s)
                    ? EvseState.StoppingCharging : EvseState.Charging, now, out);
        } else if (s.stopRequested != null) {
            finishTransaction(now, out);
        } else if (offer.mustPause(now, s)) {
            enter(EvseState.ChargingPausedEVSE, now, out);
        }
    }

    private void pausedByEvse(long now, CoreOutput out) {
        Set<PauseReason> reasons = offer.pauseReasons(now, session);
        if (session.stopRequested != null) {
            finishTransaction(now, out);
        } else if (reasons.isEmpty()) {
            enter(EvseState.PrepareCharging, now, out);
        } else if (!reasons.equals(pauseReasons)) {
            pauseReasons.clear();
            pauseReasons.addAll(reasons);
            out.notify(new Notification.StateChanged(state, Set.copyOf(pauseReasons)));
        }
    }

    private void switchingPhases(long now, CoreOutput out) {
        PhaseSwitch sw = session.phaseSwitch;
        if (!sw.holding()) {
            if (iec.relayOn()) {
                return; // waiting for B, or the C1 timeout
            }
            if (session.stopRequested != null) {
                sw.cancel();
                finishTransaction(now, out);
                return;
            }
            sw.hold(now + cfg.switch3ph1phDelayS() * 1000L);
        }
        if (sw.due(now)) {
            Integer n = sw.finish();
            if (n != null) {
                offer.switchPhases(n, out);
            }
            enter(EvseState.PrepareCharging, now, out);
        }
    }

    private void faulted(long now, CoreOutput out) {
        if (errors.anyFatal() || faultFUntilMs >= 0) {
            return;
        }
        ActiveSession s = session;
        if (s == null) {
            enter(EvseState.Idle, now, out);
        } else if (s.transactionActive && s.stopRequested == null) {
            enter(EvseState.PrepareCharging, now, out);
        } else if (s.transactionActive) {
            finishTransaction(now, out);
        } else if (s.finishedReason == null) {
            enter(EvseState.WaitingForAuthentication, now, out);
        } else {
            enter(EvseState.Finished, now, out);
        }
    }

    private void enter(EvseState next, long now, CoreOutput out) {
        if (next == state) {
            return;
        }
        if (state == EvseState.PrepareCharging && session != null) {
            session.wakeup.end();
        }
        state = next;
        stateSinceMs = now;
        pauseReasons.clear();
        if (next == EvseState.ChargingPausedEVSE) {
            pauseReasons.addAll(offer.pauseReasons(now, session));
        }
        if (next == EvseState.Charging) {
            session.wakeup.rearm();
        }
        out.notify(new Notification.StateChanged(next, Set.copyOf(pauseReasons)));
    }

    // ------------------------------------------------------------------ sessions

    private void startSession(long now, CoreOutput out) {
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

    private void finishTransaction(long now, CoreOutput out) {
        session.stopTransaction(session.stopRequested != null ? session.stopRequested : StopReason.Local,
                meter.energyWh(), out);
        session.stopRequested = null;
        enter(EvseState.Finished, now, out);
    }

    private void finishSession(StopReason reason, long now, CoreOutput out) {
        session.stopTransaction(reason, meter.energyWh(), out);
        StopReason why = session.finishedReason != null ? session.finishedReason : reason;
        out.notify(new Notification.SessionFinished(session.info, why,
                meter.energyWh() - session.info.startEnergyWh(), clock.wallMs()));
        session = null;
        if (state != EvseState.Disabled && state != EvseState.Faulted) {
            enter(EvseState.Idle, now, out);
        }
    }

    // ------------------------------------------------------------------ inputs

    /** The CP state changed (the IEC layer has already acted on it). */
    void onCp(CpState previous, CpState s, long now, CoreOutput out) {
        if (previous == CpState.A && (s == CpState.C || s == CpState.D)) {
            simplifiedMode = true; // IEC 61851-1 A.2.3: an EV that goes A->C directly uses simplified mode
        }
        if (s == CpState.A) {
            if (session != null) {
                finishSession(StopReason.EVDisconnected, now, out);
            }
            preAuthorizedTag = null;
            simplifiedMode = false;
            offer.remove(LimitSource.SIMPLIFIED_MODE);
        }
    }

    void onToken(String tag, CoreOutput out) {
        if (session != null && session.transactionActive && tag.equals(session.authTag)) {
            session.stopRequested = StopReason.Local; // the same card again ends the transaction
            return;
        }
        out.notify(new Notification.AuthorizationRequested(tag));
    }

    void onAuthorizationResult(String tag, boolean accepted, long now, CoreOutput out) {
        if (!accepted || (session != null && session.authorized)) {
            return;
        }
        if (session != null && state == EvseState.WaitingForAuthentication) {
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

    Availability availability() {
        return availability;
    }

    void requestPhases(int n, CoreOutput out) {
        if (n < caps.minPhases() || n > caps.maxPhases() || n == offer.phases()) {
            return;
        }
        if (session != null && !caps.supportsChangingPhasesWhileCharging()) {
            return; // some EVs are damaged by a 1p->3p switch mid-session; the board says it cannot
        }
        if (state == EvseState.Charging || state == EvseState.StoppingCharging || iec.relayOn()) {
            if (session != null) {
                session.phaseSwitch.request(n); // done by the SwitchPhases sequence
            }
        } else {
            offer.switchPhases(n, out); // contactor open: switch directly
        }
    }

    /** The RCD self-test's answer, or its absence ({@code passed} false with the reason). */
    void onSelfTest(boolean passed, String failure, long now, CoreOutput out) {
        if (session != null && session.selfTest.failsWith(passed)) {
            raise(ErrorCode.RcdSelftest, failure, now, out);
        }
    }

    void tick(long now, CoreOutput out) {
        if (session != null && session.selfTest.overdue(now)) {
            onSelfTest(false, "no self-test answer within " + cfg.rcdSelfTestTimeoutMs() + " ms", now, out);
        }
    }

    /** The earliest instant after now at which the machine has work to do, given {@code d} so far. */
    long nextDeadlineMs(long now, long d) {
        d = Deadlines.after(now, d, faultFUntilMs);
        d = availability.nextDeadlineMs(now, d, state == EvseState.Disabled);
        if (session == null) {
            return d;
        }
        if (state == EvseState.WaitingForAuthentication) {
            d = Deadlines.after(now, d, session.startMs + authTimeoutMs);
        }
        return session.nextDeadlineMs(now, d, state == EvseState.PrepareCharging, stateSinceMs);
    }

    private void raise(ErrorCode code, String detail, long now, CoreOutput out) {
        iec.raise(code, true, code.defaultClearRule(), detail, now, out);
    }

    // ------------------------------------------------------------------ what the status reads

    EvseState state() {
        return state;
    }

    Set<PauseReason> pauseReasons() {
        return Set.copyOf(pauseReasons);
    }

    /** The running session as published, or null. */
    Session session() {
        return session == null ? null : session.info;
    }
}
