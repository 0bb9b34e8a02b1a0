package org.jevse.config;

/**
 * How a part of the charger reaches its MQTT broker: the URL, the credentials, the TLS files and the packet limit.
 * The MQTT API ({@code mqtt:}) and the energy leaf ({@code energy:}) each have these keys in their own section
 * ({@link Key#inline()}), declared once here; both may name the same broker.
 */
public record BrokerConnection(
        @Key(name = "broker_url", def = "''", jevse = true,
             doc = "MQTT broker, e.g. tcp://127.0.0.1:1883 or ssl://broker:8883; mqtt and energy may name the same one. With ssl:// the broker is checked against ca_file, or the JVM's trust store if ca_file is empty; its certificate must name the URL's host. Empty: no connection (no MQTT API in mqtt, no energy tree in energy).")
        String brokerUrl,
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
             doc = "The largest MQTT packet in bytes this connection receives or sends. Announced to the broker in CONNECT (MQTT 5 Maximum Packet Size), so the broker never delivers a larger message to this charger; a larger one that arrives anyway closes the connection. The energy contract's messages are under 1 KiB; the API's set commands are a few bytes and its JSON status under 2 KiB.")
        int maximumPacketSize) {

    /** True if a broker is configured (an empty URL turns the part off). */
    public boolean configured() {
        return !brokerUrl.isEmpty();
    }
}
