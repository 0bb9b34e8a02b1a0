package org.jevse.evse.app.ocpp;

import org.jevse.evse.core.ChargerInput;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.evse.app.plugin.ChargerAccess;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.LimitSource;
import org.jevse.evse.core.Status;
import org.jevse.ocpp.smartcharging.ConnectorPhases;
import org.jevse.ocpp.smartcharging.PhaseLimit;

/**
 * The OCPP composite limit into the charger core (docs/ocpp.md, Smart charging). The limit and GetCompositeSchedule
 * are evaluated with {@link #phases()}: the phases the core uses, and what the board can switch to now. The core
 * gets the limit as its OCPP limit (A per phase on the phases in use, so a W limit holds whatever the phase count)
 * and is asked to switch down when the limits allow fewer phases than it uses (and back up when that restriction
 * ends); from then on the limit it gets is the composite schedule's first period. A later phase choice (the energy
 * tree's) stands until the next change.
 */
final class ChargerLimit implements ChargerListener {
    private final ChargerAccess charger;
    private final HardwareCapabilities caps;
    private volatile ConnectorPhases phases;
    private volatile Runnable reevaluate = () -> { };
    /** The phase count last asked of the core (OCPP client thread). */
    private int askedPhases;

    ChargerLimit(ChargerAccess charger) {
        this.charger = charger;
        this.caps = charger.core().capabilities();
        this.phases = phases(caps, charger.status());
    }

    /**
     * What the board can do now: switch between its phase counts unless it cannot while a session runs (the core
     * refuses such a switch too).
     */
    static ConnectorPhases phases(HardwareCapabilities caps, Status s) {
        boolean canSwitchNow = caps.canSwitchPhases()
                && (caps.supportsChangingPhasesWhileCharging() || s.sessionId() == null);
        return canSwitchNow ? new ConnectorPhases(s.phases(), caps.minPhases(), caps.maxPhases())
                : ConnectorPhases.fixed(s.phases());
    }

    ConnectorPhases phases() {
        return phases;
    }

    /** What re-evaluates the limit when the phases change. */
    void reevaluateWith(Runnable r) {
        reevaluate = r;
    }

    /** A new OCPP limit (on the OCPP client thread). */
    void apply(PhaseLimit limit) {
        charger.control(new ControlEvent.SetLimit(LimitSource.OCPP,
                Double.isInfinite(limit.amps()) ? -1 : limit.amps()));
        int n = limit.phases();
        int before = askedPhases;
        askedPhases = n;
        // Down when the limits allow fewer phases than are in use; back up when such a restriction ends. Other
        // phase choices are the energy tree's.
        boolean restrict = n < phases.inUse();
        boolean lift = before != 0 && before < n && n > phases.inUse();
        if (n != before && (restrict || lift)) {
            charger.control(new ControlEvent.SwitchPhases(n));
        }
    }

    @Override
    public void onStepEnd(long tMs, ChargerInput input) {
        ConnectorPhases now = phases(caps, charger.status());
        if (!now.equals(phases)) {
            phases = now;
            reevaluate.run();
        }
    }
}
