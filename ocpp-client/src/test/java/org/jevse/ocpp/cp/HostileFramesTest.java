package org.jevse.ocpp.cp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jevse.ocpp.testkit.UnitChargePoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames a hostile or sloppy CSMS sends, each with the answer OCPP-J 1.6 requires: exact enumeration values,
 * schema lengths and formats checked at the request, duplicate keys refused, unknown message types ignored.
 */
class HostileFramesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private UnitChargePoint u;

    @BeforeEach
    void registered() {
        u = new UnitChargePoint(dir, "Core,RemoteTrigger,FirmwareManagement");
        org.jevse.ocpp.firmware.FirmwareManagement.install(u.cp, dir.resolve("firmware"), null, null, () -> "");
        u.startAccepted();
    }

    /** Injects one frame; returns the frames the charge point sent in answer (not its own CALLs). */
    private List<JsonNode> send(String frame) throws Exception {
        int before = u.transport.sent.size();
        u.transport.inject(frame);
        List<JsonNode> out = new ArrayList<>();
        for (String s : u.transport.sent.subList(before, u.transport.sent.size())) {
            JsonNode n = JSON.readTree(s);
            if (n.get(0).asInt() != 2) {
                out.add(n);
            }
        }
        return out;
    }

    private void assertCallError(String frame, String id, String code) throws Exception {
        List<JsonNode> replies = send(frame);
        assertEquals(1, replies.size(), "one answer to " + frame + ": " + replies);
        JsonNode r = replies.get(0);
        assertEquals(4, r.get(0).asInt(), "a CALLERROR for " + frame + ", got " + r);
        assertEquals(id, r.get(1).asText());
        assertEquals(code, r.get(2).asText(), frame + " -> " + r);
    }

    @Test
    void enumerationValuesMustMatchExactly() throws Exception {
        assertCallError("[2,\"r1\",\"Reset\",{\"type\":\"Soft\\u0000\"}]", "r1", "PropertyConstraintViolation");
        assertCallError("[2,\"r2\",\"Reset\",{\"type\":\" Hard\"}]", "r2", "PropertyConstraintViolation");
        assertCallError("[2,\"r3\",\"Reset\",{\"type\":\"soft\"}]", "r3", "PropertyConstraintViolation");
        assertCallError("[2,\"r4\",\"Reset\",{\"type\":\"0\"}]", "r4", "PropertyConstraintViolation");
        assertCallError("[2,\"a1\",\"ChangeAvailability\",{\"connectorId\":0,\"type\":\" Inoperative\"}]", "a1",
                "PropertyConstraintViolation");
        assertCallError("[2,\"t1\",\"TriggerMessage\",{\"requestedMessage\":\"Heartbeat \"}]", "t1",
                "PropertyConstraintViolation");
        assertEquals(List.of(), u.host.log, "nothing was reset, made inoperative or triggered");
        // the exact values still work
        assertEquals(3, send("[2,\"r5\",\"Reset\",{\"type\":\"Soft\"}]").get(0).get(0).asInt());
        assertEquals(List.of("reset Soft"), u.host.log);
        u.schemas.assertClean();
    }

    @Test
    void aGetConfigurationKeyLongerThan50IsRefusedNotEchoed() throws Exception {
        String longKey = "K".repeat(51);
        assertCallError("[2,\"g1\",\"GetConfiguration\",{\"key\":[\"HeartbeatInterval\",\"" + longKey + "\"]}]",
                "g1", "PropertyConstraintViolation");
        JsonNode ok = send("[2,\"g2\",\"GetConfiguration\",{\"key\":[\"" + "K".repeat(50) + "\"]}]").get(0);
        assertEquals("K".repeat(50), ok.get(2).path("unknownKey").get(0).asText());
        u.schemas.assertClean();
    }

    @Test
    void aLocationThatIsNotAUriIsRefusedAtTheRequest() throws Exception {
        for (String loc : new String[] {"not a uri", "relative/path.bin", "http://bad host/x", ""}) {
            assertCallError("[2,\"u1\",\"UpdateFirmware\",{\"location\":\"" + loc
                    + "\",\"retrieveDate\":\"2026-11-21T06:00:00Z\"}]", "u1", "PropertyConstraintViolation");
            assertCallError("[2,\"d1\",\"GetDiagnostics\",{\"location\":\"" + loc + "\"}]", "d1",
                    "PropertyConstraintViolation");
        }
        // A URI of any scheme is a URI (ftp fails later, with DownloadFailed); retrieveDate far ahead: no download here.
        assertEquals(3, send("[2,\"u2\",\"UpdateFirmware\",{\"location\":\"ftp://example.org/fw.bin\","
                + "\"retrieveDate\":\"2099-01-01T00:00:00Z\"}]").get(0).get(0).asInt());
        u.schemas.assertClean();
    }

    @Test
    void duplicateKeysAreAFormationViolationWhenTheIdCanBeRead() throws Exception {
        assertCallError("[2,\"k1\",\"Reset\",{\"type\":\"Soft\",\"type\":\"Hard\"}]", "k1", "FormationViolation");
        assertCallError("[2,\"k2\",\"ChangeConfiguration\",{\"key\":\"HeartbeatInterval\",\"value\":\"1\","
                + "\"value\":\"2\"}]", "k2", "FormationViolation");
        assertCallError("[2,\"k3\",\"Reset\",{\"type\":\"Soft\"", "k3", "FormationViolation");
        assertEquals(List.of(), u.host.log);
        // responses are never answered, not even broken ones
        assertEquals(List.of(), send("[3,\"k4\",{\"a\":1,\"a\":2}]"));
        assertEquals(List.of(), send("[4,\"k5\",\"GenericError\",\"x\",{\"a\":1,\"a\":2}]"));
        u.schemas.assertClean();
    }

    @Test
    void framesOfAnUnknownMessageTypeAreIgnored() throws Exception {
        // OCPP-J 1.6 §4.1.3: a message type number not in the list is ignored.
        assertEquals(List.of(), send("[7,\"m1\",\"Reset\",{\"type\":\"Soft\"}]"));
        assertEquals(List.of(), send("[5,\"m2\",{}]"));
        assertEquals(List.of(), send("[0,\"m3\",\"Reset\",{}]"));
        assertEquals(List.of(), send("[\"2\",\"m4\",\"Reset\",{\"type\":\"Soft\"}]"));
        assertEquals(List.of(), send("[2.0,\"m5\",\"Reset\",{\"type\":\"Soft\"}]"));
        assertEquals(List.of(), u.host.log);
        // a CALL of the right shape is still answered
        assertEquals(3, send("[2,\"m6\",\"ClearCache\",{}]").get(0).get(0).asInt());
        u.schemas.assertClean();
    }
}
