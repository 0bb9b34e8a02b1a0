package org.jevse.ocpp.e2e;

import org.jevse.ocpp.cp.CoreKeys;
import static org.jevse.ocpp.testkit.CsmsPeer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
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
import org.jevse.ocpp.testkit.TestChargePoint;
import org.jevse.ocpp.transport.WebSocketTransport;
import org.jevse.ocpp.v16.StopTransactionReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every path that closes the connection waits for the answers to what was sent (OCPP 1.6 §5.14, errata 3.36):
 * a StopTransaction in flight when the charge point resets, reconnects with new security settings or stops is
 * answered on the old connection and never sent again. The CSMS (ocpp-rpc, strict) holds its answer back for
 * {@link #ANSWER_DELAY_MS}, so the close always comes while the answer is on its way.
 */
class ConnectionCloseE2ETest {
    private static final int ANSWER_DELAY_MS = 700;
    private static final String DELAYED_STOP_ANSWER = "{\"$delayMs\":" + ANSWER_DELAY_MS
            + ",\"idTagInfo\":{\"status\":\"Accepted\"}}";
    private static final String STOP_ANSWER = "{\"idTagInfo\":{\"status\":\"Accepted\"}}";

    @TempDir
    Path dir;

    /** Starts a transaction and waits until the CSMS's transactionId is known. */
    private static int startTransaction(ChargePoint cp) {
        cp.transactionStarted(1, "TAG-C", 100, System.currentTimeMillis(), null);
        Await.until(() -> cp.transactionId(1) != null, "the transactionId");
        return cp.transactionId(1);
    }

    /**
     * Waits until nothing is left to deliver, then makes a round trip to the CSMS, so every CALL the client sent
     * before is in the peer's event list.
     */
    private static void settle(CsmsPeer csms, ChargePoint cp) {
        Await.until(() -> cp.online() && !cp.busy(), "online with an empty queue");
        JsonNode r = csms.call("GetConfiguration", json("{\"key\":[\"HeartbeatInterval\"]}"));
        assertEquals("result", r.path("ev").asText(), r.toString());
    }

    @Test
    void aSoftResetDuringATransactionDeliversItsStopTransactionOnce() throws Exception {
        try (CsmsPeer csms = CsmsPeer.start(); TestChargePoint t = new TestChargePoint(csms.uri(), "CP-RESET", dir)) {
            // The charger's side of Reset, as the plugin does it: stop the transaction; the client restarts itself.
            t.host.onReset = type -> CompletableFuture.runAsync(() -> t.cp.transactionStopped(1, 250,
                    System.currentTimeMillis(), StopTransactionReason.SoftReset, null));
            t.start();
            Await.until(t.cp::online, "online");
            int id = startTransaction(t.cp);
            csms.respond("StopTransaction", json(DELAYED_STOP_ANSWER), json(STOP_ANSWER));

            assertEquals("Accepted", csms.call("Reset", json("{\"type\":\"Soft\"}")).path("result").path("status")
                    .asText());
            csms.awaitCount(CsmsPeer.isCall("BootNotification"), 2, "the BootNotification after the reset");
            settle(csms, t.cp);

            List<JsonNode> stops = csms.calls("StopTransaction");
            assertEquals(1, stops.size(), "StopTransaction reached the CSMS once: " + stops);
            assertEquals("SoftReset", stops.get(0).path("params").path("reason").asText());
            assertEquals(id, stops.get(0).path("params").path("transactionId").asInt());
            t.schemas.assertClean();
            csms.assertNoInvalid();
        }
    }

    @Test
    void aNewAuthorizationKeyReconnectsOnlyAfterTheAnswerToTheStopInFlight() throws Exception {
        ClientThread sched = new ClientThread("ocpp-sec");
        Schemas schemas = new Schemas();
        try (CsmsPeer csms = CsmsPeer.start()) {
            Configuration cfg = new Configuration(CoreKeys.of(1, 60, "Core", StandardKeys.Cable.SOCKET), dir.resolve("config.json"));
            SecuritySettings sec = SecuritySettings.open(dir.resolve("security.json"),
                    AuthorizationKey.Encoding.RAW, SecurityProfile.of(0), null);
            WebSocketTransport transport = new WebSocketTransport(Security.settings(sec, csms::uri, "CP-KEY", null,
                    Optional.empty()), 30);
            ChargePoint cp = new ChargePoint(new ChargePoint.Identity("jevse", "key", null, "0.1.0", null),
                    new ChargePoint.Timing(10_000, 100, 1_000, 100, 1_000), 1, cfg,
                    new TransactionStore(dir.resolve("queue"), 100), new AvailabilityStore(null), transport, sched, new FakeHost(), new SplittableRandom(3));
            Security.install(cp, sec, () -> new SecuritySettings.Prerequisites(false, false, false),
                (event, info) -> { });
            cp.addFrameTap(schemas::tap);
            cp.start();
            Await.until(cp::online, "online");
            int id = startTransaction(cp);
            csms.respond("StopTransaction", json(DELAYED_STOP_ANSWER), json(STOP_ANSWER));

            cp.transactionStopped(1, 300, System.currentTimeMillis(), StopTransactionReason.Local, "TAG-C");
            csms.awaitCall("StopTransaction");
            JsonNode change = csms.call("ChangeConfiguration",
                    json("{\"key\":\"AuthorizationKey\",\"value\":\"a-new-secret-key-0001\"}"));
            assertEquals("Accepted", change.path("result").path("status").asText(), change.toString());
            Await.until(() -> cp.connectionCount() >= 2, "the reconnect with the new key");
            settle(csms, cp);

            List<JsonNode> stops = csms.calls("StopTransaction");
            assertEquals(1, stops.size(), "StopTransaction reached the CSMS once: " + stops);
            assertEquals(id, stops.get(0).path("params").path("transactionId").asInt());
            assertEquals(1, csms.calls("BootNotification").size(), "a reconnect is not a reboot");
            cp.stop();
            schemas.assertClean();
            csms.assertNoInvalid();
        } finally {
            sched.submit(sched::shutdown);
        }
    }

    @Test
    void stoppingWaitsForTheAnswerSoTheNextStartDoesNotSendItAgain() throws Exception {
        try (CsmsPeer csms = CsmsPeer.start()) {
            int id;
            try (TestChargePoint first = new TestChargePoint(csms.uri(), "CP-STOP", dir)) {
                first.start();
                Await.until(first.cp::online, "online");
                id = startTransaction(first.cp);
                csms.respond("StopTransaction", json(DELAYED_STOP_ANSWER), json(STOP_ANSWER));
                first.cp.transactionStopped(1, 400, System.currentTimeMillis(), StopTransactionReason.Local, "TAG-C");
                csms.awaitCall("StopTransaction");
                first.cp.stop(); // what SIGTERM does, with the StopTransaction's answer on its way
                Await.until(() -> !first.cp.connected(), "closed");
                first.schemas.assertClean();
            }
            try (TestChargePoint second = new TestChargePoint(csms.uri(), "CP-STOP", dir)) {
                second.start();
                csms.awaitCount(CsmsPeer.isCall("BootNotification"), 2, "the second start");
                settle(csms, second.cp);
                second.schemas.assertClean();
            }
            List<JsonNode> stops = csms.calls("StopTransaction");
            assertEquals(1, stops.size(), "StopTransaction reached the CSMS once: " + stops);
            assertEquals(id, stops.get(0).path("params").path("transactionId").asInt());
            assertTrue(csms.events().stream().anyMatch(e -> "answer".equals(e.path("ev").asText())
                    && "StopTransaction".equals(e.path("action").asText())), "the CSMS answered it");
            csms.assertNoInvalid();
        }
    }
}
