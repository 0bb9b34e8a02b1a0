package org.jevse.evse.core;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jevse.board.port.Ampacity;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.ConnectorType;
import org.jevse.board.port.CpState;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.port.PilotMode;
import org.jevse.board.port.PowermeterValues;
import org.jevse.board.time.TimeSource;
import org.jevse.config.EvseConfig;
import org.jevse.config.RcdResetPolicy;
import org.jevse.config.SwitchCpState;

/**
 * The charger core: the session machine (EVerest EvseManager's Charger) on top of the {@link IecLayer}.
 *
 * <p>It is pure: board events, control events and ticks go in; board commands and notifications come out
 * through a {@link CoreOutput}. It starts no thread, does no I/O and reads time only from the injected
 * {@link TimeSource}; randomness (session ids, the UK random delay) comes from an injected generator. Call it
 * from one thread.
 */
public final class ChargerCore {

    /** Tag used for free vend (EVerest: FREESERVICE). */
    public static final String FREE_SERVICE_TAG = "FREESERVICE";
    /** EVerest PREPARING_TIMEOUT_PAUSED_BY_EV: after the wake-up pulse, give the EV 10 s more before PausedEV. */
    static final long PAUSED_BY_EV_AFTER_WAKEUP_MS = 10_000;
    /** UK random delay: changes within 0.1 A are not a "relevant time" (EVerest uses the same threshold). */
    static final double UK_DELAY_THRESHOLD_A = 0.1;

    private final EvseConfig cfg;
    private final HardwareCapabilities caps;
    private final TimeSource clock;
    private final RandomGenerator random;
    private final long authTimeoutMs;
    private final ActiveErrors errors = new ActiveErrors();
    private final IecLayer iec;
    private final LimitArbiter limits = new LimitArbiter();

    private EvseState state = EvseState.Disabled;
    private long stateSinceMs;
    private final EnumSet<PauseReason> pauseReasons = EnumSet.noneOf(PauseReason.class);

    // Availability.
    private final long bootMs;
    private boolean enabled = true;
    private boolean readySignal;
    private boolean ready;

    // What the board reported.
    private CpState cp = CpState.A;
    private Ampacity pp = Ampacity.NONE;
    private PowermeterValues meter;
    private boolean meterSeen;

    // Session and transaction.
    private Session session;
    private long sessionStartMs;
    private boolean authorized;
    private String authTag;
    private boolean transactionActive;
    private StopReason stopRequested;
    private StopReason finishedReason;
    private String preAuthorizedTag;
    private long preAuthorizedAtMs;
    private boolean userPause;
    private boolean simplifiedMode;
    /** An operator unlocked the connector during this session (OCPP UnlockConnector); a new transaction ends it. */
    private boolean unlockRequested;

    // RCD self-test before each session.
    private enum SelfTest { NOT_RUN, RUNNING, PASSED }
    private SelfTest selfTest = SelfTest.NOT_RUN;
    private long selfTestDeadlineMs = -1;

    // Timed pilot episodes (-1 = not running).
    private boolean wakeupDone;
    private long wakeupEndsMs = -1;
    private long wakeupEndedMs = -1;
    private long faultFUntilMs = -1;

    // Phase switching.
    private int phases;
    private Integer pendingPhases;
    private boolean switchHolding;
    private long switchUntilMs = -1;

    // UK Smart Charge Points Regulations reg. 11 random delay.
    private double ukHeldA;
    private long ukDelayUntilMs = -1;

    private Limit lastLimit;

    public ChargerCore(EvseConfig cfg, int authTimeoutS, HardwareCapabilities caps, int initialPhases,
                       TimeSource clock, RandomGenerator random) {
        this.cfg = cfg;
        this.caps = caps;
        this.clock = clock;
        this.random = random;
        this.authTimeoutMs = authTimeoutS * 1000L;
        this.iec = new IecLayer(cfg, caps, errors);
        this.phases = Math.max(caps.minPhases(), Math.min(caps.maxPhases(), initialPhases));
        this.bootMs = clock.monotonicMs();
        this.stateSinceMs = bootMs;
        this.readySignal = !cfg.externalReadyToStartCharging();
        limits.set(LimitSource.CONFIG, cfg.maxCurrentImportA());
        limits.set(LimitSource.BOARD, caps.maxCurrentA());
        updateCableLimit();
    }

    /** Puts the board into its safe start-up state. Call once, before any event. */
    public void start(CoreOutput out) {
        long now = clock.monotonicMs();
        iec.start(now, out);
        out.notify(new Notification.StateChanged(state, Set.of()));
        step(now, out);
    }

    // ------------------------------------------------------------------ inputs

    public void onBoardEvent(BoardEvent event, CoreOutput out) {
        long now = clock.monotonicMs();
        if (event instanceof BoardEvent.CpChanged e) {
            onCp(e.state(), now, out);
        } else if (event instanceof BoardEvent.RelayFeedback e) {
            iec.onRelayFeedback(e.closed(), now, out);
        } else if (event instanceof BoardEvent.DiodeFault) {
            raise(ErrorCode.DiodeFault, "CP low half not at -12 V with PWM on", now, out);
        } else if (event instanceof BoardEvent.PpAmpacity e) {
            onPp(e.ampacity(), now, out);
        } else if (event instanceof BoardEvent.RcdTripped e) {
            raise(ErrorCode.MREC2GroundFailure, true,
                    cfg.rcdReset() == RcdResetPolicy.manual ? ClearRule.RESET : ClearRule.UNPLUG,
                    e.fault() + " residual current " + e.residualCurrentMa() + " mA", now, out);
        } else if (event instanceof BoardEvent.RcdSelfTestResult e) {
            onSelfTest(e.passed(), "self-test reported failure", now, out);
        } else if (event instanceof BoardEvent.LockFeedback e) {
            iec.onLock(e.locked(), now, out);
        } else if (event instanceof BoardEvent.PowermeterReading e) {
            onMeter(e.values(), now, out);
        } else if (event instanceof BoardEvent.PowermeterError e) {
            raise(ErrorCode.PowermeterCommunicationFault, cfg.failOnPowermeterErrors(), ClearRule.CONDITION,
                    e.message(), now, out);
        }
        step(now, out);
    }

    public void onControl(ControlEvent event, CoreOutput out) {
        long now = clock.monotonicMs();
        if (event instanceof ControlEvent.TokenPresented e) {
            onToken(e.tag(), out);
        } else if (event instanceof ControlEvent.AuthorizationResult e) {
            onAuthorizationResult(e.tag(), e.accepted(), now, out);
        } else if (event instanceof ControlEvent.StopTransaction e) {
            if (transactionActive) {
                stopRequested = e.reason();
            }
        } else if (event instanceof ControlEvent.UnlockConnector) {
            if (transactionActive) {
                stopRequested = StopReason.UnlockCommand;
            }
            unlockRequested = session != null;
            iec.releaseLock(now, out);
        } else if (event instanceof ControlEvent.SetLimit e) {
            if (e.amps() < 0) {
                limits.remove(e.source());
            } else {
                limits.set(e.source(), e.amps());
            }
        } else if (event instanceof ControlEvent.Lease e) {
            limits.setExpiring(LimitSource.ENERGY_MANAGER, e.amps(), now + Math.max(0, e.validForMs()),
                    e.failsafeAmps());
        } else if (event instanceof ControlEvent.Pause e) {
            userPause = e.paused();
        } else if (event instanceof ControlEvent.Enable e) {
            enabled = e.enabled();
        } else if (event instanceof ControlEvent.ResetFaults) {
            resetFaults(out);
        } else if (event instanceof ControlEvent.SwitchPhases e) {
            requestPhases(e.phases(), now, out);
        } else if (event instanceof ControlEvent.ReadyToStartCharging) {
            readySignal = true;
        }
        step(now, out);
    }

    /** Runs timers. Call at {@link #nextDeadlineMs()} (and, as a safety net, periodically). */
    public void tick(CoreOutput out) {
        long now = clock.monotonicMs();
        iec.tick(now, out);
        if (selfTest == SelfTest.RUNNING && now >= selfTestDeadlineMs) {
            onSelfTest(false, "no self-test answer within " + cfg.rcdSelfTestTimeoutMs() + " ms", now, out);
        }
        step(now, out);
    }

    /**
     * The earliest monotonic instant after now at which {@link #tick(CoreOutput)} has work to do, or
     * {@link Long#MAX_VALUE}. Deadlines already due were handled by the tick that ran at them.
     */
    public long nextDeadlineMs() {
        long now = clock.monotonicMs();
        long d = Long.MAX_VALUE;
        d = after(now, d, iec.nextDeadlineMs());
        d = after(now, d, selfTest == SelfTest.RUNNING ? selfTestDeadlineMs : -1);
        d = after(now, d, wakeupEndsMs);
        d = after(now, d, faultFUntilMs);
        d = after(now, d, switchUntilMs);
        d = after(now, d, ukDelayUntilMs);
        d = after(now, d, limits.nextExpiryAfter(now));
        if (state == EvseState.Disabled && !ready && !meterSeen && cfg.initialMeterValueTimeoutMs() > 0) {
            d = after(now, d, bootMs + cfg.initialMeterValueTimeoutMs());
        }
        if (state == EvseState.WaitingForAuthentication) {
            d = after(now, d, sessionStartMs + authTimeoutMs);
        }
        if (state == EvseState.PrepareCharging && cfg.legacyWakeupEnable() && !wakeupDone) {
            d = after(now, d, stateSinceMs + cfg.legacyWakeupAfterS() * 1000L);
        }
        if (state == EvseState.PrepareCharging && wakeupEndedMs >= 0) {
            d = after(now, d, wakeupEndedMs + PAUSED_BY_EV_AFTER_WAKEUP_MS);
        }
        return d;
    }

    /** The earlier of {@code d} and {@code candidate}, counting only candidates after now. */
    private static long after(long now, long d, long candidate) {
        return candidate > now && candidate < d ? candidate : d;
    }

    // ------------------------------------------------------------------ board event handling

    private void onCp(CpState s, long now, CoreOutput out) {
        CpState previous = cp;
        cp = s;
        iec.onCp(s, now, out); // power off first: IEC 61851-1 Table A.6 seq. 5, within this event
        if (previous == CpState.A && (s == CpState.C || s == CpState.D)) {
            simplifiedMode = true; // IEC 61851-1 A.2.3: an EV that goes A->C directly uses simplified mode
        }
        if (s == CpState.D && !cfg.hasVentilation()) {
            raise(ErrorCode.VentilationNotAvailable, "EV requests ventilation (state D), not allowed here", now, out);
        }
        boolean pilotDrivesF = iec.pilot() == PilotMode.F;
        if (s == CpState.E || (s == CpState.F && !pilotDrivesF)) {
            raise(ErrorCode.MREC14PilotFault, s == CpState.E ? "CP shorted to PE (state E)" : "unexpected state F on CP",
                    now, out);
        }
        if (s == CpState.A) {
            onUnplug(now, out);
        }
    }

    private void onPp(Ampacity a, long now, CoreOutput out) {
        pp = a;
        if (caps.connectorType() == ConnectorType.SOCKET && a == Ampacity.INVALID) {
            raise(ErrorCode.MREC23ProximityFault, "PP resistor below 75 Ohm", now, out);
        }
        updateCableLimit();
    }

    private void onMeter(PowermeterValues v, long now, CoreOutput out) {
        if (meter != null && v.energyImportWh() < meter.energyImportWh()) {
            // A meter whose import register goes backwards cannot be billed from: keep the last good value.
            raise(ErrorCode.PowermeterCommunicationFault, cfg.failOnPowermeterErrors(), ClearRule.CONDITION,
                    "import energy went backwards from " + meter.energyImportWh() + " to " + v.energyImportWh() + " Wh",
                    now, out);
            return;
        }
        meter = v;
        meterSeen = true;
        errors.clear(ErrorCode.PowermeterCommunicationFault, out);
        iec.onMeter(v, now, out);
    }

    private void onSelfTest(boolean passed, String failure, long now, CoreOutput out) {
        if (selfTest != SelfTest.RUNNING) {
            return;
        }
        selfTestDeadlineMs = -1;
        if (passed) {
            selfTest = SelfTest.PASSED;
        } else {
            selfTest = SelfTest.NOT_RUN;
            raise(ErrorCode.RcdSelftest, failure, now, out);
        }
    }

    private void onUnplug(long now, CoreOutput out) {
        if (session != null) {
            finishSession(StopReason.EVDisconnected, now, out);
        }
        preAuthorizedTag = null;
        boolean rcdWasTripped = errors.isActive(ErrorCode.MREC2GroundFailure);
        errors.clearAll(ClearRule.UNPLUG, out);
        if (rcdWasTripped && !errors.isActive(ErrorCode.MREC2GroundFailure)) {
            out.command(new BoardCommand.RcdReset());
        }
        simplifiedMode = false;
        limits.remove(LimitSource.SIMPLIFIED_MODE);
    }

    // ------------------------------------------------------------------ control handling

    private void onToken(String tag, CoreOutput out) {
        if (transactionActive && tag.equals(authTag)) {
            stopRequested = StopReason.Local; // the same card again ends the transaction
            return;
        }
        out.notify(new Notification.AuthorizationRequested(tag));
    }

    private void onAuthorizationResult(String tag, boolean accepted, long now, CoreOutput out) {
        if (!accepted || authorized) {
            return;
        }
        if (session != null && state == EvseState.WaitingForAuthentication) {
            authorize(tag, out);
        } else if (session == null) {
            preAuthorizedTag = tag; // authorization before plug-in, valid for the connection timeout
            preAuthorizedAtMs = now;
        }
    }

    private void resetFaults(CoreOutput out) {
        boolean rcd = errors.isActive(ErrorCode.MREC2GroundFailure);
        errors.clearAll(ClearRule.RESET, out);
        if (rcd && !errors.isActive(ErrorCode.MREC2GroundFailure)) {
            out.command(new BoardCommand.RcdReset());
        }
    }

    private void requestPhases(int n, long now, CoreOutput out) {
        if (n < caps.minPhases() || n > caps.maxPhases() || n == phases) {
            return;
        }
        boolean duringSession = session != null;
        if (duringSession && !caps.supportsChangingPhasesWhileCharging()) {
            return; // some EVs are damaged by a 1p->3p switch mid-session; the board says it cannot
        }
        if (state == EvseState.Charging || state == EvseState.StoppingCharging || iec.relayOn()) {
            pendingPhases = n; // done by the SwitchPhases sequence
        } else if (!iec.relayOn()) {
            switchPhasesNow(n, out); // contactor open: switch directly
        }
    }

    private void switchPhasesNow(int n, CoreOutput out) {
        phases = n;
        out.command(new BoardCommand.SwitchPhases(n));
        updateCableLimit();
    }

    // ------------------------------------------------------------------ the session machine

    private void step(long now, CoreOutput out) {
        for (int pass = 0; pass < 20; pass++) {
            EvseState before = state;
            boolean relayBefore = iec.relayOn();
            evaluate(now, out);
            drive(now, out);
            if (state == before && iec.relayOn() == relayBefore) {
                break;
            }
        }
        Limit binding = limits.binding(now);
        if (!binding.equals(lastLimit)) {
            lastLimit = binding;
            out.notify(new Notification.LimitChanged(binding));
        }
    }

    /** State transitions. Pilot and contactor wishes follow from the state in {@link #drive}. */
    private void evaluate(long now, CoreOutput out) {
        if (!enabled) {
            faultFUntilMs = -1;
            if (state != EvseState.Disabled) {
                if (transactionActive) {
                    stopTransaction(StopReason.Disabled, out);
                }
                enter(EvseState.Disabled, now, out);
            }
            return;
        }
        if (errors.anyFatal() && state != EvseState.Faulted && (state != EvseState.Disabled || ready)) {
            boolean wasCharging = state == EvseState.Charging || state == EvseState.StoppingCharging
                    || state == EvseState.SwitchPhases;
            // EVerest state_F_after_fault_ms / IEC 61851-1:2017 Table A.5: CX -> F (>= 300 ms) -> X1 after a fault
            // while charging; a fault in B2 goes straight to B1.
            faultFUntilMs = wasCharging && cfg.stateFAfterFaultMs() > 0 ? now + cfg.stateFAfterFaultMs() : -1;
            wakeupEndsMs = -1;
            switchUntilMs = -1;
            switchHolding = false;
            enter(EvseState.Faulted, now, out);
            return;
        }
        if (faultFUntilMs >= 0 && now >= faultFUntilMs) {
            faultFUntilMs = -1;
        }
        switch (state) {
            case Disabled -> {
                if (!ready) {
                    ready = becomeReady(now, out);
                }
                if (ready) {
                    enter(session != null ? EvseState.Finished : EvseState.Idle, now, out);
                }
            }
            case Idle -> {
                if (cp.connected()) {
                    startSession(now, out);
                    enter(EvseState.WaitingForAuthentication, now, out);
                }
            }
            case WaitingForAuthentication -> {
                if (!authorized && now - sessionStartMs >= authTimeoutMs) {
                    if (cfg.raiseMrec9()) {
                        raise(ErrorCode.MREC9AuthorizationTimeout, "no authorization within "
                                + authTimeoutMs / 1000 + " s", now, out);
                    }
                    finishedReason = StopReason.Timeout;
                    enter(EvseState.Finished, now, out);
                } else if (authorized && selfTestOk() && cableOk()) {
                    enter(EvseState.PrepareCharging, now, out);
                }
            }
            case PrepareCharging -> {
                if (stopRequested != null) {
                    finishTransaction(now, out);
                } else if (iec.relayOn()) {
                    wakeupEndedMs = -1;
                    enter(EvseState.Charging, now, out);
                } else if (mustPause(now)) {
                    enter(EvseState.ChargingPausedEVSE, now, out);
                } else {
                    legacyWakeup(now, out);
                }
            }
            case Charging -> {
                if (!iec.relayOn()) {
                    enter(EvseState.ChargingPausedEV, now, out); // the EV went back to B (or stopped drawing)
                } else if (stopRequested != null || mustPause(now)) {
                    enter(EvseState.StoppingCharging, now, out);
                } else if (pendingPhases != null) {
                    switchHolding = false;
                    enter(EvseState.SwitchPhases, now, out);
                }
            }
            case StoppingCharging -> {
                if (!iec.relayOn()) {
                    if (stopRequested != null) {
                        finishTransaction(now, out);
                    } else {
                        enter(!mustPause(now) ? EvseState.PrepareCharging : EvseState.ChargingPausedEVSE,
                                now, out);
                    }
                }
            }
            case ChargingPausedEV -> {
                if (iec.relayOn()) {
                    enter(stopRequested != null || mustPause(now)
                            ? EvseState.StoppingCharging : EvseState.Charging, now, out);
                } else if (stopRequested != null) {
                    finishTransaction(now, out);
                } else if (mustPause(now)) {
                    enter(EvseState.ChargingPausedEVSE, now, out);
                }
            }
            case ChargingPausedEVSE -> {
                Set<PauseReason> reasons = pauseReasonsNow(now);
                if (stopRequested != null) {
                    finishTransaction(now, out);
                } else if (reasons.isEmpty()) {
                    enter(EvseState.PrepareCharging, now, out);
                } else if (!reasons.equals(pauseReasons)) {
                    pauseReasons.clear();
                    pauseReasons.addAll(reasons);
                    out.notify(new Notification.StateChanged(state, Set.copyOf(pauseReasons)));
                }
            }
            case SwitchPhases -> switchPhasesStep(now, out);
            case Finished -> {
                // The transaction is over; only an unplug starts anew.
            }
            case Faulted -> {
                if (errors.anyFatal() || faultFUntilMs >= 0) {
                    return;
                }
                if (session == null) {
                    enter(EvseState.Idle, now, out);
                } else if (transactionActive && stopRequested == null) {
                    enter(EvseState.PrepareCharging, now, out);
                } else if (transactionActive) {
                    finishTransaction(now, out);
                } else if (finishedReason == null) {
                    enter(EvseState.WaitingForAuthentication, now, out);
                } else {
                    enter(EvseState.Finished, now, out);
                }
            }
        }
    }

    /** Turns the state into wishes for the IEC layer, which decides what actually reaches the board. */
    private void drive(long now, CoreOutput out) {
        double wanted = wantedCurrentA(now);
        switch (state) {
            case Disabled -> {
                iec.consent(false, now, out);
                iec.wantF(now, out);
            }
            case Idle, WaitingForAuthentication, ChargingPausedEVSE, Finished -> {
                iec.consent(false, now, out);
                iec.wantX1(now, out);
            }
            case PrepareCharging -> {
                iec.consent(true, now, out);
                if (wakeupEndsMs >= 0) {
                    iec.wantF(now, out);
                } else {
                    iec.wantPwm(wanted, now, out);
                }
            }
            case Charging, ChargingPausedEV -> {
                iec.consent(true, now, out);
                iec.wantPwm(wanted, now, out);
            }
            case StoppingCharging -> {
                iec.consent(true, now, out); // graceful: the EV leaves C, or the C1 timeout opens under load
                iec.wantX1(now, out);
            }
            case SwitchPhases -> {
                iec.consent(!switchHolding, now, out);
                if (switchHolding && cfg.switch3ph1phCpState() == SwitchCpState.F) {
                    iec.wantF(now, out);
                } else {
                    iec.wantX1(now, out);
                }
            }
            case Faulted -> {
                iec.consent(false, now, out);
                if (faultFUntilMs >= 0) {
                    iec.wantF(now, out);
                } else {
                    iec.wantX1(now, out);
                }
            }
        }
        // IEC 61851-1:2019 D.6.5: locked while a session runs (from B unless lock_connector_in_state_b is off).
        // OCPP 1.6 §5.18: after an UnlockConnector the cable must come out, so the lock stays open (power is off:
        // the transaction was stopped first, and the IEC layer never unlocks with the contactor closed).
        iec.wantLock(session != null && (cfg.lockConnectorInStateB() || cp.requestsPower())
                && !(cfg.unlockWhenDeauthorized() && !authorized) && !unlockRequested, now, out);
        iec.hardwareOverCurrentLimit(hardwareOverCurrentLimitA(), out);
    }

    private void enter(EvseState next, long now, CoreOutput out) {
        if (next == state) {
            return;
        }
        if (state == EvseState.PrepareCharging) {
            wakeupEndsMs = -1; // a wake-up pulse and its follow-up end with the state that sent them
            wakeupEndedMs = -1;
        }
        state = next;
        stateSinceMs = now;
        pauseReasons.clear();
        if (next == EvseState.ChargingPausedEVSE) {
            pauseReasons.addAll(pauseReasonsNow(now));
        }
        if (next == EvseState.Charging) {
            wakeupDone = false; // EVerest: the wake-up is re-armed once charging has started
        }
        out.notify(new Notification.StateChanged(next, Set.copyOf(pauseReasons)));
    }

    private boolean becomeReady(long now, CoreOutput out) {
        boolean meterDone = cfg.initialMeterValueTimeoutMs() == 0 || meterSeen;
        if (!meterDone && now - bootMs >= cfg.initialMeterValueTimeoutMs()) {
            raise(ErrorCode.PowermeterCommunicationFault, cfg.failOnPowermeterErrors(), ClearRule.CONDITION,
                    "no powermeter value within initial_meter_value_timeout_ms (" + cfg.initialMeterValueTimeoutMs()
                            + " ms)", now, out);
            meterDone = true;
        }
        return meterDone && readySignal;
    }

    private void legacyWakeup(long now, CoreOutput out) {
        if (wakeupEndsMs >= 0) {
            if (now >= wakeupEndsMs) {
                wakeupEndsMs = -1;
                wakeupEndedMs = now;
            }
            return;
        }
        boolean inB2 = cp == CpState.B && iec.pilot() == PilotMode.PWM;
        if (cfg.legacyWakeupEnable() && !wakeupDone && inB2
                && now - stateSinceMs >= cfg.legacyWakeupAfterS() * 1000L) {
            // IEC 61851-1 A.5.3 legacy wake-up: one F pulse of T_step_EF (ISO 15118-3: 4 s), once per session.
            wakeupDone = true;
            wakeupEndsMs = now + cfg.legacyWakeupFMs();
        } else if (wakeupEndedMs >= 0 && now - wakeupEndedMs >= PAUSED_BY_EV_AFTER_WAKEUP_MS) {
            wakeupEndedMs = -1;
            enter(EvseState.ChargingPausedEV, now, out);
        }
    }

    private void switchPhasesStep(long now, CoreOutput out) {
        if (!switchHolding) {
            if (iec.relayOn()) {
                return; // waiting for B, or the C1 timeout
            }
            if (stopRequested != null) {
                pendingPhases = null;
                finishTransaction(now, out);
                return;
            }
            switchHolding = true;
            switchUntilMs = now + cfg.switch3ph1phDelayS() * 1000L;
        }
        if (now >= switchUntilMs) {
            switchUntilMs = -1;
            switchHolding = false;
            if (pendingPhases != null) {
                switchPhasesNow(pendingPhases, out);
                pendingPhases = null;
            }
            enter(EvseState.PrepareCharging, now, out);
        }
    }

    // ------------------------------------------------------------------ sessions

    private void startSession(long now, CoreOutput out) {
        String id = SessionIds.next(cfg.sessionIdType(), random);
        session = new Session(id, clock.wallMs(), energyWh());
        sessionStartMs = now;
        authorized = false;
        authTag = null;
        transactionActive = false;
        stopRequested = null;
        finishedReason = null;
        userPause = false;
        wakeupDone = false;
        wakeupEndedMs = -1;
        ukHeldA = 0;
        ukDelayUntilMs = -1;
        out.notify(new Notification.SessionStarted(session));
        if (caps.hasRcd()) {
            selfTest = SelfTest.RUNNING; // the RCD is tested before each session
            selfTestDeadlineMs = now + cfg.rcdSelfTestTimeoutMs();
            out.command(new BoardCommand.RcdSelfTest());
        } else {
            selfTest = SelfTest.PASSED;
        }
        if (simplifiedMode && cfg.hackSimplifiedModeLimit10A()) {
            limits.set(LimitSource.SIMPLIFIED_MODE, 10);
        }
        if (cfg.disableAuthentication()) {
            authorize(FREE_SERVICE_TAG, out);
        } else if (preAuthorizedTag != null && now - preAuthorizedAtMs < authTimeoutMs) {
            authorize(preAuthorizedTag, out);
        }
        preAuthorizedTag = null;
    }

    private void authorize(String tag, CoreOutput out) {
        authorized = true;
        unlockRequested = false;
        authTag = tag;
        transactionActive = true;
        out.notify(new Notification.TransactionStarted(session, tag, energyWh()));
    }

    private void stopTransaction(StopReason reason, CoreOutput out) {
        if (!transactionActive) {
            return;
        }
        transactionActive = false;
        authorized = false;
        finishedReason = reason;
        out.notify(new Notification.TransactionFinished(session, reason, energyWh()));
    }

    private void finishTransaction(long now, CoreOutput out) {
        stopTransaction(stopRequested != null ? stopRequested : StopReason.Local, out);
        stopRequested = null;
        enter(EvseState.Finished, now, out);
    }

    private void finishSession(StopReason reason, long now, CoreOutput out) {
        stopTransaction(reason, out);
        StopReason why = finishedReason != null ? finishedReason : reason;
        out.notify(new Notification.SessionFinished(session, why, energyWh() - session.startEnergyWh(), clock.wallMs()));
        session = null;
        unlockRequested = false;
        authorized = false;
        authTag = null;
        stopRequested = null;
        finishedReason = null;
        userPause = false;
        pendingPhases = null;
        selfTest = SelfTest.NOT_RUN;
        wakeupEndsMs = -1;
        wakeupEndedMs = -1;
        switchHolding = false;
        switchUntilMs = -1;
        ukHeldA = 0;
        ukDelayUntilMs = -1;
        if (state != EvseState.Disabled && state != EvseState.Faulted) {
            enter(EvseState.Idle, now, out);
        }
    }

    // ------------------------------------------------------------------ limits

    /** True if the EVSE must pause now (a user pause, or less than the minimum current available). */
    private boolean mustPause(long now) {
        return userPause || wantedCurrentA(now) < PilotPwm.MIN_CURRENT_A;
    }

    private Set<PauseReason> pauseReasonsNow(long now) {
        EnumSet<PauseReason> r = EnumSet.noneOf(PauseReason.class);
        if (userPause) {
            r.add(PauseReason.UserPause);
        }
        if (wantedCurrentA(now) < PilotPwm.MIN_CURRENT_A) {
            r.add(PauseReason.NoEnergy);
        }
        return r;
    }

    /** The current the session would offer now: the binding limit, made offerable, after the UK random delay. */
    private double wantedCurrentA(long now) {
        double a = limits.binding(now).amps();
        if (a < Math.max(PilotPwm.MIN_CURRENT_A, caps.minCurrentA())) {
            a = 0;
        }
        a = PilotPwm.offerable(a);
        return ukRandomDelay(a, now);
    }

    /**
     * UK Smart Charge Points Regulations 2021 reg. 11: a start or a rate increase waits a random 0..max-1 s.
     * Reductions are never delayed: a lower limit is a safety matter (reg. 8) and must apply at once.
     */
    private double ukRandomDelay(double a, long now) {
        if (!cfg.ukSmartchargingRandomDelayEnable() || session == null) {
            return a;
        }
        if (a <= ukHeldA + UK_DELAY_THRESHOLD_A) {
            ukHeldA = a;
            ukDelayUntilMs = -1;
            return a;
        }
        boolean relevant = cfg.ukSmartchargingRandomDelayAtAnyChange() || ukHeldA == 0;
        if (!relevant) {
            ukHeldA = a;
            return a;
        }
        if (ukDelayUntilMs < 0) {
            ukDelayUntilMs = now + random.nextInt(cfg.ukSmartchargingRandomDelayMaxDuration()) * 1000L;
        }
        if (now >= ukDelayUntilMs) {
            ukDelayUntilMs = -1;
            ukHeldA = a;
            return a;
        }
        return ukHeldA;
    }

    private void updateCableLimit() {
        if (caps.connectorType() == ConnectorType.TETHERED_CABLE) {
            limits.set(LimitSource.CABLE, caps.cableRatingA());
        } else {
            limits.set(LimitSource.CABLE, pp.amps(phases));
        }
    }

    /** Threshold for the board's fast over-current trip: the highest current we could ever offer, plus margin. */
    private double hardwareOverCurrentLimitA() {
        double max = Math.min(caps.maxCurrentA(), cfg.maxCurrentImportA());
        if (caps.connectorType() == ConnectorType.TETHERED_CABLE) {
            max = Math.min(max, caps.cableRatingA());
        } else if (pp.amps(phases) > 0) {
            max = Math.min(max, pp.amps(phases));
        }
        // EVerest ac_set_overcurrent_limit_A: "a margin needs to be added to avoid false triggers".
        return Math.round((max * 1.25 + 2) * 10) / 10.0;
    }

    private boolean selfTestOk() {
        return selfTest == SelfTest.PASSED;
    }

    private boolean cableOk() {
        return caps.connectorType() == ConnectorType.TETHERED_CABLE || pp.amps(phases) > 0;
    }

    private double energyWh() {
        return meter == null ? 0 : meter.energyImportWh();
    }

    // ------------------------------------------------------------------ errors

    private void raise(ErrorCode code, String detail, long now, CoreOutput out) {
        raise(code, true, code.defaultClearRule(), detail, now, out);
    }

    private void raise(ErrorCode code, boolean fatal, ClearRule rule, String detail, long now, CoreOutput out) {
        iec.raise(code, fatal, rule, detail, now, out);
    }

    // ------------------------------------------------------------------ status

    public Status status() {
        long now = clock.monotonicMs();
        List<ActiveError> errs = new ArrayList<>(errors.all());
        // The meter's last reading, unless the contactor is open and confirmed open (then nothing can flow).
        boolean mayFlow = iec.relayOn() || iec.feedbackClosed();
        double drawn = meter == null || !mayFlow ? 0 : meter.currentA().max();
        double sessionWh = session == null ? 0 : energyWh() - session.startEnergyWh();
        return new Status(now, state, Set.copyOf(pauseReasons), cp, iec.pilot(), iec.dutyPercent(), iec.offeredA(),
                iec.relayOn(), limits.binding(now), List.copyOf(errs), errors.anyFatal(),
                session == null ? null : session.id(), sessionWh, energyWh(), drawn, phases, iec.c1SinceMs());
    }

    public EvseState state() {
        return state;
    }

    public HardwareCapabilities capabilities() {
        return caps;
    }

    public EvseConfig config() {
        return cfg;
    }
}
