package org.jevse.ocpp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jevse.ocpp.store.TransactionStore.Entry;
import org.jevse.ocpp.store.TransactionStore.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a step returns and when a message may leave ({@link JournalSync}), on real files with the journal's
 * fdatasyncs going through a {@link Disk} that can hold them back and records what each one covered: what a power
 * loss keeps is a segment cut at its last fdatasync, plus any part of what was written after it.
 */
class JournalSyncTest {
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** fdatasyncs held back while {@link #hold()} is on; records the bytes of each segment an fdatasync covered. */
    private static final class Disk implements Journal.Flush {
        final Map<Path, Long> durable = new ConcurrentHashMap<>();
        private boolean held;

        @Override
        public void force(Path segment, FileChannel ch) throws IOException {
            long size = ch.size();
            synchronized (this) {
                while (held) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        throw new InterruptedIOException("fdatasync interrupted");
                    }
                }
            }
            ch.force(false);
            durable.merge(segment, size, Math::max);
        }

        synchronized void hold() {
            held = true;
        }

        synchronized void release() {
            held = false;
            notifyAll();
        }

        long durable(Path segment) {
            return durable.getOrDefault(segment, 0L);
        }
    }

    private static Path tail(Path data) throws IOException {
        try (Stream<Path> s = Files.list(data.resolve("journal"))) {
            return s.filter(p -> p.toString().endsWith(".seg")).max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    private static void reading(TransactionStore s, long localTx, int wh) {
        s.step(() -> {
            s.lastMeter(1, wh, String.format("2026-11-21T06:00:%02d.000Z", wh));
            s.meterValues(localTx, LegacyLayout.meter(wh), true);
        });
    }

    private static long value(Entry e) {
        return e.payload().path("meterValue").get(0).path("sampledValue").get(0).path("value").asLong();
    }

    /** Polls (bounded) until {@code t} waits or has ended: it then either returned or is held by the disk. */
    private static void awaitParkedOrDone(Thread t) throws InterruptedException {
        long end = System.nanoTime() + BOUND.toNanos();
        while (t.isAlive() && t.getState() != Thread.State.WAITING && System.nanoTime() < end) {
            Thread.onSpinWait();
            Thread.sleep(1); // polling real threads that wait for real I/O, not a timing check
        }
    }

    @Test
    void inBatchModeAMeterValuesStepReturnsBeforeItsFdatasyncButAStartOrStopAndTheMessageToTheCsmsWaitForIt()
            throws Exception {
        Disk disk = new Disk();
        Path data = dir.resolve("data");
        try (TransactionStore s = TransactionStore.withFlush(data, 100, JournalSync.BATCH, disk)) {
            try {
                batchStep(s, disk, data);
            } finally {
                disk.release(); // a failed expectation must not leave the store's close waiting for the disk
            }
        }
    }

    /** The scenario of the test above, on a store whose disk it holds back and releases. */
    private static void batchStep(TransactionStore s, Disk disk, Path data) throws Exception {
        long tx = s.start(1, LegacyLayout.start("TAG", 0));
        Path seg = tail(data);
        assertEquals(Files.size(seg), disk.durable(seg), "a StartTransaction returns once durable");
        Entry start = s.head();
        s.startConfirmed(start, 7);
        assertEquals(Files.size(seg), disk.durable(seg), "an answer is recorded durably before the next goes");

        disk.hold();
        // A step of sampled values returns once written, although no fdatasync can finish.
        assertTimeoutPreemptively(BOUND, () -> reading(s, tx, 1), "a MeterValues step waits for no fdatasync");
        long written = Files.size(seg);
        assertTrue(disk.durable(seg) < written, "returned before its fdatasync: " + disk.durable(seg) + " of "
                + written + " bytes durable");

        // The client gets the MeterValues only once its record is durable.
        AtomicLong durableWhenHanded = new AtomicLong(-1);
        AtomicReference<Entry> handed = new AtomicReference<>();
        Thread client = new Thread(() -> {
            Entry next = s.head();
            durableWhenHanded.set(disk.durable(seg));
            handed.set(next);
        }, "client");
        client.start();
        awaitParkedOrDone(client);
        disk.release();
        client.join(BOUND.toMillis());
        assertEquals(1, value(handed.get()), "the MeterValues is the next message");
        assertTrue(durableWhenHanded.get() >= written, "handed to the client only once durable: "
                + durableWhenHanded.get() + " of " + written + " bytes durable");

        // A StopTransaction step does not return before its fdatasync.
        disk.hold();
        AtomicLong durableWhenStopped = new AtomicLong(-1);
        Thread charger = new Thread(() -> {
            s.stop(1, LegacyLayout.stop(1, "Local"));
            durableWhenStopped.set(disk.durable(seg));
        }, "charger");
        charger.start();
        awaitParkedOrDone(charger);
        long stopWritten = Files.size(seg);
        disk.release();
        charger.join(BOUND.toMillis());
        assertTrue(durableWhenStopped.get() >= stopWritten, "a StopTransaction returns only once durable: "
                + durableWhenStopped.get() + " of " + stopWritten + " bytes durable");
    }

    @Test
    void inStepModeEveryStepReturnsOnlyOnceDurable() throws Exception {
        Disk disk = new Disk();
        Path data = dir.resolve("data");
        try (TransactionStore s = TransactionStore.withFlush(data, 100, JournalSync.STEP, disk)) {
            long tx = s.start(1, LegacyLayout.start("TAG", 0));
            Path seg = tail(data);
            for (int wh = 1; wh <= 5; wh++) {
                reading(s, tx, wh);
                assertEquals(Files.size(seg), disk.durable(seg), "step " + wh + " returned once durable");
            }
        }
    }

    @Test
    void aPowerLossInTheUnsyncedWindowLosesOnlyUnsentMeterValuesAndNeverLeavesAGap() throws Exception {
        Disk disk = new Disk();
        Path data = dir.resolve("data");
        Path image = dir.resolve("image");
        List<Long> bounds = new ArrayList<>(); // the end of each step's record, step k at k + 1
        Map<Path, Long> durable;
        try (TransactionStore s = TransactionStore.withFlush(data, 100, JournalSync.BATCH, disk)) {
            long tx = s.start(1, LegacyLayout.start("TAG", 0));
            for (int wh = 1; wh <= 5; wh++) {
                reading(s, tx, wh);
            }
            Entry start = s.head();
            s.startConfirmed(start, 1001);
            Entry first = s.head();
            assertEquals(1, value(first));
            s.confirmed(first); // durable: everything so far is
            Path seg = tail(data);
            bounds.add(Files.size(seg));
            disk.hold();
            try {
                for (int wh = 6; wh <= 10; wh++) {
                    reading(s, tx, wh); // written, not durable: the disk holds every fdatasync back
                    bounds.add(Files.size(seg));
                }
                durable = Map.copyOf(disk.durable);
                copyJournal(data, image);
            } finally {
                disk.release();
            }
        }
        long synced = bounds.get(0);
        long end = bounds.get(bounds.size() - 1);
        // What the disk may hold after the cut: nothing written after the last fdatasync, all of it, a prefix
        // cut at any byte, or (the disk writing pages out of order) a later part without an earlier one.
        List<String> variants = new ArrayList<>();
        for (long cut = synced; cut <= end; cut += Math.max(1, (end - synced) / 40)) {
            variants.add("prefix " + cut);
        }
        variants.add("prefix " + end);
        variants.add("hole " + bounds.get(1) + " " + bounds.get(2));
        for (String v : variants) {
            Path after = dir.resolve("after");
            wipe(after);
            powerLoss(image, after, durable, v);
            try (TransactionStore r = new TransactionStore(after, 100)) {
                r.recoverPowerLoss();
                List<Entry> q = r.snapshot();
                assertEquals(1001, r.csmsTransactionId(1), v + ": the answered StartTransaction's id is kept");
                assertTrue(q.stream().noneMatch(e -> e.kind() == Kind.START), v + ": the answered Start not resent");
                long expect = 2;
                for (Entry e : q.subList(0, q.size() - 1)) {
                    assertEquals(Kind.METER, e.kind(), v + ": " + q);
                    assertEquals(expect++, value(e), v + ": MeterValues 2.. in order without a gap: " + q);
                }
                long last = expect - 1;
                assertTrue(last >= 5, v + ": every MeterValues made durable (up to the answered one) is kept");
                Entry stop = q.get(q.size() - 1);
                assertEquals(Kind.STOP, stop.kind(), v);
                assertEquals("PowerLoss", stop.payload().path("reason").asText(), v);
                assertEquals(last, stop.payload().path("meterStop").asLong(),
                        v + ": the PowerLoss stop's meterStop is the last kept value");
                assertNull(r.active(1), v);
            }
        }
    }

    private static void copyJournal(Path data, Path image) throws IOException {
        Files.createDirectories(image);
        try (Stream<Path> s = Files.list(data.resolve("journal"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, image.resolve(p.getFileName()));
            }
        }
    }

    /** The journal after a power loss: each segment as far as fdatasyncs covered it, then the variant's bytes. */
    private static void powerLoss(Path image, Path after, Map<Path, Long> durable, String variant)
            throws IOException {
        Path jdir = after.resolve("journal");
        Files.createDirectories(jdir);
        String[] v = variant.split(" ");
        try (Stream<Path> s = Files.list(image)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = jdir.resolve(p.getFileName());
                Files.copy(p, t);
                long kept = durable.entrySet().stream().filter(e -> e.getKey().getFileName().equals(p.getFileName()))
                        .mapToLong(Map.Entry::getValue).findFirst().orElse(0L);
                long size = Files.size(t);
                try (RandomAccessFile f = new RandomAccessFile(t.toFile(), "rw")) {
                    if (v[0].equals("prefix")) {
                        f.setLength(Math.min(size, Math.max(kept, Long.parseLong(v[1]))));
                    } else if (kept < size) {
                        long from = Long.parseLong(v[1]);
                        f.seek(from);
                        f.write(new byte[(int) (Long.parseLong(v[2]) - from)]); // never reached the disk
                    }
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
}
