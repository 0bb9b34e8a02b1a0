package org.jevse.config;


/**
 * The charger's energy-tree leaf. With an empty {@code broker_url} there is no energy tree and the leaf adds no
 * limit. Owned by the energy-tree work (docs/energy-tree.md).
 */
public record EnergyConfig(
        @Key(name = "broker_url", def = "''", jevse = true,
             doc = "MQTT broker of the energy tree, e.g. tcp://127.0.0.1:1883 or ssl://broker:8883. With ssl:// the broker is checked against ca_file, or the JVM's trust store if ca_file is empty; its certificate must name the URL's host. Empty: no energy tree.")
        String brokerUrl,
        @Key(name = "leaf_id", def = "''", jevse = true,
             doc = "This charger's id in the energy tree (the energy manager's chargers[].id), a level of its MQTT topics: 1 to 64 characters without / + # or control characters. Empty: the evse.evse_id, which must then follow the same rule.")
        String leafId,
        @Key(name = "failsafe_current_A", def = "0", min = 0, max = 80, jevse = true,
             doc = "Current per phase when the lease has expired or the parent was never heard. 0 pauses the session (WARP's alternative: a default current).")
        double failsafeCurrentA,
        @Key(name = "topic_prefix", def = "jevse", jevse = true,
             doc = "MQTT topic prefix shared with the energy manager: the leaf publishes PREFIX/energy/LEAF_ID/status and subscribes to PREFIX/energy/LEAF_ID/allocation.")
        String topicPrefix,
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
             doc = "PEM private key of client_certificate_file: unencrypted PKCS#8 (BEGIN PRIVATE KEY), RSA or EC. Convert others with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8")
        String clientKeyFile,
        @Key(name = "maximum_packet_size", def = "16384", min = 4096, max = 4194304, jevse = true,
             doc = "The largest MQTT packet in bytes the leaf receives or sends. Announced to the broker in CONNECT (MQTT 5 Maximum Packet Size), so the broker never delivers a larger message to this charger; a larger one that arrives anyway closes the connection. The contract's messages are under 1 KiB.")
        int maximumPacketSize) {

    public EnergyConfig {
        if (!leafId.isEmpty()) {
            TopicLevel.require("leaf_id", leafId); // a level of the leaf's topics (PREFIX/energy/LEAF_ID/status)
        }
    }
}
