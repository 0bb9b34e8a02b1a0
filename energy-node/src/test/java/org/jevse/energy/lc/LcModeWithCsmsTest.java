package org.jevse.energy.lc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import eu.chargetime.ocpp.model.core.AuthorizationStatus;
import eu.chargetime.ocpp.model.core.ChargePointStatus;
import eu.chargetime.ocpp.model.core.ChargingProfilePurposeType;
import java.util.List;
import org.jevse.board.time.SystemTimeSource;
import org.jevse.board.time.TimeSource;
import org.jevse.energy.manager.EnergyManager;
import org.jevse.energy.manager.EnergyManagerFile;
import org.jevse.energy.mqtt.BrokerTests;
import org.jevse.energy.mqtt.MosquittoProcess;
import org.jevse.ocpp.session.RpcSession;
import org.jevse.ocpp.testkit.CsmsPeer;
import org.jevse.ocpp.testkit.Schemas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LC mode: a third-party charge point (Java-OCA-OCPP) behind the Local Controller, and ocpp-rpc in strict mode as
 * the operator's CSMS. The CSMS sees the charger's boot, authorization and transaction exactly once and never a
 * frame of the LC's own; the LC's TxProfile names the CSMS's transaction id; the CSMS's TxProfile is answered by
 * the LC and honoured as an upper bound (server_charging_call Forward), its ChargePointMaxProfile is forwarded.
 * When the CSMS goes away the LC closes the charger's side too.
 */
class LcModeWithCsmsTest {

    final TimeSource time = new SystemTimeSource();
    final Schemas schemas = new Schemas();
    MosquittoProcess broker;
    CsmsPeer csms;
    EnergyManager manager;
    LocalController lc;
    ThirdPartyChargePoint cp;

    @BeforeEach
    void start() throws Exception {
        broker = BrokerTests.startBroker();
        csms = CsmsPeer.start();
        int port;
        port = BrokerTests.freePort();
        EnergyManagerFile file = EnergyManagerFile.parse("""
                broker_url: %s
                topic_prefix: test/lcmode
                cycle_ms: 200
                valid_for_s: 2
                transit_margin_ms: 500
                activation_window_s: 0
                switch_on_hysteresis_s: 0
                nodes:
                  - {id: site, limits_A: [32, 32, 32]}
                chargers:
                  - {id: tp, node: site, rotation: L123, max_current_A: 16}
                ocpp_server:
                  listen: 127.0.0.1:%d
                  upstream_url: ws://127.0.0.1:%d/ocpp
                  valid_for_s: 10
                  chargers: [{id: tp}]
                """.formatted(broker.url(), port, csms.port()), "test");
        manager = new EnergyManager(file, time);
        lc = new LocalController(manager, file);
        lc.setFrameTap((id, toCharger, text) -> schemas.tap(toCharger ? RpcSession.Direction.SENT
                : RpcSession.Direction.RECEIVED, text));
        manager.start();
        lc.start();
        cp = new ThirdPartyChargePoint("tp");
        cp.connect("ws://127.0.0.1:" + port);
        assertTrue(BrokerTests.await(10_000, cp::connected), "the charge point connects");
    }

    @AfterEach
    void stop() {
        if (cp != null) {
            cp.close();
        }
        if (lc != null) {
            lc.close();
        }
        if (manager != null) {
            manager.close();
        }
        if (csms != null) {
            csms.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

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

    @Test
    void theCsmsSeesEverySessionMessageOnceAndNothingOfTheLc() throws Exception {
        cp.boot();
        cp.status(ChargePointStatus.Available);
        cp.status(ChargePointStatus.Preparing);
        assertEquals(AuthorizationStatus.Accepted, cp.startSession("TAG1"));
        int csmsTx = csms.await(e -> "answer".equals(e.path("ev").asText())
                && "StartTransaction".equals(e.path("action").asText()), "the CSMS's StartTransaction answer")
                .path("result").path("transactionId").asInt();
        assertEquals(csmsTx, (int) cp.transactionId, "the CSMS's answer reaches the charger unchanged");
        assertTrue(meterUntil(10_000, () -> cp.lastTxProfile() != null && cp.lastTxProfile().limit() == 16.0),
                "granted its maximum as a TxProfile: " + cp.profiles);
        assertEquals(csmsTx, (int) cp.lastTxProfile().transactionId(), "the TxProfile names the CSMS's transaction");

        // The CSMS's own TxProfile: answered by the LC, its limit an upper bound inside the allocation.
        JsonNode answer = csms.call("SetChargingProfile", CsmsPeer.json("""
                {"connectorId":1,"csChargingProfiles":{"chargingProfileId":7,"transactionId":%d,"stackLevel":2,
                 "chargingProfilePurpose":"TxProfile","chargingProfileKind":"Relative",
                 "chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":8}]}}}
                """.formatted(csmsTx)));
        assertEquals("Accepted", answer.path("result").path("status").asText(), answer.toString());
        assertTrue(meterUntil(10_000, () -> cp.lastTxProfile().limit() == 8.0), "the CSMS's 8 A bounds the grant");
        assertTrue(cp.profiles.stream().noneMatch(p -> p.id() == 7), "the CSMS's TxProfile is not forwarded");

        // Its ChargePointMaxProfile can only lower the composite schedule: forwarded.
        JsonNode max = csms.call("SetChargingProfile", CsmsPeer.json("""
                {"connectorId":0,"csChargingProfiles":{"chargingProfileId":9,"stackLevel":0,
                 "chargingProfilePurpose":"ChargePointMaxProfile","chargingProfileKind":"Relative",
                 "chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":20}]}}}
                """));
        assertEquals("Accepted", max.path("result").path("status").asText(), max.toString());
        assertTrue(cp.profiles.stream().anyMatch(p -> p.id() == 9
                && p.purpose() == ChargingProfilePurposeType.ChargePointMaxProfile));

        cp.stopSession(4000);
        csms.awaitCall("StopTransaction");
        for (String action : List.of("BootNotification", "Authorize", "StartTransaction", "StopTransaction")) {
            assertEquals(1, csms.calls(action).size(), action + " reaches the CSMS exactly once");
        }
        assertTrue(csms.calls().stream().noneMatch(c -> c.path("messageId").asText().startsWith("LC-")),
                "no CALL of the LC's own reaches the CSMS");
        assertTrue(csms.events().stream().noneMatch(e -> e.toString().contains("\"LC-")),
                "no frame of the LC's own (nor an answer to one) reaches the CSMS: " + csms.events());
        csms.assertNoInvalid();
        schemas.assertClean();

        // The CSMS goes away: the charger's side is closed too (it keeps its own messages and falls back).
        csms.offline(true);
        assertTrue(BrokerTests.await(10_000, () -> {
            try {
                return !lc.view("tp").connected();
            } catch (Exception e) {
                return false;
            }
        }), "the LC closes the charger's connection");
    }
}
