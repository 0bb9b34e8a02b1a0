package org.jevse.hil.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.chargetime.ocpp.model.core.ChargePointStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jevse.energy.lc.ThirdPartyChargePoint;
import org.jevse.energy.mqtt.BrokerTests;
import org.jevse.energy.mqtt.MosquittoProcess;
import org.jevse.energy.mqtt.MqttLink;
import org.jevse.energy.wire.Topics;
import org.jevse.hil.JarProcess;
import org.jevse.ocpp.testkit.CsmsPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mixed site with real processes: Mosquitto, {@code jevse energy-manager} as a Local Controller in LC mode,
 * a jevse charger as an MQTT leaf ({@code jevse run}), a jevse charger as an OCPP-only charger behind the LC, the
 * third-party charge point (Java-OCA-OCPP) driven by the test, and ocpp-rpc in strict mode as the operator's CSMS.
 * A cut through available_current_update brings every charger under its new share (the time for each kind of leaf
 * is printed, not asserted); the CSMS sees each OCPP charger's boot and transaction exactly once and no frame of
 * the LC's own; the LC killed with kill -9 leaves the OCPP charger at its fail-safe when its grant's schedule ends.
 */
class MixedSiteProcessTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PREFIX = "mixed";
    static final int LEASE_S = 10;

    @TempDir
    Path dir;
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                // best effort
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The jevse OCPP charger's limit events from the OCPP source, in A. */
    List<Double> ocppLimits() throws IOException {
        List<Double> out = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("cpo.out"))) {
            if (l.contains("\"type\":\"limit\"") && l.contains("\"OCPP\"")) {
                out.add(JSON.readTree(l).path("current_A").asDouble());
            }
        }
        return out;
    }

    double lastOcppLimit() {
        try {
            List<Double> l = ocppLimits();
            return l.isEmpty() ? -1 : l.get(l.size() - 1);
        } catch (IOException e) {
            return -1;
        }
    }

    String logs() {
        StringBuilder b = new StringBuilder();
        for (String f : List.of("manager.out", "manager.err", "cpm.err", "cpo.out", "cpo.err")) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(f));
                b.append("--- ").append(f).append('\n');
                lines.subList(Math.max(0, lines.size() - 12), lines.size()).forEach(x -> b.append(x).append('\n'));
            } catch (IOException e) {
                b.append("--- ").append(f).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return b.toString();
    }

    boolean meterUntil(ThirdPartyChargePoint tp, long ms, java.util.function.BooleanSupplier c) throws Exception {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        while (System.nanoTime() < deadline) {
            tp.meter();
            if (c.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return c.getAsBoolean();
    }

    @Test
    void aCutReachesEveryKindOfLeafAndTheOcppChargerFallsBackWhenTheLcIsKilled() throws Exception {
        MosquittoProcess broker = BrokerTests.startBroker();
        open.add(broker);
        CsmsPeer csms = CsmsPeer.start();
        open.add(csms);
        int lcPort = freePort();
        Files.writeString(dir.resolve("manager.yaml"), """
                broker_url: %s
                topic_prefix: %s
                activation_window_s: 0
                switch_on_hysteresis_s: 0
                nodes:
                  - {id: site, limits_A: [48, 48, 48]}
                chargers:
                  - {id: cpm, node: site, rotation: L123, max_current_A: 16}
                  - {id: CPO, node: site, rotation: L123, max_current_A: 16}
                  - {id: TP, node: site, rotation: L123, max_current_A: 16}
                ocpp_server:
                  listen: 127.0.0.1:%d
                  upstream_url: %s
                  valid_for_s: %d
                  chargers: [{id: CPO}, {id: TP}]
                """.formatted(broker.url(), PREFIX, lcPort, csms.uri(), LEASE_S));
        Files.writeString(dir.resolve("cpm.yaml"), "evse:\n  evse_id: MIXED*cpm\nboard:\n  type: sim\n  sim:\n"
                + "    ev_script: \"sleep 1; plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 32,3; sleep 900;"
                + " unplug\"\nauth:\n  local_list: [DEMO-TAG]\nenergy:\n  broker_url: " + broker.url()
                + "\n  leaf_id: cpm\n  topic_prefix: " + PREFIX + "\n");
        Path data = dir.resolve("cpo-data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("configuration.json"), "{\"MeterValueSampleInterval\":\"1\"}");
        Files.writeString(dir.resolve("cpo.yaml"), "evse:\n  evse_id: MIXED*CPO\nboard:\n  type: sim\n  sim:\n"
                + "    ev_script: \"sleep 2; plugin; sleep 1; auth TAG-CPO; draw_power_regulated 32,3; sleep 900;"
                + " unplug\"\nocpp:\n  central_system_uri: ws://127.0.0.1:" + lcPort + "\n  charge_point_id: CPO\n"
                + "  data_dir: " + data + "\n");

        Process manager = JarProcess.start(dir.resolve("manager.out"), dir.resolve("manager.err"), "energy-manager",
                "--config", dir.resolve("manager.yaml").toString());
        open.add(manager::destroyForcibly);
        Process cpm = JarProcess.start(dir.resolve("cpm.out"), dir.resolve("cpm.err"), "run", "--events", "json",
                "--config", dir.resolve("cpm.yaml").toString());
        open.add(cpm::destroyForcibly);
        Process cpo = JarProcess.start(dir.resolve("cpo.out"), dir.resolve("cpo.err"), "run", "--events", "json",
                "--config", dir.resolve("cpo.yaml").toString());
        open.add(cpo::destroyForcibly);

        Topics topics = new Topics(PREFIX);
        List<JsonNode> cpmStatus = new CopyOnWriteArrayList<>();
        MqttLink site = new MqttLink(broker.url(), "mixed-observer", "", "", null);
        open.add(site);
        site.subscribe(topics.status("cpm"), (topic, payload, expiry) -> {
            try {
                cpmStatus.add(JSON.readTree(payload));
            } catch (IOException e) {
                // not a status
            }
        });
        site.start();
        assertTrue(BrokerTests.await(30_000, site::isConnected), "observer connects");

        ThirdPartyChargePoint tp = new ThirdPartyChargePoint("TP");
        open.add(tp);
        assertTrue(BrokerTests.await(60_000, () -> {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", lcPort)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }), "the LC listens\n" + logs());
        tp.connect("ws://127.0.0.1:" + lcPort);
        assertTrue(BrokerTests.await(10_000, tp::connected), "the third-party charge point connects\n" + logs());
        tp.boot();
        tp.status(ChargePointStatus.Preparing);
        tp.startSession("TAG-TP");

        // Everyone charging at 16 A (3 × 16 A under the 48 A site).
        assertTrue(meterUntil(tp, 90_000, () -> cpmAt(cpmStatus) == 16_000 && lastOcppLimit() == 16.0
                && tp.lastTxProfile() != null && tp.lastTxProfile().limit() == 16.0),
                "all three at 16 A: cpm " + cpmAt(cpmStatus) + ", CPO " + lastOcppLimit() + ", TP "
                        + tp.lastTxProfile() + "\n" + logs());

        // The cut: 24 A for the site, 8 A each.
        long cutAt = System.nanoTime();
        site.publish(topics.availableCurrentUpdate(), "24000".getBytes(StandardCharsets.UTF_8), 1, false, 0);
        long[] under = {-1, -1, -1};
        assertTrue(meterUntil(tp, 30_000, () -> {
            long t = System.nanoTime() - cutAt;
            if (under[0] < 0 && cpmAt(cpmStatus) >= 0 && cpmAt(cpmStatus) <= 8_000) {
                under[0] = t;
            }
            if (under[1] < 0 && lastOcppLimit() >= 0 && lastOcppLimit() <= 8.0) {
                under[1] = t;
            }
            if (under[2] < 0 && tp.lastTxProfile().limit() <= 8.0) {
                under[2] = t;
            }
            return under[0] >= 0 && under[1] >= 0 && under[2] >= 0;
        }), "every charger under 8 A: cpm " + cpmAt(cpmStatus) + ", CPO " + lastOcppLimit() + ", TP "
                + tp.lastTxProfile() + "\n" + logs());
        System.out.printf("mixed site, cut 48 A -> 24 A: MQTT leaf (jevse run) applied after %.0f ms, jevse OCPP"
                + " charger limited after %.0f ms, third-party OCPP charger got its TxProfile after %.0f ms%n",
                under[0] / 1e6, under[1] / 1e6, under[2] / 1e6);

        // The CSMS saw each OCPP charger's boot and transaction once, and nothing of the LC's own.
        for (String id : List.of("CPO", "TP")) {
            assertEquals(1, csms.calls("BootNotification").stream()
                    .filter(c -> id.equals(c.path("identity").asText())).count(), id + " boots once at the CSMS");
            assertEquals(1, csms.calls("StartTransaction").stream()
                    .filter(c -> id.equals(c.path("identity").asText())).count(), id + " starts once at the CSMS");
        }
        assertTrue(csms.events().stream().noneMatch(e -> e.toString().contains("\"LC-")), "no LC frame upstream");
        csms.assertNoInvalid();

        // kill -9 of the LC: the jevse OCPP charger keeps its last grant until the schedule ends, then 0 A.
        manager.destroyForcibly().waitFor();
        long killedAt = System.nanoTime();
        assertTrue(BrokerTests.await((LEASE_S + 20) * 1000L, () -> lastOcppLimit() == 0.0),
                "the OCPP charger falls back to the fail-safe 0 A: " + lastOcppLimit() + "\n" + logs());
        System.out.printf("LC killed: the jevse OCPP charger fell back to its fail-safe after %.1f s (lease %d s)%n",
                (System.nanoTime() - killedAt) / 1e9, LEASE_S);
    }

    /** The current the MQTT leaf applies now (mA), -1 if it applies no grant. */
    static int cpmAt(List<JsonNode> statuses) {
        if (statuses.isEmpty()) {
            return -1;
        }
        JsonNode a = statuses.get(statuses.size() - 1).path("applied");
        return a.isMissingNode() || a.isNull() ? -1 : a.path("current_ma").asInt();
    }
}
