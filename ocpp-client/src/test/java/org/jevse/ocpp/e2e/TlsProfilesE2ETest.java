package org.jevse.ocpp.e2e;

import org.jevse.ocpp.cp.CoreKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jevse.ocpp.session.ClientThread;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.StandardKeys;
import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.cp.Security;
import org.jevse.ocpp.security.AuthorizationKey;
import org.jevse.ocpp.security.SecurityProfile;
import org.jevse.ocpp.security.SecuritySettings;
import org.jevse.ocpp.security.TlsContexts;
import org.jevse.ocpp.store.AvailabilityStore;
import org.jevse.ocpp.store.TransactionStore;
import org.jevse.ocpp.testkit.CsmsPeer;
import org.jevse.ocpp.testkit.FakeHost;
import org.jevse.ocpp.testkit.OpenSsl;
import org.jevse.ocpp.testkit.Schemas;
import org.jevse.ocpp.transport.WebSocketTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security profiles 2 (Basic auth over TLS) and 3 (mutual TLS) through the whole client against ocpp-rpc behind a
 * Node https server, with certificates made by openssl for the test. A CSMS whose certificate the configured CA
 * did not sign is refused.
 */
class TlsProfilesE2ETest {

    @TempDir
    Path dir;

    private void leaf(String name, String cn, String ca, String san) throws Exception {
        OpenSsl.run(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj",
                "/CN=" + cn);
        Files.writeString(dir.resolve(name + ".ext"), san == null ? "basicConstraints=CA:FALSE\n"
                : "basicConstraints=CA:FALSE\nsubjectAltName=" + san + "\n");
        OpenSsl.run(dir, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
                "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private ChargePoint client(String uri, int profile, String key, Path caFile,
                               Optional<TlsContexts.PemIdentity> identity, ClientThread sched,
                               Schemas schemas, String tag) throws Exception {
        Configuration cfg = new Configuration(CoreKeys.of(1, 60, "Core", StandardKeys.Cable.SOCKET), null);
        SecuritySettings sec = SecuritySettings.open(dir.resolve("security-" + tag + ".json"),
                AuthorizationKey.Encoding.HEX_DECODED, SecurityProfile.of(profile), key);
        WebSocketTransport t = new WebSocketTransport(Security.settings(sec, () -> uri, "CP-" + tag, caFile, identity),
                30);
        ChargePoint cp = new ChargePoint(new ChargePoint.Identity("jevse", "tls", null, "0.1.0", null),
                new ChargePoint.Timing(10_000, 200, 1_000, 100, 1_000), 1, cfg,
                new TransactionStore(dir.resolve("q-" + tag), 100), new AvailabilityStore(null), t, sched,
                new FakeHost(), new SplittableRandom(1));
        cp.addFrameTap(schemas::tap);
        return cp;
    }

    @Test
    void profiles2And3ConnectAndAForeignServerIsRefused() throws Exception {
        OpenSsl.ca(dir, "csms-ca");
        OpenSsl.ca(dir, "other-ca");
        OpenSsl.ca(dir, "cp-ca");
        leaf("server", "localhost", "csms-ca", "DNS:localhost,IP:127.0.0.1");
        leaf("client", "CP-SP3", "cp-ca", null);
        ClientThread sched = new ClientThread("tls");
        Schemas schemas = new Schemas();
        try (CsmsPeer sp2 = CsmsPeer.start("--password", "jevse-secret-key", "--tls",
                dir.resolve("server.pem").toString(), dir.resolve("server.key").toString())) {
            String uri = "wss://localhost:" + sp2.port() + "/ocpp";
            ChargePoint cp = client(uri, 2, "jevse-secret-key", dir.resolve("csms-ca.pem"), Optional.empty(), sched,
                    schemas, "SP2");
            cp.start();
            Await.until(cp::online, "profile 2 connected");
            cp.stop();

            ChargePoint foreign = client(uri, 2, "jevse-secret-key", dir.resolve("other-ca.pem"), Optional.empty(),
                    sched, schemas, "FOREIGN");
            foreign.start();
            // The handshake fails and the client tries again: after the second attempt, none has opened.
            Await.until(() -> foreign.session().connectAttempts() >= 2, "a second connection attempt");
            assertEquals(0, foreign.connectionCount(), "a server the CA did not sign is never trusted");
            assertFalse(foreign.online());
            assertEquals(1, sp2.calls("BootNotification").size());
            foreign.stop();
            sp2.assertNoInvalid();
        }
        try (CsmsPeer sp3 = CsmsPeer.start("--tls", dir.resolve("server.pem").toString(),
                dir.resolve("server.key").toString(), "--client-ca", dir.resolve("cp-ca.pem").toString())) {
            String uri = "wss://localhost:" + sp3.port() + "/ocpp";
            ChargePoint cp = client(uri, 3, null, dir.resolve("csms-ca.pem"), Optional.of(new TlsContexts.PemIdentity(
                    dir.resolve("client.pem"), dir.resolve("client.key"))), sched, schemas, "SP3");
            cp.start();
            Await.until(cp::online, "profile 3 connected");
            assertEquals("CP-SP3", sp3.await(e -> "connect".equals(e.path("ev").asText()), "connect")
                    .path("clientCn").asText());
            cp.stop();
            sp3.assertNoInvalid();
        } finally {
            sched.submit(sched::shutdown);
        }
        schemas.assertClean();
    }
}
