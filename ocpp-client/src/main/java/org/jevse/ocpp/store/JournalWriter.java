package org.jevse.ocpp.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jevse.ocpp.store.TransactionStore.Entry;

/**
 * Writes the store's changes to the {@link Journal}: each change is applied in memory at once and collected;
 * outside a step, or when the outermost step ends, the collected changes become one record, appended and
 * fsync'd (group commit). Reads a queued message back from its record. Called under the store's lock only.
 */
final class JournalWriter {
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

    JournalWriter(Journal journal, QueueState st, boolean readOnly) {
        this.journal = journal;
        this.st = st;
        this.readOnly = readOnly;
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
            journal.sync();
            int share = (body.length + Journal.RECORD_HEADER) / pending.size();
            for (QueueState.Meta m : pendingAdds) {
                m.at = at;
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

    long bytes() throws IOException {
        return journal.bytes();
    }

    void close() throws IOException {
        journal.close();
    }
}
