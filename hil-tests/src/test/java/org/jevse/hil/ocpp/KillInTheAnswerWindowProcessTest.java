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
 * <p>Each round starts jevse (which first recovers the transaction the previous kill cut) and starts a transaction
 * with its own idTag; the CSMS itself (csms.js {@code killAfterAnswer}) sends SIGKILL to the process a chosen number
 * of microseconds after it handed the StartTransaction answer to the socket. jevse has no test hook: the window is
 * the real one (loopback, parsing, the journal's write and fsync: a few ms on this machine), so the offsets spread
 * from 0 to 20 ms after the answer, a quarter in each of 0–0.5 ms, 0.5–3 ms, 3–8 ms and 8–20 ms, and the test
 * counts how many kills fell inside the window. What decides is what the kill left in the journal (the
 * transactionIds of answered StartTransactions, read with {@code TransactionStore.inspect}):
 * <ul>
 *   <li>a StartTransaction whose transactionId was on disk at the kill is never sent again;</li>
 *   <li>one whose answer was not yet on disk (a kill inside the window) is sent once more (at-least-once: that
 *       answer never reached the journal), and the transaction is then known under the newer id;</li>
 *   <li>every transaction is stopped exactly once, with reason PowerLoss, under the id the charge point stored;
 *       its register values never go backwards and never exceed meterStop.</li>
 * </ul>
 * A few kills by default; {@code -Djevse.killtest.kills=100} for a hundred (README, "Soak and fuzz").
 */
class KillInTheAnswerWindowProcessTest {
    /** The kill offsets after the answer, in µs: round k draws from [FROM_US[k % 4], FROM_US[k % 4 + 1]). */
    private static final long[] FROM_US = {0, 500, 3_000, 8_000, 20_000};

    @TempDir
    Path dir;

    private record Kill(String idTag, int transactionId, boolean stored, long afterUs, long sinceSentUs) {
    }

    private Process jevse(Path config, String script, Path log) throws IOException {
        List<String> cmd = JarProcess.command("simulate", "--realtime", "--config", config.toString(), "--ev",
                script);
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
                long afterUs = random.nextLong(FROM_US[k % 4], FROM_US[k % 4 + 1]);
                Path log = dir.resolve("run-" + k + ".log");
                Process p = jevse(config, "sleep 1; plugin; auth " + tag + "; draw_power_regulated 16,3; sleep 600",
                        log);
                // armed before the JVM is up: its StartTransaction comes a second after the start at the earliest
                csms.killAfterAnswer("StartTransaction", tag, p.pid(), afterUs);
                JsonNode start = csms.await(e -> isCall(e, "StartTransaction")
                        && tag.equals(e.path("params").path("idTag").asText()), 1, "the start of " + tag).get(0);
                String messageId = start.path("messageId").asText();
                JsonNode answer = csms.await(e -> "answer".equals(e.path("ev").asText())
                        && messageId.equals(e.path("messageId").asText()), 1, "the answer to " + tag).get(0);
                JsonNode killed = csms.await(e -> "killed".equals(e.path("ev").asText())
                        && messageId.equals(e.path("messageId").asText()), 1, "the kill of " + tag).get(0);
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertEquals(137, p.exitValue(), "killed by SIGKILL (" + killed + "): " + Files.readString(log));
                int id = answer.path("result").path("transactionId").asInt();
                boolean stored = storedIds(data).contains(id);
                done.add(new Kill(tag, id, stored, afterUs, killed.path("sinceSentUs").asLong()));
            }

            Process last = jevse(config, "sleep 4", dir.resolve("last.log"));
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
            System.out.printf("kill -9 after the answer: %d kills, %d inside the window (the answer not yet on "
                    + "disk: sent once more, at-least-once), %d after it was on disk%n", done.size(), before,
                    done.size() - before);
            done.forEach(k -> System.out.println("  " + k));
            csms.assertNoInvalid();
        }
    }
}
