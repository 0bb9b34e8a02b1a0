package org.jevse.hil.ocpp;

import org.jevse.hil.JarProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jevse.evse.ocpp.NodeCsms;
import org.jevse.ocpp.store.TransactionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the real jevse process inside the window between the CSMS's answer to StartTransaction and its
 * persistence, again and again on the same data directory, against ocpp-rpc in strict mode.
 *
 * <p>Each round starts jevse (which first recovers the transaction the previous kill cut), starts a transaction
 * with its own idTag, waits for the CSMS to hand its StartTransaction answer to the socket, and kills the process
 * a chosen time later. The store's test hook {@code jevse.test.ocpp.answerStepPauseMs} pauses before and after
 * the one durable record of an answer (the transactionId with the StartTransaction's dequeuing), which widens
 * the real window (a few ms of fsync on this machine) so the kills land, by design, in each part of it: before
 * the answer is on disk, just after it, and after the call returned. Every fourth round runs without the hook and
 * kills 0–12 ms after the answer, the natural window. What decides is what the kill left in the journal (the
 * transactionIds of answered StartTransactions, read with {@code TransactionStore.inspect}):
 * <ul>
 *   <li>a StartTransaction whose transactionId was on disk at the kill is never sent again;</li>
 *   <li>one whose answer was not yet on disk is sent once more (at-least-once: that answer never reached the
 *       charge point), and the transaction is then known under the newer id;</li>
 *   <li>every transaction is stopped exactly once, with reason PowerLoss, under the id the charge point stored;
 *       its register values never go backwards and never exceed meterStop.</li>
 * </ul>
 * A few kills by default; {@code -Djevse.killtest.kills=100} for a hundred (README, "Soak and fuzz").
 */
class KillInTheAnswerWindowProcessTest {
    private static final long PAUSE_MS = 200;

    @TempDir
    Path dir;

    private record Kill(String idTag, int transactionId, boolean stored, long offsetMs, String where) {
    }

    private Process jevse(Path config, String script, long pauseMs, Path log) throws IOException {
        List<String> hook = pauseMs > 0 ? List.of("-Djevse.test.ocpp.answerStepPauseMs=" + pauseMs) : List.of();
        List<String> cmd = JarProcess.command(hook, "simulate", "--realtime", "--config", config.toString(),
                "--ev", script);
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
    }

    /** The transactionIds the charge point had stored when it died (read from its journal, changing nothing). */
    private static Set<Integer> storedIds(Path data) {
        return new HashSet<>(TransactionStore.inspect(data).txIds().values());
    }

    private static boolean isCall(JsonNode e, String action) {
        return "call".equals(e.path("ev").asText()) && action.equals(e.path("action").asText());
    }

    @Test
    void killsBetweenTheAnswerAndItsPersistenceNeverResendAnAnsweredMessage() throws Exception {
        int kills = Integer.getInteger("jevse.killtest.kills", 4);
        SplittableRandom random = new SplittableRandom(Long.getLong("jevse.killtest.seed", 9));
        List<Kill> done = new ArrayList<>();
        try (NodeCsms csms = NodeCsms.start()) {
            Path data = dir.resolve("ocpp-state");
            Files.createDirectories(data);
            Files.writeString(data.resolve("configuration.json"), "{\"MeterValueSampleInterval\":\"1\"}");
            Path config = dir.resolve("jevse.yaml");
            Files.writeString(config, "auth:\n  local_list: []\nocpp:\n  central_system_uri: " + csms.uri()
                    + "\n  charge_point_id: CP-WINDOW\n  data_dir: " + data + "\n  drain_grace_s: 60\n");

            for (int k = 0; k < kills; k++) {
                String tag = "KILL-" + k;
                boolean natural = k % 4 == 3;
                int part = k % 4; // 0: before the answer is on disk, 1: just after its record, 2: after the call
                long offset = natural ? random.nextLong(13)
                        : part * PAUSE_MS + PAUSE_MS / 4 + random.nextLong(PAUSE_MS / 2);
                Path log = dir.resolve("run-" + k + ".log");
                Process p = jevse(config, "sleep 1; plugin; auth " + tag + "; draw_power_regulated 16,3; sleep 600",
                        natural ? 0 : PAUSE_MS, log);
                JsonNode start = csms.await(e -> isCall(e, "StartTransaction")
                        && tag.equals(e.path("params").path("idTag").asText()), 1, "the start of " + tag).get(0);
                String messageId = start.path("messageId").asText();
                JsonNode answer = csms.await(e -> "answer".equals(e.path("ev").asText())
                        && messageId.equals(e.path("messageId").asText()), 1, "the answer to " + tag).get(0);
                TimeUnit.MILLISECONDS.sleep(offset);
                p.destroyForcibly(); // SIGKILL
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertEquals(137, p.exitValue(), "killed by SIGKILL: " + Files.readString(log));
                int id = answer.path("result").path("transactionId").asInt();
                boolean stored = storedIds(data).contains(id);
                done.add(new Kill(tag, id, stored, offset, natural ? "natural window" : "part " + part));
            }

            Process last = jevse(config, "sleep 4", 0, dir.resolve("last.log"));
            assertTrue(last.waitFor(180, TimeUnit.SECONDS), Files.readString(dir.resolve("last.log")));
            assertEquals(0, last.exitValue(), Files.readString(dir.resolve("last.log")));

            int before = 0;
            for (Kill kill : done) {
                List<JsonNode> starts = csms.calls("StartTransaction").stream()
                        .filter(s -> kill.idTag().equals(s.path("params").path("idTag").asText())).toList();
                List<Integer> ids = new ArrayList<>();
                for (JsonNode s : starts) {
                    String mid = s.path("messageId").asText();
                    ids.add(csms.await(e -> "answer".equals(e.path("ev").asText())
                            && mid.equals(e.path("messageId").asText()), 1, "an answer").get(0)
                            .path("result").path("transactionId").asInt());
                }
                if (kill.stored()) {
                    assertEquals(1, starts.size(), kill + ": its transactionId was on disk at the kill, yet the "
                            + "StartTransaction was sent again: " + starts);
                } else {
                    before++;
                    assertEquals(2, starts.size(), kill + ": killed before the answer was on disk, so sent once "
                            + "more: " + starts);
                }
                int storedId = ids.get(ids.size() - 1);
                List<JsonNode> stops = csms.calls("StopTransaction").stream()
                        .filter(s -> ids.contains(s.path("params").path("transactionId").asInt())).toList();
                assertEquals(1, stops.size(), kill + ": stopped once: " + stops);
                JsonNode stop = stops.get(0).path("params");
                assertEquals(storedId, stop.path("transactionId").asInt(), kill + ": under the id it stored");
                assertEquals("PowerLoss", stop.path("reason").asText(), kill.toString());
                double previous = Double.NEGATIVE_INFINITY;
                for (JsonNode mv : csms.calls("MeterValues")) {
                    if (mv.path("params").path("transactionId").asInt() != storedId) {
                        continue;
                    }
                    for (JsonNode v : mv.path("params").path("meterValue").get(0).path("sampledValue")) {
                        if ("Energy.Active.Import.Register".equals(v.path("measurand").asText())) {
                            double wh = Double.parseDouble(v.path("value").asText());
                            assertTrue(wh >= previous, kill + ": the register went backwards");
                            assertTrue(wh <= stop.path("meterStop").asLong(), kill + ": above meterStop " + stop);
                            previous = wh;
                        }
                    }
                }
            }
            System.out.printf("kill -9 in the answer window: %d kills, %d after the answer was on disk, %d before "
                    + "(sent once more, at-least-once)%n", done.size(), done.size() - before, before);
            done.forEach(k -> System.out.println("  " + k));
            csms.assertNoInvalid();
        }
    }
}
