package org.jevse.evse.app.mqtt;

/**
 * The topics of one charger's MQTT API (docs/api.md, MQTT), all under {@code PREFIX/CHARGER_ID/}: a JSON status,
 * one retained topic per value, the availability topic and the {@code set} topics.
 *
 * @param prefix    {@code mqtt.topic_prefix}, e.g. "jevse"
 * @param chargerId one topic level (checked by the configuration: no / + # or control characters)
 */
public record ApiTopics(String prefix, String chargerId) {

    /** The retained per-value topics, in the order they are documented and published. */
    public static final java.util.List<String> VALUES = java.util.List.of("state", "iec_state", "enabled",
            "max_current", "phases", "offered_current", "current", "currents/l1", "currents/l2", "currents/l3",
            "power", "energy", "session_energy", "limit");

    /** {@code PREFIX/CHARGER_ID}. */
    public String base() {
        return prefix + "/" + chargerId;
    }

    /** {@code online} or {@code offline} (retained; the last will says {@code offline}). */
    public String availability() {
        return base() + "/availability";
    }

    /** The whole status as one JSON object (retained). */
    public String status() {
        return base() + "/status";
    }

    /** One value, e.g. {@code value("power")} is {@code PREFIX/CHARGER_ID/power}. */
    public String value(String name) {
        return base() + "/" + name;
    }

    /** A command topic, e.g. {@code set("enable")}. */
    public String set(String name) {
        return base() + "/set/" + name;
    }

    /** The filter of every command topic. */
    public String anySet() {
        return base() + "/set/+";
    }

    /** The command's name in a topic under {@link #anySet()}, or null. */
    public String setName(String topic) {
        String head = base() + "/set/";
        return topic.startsWith(head) ? topic.substring(head.length()) : null;
    }
}
