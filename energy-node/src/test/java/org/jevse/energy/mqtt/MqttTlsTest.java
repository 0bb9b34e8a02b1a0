package org.jevse.energy.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT links over TLS from PEM files (src/test/resources/tls, made by make-certs.sh there) against a real Mosquitto
 * with a TLS listener. Waits are bounded; "never connects" means "not within the wait", nothing asserts on timing.
 */
class MqttTlsTest {

    /** How long a link that must not connect gets to try: several attempts of its retry loop. */
    static final long REFUSED_WAIT_MS = 3_000;

    final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                // best effort
            }
        }
    }

    static String res(String name) {
        try {
            return Path.of(MqttTlsTest.class.getResource("/tls/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    MosquittoProcess broker(boolean requireCertificate) throws Exception {
        if (MosquittoProcess.binary().isEmpty()) {
            BrokerTests.startBroker(); // fails on CI, skips elsewhere
        }
        MosquittoProcess b = MosquittoProcess.start(new MosquittoProcess.TlsListener(Path.of(res("ca.pem")),
                Path.of(res("server.pem")), Path.of(res("server.key")), requireCertificate));
        toClose.add(b);
        return b;
    }

    MqttLink link(MosquittoProcess broker, String id, MqttLink.Tls tls) {
        MqttLink l = new MqttLink(broker.url(), id, "", "", null, tls);
        toClose.add(l);
        return l;
    }

    /** A connected subscriber to test/# that trusts the right CA; returns the payloads it receives. */
    List<String> subscriber(MosquittoProcess broker, MqttLink.Tls tls) throws InterruptedException {
        List<String> got = new CopyOnWriteArrayList<>();
        MqttLink sub = link(broker, "sub", tls);
        sub.subscribe("test/#", (topic, payload, expiry) -> got.add(new String(payload, StandardCharsets.UTF_8)));
        sub.start();
        assertTrue(BrokerTests.await(10_000, sub::isConnected), "the subscriber connects over TLS");
        return got;
    }

    @Test
    void withTheRightCaALinkConnectsOverSslAndAMessageArrives() throws Exception {
        MosquittoProcess broker = broker(false);
        assertTrue(broker.url().startsWith("ssl://127.0.0.1:"), broker.url());
        MqttLink.Tls tls = new MqttLink.Tls(res("ca.pem"), "", "");
        List<String> got = subscriber(broker, tls);
        MqttLink pub = link(broker, "pub", tls);
        pub.start();
        assertTrue(BrokerTests.await(10_000, pub::isConnected), "the publisher connects over TLS");
        // The subscription may still be on its way: publish until it arrives (bounded).
        assertTrue(BrokerTests.await(10_000, () -> {
            pub.publish("test/hello", "over TLS".getBytes(StandardCharsets.UTF_8), 1, false, 0);
            return got.contains("over TLS");
        }), "the message arrives: " + got);
    }

    @Test
    void withAnUnrelatedCaALinkNeverConnectsAndNothingArrives() throws Exception {
        MosquittoProcess broker = broker(false);
        List<String> got = subscriber(broker, new MqttLink.Tls(res("ca.pem"), "", ""));
        MqttLink wrong = link(broker, "wrong-ca", new MqttLink.Tls(res("other-ca.pem"), "", ""));
        wrong.start();
        assertFalse(BrokerTests.await(REFUSED_WAIT_MS, () -> {
            wrong.publish("test/hello", "should not arrive".getBytes(StandardCharsets.UTF_8), 1, false, 0);
            return wrong.isConnected();
        }), "a broker certificate from another CA is refused");
        assertEquals(List.of(), got);
    }

    @Test
    void whenTheBrokerRequiresACertificateOnlyAClientWithOneConnects() throws Exception {
        MosquittoProcess broker = broker(true);
        MqttLink.Tls mutual = new MqttLink.Tls(res("ca.pem"), res("client.pem"), res("client.key"));
        List<String> got = subscriber(broker, mutual);
        MqttLink anonymous = link(broker, "no-cert", new MqttLink.Tls(res("ca.pem"), "", ""));
        anonymous.start();
        assertFalse(BrokerTests.await(REFUSED_WAIT_MS, () -> {
            anonymous.publish("test/hello", "should not arrive".getBytes(StandardCharsets.UTF_8), 1, false, 0);
            return anonymous.isConnected();
        }), "a client without a certificate is refused");
        assertEquals(List.of(), got);
    }

    // --- start-up validation: one line naming the file (no broker needed) ---

    static IllegalArgumentException rejected(String url, MqttLink.Tls tls) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MqttLink(url, "bad", "", "", null, tls).close());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e;
    }

    static void assertContains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "\"" + p + "\" in: " + message);
        }
    }

    static final String URL = "ssl://127.0.0.1:8883";

    @Test
    void aMissingCaFileIsNamed() {
        String m = rejected(URL, new MqttLink.Tls("/nonexistent/ca.pem", "", "")).getMessage();
        assertEquals("CA file /nonexistent/ca.pem: no such file", m);
    }

    @Test
    void aCaFileWithoutCertificatesIsNamed(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("ca.pem"), "this is not a certificate\n");
        assertContains(rejected(URL, new MqttLink.Tls(garbage.toString(), "", "")).getMessage(), "CA file",
                garbage.toString());
        assertContains(rejected(URL, new MqttLink.Tls(res("server.key"), "", "")).getMessage(), "CA file",
                res("server.key"));
        Path truncated = Files.writeString(dir.resolve("cut.pem"),
                Files.readString(Path.of(res("ca.pem"))).substring(0, 200) + "\n-----END CERTIFICATE-----\n");
        assertContains(rejected(URL, new MqttLink.Tls(truncated.toString(), "", "")).getMessage(), "CA file",
                truncated.toString(), "not a valid PEM certificate");
    }

    @Test
    void aCertificateWithoutItsKeyOrAKeyWithoutItsCertificateIsNamed() {
        assertContains(rejected(URL, new MqttLink.Tls(res("ca.pem"), res("client.pem"), "")).getMessage(),
                "client certificate file " + res("client.pem") + " is set but the client key file");
        assertContains(rejected(URL, new MqttLink.Tls(res("ca.pem"), "", res("client.key"))).getMessage(),
                "client key file " + res("client.key") + " is set but the client certificate file is not");
    }

    @Test
    void aKeyNotInPkcs8GetsTheOpensslCommandToConvertIt(@TempDir Path dir) throws Exception {
        for (String type : List.of("RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY")) {
            Path key = Files.writeString(dir.resolve(type.replace(' ', '-') + ".pem"),
                    "-----BEGIN " + type + "-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
                            + "-----END " + type + "-----\n");
            String m = rejected(URL, new MqttLink.Tls(res("ca.pem"), res("client.pem"), key.toString()))
                    .getMessage();
            assertContains(m, "client key file " + key, "openssl pkcs8 -topk8 -nocrypt -in " + key + " -out " + key
                    + ".pk8");
        }
    }

    @Test
    void aMissingOrForeignOrBrokenKeyIsNamed(@TempDir Path dir) throws Exception {
        assertContains(rejected(URL, new MqttLink.Tls(res("ca.pem"), res("client.pem"), "/nonexistent/k.pem"))
                .getMessage(), "client key file /nonexistent/k.pem: no such file");
        assertContains(rejected(URL, new MqttLink.Tls(res("ca.pem"), res("client.pem"), res("ca.pem")))
                .getMessage(), "client key file " + res("ca.pem"), "no private key");
        assertContains(rejected(URL, new MqttLink.Tls(res("ca.pem"), res("client.pem"), res("server.key")))
                .getMessage(), "client key file " + res("server.key") + " is not the key of", res("client.pem"));
        Path broken = Files.writeString(dir.resolve("broken.key"),
                "-----BEGIN PRIVATE KEY-----\nAAAAAAAA\n-----END PRIVATE KEY-----\n");
        assertContains(rejected(URL, new MqttLink.Tls(res("ca.pem"), res("client.pem"), broken.toString()))
                .getMessage(), "client key file " + broken, "not a readable RSA or EC PKCS#8 private key");
        assertContains(rejected(URL, new MqttLink.Tls(res("ca.pem"), "/nonexistent/c.pem", res("client.key")))
                .getMessage(), "client certificate file /nonexistent/c.pem: no such file");
    }

    @Test
    void tlsFilesWithATcpUrlAreAnError() {
        assertContains(rejected("tcp://127.0.0.1:1883", new MqttLink.Tls(res("ca.pem"), "", "")).getMessage(),
                "tcp://127.0.0.1:1883", "ssl://");
    }

    @Test
    void rsaAndEcPkcs8KeysAreRead() {
        // client: RSA; server: EC (used here as a client identity only to read its key)
        new MqttLink(URL, "rsa", "", "", null, new MqttLink.Tls(res("ca.pem"), res("client.pem"), res("client.key")))
                .close();
        new MqttLink(URL, "ec", "", "", null, new MqttLink.Tls("", res("server.pem"), res("server.key"))).close();
        new MqttLink("tcp://127.0.0.1:1883", "plain", "", "", null, new MqttLink.Tls("", "", "")).close();
    }
}
