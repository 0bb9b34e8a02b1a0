package org.jevse.config;

/**
 * The charger's MQTT status and control API (docs/api.md, MQTT): retained state topics under
 * {@code TOPIC_PREFIX/CHARGER_ID/}, an availability topic with a last will, {@code set} topics, Home Assistant
 * discovery and the topics evcc's custom charger reads and writes (docs/evcc.md). With an empty {@code broker_url}
 * there is no MQTT API. The connection keys are those of the energy leaf ({@code energy:}), declared once in
 * {@link BrokerConnection}; both may name the same broker.
 */
public record MqttConfig(
        @Key(name = "broker", inline = true, doc = "The broker of the status and control API.")
        BrokerConnection broker,
        @Key(name = "charger_id", def = "''", jevse = true,
             doc = "This charger's level in the API's topics (TOPIC_PREFIX/CHARGER_ID/...): 1 to 64 characters without / + # or control characters. Empty: the evse.evse_id, which must then follow the same rule.")
        String chargerId,
        @Key(name = "topic_prefix", def = "jevse", jevse = true,
             doc = "The first levels of every topic of the API, e.g. jevse or home/garage (no + or #).")
        String topicPrefix,
        @Key(name = "discovery_prefix", def = "homeassistant", jevse = true,
             doc = "Home Assistant's MQTT discovery prefix: the charger announces its entities under DISCOVERY_PREFIX/COMPONENT/jevse_CHARGER_ID/OBJECT/config (retained). Empty: no discovery messages.")
        String discoveryPrefix) {

    public MqttConfig {
        if (!chargerId.isEmpty()) {
            TopicLevel.require("charger_id", chargerId); // a level of every topic of the API
        }
        if (topicPrefix.isEmpty() || topicPrefix.contains("+") || topicPrefix.contains("#")
                || topicPrefix.startsWith("/") || topicPrefix.endsWith("/")) {
            throw new IllegalArgumentException("topic_prefix " + Quoted.text(topicPrefix)
                    + " is not a topic prefix; allowed: one or more levels without + or # and no leading or trailing /");
        }
        if (discoveryPrefix.contains("+") || discoveryPrefix.contains("#")) {
            throw new IllegalArgumentException("discovery_prefix " + Quoted.text(discoveryPrefix)
                    + " has a wildcard; allowed: a topic prefix without + or #, or empty");
        }
    }
}
