package org.jevse.evse.app.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jevse.evse.core.EvseState;

/**
 * Home Assistant MQTT discovery for one charger: one retained config message per entity under
 * {@code DISCOVERY_PREFIX/COMPONENT/NODE_ID/OBJECT_ID/config}, each with the device block, the availability topic
 * and the origin, using only the configuration keys Home Assistant documents for the MQTT sensor, number, switch
 * and select (home-assistant.io, integrations sensor.mqtt, number.mqtt, switch.mqtt, select.mqtt; origin: mqtt,
 * "Discovery payload"). The state topics are the API's own retained value topics, so a discovered entity reads
 * exactly what any other client reads.
 */
public final class HomeAssistantDiscovery {

    /** One discovery message. */
    public record Message(String topic, byte[] payload) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String discoveryPrefix;
    private final ApiTopics topics;
    private final String version;
    private final double maxCurrentA;
    private final List<Integer> phaseOptions;

    /**
     * @param maxCurrentA  the top of the current limit's slider (the charger's maximum)
     * @param phaseOptions the phase counts the board can use, e.g. [1, 3]
     */
    public HomeAssistantDiscovery(String discoveryPrefix, ApiTopics topics, String version, double maxCurrentA,
                                  List<Integer> phaseOptions) {
        this.discoveryPrefix = discoveryPrefix;
        this.topics = topics;
        this.version = version;
        this.maxCurrentA = maxCurrentA;
        this.phaseOptions = List.copyOf(phaseOptions);
    }

    /**
     * The node id: "jevse_" and the charger id with every character outside {@code [A-Za-z0-9_-]} replaced by
     * {@code _} (Home Assistant accepts only those in the node and object ids of a discovery topic).
     */
    public String nodeId() {
        return "jevse_" + topics.chargerId().replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** Every entity's config message. */
    public List<Message> messages() {
        List<Message> m = new ArrayList<>();
        ObjectNode state = entity("state", "State", "state");
        state.put("device_class", "enum");
        var options = state.putArray("options");
        for (EvseState s : EvseState.values()) {
            options.add(s.name());
        }
        m.add(message("sensor", "state", state));
        m.add(message("sensor", "current", measurement("current", "Current", "current", "current", "A")));
        m.add(message("sensor", "power", measurement("power", "Power", "power", "power", "W")));
        ObjectNode energy = measurement("energy", "Energy", "energy", "energy", "kWh");
        energy.put("state_class", "total_increasing");
        m.add(message("sensor", "energy", energy));
        ObjectNode session = measurement("session_energy", "Session energy", "session_energy", "energy", "kWh");
        session.put("state_class", "total_increasing"); // falls back to 0 at each session: a meter reset to HA
        m.add(message("sensor", "session_energy", session));

        ObjectNode limit = entity("max_current", "Current limit", "max_current");
        limit.put("command_topic", topics.set("max_current"));
        limit.put("device_class", "current");
        limit.put("unit_of_measurement", "A");
        limit.put("min", 6);
        limit.put("max", maxCurrentA);
        limit.put("step", 1);
        limit.put("mode", "slider");
        m.add(message("number", "max_current", limit));

        ObjectNode enable = entity("enable", "Charging enabled", "enabled");
        enable.put("command_topic", topics.set("enable"));
        enable.put("payload_on", "true");
        enable.put("payload_off", "false");
        m.add(message("switch", "enable", enable));

        ObjectNode phases = entity("phases", "Phases", "phases");
        phases.put("command_topic", topics.set("phases"));
        var phaseList = phases.putArray("options");
        for (int p : phaseOptions) {
            phaseList.add(Integer.toString(p));
        }
        m.add(message("select", "phases", phases));
        return m;
    }

    private ObjectNode measurement(String object, String name, String value, String deviceClass, String unit) {
        ObjectNode o = entity(object, name, value);
        o.put("device_class", deviceClass);
        o.put("unit_of_measurement", unit);
        o.put("state_class", "measurement");
        return o;
    }

    /** What every entity has: name, unique id, state topic, availability, device and origin. */
    private ObjectNode entity(String object, String name, String value) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", name);
        o.put("unique_id", nodeId() + "_" + object);
        o.put("state_topic", topics.value(value));
        // The list form: the pages of all four components document it with its payloads.
        ObjectNode availability = o.putArray("availability").addObject();
        availability.put("topic", topics.availability());
        availability.put("payload_available", "online");
        availability.put("payload_not_available", "offline");
        ObjectNode device = o.putObject("device");
        device.putArray("identifiers").add(nodeId());
        device.put("name", "jevse " + topics.chargerId());
        device.put("manufacturer", "jevse");
        device.put("model", "jevse charger controller");
        device.put("sw_version", version);
        ObjectNode origin = o.putObject("origin");
        origin.put("name", "jevse");
        origin.put("sw_version", version);
        return o;
    }

    private Message message(String component, String object, ObjectNode config) {
        return new Message(discoveryPrefix + "/" + component + "/" + nodeId() + "/" + object + "/config",
                config.toString().getBytes(StandardCharsets.UTF_8));
    }
}
