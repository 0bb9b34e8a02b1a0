package org.jevse.evse.core;

import org.jevse.board.port.CpState;
import org.jevse.board.port.PilotMode;
import org.jevse.config.EvseConfig;

/**
 * The transitions of the charging stage, from PrepareCharging to the end of the transaction: the states in which
 * the EV may draw power, and the pauses and phase switch between them. Each method returns the state that
 * follows (the same one to stay); the {@link SessionMachine} enters it. The contactor is the
 * {@link IecLayer}'s: these transitions only read it.
 */
final class ChargingStates {

    private final EvseConfig cfg;
    private final IecLayer iec;
    private final CurrentLimits offer;
    private final SessionLifecycle sessions;

    ChargingStates(EvseConfig cfg, IecLayer iec, CurrentLimits offer, SessionLifecycle sessions) {
        this.cfg = cfg;
        this.iec = iec;
        this.offer = offer;
        this.sessions = sessions;
    }

    /** The state after {@code state}, one of the charging stage's except ChargingPausedEVSE. */
    EvseState next(EvseState state, ActiveSession s, long now, long stateSinceMs, CoreOutput out) {
        return switch (state) {
            case PrepareCharging -> prepareCharging(s, now, stateSinceMs, out);
            case Charging -> charging(s, now);
            case StoppingCharging -> stoppingCharging(s, now, out);
            case ChargingPausedEV -> pausedByEv(s, now, out);
            case SwitchPhases -> switchingPhases(s, now, out);
            default -> throw new IllegalArgumentException(state + " is not a state of the charging stage");
        };
    }

    /** Ends the transaction for the stop asked for; the EV is still plugged. */
    EvseState finishTransaction(CoreOutput out) {
        sessions.finishTransaction(out);
        return EvseState.Finished;
    }

    private EvseState prepareCharging(ActiveSession s, long now, long stateSinceMs, CoreOutput out) {
        if (s.stopRequested != null) {
            return finishTransaction(out);
        }
        if (iec.relayOn()) {
            s.wakeup.answered();
            return EvseState.Charging;
        }
        if (offer.mustPause(now, s)) {
            return EvseState.ChargingPausedEVSE;
        }
        boolean inB2 = iec.cp() == CpState.B && iec.pilot() == PilotMode.PWM;
        return s.wakeup.step(now, inB2, stateSinceMs) ? EvseState.ChargingPausedEV : EvseState.PrepareCharging;
    }

    private EvseState charging(ActiveSession s, long now) {
        if (!iec.relayOn()) {
            return EvseState.ChargingPausedEV; // the EV went back to B (or stopped drawing)
        }
        if (s.stopRequested != null || offer.mustPause(now, s)) {
            return EvseState.StoppingCharging;
        }
        if (s.phaseSwitch.requested()) {
            s.phaseSwitch.begin();
            return EvseState.SwitchPhases;
        }
        return EvseState.Charging;
    }

    private EvseState stoppingCharging(ActiveSession s, long now, CoreOutput out) {
        if (iec.relayOn()) {
            return EvseState.StoppingCharging;
        }
        if (s.stopRequested != null) {
            return finishTransaction(out);
        }
        return !offer.mustPause(now, s) ? EvseState.PrepareCharging : EvseState.ChargingPausedEVSE;
    }

    private EvseState pausedByEv(ActiveSession s, long now, CoreOutput out) {
        if (iec.relayOn()) {
            return s.stopRequested != null || offer.mustPause(now, s) ? EvseState.StoppingCharging : EvseState.Charging;
        }
        if (s.stopRequested != null) {
            return finishTransaction(out);
        }
        return offer.mustPause(now, s) ? EvseState.ChargingPausedEVSE : EvseState.ChargingPausedEV;
    }

    private EvseState switchingPhases(ActiveSession s, long now, CoreOutput out) {
        PhaseSwitch sw = s.phaseSwitch;
        if (!sw.holding()) {
            if (iec.relayOn()) {
                return EvseState.SwitchPhases; // waiting for B, or the C1 timeout
            }
            if (s.stopRequested != null) {
                sw.cancel();
                return finishTransaction(out);
            }
            sw.hold(now + cfg.switch3ph1phDelayS() * 1000L);
        }
        if (!sw.due(now)) {
            return EvseState.SwitchPhases;
        }
        Integer n = sw.finish();
        if (n != null) {
            offer.switchPhases(n, out);
        }
        return EvseState.PrepareCharging;
    }
}
