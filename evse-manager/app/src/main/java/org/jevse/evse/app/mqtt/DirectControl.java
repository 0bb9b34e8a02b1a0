package org.jevse.evse.app.mqtt;

import org.jevse.evse.app.plugin.ChargerAccess;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.LimitSource;

/**
 * The MQTT API as the only source of control: a disable is the core's user limit of 0 A (so it lasts across
 * sessions and the CP stays in B, which evcc reads as "connected"), a current limit is the user limit, phases and
 * pauses go to the core as they are.
 */
final class DirectControl implements MqttControl {

    private final ChargerAccess charger;
    private volatile boolean enabled = true;
    private volatile Double limitA;

    DirectControl(ChargerAccess charger) {
        this.charger = charger;
    }

    @Override
    public synchronized void apply(SetCommand command) {
        if (command instanceof SetCommand.Enable e) {
            enabled = e.enabled();
            sendUserLimit();
        } else if (command instanceof SetCommand.MaxCurrent m) {
            limitA = m.amps();
            sendUserLimit();
        } else if (command instanceof SetCommand.Pause p) {
            charger.control(new ControlEvent.Pause(p.paused()));
        } else if (command instanceof SetCommand.Phases p && p.phases() != null) {
            charger.control(new ControlEvent.SwitchPhases(p.phases()));
        }
    }

    private void sendUserLimit() {
        double user = !enabled ? 0 : limitA == null ? -1 : limitA;
        charger.control(new ControlEvent.SetLimit(LimitSource.USER, user));
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public double maxCurrentA(double chargerMaxA) {
        Double l = limitA;
        return l == null ? chargerMaxA : Math.min(l, chargerMaxA);
    }
}
