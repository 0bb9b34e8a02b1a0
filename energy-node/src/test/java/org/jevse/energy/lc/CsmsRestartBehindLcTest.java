package org.jevse.energy.lc;

import org.jevse.ocpp.cp.MeteringService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jevse.board.time.SystemTimeSource;
import org.jevse.energy.manager.EnergyManager;
import org.jevse.energy.manager.EnergyManagerFile;
import org.jevse.energy.mqtt.BrokerTests;
import org.jevse.energy.mqtt.MosquittoProcess;
import org.jevse.ocpp.cp.MeterReading;
import org.jevse.ocpp.testkit.CsmsPeer;
import org.jevse.ocpp.testkit.TestChargePoint;
import org.jevse.ocpp.v16.StopTransactionReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LC mode, the CSMS killed and back: the LC closes the charger's side while the CSMS is gone, the charger (jevse's
 * own OCPP client with its journal) keeps its transaction messages, and when the CSMS is back every one of them
 * reaches it exactly once, in order, through the LC, with no frame of the LC's own.
 */
class CsmsRestartBehindLcTest {

    @TempDir
    Path dir;

    @Test
    void whatTheChargerQueuedWhileTheCsmsWasGoneArrivesOnceThroughTheLc() throws Exception {
        int port;
        port = BrokerTests.freePort();
        try (MosquittoProcess broker = BrokerTests.startBroker(); CsmsPeer csms = CsmsPeer.start()) {
            EnergyManagerFile file = EnergyManagerFile.parse("""
                    broker_url: %s
                    topic_prefix: test/restart
                    nodes:
                      - {id: site, limits_A: [32, 32, 32]}
                    chargers:
                      - {id: CPJ, node: site, rotation: L123}
                    ocpp_server:
                      listen: 127.0.0.1:%d
                      upstream_url: %s
                      chargers: [{id: CPJ}]
                    """.formatted(broker.url(), port, csms.uri()), "test");
            EnergyManager manager = new EnergyManager(file, new SystemTimeSource());
            LocalController lc = new LocalController(manager, file);
            manager.start();
            lc.start();
            try (TestChargePoint t = new TestChargePoint("ws://127.0.0.1:" + port, "CPJ", dir, 10_000, true)) {
                t.config.change(MeteringService.METER_VALUE_SAMPLE_INTERVAL, "60");
                t.start();
                assertTrue(BrokerTests.await(30_000, t.cp::online), "the charger boots through the LC");
                assertTrue(BrokerTests.await(10_000, () -> t.limits.contains(0.0)),
                        "the LC's fail-safe TxDefaultProfile (0 A) is accepted by jevse's client: " + t.limits);

                csms.offline(true);
                assertTrue(BrokerTests.await(10_000, () -> !t.cp.connected()), "the LC closes the charger's side");
                long t0 = Instant.parse("2026-11-20T06:00:00Z").toEpochMilli();
                t.cp.transactionStarted(1, "NIGHT", 5_000, t0, null);
                int minutes = 20;
                for (int m = 1; m <= minutes; m++) {
                    t.cp.meterReading(1, new MeterReading(t0 + m * 60_000L, 5_000 + m * 100.0, 6000.0,
                            new double[] {8.7, 8.7, 8.7}, new double[] {230, 230, 230}, 16.0));
                }
                t.cp.transactionStopped(1, 5_000 + minutes * 100, t0 + minutes * 60_000L + 1,
                        StopTransactionReason.Local, "NIGHT");
                int queued = t.store.size();
                assertTrue(csms.calls("StartTransaction").isEmpty());

                csms.offline(false);
                csms.awaitCall("StopTransaction");
                assertTrue(BrokerTests.await(30_000, () -> !t.cp.busy()), "queue drained");
                List<JsonNode> tx = csms.calls().stream().filter(c -> Set.of("StartTransaction", "MeterValues",
                        "StopTransaction").contains(c.path("action").asText())).toList();
                assertEquals(queued, tx.size(), "each queued message exactly once: " + tx.size() + " of " + queued);
                assertEquals("StartTransaction", tx.get(0).path("action").asText());
                assertEquals("StopTransaction", tx.get(tx.size() - 1).path("action").asText());
                Set<String> ids = new HashSet<>();
                for (JsonNode c : tx) {
                    assertTrue(ids.add(c.path("messageId").asText()), "no duplicate: " + c);
                }
                assertTrue(csms.events().stream().noneMatch(e -> e.toString().contains("\"LC-")),
                        "no frame of the LC's own reaches the CSMS");
                csms.assertNoInvalid();
                t.schemas.assertClean();
            } finally {
                lc.close();
                manager.close();
            }
        }
    }
}
