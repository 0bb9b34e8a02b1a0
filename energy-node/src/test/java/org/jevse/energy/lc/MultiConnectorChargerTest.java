package org.jevse.energy.lc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jevse.board.time.SystemTimeSource;
import org.jevse.energy.manager.EnergyManager;
import org.jevse.energy.manager.EnergyManagerFile;
import org.jevse.energy.mqtt.BrokerTests;
import org.jevse.energy.mqtt.MosquittoProcess;
import org.jevse.ocpp.session.RpcSession;
import org.jevse.ocpp.testkit.Schemas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A charger with two connectors behind the LC (CS mode): each connector is a leaf, both under the charger's own
 * node whose limit (20 A) bounds their sum; each connector's transaction gets its own TxProfile (its connector,
 * its transaction id, its profile id), and as the charger is configured with phase_switching, each TxProfile says
 * on how many phases (numberPhases) the allocator granted. The charger is scripted; every frame the LC sends is
 * checked against the OCA schemas.
 */
class MultiConnectorChargerTest {

    final Schemas schemas = new Schemas();
    MosquittoProcess broker;
    EnergyManager manager;
    LocalController lc;
    ScriptedCharger cp;
    int port;

    @BeforeEach
    void start() throws Exception {
        broker = BrokerTests.startBroker();
        port = BrokerTests.freePort();
        EnergyManagerFile file = EnergyManagerFile.parse("""
                broker_url: %s
                topic_prefix: test/duo
                cycle_ms: 200
                transit_margin_ms: 500
                activation_window_s: 0
                switch_on_hysteresis_s: 0
                nodes:
                  - {id: site, limits_A: [63, 63, 63]}
                  - {id: duo, parent: site, limits_A: [20, 20, 20]}
                chargers:
                  - {id: duo-1, node: duo, rotation: L123, max_current_A: 16}
                  - {id: duo-2, node: duo, rotation: L123, max_current_A: 16}
                ocpp_server:
                  listen: 127.0.0.1:%d
                  valid_for_s: 10
                  fallback_margin_s: 0
                  tags: [{id_tag: T1}, {id_tag: T2}]
                  chargers:
                    - id: DUO
                      phase_switching: true
                      connectors: [{connector: 1, leaf: duo-1}, {connector: 2, leaf: duo-2}]
                """.formatted(broker.url(), port), "test");
        manager = new EnergyManager(file, new SystemTimeSource());
        lc = new LocalController(manager, file);
        lc.setFrameTap((id, toCharger, text) -> schemas.tap(toCharger ? RpcSession.Direction.SENT
                : RpcSession.Direction.RECEIVED, text));
        manager.start();
        lc.start();
        assertTrue(BrokerTests.await(10_000, () -> ScriptedCharger.listening(port)), "the LC listens");
        cp = new ScriptedCharger(port, "DUO", null);
    }

    @AfterEach
    void stop() throws Exception {
        if (cp != null) {
            cp.closeBlocking();
        }
        if (lc != null) {
            lc.close();
        }
        if (manager != null) {
            manager.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    int startOn(int connector, String tag) throws Exception {
        cp.call("StatusNotification", "{\"connectorId\":" + connector + ",\"errorCode\":\"NoError\",\"status\":\"Preparing\"}");
        String id = cp.call("StartTransaction", "{\"connectorId\":" + connector + ",\"idTag\":\"" + tag
                + "\",\"meterStart\":0,\"timestamp\":\"2026-12-02T07:00:00Z\"}");
        JsonNode conf = cp.result(id, 10_000);
        assertNotNull(conf, "StartTransaction.conf");
        cp.call("StatusNotification", "{\"connectorId\":" + connector + ",\"errorCode\":\"NoError\",\"status\":\"Charging\"}");
        return conf.path("transactionId").asInt();
    }

    /** The latest TxProfile the LC sent for a connector, or null. */
    JsonNode lastTxProfile(int connector) {
        List<JsonNode> sent = cp.calls("SetChargingProfile").stream()
                .filter(f -> f.get(3).path("connectorId").asInt() == connector
                        && f.get(3).path("csChargingProfiles").path("chargingProfilePurpose").asText().equals("TxProfile"))
                .toList();
        return sent.isEmpty() ? null : sent.get(sent.size() - 1).get(3);
    }

    /** Every 200 ms the charger meters each connector at its latest TxProfile's limit, until {@code c} holds. */
    boolean meterUntil(long ms, java.util.function.BooleanSupplier c) throws Exception {
        long end = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < end) {
            if (c.getAsBoolean()) {
                return true;
            }
            for (int connector = 1; connector <= 2; connector++) {
                double a = Math.max(0, limit(connector));
                cp.call("MeterValues", "{\"connectorId\":" + connector + ",\"meterValue\":[{\"timestamp\":"
                        + "\"2026-12-02T07:00:00Z\",\"sampledValue\":[{\"value\":\"" + a + "\",\"measurand\":"
                        + "\"Current.Import\",\"unit\":\"A\"}]}]}");
            }
            Thread.sleep(200); // polling real I/O with a bound
        }
        return c.getAsBoolean();
    }

    /** The limits of every TxProfile sent, per connector, for a failing assertion's message. */
    String history() {
        StringBuilder b = new StringBuilder();
        for (JsonNode f : cp.calls("SetChargingProfile")) {
            JsonNode p = f.get(3);
            b.append(p.path("connectorId").asInt()).append(':').append(p.path("csChargingProfiles")
                    .path("chargingSchedule").path("chargingSchedulePeriod").get(0).path("limit").asDouble()).append(' ');
        }
        return b.toString();
    }

    String describe(String leaf) {
        try {
            return lc.describe(leaf);
        } catch (Exception e) {
            return String.valueOf(e);
        }
    }

    String state() {
        try {
            return String.valueOf(manager.call(() -> manager.core().state(0)));
        } catch (Exception e) {
            return String.valueOf(e);
        }
    }

    double limit(int connector) {
        JsonNode p = lastTxProfile(connector);
        return p == null ? -1 : p.path("csChargingProfiles").path("chargingSchedule").path("chargingSchedulePeriod")
                .get(0).path("limit").asDouble();
    }

    @Test
    void eachConnectorIsALeafWithItsOwnTxProfileUnderTheChargersLimit() throws Exception {
        assertTrue(cp.boot(), "the charger connects");
        int tx1 = startOn(1, "T1");
        int tx2 = startOn(2, "T2");
        // Until an earlier LC's possible profiles have run out (valid_for_s 10), both count at their maximum; the
        // charger meters what its profiles allow, so a reduction is confirmed by the meter.
        assertTrue(meterUntil(40_000, () -> limit(1) >= 6 && limit(2) >= 6), () -> "a TxProfile for each connector: "
                + history() + "; " + describe("duo-1") + "; " + describe("duo-2") + "; " + state());
        JsonNode p1 = lastTxProfile(1).path("csChargingProfiles");
        JsonNode p2 = lastTxProfile(2).path("csChargingProfiles");
        assertEquals(tx1, p1.path("transactionId").asInt(), "connector 1's transaction");
        assertEquals(tx2, p2.path("transactionId").asInt(), "connector 2's transaction");
        assertEquals(Profiles.TX_PROFILE_ID, p1.path("chargingProfileId").asInt());
        assertEquals(Profiles.TX_PROFILE_ID + 1, p2.path("chargingProfileId").asInt());
        double a1 = p1.path("chargingSchedule").path("chargingSchedulePeriod").get(0).path("limit").asDouble();
        double a2 = p2.path("chargingSchedule").path("chargingSchedulePeriod").get(0).path("limit").asDouble();
        assertTrue(a1 + a2 <= 20.0, "the charger's node bounds the sum: " + a1 + " + " + a2);
        assertTrue(a1 >= 6 && a2 >= 6, "both charge: " + a1 + ", " + a2);
        for (JsonNode p : List.of(p1, p2)) {
            JsonNode n = p.path("chargingSchedule").path("chargingSchedulePeriod").get(0).path("numberPhases");
            assertTrue(n.isInt() && (n.asInt() == 1 || n.asInt() == 3), "phase_switching: numberPhases " + n);
        }
        assertTrue(lc.view("duo-1").connected() && lc.view("duo-2").connected());
        assertEquals(tx2, lc.view("duo-2").transactionId());
        schemas.assertClean();
    }

    @Test
    void aChargerThatSaysItCannotSwitchPhasesGetsOnlyCurrents() throws Exception {
        cp.configuration = "[{\"key\":\"ConnectorSwitch3to1PhaseSupported\",\"readonly\":true,\"value\":\"false\"}]";
        assertTrue(cp.boot(), "the charger connects");
        startOn(1, "T1");
        assertTrue(BrokerTests.await(15_000, () -> lastTxProfile(1) != null), "a TxProfile for its transaction");
        JsonNode period = lastTxProfile(1).path("csChargingProfiles").path("chargingSchedule")
                .path("chargingSchedulePeriod").get(0);
        assertTrue(period.path("numberPhases").isMissingNode(), "OCPP 1.6: only the current: " + period);
        schemas.assertClean();
    }

    @Test
    void aChargerThatTakesOnlyWattsGetsItsFailSafeInWatts() throws Exception {
        cp.configuration = "[{\"key\":\"ChargingScheduleAllowedChargingRateUnit\",\"readonly\":true,\"value\":\"Power\"}]";
        assertTrue(cp.boot(), "the charger connects");
        assertTrue(BrokerTests.await(10_000, () -> !cp.calls("SetChargingProfile").isEmpty()), "the fail-safe");
        JsonNode failSafe = cp.calls("SetChargingProfile").get(0).get(3).path("csChargingProfiles");
        assertEquals("TxDefaultProfile", failSafe.path("chargingProfilePurpose").asText());
        assertEquals("W", failSafe.path("chargingSchedule").path("chargingRateUnit").asText(),
                "the probe's answer came before the fail-safe went out");
        schemas.assertClean();
    }
}
