package org.jevse.energy.manager;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jevse.energy.alloc.LimitWindow;
import org.jevse.energy.alloc.AllocatorSettings;
import org.jevse.energy.alloc.NodeSpec;
import org.jevse.energy.mqtt.MqttLink;

/**
 * The energy manager's {@link EnergyManagerFile} (read and checked by the config module's loader) as the allocation's own types: the file
 * speaks WARP's units (A in the tree, mA and seconds in the settings), the allocation mA and milliseconds.
 */
public final class ManagerSettings {

    /** Not a WARP option: headroom before a 1→3 phase switch, as the allocation has always used. */
    private static final int PHASE_UP_HEADROOM_MA = 2000;

    private ManagerSettings() {
    }

    public static List<NodeSpec> nodeSpecs(EnergyManagerFile file) {
        return file.nodes().stream()
                .map(n -> new NodeSpec(n.id(), n.parent().isEmpty() ? null : n.parent(), new int[] {
                        ma(n.limitsA().get(0)), ma(n.limitsA().get(1)), ma(n.limitsA().get(2))}))
                .toList();
    }

    /**
     * The chargers. An OCPP charger's grant is counted for its schedule (ocpp_server.valid_for_s) plus
     * ocpp_server.fallback_margin_s: the charger may draw it until it re-evaluates its schedule, which some do late.
     */
    public static List<ManagerCore.ChargerSpec> chargerSpecs(EnergyManagerFile file) {
        java.util.Set<String> ocpp = new java.util.HashSet<>();
        file.ocppServer().chargers().forEach(c -> c.connectors().forEach(k -> ocpp.add(k.leaf())));
        long ocppValidForMs = ocppLeaseMs(file.ocppServer());
        return file.chargers().stream()
                .map(c -> new ManagerCore.ChargerSpec(c.id(), c.node(), c.rotation(), ma(c.maxCurrentA()),
                        file.ocppServer().enabled() && ocpp.contains(c.id()) ? ocppValidForMs : 0, c.priority()))
                .toList();
    }

    /** The nodes' time-of-day windows, by node id (nodes without a schedule are left out). */
    public static Map<String, List<LimitWindow>> schedules(EnergyManagerFile file) {
        Map<String, List<LimitWindow>> out = new LinkedHashMap<>();
        for (EnergyManagerFile.Node n : file.nodes()) {
            if (!n.schedule().isEmpty()) {
                out.put(n.id(), n.schedule().stream().map(EnergyManagerFile.Window::window).toList());
            }
        }
        return out;
    }

    /** The windows' time zone: time_zone, or the system's when it is empty. */
    public static ZoneId zone(EnergyManagerFile file) {
        return file.timeZone().isEmpty() ? ZoneId.systemDefault() : ZoneId.of(file.timeZone());
    }

    /** How long an OCPP grant is counted: its schedule (valid_for_s) plus the charger's fallback margin. */
    public static long ocppLeaseMs(OcppServerSection ocpp) {
        return (ocpp.validForS() + ocpp.fallbackMarginS()) * 1000L;
    }

    public static AllocatorSettings allocatorSettings(EnergyManagerFile file) {
        return new AllocatorSettings(file.minimumCurrentAuto(), file.minimumCurrentVehicleType(), file.minimumCurrent(),
                file.minimumCurrent1p(), file.requestedCurrentThreshold() * 1000L, file.requestedCurrentMargin(),
                file.rotationIntervalS() * 1000L, file.activationWindowS() * 1000L, file.switchOnHysteresisS() * 1000L,
                file.phaseSwitchHysteresisS() * 1000L, file.maxPhaseSwitchesPerSession(), PHASE_UP_HEADROOM_MA);
    }

    /** The file's PEM paths; empty ones are "not set", which MqttLink.Tls understands as such. */
    public static MqttLink.Tls tls(EnergyManagerFile file) {
        return new MqttLink.Tls(file.caFile(), file.clientCertFile(), file.clientKeyFile());
    }

    static int ma(double amps) {
        return (int) Math.round(amps * 1000);
    }
}
