package org.jevse.ocpp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random points of a long offline run, on one data directory: a real JVM ({@link JournalKillChild})
 * runs transactions and queues their messages, mostly offline, sometimes delivering to a CSMS stand-in, and is
 * killed with SIGKILL again and again; a last run delivers what is left. From what reached the CSMS:
 * <ul>
 *   <li>every transaction message reaches the CSMS, in queue order, none lost;</li>
 *   <li>a message is sent again only when the kill came between its sending and the record of its answer
 *       (at-least-once, as OCPP 1.6 §4.8 needs), never after its answer was recorded;</li>
 *   <li>every transaction is there whole: its StartTransaction, its MeterValues 1, 2, … with no gap, and one
 *       StopTransaction (Local, or PowerLoss after a kill) whose meterStop is its last value, under the
 *       transactionId the CSMS gave.</li>
 * </ul>
 * 10 kills by default; {@code -Djevse.killtest.kills=100} for the soak (README, "Soak and fuzz"),
 * {@code -Djevse.killtest.seed=S} for other kill points.
 */
class JournalKillProcessTest {

    @TempDir
    Path dir;

    private Process child(Path data, Path log, String mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), JournalKillChild.class.getName(), data.toString(),
                log.toString(), mode).redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child-err.log").toFile()))
                .start();
    }

    private static void awaitReady(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertEquals("READY", line, "the child started");
    }

    @Test
    void killsAtRandomPointsOfALongOfflineRunLoseNothingAndResendNothingAnswered() throws Exception {
        int kills = Integer.getInteger("jevse.killtest.kills", 10);
        SplittableRandom random = new SplittableRandom(Long.getLong("jevse.killtest.seed", 11));
        Path data = dir.resolve("data");
        Path log = dir.resolve("csms.log");
        int online = 0;
        for (int k = 0; k < kills; k++) {
            boolean on = random.nextInt(3) == 0;
            online += on ? 1 : 0;
            Process p = child(data, log, on ? "online" : "offline");
            awaitReady(p);
            TimeUnit.MILLISECONDS.sleep(20 + random.nextInt(400)); // where the kill lands, not a timing check
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, p.exitValue(), "killed by SIGKILL: " + Files.readString(dir.resolve("child-err.log")));
        }
        Process drain = child(data, log, "drain");
        awaitReady(drain);
        assertTrue(drain.waitFor(300, TimeUnit.SECONDS), "the last run delivered the queue");
        assertEquals(0, drain.exitValue(), Files.readString(dir.resolve("child-err.log")));
        assertTrue(TransactionStore.inspect(data).queued().isEmpty(), "nothing left queued");

        Result r;
        try {
            r = check(Files.readAllLines(log));
        } catch (AssertionError e) {
            String err = Files.readString(dir.resolve("child-err.log"));
            throw new AssertionError(e.getMessage() + "\nwhat the runs logged:\n"
                    + err.substring(Math.max(0, err.length() - 4000)), e);
        }
        System.out.printf("journal kill -9: %d kills (%d while delivering), %d messages of %d transactions "
                + "delivered in order, %d sent once more (killed before their answer was recorded)%n",
                kills, online, r.answered, r.transactions, r.resent);
        assertTrue(r.transactions >= kills, "every run started a transaction");
    }

    private record Result(int answered, int transactions, int resent) {
    }

    /** The message a SEND line names. */
    private record Sent(long seq, String kind, long localTx, long value, int txId, String reason) {
        static Sent parse(String[] f) {
            return new Sent(Long.parseLong(f[1]), f[2], Long.parseLong(f[3]), Long.parseLong(f[4]),
                    Integer.parseInt(f[5]), f.length > 6 ? f[6] : "");
        }
    }

    /**
     * A SEND is the CSMS receiving a message, an ACK the charge point having recorded its answer. A kill between
     * the two leaves a SEND without ACK: the message is then either sent again after the restart (its answer was
     * not on disk) or not (it was: the kill fell between the record and the ACK line), never after an ACK.
     */
    private static Result check(List<String> lines) {
        Set<Long> answered = new HashSet<>();
        Set<Long> sent = new HashSet<>();
        List<Sent> delivered = new ArrayList<>();
        long lastSeq = 0;
        int resent = 0;
        Sent inFlight = null;
        for (String line : lines) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "BOOT" -> inFlight = null;
                case "SEND" -> {
                    Sent s = Sent.parse(f);
                    assertTrue(inFlight == null, "one message at a time, each answered before the next: " + line);
                    assertFalse(answered.contains(s.seq()), "sent again after its answer was recorded: " + line);
                    if (sent.add(s.seq())) {
                        assertTrue(s.seq() > lastSeq, "out of queue order: " + line + " after " + lastSeq);
                        delivered.add(s);
                    } else {
                        assertEquals(lastSeq, s.seq(), "only the message in flight at a kill is sent again: " + line);
                        resent++;
                    }
                    lastSeq = s.seq();
                    inFlight = s;
                }
                case "ACK" -> {
                    long seq = Long.parseLong(f[1]);
                    assertTrue(inFlight != null && inFlight.seq() == seq, "an answer to what was sent: " + line);
                    assertTrue(answered.add(seq), "answered twice: " + line);
                    inFlight = null;
                }
                default -> throw new AssertionError("unknown log line " + line);
            }
        }
        // Every transaction whole and in order: Start, MeterValues 1..m without a gap, one Stop at m.
        Map<Long, List<Sent>> byTx = new HashMap<>();
        long lastTx = 0;
        for (Sent s : delivered) {
            assertTrue(s.localTx() >= lastTx, "transactions in order: " + s);
            lastTx = s.localTx();
            byTx.computeIfAbsent(s.localTx(), x -> new ArrayList<>()).add(s);
        }
        for (long tx = 1; tx <= lastTx; tx++) {
            List<Sent> msgs = byTx.get(tx);
            assertTrue(msgs != null && msgs.size() >= 2, "transaction " + tx + " delivered: " + msgs);
            assertEquals("START", msgs.get(0).kind(), "transaction " + tx + " begins with its Start: " + msgs);
            Sent stop = msgs.get(msgs.size() - 1);
            assertEquals("STOP", stop.kind(), "transaction " + tx + " ends with its Stop: " + msgs);
            assertTrue(Set.of("Local", "PowerLoss").contains(stop.reason()), stop.toString());
            for (int i = 1; i < msgs.size() - 1; i++) {
                Sent m = msgs.get(i);
                assertEquals("METER", m.kind(), "transaction " + tx + ": " + msgs);
                assertEquals(i, m.value(), "transaction " + tx + ": MeterValues without a gap: " + msgs);
                assertEquals(1000 + tx, m.txId(), "under the CSMS's transactionId: " + m);
            }
            assertEquals(msgs.size() - 2, stop.value(), "transaction " + tx + ": meterStop is the last value");
            assertEquals(1000 + tx, stop.txId(), "stopped under the CSMS's transactionId: " + stop);
        }
        return new Result(delivered.size(), (int) lastTx, resent);
    }
}
