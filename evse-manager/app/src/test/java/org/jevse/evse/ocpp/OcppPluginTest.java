package org.jevse.evse.ocpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jevse.board.sim.EvScript;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.SimulatedCharger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The charger with its OCPP plugin against the ocpp-rpc CSMS: a tag from the EV script is authorized by the
 * CSMS, and the session becomes StartTransaction, MeterValues and StopTransaction, delivered before the run ends.
 */
class OcppPluginTest {

    @TempDir
    Path dir;

    private JevseConfig config(NodeCsms csms, String extra) {
        return ConfigLoader.parse("ocpp:\n  central_system_uri: " + csms.uri() + "\n  charge_point_id: CP-PLUGIN\n"
                + "  data_dir: " + dir + "\n  drain_grace_s: 60\n" + extra, "test");
    }

    @Test
    void aScriptedSessionRunsAgainstTheCsms() throws Exception {
        try (NodeCsms csms = NodeCsms.start()) {
            Files.writeString(dir.resolve("configuration.json"), "{\"MeterValueSampleInterval\":\"2\"}");
            SimulatedCharger sim = new SimulatedCharger(config(csms, ""), EvScript.parse(
                    "sleep 3; plugin; auth RFID-1; draw_power_regulated 16,3; sleep 8; unplug; sleep 1"),
                    SimulatedCharger.Pace.PACED, 1);
            sim.run();
            JsonNode auth = csms.awaitCall("Authorize");
            assertEquals("RFID-1", auth.path("params").path("idTag").asText());
            JsonNode start = csms.awaitCall("StartTransaction");
            JsonNode stop = csms.awaitCall("StopTransaction");
            assertEquals("RFID-1", start.path("params").path("idTag").asText());
            assertEquals("EVDisconnected", stop.path("params").path("reason").asText());
            assertTrue(stop.path("params").path("meterStop").asInt() > start.path("params").path("meterStart").asInt(),
                    "energy was metered: " + start + " " + stop);
            List<JsonNode> mv = csms.calls("MeterValues");
            assertFalse(mv.isEmpty(), "sampled MeterValues during the transaction");
            // The register reads alike in every message: whole Wh, between meterStart and meterStop.
            long meterStart = start.path("params").path("meterStart").asLong();
            long meterStop = stop.path("params").path("meterStop").asLong();
            for (JsonNode m : mv) {
                for (JsonNode v : m.path("params").path("meterValue").get(0).path("sampledValue")) {
                    if ("Energy.Active.Import.Register".equals(v.path("measurand").asText())) {
                        String wh = v.path("value").asText();
                        assertTrue(wh.matches("\\d+"), "a whole number of Wh: " + m);
                        assertTrue(Long.parseLong(wh) >= meterStart && Long.parseLong(wh) <= meterStop,
                                wh + " Wh outside meterStart " + meterStart + " .. meterStop " + meterStop);
                    }
                }
            }
            assertEquals(start.path("t").asLong() <= stop.path("t").asLong(), true);
            assertTrue(!csms.calls("StatusNotification").isEmpty());
            assertTrue(csms.calls("StatusNotification").stream()
                    .anyMatch(s -> "Charging".equals(s.path("params").path("status").asText())));
            csms.assertNoInvalid();
        }
    }

    @Test
    void remoteStopAndHardResetGoThroughTheCore() throws Exception {
        try (NodeCsms csms = NodeCsms.start()) {
            Files.writeString(dir.resolve("configuration.json"), "{\"MeterValueSampleInterval\":\"1\"}");
            SimulatedCharger sim = new SimulatedCharger(config(csms, ""), EvScript.parse(
                    "sleep 2; plugin; auth RFID-R; draw_power_regulated 16,3; sleep 12; unplug; sleep 1; "
                            + "plugin; auth RFID-H; draw_power_regulated 16,3; sleep 12; unplug; sleep 1"),
                    SimulatedCharger.Pace.PACED, 1);
            Thread runner = new Thread(sim::run, "sim");
            runner.start();
            csms.awaitCall("StartTransaction");
            // a MeterValues carries the transactionId: the client has processed the StartTransaction answer
            int id = csms.awaitCall("MeterValues").path("params").path("transactionId").asInt();
            JsonNode stopAnswer = csms.call("RemoteStopTransaction", "{\"transactionId\":" + id + "}");
            assertEquals("Accepted", stopAnswer.path("result").path("status").asText(), stopAnswer.toString());
            JsonNode stop = csms.awaitCall("StopTransaction");
            assertEquals("Remote", stop.path("params").path("reason").asText());
            csms.await(e -> "call".equals(e.path("ev").asText())
                    && "StartTransaction".equals(e.path("action").asText()), 2, "the second transaction");
            JsonNode reset = csms.call("Reset", "{\"type\":\"Hard\"}");
            assertEquals("Accepted", reset.path("result").path("status").asText());
            List<JsonNode> stops = csms.await(e -> "call".equals(e.path("ev").asText())
                    && "StopTransaction".equals(e.path("action").asText()), 2, "the second stop");
            assertEquals("HardReset", stops.get(1).path("params").path("reason").asText());
            csms.await(e -> "call".equals(e.path("ev").asText())
                    && "BootNotification".equals(e.path("action").asText()), 2, "a new boot after the reset");
            runner.join(120_000);
            // The run ended after draining its queue: the HardReset stop was answered before the reset closed the
            // connection (OCPP 1.6 errata 3.36), so it was not sent again after the new BootNotification.
            assertEquals(2, csms.calls("StopTransaction").size(), "each transaction stopped once: "
                    + csms.calls("StopTransaction"));
            csms.assertNoInvalid();
        }
    }

    @Test
    void atStartEachConnectorIsReportedOnceWithItsRealStatus() throws Exception {
        try (NodeCsms csms = NodeCsms.start()) {
            SimulatedCharger sim = new SimulatedCharger(config(csms, ""), EvScript.parse("sleep 4"),
                    SimulatedCharger.Pace.PACED, 1);
            sim.run();
            csms.call("GetConfiguration", "{\"key\":[\"HeartbeatInterval\"]}");
            for (int connector = 0; connector <= 1; connector++) {
                int c = connector;
                List<String> statuses = csms.calls("StatusNotification").stream()
                        .filter(s -> s.path("params").path("connectorId").asInt() == c)
                        .map(s -> s.path("params").path("status").asText()).toList();
                assertEquals(List.of("Available"), statuses, "connector " + c);
            }
            csms.assertNoInvalid();
        }
    }

    @Test
    void aConnectorTheCsmsMadeInoperativeIsReportedUnavailableOnce() throws Exception {
        try (NodeCsms csms = NodeCsms.start()) {
            Files.writeString(dir.resolve("availability.json"), "{\"1\":false}");
            SimulatedCharger sim = new SimulatedCharger(config(csms, ""), EvScript.parse("sleep 4"),
                    SimulatedCharger.Pace.PACED, 1);
            sim.run();
            csms.call("GetConfiguration", "{\"key\":[\"HeartbeatInterval\"]}");
            List<String> statuses = csms.calls("StatusNotification").stream()
                    .filter(s -> s.path("params").path("connectorId").asInt() == 1)
                    .map(s -> s.path("params").path("status").asText()).toList();
            assertEquals(List.of("Unavailable"), statuses);
            csms.assertNoInvalid();
        }
    }

    @Test
    void aReservedConnectorRefusesOtherTagsAndTheHolderStartsWithTheReservationId() throws Exception {
        try (NodeCsms csms = NodeCsms.start()) {
            // the reservation a CSMS made before this start (reservations persist)
            Files.writeString(dir.resolve("reservations.json"), "[{\"reservationId\":5,\"connectorId\":1,"
                    + "\"idTag\":\"HOLDER\",\"parentIdTag\":null,\"expiryMs\":"
                    + (System.currentTimeMillis() + 3_600_000L) + "}]");
            SimulatedCharger sim = new SimulatedCharger(config(csms, ""), EvScript.parse(
                    "sleep 3; plugin; auth OTHER; sleep 3; auth HOLDER; draw_power_regulated 16,3; sleep 3; unplug; "
                            + "sleep 1"),
                    SimulatedCharger.Pace.PACED, 1);
            sim.run();
            JsonNode start = csms.awaitCall("StartTransaction");
            assertEquals("HOLDER", start.path("params").path("idTag").asText(), start.toString());
            assertEquals(5, start.path("params").path("reservationId").asInt(), start.toString());
            assertEquals(1, csms.calls("StartTransaction").size(), "OTHER was refused");
            assertTrue(csms.calls("StatusNotification").stream()
                    .anyMatch(s -> "Reserved".equals(s.path("params").path("status").asText())));
            assertTrue(Files.readString(dir.resolve("reservations.json")).equals("[]"), "the start ended it");
            csms.awaitCall("StopTransaction");
            assertTrue(csms.validated() >= 5, "the charge point's messages were schema-checked");
            csms.assertNoInvalid();
        }
    }

    @Test
    void aTagTheCsmsRefusesDoesNotCharge() throws Exception {
        try (NodeCsms csms = NodeCsms.start()) {
            SimulatedCharger sim = new SimulatedCharger(config(csms, ""), EvScript.parse(
                    "sleep 3; plugin; auth BAD-TAG; draw_power_regulated 16,3; sleep 3; unplug; sleep 1"),
                    SimulatedCharger.Pace.PACED, 1);
            sim.run();
            csms.awaitCall("Authorize");
            assertTrue(csms.calls("StartTransaction").isEmpty());
            csms.assertNoInvalid();
        }
    }
}
