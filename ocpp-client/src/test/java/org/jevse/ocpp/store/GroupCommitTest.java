package org.jevse.ocpp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.Deflater;
import org.jevse.ocpp.store.TransactionStore.Active;
import org.jevse.ocpp.store.TransactionStore.Entry;
import org.jevse.ocpp.store.TransactionStore.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit across concurrent steps, and the record format with a binary index, on real files. */
class GroupCommitTest {
    private static final int CONNECTORS = 4;
    private static final int READINGS = 60;

    @TempDir
    Path dir;

    @Test
    void concurrentStepsShareFdatasyncsAndEveryMessageIsThereInOrderAfterAReopen() throws Exception {
        long syncs;
        // A real fdatasync that takes at least 3 ms, as on an SD card: on a fast disk of a busy machine the
        // threads may not get to append while one runs, and sharing then is luck, not the rule under test.
        Journal.Flush sdCard = (segment, ch) -> {
            ch.force(false);
            java.util.concurrent.locks.LockSupport.parkNanos(3_000_000L);
        };
        try (TransactionStore store = TransactionStore.withFlush(dir, 100_000, JournalSync.STEP, sdCard)) {
            long before = store.syncs();
            List<Thread> threads = new ArrayList<>();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            for (int c = 1; c <= CONNECTORS; c++) {
                int connector = c;
                Thread t = new Thread(() -> {
                    long tx = store.start(connector, LegacyLayout.start("C" + connector, 0));
                    for (int k = 1; k <= READINGS; k++) {
                        int wh = k;
                        store.step(() -> {
                            store.lastMeter(connector, wh, "2026-11-21T06:00:00.000Z");
                            store.meterValues(tx, LegacyLayout.meter(wh), true);
                        });
                    }
                    store.stop(connector, LegacyLayout.stop(READINGS, "Local"));
                }, "connector-" + c);
                t.setUncaughtExceptionHandler((th, ex) -> failed.set(ex));
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertNull(failed.get(), "no connector's thread failed");
            syncs = store.syncs() - before;
        }
        int steps = CONNECTORS * (READINGS + 2);
        // Every step durable at its return (STEP): without group commit every step is one fdatasync (syncs ==
        // steps); with it, the steps appended while one ran share the next one.
        assertTrue(syncs < steps * 3 / 4, syncs + " fdatasyncs for " + steps + " concurrent steps");

        try (TransactionStore reopened = new TransactionStore(dir, 100_000)) {
            Map<Long, List<String>> perTx = new HashMap<>();
            for (Entry e : reopened.snapshot()) {
                perTx.computeIfAbsent(e.localTx(), k -> new ArrayList<>()).add(e.kind() == Kind.METER
                        ? e.payload().path("meterValue").get(0).path("sampledValue").get(0).path("value").asText()
                        : e.kind().name());
            }
            assertEquals(CONNECTORS, perTx.size());
            List<String> expected = new ArrayList<>(List.of("START"));
            for (int k = 1; k <= READINGS; k++) {
                expected.add(Integer.toString(k));
            }
            expected.add("STOP");
            perTx.values().forEach(got -> assertEquals(expected, got, "one transaction's messages, in order"));
        }
    }

    @Test
    void aJournalWrittenInTheFirstRecordFormatIsStillRead() throws Exception {
        // One deflated JSON array of the whole changes (the format before the binary index).
        String changes = "[{\"op\":\"ctr\",\"next\":8},{\"op\":\"add\",\"e\":{\"seq\":5,\"kind\":\"METER\","
                + "\"localTx\":7,\"action\":\"MeterValues\",\"payload\":" + LegacyLayout.meter(42) + ","
                + "\"attempts\":2,\"periodic\":true}},{\"op\":\"id\",\"tx\":7,\"id\":1234}]";
        try (Journal j = Journal.open(dir.resolve("journal"), false, new ArrayList<>())) {
            j.roll();
            j.append(firstFormat(changes));
            j.sync();
        }
        try (TransactionStore s = new TransactionStore(dir, 100)) {
            Entry e = s.head();
            assertEquals(5, e.seq());
            assertEquals(2, e.attempts());
            assertEquals("42", e.payload().path("meterValue").get(0).path("sampledValue").get(0).path("value")
                    .asText());
            assertEquals(1234, s.csmsTransactionId(7));
            s.confirmed(e);
            assertTrue(s.isEmpty());
        }
    }

    @Test
    void everyChangeSurvivesTheRecordFormatWithItsBinaryIndex() throws Exception {
        ObjectNode payload = LegacyLayout.meter(17);
        Active a = new Active(3, 2, "TAG-ü", "2026-11-21T06:00:00.000Z", 100, 250, "2026-11-21T07:00:00.000Z");
        List<JournalOp> ops = List.of(
                new JournalOp.Add(new Entry(9, Kind.METER, 3, "MeterValues", payload, 1, true)),
                new JournalOp.Remove(4), new JournalOp.Attempts(9, 3), new JournalOp.TxId(3, -12),
                new JournalOp.ForgetTxId(2), new JournalOp.SetActive(a), new JournalOp.EndActive(2),
                new JournalOp.Counter(11), new JournalOp.State(true, 10, 11, Map.of(3L, -12), List.of(a)));
        byte[] record = JournalOp.encode(ops);
        assertEquals(ops, JournalOp.decode(record));
        List<JournalOp> index = JournalOp.decodeIndex(record);
        assertNull(((JournalOp.Add) index.get(0)).entry().payload(), "the index leaves the payload out");
        assertEquals(ops.subList(1, ops.size()), index.subList(1, index.size()));
    }

    private static byte[] firstFormat(String json) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setDictionary(JournalOp.DICTIONARY);
        d.setInput(json.getBytes(StandardCharsets.UTF_8));
        d.finish();
        byte[] buf = new byte[1 << 16];
        int n = d.deflate(buf);
        d.end();
        return java.util.Arrays.copyOf(buf, n);
    }
}
