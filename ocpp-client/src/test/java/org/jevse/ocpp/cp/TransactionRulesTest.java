package org.jevse.ocpp.cp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.jevse.ocpp.localauth.LocalListConfig;
import org.jevse.ocpp.smartcharging.ConnectorPhases;
import org.jevse.ocpp.smartcharging.InstalledProfile;
import org.jevse.ocpp.smartcharging.SmartChargingConfig;
import org.jevse.ocpp.testkit.UnitChargePoint;
import org.jevse.ocpp.v16.StopTransactionReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's rules for the messages that start and stop a transaction, on a manual clock: the chargingProfile of
 * a RemoteStartTransaction (OCPP 1.6 §5.11, errata 3.41) and the idTag of a StopTransaction (§6.49).
 */
class TransactionRulesTest {
    private static final String SCHEDULE = "\"chargingProfileKind\":\"Relative\",\"chargingSchedule\":"
            + "{\"chargingRateUnit\":\"A\",\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":10}]}";

    @TempDir
    Path dir;

    private static String remoteStart(String profile) {
        return "[2,\"rs\",\"RemoteStartTransaction\",{\"connectorId\":1,\"idTag\":\"REMOTE\""
                + (profile == null ? "" : ",\"chargingProfile\":" + profile) + "}]";
    }

    private static String profile(String purpose, String transactionId) {
        return "{\"chargingProfileId\":9,\"stackLevel\":0,\"chargingProfilePurpose\":\"" + purpose + "\","
                + (transactionId == null ? "" : "\"transactionId\":" + transactionId + ",") + SCHEDULE + "}";
    }

    /** A charge point with the SmartCharging and LocalAuthListManagement profiles installed, registered. */
    private record WithFeatures(UnitChargePoint u, Features.Installed features) {
        static WithFeatures open(Path dir) throws Exception {
            SmartChargingConfig sc = SmartChargingConfig.singleConnector(32);
            UnitChargePoint u = new UnitChargePoint(dir, Features.PROFILES,
                    Features.keys(LocalListConfig.DEFAULT, sc, false), new Features.Setup(
                            Features.open(dir, LocalListConfig.DEFAULT, sc, 10), null, () -> ConnectorPhases.fixed(3),
                            l -> { }));
            Features.Installed f = u.cp.features();
            u.startAccepted();
            return new WithFeatures(u, f);
        }

        String answer(String call) {
            u.transport.inject(call);
            JsonNode r = u.lastSent();
            assertEquals(3, r.get(0).asInt(), r.toString());
            return r.get(2).path("status").asText();
        }

        List<InstalledProfile> installed() {
            return features.profiles().installed();
        }
    }

    @Test
    void aRemoteStartWithATxProfileInstallsItForTheTransactionAboutToStart() throws Exception {
        WithFeatures w = WithFeatures.open(dir);
        assertEquals("Accepted", w.answer(remoteStart(profile("TxProfile", null))));
        assertEquals(List.of("remoteStart 1 REMOTE"), w.u.host.log);
        assertEquals(1, w.installed().size());
        assertEquals(9, w.installed().get(0).profile().chargingProfileId());
        w.u.schemas.assertClean();
    }

    @Test
    void aRemoteStartWhoseProfileIsNotATxProfileIsRejectedAndNothingStarts() throws Exception {
        WithFeatures w = WithFeatures.open(dir);
        assertEquals("Rejected", w.answer(remoteStart(profile("TxDefaultProfile", null))));
        assertEquals("Rejected", w.answer(remoteStart(profile("ChargePointMaxProfile", null))));
        assertTrue(w.u.host.log.isEmpty(), w.u.host.log.toString());
        assertTrue(w.installed().isEmpty());
        w.u.schemas.assertClean();
    }

    @Test
    void aRemoteStartProfileWithATransactionIdIsRejected() throws Exception {
        WithFeatures w = WithFeatures.open(dir);
        // errata 3.41: the transaction has no id yet, so the CSMS SHALL NOT set one
        assertEquals("Rejected", w.answer(remoteStart(profile("TxProfile", "7"))));
        assertTrue(w.u.host.log.isEmpty());
        assertTrue(w.installed().isEmpty());
    }

    @Test
    void withoutSmartChargingAChargingProfileCannotBeHonouredAndIsRejected() {
        UnitChargePoint u = new UnitChargePoint(dir).startAccepted();
        u.transport.inject(remoteStart(profile("TxProfile", null)));
        assertEquals("Rejected", u.lastSent().get(2).path("status").asText());
        u.transport.inject(remoteStart(null));
        assertEquals("Accepted", u.lastSent().get(2).path("status").asText());
        assertEquals(List.of("remoteStart 1 REMOTE"), u.host.log);
    }

    @Test
    void aRemoteStartedTagNeedsNoAuthorizeWhenAuthorizeRemoteTxRequestsIsFalse() throws Exception {
        WithFeatures w = WithFeatures.open(dir);
        w.u.config.change(LocalAuthorization.AUTHORIZE_REMOTE_TX_REQUESTS, "false");
        assertEquals("Accepted", w.answer(remoteStart(null)));
        int sent = w.u.transport.sent.size();
        Boolean[] decision = {null};
        w.features.authorization().authorize(1, "REMOTE", d -> decision[0] = d);
        assertEquals(Boolean.TRUE, decision[0]);
        assertEquals(sent, w.u.transport.sent.size(), "no Authorize.req");
    }

    private static JsonNode stopAfterStart(UnitChargePoint u, StopTransactionReason reason, String idTag) {
        u.cp.transactionStarted(1, "TAG", 0, u.sched.wallMs(), null);
        u.answerLast("{\"transactionId\":5,\"idTagInfo\":{\"status\":\"Accepted\"}}");
        u.cp.transactionStopped(1, 5, u.sched.wallMs() + 1000, reason, idTag);
        JsonNode stop = u.lastSent();
        assertEquals("StopTransaction", stop.get(2).asText(), stop.toString());
        u.answerLast("{}");
        return stop.get(3);
    }

    @Test
    void aStopTransactionCarriesTheIdTagOnlyWhenTheStopIsLocal() {
        UnitChargePoint u = new UnitChargePoint(dir).startAccepted();
        assertEquals("TAG", stopAfterStart(u, StopTransactionReason.Local, "TAG").path("idTag").asText());
        for (StopTransactionReason r : List.of(StopTransactionReason.Remote, StopTransactionReason.EVDisconnected,
                StopTransactionReason.DeAuthorized, StopTransactionReason.SoftReset)) {
            JsonNode stop = stopAfterStart(u, r, "TAG");
            assertFalse(stop.has("idTag"), r + ": " + stop);
            assertEquals(r.name(), stop.path("reason").asText());
        }
        u.schemas.assertClean();
    }
}
