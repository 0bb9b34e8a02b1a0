package org.jevse.hil.ocpp;

import org.jevse.hil.JarProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jevse.board.serial.Await;
import org.jevse.board.serial.JSerialCommLink;
import org.jevse.board.serial.McuEmulator;
import org.jevse.board.serial.SocatPair;
import org.jevse.board.sim.EvScript;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.jevse.evse.ocpp.NodeCsms;
import org.jevse.ocpp.store.TransactionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM of {@code jevse run} (the built jar on the serial board over a socat pty, the reference MCU emulator on
 * the other end) while its StopTransaction is on its way to the CSMS (ocpp-rpc, strict, holding its answer back):
 * the process reads the answer before it closes the connection, so the next start does not send the
 * StopTransaction again.
 */
class SigtermProcessTest {
    private static final String DELAYED_STOP_ANSWER = "{\"$delayMs\":1500,\"idTagInfo\":{\"status\":\"Accepted\"}}";

    @TempDir
    Path dir;

    private Process run(Path config, Path log) throws IOException {
        return new ProcessBuilder(JarProcess.command("run", "--config", config.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static long queued(Path data) throws IOException {
        return TransactionStore.inspect(data).queued().size();
    }

    private static void terminate(Process p, Path log) throws Exception {
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jevse ended after SIGTERM");
        assertTrue(p.exitValue() == 0 || p.exitValue() == 143, "exit " + p.exitValue() + ": " + Files.readString(log));
    }

    @Test
    void sigtermWithAStopTransactionInFlightDeliversItOnce() throws Exception {
        JevseConfig mcuCfg = ConfigLoader.parse("board:\n  sim:\n    ev_reaction_ms: 200\n    meter_interval_ms: 300\n",
                "emulator config");
        try (NodeCsms csms = NodeCsms.start();
             SocatPair pty = SocatPair.create(dir);
             McuEmulator mcu = new McuEmulator(JSerialCommLink.open(pty.b.toString(), 115200), mcuCfg.board().sim(),
                     230, 1000).start()) {
            csms.respond("StopTransaction", DELAYED_STOP_ANSWER, "{\"idTagInfo\":{\"status\":\"Accepted\"}}");
            Path data = dir.resolve("ocpp-state");
            Path config = dir.resolve("jevse.yaml");
            Files.writeString(config, """
                    evse:
                      disable_authentication: true
                    board:
                      type: serial
                      serial:
                        port: %s
                        baud: 115200
                    ocpp:
                      central_system_uri: %s
                      charge_point_id: CP-TERM
                      data_dir: %s
                    """.formatted(pty.a, csms.uri(), data));

            Path firstLog = dir.resolve("first.log");
            Process first = run(config, firstLog);
            csms.awaitCall("BootNotification");
            Await.until("jevse connected to the MCU", () -> mcu.commands() > 0 || !first.isAlive());
            mcu.runScript(EvScript.parse("sleep 1; plugin; iec_wait_pwr_ready; draw_power_regulated 16,3; sleep 2; "
                    + "unplug"));
            JsonNode stop = csms.awaitCall("StopTransaction");
            terminate(first, firstLog);
            long queuedAfterFirst = queued(data);

            Path secondLog = dir.resolve("second.log");
            Process second = run(config, secondLog);
            csms.await(e -> "call".equals(e.path("ev").asText())
                    && "BootNotification".equals(e.path("action").asText()), 2, "the second start");
            Await.until("the second start's queue delivered", () -> {
                try {
                    return queued(data) == 0;
                } catch (IOException e) {
                    return false;
                }
            });
            terminate(second, secondLog);

            List<JsonNode> stops = csms.calls("StopTransaction");
            assertEquals(1, stops.size(), "StopTransaction reached the CSMS once: " + stops);
            assertEquals(0, queuedAfterFirst, "the first process read the answer before it exited");
            String startId = csms.calls("StartTransaction").get(0).path("messageId").asText();
            int given = csms.await(e -> "answer".equals(e.path("ev").asText())
                    && startId.equals(e.path("messageId").asText()), 1, "the start's answer").get(0)
                    .path("result").path("transactionId").asInt();
            assertEquals(given, stop.path("params").path("transactionId").asInt());
            csms.assertNoInvalid();
        }
    }
}
