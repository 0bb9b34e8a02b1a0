package org.jevse.ocpp.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.jevse.ocpp.store.TransactionStore.Entry;

/**
 * Writes the store's changes to the {@link Journal}: each change is applied in memory at once and collected;
 * outside a step, or when the outermost step ends, the collected changes become one record, appended. A record
 * holding a change of a critical call (or any record, with {@link JournalSync#STEP}) must be durable before its
 * call returns: the caller waits, outside the store's lock, until an fdatasync covers it ({@link #change},
 * {@link #awaitDurable}: group commit across steps); any other record is left to the syncer thread. Reads a
 * queued message back from its record. Called under the store's lock, but for {@link #awaitDurable}.
 */
final class JournalWriter {
    private static final Logger LOG = Logger.getLogger(TransactionStore.class.getName());
    /** A segment past this size is closed and a new one started (and delivered segments deleted). */
    static final long SEGMENT_BYTES = 1 << 20;
    /** With nothing queued, a segment past this size is closed too, so a drained queue leaves little on disk. */
    static final long SMALL_SEGMENT = 64 << 10;

    private final Journal journal;
    private final QueueState st;
    private final boolean readOnly;
    private final List<JournalOp> pending = new ArrayList<>();
    private final List<QueueState.Meta> pendingAdds = new ArrayList<>();
    private int depth;
    /** The records being collected hold a change that must be durable before its call returns. */
    private boolean pendingCritical;
    /** The ticket of the last record written that had to be durable before its call returned. */
    private long criticalTicket;

    JournalWriter(Journal journal, QueueState st, boolean readOnly) {
        this.journal = journal;
        this.st = st;
        this.readOnly = readOnly;
    }

    /**
     * Opens the journal under {@code dir/journal} (moving the layout before the journal in once) and replays it
     * into {@code st}; a StartTransaction whose answer is recorded is dequeued (not yet durable: the caller waits).
     */
    static JournalWriter open(Path dir, QueueState st, boolean readOnly, Journal.Flush flush) throws IOException {
        Path jdir = dir.resolve("journal");
        if (!readOnly) {
            Files.createDirectories(dir);
            if (!Files.isDirectory(jdir) && LegacyQueue.present(dir)) {
                LegacyQueue.moveInto(dir, jdir);
            } else if (LegacyQueue.present(dir)) {
                LOG.info("files of the layout before the journal left in " + dir + " after their move: deleted");
                LegacyQueue.delete(dir);
            }
        }
        List<Journal.Record> records = new ArrayList<>();
        Journal journal = Journal.open(jdir, readOnly, records, flush);
        List<Long> answered = st.replay(records, journal);
        if (!readOnly && journal.isEmpty()) {
            journal.roll();
            journal.append(JournalOp.encode(List.of(st.state(false))));
            journal.sync();
        }
        JournalWriter writer = new JournalWriter(journal, st, readOnly);
        for (long seq : answered) {
            writer.log(new JournalOp.Remove(seq));
        }
        return writer;
    }

    void begin() {
        depth++;
    }

    void end() {
        depth--;
        if (depth == 0) {
            flush();
        }
    }

    /**
     * Runs {@code work} under {@code lock} (the store's, which every call but {@link #awaitDurable} holds); then,
     * unless this is inside a step or another change, waits outside the lock until its record is durable if it is
     * {@code critical} (or held a critical change, or {@code sync} is {@link JournalSync#STEP}), else leaves it to
     * the syncer thread. The next caller may append meanwhile, and one fdatasync covers every record appended
     * while the previous one ran (group commit across steps).
     */
    <T> T change(Object lock, boolean critical, JournalSync sync, java.util.function.Supplier<T> work) {
        boolean outermost = !Thread.holdsLock(lock);
        T result;
        long ticket;
        boolean await;
        synchronized (lock) {
            long criticalBefore = criticalTicket;
            if (critical) {
                pendingCritical = true; // for every change logged up to the end of the enclosing step
            }
            result = work.get();
            ticket = journal.ticket();
            await = sync == JournalSync.STEP || criticalTicket != criticalBefore;
            if (outermost) {
                pendingCritical = false; // a critical call that changed nothing leaves nothing to wait for
                if (!await && !readOnly) {
                    journal.syncSoon();
                }
            }
        }
        if (outermost && await) {
            awaitDurable(ticket);
        }
        return result;
    }

    /** Applies changes in memory and writes them, now or at the end of the enclosing step. */
    void log(JournalOp... ops) {
        if (readOnly) {
            for (JournalOp op : ops) {
                st.apply(op, null, 0, 0);
            }
            return;
        }
        for (JournalOp op : ops) {
            QueueState.Meta m = st.apply(op, null, pending.size(), 0);
            if (m != null) {
                pendingAdds.add(m);
            }
            pending.add(op);
        }
        if (depth == 0) {
            flush();
        }
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            byte[] body = JournalOp.encode(pending);
            Journal.Position at = journal.append(body);
            long ticket = journal.ticket();
            if (pendingCritical) {
                criticalTicket = ticket;
                pendingCritical = false;
            }
            int share = (body.length + Journal.RECORD_HEADER) / pending.size();
            for (QueueState.Meta m : pendingAdds) {
                m.at = at;
                m.ticket = ticket;
                m.bytes = share;
                st.liveBytes += share;
            }
            pending.clear();
            pendingAdds.clear();
            if (journal.tailSize() > SEGMENT_BYTES || (st.queue.isEmpty() && journal.tailSize() > SMALL_SEGMENT)) {
                Segments.next(journal, st, this::entry);
            } else {
                Segments.deleteDelivered(journal, st);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist to the journal in " + journal.dir(), e);
        } finally {
            pending.clear();
            pendingAdds.clear();
        }
    }

    /** The ticket of the last record written: {@link #awaitDurable} with it waits for everything so far. */
    long ticket() {
        return journal.ticket();
    }

    /** The longest a record waited for its fdatasync so far, in nanoseconds (the benchmark). */
    long longestWindowNanos() {
        return journal.longestWindowNanos();
    }

    /** Returns once the record {@code ticket} is durable; called outside the store's lock (group commit). */
    void awaitDurable(long ticket) {
        if (readOnly) {
            return;
        }
        try {
            journal.awaitDurable(ticket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist to the journal in " + journal.dir(), e);
        }
    }

    Entry entry(QueueState.Meta m) {
        if (m.at == null) {
            flush(); // read inside a step before its record was written
        }
        try {
            JournalOp op = JournalOp.decode(journal.read(m.at)).get(m.index);
            if (!(op instanceof JournalOp.Add add) || add.entry().seq() != m.seq) {
                throw new IllegalStateException("journal record at " + m.at + " does not hold message " + m.seq);
            }
            return add.entry().withAttempts(m.attempts);
        } catch (IOException e) {
            throw new UncheckedIOException("journal record at " + m.at, e);
        }
    }

    /** How many fdatasyncs the journal has made since it was opened. */
    long syncs() {
        return journal.syncs();
    }

    /** Bytes the journal's segment files take; 0 if they cannot be listed. */
    long bytes() {
        try {
            return journal.bytes();
        } catch (IOException e) {
            return 0;
        }
    }

    void close() throws IOException {
        journal.close();
    }
}
