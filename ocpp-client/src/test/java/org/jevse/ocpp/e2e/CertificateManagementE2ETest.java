package org.jevse.ocpp.e2e;

import org.jevse.ocpp.cp.CoreKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jevse.ocpp.session.ClientThread;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.StandardKeys;
import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.cp.Security;
import org.jevse.ocpp.security.AuthorizationKey;
import org.jevse.ocpp.security.CertificateStore;
import org.jevse.ocpp.security.CertificateTransport;
import org.jevse.ocpp.security.Pem;
import org.jevse.ocpp.security.SecurityLog;
import org.jevse.ocpp.security.SecurityProfile;
import org.jevse.ocpp.security.ops.SecurityEventNotifications;
import org.jevse.ocpp.security.SecuritySettings;
import org.jevse.ocpp.security.TlsContexts;
import org.jevse.ocpp.security.ops.CertificateManagement;
import org.jevse.ocpp.store.AvailabilityStore;
import org.jevse.ocpp.store.TransactionStore;
import org.jevse.ocpp.testkit.CsmsPeer;
import org.jevse.ocpp.testkit.FakeHost;
import org.jevse.ocpp.testkit.OpenSsl;
import org.jevse.ocpp.testkit.Schemas;
import org.jevse.ocpp.transport.WebSocketTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate management of the Security Whitepaper ed. 2 against ocpp-rpc (strict) behind a Node https server
 * that requires a client certificate (security profile 3). The Charge Point Operator's root CA is made by openssl
 * in the test; it signs the CSMS's server certificate and the charger's certificates.
 */
class CertificateManagementE2ETest {
    private static final String SERIAL = "SN-CERT-1";

    @TempDir
    Path dir;

    private final ClientThread sched = new ClientThread("cert-e2e");
    private final Schemas schemas = new Schemas();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private CsmsPeer peer;
    private ChargePoint cp;
    private CertificateStore store;

    /** Signs {@code csr} with CA {@code ca} into {@code out}, with the given serial (hex). */
    private void sign(String csr, String ca, String out, String serialHex, String san) throws Exception {
        Files.writeString(dir.resolve(out + ".ext"), "basicConstraints=CA:FALSE\n"
                + (san == null ? "" : "subjectAltName=" + san + "\n"));
        OpenSsl.run(dir, "x509", "-req", "-in", csr, "-CA", ca + ".pem", "-CAkey", ca + ".key", "-set_serial",
                "0x" + serialHex, "-out", out + ".pem", "-days", "2", "-extfile", out + ".ext");
    }

    private void leaf(String name, String cn, String ca, String serialHex, String san) throws Exception {
        OpenSsl.run(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=" + cn);
        sign(name + ".csr", ca, name, serialHex, san);
    }

    @BeforeEach
    void charger() throws Exception {
        OpenSsl.ca(dir, "cpo-root");
        OpenSsl.ca(dir, "other-ca");
        leaf("server", "localhost", "cpo-root", "5E1", "DNS:localhost,IP:127.0.0.1");
        leaf("factory", SERIAL, "cpo-root", "FAC7", null);
        peer = CsmsPeer.start("--tls", dir.resolve("server.pem").toString(), dir.resolve("server.key").toString(),
                "--client-ca", dir.resolve("cpo-root.pem").toString());
        store = CertificateStore.open(dir.resolve("certs"), dir.resolve("cpo-root.pem"),
                new TlsContexts.PemIdentity(dir.resolve("factory.pem"), dir.resolve("factory.key")));
        List<ConfigKey> keys = new ArrayList<>(CoreKeys.of(1, 60, "Core", StandardKeys.Cable.SOCKET));
        keys.addAll(CertificateManagement.keys(3, false));
        Configuration cfg = new Configuration(keys, null);
        cfg.setInternal(StandardKeys.CPO_NAME, "jevse test CPO");
        SecuritySettings sec = SecuritySettings.open(dir.resolve("security.json"),
                AuthorizationKey.Encoding.HEX_DECODED, SecurityProfile.TLS_CLIENT_CERTIFICATE, null);
        String uri = "wss://localhost:" + peer.port() + "/ocpp";
        CertificateTransport t = new CertificateTransport(ct -> new WebSocketTransport(
                Security.settings(sec, () -> uri, "CP-CERT", ct::trustFile, ct::identity), 30), store,
                System::currentTimeMillis, (e, info) -> { });
        cp = new ChargePoint(new ChargePoint.Identity("jevse", "cert", SERIAL, "0.1.0", null),
                new ChargePoint.Timing(10_000, 200, 1_000, 100, 1_000), 1, cfg,
                new TransactionStore(dir.resolve("queue"), 100), new AvailabilityStore(null), t, sched,
                new FakeHost(), new SplittableRandom(3));
        cp.addFrameTap(schemas::tap);
        cp.addFrameTap((d, text) -> {
            if (d == org.jevse.ocpp.session.RpcSession.Direction.SENT) {
                sent.add(text);
            }
        });
        SecurityEventNotifications events = SecurityEventNotifications.start(cp,
                new SecurityLog(dir.resolve("log")),
                org.jevse.ocpp.security.RestartRecord.open(dir.resolve("log").resolve("last-run.json")));
        CertificateManagement.install(cp, store, SERIAL, events, sec::profile);
        cp.start();
        Await.until(cp::online, "profile 3 connected with the factory certificate");
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (cp != null) {
                cp.stop().get(30, TimeUnit.SECONDS);
            }
            if (peer != null) {
                peer.assertNoInvalid();
            }
            schemas.assertClean();
        } finally {
            if (peer != null) {
                peer.close();
            }
            sched.submit(sched::shutdown);
        }
    }

    private static BigInteger serialOf(JsonNode connect) {
        return new BigInteger(connect.path("clientSerial").asText(), 16);
    }

    private List<JsonNode> connects(int n) {
        return peer.awaitCount(e -> "connect".equals(e.path("ev").asText()), n, n + " connection(s)");
    }

    private String certificateSigned(String pemFile) throws Exception {
        JsonNode r = peer.call("CertificateSigned", CsmsPeer.json("{}").put("certificateChain",
                Files.readString(dir.resolve(pemFile))));
        return r.path("result").path("status").asText();
    }

    private List<JsonNode> securityEvents(String type, int n) {
        return peer.awaitCount(e -> CsmsPeer.isCall("SecurityEventNotification").test(e)
                && type.equals(e.path("params").path("type").asText()), n, n + " " + type + " event(s)");
    }

    @Test
    void theCsmsRenewsTheChargePointCertificateAndTheChargerReconnectsWithIt() throws Exception {
        assertEquals(new BigInteger("FAC7", 16), serialOf(connects(1).get(0)), "first connection: factory certificate");

        JsonNode trigger = peer.call("ExtendedTriggerMessage",
                CsmsPeer.json("{\"requestedMessage\":\"SignChargePointCertificate\"}"));
        assertEquals("Accepted", trigger.path("result").path("status").asText());
        String csr = peer.awaitCall("SignCertificate").path("params").path("csr").asText();
        Files.writeString(dir.resolve("charger.csr"), csr);
        String subject = OpenSsl.run(dir, "req", "-in", "charger.csr", "-noout", "-verify", "-subject");
        assertTrue(subject.contains("O") && subject.contains("jevse test CPO") && subject.contains(SERIAL),
                "CSR subject has O = CpoName and CN = serial number: " + subject);

        // A certificate for another key is rejected, with a security event.
        leaf("foreign", SERIAL, "cpo-root", "BAD1", null);
        assertEquals("Rejected", certificateSigned("foreign.pem"));
        securityEvents("InvalidChargePointCertificate", 1);
        // The charger's CSR signed by a CA outside the operator's hierarchy: rejected too.
        sign("charger.csr", "other-ca", "wrong-chain", "BAD2", null);
        assertEquals("Rejected", certificateSigned("wrong-chain.pem"));
        securityEvents("InvalidChargePointCertificate", 2);
        assertEquals(1, connects(1).size(), "no reconnection after a rejected certificate");

        // The right one: stored, then the charger reconnects with it.
        sign("charger.csr", "cpo-root", "renewed", "5EC0DE", null);
        assertEquals("Accepted", certificateSigned("renewed.pem"));
        assertEquals(new BigInteger("5EC0DE", 16), serialOf(connects(2).get(1)),
                "the reconnection presents the new certificate");
        Await.until(() -> !Files.exists(dir.resolve("certs/charge-point/new.pem")), "the new certificate is current");
        assertEquals(new BigInteger("5EC0DE", 16), Pem.certificates(Files.readString(
                dir.resolve("certs/charge-point/current.pem"))).get(0).getSerialNumber());
        assertEquals(new BigInteger("FAC7", 16), Pem.certificates(Files.readString(
                dir.resolve("certs/charge-point/old.pem"))).get(0).getSerialNumber(), "the old one is kept");
        for (String frame : sent) {
            assertFalse(frame.contains("PRIVATE KEY"), "the private key never leaves the charger");
        }
    }

    @Test
    void rootCertificatesAreInstalledListedAndDeleted() throws Exception {
        JsonNode none = peer.call("GetInstalledCertificateIds",
                CsmsPeer.json("{\"certificateType\":\"ManufacturerRootCertificate\"}"));
        assertEquals("NotFound", none.path("result").path("status").asText());

        JsonNode installed = peer.call("InstallCertificate", CsmsPeer.json("{\"certificateType\":"
                + "\"ManufacturerRootCertificate\"}").put("certificate",
                        Files.readString(dir.resolve("other-ca.pem"))));
        assertEquals("Accepted", installed.path("result").path("status").asText());
        // A leaf certificate is not a root: Rejected (M05.FR.06), with a security event for a CSMS root.
        JsonNode leafRefused = peer.call("InstallCertificate", CsmsPeer.json("{\"certificateType\":"
                + "\"CentralSystemRootCertificate\"}").put("certificate", Files.readString(dir.resolve("server.pem"))));
        assertEquals("Rejected", leafRefused.path("result").path("status").asText());
        securityEvents("InvalidCentralSystemCertificate", 1);
        // CertificateStoreMaxLength is 3: the CSMS root and the manufacturer root leave room for one more.
        OpenSsl.ca(dir, "third");
        OpenSsl.ca(dir, "fourth");
        assertEquals("Accepted", peer.call("InstallCertificate", CsmsPeer.json("{\"certificateType\":"
                + "\"ManufacturerRootCertificate\"}").put("certificate", Files.readString(dir.resolve("third.pem"))))
                .path("result").path("status").asText());
        assertEquals("Rejected", peer.call("InstallCertificate", CsmsPeer.json("{\"certificateType\":"
                + "\"ManufacturerRootCertificate\"}").put("certificate", Files.readString(dir.resolve("fourth.pem"))))
                .path("result").path("status").asText(), "CertificateStoreMaxLength reached");

        JsonNode ids = peer.call("GetInstalledCertificateIds",
                CsmsPeer.json("{\"certificateType\":\"ManufacturerRootCertificate\"}"));
        assertEquals("Accepted", ids.path("result").path("status").asText());
        assertEquals(2, ids.path("result").path("certificateHashData").size());
        JsonNode first = ids.path("result").path("certificateHashData").get(0);
        JsonNode delete = CsmsPeer.json("{}").set("certificateHashData", first);
        assertEquals("Accepted", peer.call("DeleteCertificate", delete).path("result").path("status").asText());
        assertEquals("NotFound", peer.call("DeleteCertificate", delete).path("result").path("status").asText());
        assertEquals(1, peer.call("GetInstalledCertificateIds",
                CsmsPeer.json("{\"certificateType\":\"ManufacturerRootCertificate\"}"))
                .path("result").path("certificateHashData").size());

        // M04.FR.06: the only Central System root, in use by this TLS connection, is not deleted.
        JsonNode csms = peer.call("GetInstalledCertificateIds",
                CsmsPeer.json("{\"certificateType\":\"CentralSystemRootCertificate\"}"));
        assertEquals(1, csms.path("result").path("certificateHashData").size());
        assertEquals("Failed", peer.call("DeleteCertificate", CsmsPeer.json("{}").set("certificateHashData",
                csms.path("result").path("certificateHashData").get(0))).path("result").path("status").asText());

        // The configuration keys of §7.3-7.5 are there for the CSMS to read.
        JsonNode cfg = peer.call("GetConfiguration", CsmsPeer.json("{\"key\":[\"CertificateSignedMaxChainSize\","
                + "\"CertificateStoreMaxLength\",\"AdditionalRootCertificateCheck\",\"CpoName\"]}"));
        assertEquals(4, cfg.path("result").path("configurationKey").size(), cfg.toString());
    }
}
