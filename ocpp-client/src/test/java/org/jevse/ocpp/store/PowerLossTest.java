package org.jevse.ocpp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
    void anAnsweredStartTransactionLeftInTheOldQueueIsNotSentAgainAfterTheMove() throws Exception {
        // The layout before the journal recorded the answer (txids.json) and the dequeuing apart; a kill between
        // the two left both. The journal records them as one record; the move must still honour the old window.
        new LegacyLayout(dir).queued(1, TransactionStore.Kind.START, 1, LegacyLayout.start("TAG", 100))
                .txIds(Map.of(1L, 77)).counter(2)
                .active(new TransactionStore.Active(1, 1, "TAG", "2026-11-21T06:00:00.000Z", 100, 100,
                        "2026-11-21T06:00:00.000Z"));

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
    void aStopQueuedInTheOldLayoutWhoseRecordWasNotEndedIsNotDuplicatedAfterTheMove() throws Exception {
        new LegacyLayout(dir).queued(1, TransactionStore.Kind.START, 1, LegacyLayout.start("A", 0))
                .queued(2, TransactionStore.Kind.STOP, 1, LegacyLayout.stop(5, "Local")).counter(2)
                .active(new TransactionStore.Active(1, 1, "A", "2026-11-21T06:00:00.000Z", 0, 5,
                        "2026-11-21T07:00:00.000Z"));
        TransactionStore reopened = new TransactionStore(dir, 100);
        reopened.recoverPowerLoss();
        long stops = reopened.snapshot().stream().filter(e -> e.kind() == TransactionStore.Kind.STOP).count();
        assertEquals(1, stops);
        assertEquals("Local", reopened.snapshot().get(1).payload().path("reason").asText());
        assertNull(reopened.active(1));
        assertTrue(Files.notExists(dir.resolve("active-1.json")));
    }

    @Test
    void unreadableFilesOfTheOldLayoutAreSetAsideNotFatal() throws Exception {
        Files.createDirectories(dir.resolve("queue"));
        Files.writeString(dir.resolve("queue").resolve("0000000000000001.json"), "{half");
        Files.writeString(dir.resolve("txids.json"), "garbage");
        TransactionStore s = new TransactionStore(dir, 100);
        assertTrue(s.isEmpty());
        assertTrue(Files.exists(dir.resolve("queue").resolve("0000000000000001.json.bad")));
        assertTrue(Files.exists(dir.resolve("txids.json.bad")));
    }
}
