package org.jevse.hil.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.chargetime.ocpp.model.core.ChargePointStatus;
import eu.chargetime.ocpp.model.core.ChargingProfilePurposeType;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jevse.energy.lc.ThirdPartyChargePoint;
import org.jevse.energy.mqtt.BrokerTests;
import org.jevse.energy.mqtt.MosquittoProcess;
import org.jevse.energy.mqtt.MqttLink;
import org.jevse.energy.wire.Topics;
import org.jevse.hil.JarProcess;
import org.jevse.ocpp.testkit.CsmsPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full mixed site of docs/local-controller.md, every part a real process: Mosquitto, {@code jevse energy-manager}
 * as a Local Controller in LC mode, two jevse chargers as MQTT leaves ({@code jevse run}), two jevse chargers as
 * OCPP-only chargers behind the LC, the third-party charge point (Java-OCA-OCPP, driven by the test) and ocpp-rpc in
 * strict mode as the operator's CSMS. One run of the site shows, in order:
 * <ol>
 * <li>a cut through available_current_update brings every charger under its new share (the time for each kind of
 * leaf is printed as a table, not asserted);</li>
 * <li>all along, an observer outside the manager ({@link HardRuleObserver}) sums what the chargers themselves hold
 * (the MQTT leaves' own statuses, the jevse chargers' pilot offers, the third-party charge point's profiles) and
 * finds no node over its limit except in the documented transition after a cut;</li>
 * <li>the CSMS sees every boot, authorization and transaction of the OCPP chargers exactly once and no frame of the
 * LC's own;</li>
 * <li>the CSMS process killed with kill -9 during the transactions and started again on its port: no transaction
 * message lost, none duplicated;</li>
 * <li>the LC killed with kill -9: every OCPP charger falls to its 0 A fail-safe when its grant's schedule ends.</li>
 * </ol>
 * {@code -Djevse.hil.mixedSite.csmsKills=N} repeats the CSMS kill N times (default 1).
 */
class MixedSiteProcessTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PREFIX = "mixed";
    static final int LEASE_S = 10;
    static final double SITE_A = 80;
    static final double GARAGE_A = 36;
    static final double CUT_A = 40;
    static final List<String> MQTT = List.of("cpm1", "cpm2");
    static final List<String> JEVSE_OCPP = List.of("CPO1", "CPO2");
    static final int CSMS_KILLS = Integer.getInteger("jevse.hil.mixedSite.csmsKills", 1);

    /** Kept when the test fails: every process's log is there. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    final List<AutoCloseable> open = new ArrayList<>();
    final HardRuleObserver rule = new HardRuleObserver();
    final Map<String, ChargerEvents> events = new LinkedHashMap<>();
    /** The MQTT leaves' last statuses (their own view: the grant they apply). */
    final Map<String, JsonNode> leafStatus = new java.util.concurrent.ConcurrentHashMap<>();
    final List<String> claimBreaches = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile JsonNode lastState;
    volatile ThirdPartyChargePoint tp;
    volatile boolean sampling = true;
    volatile boolean tpMetering;

    @AfterEach
    void stop() {
        sampling = false;
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

    String logs() {
        StringBuilder b = new StringBuilder();
        List<String> files = new ArrayList<>(List.of("manager.out", "manager.err"));
        for (String id : events.keySet()) {
            files.add(id + ".out");
            files.add(id + ".err");
        }
        for (String f : files) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(f));
                b.append("--- ").append(f).append('\n');
                lines.subList(Math.max(0, lines.size() - 10), lines.size()).forEach(x -> b.append(x).append('\n'));
            } catch (IOException e) {
                b.append("--- ").append(f).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return b.toString();
    }

    static boolean until(long ms, BooleanSupplier c) throws InterruptedException {
        return BrokerTests.await(ms, c);
    }

    /** The grant an MQTT leaf applies, as its own status says (its fail-safe when it applies none), A. */
    double applied(String leaf) {
        JsonNode s = leafStatus.get(leaf);
        if (s == null) {
            return -1;
        }
        JsonNode a = s.path("applied");
        return (a.isMissingNode() || a.isNull() ? s.path("failsafe_ma").asDouble() : a.path("current_ma").asDouble())
                / 1000;
    }

    /** What the third-party charge point may let its car draw now, by its own reading of its profiles. */
    static double tpGrant(ThirdPartyChargePoint t) {
        return t == null || t.transactionId == null ? 0 : t.limitA();
    }

    /** The observer's own loop: the jevse chargers' event streams and the third-party charge point, every 50 ms. */
    void sample() {
        while (sampling) {
            sampleOnce();
            try {
                Thread.sleep(50);
            } catch (InterruptedException ex) {
                return;
            }
        }
    }

    /** One observation of every source (also right before a limit is lowered, so its snapshot is current). */
    void sampleOnce() {
        for (ChargerEvents e : events.values()) {
            e.poll();
            if (JEVSE_OCPP.contains(e.id)) {
                rule.grant(e.id, e.offerA, "pilot offer");
            }
        }
        for (String id : MQTT) {
            if (applied(id) >= 0) {
                rule.grant(id, applied(id), "its MQTT status");
            }
        }
        rule.grant("TP", tpGrant(tp), "its profiles");
        rule.observe("periodic");
    }

    /** The third-party charge point's meter, every 500 ms while it charges and is connected. */
    void meterTp() {
        while (sampling) {
            ThirdPartyChargePoint t = tp;
            if (tpMetering && t != null && t.connected() && t.transactionId != null) {
                try {
                    t.meter();
                } catch (Exception e) {
                    // the LC closed its side (the CSMS is gone): the charge point is offline
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException ex) {
                return;
            }
        }
    }

    void startDaemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    /** The manager's own claim, checked too: Σ of the allocations on each node within its limit. */
    void onState(JsonNode s) {
        lastState = s;
        double site = 0;
        double garage = 0;
        for (JsonNode c : s.path("chargers")) {
            double a = c.path("ac").asDouble() / 1000;
            site += a;
            if ("garage".equals(c.path("node").asText())) {
                garage += a;
            }
        }
        double limit = s.path("limits_ma").path(0).asDouble() / 1000;
        if (site > limit + 1e-6 || garage > GARAGE_A + 1e-6) {
            claimBreaches.add("allocations site " + site + " A (limit " + limit + "), garage " + garage + " A: " + s);
        }
    }

    @Test
    void theMixedSiteUnderACutACsmsKillAndAnLcKill() throws Exception {
        MosquittoProcess broker = BrokerTests.startBroker();
        open.add(broker);
        List<CsmsPeer> csmsLives = new ArrayList<>();
        CsmsPeer csms = CsmsPeer.start();
        csmsLives.add(csms);
        open.add(() -> csmsLives.forEach(CsmsPeer::close));
        CsmsLedger ledger = new CsmsLedger(csmsLives);
        int lcPort = freePort();
        Files.writeString(dir.resolve("manager.yaml"), """
                broker_url: %s
                topic_prefix: %s
                activation_window_s: 0
                switch_on_hysteresis_s: 0
                nodes:
                  - {id: site, limits_A: [%.0f, %.0f, %.0f]}
                  - {id: garage, parent: site, limits_A: [%.0f, %.0f, %.0f]}
                chargers:
                  - {id: cpm1, node: site, rotation: L123, max_current_A: 16}
                  - {id: cpm2, node: site, rotation: L123, max_current_A: 16}
                  - {id: CPO1, node: garage, rotation: L123, max_current_A: 16}
                  - {id: CPO2, node: garage, rotation: L123, max_current_A: 16}
                  - {id: TP, node: garage, rotation: L123, max_current_A: 16}
                ocpp_server:
                  listen: 127.0.0.1:%d
                  upstream_url: %s
                  valid_for_s: %d
                  chargers: [{id: CPO1}, {id: CPO2}, {id: TP}]
                """.formatted(broker.url(), PREFIX, SITE_A, SITE_A, SITE_A, GARAGE_A, GARAGE_A, GARAGE_A, lcPort,
                csms.uri(), LEASE_S));
        rule.node("site", SITE_A, "cpm1", "cpm2", "CPO1", "CPO2", "TP");
        rule.node("garage", GARAGE_A, "CPO1", "CPO2", "TP");

        Process manager = JarProcess.start(dir.resolve("manager.out"), dir.resolve("manager.err"), "energy-manager",
                "--config", dir.resolve("manager.yaml").toString());
        open.add(manager::destroyForcibly);
        for (String id : MQTT) {
            Files.writeString(dir.resolve(id + ".yaml"), "evse:\n  evse_id: MIXED*" + id + "\nboard:\n  type: sim\n"
                    + "  sim:\n    ev_script: \"sleep 1; plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 32,3;"
                    + " sleep 900; unplug\"\nauth:\n  local_list: [DEMO-TAG]\nenergy:\n  broker_url: " + broker.url()
                    + "\n  leaf_id: " + id + "\n  topic_prefix: " + PREFIX + "\n");
        }
        for (String id : JEVSE_OCPP) {
            Path data = dir.resolve(id + "-data");
            Files.createDirectories(data);
            Files.writeString(data.resolve("configuration.json"), "{\"MeterValueSampleInterval\":\"1\"}");
            Files.writeString(dir.resolve(id + ".yaml"), "evse:\n  evse_id: MIXED*" + id + "\nboard:\n  type: sim\n"
                    + "  sim:\n    ev_script: \"sleep 2; plugin; sleep 1; auth TAG-" + id + "; draw_power_regulated"
                    + " 32,3; sleep 900; unplug\"\nocpp:\n  central_system_uri: ws://127.0.0.1:" + lcPort
                    + "\n  charge_point_id: " + id + "\n  data_dir: " + data + "\n");
        }
        for (String id : concat(MQTT, JEVSE_OCPP)) {
            Process p = JarProcess.start(dir.resolve(id + ".out"), dir.resolve(id + ".err"), "run", "--events",
                    "json", "--config", dir.resolve(id + ".yaml").toString());
            open.add(p::destroyForcibly);
            events.put(id, new ChargerEvents(id, dir.resolve(id + ".out")));
        }

        Topics topics = new Topics(PREFIX);
        MqttLink site = new MqttLink(broker.url(), "mixed-observer", "", "", null);
        open.add(site);
        for (String id : MQTT) {
            site.subscribe(topics.status(id), (topic, payload, expiry) -> {
                try {
                    JsonNode status = JSON.readTree(payload);
                    synchronized (rule) {
                        leafStatus.put(id, status);
                        rule.grant(id, applied(id), "its MQTT status");
                    }
                } catch (IOException e) {
                    // not a status
                }
            });
        }
        site.subscribe(topics.state(), (topic, payload, expiry) -> {
            try {
                onState(JSON.readTree(payload));
            } catch (IOException e) {
                // not a state
            }
        });
        site.start();
        assertTrue(until(30_000, site::isConnected), "observer connects");
        startDaemon("mixed-site-observer", this::sample);
        startDaemon("third-party-meter", this::meterTp);

        // The third-party charge point: booted, given the LC's fail-safe, then a session.
        ThirdPartyChargePoint t = new ThirdPartyChargePoint("TP");
        open.add(t);
        String lcUrl = "ws://127.0.0.1:" + lcPort;
        assertTrue(until(60_000, () -> listening(lcPort)), "the LC listens\n" + logs());
        t.connect(lcUrl);
        assertTrue(until(10_000, t::connected), "the third-party charge point connects\n" + logs());
        t.boot();
        tp = t;
        assertTrue(until(10_000, () -> t.profiles.stream().anyMatch(
                p -> p.purpose() == ChargingProfilePurposeType.TxDefaultProfile && p.limit() == 0)),
                "the LC's 0 A fail-safe reaches the third-party charge point: " + t.profiles);
        t.status(ChargePointStatus.Preparing);
        t.startSession("TAG-TP");
        tpMetering = true;

        // Everyone charging: 16 A for the MQTT leaves, the garage's 36 A shared by its three OCPP chargers.
        assertTrue(until(120_000, () -> MQTT.stream().allMatch(id -> applied(id) == 16.0)
                && JEVSE_OCPP.stream().allMatch(id -> events.get(id).offerA == 12.0)
                && t.lastTxProfile() != null && t.lastTxProfile().limit() == 12.0),
                "all charging: " + grants() + "\n" + logs());

        // 1. The cut: 40 A for the site, 8 A each.
        Map<String, Double> underAt = cut(topics, site, t);
        printCutTable(underAt);

        // 3. The CSMS saw each OCPP charger's boot, authorization and transaction once, and nothing of the LC's own.
        assertExactlyOnceAtTheCsms(ledger, List.of("CPO1", "CPO2", "TP"), "TAG-");
        assertFalse(ledger.anyLcFrame(), "no LC frame upstream");
        ledger.assertNoInvalid();

        // 4. The CSMS killed (kill -9) during the transactions and started again on its port.
        int tx1 = t.transactionId;
        for (int k = 1; k <= CSMS_KILLS; k++) {
            csms = restartCsms(csms, csmsLives, t, lcUrl, k);
        }
        t.stopSession(1500);
        assertTrue(until(10_000, () -> ledger.answered("TP", "StopTransaction").size() == 1),
                "the third-party StopTransaction reaches the CSMS");
        csms.respond("StartTransaction", CsmsPeer.json("{\"transactionId\":2001,\"idTagInfo\":{\"status\":\"Accepted\"}}"));
        t.status(ChargePointStatus.Preparing);
        t.startSession("TAG-TP2");
        assertEquals(2001, t.transactionId, "a new transaction numbered by the restarted CSMS");
        assertTrue(until(30_000, () -> t.lastTxProfile() != null && t.lastTxProfile().transactionId() == 2001
                && t.lastTxProfile().limit() == 8.0), "the new transaction is granted 8 A: " + t.lastTxProfile());
        assertNothingLostNothingDuplicated(ledger, tx1);

        // 5. kill -9 of the LC: each OCPP charger keeps its last grant until the schedule ends, then 0 A.
        assertTrue(until(30_000, () -> JEVSE_OCPP.stream().allMatch(id -> events.get(id).offerA > 0)
                && tpGrant(t) > 0), "every OCPP charger holds a grant before the LC is killed: " + grants());
        tpMetering = false;
        ThirdPartyChargePoint.Received lastTp = t.lastTxProfile();
        long tpScheduleEnd = lastTp.start().toInstant().toEpochMilli() + lastTp.durationS() * 1000L;
        manager.destroyForcibly().waitFor();
        long killedAt = System.nanoTime();
        long killedWall = System.currentTimeMillis();
        Map<String, Double> fallback = new LinkedHashMap<>();
        Map<String, Double> heldUntil = new LinkedHashMap<>();
        assertTrue(until((LEASE_S + 30) * 1000L, () -> {
            for (String id : JEVSE_OCPP) {
                if (!fallback.containsKey(id) && events.get(id).offerA == 0) {
                    fallback.put(id, (System.nanoTime() - killedAt) / 1e9);
                }
            }
            if (!fallback.containsKey("TP") && tpGrant(t) == 0) {
                fallback.put("TP", (System.nanoTime() - killedAt) / 1e9);
            }
            return fallback.size() == 3;
        }), "every OCPP charger at its 0 A fail-safe: " + fallback + " " + grants() + "\n" + logs());
        System.out.printf("LC killed (lease %d s): fail-safe 0 A reached after %s s; the third-party grant's schedule"
                + " ended %.1f s after the kill%n", LEASE_S, fallback, (tpScheduleEnd - killedWall) / 1e3);

        sampling = false;
        System.out.println("third-party TxProfiles (received ms after the first, limit, schedule start, margin left"
                + " of the schedule it replaced, ms): " + renewals(t));
        List<HardRuleObserver.Breach> breaches = rule.breaches();
        assertTrue(breaches.isEmpty(), breaches.size() + " observations with Σ of the grants over a limit, seen from"
                + " outside; the first: " + breaches.subList(0, Math.min(5, breaches.size())));
        assertTrue(claimBreaches.isEmpty(), "the manager's own allocations over a limit: "
                + claimBreaches.subList(0, Math.min(5, claimBreaches.size())));
        System.out.printf("observer: %d observations, max Σ site %.1f A (limit %.0f, then %.0f), garage %.1f A"
                + " (limit %.0f)%n", rule.observations(), rule.maxSum("site"), SITE_A, CUT_A, rule.maxSum("garage"),
                GARAGE_A);
    }

    /** Each TxProfile the third-party charge point got, and how much of the previous one's schedule was left. */
    static String renewals(ThirdPartyChargePoint t) {
        StringBuilder b = new StringBuilder();
        ThirdPartyChargePoint.Received prev = null;
        long first = -1;
        for (ThirdPartyChargePoint.Received p : t.profiles) {
            if (p.purpose() != ChargingProfilePurposeType.TxProfile) {
                continue;
            }
            first = first < 0 ? p.atMs() : first;
            long left = prev == null || !java.util.Objects.equals(prev.transactionId(), p.transactionId()) ? 0
                    : prev.start().toInstant().toEpochMilli() + prev.durationS() * 1000L - p.atMs();
            b.append(String.format("[%d %.0f A %s %d] ", p.atMs() - first, p.limit(), p.start().toLocalTime(), left));
            prev = p;
        }
        return b.toString();
    }

    static boolean listening(int port) {
        try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    String grants() {
        StringBuilder b = new StringBuilder();
        for (String id : MQTT) {
            b.append(id).append(' ').append(applied(id)).append(" A, ");
        }
        for (String id : JEVSE_OCPP) {
            ChargerEvents e = events.get(id);
            b.append(id).append(" offer ").append(e.offerA).append(" A limit ").append(e.limitA).append(' ')
                    .append(e.limitSource).append(", ");
        }
        ThirdPartyChargePoint t = tp;
        b.append("TP ").append(t == null ? "-" : t.lastTxProfile());
        return b.toString();
    }

    /** The cut 80 A → 40 A; returns, per leaf and what was measured, the ms after the cut message. */
    Map<String, Double> cut(Topics topics, MqttLink site, ThirdPartyChargePoint t) throws Exception {
        Map<String, Double> at = new LinkedHashMap<>();
        sampleOnce();
        rule.lower("site", CUT_A);
        long cutAt = System.nanoTime();
        site.publish(topics.availableCurrentUpdate(), Long.toString(Math.round(CUT_A * 1000))
                .getBytes(StandardCharsets.UTF_8), 1, false, 0);
        assertTrue(until(30_000, () -> {
            double ms = (System.nanoTime() - cutAt) / 1e6;
            for (String id : MQTT) {
                events.get(id).poll();
                if (applied(id) >= 0 && applied(id) <= 8.0) {
                    at.putIfAbsent(id + " grant applied (its status)", ms);
                }
                if (events.get(id).offerA <= 8.0) {
                    at.putIfAbsent(id + " pilot offer", ms);
                }
            }
            for (String id : JEVSE_OCPP) {
                ChargerEvents e = events.get(id);
                e.poll();
                if (e.limitA >= 0 && e.limitA <= 8.0) {
                    at.putIfAbsent(id + " OCPP limit in force", ms);
                }
                if (e.offerA <= 8.0) {
                    at.putIfAbsent(id + " pilot offer", ms);
                }
            }
            if (t.lastTxProfile().limit() <= 8.0) {
                at.putIfAbsent("TP TxProfile received", ms);
            }
            if (t.drawA() <= 8.0) {
                at.putIfAbsent("TP limit in force (its profiles)", ms);
            }
            if (!rule.inTransition()) {
                at.putIfAbsent("Σ from outside under 40 A", rule.transitionMs());
            }
            JsonNode s = lastState;
            if (s != null && s.path("allocated_ma").path(0).asLong() <= Math.round(CUT_A * 1000)) {
                at.putIfAbsent("manager: Σ counted (allocated_ma) under 40 A", ms);
            }
            return at.size() == 2 * MQTT.size() + 2 * JEVSE_OCPP.size() + 4;
        }), "every charger under 8 A: " + at + " " + grants() + "\n" + logs());
        return at;
    }

    static void printCutTable(Map<String, Double> at) {
        System.out.printf("mixed site, cut 80 A -> 40 A through available_current_update (ms after the message;"
                + " polled every 50-100 ms, so upper bounds):%n");
        System.out.printf("| kind of leaf | what | ms |%n|---|---|---|%n");
        for (Map.Entry<String, Double> e : at.entrySet()) {
            String k = e.getKey();
            String kind = k.startsWith("cpm") ? "MQTT leaf (jevse run)" : k.startsWith("CPO") ? "jevse OCPP charger"
                    : k.startsWith("TP") ? "third-party OCPP charger" : "site";
            System.out.printf("| %s | %s | %.0f |%n", kind, k, e.getValue());
        }
    }

    static void assertExactlyOnceAtTheCsms(CsmsLedger ledger, List<String> ids, String tagPrefix) {
        for (String id : ids) {
            assertEquals(1, ledger.answered(id, "BootNotification").size(), id + " boots once at the CSMS");
            assertEquals(1, ledger.answered(id, "Authorize").stream()
                    .filter(c -> c.params().path("idTag").asText().equals(tagPrefix + id)).count(),
                    id + " authorizes once at the CSMS");
            assertEquals(1, ledger.answered(id, "StartTransaction").stream()
                    .filter(c -> c.params().path("idTag").asText().equals(tagPrefix + id)).count(),
                    id + " starts once at the CSMS");
        }
    }

    /**
     * kill -9 of the CSMS process while every OCPP charger is in its transaction; the LC closes their sides; after a
     * few seconds (meter samples are taken meanwhile) a new CSMS process on the same port; the chargers come back.
     */
    CsmsPeer restartCsms(CsmsPeer csms, List<CsmsPeer> lives, ThirdPartyChargePoint t, String lcUrl, int round)
            throws Exception {
        int port = csms.port();
        List<ProcessHandle> nodes = ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("csms.js")).orElse(false)).toList();
        assertEquals(1, nodes.size(), "one ocpp-rpc CSMS process: " + nodes);
        assertTrue(nodes.get(0).destroyForcibly(), "kill -9 of the CSMS"); // SIGKILL on Linux
        long killedAt = System.nanoTime();
        assertTrue(until(30_000, () -> concat(JEVSE_OCPP, List.of("TP")).stream().allMatch(id -> !lcHas(id))),
                "the LC closes every charger's side\n" + logs());
        double closedS = (System.nanoTime() - killedAt) / 1e9;
        Thread.sleep(3_000); // the outage: samples are taken and queued by the chargers meanwhile
        CsmsPeer next = CsmsPeer.start(port);
        lives.add(next);
        long restartedWall = System.currentTimeMillis();
        // Java-OCA-OCPP's client does not reconnect by itself: the test, as its firmware, does.
        assertTrue(until(30_000, () -> {
            if (!lcHas("TP")) {
                t.connect(lcUrl);
                try {
                    return until(5_000, () -> lcHas("TP"));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return true;
        }), "the third-party charge point reconnects through the LC\n" + logs());
        t.status(ChargePointStatus.Charging);
        // Both jevse chargers are back and their queues drained: a sample taken after the restart has arrived.
        assertTrue(until(60_000, () -> JEVSE_OCPP.stream().allMatch(id -> next.calls("MeterValues").stream()
                .anyMatch(c -> id.equals(c.path("identity").asText()) && c.path("params").path("meterValue")
                        .findValues("timestamp").stream().anyMatch(ts -> Instant.parse(ts.asText())
                                .toEpochMilli() > restartedWall)))),
                "the jevse chargers' samples after the restart arrive\n" + logs());
        System.out.printf("CSMS kill %d: the LC closed the chargers' sides after %.1f s; all back %.1f s after the"
                + " restart%n", round, closedS, (System.currentTimeMillis() - restartedWall) / 1e3);
        return next;
    }

    /** Whether the LC's log says the charger is connected now (its last line about it is a connect). */
    boolean lcHas(String id) {
        String l = log("manager");
        return l.lastIndexOf("ocpp server: " + id + " connected from") > l.lastIndexOf("ocpp server: " + id
                + " disconnected");
    }

    String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".err")) + Files.readString(dir.resolve(name + ".out"));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Per OCPP charger and transaction: one StartTransaction, the third party's one StopTransaction, every meter
     * sample once (a sample the killed CSMS received but never answered is the one exception: it must come again),
     * and the jevse chargers' 1 s samples without a gap across the outage.
     */
    void assertNothingLostNothingDuplicated(CsmsLedger ledger, int tpTx1) {
        for (String id : JEVSE_OCPP) {
            List<CsmsLedger.Call> starts = ledger.answered(id, "StartTransaction");
            assertEquals(1, starts.size(), id + ": one StartTransaction over the CSMS's lives: " + starts);
            int tx = ledger.calls().stream().filter(c -> c.identity().equals(id)
                    && c.action().equals("MeterValues") && c.params().has("transactionId")).findFirst()
                    .orElseThrow().params().path("transactionId").asInt();
            Map<String, Integer> samples = ledger.samples(id, tx);
            assertTrue(samples.values().stream().allMatch(n -> n == 1),
                    id + " transaction " + tx + ": every sample answered exactly once: " + samples);
            List<Long> ts = samples.keySet().stream().map(s -> Instant.parse(s).toEpochMilli()).sorted().toList();
            long maxGap = 0;
            for (int i = 1; i < ts.size(); i++) {
                maxGap = Math.max(maxGap, ts.get(i) - ts.get(i - 1));
            }
            System.out.printf("%s transaction %d: %d samples at the CSMS across its lives, the largest gap %d ms%n",
                    id, tx, ts.size(), maxGap);
            assertTrue(maxGap <= 3_000, id + ": no sample lost across the outage (1 s interval), largest gap "
                    + maxGap + " ms in " + ts);
        }
        assertEquals(1, ledger.answered("TP", "StopTransaction").size(), "one third-party StopTransaction");
        assertEquals(2, ledger.answered("TP", "StartTransaction").size(), "two third-party StartTransactions");
        Map<String, Integer> tpSamples = ledger.samples("TP", tpTx1);
        assertTrue(tpSamples.values().stream().allMatch(n -> n == 1),
                "third-party transaction " + tpTx1 + ": every sample answered exactly once: " + tpSamples);
        assertExactlyOnceAtTheCsms(ledger, JEVSE_OCPP, "TAG-");
        assertEquals(1, ledger.answered("TP", "BootNotification").size(), "a reconnect is not a boot");
        assertFalse(ledger.anyLcFrame(), "no LC frame upstream in any life of the CSMS");
        ledger.assertNoInvalid();
    }
}
