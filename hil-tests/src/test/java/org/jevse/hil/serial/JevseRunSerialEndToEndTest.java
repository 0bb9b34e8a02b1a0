package org.jevse.hil.serial;

import org.jevse.hil.JarProcess;
import org.jevse.board.serial.SocatPair;
import org.jevse.board.serial.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jevse.board.serial.JSerialCommLink;
import org.jevse.board.serial.McuEmulator;
import org.jevse.board.serial.Proto;
import org.jevse.board.sim.EvScript;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code jevse run --config FILE} (the built jar, a real process) with {@code board.type: serial} on
 * one end of a socat pty pair, the reference MCU emulator with a scripted EV on the other. A whole session runs.
 */
class JevseRunSerialEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void jevseRunChargesAWholeSessionOnTheSerialBoard() throws Exception {
        JevseConfig mcuCfg = ConfigLoader.parse("board:\n  sim:\n    ev_reaction_ms: 200\n    meter_interval_ms: 300\n",
                "emulator config");
        try (SocatPair pty = SocatPair.create(dir);
             McuEmulator mcu = new McuEmulator(JSerialCommLink.open(pty.b.toString(), 115200), mcuCfg.board().sim(),
                     230, 1000).start()) {
            Path config = dir.resolve("jevse.yaml");
            Files.writeString(config, """
                    evse:
                      disable_authentication: true
                    board:
                      type: serial
                      serial:
                        port: %s
                        baud: 115200
                    """.formatted(pty.a));
            List<String> cmd = JarProcess.command("run", "--config", config.toString(), "--events", "json");
            Path err = dir.resolve("stderr.txt");
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            List<JsonNode> events = new CopyOnWriteArrayList<>();
            List<String> raw = new CopyOnWriteArrayList<>();
            ObjectMapper json = new ObjectMapper();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        raw.add(line);
                        if (line.startsWith("{")) {
                            events.add(json.readTree(line));
                        }
                    }
                } catch (java.io.IOException e) {
                    raw.add("read error " + e);
                }
            });
            reader.start();
            try {
                Await.until("jevse connected to the MCU", () -> mcu.commands() > 0 || !p.isAlive(),
                        () -> readQuietly(err));
                assertTrue(p.isAlive(), () -> "jevse exited: " + readQuietly(err) + raw);
                mcu.runScript(EvScript.parse("sleep 1; plugin; iec_wait_pwr_ready; draw_power_regulated 16,3; "
                        + "sleep 4; unplug"));
                Await.until("session finished", () -> events.stream().anyMatch(e ->
                        "session".equals(e.path("type").asText()) && "finished".equals(e.path("event").asText())),
                        () -> raw + readQuietly(err));
                assertTrue(events.stream().anyMatch(e -> "Charging".equals(e.path("state").asText())), raw::toString);
                assertTrue(events.stream().anyMatch(e -> "power".equals(e.path("type").asText())
                        && e.path("on").asBoolean()), raw::toString);
                JsonNode fin = events.stream().filter(e -> "finished".equals(e.path("event").asText())
                        && "session".equals(e.path("type").asText())).findFirst().orElseThrow();
                assertTrue(fin.path("energy_Wh").asDouble() > 0, fin::toString);
                Await.until("contactor open after unplug", () -> !mcu.<Boolean>query(b -> b.contactorClosed()));
                assertEquals(0, mcu.safeStateEntries(), "keepalives held the MCU out of its safe state");
                assertEquals(0, mcu.decoder().crcErrors());
            } finally {
                p.destroy(); // SIGTERM: jevse opens the contactor, drives X1 and closes the port
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                reader.join(2000);
            }
            assertFalse(mcu.powerAllowed());
            assertEquals(Proto.PILOT_X1, mcu.pilotMode(), "X1 after jevse stopped");
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
