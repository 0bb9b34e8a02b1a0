package org.jevse.evse.core;

import org.jevse.config.EvseConfig;
import org.jevse.config.SwitchCpState;

/**
 * Turns the session machine's state into wishes for the {@link IecLayer}: a pilot current, X1 or F, consent to
 * power, the lock and the hardware over-current threshold. Wishes only: the IEC layer decides what reaches the board.
 */
final class PilotDrive {

    private final EvseConfig cfg;
    private final IecLayer iec;

    PilotDrive(EvseConfig cfg, IecLayer iec) {
        this.cfg = cfg;
        this.iec = iec;
    }

    /**
     * @param session  the running session, or null
     * @param wantedA  the current the session would offer now
     * @param faultF   a fault while charging holds F (IEC 61851-1:2017 Table A.5)
     */
    void drive(EvseState state, ActiveSession session, double wantedA, boolean faultF, long now, CoreOutput out) {
        switch (state) {
            case Disabled -> show(false, Show.F, wantedA, now, out);
            case Idle, WaitingForAuthentication, ChargingPausedEVSE, Finished -> show(false, Show.X1, wantedA, now, out);
            case PrepareCharging -> show(true, session.wakeup.pulsing() ? Show.F : Show.PWM, wantedA, now, out);
            case Charging, ChargingPausedEV -> show(true, Show.PWM, wantedA, now, out);
            // Graceful: the EV leaves C, or the C1 timeout opens under load.
            case StoppingCharging -> show(true, Show.X1, wantedA, now, out);
            case SwitchPhases -> {
                boolean holding = session.phaseSwitch.holding();
                show(!holding, holding && cfg.switch3ph1phCpState() == SwitchCpState.F ? Show.F : Show.X1, wantedA,
                        now, out);
            }
            case Faulted -> show(false, faultF ? Show.F : Show.X1, wantedA, now, out);
        }
        // IEC 61851-1:2019 D.6.5: locked while a session runs (from B unless lock_connector_in_state_b is off).
        // OCPP 1.6 §5.18: after an UnlockConnector the cable must come out, so the lock stays open (power is off:
        // the transaction was stopped first, and the IEC layer never unlocks with the contactor closed).
        iec.wantLock(session != null && (cfg.lockConnectorInStateB() || iec.cp().requestsPower())
                && !(cfg.unlockWhenDeauthorized() && !session.authorized) && !session.unlockRequested, now, out);
    }

    private enum Show { F, X1, PWM }

    private void show(boolean consent, Show pilot, double wantedA, long now, CoreOutput out) {
        iec.consent(consent, now, out);
        switch (pilot) {
            case F -> iec.wantF(now, out);
            case X1 -> iec.wantX1(now, out);
            case PWM -> iec.wantPwm(wantedA, now, out);
        }
    }
}
