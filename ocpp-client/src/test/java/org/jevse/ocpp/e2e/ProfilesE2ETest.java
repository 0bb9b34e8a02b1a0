package org.jevse.ocpp.e2e;

import static org.jevse.ocpp.testkit.CsmsPeer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jevse.ocpp.testkit.CsmsPeer;
import org.jevse.ocpp.testkit.TestChargePoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SmartCharging and LocalAuthListManagement operations (logic in org.jevse.ocpp.smartcharging / .localauth)
 * through the client, against ocpp-rpc in strict mode, which also validates every answer the client returns.
 */
class ProfilesE2ETest {

    @TempDir
    Path dir;

    @Test
    void chargingProfilesReachTheChargerAsALimit() throws Exception {
        try (CsmsPeer csms = CsmsPeer.start();
             TestChargePoint t = new TestChargePoint(csms.uri(), "CP-SC", dir, 1000, true)) {
            t.start();
            Await.until(t.cp::online, "online");
            JsonNode set = csms.call("SetChargingProfile", json("{\"connectorId\":0,\"csChargingProfiles\":{"
                    + "\"chargingProfileId\":1,\"stackLevel\":0,\"chargingProfilePurpose\":\"ChargePointMaxProfile\","
                    + "\"chargingProfileKind\":\"Absolute\",\"chargingSchedule\":{\"startSchedule\":\"2020-01-01T00:00:00Z\",\"chargingRateUnit\":\"A\","
                    + "\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":10.0}]}}}"));
            assertEquals("Accepted", set.path("result").path("status").asText(), set.toString());
            Await.until(() -> t.limits.contains(10.0), "the 10 A limit");
            JsonNode composite = csms.call("GetCompositeSchedule", json("{\"connectorId\":1,\"duration\":3600}"));
            assertEquals("Accepted", composite.path("result").path("status").asText(), composite.toString());
            JsonNode clear = csms.call("ClearChargingProfile", json("{\"id\":1}"));
            assertEquals("Accepted", clear.path("result").path("status").asText());
            Await.until(() -> t.limits.get(t.limits.size() - 1) == -1.0, "no limit after clearing");
            t.schemas.assertClean();
            csms.assertNoInvalid();
        }
    }

    @Test
    void theLocalListAuthorizesOfflineAndTheCacheIsCleared() throws Exception {
        try (CsmsPeer csms = CsmsPeer.start();
             TestChargePoint t = new TestChargePoint(csms.uri(), "CP-LA", dir, 1000, true)) {
            t.start();
            Await.until(t.cp::online, "online");
            assertEquals(0, csms.call("GetLocalListVersion", json("{}")).path("result").path("listVersion").asInt());
            JsonNode send = csms.call("SendLocalList", json("{\"listVersion\":5,\"updateType\":\"Full\","
                    + "\"localAuthorizationList\":[{\"idTag\":\"LISTED\",\"idTagInfo\":{\"status\":\"Accepted\"}}]}"));
            assertEquals("Accepted", send.path("result").path("status").asText(), send.toString());
            assertEquals(5, csms.call("GetLocalListVersion", json("{}")).path("result").path("listVersion").asInt());
            CompletableFuture<Boolean> online = new CompletableFuture<>();
            t.features.authorization().authorize(1, "CACHED", online::complete);
            assertTrue(online.get(60, TimeUnit.SECONDS));
            assertEquals("Accepted", csms.call("ClearCache", json("{}")).path("result").path("status").asText());
            csms.offline(true);
            Await.until(() -> !t.cp.connected(), "offline");
            CompletableFuture<Boolean> listed = new CompletableFuture<>();
            t.features.authorization().authorize(1, "LISTED", listed::complete);
            assertTrue(listed.get(60, TimeUnit.SECONDS), "LocalAuthorizeOffline with the local list");
            CompletableFuture<Boolean> unknown = new CompletableFuture<>();
            t.features.authorization().authorize(1, "STRANGER", unknown::complete);
            assertEquals(false, unknown.get(60, TimeUnit.SECONDS), "unknown ids are refused offline by default");
            t.schemas.assertClean();
            csms.assertNoInvalid();
        }
    }
}
