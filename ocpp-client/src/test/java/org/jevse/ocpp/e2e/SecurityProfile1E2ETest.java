package org.jevse.ocpp.e2e;

import org.jevse.ocpp.cp.CoreKeys;
import static org.jevse.ocpp.testkit.CsmsPeer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.jevse.ocpp.store.AvailabilityStore;
import org.jevse.ocpp.store.TransactionStore;
import org.jevse.ocpp.testkit.CsmsPeer;
import org.jevse.ocpp.testkit.FakeHost;
import org.jevse.ocpp.testkit.Schemas;
import org.jevse.ocpp.transport.WebSocketTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security profile 1 through the client against ocpp-rpc checking the Basic password: the right key connects,
 * the key is never readable, the profile cannot be lowered, and a wrong key is refused by the CSMS.
 */
class SecurityProfile1E2ETest {

    @TempDir
    Path dir;

    private ChargePoint client(String uri, String key, Schemas schemas, ClientThread sched) throws Exception {
        Configuration cfg = new Configuration(CoreKeys.of(1, 60, "Core", StandardKeys.Cable.SOCKET),
                dir.resolve("config.json"));
        SecuritySettings sec = SecuritySettings.open(dir.resolve("security-" + key + ".json"),
                AuthorizationKey.Encoding.HEX_DECODED, SecurityProfile.of(1), key);
        WebSocketTransport t = new WebSocketTransport(Security.settings(sec, () -> uri, "CP-SP1", null,
                Optional.empty()), 30);
        ChargePoint cp = new ChargePoint(new ChargePoint.Identity("jevse", "sp1", null, "0.1.0", null),
                new ChargePoint.Timing(10_000, 100, 1_000, 100, 1_000), 1, cfg,
                new TransactionStore(dir.resolve("q-" + key), 100), new AvailabilityStore(null), t, sched, new FakeHost(), new SplittableRandom(1));
        Security.install(cp, sec, () -> new SecuritySettings.Prerequisites(false, false, false),
                (event, info) -> { });
        cp.addFrameTap(schemas::tap);
        return cp;
    }

    @Test
    void basicAuthWithTheAuthorizationKey() throws Exception {
        ClientThread sched = new ClientThread("sp1");
        Schemas schemas = new Schemas();
        try (CsmsPeer csms = CsmsPeer.start("--password", "jevse-secret-key")) {
            ChargePoint good = client(csms.uri(), "jevse-secret-key", schemas, sched);
            good.start();
            Await.until(good::online, "connected with the right key");
            assertEquals("1", csms.call("GetConfiguration", json("{\"key\":[\"SecurityProfile\"]}"))
                    .path("result").path("configurationKey").get(0).path("value").asText());
            assertEquals("AuthorizationKey", csms.call("GetConfiguration", json("{\"key\":[\"AuthorizationKey\"]}"))
                    .path("result").path("unknownKey").get(0).asText());
            assertEquals("Rejected", csms.call("ChangeConfiguration",
                    json("{\"key\":\"SecurityProfile\",\"value\":\"0\"}")).path("result").path("status").asText());
            assertEquals("Rejected", csms.call("ChangeConfiguration",
                    json("{\"key\":\"AuthorizationKey\",\"value\":\"short\"}")).path("result").path("status").asText());
            good.stop();

            ChargePoint bad = client(csms.uri(), "wrong-secret-key", schemas, sched);
            bad.start();
            csms.await(e -> "rejected".equals(e.path("ev").asText()) && "password".equals(e.path("why").asText()),
                    "the wrong key refused");
            assertTrue(!bad.online());
            bad.stop();
            schemas.assertClean();
            csms.assertNoInvalid();
        } finally {
            sched.submit(sched::shutdown);
        }
    }
}
