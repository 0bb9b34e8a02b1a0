package org.jevse.evse.ocpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jevse.board.sim.EvScript;
import org.jevse.board.sim.LockFault;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.SimulatedCharger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UnlockConnector and UnlockConnectorOnEVSideDisconnect on the boards a charger may have, against the ocpp-rpc
 * CSMS: a tethered cable without a lock (the default simulated board), and a socket with a lock that opens or
 * sticks. OCPP 1.6 §5.18, §7.46 with errata 3.83 and 3.85.
 */
class OcppUnlockTest {
    private static final String KEY = "UnlockConnectorOnEVSideDisconnect";
    private static final String SOCKET_WITH_LOCK = "board:\n  sim:\n    connector: socket\n    lock: true\n";
    /** Charges long enough for the CSMS to act while the transaction runs, then leaves. */
    private static final String SESSION =
            "sleep 2; plugin; auth RFID-U; draw_power_regulated 16,3; sleep 12; unplug; sleep 1";

    @TempDir
    Path dir;

    private JevseConfig config(NodeCsms csms, String extra) {
        return ConfigLoader.parse("ocpp:\n  central_system_uri: " + csms.uri() + "\n  charge_point_id: CP-UNLOCK\n"
                + "  data_dir: " + dir + "\n  drain_grace_s: 60\n" + extra, "test");
    }

    /** Starts the session on a thread and returns once the CSMS has seen a transaction's MeterValues. */
    private static Thread charging(SimulatedCharger sim, NodeCsms csms) {
        Thread runner = new Thread(sim::run, "sim");
        runner.start();
        csms.awaitCall("StartTransaction");
        csms.awaitCall("MeterValues"); // the StartTransaction answer has been processed
        return runner;
    }

    private static JsonNode key(NodeCsms csms) throws Exception {
        JsonNode r = csms.call("GetConfiguration", "{\"key\":[\"" + KEY + "\"]}");
        JsonNode keys = r.path("result").path("configurationKey");
        assertEquals(1, keys.size(), r.toString());
        return keys.get(0);
    }

    private static String status(JsonNode answer) {
        return answer.path("result").path("status").asText();
    }

    @Test
    void aTetheredCableWithoutALockHasNothingToUnlock() throws Exception {
        try (NodeCsms csms = NodeCsms.start()) {
            // A value stored by an older version must not come back for a key that is now read-only.
            Files.writeString(dir.resolve("configuration.json"), "{\"MeterValueSampleInterval\":\"1\",\""
                    + KEY + "\":\"true\"}");
            SimulatedCharger sim = new SimulatedCharger(config(csms, ""), EvScript.parse(SESSION),
                    SimulatedCharger.Pace.PACED, 1);
            Thread runner = charging(sim, csms);
            // Errata 3.83: a fixed cable reports false and the value cannot be changed.
            JsonNode k = key(csms);
            assertEquals("false", k.path("value").asText(), k.toString());
            assertTrue(k.path("readonly").asBoolean(), k.toString());
            JsonNode change = csms.call("ChangeConfiguration", "{\"key\":\"" + KEY + "\",\"value\":\"true\"}");
            assertEquals("Rejected", status(change), change.toString());
            assertEquals("false", key(csms).path("value").asText());
            // §7.46 (errata 3.85): no connector lock → NotSupported; the transaction is left alone.
            JsonNode unlock = csms.call("UnlockConnector", "{\"connectorId\":1}");
            assertEquals("NotSupported", status(unlock), unlock.toString());
            runner.join(120_000);
            JsonNode stop = csms.awaitCall("StopTransaction");
            assertEquals("EVDisconnected", stop.path("params").path("reason").asText(), stop.toString());
            csms.assertNoInvalid();
        }
    }

    @Test
    void aLockThatOpensIsReportedUnlockedAfterTheTransactionStopped() throws Exception {
        try (NodeCsms csms = NodeCsms.start()) {
            Files.writeString(dir.resolve("configuration.json"), "{\"MeterValueSampleInterval\":\"1\"}");
            SimulatedCharger sim = new SimulatedCharger(config(csms, SOCKET_WITH_LOCK), EvScript.parse(SESSION),
                    SimulatedCharger.Pace.PACED, 1);
            Thread runner = charging(sim, csms);
            JsonNode k = key(csms);
            assertEquals("true", k.path("value").asText(), "a socket unlocks when the EV leaves: " + k);
            assertFalse(k.path("readonly").asBoolean(), k.toString());
            assertTrue(sim.board().locked(), "locked while charging");
            JsonNode unlock = csms.call("UnlockConnector", "{\"connectorId\":1}");
            assertEquals("Unlocked", status(unlock), unlock.toString());
            // Unlocked means the lock's own switch said so: the board's lock is open when the answer arrives.
            assertFalse(sim.board().locked(), "the lock is open");
            // §5.18: the transaction is finished first, with reason UnlockCommand.
            JsonNode stop = csms.awaitCall("StopTransaction");
            assertEquals("UnlockCommand", stop.path("params").path("reason").asText(), stop.toString());
            assertTrue(stop.path("t").asLong() <= unlock.path("t").asLong(), "StopTransaction before the answer");
            runner.join(120_000);
            assertEquals(1, csms.calls("StopTransaction").size());
            csms.assertNoInvalid();
        }
    }

    @Test
    void aLockThatSticksIsReportedUnlockFailed() throws Exception {
        try (NodeCsms csms = NodeCsms.start()) {
            Files.writeString(dir.resolve("configuration.json"), "{\"MeterValueSampleInterval\":\"1\"}");
            SimulatedCharger sim = new SimulatedCharger(config(csms, SOCKET_WITH_LOCK), EvScript.parse(SESSION),
                    SimulatedCharger.Pace.PACED, 1);
            Thread runner = charging(sim, csms);
            sim.loop().submit(() -> sim.board().lockFault(LockFault.STUCK));
            JsonNode unlock = csms.call("UnlockConnector", "{\"connectorId\":1}");
            assertEquals("UnlockFailed", status(unlock), unlock.toString());
            assertTrue(sim.board().locked(), "the lock is still closed");
            JsonNode stop = csms.awaitCall("StopTransaction");
            assertEquals("UnlockCommand", stop.path("params").path("reason").asText(), stop.toString());
            runner.join(120_000);
            csms.assertNoInvalid();
        }
    }
}
