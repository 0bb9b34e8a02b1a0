package org.jevse.energy.lc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.chargetime.ocpp.model.core.AuthorizationStatus;
import eu.chargetime.ocpp.model.core.ChargePointStatus;
import eu.chargetime.ocpp.model.core.ChargingProfilePurposeType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jevse.board.time.SystemTimeSource;
import org.jevse.board.time.TimeSource;
import org.jevse.energy.manager.EnergyManager;
import org.jevse.energy.manager.EnergyManagerFile;
import org.jevse.energy.mqtt.BrokerTests;
import org.jevse.energy.mqtt.MosquittoProcess;
import org.jevse.energy.mqtt.MqttLink;
import org.jevse.ocpp.session.RpcSession;
import org.jevse.ocpp.testkit.Schemas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party charge point (Java-OCA-OCPP's 1.6 client) behind the Local Controller in CS mode, with a real
 * Mosquitto for the energy tree's site limit. The LC installs its fail-safe, probes the charger, grants with a
 * TxProfile of the transaction, and cuts with a new one when available_current_update drops; an obedient charger
 * is confirmed by its meter, one that ignores profiles is found disobedient and counted at its maximum. Every
 * frame the LC sends is checked against the OCA schemas. Waits are bounded; nothing asserts on timing.
 */
class ThirdPartyChargerBehindLcTest {

    static final String TAG = "CAFE01";
    final TimeSource time = new SystemTimeSource();
    final Schemas schemas = new Schemas();
    @TempDir
    Path dir;
    MosquittoProcess broker;
    EnergyManager manager;
    LocalController lc;
    ThirdPartyChargePoint cp;
    MqttLink api;
    int port;

    @BeforeEach
    void start() throws Exception {
        broker = BrokerTests.startBroker();
        port = BrokerTests.freePort();
        EnergyManagerFile file = EnergyManagerFile.parse("""
                broker_url: %s
                topic_prefix: test/lc
                cycle_ms: 200
                valid_for_s: 2
                transit_margin_ms: 500
                activation_window_s: 0
                switch_on_hysteresis_s: 0
                nodes:
                  - {id: site, limits_A: [32, 32, 32]}
                chargers:
                  - {id: tp, node: site, rotation: L123, max_current_A: 32}
                ocpp_server:
                  listen: 127.0.0.1:%d
                  valid_for_s: 10
                  fallback_margin_s: 0
                  obedience_timeout_s: 5
                  session_history_file: %s
                  tags: [{id_tag: %s, user: 'Ann Example'}]
                  chargers: [{id: tp}]
                """.formatted(broker.url(), port, dir.resolve("sessions.csv"), TAG), "test");
        manager = new EnergyManager(file, time);
        lc = new LocalController(manager, file);
        lc.setFrameTap((id, toCharger, text) -> schemas.tap(toCharger ? RpcSession.Direction.SENT
                : RpcSession.Direction.RECEIVED, text));
        manager.start();
        lc.start();
        api = new MqttLink(broker.url(), "integrator", "", "", null);
        api.start();
        assertTrue(BrokerTests.await(10_000, api::isConnected), "integrator connects");
        cp = new ThirdPartyChargePoint("tp");
        cp.connect("ws://127.0.0.1:" + port);
        assertTrue(BrokerTests.await(10_000, cp::connected), "the charge point connects");
    }

    @AfterEach
    void stop() throws Exception {
        if (cp != null) {
            cp.close();
        }
        if (lc != null) {
            lc.close();
        }
        if (manager != null) {
            manager.close();
        }
        if (api != null) {
            api.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** Meters every 100 ms until the condition holds (at most {@code ms}). */
    boolean meterUntil(long ms, java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        while (System.nanoTime() < deadline) {
            cp.meter();
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    void plugInAndStart() throws Exception {
        cp.boot();
        cp.status(ChargePointStatus.Available);
        cp.status(ChargePointStatus.Preparing);
        assertEquals(AuthorizationStatus.Accepted, cp.startSession(TAG), "the tag list authorizes " + TAG);
        assertTrue(meterUntil(10_000, () -> cp.lastTxProfile() != null && cp.lastTxProfile().limit() == 32.0),
                "the whole site is granted as a TxProfile: " + cp.profiles);
        ThirdPartyChargePoint.Received first = cp.profiles.get(0);
        assertEquals(ChargingProfilePurposeType.TxDefaultProfile, first.purpose(), "the fail-safe goes first");
        assertEquals(0.0, first.limit(), "fail_safe_current_A 0: new sessions wait for a grant");
        assertEquals(cp.transactionId, cp.lastTxProfile().transactionId(), "the TxProfile names the transaction");
        assertEquals(10, cp.lastTxProfile().durationS(), "its schedule ends after ocpp_server.valid_for_s");
        assertTrue(cp.configurationAsked.contains("ChargingScheduleAllowedChargingRateUnit"), "capability probe");
    }

    void cutTo(int ma) {
        api.publish("test/lc/charge_manager/available_current_update",
                Integer.toString(ma).getBytes(StandardCharsets.UTF_8), 1, false, 0);
    }

    int committedMa() throws Exception {
        return lc.call(() -> manager.core().dispatcher().committed("tp", time.monotonicMs())[0]);
    }

    @Test
    void theDispatcherStopsCountingTheOldGrantOnceTheCutIsConfirmedByTheMeter() throws Exception {
        plugInAndStart();
        cutTo(10_000);
        assertTrue(meterUntil(10_000, () -> cp.lastTxProfile().limit() == 10.0), "the cut goes out as a TxProfile");
        // Until its first TxProfile is accepted the charger may still hold a profile of an earlier LC at its maximum:
        // that counts for valid_for_s (10 s) + the transit margin (2 s) after it was last heard so. When the cut
        // comes within the first second, that, not the cut, is what keeps 32 A counted until about 12 s.
        assertTrue(meterUntil(15_000, () -> {
            try {
                return committedMa() == 10_000;
            } catch (Exception e) {
                return false;
            }
        }), "confirmed by SetChargingProfile.conf and then the meter: the 32 A grant no longer counts ("
                + committedMa() + " mA; " + lc.describe("tp") + ")");
    }

    @Test
    void anObedientChargerIsCutByAProfileAndTheSessionIsRecorded() throws Exception {
        plugInAndStart();
        cutTo(10_000);
        assertTrue(meterUntil(10_000, () -> cp.lastTxProfile().limit() == 10.0), "the cut goes out as a TxProfile");
        assertTrue(meterUntil(10_000, () -> cp.drawA() == 10.0), "the charger obeys: its car draws 10 A");
        assertFalse(lc.view("tp").disobedient());

        cp.stopSession(5000);
        assertTrue(BrokerTests.await(5_000, () -> Files.exists(dir.resolve("sessions.csv"))), "history written");
        List<String> lines = Files.readAllLines(dir.resolve("sessions.csv"));
        assertEquals(CsBackend.CSV_HEADER, lines.get(0));
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).startsWith("tp,1," + lines.get(1).split(",")[2] + "," + TAG + ",Ann Example,"),
                lines.get(1));
        assertTrue(lines.get(1).endsWith(",1000,5000,Local"), lines.get(1));
        schemas.assertClean();
        assertTrue(schemas.checked() > 5, "frames checked: " + schemas.checked());
    }

    @Test
    void aChargerThatIgnoresProfilesIsFoundDisobedientAndCountedAtItsMaximum() throws Exception {
        cp.obey = false;
        plugInAndStart();
        cutTo(10_000);
        long cutAt = time.monotonicMs();
        assertTrue(meterUntil(10_000, () -> cp.lastTxProfile().limit() == 10.0), "the cut goes out as a TxProfile");
        assertTrue(meterUntil(15_000, () -> {
            try {
                return lc.view("tp").disobedient();
            } catch (Exception e) {
                return false;
            }
        }), "metered 32 A under a 10 A profile beyond obedience_timeout_s");
        // After every 32 A grant has expired (valid_for 10 s + margin), only the disobedience keeps it counted.
        assertTrue(meterUntil(15_000, () -> time.monotonicMs() > cutAt + 11_000));
        assertEquals(32_000, committedMa(), "a disobedient charger counts at its maximum");
        assertEquals(1, lc.view("tp").disobediences());
        schemas.assertClean();
    }
}
