package org.jevse.ocpp.e2e;

import org.jevse.ocpp.cp.CoreKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jevse.ocpp.session.ClientThread;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.StandardKeys;
import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.cp.Security;
import org.jevse.ocpp.security.AuthorizationKey;
import org.jevse.ocpp.security.CertificateStore;
import org.jevse.ocpp.security.CertificateTransport;
import org.jevse.ocpp.security.SecurityEvent;
import org.jevse.ocpp.security.SecurityLog;
import org.jevse.ocpp.security.RestartRecord;
import org.jevse.ocpp.security.SecurityProfile;
import org.jevse.ocpp.security.SecuritySettings;
import org.jevse.ocpp.security.ops.SecurityEventNotifications;
import org.jevse.ocpp.store.AvailabilityStore;
import org.jevse.ocpp.store.TransactionStore;
import org.jevse.ocpp.testkit.CsmsPeer;
import org.jevse.ocpp.testkit.FakeHost;
import org.jevse.ocpp.testkit.OpenSsl;
import org.jevse.ocpp.testkit.Schemas;
import org.jevse.ocpp.testkit.TestChargePoint;
import org.jevse.ocpp.transport.WebSocketTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SecurityEventNotification (Security Whitepaper ed. 2 A04) against ocpp-rpc in strict mode: critical events are
 * queued on disk while the Central System is unreachable, survive a restart of the client and are delivered once,
 * in order; every event is in the security log.
 */
class SecurityEventsE2ETest {
    @TempDir
    Path dir;

    private static List<String> eventTypes(CsmsPeer peer) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : peer.calls("SecurityEventNotification")) {
            out.add(c.path("params").path("type").asText());
        }
        return out;
    }

    @Test
    void criticalEventsRaisedOfflineSurviveARestartAndAreDeliveredOnceInOrder() throws Exception {
        try (CsmsPeer peer = CsmsPeer.start()) {
            SecurityLog log = new SecurityLog(dir.resolve("security"));
            TestChargePoint first = new TestChargePoint(peer.uri(), "CP-SEC", dir.resolve("cp"));
            SecurityEventNotifications events = SecurityEventNotifications.start(first.cp, log,
                    RestartRecord.open(dir.resolve("security").resolve("last-run.json")));
            first.start();
            peer.await(e -> CsmsPeer.isCall("SecurityEventNotification").test(e)
                    && "StartupOfTheDevice".equals(e.path("params").path("type").asText()), "StartupOfTheDevice");
            Await.until(() -> first.cp.transactions().queuedSecurityEvents() == 0, "the answered event leaves the queue");

            peer.offline(true);
            Await.until(() -> !first.cp.connected(), "offline");
            events.raise(SecurityEvent.ResetOrReboot, "Reset Soft from the Central System");
            events.raise(SecurityEvent.InvalidMessages, "not critical: sent only when possible");
            events.raise(SecurityEvent.SettingSystemTime, "clock moved by 120 s");
            assertEquals(2, first.cp.transactions().queuedSecurityEvents(), "the two critical events are on disk");
            first.close();
            first.schemas.assertClean();

            // A new client on the same files: the queued events go out once the Central System is back.
            TestChargePoint second = new TestChargePoint(peer.uri(), "CP-SEC", dir.resolve("cp"));
            assertEquals(2, second.cp.transactions().queuedSecurityEvents(), "in the transaction journal");
            SecurityEventNotifications.start(second.cp, log, null);
            second.start();
            peer.offline(false);
            Await.until(() -> second.cp.transactions().queuedSecurityEvents() == 0, "the queued events are answered");
            // The peer's log of calls is read from its output apart from the WebSocket: wait until it shows them.
            Await.until(() -> eventTypes(peer).size() >= 3, "the peer logged the delivered events");
            second.close();
            assertEquals(List.of("StartupOfTheDevice", "ResetOrReboot", "SettingSystemTime"), eventTypes(peer),
                    "each critical event exactly once, in order; the non-critical one raised offline was not kept");
            second.schemas.assertClean();
            peer.assertNoInvalid();
            String text = new String(log.content(), StandardCharsets.UTF_8);
            for (String type : List.of("StartupOfTheDevice", "ResetOrReboot", "InvalidMessages", "SettingSystemTime")) {
                assertTrue(text.contains(" " + type), "security log has " + type + ": " + text);
            }
        }
    }

    @Test
    void aCsmsCertificateTheRootsDoNotTrustIsASecurityEvent() throws Exception {
        for (String ca : List.of("csms-ca", "trusted-ca")) {
            OpenSsl.run(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", ca + ".key",
                    "-out",
                    ca + ".pem", "-subj", "/CN=" + ca);
        }
        OpenSsl.run(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
                "/CN=localhost");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:localhost\n");
        OpenSsl.run(dir, "x509", "-req", "-in", "server.csr", "-CA", "csms-ca.pem", "-CAkey", "csms-ca.key",
                "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
        List<String> raised = new CopyOnWriteArrayList<>();
        ClientThread sched = new ClientThread("sec-tls");
        try (CsmsPeer peer = CsmsPeer.start("--password", "jevse-secret-key", "--tls",
                dir.resolve("server.pem").toString(), dir.resolve("server.key").toString())) {
            CertificateStore store = CertificateStore.open(dir.resolve("certs"), dir.resolve("trusted-ca.pem"), null);
            SecuritySettings sec = SecuritySettings.open(dir.resolve("security.json"),
                    AuthorizationKey.Encoding.HEX_DECODED, SecurityProfile.TLS_BASIC_AUTH, "jevse-secret-key");
            String uri = "wss://localhost:" + peer.port() + "/ocpp";
            CertificateTransport t = new CertificateTransport(ct -> new WebSocketTransport(
                    Security.settings(sec, () -> uri, "CP-TLS", ct::trustFile, ct::identity), 30), store,
                    System::currentTimeMillis, (e, info) -> raised.add(e.name()));
            ChargePoint cp = new ChargePoint(new ChargePoint.Identity("jevse", "tls", "SN", "0.1.0", null),
                    new ChargePoint.Timing(10_000, 200, 1_000, 100, 1_000), 1,
                    new Configuration(CoreKeys.of(1, 60, "Core", StandardKeys.Cable.SOCKET), null),
                    new TransactionStore(dir.resolve("q"), 100), new AvailabilityStore(null), t, sched,
                    new FakeHost(), new SplittableRandom(1));
            Schemas schemas = new Schemas();
            cp.addFrameTap(schemas::tap);
            cp.start();
            Await.until(() -> !raised.isEmpty(), "a security event for the refused server");
            assertEquals("InvalidCentralSystemCertificate", raised.get(0));
            assertEquals(0, cp.connectionCount());
            cp.stop().get(30, TimeUnit.SECONDS);
            schemas.assertClean();
            assertTrue(peer.calls().isEmpty(), "nothing reached the CSMS that the charger does not trust");
        } finally {
            sched.submit(sched::shutdown);
        }
    }
}
