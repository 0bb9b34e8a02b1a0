package org.jevse.ocpp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jevse.ocpp.cp.MeterReading;
import org.jevse.ocpp.testkit.UnitChargePoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash safety with real files: a new client on the same directory is a reboot. */
class PowerLossTest {

    @TempDir
    Path dir;

    @Test
    void aTransactionCutByPowerLossIsStoppedOnceWithTheLastMeterValue() throws Exception {
        UnitChargePoint before = new UnitChargePoint(dir).startAccepted();
        long t0 = before.sched.wallMs();
        before.cp.transactionStarted(1, "TAG", 100, t0, null);
        JsonNode start = before.answerLast("{\"transactionId\":42,\"idTagInfo\":{\"status\":\"Accepted\"}}");
        assertEquals("StartTransaction", start.get(2).asText());
        before.cp.meterReading(1, new MeterReading(t0 + 61_000, 350, 7000.0, null, null, null));
        before.answerLast("{}");
        before.cp.meterReading(1, new MeterReading(t0 + 90_000, 420, 7000.0, null, null, null));
        // power is cut here: the object is simply abandoned

        UnitChargePoint after = new UnitChargePoint(dir).startAccepted();
        JsonNode stop = after.lastSent();
        assertEquals("StopTransaction", stop.get(2).asText(), stop.toString());
        assertEquals("PowerLoss", stop.get(3).path("reason").asText());
        assertEquals(42, stop.get(3).path("transactionId").asInt());
        assertEquals(420, stop.get(3).path("meterStop").asInt());
        after.answer(stop.get(1).asText(), "{}");
        assertTrue(after.store.isEmpty());
        after.schemas.assertClean();

        // A third boot finds nothing to stop: the Stop is not duplicated.
        UnitChargePoint third = new UnitChargePoint(dir).startAccepted();
        long stops = third.transport.sent.stream().filter(s -> s.contains("\"StopTransaction\"")).count();
        assertEquals(0, stops);
        assertNull(third.store.active(1));
    }

    @Test
    void aKillAfterTheTransactionIdWasStoredNeverSendsTheStartTransactionAgain() throws Exception {
        UnitChargePoint before = new UnitChargePoint(dir).startAccepted();
        long t0 = before.sched.wallMs();
        before.cp.transactionStarted(1, "TAG", 100, t0, null);
        Path queued;
        try (var files = Files.list(dir.resolve("queue"))) {
            queued = files.filter(p -> p.getFileName().toString().endsWith(".json")).findFirst().orElseThrow();
        }
        byte[] startFile = Files.readAllBytes(queued);
        before.answerLast("{\"transactionId\":77,\"idTagInfo\":{\"status\":\"Accepted\"}}");
        assertEquals(77, before.cp.transactionId(1));
        // kill -9 in the window: the answer is stored, the queued StartTransaction's removal did not reach the disk
        Files.write(queued, startFile);

        UnitChargePoint after = new UnitChargePoint(dir).startAccepted();
        long starts = after.transport.sent.stream().filter(f -> f.contains("\"StartTransaction\"")).count();
        assertEquals(0, starts, "the answered StartTransaction is not sent again: " + after.transport.sent);
        JsonNode stop = after.lastSent();
        assertEquals("StopTransaction", stop.get(2).asText(), stop.toString());
        assertEquals(77, stop.get(3).path("transactionId").asInt(), "stopped under the id the CSMS gave");
        assertEquals("PowerLoss", stop.get(3).path("reason").asText());
        after.answer(stop.get(1).asText(), "{}");
        assertTrue(after.store.isEmpty());
        after.schemas.assertClean();
    }

    @Test
    void aCrashBetweenQueuingTheStopAndEndingTheRecordDoesNotDuplicateIt() {
        TransactionStore s = new TransactionStore(dir, 100);
        var p = org.jevse.ocpp.rpc.OcppJson.mapper().createObjectNode().put("connectorId", 1).put("idTag", "A")
                .put("meterStart", 0).put("timestamp", "2026-11-21T06:00:00.000Z");
        long local = s.start(1, p);
        var stop = org.jevse.ocpp.rpc.OcppJson.mapper().createObjectNode().put("meterStop", 5)
                .put("timestamp", "2026-11-21T07:00:00.000Z").put("reason", "Local");
        s.stop(1, stop);
        // Simulate the crash window: the record comes back as if its deletion had not reached the disk.
        TransactionStore.Active a = new TransactionStore.Active(local, 1, "A", "2026-11-21T06:00:00.000Z", 0, 5,
                "2026-11-21T07:00:00.000Z");
        try {
            AtomicFiles.write(dir.resolve("active-1.json"), org.jevse.ocpp.rpc.OcppJson.mapper().writeValueAsBytes(a));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        TransactionStore reopened = new TransactionStore(dir, 100);
        reopened.recoverPowerLoss();
        long stops = reopened.snapshot().stream().filter(e -> e.kind() == TransactionStore.Kind.STOP).count();
        assertEquals(1, stops);
        assertEquals("Local", reopened.snapshot().get(1).payload().path("reason").asText());
        assertTrue(Files.notExists(dir.resolve("active-1.json")));
    }

    @Test
    void unreadableFilesAreSetAsideNotFatal() throws Exception {
        Files.createDirectories(dir.resolve("queue"));
        Files.writeString(dir.resolve("queue").resolve("0000000000000001.json"), "{half");
        Files.writeString(dir.resolve("txids.json"), "garbage");
        TransactionStore s = new TransactionStore(dir, 100);
        assertTrue(s.isEmpty());
        assertTrue(Files.exists(dir.resolve("queue").resolve("0000000000000001.json.bad")));
    }
}
