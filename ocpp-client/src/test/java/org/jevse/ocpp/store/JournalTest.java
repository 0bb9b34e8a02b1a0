package org.jevse.ocpp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transaction queue's journal on real files: crashes at any byte, corruption, the move from the old layout. */
class JournalTest {

    @TempDir
    Path dir;

    private static List<String> values(TransactionStore s) {
        List<String> out = new ArrayList<>();
        for (TransactionStore.Entry e : s.snapshot()) {
            out.add(e.kind() + ":" + (e.kind() == TransactionStore.Kind.METER
                    ? e.payload().path("meterValue").get(0).path("sampledValue").get(0).path("value").asText()
                    : e.payload().toString()));
        }
        return out;
    }

    private static Path onlySegment(Path data) throws IOException {
        try (Stream<Path> s = Files.list(data.resolve("journal"))) {
            List<Path> segs = s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
            assertEquals(1, segs.size(), "one segment: " + segs);
            return segs.get(0);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    private static void wipe(Path d) throws IOException {
        if (Files.exists(d)) {
            try (Stream<Path> s = Files.walk(d)) {
                for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Captures what the store logs. */
    private static final class Lines extends Handler implements AutoCloseable {
        final List<String> lines = new ArrayList<>();
        private final List<Logger> loggers = List.of(Logger.getLogger(Journal.class.getName()),
                Logger.getLogger(TransactionStore.class.getName()));

        Lines() {
            loggers.forEach(l -> l.addHandler(this));
        }

        @Override
        public synchronized void publish(LogRecord r) {
            lines.add(r.getLevel() + " " + r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            loggers.forEach(l -> l.removeHandler(this));
        }
    }

    @Test
    void aLastRecordTornAtAnyByteLeavesTheQueueAsBeforeItsStepAndTheJournalGoesOn() throws Exception {
        Path data = dir.resolve("data");
        TransactionStore s = new TransactionStore(data, 100);
        long local = s.start(1, LegacyLayout.start("TAG", 0));
        s.meterValues(local, LegacyLayout.meter(10), true);
        List<String> before = values(s);
        Path seg = onlySegment(data);
        long from = Files.size(seg);
        s.step(() -> {
            s.lastMeter(1, 20, "2026-11-21T06:02:00.000Z");
            s.meterValues(local, LegacyLayout.meter(20), true);
        });
        long to = Files.size(seg);
        List<String> after = values(s);
        s.close();
        assertTrue(to > from + Journal.RECORD_HEADER, "the step is one record of " + (to - from) + " bytes");
        byte[] full = Files.readAllBytes(seg);
        Path template = dir.resolve("template");
        copy(data, template);

        for (long cut = from; cut <= to; cut++) {
            for (boolean zeros : new boolean[] {false, true}) {
                wipe(data);
                copy(template, data);
                try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
                    f.setLength(cut);
                    if (zeros) {
                        f.setLength(to); // a power loss can leave the file's new length with zeros in it
                    }
                }
                String at = "cut at " + cut + " of " + from + ".." + to + (zeros ? " + zeros" : "");
                List<String> expected = new ArrayList<>();
                try (Lines log = new Lines()) {
                    TransactionStore r = new TransactionStore(data, 100);
                    // Zeros in place of the cut bytes may rebuild the record exactly (when its last bytes are 0).
                    boolean whole = java.util.Arrays.equals(Files.readAllBytes(seg), full);
                    assertEquals(whole ? after : before, values(r), at);
                    assertEquals(whole ? 20 : 0, r.active(1).lastMeterWh(), at + ": the step is all or nothing");
                    r.meterValues(local, LegacyLayout.meter(30), true);
                    r.close();
                    expected.addAll(whole ? after : before);
                    assertFalse(log.lines.stream().anyMatch(l -> l.startsWith("SEVERE")), at + ": " + log.lines);
                    try (Stream<Path> files = Files.list(data.resolve("journal"))) {
                        assertFalse(files.anyMatch(p -> p.toString().endsWith(".bad")), at);
                    }
                }
                TransactionStore again = new TransactionStore(data, 100);
                expected.add("METER:30");
                assertEquals(expected, values(again), at + ": appended after the cut and read back");
                again.close();
            }
        }
    }

    @Test
    void aCorruptedRecordInTheMiddleStopsTheReadingThereWithOneLineNamingTheFileAndOffset() throws Exception {
        Path data = dir.resolve("data");
        TransactionStore s = new TransactionStore(data, 100);
        long local = s.start(1, LegacyLayout.start("TAG", 0));
        Path seg = onlySegment(data);
        List<Long> offsets = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            offsets.add(Files.size(seg));
            s.meterValues(local, LegacyLayout.meter(i * 10), true);
        }
        s.close();
        long third = offsets.get(2);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.seek(third + Journal.RECORD_HEADER + 3);
            int b = f.read();
            f.seek(third + Journal.RECORD_HEADER + 3);
            f.write(b ^ 0x40); // one flipped bit in the third MeterValues' record
        }

        try (Lines log = new Lines()) {
            TransactionStore r = new TransactionStore(data, 100);
            assertEquals(List.of("START:" + LegacyLayout.start("TAG", 0), "METER:10", "METER:20"), values(r),
                    "read up to the bad record, nothing after it");
            List<String> severe = log.lines.stream().filter(l -> l.startsWith("SEVERE")).toList();
            assertEquals(1, severe.size(), log.lines.toString());
            assertTrue(severe.get(0).contains(seg.toString()) && severe.get(0).contains("offset " + third)
                    && severe.get(0).contains("checksum"), severe.get(0));
            assertTrue(Files.exists(seg.resolveSibling(seg.getFileName() + ".bad")), "the segment kept aside");
            r.meterValues(local, LegacyLayout.meter(60), true);
            r.close();
        }
        TransactionStore again = new TransactionStore(data, 100);
        assertEquals(List.of("START:" + LegacyLayout.start("TAG", 0), "METER:10", "METER:20", "METER:60"),
                values(again), "the journal goes on after the cut");
        again.close();
    }

    @Test
    void anOldOneFilePerMessageQueueIsMovedIntoTheJournalOnceInOrder() throws Exception {
        Path data = dir.resolve("data");
        LegacyLayout old = new LegacyLayout(data);
        List<String> expected = new ArrayList<>();
        // The Start of local transaction 1 was answered (txids.json) and dequeued; its values and Stop are queued.
        for (int i = 1; i <= 40; i++) {
            old.queued(3 + i, TransactionStore.Kind.METER, 1, LegacyLayout.meter(i));
            expected.add("METER:" + i);
        }
        old.queued(44, TransactionStore.Kind.STOP, 1, LegacyLayout.stop(40, "Local"));
        expected.add("STOP:" + LegacyLayout.stop(40, "Local"));
        old.queued(45, TransactionStore.Kind.START, 2, LegacyLayout.start("TWO", 40));
        expected.add("START:" + LegacyLayout.start("TWO", 40));
        old.active(new TransactionStore.Active(2, 1, "TWO", "2026-11-21T06:00:00.000Z", 40, 44,
                "2026-11-21T06:30:00.000Z")).txIds(Map.of(1L, 501)).counter(3);
        // A half-written temporary file a kill left behind in the old layout.
        Files.writeString(data.resolve("queue").resolve(".0000000000000046.json.123.tmp"), "{\"se");

        TransactionStore s = new TransactionStore(data, 100);
        assertEquals(expected, values(s));
        assertEquals(501, s.csmsTransactionId(1));
        assertEquals(44, s.active(1).lastMeterWh());
        assertEquals(45, s.lastSeq());
        assertEquals(3, s.start(2, LegacyLayout.start("THREE", 50)) - 0, "local ids are never reused");
        expected.add("START:" + LegacyLayout.start("THREE", 50));
        s.close();
        assertFalse(Files.exists(data.resolve("queue")), "the old queue directory is gone");
        assertFalse(Files.exists(data.resolve("txids.json")) || Files.exists(data.resolve("counter.json"))
                || Files.exists(data.resolve("active-1.json")));

        TransactionStore again = new TransactionStore(data, 100);
        assertEquals(expected, values(again), "moved once: a second start reads the journal only");
        again.close();
    }

    @Test
    void aMoveCutByACrashIsDoneAgainAndLeftoversOfAFinishedMoveAreNotMovedTwice() throws Exception {
        Path data = dir.resolve("data");
        new LegacyLayout(data).queued(1, TransactionStore.Kind.START, 1, LegacyLayout.start("ONE", 0)).counter(2);
        // A crash while the journal was being written: only journal.tmp exists.
        Files.createDirectories(data.resolve("journal.tmp"));
        Files.write(data.resolve("journal.tmp").resolve("0000000000000001.seg"), new byte[] {'J', 'V'});
        TransactionStore s = new TransactionStore(data, 100);
        assertEquals(1, s.size());
        s.close();
        assertFalse(Files.exists(data.resolve("journal.tmp")));

        // A crash after the journal was renamed into place but before the old files were deleted.
        new LegacyLayout(data).queued(1, TransactionStore.Kind.START, 1, LegacyLayout.start("ONE", 0)).counter(2);
        TransactionStore again = new TransactionStore(data, 100);
        assertEquals(1, again.size(), "not moved a second time");
        assertFalse(Files.exists(data.resolve("queue")));
        again.close();
    }

    @Test
    void aStepIsOneRecordAndAnAnsweredStartIsOneRecordWithItsDequeuing() throws Exception {
        Path data = dir.resolve("data");
        TransactionStore s = new TransactionStore(data, 100);
        int records0 = records(data);
        long local = s.start(1, LegacyLayout.start("TAG", 0));
        assertEquals(records0 + 1, records(data), "the counter, the running transaction and the Start");
        s.step(() -> {
            s.lastMeter(1, 5, "2026-11-21T06:01:00.000Z");
            s.meterValues(local, LegacyLayout.meter(5), true);
            s.meterValues(local, LegacyLayout.meter(6), false);
        });
        assertEquals(records0 + 2, records(data), "one step, one record (one fsync)");
        s.startConfirmed(s.head(), 99);
        assertEquals(records0 + 3, records(data));
        s.close();
        TransactionStore.Contents c = TransactionStore.inspect(data);
        assertEquals(Map.of(1L, 99), c.txIds());
        assertEquals(2, c.queued().size());
        assertEquals(5, c.active().get(1).lastMeterWh());
    }

    @Test
    void deliveredSegmentsAreDeletedAndAPinnedHeadIsCompactedInOrder() throws Exception {
        Path data = dir.resolve("data");
        TransactionStore s = new TransactionStore(data, 300);
        long local = s.start(1, LegacyLayout.start("TAG", 0));
        int n = 0;
        long most = 0;
        // Offline for long: the bound thins sampled values, the unanswered Start at the head pins its segment.
        for (int step = 0; step < 80; step++) {
            s.step(() -> {
                for (int i = 0; i < 100; i++) {
                    s.meterValues(local, LegacyLayout.meter(s.lastSeq() + 1), true);
                }
            });
            n += 100;
            most = Math.max(most, s.queueBytes());
        }
        assertEquals(300, s.size());
        assertTrue(most < 4 * JournalWriter.SEGMENT_BYTES, "compaction kept the journal at " + most + " bytes");
        List<String> kept = values(s);
        s.close();
        TransactionStore r = new TransactionStore(data, 300);
        assertEquals(kept, values(r), "the same queue, in order, after a restart");
        List<Long> order = new ArrayList<>();
        for (TransactionStore.Entry e = r.head(); e != null; e = r.head()) {
            order.add(e.seq());
            if (e.kind() == TransactionStore.Kind.START) {
                r.startConfirmed(e, 1);
            } else {
                r.confirmed(e);
            }
        }
        assertEquals(order.stream().sorted().toList(), order, "delivered in queue order");
        assertNull(r.head());
        assertTrue(r.queueBytes() <= JournalWriter.SEGMENT_BYTES + JournalWriter.SMALL_SEGMENT,
                "a drained queue leaves little: " + r.queueBytes());
        r.close();
    }

    private static int records(Path data) throws IOException {
        List<Journal.Record> out = new ArrayList<>();
        try (Journal j = Journal.open(data.resolve("journal"), true, out)) {
            return out.size();
        }
    }
}
