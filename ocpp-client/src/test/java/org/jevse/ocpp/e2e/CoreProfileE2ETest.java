package org.jevse.ocpp.e2e;

import org.jevse.ocpp.cp.MeteringService;
import org.jevse.ocpp.cp.GetConfiguration;
import org.jevse.ocpp.cp.CoreKeys;
import static org.jevse.ocpp.testkit.CsmsPeer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.StandardKeys;
import org.jevse.ocpp.cp.MeterReading;
import org.jevse.ocpp.cp.Registration;
import org.jevse.ocpp.testkit.CsmsPeer;
import org.jevse.ocpp.testkit.TestChargePoint;
import org.jevse.ocpp.v16.AuthorizeStatus;
import org.jevse.ocpp.v16.ErrorCode;
import org.jevse.ocpp.v16.IdTagInfo;
import org.jevse.ocpp.v16.StatusNotificationStatus;
import org.jevse.ocpp.v16.StopTransactionReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Core profile against ocpp-rpc in strict mode (a CSMS we did not write). Every frame the client sends is
 * also checked against the OCA schemas; the peer's strict findings fail the test too.
 */
class CoreProfileE2ETest {

    @TempDir
    Path dir;

    @Test
    void bootPendingThenAcceptedAndNothingElseBeforeAccepted() throws Exception {
        try (CsmsPeer csms = CsmsPeer.start()) {
            csms.respond("BootNotification",
                    json("{\"status\":\"Pending\",\"currentTime\":\"$now\",\"interval\":1}"),
                    json("{\"status\":\"Accepted\",\"currentTime\":\"$now\",\"interval\":300}"));
            try (TestChargePoint t = new TestChargePoint(csms.uri(), "CP-BOOT", dir)) {
                // A status and an authorization request from the charger before Accepted must not go out.
                t.cp.statusChanged(1, StatusNotificationStatus.Available, ErrorCode.NoError, null, null,
                        System.currentTimeMillis());
                t.start();
                csms.awaitCall("BootNotification");
                // While Pending the CSMS may configure the charge point.
                JsonNode r = csms.call("GetConfiguration", json("{\"key\":[\"HeartbeatInterval\"]}"));
                assertEquals("result", r.path("ev").asText(), r.toString());
                csms.awaitCount(CsmsPeer.isCall("BootNotification"), 2, "the second BootNotification");
                Await.until(() -> t.cp.registration() == Registration.ACCEPTED, "Accepted");
                csms.awaitCall("StatusNotification");
                List<JsonNode> calls = csms.calls();
                assertEquals("BootNotification", calls.get(0).path("action").asText());
                assertEquals("BootNotification", calls.get(1).path("action").asText());
                assertEquals(List.of(Registration.PENDING, Registration.ACCEPTED), t.host.registrations);
                // A reconnect is not a reboot: no new BootNotification.
                csms.offline(true);
                Await.until(() -> !t.cp.connected(), "disconnect");
                csms.offline(false);
                Await.until(() -> t.cp.connectionCount() >= 2, "reconnect");
                CompletableFuture<IdTagInfo> auth = new CompletableFuture<>();
                Await.until(t.cp::online, "online again");
                t.cp.authorize("TAG-1", auth::complete);
                assertEquals(AuthorizeStatus.Accepted, auth.get(60, TimeUnit.SECONDS).status());
                assertEquals(2, csms.calls("BootNotification").size());
                t.schemas.assertClean();
                assertTrue(t.schemas.checked() > 3);
            }
            csms.assertNoInvalid();
        }
    }

    @Test
    void triggeredBootNotificationIsAcceptedWhilePendingAndRejectedOnceAccepted() throws Exception {
        try (CsmsPeer csms = CsmsPeer.start()) {
            csms.respond("BootNotification",
                    json("{\"status\":\"Pending\",\"currentTime\":\"$now\",\"interval\":300}"),
                    json("{\"status\":\"Accepted\",\"currentTime\":\"$now\",\"interval\":300}"));
            try (TestChargePoint t = new TestChargePoint(csms.uri(), "CP-TRIGBOOT", dir)) {
                t.start();
                csms.awaitCall("BootNotification");
                Await.until(() -> t.cp.registration() == Registration.PENDING, "Pending");
                // While Pending the CSMS may ask for the BootNotification that lets it accept the charge point.
                assertEquals("Accepted", status(csms.call("TriggerMessage",
                        json("{\"requestedMessage\":\"BootNotification\"}"))));
                csms.awaitCount(CsmsPeer.isCall("BootNotification"), 2, "the triggered BootNotification");
                Await.until(() -> t.cp.registration() == Registration.ACCEPTED, "Accepted");
                // OCPP 1.6 errata 3.35: once accepted, a triggered BootNotification is rejected.
                assertEquals("Rejected", status(csms.call("TriggerMessage",
                        json("{\"requestedMessage\":\"BootNotification\"}"))));
                csms.call("GetConfiguration", json("{\"key\":[\"HeartbeatInterval\"]}"));
                assertEquals(2, csms.calls("BootNotification").size(), "no BootNotification after Accepted");
                t.schemas.assertClean();
            }
            csms.assertNoInvalid();
        }
    }

    @Test
    void aWholeTransactionWithMeterValuesAndStopData() throws Exception {
        try (CsmsPeer csms = CsmsPeer.start(); TestChargePoint t = new TestChargePoint(csms.uri(), "CP-TX", dir)) {
            t.config.change(MeteringService.STOP_TXN_SAMPLED_DATA, "Energy.Active.Import.Register");
            t.config.change(MeteringService.METER_VALUES_SAMPLED_DATA,
                    "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,Current.Offered");
            t.start();
            Await.until(t.cp::online, "online");
            long t0 = System.currentTimeMillis();
            CompletableFuture<IdTagInfo> auth = new CompletableFuture<>();
            t.cp.authorize("TAG-OK", auth::complete);
            assertEquals(AuthorizeStatus.Accepted, auth.get(60, TimeUnit.SECONDS).status());
            CompletableFuture<IdTagInfo> bad = new CompletableFuture<>();
            t.cp.authorize("BAD-TAG", bad::complete);
            assertEquals(AuthorizeStatus.Invalid, bad.get(60, TimeUnit.SECONDS).status());
            t.cp.statusChanged(1, StatusNotificationStatus.Preparing, ErrorCode.NoError, null, null, t0);
            t.cp.transactionStarted(1, "TAG-OK", 1000, t0, null);
            for (int i = 1; i <= 5; i++) {
                t.cp.meterReading(1, new MeterReading(t0 + i * 60_000L, 1000 + i * 180, 11040.0,
                        new double[] {16, 16, 16}, new double[] {230, 230, 230}, 16.0));
            }
            t.cp.transactionStopped(1, 1900, t0 + 301_000, StopTransactionReason.EVDisconnected, null);
            JsonNode stop = csms.awaitCall("StopTransaction");
            JsonNode start = csms.calls("StartTransaction").get(0);
            assertEquals(1000, start.path("params").path("meterStart").asInt());
            assertEquals(5, csms.calls("MeterValues").size());
            int txId = csms.calls("MeterValues").get(0).path("params").path("transactionId").asInt();
            assertEquals(1000, txId);
            assertEquals(txId, stop.path("params").path("transactionId").asInt());
            assertEquals("EVDisconnected", stop.path("params").path("reason").asText());
            assertTrue(stop.path("params").path("transactionData").size() >= 2, stop.toString());
            Await.until(() -> !t.cp.busy(), "queue drained");
            t.schemas.assertClean();
            csms.assertNoInvalid();
        }
    }

    @Test
    void aMeterRegisterPast2To31WhIsSentWholeInStartAndStopTransaction() throws Exception {
        long register = 3_000_000_000L; // 3 GWh: past a 32-bit int, within a fast charger's life
        try (CsmsPeer csms = CsmsPeer.start(); TestChargePoint t = new TestChargePoint(csms.uri(), "CP-BIG", dir)) {
            t.start();
            Await.until(t.cp::online, "online");
            long t0 = System.currentTimeMillis();
            t.cp.transactionStarted(1, "TAG-OK", register, t0, null);
            t.cp.meterReading(1, new MeterReading(t0 + 60_000L, register + 180.0, 11040.0,
                    new double[] {16, 16, 16}, new double[] {230, 230, 230}, 16.0));
            t.cp.transactionStopped(1, register + 250, t0 + 120_000, StopTransactionReason.Local, null);
            JsonNode stop = csms.awaitCall("StopTransaction");
            assertEquals(register, csms.calls("StartTransaction").get(0).path("params").path("meterStart").asLong());
            assertEquals(register + 250, stop.path("params").path("meterStop").asLong());
            Await.until(() -> !t.cp.busy(), "queue drained");
            t.schemas.assertClean();
            csms.assertNoInvalid();
        }
    }

    @Test
    void everyClassOfChangeConfigurationAnswerAndGetConfiguration() throws Exception {
        try (CsmsPeer csms = CsmsPeer.start(); TestChargePoint t = new TestChargePoint(csms.uri(), "CP-CFG", dir)) {
            t.config.setInternal(StandardKeys.CPO_NAME, "");
            t.start();
            Await.until(t.cp::online, "online");
            assertEquals("Accepted", change(csms, "MeterValueSampleInterval", "30"));
            assertEquals("Rejected", change(csms, "MeterValueSampleInterval", "thirty"));
            assertEquals("Rejected", change(csms, "NumberOfConnectors", "2"));
            assertEquals("Rejected", change(csms, "MeterValuesSampledData", "SoC"));
            assertEquals("NotSupported", change(csms, "NoSuchKey", "1"));
            assertEquals("Rejected", change(csms, "SecurityProfile", "-1"));
            assertEquals("RebootRequired", change(csms, "JevseCentralSystemUri", "ws://127.0.0.1:1/other/"));
            // Persisted before the answer: a fresh store sees the value.
            Configuration reread = new Configuration(CoreKeys.of(1, 60, "Core", StandardKeys.Cable.SOCKET),
                    dir.resolve("config.json"));
            assertEquals("30", reread.get("MeterValueSampleInterval"));
            JsonNode all = csms.call("GetConfiguration", json("{}"));
            JsonNode keys = all.path("result").path("configurationKey");
            assertTrue(keys.size() >= 30, all.toString());
            for (JsonNode k : keys) {
                assertFalse(k.path("key").asText().equals("AuthorizationKey"), "AuthorizationKey is write-only");
            }
            JsonNode some = csms.call("GetConfiguration",
                    json("{\"key\":[\"HeartbeatInterval\",\"Nope\",\"AuthorizationKey\"]}"));
            assertEquals(1, some.path("result").path("configurationKey").size());
            assertEquals(2, some.path("result").path("unknownKey").size());
            StringBuilder many = new StringBuilder("{\"key\":[");
            for (int i = 0; i < GetConfiguration.MAX_KEYS + 1; i++) {
                many.append(i == 0 ? "" : ",").append("\"k").append(i).append('"');
            }
            JsonNode tooMany = csms.call("GetConfiguration", json(many.append("]}").toString()));
            assertEquals("error", tooMany.path("ev").asText(), tooMany.toString());
            t.schemas.assertClean();
            csms.assertNoInvalid();
        }
    }

    private static String change(CsmsPeer csms, String key, String value) {
        JsonNode r = csms.call("ChangeConfiguration", json("{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}"));
        assertNotNull(r.path("result").path("status").textValue(), r.toString());
        return r.path("result").path("status").asText();
    }

    @Test
    void csmsInitiatedOperations() throws Exception {
        try (CsmsPeer csms = CsmsPeer.start(); TestChargePoint t = new TestChargePoint(csms.uri(), "CP-OPS", dir)) {
            t.start();
            Await.until(t.cp::online, "online");
            long now = System.currentTimeMillis();
            t.cp.transactionStarted(1, "TAG", 0, now, null);
            JsonNode start = csms.awaitCall("StartTransaction");
            Await.until(() -> t.cp.transactionId(1) != null, "transaction id");
            int txId = t.cp.transactionId(1);
            assertEquals("Scheduled", status(csms.call("ChangeAvailability",
                    json("{\"connectorId\":1,\"type\":\"Inoperative\"}"))));
            assertEquals("Rejected", status(csms.call("RemoteStopTransaction", json("{\"transactionId\":" + (txId + 7) + "}"))));
            assertEquals("Accepted", status(csms.call("RemoteStopTransaction", json("{\"transactionId\":" + txId + "}"))));
            assertTrue(t.host.log.contains("remoteStop 1"));
            t.cp.transactionStopped(1, 10, now + 1000, StopTransactionReason.Remote, null);
            csms.awaitCall("StopTransaction");
            Await.until(() -> t.host.log.contains("availability 1 false"), "scheduled availability applied");
            assertEquals("Accepted", status(csms.call("ChangeAvailability",
                    json("{\"connectorId\":1,\"type\":\"Operative\"}"))));
            assertEquals("Rejected", status(csms.call("ChangeAvailability",
                    json("{\"connectorId\":5,\"type\":\"Operative\"}"))));
            assertEquals("Accepted", status(csms.call("RemoteStartTransaction", json("{\"idTag\":\"R1\"}"))));
            assertEquals("Unlocked", status(csms.call("UnlockConnector", json("{\"connectorId\":1}"))));
            assertEquals("Rejected", status(csms.call("ClearCache", json("{}"))));
            assertEquals("UnknownVendorId", status(csms.call("DataTransfer", json("{\"vendorId\":\"x\"}"))));
            assertEquals("Accepted", status(csms.call("TriggerMessage", json("{\"requestedMessage\":\"Heartbeat\"}"))));
            csms.awaitCall("Heartbeat");
            assertEquals("NotImplemented", status(csms.call("TriggerMessage",
                    json("{\"requestedMessage\":\"FirmwareStatusNotification\"}"))));
            JsonNode unsupported = csms.call("ReserveNow", json("{\"connectorId\":1,\"expiryDate\":\"2030-01-01T00:00:00Z\",\"idTag\":\"A\",\"reservationId\":1}"));
            assertEquals("NotSupported", unsupported.path("error").path("code").asText(), unsupported.toString());
            // Without a transaction the client restarts at once after the answer: a new BootNotification.
            assertEquals("Accepted", status(csms.call("Reset", json("{\"type\":\"Soft\"}"))));
            csms.awaitCount(CsmsPeer.isCall("BootNotification"), 2, "the BootNotification after the reset");
            assertNotNull(start);
            t.schemas.assertClean();
            csms.assertNoInvalid();
        }
    }

    private static String status(JsonNode answer) {
        return answer.path("result").path("status").asText(answer.toString());
    }
}
