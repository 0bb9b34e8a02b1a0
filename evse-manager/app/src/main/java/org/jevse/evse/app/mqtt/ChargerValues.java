package org.jevse.evse.app.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jevse.board.port.PowermeterValues;
import org.jevse.evse.app.plugin.StatusPart;
import org.jevse.evse.core.ActiveError;
import org.jevse.evse.core.PauseReason;
import org.jevse.evse.core.Status;

/**
 * What the MQTT API publishes for one moment of the charger: one payload per value topic ({@link ApiTopics#VALUES})
 * and the JSON status. Plain text payloads, so that evcc's and Home Assistant's MQTT readers take them as they are:
 * numbers in A, W and kWh, booleans as {@code true}/{@code false}, the CP state as its IEC 61851-1 letter.
 *
 * @param status     the core's status
 * @param meter      the powermeter's last reading, or null before the first
 * @param enabled    no source holds a disable claim
 * @param maxCurrent the current limit the API's claims ask for (A), or the charger's own maximum when none does
 * @param parts      what the plugins add to the status (the energy leaf, OCPP), as in the HTTP status
 */
public record ChargerValues(Status status, PowermeterValues meter, boolean enabled, double maxCurrent,
                            List<StatusPart> parts) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Per-value topic (relative to the charger's base) to payload, in {@link ApiTopics#VALUES} order. */
    public Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        double[] currents = currents();
        v.put("state", status.state().name());
        v.put("iec_state", status.cp().name());
        v.put("enabled", Boolean.toString(enabled));
        v.put("max_current", number(maxCurrent, 1));
        v.put("phases", Integer.toString(status.phases() == 1 ? 1 : 3));
        v.put("offered_current", number(status.offeredA(), 1));
        v.put("current", number(Math.max(currents[0], Math.max(currents[1], currents[2])), 2));
        v.put("currents/l1", number(currents[0], 2));
        v.put("currents/l2", number(currents[1], 2));
        v.put("currents/l3", number(currents[2], 2));
        v.put("power", number(powerW(), 0));
        v.put("energy", number(status.meterEnergyWh() / 1000, 3));
        v.put("session_energy", number(status.sessionEnergyWh() / 1000, 3));
        v.put("limit", status.binding() == null ? "" : status.binding().describe());
        return v;
    }

    /** The status topic's JSON object: every value above plus the pause reasons, errors, session and plugins' parts. */
    public byte[] statusJson() {
        ObjectNode o = JSON.createObjectNode();
        Map<String, String> v = values();
        o.put("state", v.get("state"));
        o.put("iec_state", v.get("iec_state"));
        ArrayNode pauses = o.putArray("pause_reasons");
        for (PauseReason r : status.pauseReasons()) {
            pauses.add(r.name());
        }
        o.put("enabled", enabled);
        o.put("max_current", Double.parseDouble(v.get("max_current")));
        o.put("phases", Integer.parseInt(v.get("phases")));
        o.put("offered_current", Double.parseDouble(v.get("offered_current")));
        o.put("contactor", status.contactorOn());
        ArrayNode currents = o.putArray("currents");
        for (String l : new String[] {"l1", "l2", "l3"}) {
            currents.add(Double.parseDouble(v.get("currents/" + l)));
        }
        o.put("power", Double.parseDouble(v.get("power")));
        o.put("energy", Double.parseDouble(v.get("energy")));
        o.put("session_energy", Double.parseDouble(v.get("session_energy")));
        o.put("session_id", status.sessionId() == null ? "" : status.sessionId());
        if (status.binding() != null) {
            ObjectNode limit = o.putObject("limit");
            limit.put("source", status.binding().source().label());
            limit.put("current", status.binding().amps());
            limit.put("text", status.binding().describe());
        }
        ArrayNode errors = o.putArray("errors");
        for (ActiveError e : status.errors()) {
            errors.add(e.code().name());
        }
        for (StatusPart p : parts) {
            if (o.has(p.name())) {
                throw new IllegalStateException("the status part " + p.name() + " would hide a field of the status");
            }
            ObjectNode part = JSON.valueToTree(p.fields());
            part.put("text", p.text());
            o.set(p.name(), part);
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Per phase in A: the meter's where it has read, else the core's drawn current on the phases in use. */
    double[] currents() {
        if (meter != null && meter.currentA() != null) {
            return new double[] {meter.currentA().l1(), meter.currentA().l2(), meter.currentA().l3()};
        }
        double d = status.drawnA();
        return status.phases() == 1 ? new double[] {d, 0, 0} : new double[] {d, d, d};
    }

    private double powerW() {
        return meter == null ? 0 : meter.powerW();
    }

    private static String number(double value, int decimals) {
        double f = Math.pow(10, decimals);
        double r = Math.round(value * f) / f;
        if (r == Math.rint(r)) {
            return Long.toString((long) r);
        }
        return java.math.BigDecimal.valueOf(r).stripTrailingZeros().toPlainString();
    }
}
