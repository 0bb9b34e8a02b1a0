package org.jevse.evse.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.chargelog.ChargeLog;
import org.jevse.evse.app.chargelog.TagStore;
import org.jevse.evse.app.control.ControlClaims;
import org.jevse.evse.app.plugin.ChargerPlugin;
import org.jevse.evse.app.plugin.StatusPart;

/** The plugins a configuration asks for. The one place where optional parts are chosen. */
final class ChargerPlugins {
    private ChargerPlugins() {
    }

    /**
     * @param claims    the charger's control claims, shared by every plugin that takes control from users
     * @param tags      the accepted tags with their users (auth.local_list and auth.tags_file)
     * @param chargeLog the charge log, or null when none is kept
     */
    static List<ChargerPlugin> forConfig(JevseConfig cfg, ControlClaims claims, TagStore tags, ChargeLog chargeLog,
                                         org.jevse.board.time.TimeSource time) {
        List<ChargerPlugin> plugins = new ArrayList<>();
        // What the plugins add to the status (energy, ocpp), for the APIs that show it.
        AtomicReference<List<ChargerPlugin>> all = new AtomicReference<>(List.of());
        Supplier<List<StatusPart>> parts = () -> all.get().stream().map(ChargerPlugin::statusPart)
                .flatMap(Optional::stream).toList();
        // energy: an energy-tree leaf when energy.broker_url is set (docs/energy-tree.md).
        if (cfg.energy().broker().configured()) plugins.add(new org.jevse.evse.app.energy.EnergyLeafPlugin(cfg));
        // ocpp: an OCPP 1.6J client when ocpp.central_system_uri is set (docs/ocpp.md).
        if (!cfg.ocpp().centralSystemUri().isEmpty()) plugins.add(new org.jevse.evse.app.ocpp.OcppPlugin(cfg));
        // api: the HTTP API and the web page when api.listen is set (docs/api.md).
        if (!cfg.api().listen().isEmpty()) plugins.add(new org.jevse.evse.app.api.ApiPlugin(cfg, claims, tags,
                chargeLog, parts, time, line -> System.err.println("jevse: " + line)));
        // mqtt: the MQTT status and control API when mqtt.broker_url is set (docs/api.md).
        if (cfg.mqtt().broker().configured()) plugins.add(new org.jevse.evse.app.mqtt.MqttApiPlugin(cfg, claims, parts));
        all.set(List.copyOf(plugins));
        return plugins;
    }
}
