package org.jevse.hil.ocpp;

import org.jevse.hil.JarProcess;
import org.jevse.evse.ocpp.NodeCsms;
import org.jevse.ocpp.store.TransactionStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the real jevse process in the middle of a transaction, with its real files, then a restart: the CSMS
 * (ocpp-rpc, strict) gets StopTransaction with reason PowerLoss and the last meter value, and nothing twice but a
 * MeterValues the kill caught between the CSMS's answer and its recording (still queued: at-least-once).
 */
class PowerLossProcessTest {

    @TempDir
    Path dir;

    private Process jevse(Path config, String script, Path log) throws IOException {
        List<String> cmd = JarProcess.command("simulate", "--realtime", "--config", config.toString(), "--ev", script);
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
    }

    @Test
    void killMinus9MidTransactionThenRestartStopsItWithPowerLossOnce() throws Exception {
        try (NodeCsms csms = NodeCsms.start()) {
            Path data = dir.resolve("ocpp-state");
            Files.createDirectories(data);
            Files.writeString(data.resolve("configuration.json"), "{\"MeterValueSampleInterval\":\"1\"}");
            Path config = dir.resolve("jevse.yaml");
            Files.writeString(config, "auth:\n  local_list: []\nocpp:\n  central_system_uri: " + csms.uri()
                    + "\n  charge_point_id: CP-KILL\n  data_dir: " + data + "\n  drain_grace_s: 60\n");

            Process first = jevse(config, "sleep 2; plugin; auth RFID-K; draw_power_regulated 16,3; sleep 600; unplug",
                    dir.resolve("first.log"));
            JsonNode start = csms.awaitCall("StartTransaction");
            csms.await(e -> "call".equals(e.path("ev").asText()) && "MeterValues".equals(e.path("action").asText()),
                    3, "three MeterValues");
            Process kill = new ProcessBuilder("kill", "-9", Long.toString(first.pid())).start();
            assertEquals(0, kill.waitFor());
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, first.exitValue(), "killed by SIGKILL");
            // What the kill left queued had no recorded answer: it may be sent again (at-least-once), nothing else.
            Set<String> queuedAtKill = new HashSet<>();
            for (TransactionStore.Entry e : TransactionStore.inspect(data).queued()) {
                if ("MeterValues".equals(e.action())) {
                    queuedAtKill.add(e.payload().path("meterValue").get(0).path("timestamp").asText());
                }
            }
            int transactionId = csms.await(e -> "call".equals(e.path("ev").asText())
                    && "MeterValues".equals(e.path("action").asText()), 1, "MeterValues").get(0)
                    .path("params").path("transactionId").asInt();
            long lastMetered = 0;
            for (JsonNode mv : csms.calls("MeterValues")) {
                for (JsonNode s : mv.path("params").path("meterValue").get(0).path("sampledValue")) {
                    if ("Energy.Active.Import.Register".equals(s.path("measurand").asText())) {
                        lastMetered = Math.max(lastMetered, (long) Double.parseDouble(s.path("value").asText()));
                    }
                }
            }
            int metersBefore = csms.calls("MeterValues").size();

            Process second = jevse(config, "sleep 3", dir.resolve("second.log"));
            JsonNode stop = csms.awaitCall("StopTransaction");
            assertTrue(second.waitFor(120, TimeUnit.SECONDS), Files.readString(dir.resolve("second.log")));
            assertEquals(0, second.exitValue(), Files.readString(dir.resolve("second.log")));

            assertEquals("PowerLoss", stop.path("params").path("reason").asText(), stop.toString());
            assertEquals(transactionId, stop.path("params").path("transactionId").asInt());
            assertTrue(stop.path("params").path("meterStop").asLong() >= lastMetered,
                    "meterStop " + stop + " vs last metered " + lastMetered);
            assertEquals(1, csms.calls("StartTransaction").size(), "the start is not repeated");
            assertEquals(1, csms.calls("StopTransaction").size(), "the stop is sent once");
            assertTrue(csms.calls("MeterValues").size() >= metersBefore);
            Set<String> seen = new HashSet<>();
            for (JsonNode mv : csms.calls("MeterValues")) {
                String ts = mv.path("params").path("meterValue").get(0).path("timestamp").asText();
                assertTrue(seen.add(ts) || queuedAtKill.contains(ts),
                        "MeterValues at " + ts + " delivered again though its answer was recorded before the kill");
            }
            assertEquals(2, csms.calls("BootNotification").size(), "one boot per process");
            assertTrue(start.path("params").path("timestamp").asText().compareTo(
                    stop.path("params").path("timestamp").asText()) <= 0);
            csms.assertNoInvalid();
        }
    }
}
