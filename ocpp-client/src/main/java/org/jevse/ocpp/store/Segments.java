package org.jevse.ocpp.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jevse.ocpp.store.TransactionStore.Entry;

/**
 * The journal's segments over time: a full segment is closed and a new one starts with the state that is not in
 * the queue; the oldest segments are deleted once no queued message is in them; and when a message at the head
 * pins delivered (or thinned) ones behind it so that the journal passes twice its live content, the live
 * messages are copied into one new segment, written whole and renamed into place, and every older segment is
 * deleted (compaction). A crash at any point leaves either the old segments or the new one complete.
 */
final class Segments {
    private Segments() {
    }

    /** Closes the current segment; deletes delivered segments; compacts when the journal is mostly dead. */
    static void next(Journal journal, QueueState st, Function<QueueState.Meta, Entry> reader) throws IOException {
        journal.roll();
        journal.append(JournalOp.encode(List.of(st.state(false))));
        journal.sync();
        if (journal.bytes() > 2 * st.liveBytes + 2 * JournalWriter.SEGMENT_BYTES) {
            compact(journal, st, reader);
        }
        deleteDelivered(journal, st);
    }

    /** Deletes the oldest segments while no queued message is in them (never the current one). */
    static void deleteDelivered(Journal journal, QueueState st) throws IOException {
        long firstLive = st.queue.isEmpty() ? Long.MAX_VALUE : st.queue.firstEntry().getValue().at.segment();
        List<Long> segments = journal.segments();
        for (int i = 0; i < segments.size() - 1 && segments.get(i) < firstLive; i++) {
            journal.delete(segments.get(i));
        }
    }

    /** Copies the live messages into one new segment, written whole, then deletes every older segment. */
    private static void compact(Journal journal, QueueState st, Function<QueueState.Meta, Entry> reader)
            throws IOException {
        Path tmp = journal.dir().resolve("compact.tmp");
        List<QueueState.Meta> live = new ArrayList<>(st.queue.values());
        JournalOp.State state = st.state(true);
        // One message at a time: the heap never holds more than one payload.
        List<Long> offsets = journal.writeSegment(tmp, live.size() + 1, i -> JournalOp.encode(List.of(
                i == 0 ? state : new JournalOp.Add(reader.apply(live.get(i - 1))))));
        long no = journal.install(tmp);
        st.liveBytes = 0;
        for (int i = 0; i < live.size(); i++) {
            QueueState.Meta m = live.get(i);
            m.at = new Journal.Position(no, offsets.get(i + 1));
            m.index = 0;
            m.bytes = (int) (offsets.get(i + 2) - offsets.get(i + 1));
            st.liveBytes += m.bytes;
        }
        for (long old : journal.segments()) {
            if (old < no) {
                journal.delete(old);
            }
        }
    }

}
