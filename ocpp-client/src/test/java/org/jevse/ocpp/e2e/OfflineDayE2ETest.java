package org.jevse.ocpp.e2e;

import org.jevse.ocpp.cp.MeteringService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jevse.ocpp.cp.MeterReading;
import org.jevse.ocpp.testkit.CsmsPeer;
import org.jevse.ocpp.testkit.TestChargePoint;
import org.jevse.ocpp.v16.StopTransactionReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CSMS is unreachable for a simulated day while the charger charges (a reading every minute of charger time,
 * sampled every 60 s, clock-aligned every 15 min), and the transaction starts and stops offline. When the CSMS
 * is back, every transaction message arrives exactly once, in order, with the real start time and the
 * transactionId the CSMS gave patched in.
 */
class OfflineDayE2ETest {

    @TempDir
    Path dir;

    @Test
    void aDayOfflineIsDeliveredOnceInOrder() throws Exception {
        try (CsmsPeer csms = CsmsPeer.start(); TestChargePoint t = new TestChargePoint(csms.uri(), "CP-DAY", dir)) {
            t.config.change(MeteringService.CLOCK_ALIGNED_DATA_INTERVAL, "900");
            t.config.change(MeteringService.METER_VALUE_SAMPLE_INTERVAL, "60");
            t.start();
            Await.until(t.cp::online, "online");
            csms.offline(true);
            Await.until(() -> !t.cp.connected(), "offline");

            long t0 = Instant.parse("2026-11-20T06:00:00Z").toEpochMilli();
            t.cp.transactionStarted(1, "NIGHT", 5_000, t0, null);
            int minutes = 24 * 60;
            for (int m = 1; m <= minutes; m++) {
                t.cp.meterReading(1, new MeterReading(t0 + m * 60_000L, 5_000 + m * 100.0, 6000.0,
                        new double[] {8.7, 8.7, 8.7}, new double[] {230, 230, 230}, 16.0));
            }
            t.cp.transactionStopped(1, 5_000 + minutes * 100, t0 + minutes * 60_000L + 1, StopTransactionReason.Local,
                    "NIGHT");
            int queued = t.store.size();
            assertEquals(1 + minutes + 96 + 1, queued, "start + sampled + aligned + stop");
            assertTrue(csms.calls("StartTransaction").isEmpty());

            csms.offline(false);
            csms.awaitCall("StopTransaction");
            Await.until(() -> !t.cp.busy(), "queue drained");

            List<JsonNode> tx = csms.calls().stream().filter(c -> Set.of("StartTransaction", "MeterValues",
                    "StopTransaction").contains(c.path("action").asText())).toList();
            assertEquals(queued, tx.size(), "each message exactly once");
            assertEquals("StartTransaction", tx.get(0).path("action").asText());
            assertEquals(Instant.ofEpochMilli(t0).toString().replace("Z", ".000Z").replace(".000.000Z", ".000Z"),
                    normalize(tx.get(0).path("params").path("timestamp").asText()));
            assertEquals("StopTransaction", tx.get(tx.size() - 1).path("action").asText());
            Set<String> ids = new HashSet<>();
            String previous = "";
            long previousWh = -1;
            for (JsonNode c : tx.subList(1, tx.size() - 1)) {
                assertTrue(ids.add(c.path("messageId").asText()));
                assertEquals(1000, c.path("params").path("transactionId").asInt());
                JsonNode mv = c.path("params").path("meterValue").get(0);
                String ts = mv.path("timestamp").asText();
                assertTrue(ts.compareTo(previous) >= 0, "in order: " + ts + " after " + previous);
                previous = ts;
                for (JsonNode s : mv.path("sampledValue")) {
                    if ("Energy.Active.Import.Register".equals(s.path("measurand").asText())) {
                        long wh = Long.parseLong(s.path("value").asText());
                        assertTrue(wh >= previousWh);
                        previousWh = wh;
                    }
                }
            }
            assertEquals(1000, tx.get(tx.size() - 1).path("params").path("transactionId").asInt());
            assertEquals(5_000 + minutes * 100, tx.get(tx.size() - 1).path("params").path("meterStop").asInt());
            t.schemas.assertClean();
            csms.assertNoInvalid();
        }
    }

    private static String normalize(String ts) {
        return Instant.parse(ts).toString().replace("Z", ".000Z").replace(".000.000Z", ".000Z");
    }
}
