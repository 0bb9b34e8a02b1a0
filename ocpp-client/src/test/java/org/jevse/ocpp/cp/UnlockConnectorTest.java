package org.jevse.ocpp.cp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.StandardKeys;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.testkit.UnitChargePoint;
import org.jevse.ocpp.v16.UnlockConnectorStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UnlockConnector as the client answers it (OCPP 1.6 §5.18, errata 3.85), and UnlockConnectorOnEVSideDisconnect
 * for a fixed cable (errata 3.83). Every frame sent is checked against the OCA schemas.
 */
class UnlockConnectorTest {
    private static final String KEY = StandardKeys.UNLOCK_CONNECTOR_ON_EV_SIDE_DISCONNECT;

    @TempDir
    Path dir;

    /** The CALLRESULT or CALLERROR sent for the CALL {@code id}, or null. */
    private static JsonNode answerTo(UnitChargePoint u, String id) throws Exception {
        for (String s : u.transport.sent) {
            JsonNode n = OcppJson.mapper().readTree(s);
            if (n.get(0).asInt() != 2 && id.equals(n.get(1).asText())) {
                return n;
            }
        }
        return null;
    }

    @Test
    void theAnswerWaitsForTheHostAndCarriesWhatTheLockReported() throws Exception {
        UnitChargePoint u = new UnitChargePoint(dir).startAccepted();
        CompletableFuture<UnlockConnectorStatus> lock = new CompletableFuture<>();
        u.host.unlockAnswer = lock;
        u.transport.inject("[2,\"u1\",\"UnlockConnector\",{\"connectorId\":1}]");
        assertEquals(List.of("unlock 1"), u.host.log);
        assertEquals(null, answerTo(u, "u1"), "no answer before the lock has reported");
        // Other CSMS calls are answered meanwhile.
        u.transport.inject("[2,\"g1\",\"GetConfiguration\",{\"key\":[\"HeartbeatInterval\"]}]");
        assertEquals(3, answerTo(u, "g1").get(0).asInt());
        lock.complete(UnlockConnectorStatus.UnlockFailed);
        JsonNode answer = answerTo(u, "u1");
        assertEquals("UnlockFailed", answer.get(2).path("status").asText(), answer.toString());
        u.schemas.assertClean();
    }

    @Test
    void anAnswerThatComesAfterTheConnectionDroppedIsNotSentOnTheNextOne() throws Exception {
        UnitChargePoint u = new UnitChargePoint(dir).startAccepted();
        CompletableFuture<UnlockConnectorStatus> lock = new CompletableFuture<>();
        u.host.unlockAnswer = lock;
        u.transport.inject("[2,\"u2\",\"UnlockConnector\",{\"connectorId\":1}]");
        u.transport.drop();
        u.sched.advance(60_000);
        u.transport.open();
        lock.complete(UnlockConnectorStatus.Unlocked);
        assertEquals(null, answerTo(u, "u2"), "the CSMS gave up on that CALL with its connection");
        u.schemas.assertClean();
    }

    @Test
    void anUnknownConnectorIsNotSupportedWithoutAskingTheCharger() throws Exception {
        UnitChargePoint u = new UnitChargePoint(dir).startAccepted();
        u.transport.inject("[2,\"u3\",\"UnlockConnector\",{\"connectorId\":2}]");
        assertEquals("NotSupported", answerTo(u, "u3").get(2).path("status").asText());
        assertTrue(u.host.log.isEmpty());
        u.schemas.assertClean();
    }

    @Test
    void aFixedCableReportsFalseAndRefusesAChange() {
        Configuration c = new Configuration(CoreKeys.of(1, 60, "Core", StandardKeys.Cable.FIXED),
                dir.resolve("config.json"));
        ConfigKey k = c.key(KEY);
        assertTrue(k.readOnly());
        assertEquals("false", c.get(KEY));
        assertEquals(Configuration.Change.Rejected, c.change(KEY, "true"));
        assertEquals("false", c.get(KEY));
    }

    @Test
    void aSocketReportsTrueTheOnlyValueTheChargerHonours() {
        Configuration c = new Configuration(CoreKeys.of(1, 60, "Core", StandardKeys.Cable.SOCKET), null);
        assertFalse(c.key(KEY).readOnly());
        assertEquals("true", c.get(KEY));
        assertEquals(Configuration.Change.Rejected, c.change(KEY, "false"));
    }
}
