package org.jevse.ocpp.cp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.jevse.ocpp.testkit.UnitChargePoint;
import org.jevse.ocpp.v16.ErrorCode;
import org.jevse.ocpp.v16.StatusNotificationStatus;
import org.jevse.ocpp.v16.StopTransactionReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Protocol rules on a manual clock: retries, attempts, heartbeat, MinimumStatusDuration, time-outs. */
class ChargePointRulesTest {

    @TempDir
    Path dir;

    private static List<String> actions(UnitChargePoint u) {
        return u.transport.sent.stream().filter(s -> s.startsWith("[2,")).map(s -> s.split("\"")[3]).toList();
    }

    @Test
    void transactionMessagesAreRetriedWithGrowingWaitsThenDropped() {
        UnitChargePoint u = new UnitChargePoint(dir).startAccepted();
        u.config.change(TransactionService.TRANSACTION_MESSAGE_ATTEMPTS, "3");
        u.config.change(TransactionService.TRANSACTION_MESSAGE_RETRY_INTERVAL, "10");
        u.cp.transactionStarted(1, "T", 0, u.sched.wallMs(), null);
        u.cp.transactionStopped(1, 5, u.sched.wallMs() + 1000, StopTransactionReason.Local, "T");
        JsonNode start = u.lastSent();
        u.transport.inject("[4,\"" + start.get(1).asText() + "\",\"InternalError\",\"busy\",{}]");
        int sent = u.transport.sent.size();
        u.sched.advance(9_999);
        assertEquals(sent, u.transport.sent.size(), "waits RetryInterval x 1");
        u.sched.advance(1);
        JsonNode second = u.lastSent();
        assertEquals("StartTransaction", second.get(2).asText());
        assertTrue(!second.get(1).asText().equals(start.get(1).asText()), "a new message id per attempt");
        // no answer: the 30 s call time-out counts as the second failed attempt, then 20 s wait
        u.sched.advance(30_000);
        sent = u.transport.sent.size();
        u.sched.advance(19_999);
        assertEquals(sent, u.transport.sent.size(), "waits RetryInterval x 2");
        u.sched.advance(1);
        JsonNode third = u.lastSent();
        u.transport.inject("[4,\"" + third.get(1).asText() + "\",\"InternalError\",\"busy\",{}]");
        // three attempts failed: StartTransaction dropped; its Stop can never get a transactionId, dropped too
        assertTrue(u.store.isEmpty());
        assertEquals(3, actions(u).stream().filter("StartTransaction"::equals).count());
        assertEquals(0, actions(u).stream().filter("StopTransaction"::equals).count());
        u.schemas.assertClean();
    }

    @Test
    void offlineTimeIsNotCountedAsAttempts() {
        UnitChargePoint u = new UnitChargePoint(dir).startAccepted();
        u.transport.drop();
        u.cp.transactionStarted(1, "T", 0, u.sched.wallMs(), null);
        u.sched.advance(24 * 3600_000L);
        u.transport.open();
        JsonNode start = u.lastSent();
        assertEquals("StartTransaction", start.get(2).asText());
        assertEquals(1, actions(u).stream().filter("BootNotification"::equals).count(), "no boot on reconnect");
        u.answer(start.get(1).asText(), "{\"transactionId\":9,\"idTagInfo\":{\"status\":\"Blocked\"}}");
        assertEquals(List.of("deauthorize 1"), u.host.log, "StopTransactionOnInvalidId");
    }

    @Test
    void maxEnergyOnInvalidIdCapsARefusedTransaction() {
        UnitChargePoint u = new UnitChargePoint(dir).startAccepted();
        u.config.change(TransactionService.STOP_TRANSACTION_ON_INVALID_ID, "false");
        u.config.change(TransactionService.MAX_ENERGY_ON_INVALID_ID, "500");
        long t0 = u.sched.wallMs();
        u.cp.transactionStarted(1, "T", 1000, t0, null);
        u.answerLast("{\"transactionId\":3,\"idTagInfo\":{\"status\":\"Invalid\"}}");
        assertTrue(u.host.log.isEmpty(), "charging goes on");
        u.cp.meterReading(1, new MeterReading(t0 + 10_000, 1400, 7000.0, null, null, null));
        assertTrue(u.host.log.isEmpty());
        u.cp.meterReading(1, new MeterReading(t0 + 20_000, 1500, 7000.0, null, null, null));
        assertEquals(List.of("deauthorize 1"), u.host.log, "stopped at 500 Wh");
    }

    @Test
    void heartbeatAfterSilenceAndMinimumStatusDuration() {
        UnitChargePoint u = new UnitChargePoint(dir).startAccepted();
        int sent = u.transport.sent.size();
        u.sched.advance(299_999);
        assertEquals(sent, u.transport.sent.size());
        u.sched.advance(1);
        assertEquals("Heartbeat", u.lastSent().get(2).asText());
        u.answerLast("{\"currentTime\":\"2030-01-01T00:00:00Z\"}");
        assertTrue(u.cp.csmsNowMs() >= java.time.Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());

        u.config.change(StatusService.MINIMUM_STATUS_DURATION, "5");
        long now = u.sched.wallMs();
        u.cp.statusChanged(1, StatusNotificationStatus.Preparing, ErrorCode.NoError, null, null, now);
        u.sched.advance(2_000);
        u.cp.statusChanged(1, StatusNotificationStatus.Available, ErrorCode.NoError, null, null, now);
        u.sched.advance(10_000);
        assertEquals("StatusNotification", u.lastSent().get(2).asText());
        assertEquals("Available", u.lastSent().get(3).path("status").asText(), "the short Preparing was not sent");
        assertEquals(1, actions(u).stream().filter("StatusNotification"::equals).count());
        u.answerLast("{}");
        u.schemas.assertClean();
    }
}
