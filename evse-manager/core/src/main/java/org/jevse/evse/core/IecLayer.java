package org.jevse.evse.core;

import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.CpState;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.port.PilotMode;
import org.jevse.board.port.PowerReason;
import org.jevse.board.port.PowermeterValues;
import org.jevse.config.EvseConfig;

/**
 * The IEC 61851-1 layer: the one place that decides whether the contactor may be closed and what the pilot
 * shows. The session machine above it only expresses wishes (a pilot current, consent to power); this layer
 * turns them into board commands and refuses anything unsafe.
 *
 * <p>The safety rule it owns, checked by {@link SafetyInvariants}: the contactor is closed only while the EV is
 * in C (or D with ventilation allowed), no fatal error is active, the lock (if any) is confirmed, and the PWM
 * offers at least 6 A; the one exception is the C1 window of IEC 61851-1 Table A.6 seq. 10.1/10.2, where the PWM
 * has just stopped and the EV gets {@code power_off_under_load_in_c1_timeout_ms} to leave C before the contactor
 * opens under load. Every input that makes power unsafe opens the contactor in the same call.
 */
final class IecLayer {

    /** IEC 61851-1: the EV may take 5 s to follow a PWM change, so increases come at most every 5 s. */
    static final long PWM_INCREASE_INTERVAL_MS = 5000;
    /** Time a connector lock has to confirm (EVerest BSP guide: lock feedback within about a second). */
    static final long LOCK_TIMEOUT_MS = 1000;

    private final EvseConfig cfg;
    private final HardwareCapabilities caps;
    private final ActiveErrors errors;
    private final SoftOverCurrent overCurrent;

    // As reported by the board.
    private CpState cp = CpState.A;
    private boolean feedbackClosed;
    private boolean locked;
    /** An EV is attached: the last CP state we could read was B, C, D or E (F while we drive F hides it). */
    private boolean evPresent;

    // As commanded to the board.
    private PilotMode pilot;
    private double dutyPercent;
    private double offeredA;
    private boolean relayOn;
    private boolean lockCommanded;
    private double overCurrentLimitSent = -1;

    // Wishes of the session machine.
    private boolean consent;
    private PilotMode wantedMode = PilotMode.F;
    private double wantedA;
    private boolean wantLocked;

    // Timers (-1 = not running).
    private long lastPwmChangeMs = Long.MIN_VALUE / 2;
    private long pendingIncreaseAtMs = -1;
    private long c1SinceMs = -1;
    private long feedbackDeadlineMs = -1;
    private long lockDeadlineMs = -1;

    IecLayer(EvseConfig cfg, HardwareCapabilities caps, ActiveErrors errors) {
        this.cfg = cfg;
        this.caps = caps;
        this.errors = errors;
        this.overCurrent = new SoftOverCurrent(cfg);
    }

    /** Puts the board into a known safe state: contactor off, pilot F (not available). */
    void start(long now, CoreOutput out) {
        relayOn = false;
        out.command(new BoardCommand.AllowPower(false, PowerReason.POWER_OFF));
        setPilot(PilotMode.F, 0, now, out);
        if (caps.hasLock()) {
            out.command(new BoardCommand.Lock(false));
        }
    }

    // ---- wishes from the session machine ----

    void wantPwm(double amps, long now, CoreOutput out) {
        wantedMode = PilotMode.PWM;
        wantedA = PilotPwm.offerable(amps);
        applyPilot(now, out);
    }

    void wantX1(long now, CoreOutput out) {
        wantedMode = PilotMode.X1;
        applyPilot(now, out);
    }

    void wantF(long now, CoreOutput out) {
        wantedMode = PilotMode.F;
        applyPilot(now, out);
    }

    void consent(boolean on, long now, CoreOutput out) {
        consent = on;
        enforce(now, out);
    }

    /** The session wants the connector locked (the IEC layer also keeps it locked while power is on). */
    void wantLock(boolean lock, long now, CoreOutput out) {
        wantLocked = lock;
        applyLock(now, out);
    }

    /**
     * An operator asked for the lock to open (OCPP UnlockConnector). With the contactor open it is commanded open
     * now, even if it should be open already (a new attempt at a stuck lock); with the contactor closed it opens
     * once the contactor has opened, as the session machine no longer wants it locked.
     */
    void releaseLock(long now, CoreOutput out) {
        wantLocked = false;
        if (!caps.hasLock() || relayOn) {
            return;
        }
        commandLock(false, now);
        out.command(new BoardCommand.Lock(false));
    }

    void hardwareOverCurrentLimit(double amps, CoreOutput out) {
        if (amps != overCurrentLimitSent) {
            overCurrentLimitSent = amps;
            out.command(new BoardCommand.SetOverCurrentLimit(amps));
        }
    }

    // ---- board inputs ----

    void onCp(CpState state, long now, CoreOutput out) {
        cp = state;
        if (state != CpState.F || pilot != PilotMode.F) {
            evPresent = state != CpState.A && state != CpState.F;
        }
        // IEC 61851-1 Table A.6 seq. 5/6 (C->B, ->A): power off within 100 ms; here within this very event.
        enforce(now, out);
        applyLock(now, out);
    }

    void onRelayFeedback(boolean closed, long now, CoreOutput out) {
        feedbackClosed = closed;
        if (feedbackDeadlineMs < 0 && closed != relayOn) {
            // A mirror contact that moves with no command: welded or driven by a fault.
            raiseContactorFault(closed ? "contactor closed without a command" : "contactor opened without a command",
                    now, out);
        } else if (closed == relayOn) {
            feedbackDeadlineMs = -1;
        }
    }

    void onLock(boolean isLocked, long now, CoreOutput out) {
        locked = isLocked;
        if (isLocked == lockCommanded) {
            lockDeadlineMs = -1;
        }
        enforce(now, out);
    }

    /** Soft over-current check (EVerest check_soft_over_current, PR #762: against the signalled current). */
    void onMeter(PowermeterValues v, long now, CoreOutput out) {
        overCurrent.reading(v.currentA().max(), relayOn || feedbackClosed, now);
        checkOverCurrentTimeout(now, out);
    }

    void tick(long now, CoreOutput out) {
        if (pendingIncreaseAtMs >= 0 && now >= pendingIncreaseAtMs) {
            pendingIncreaseAtMs = -1;
            applyPilot(now, out);
        }
        if (feedbackDeadlineMs >= 0 && now >= feedbackDeadlineMs) {
            feedbackDeadlineMs = -1;
            if (feedbackClosed != relayOn) {
                // IEC 61851-1 / chargebyte MREC17: feedback must follow within the timeout; a missing PowerOff is welding.
                raiseContactorFault(relayOn ? "contactor did not close" : "contactor did not open (welded)", now, out);
            }
        }
        if (lockDeadlineMs >= 0 && now >= lockDeadlineMs) {
            lockDeadlineMs = -1;
            if (locked != lockCommanded && lockCommanded) {
                raise(ErrorCode.ConnectorLockFailedLock, true, ErrorCode.ConnectorLockFailedLock.defaultClearRule(),
                        "lock did not confirm within " + LOCK_TIMEOUT_MS + " ms", now, out);
            }
        }
        checkOverCurrentTimeout(now, out);
        enforce(now, out);
    }

    /** The earliest instant this layer needs a tick, or {@link Long#MAX_VALUE}. */
    long nextDeadlineMs() {
        long d = Long.MAX_VALUE;
        d = earliest(d, pendingIncreaseAtMs);
        d = earliest(d, feedbackDeadlineMs);
        d = earliest(d, lockDeadlineMs);
        if (c1SinceMs >= 0 && relayOn) {
            d = earliest(d, c1SinceMs + cfg.powerOffUnderLoadInC1TimeoutMs());
        }
        d = earliest(d, overCurrent.deadlineMs());
        return d;
    }

    // ---- the safety decision ----

    /**
     * Opens or closes the contactor. Called after every input; a fault raised elsewhere must be followed by a
     * call to this method in the same event.
     */
    void enforce(long now, CoreOutput out) {
        boolean evAsks = cp == CpState.C || (cp == CpState.D && cfg.hasVentilation());
        // The lock counts only once it has confirmed the last command: a feedback older than an unlock that was
        // commanded and then taken back may still say "locked" while the bolt travels.
        boolean lockOk = !caps.hasLock() || (locked && lockCommanded && lockDeadlineMs < 0);
        boolean pwmOk = pilot == PilotMode.PWM && offeredA >= PilotPwm.MIN_CURRENT_A;
        boolean base = consent && evAsks && !errors.anyFatal() && lockOk;
        if (relayOn) {
            boolean inC1Window = pilot == PilotMode.X1 && c1SinceMs >= 0
                    && now - c1SinceMs < cfg.powerOffUnderLoadInC1TimeoutMs();
            if (!(base && (pwmOk || inC1Window))) {
                switchRelay(false, now, out);
            }
        } else if (base && pwmOk) {
            // IEC 61851-1 Table A.6 seq. 4: close within 3 s of C with PWM; we close in the same event.
            switchRelay(true, now, out);
        }
    }

    private void switchRelay(boolean on, long now, CoreOutput out) {
        relayOn = on;
        out.command(new BoardCommand.AllowPower(on, on ? PowerReason.FULL_POWER_CHARGING : PowerReason.POWER_OFF));
        feedbackDeadlineMs = caps.hasRelayFeedback() ? now + cfg.contactorFeedbackTimeoutMs() : -1;
        if (!on) {
            c1SinceMs = -1;
        }
        applyLock(now, out);
    }

    private void raiseContactorFault(String detail, long now, CoreOutput out) {
        raise(ErrorCode.MREC17EVSEContactorFault, true, ClearRule.RESET, detail, now, out);
    }

    /**
     * Raises an error. A fatal one cuts power first, then is announced: the power-off leaves within the same event
     * and before any listener (console, logs, OCPP) runs.
     *
     * @return false if the error was already active
     */
    boolean raise(ErrorCode code, boolean fatal, ClearRule rule, String detail, long now, CoreOutput out) {
        ActiveError e = errors.add(code, fatal, rule, detail, now);
        if (e == null) {
            return false;
        }
        if (fatal) {
            enforce(now, out);
        }
        out.notify(new Notification.ErrorChanged(e, true));
        return true;
    }

    // ---- pilot ----

    private void applyPilot(long now, CoreOutput out) {
        switch (wantedMode) {
            case F -> setPilot(PilotMode.F, 0, now, out);
            case X1 -> setPilot(PilotMode.X1, 0, now, out);
            case PWM -> {
                if (wantedA < PilotPwm.MIN_CURRENT_A) {
                    // IEC 61851-1: below 6 A no duty cycle is valid; pause with B1/C1 instead.
                    setPilot(PilotMode.X1, 0, now, out);
                } else if (pilot == PilotMode.PWM && wantedA > offeredA && relayOn
                        && now - lastPwmChangeMs < PWM_INCREASE_INTERVAL_MS) {
                    pendingIncreaseAtMs = lastPwmChangeMs + PWM_INCREASE_INTERVAL_MS;
                } else {
                    setPilot(PilotMode.PWM, wantedA, now, out);
                }
            }
        }
    }

    private void setPilot(PilotMode mode, double amps, long now, CoreOutput out) {
        pendingIncreaseAtMs = -1; // whatever is applied now is the current wish
        if (mode == pilot && (mode != PilotMode.PWM || amps == offeredA)) {
            return;
        }
        pilot = mode;
        offeredA = mode == PilotMode.PWM ? amps : 0;
        dutyPercent = mode == PilotMode.PWM ? PilotPwm.dutyPercent(amps) : (mode == PilotMode.X1 ? 100 : 0);
        lastPwmChangeMs = now;
        overCurrent.signalled(now, offeredA);
        if (mode == PilotMode.PWM) {
            c1SinceMs = -1;
        } else if (relayOn && c1SinceMs < 0) {
            c1SinceMs = now; // IEC 61851-1 Table A.6 seq. 10.1: the EV now has 3 s to open S2, we wait up to 6 s
        }
        out.command(new BoardCommand.SetPilot(mode, dutyPercent));
        enforce(now, out);
    }

    // ---- connector lock ----

    private void applyLock(long now, CoreOutput out) {
        if (!caps.hasLock()) {
            return;
        }
        // Never unlock with power on; IEC 61851-1:2019 D.6.5: locked in B, C and D; unlocked in A.
        boolean want = relayOn || (wantLocked && evPresent);
        if (want != lockCommanded) {
            commandLock(want, now);
            out.command(new BoardCommand.Lock(want));
        }
    }

    /** Records a lock command: the lock has {@link #LOCK_TIMEOUT_MS} to confirm it. */
    private void commandLock(boolean lock, long now) {
        lockCommanded = lock;
        lockDeadlineMs = now + LOCK_TIMEOUT_MS;
    }

    private void checkOverCurrentTimeout(long now, CoreOutput out) {
        if (overCurrent.expired(now)) {
            raise(ErrorCode.MREC4OverCurrentFailure, true, ClearRule.UNPLUG, overCurrent.describe(), now, out);
        }
    }

    private static long earliest(long a, long b) {
        return b >= 0 && b < a ? b : a;
    }

    // ---- what the invariants and the status read ----

    CpState cp() {
        return cp;
    }

    PilotMode pilot() {
        return pilot;
    }

    double dutyPercent() {
        return dutyPercent;
    }

    double offeredA() {
        return offeredA;
    }

    boolean relayOn() {
        return relayOn;
    }

    boolean feedbackClosed() {
        return feedbackClosed;
    }

    boolean locked() {
        return locked;
    }

    long c1SinceMs() {
        return c1SinceMs;
    }
}
