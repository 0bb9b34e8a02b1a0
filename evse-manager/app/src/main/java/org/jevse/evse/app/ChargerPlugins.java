package org.jevse.evse.app;

import java.util.ArrayList;
import java.util.List;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.control.ControlClaims;
import org.jevse.evse.app.plugin.ChargerPlugin;

/** The plugins a configuration asks for. The one place where optional parts are chosen. */
final class ChargerPlugins {
    private ChargerPlugins() {
    }

    /** {@code claims}: the charger's control claims, shared by every plugin that takes control from users. */
    static List<ChargerPlugin> forConfig(JevseConfig cfg, ControlClaims claims) {
        List<ChargerPlugin> plugins = new ArrayList<>();
        // energy: an energy-tree leaf when energy.broker_url is set (docs/energy-tree.md).
        if (!cfg.energy().brokerUrl().isEmpty()) plugins.add(new org.jevse.evse.app.energy.EnergyLeafPlugin(cfg));
        // ocpp: an OCPP 1.6J client when ocpp.central_system_uri is set (docs/ocpp.md).
        if (!cfg.ocpp().centralSystemUri().isEmpty()) plugins.add(new org.jevse.evse.app.ocpp.OcppPlugin(cfg));
        // mqtt: the MQTT status and control API when mqtt.broker_url is set (docs/api.md).
        if (!cfg.mqtt().brokerUrl().isEmpty()) plugins.add(new org.jevse.evse.app.mqtt.MqttApiPlugin(cfg, claims));
        return plugins;
    }
}
