package org.jevse.evse.core;

import java.util.EnumSet;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jevse.board.port.CpState;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.time.TimeSource;
import org.jevse.config.EvseConfig;

/**
 * The session machine (EVerest EvseManager's Charger): its states and their order, with the session's start and
 * end in {@link SessionLifecycle} and the charging stage's transitions in {@link ChargingStates}, availability and
 * faults. One {@link #step} runs it until it settles, then {@link PilotDrive} turns the state into wishes
 * for the {@link IecLayer}, which alone decides the contactor.
 */
final class SessionMachine {

    /** Passes one step may take; the randomized safety walk never needs more than five. */
    static final int MAX_SETTLE_PASSES = 20;

    private final EvseConfig cfg;
    private final HardwareCapabilities caps;
    private final ActiveErrors errors;
    private final IecLayer iec;
    private final CurrentLimits offer;
    private final PilotDrive drive;
    private final int maxSettlePasses;

    private EvseState state = EvseState.Disabled;
    private long stateSinceMs;
    private final EnumSet<PauseReason> pauseReasons = EnumSet.noneOf(PauseReason.class);
    /** The session: its start, its end, and what comes before it. */
    private final SessionLifecycle sessions;
    /** The transitions from PrepareCharging to the end of the transaction. */
    private final ChargingStates charging;
    /** F shown after a fault while charging until then, or -1. */
    private long faultFUntilMs = -1;

    private final Availability availability;

    SessionMachine(EvseConfig cfg, HardwareCapabilities caps, int authTimeoutS, TimeSource clock,
                   RandomGenerator random, ActiveErrors errors, IecLayer iec, CurrentLimits offer, Meter meter,
                   int maxSettlePasses) {
        this.cfg = cfg;
        this.caps = caps;
        this.sessions = new SessionLifecycle(cfg, caps, authTimeoutS, clock, random, offer, meter);
        this.errors = errors;
        this.iec = iec;
        this.offer = offer;
        this.charging = new ChargingStates(cfg, iec, offer, sessions);
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
        drive.drive(state, running(), offer.wantedA(now, running()), faultFUntilMs >= 0, now, out);
        iec.hardwareOverCurrentLimit(offer.hardwareOverCurrentLimitA(), out);
    }

    // ------------------------------------------------------------------ transitions

    /**
     * State transitions: availability and faults first, then the state's own (the charging stage's in
     * {@link ChargingStates}). Pilot and contactor wishes follow from the state in {@link PilotDrive}.
     */
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
                    sessions.start(now, out);
                    enter(EvseState.WaitingForAuthentication, now, out);
                }
            }
            case WaitingForAuthentication -> waitingForAuthentication(now, out);
            case PrepareCharging, Charging, StoppingCharging, ChargingPausedEV, SwitchPhases ->
                    enter(charging.next(state, running(), now, stateSinceMs, out), now, out);
            case ChargingPausedEVSE -> pausedByEvse(now, out);
            case Finished -> {
                // The transaction is over; only an unplug starts anew.
            }
            case Faulted -> faulted(now, out);
        }
    }

    private void disable(long now, CoreOutput out) {
        faultFUntilMs = -1;
        if (state != EvseState.Disabled) {
            sessions.stopTransaction(StopReason.Disabled, out);
            enter(EvseState.Disabled, now, out);
        }
    }

    private void fault(long now, CoreOutput out) {
        boolean wasCharging = state == EvseState.Charging || state == EvseState.StoppingCharging
                || state == EvseState.SwitchPhases;
        // EVerest state_F_after_fault_ms / IEC 61851-1:2017 Table A.5: CX -> F (>= 300 ms) -> X1 after a fault
        // while charging; a fault in B2 goes straight to B1.
        faultFUntilMs = wasCharging && cfg.stateFAfterFaultMs() > 0 ? now + cfg.stateFAfterFaultMs() : -1;
        if (running() != null) {
            running().wakeup.cancelPulse();
            running().phaseSwitch.abort();
        }
        enter(EvseState.Faulted, now, out);
    }

    private void whileDisabled(long now, CoreOutput out) {
        if (availability.checkReady(now, iec, out)) {
            enter(running() != null ? EvseState.Finished : EvseState.Idle, now, out);
        }
    }

    private void waitingForAuthentication(long now, CoreOutput out) {
        ActiveSession s = running();
        if (!s.authorized && now - s.startMs >= sessions.authTimeoutMs()) {
            if (cfg.raiseMrec9()) {
                raise(ErrorCode.MREC9AuthorizationTimeout,
                        "no authorization within " + sessions.authTimeoutMs() / 1000 + " s", now, out);
            }
            s.finishedReason = StopReason.Timeout;
            enter(EvseState.Finished, now, out);
        } else if (s.authorized && s.selfTest.passed() && offer.cableOk()) {
            enter(EvseState.PrepareCharging, now, out);
        }
    }

    private void pausedByEvse(long now, CoreOutput out) {
        Set<PauseReason> reasons = offer.pauseReasons(now, running());
        if (running().stopRequested != null) {
            finishTransaction(now, out);
        } else if (reasons.isEmpty()) {
            enter(EvseState.PrepareCharging, now, out);
        } else if (!reasons.equals(pauseReasons)) {
            pauseReasons.clear();
            pauseReasons.addAll(reasons);
            out.notify(new Notification.StateChanged(state, Set.copyOf(pauseReasons)));
        }
    }

    private void faulted(long now, CoreOutput out) {
        if (errors.anyFatal() || faultFUntilMs >= 0) {
            return;
        }
        ActiveSession s = running();
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
        if (state == EvseState.PrepareCharging && running() != null) {
            running().wakeup.end();
        }
        state = next;
        stateSinceMs = now;
        pauseReasons.clear();
        if (next == EvseState.ChargingPausedEVSE) {
            pauseReasons.addAll(offer.pauseReasons(now, running()));
        }
        if (next == EvseState.Charging) {
            running().wakeup.rearm();
        }
        out.notify(new Notification.StateChanged(next, Set.copyOf(pauseReasons)));
    }

    /** Ends the transaction for the stop asked for; the EV is still plugged. */
    private void finishTransaction(long now, CoreOutput out) {
        enter(charging.finishTransaction(out), now, out);
    }

    // ------------------------------------------------------------------ inputs

    /** The CP state changed (the IEC layer has already acted on it). */
    void onCp(CpState previous, CpState s, long now, CoreOutput out) {
        if (sessions.onCp(previous, s, out) && state != EvseState.Disabled && state != EvseState.Faulted) {
            enter(EvseState.Idle, now, out);
        }
    }

    void onAuthorizationResult(String tag, boolean accepted, long now, CoreOutput out) {
        sessions.onAuthorizationResult(tag, accepted, state == EvseState.WaitingForAuthentication, now, out);
    }

    Availability availability() {
        return availability;
    }

    /** The session's own inputs (a card, a stop, an unlock, a pause) go here. */
    SessionLifecycle sessions() {
        return sessions;
    }

    void requestPhases(int n, CoreOutput out) {
        if (n < caps.minPhases() || n > caps.maxPhases() || n == offer.phases()) {
            return;
        }
        if (running() != null && !caps.supportsChangingPhasesWhileCharging()) {
            return; // some EVs are damaged by a 1p->3p switch mid-session; the board says it cannot
        }
        if (state == EvseState.Charging || state == EvseState.StoppingCharging || iec.relayOn()) {
            if (running() != null) {
                running().phaseSwitch.request(n); // done by the SwitchPhases sequence
            }
        } else {
            offer.switchPhases(n, out); // contactor open: switch directly
        }
    }

    /** The RCD self-test's answer, or its absence ({@code passed} false with the reason). */
    void onSelfTest(boolean passed, String failure, long now, CoreOutput out) {
        if (running() != null && running().selfTest.failsWith(passed)) {
            raise(ErrorCode.RcdSelftest, failure, now, out);
        }
    }

    void tick(long now, CoreOutput out) {
        if (running() != null && running().selfTest.overdue(now)) {
            onSelfTest(false, "no self-test answer within " + cfg.rcdSelfTestTimeoutMs() + " ms", now, out);
        }
    }

    /** The earliest instant after now at which the machine has work to do, given {@code d} so far. */
    long nextDeadlineMs(long now, long d) {
        d = Deadlines.after(now, d, faultFUntilMs);
        d = availability.nextDeadlineMs(now, d, state == EvseState.Disabled);
        if (running() == null) {
            return d;
        }
        if (state == EvseState.WaitingForAuthentication) {
            d = Deadlines.after(now, d, running().startMs + sessions.authTimeoutMs());
        }
        return running().nextDeadlineMs(now, d, state == EvseState.PrepareCharging, stateSinceMs);
    }

    private ActiveSession running() {
        return sessions.current();
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
        return running() == null ? null : running().info;
    }
}
