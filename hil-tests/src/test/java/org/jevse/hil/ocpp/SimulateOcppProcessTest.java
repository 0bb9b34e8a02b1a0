package org.jevse.hil.ocpp;

import org.jevse.hil.JarProcess;
import org.jevse.evse.ocpp.NodeCsms;
import org.jevse.ocpp.store.TransactionStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jevse simulate --realtime} with an ocpp section, as a user runs it: a whole session against the CSMS
 * (Authorize, StartTransaction, MeterValues, StopTransaction), delivered before the process exits 0.
 */
class SimulateOcppProcessTest {

    @TempDir
    Path dir;

    @Test
    void aWholeSessionAgainstTheCsmsThenExitZero() throws Exception {
        try (NodeCsms csms = NodeCsms.start()) {
            Path data = dir.resolve("state");
            Files.createDirectories(data);
            Files.writeString(data.resolve("configuration.json"), "{\"MeterValueSampleInterval\":\"2\"}");
            Path config = dir.resolve("jevse.yaml");
            Files.writeString(config, "ocpp:\n  central_system_uri: " + csms.uri() + "\n  charge_point_id: CP-SIM\n"
                    + "  data_dir: " + data + "\n  drain_grace_s: 60\n");
            Process p = new ProcessBuilder(JarProcess.command("simulate", "--realtime", "--config", config.toString(),
                    "--ev", "sleep 2; plugin; auth RFID-S; draw_power_regulated 16,3; sleep 6; unplug"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "simulate ended");
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("out.log")));
            // Everything was delivered before the exit: no waiting needed here.
            assertEquals(1, csms.calls("Authorize").size());
            JsonNode start = csms.calls("StartTransaction").get(0);
            JsonNode stop = csms.calls("StopTransaction").get(0);
            assertEquals("RFID-S", start.path("params").path("idTag").asText());
            assertEquals("EVDisconnected", stop.path("params").path("reason").asText());
            assertTrue(!csms.calls("MeterValues").isEmpty());
            assertTrue(start.path("t").asLong() < stop.path("t").asLong());
            assertTrue(TransactionStore.inspect(data).queued().isEmpty(), "the queue drained before the exit");
            csms.assertNoInvalid();
        }
    }
}
