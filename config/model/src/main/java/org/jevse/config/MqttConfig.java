package org.jevse.config;

/**
 * The charger's MQTT status and control API (docs/api.md, MQTT): retained state topics under
 * {@code TOPIC_PREFIX/CHARGER_ID/}, an availability topic with a last will, {@code set} topics, Home Assistant
 * discovery and the topics evcc's custom charger reads and writes (docs/evcc.md). With an empty {@code broker_url}
 * there is no MQTT API. The connection keys are those of the energy leaf ({@code energy:}); both may name the same
 * broker.
 */
public record MqttConfig(
        @Key(name = "broker_url", def = "''", jevse = true,
             doc = "MQTT broker of the status and control API, e.g. tcp://127.0.0.1:1883 or ssl://broker:8883 (the same broker as energy.broker_url is fine). With ssl:// the broker is checked against ca_file, or the JVM's trust store if ca_file is empty; its certificate must name the URL's host. Empty: no MQTT API.")
        String brokerUrl,
        @Key(name = "charger_id", def = "''", jevse = true,
             doc = "This charger's level in the API's topics (TOPIC_PREFIX/CHARGER_ID/...): 1 to 64 characters without / + # or control characters. Empty: the evse.evse_id, which must then follow the same rule.")
        String chargerId,
        @Key(name = "topic_prefix", def = "jevse", jevse = true,
             doc = "The first levels of every topic of the API, e.g. jevse or home/garage (no + or #).")
        String topicPrefix,
        @Key(name = "discovery_prefix", def = "homeassistant", jevse = true,
             doc = "Home Assistant's MQTT discovery prefix: the charger announces its entities under DISCOVERY_PREFIX/COMPONENT/jevse_CHARGER_ID/OBJECT/config (retained). Empty: no discovery messages.")
        String discoveryPrefix,
        @Key(name = "username", def = "''", jevse = true,
             doc = "MQTT user name. Empty: connect without credentials.")
        String username,
        @Key(name = "password", def = "''", jevse = true, secret = true,
             doc = "MQTT password (used with username).")
        String password,
        @Key(name = "ca_file", def = "''", jevse = true,
             doc = "PEM file with the CA certificate(s) that sign the broker's certificate (ssl:// only). Empty: the JVM's trust store.")
        String caFile,
        @Key(name = "client_certificate_file", def = "''", jevse = true,
             doc = "PEM certificate chain of this charger for brokers that require client certificates (mutual TLS; ssl:// only). Set together with client_key_file.")
        String clientCertFile,
        @Key(name = "client_key_file", def = "''", jevse = true,
             doc = "PEM private key of client_certificate_file: unencrypted PKCS#8 (BEGIN PRIVATE KEY), RSA or EC.")
        String clientKeyFile,
        @Key(name = "maximum_packet_size", def = "16384", min = 4096, max = 4194304, jevse = true,
             doc = "The largest MQTT packet in bytes the API receives or sends, announced to the broker in CONNECT (MQTT 5 Maximum Packet Size). A set command is a few bytes; the JSON status is under 2 KiB.")
        int maximumPacketSize) {

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
