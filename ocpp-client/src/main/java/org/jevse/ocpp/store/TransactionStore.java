package org.jevse.ocpp.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The persistent transaction-message queue and transaction records (OCPP 1.6 §4.8 "transaction-related
 * messages": StartTransaction, StopTransaction and transaction MeterValues).
 *
 * <p>Everything lives in an append-only {@link Journal} under {@code journal/} in the data directory: the changes
 * ({@link JournalOp}) of one call, or of one {@link #step}, are one record with a CRC32C, written with one write
 * before the call returns, so the caller may tell the core a step is done as soon as it returns (a kill -9 keeps
 * it), and a crash leaves all of a step or none. A step that queues a StartTransaction, StopTransaction or
 * security event, or records an answer, returns only once durable (one fdatasync covers the records of every
 * step that appended meanwhile: {@link GroupCommit}); a step of sampled MeterValues too with
 * {@link JournalSync#STEP}, and with {@link JournalSync#BATCH} it is made durable by the syncer thread within
 * about two fdatasyncs. A queued message is handed to the client only once durable. Recording a
 * StartTransaction's answer is one record (its transactionId with its dequeuing): an answered StartTransaction
 * is never sent again. Old segments are deleted or compacted ({@link Segments}); the layout before the journal
 * is moved in once ({@link LegacyQueue}). Payloads stay on disk: the heap holds an index of about 300 bytes per
 * queued message.
 *
 * <p>A transaction is known locally by a local id from the start, so it can start, meter and stop while offline;
 * StopTransaction and MeterValues get the CSMS's transactionId patched in when they are sent. The queue is
 * bounded: past the bound, the oldest periodic sampled MeterValues are thinned out (and counted);
 * StartTransaction and StopTransaction are never dropped.
 *
 * <p>Thread-safe: the charger's thread adds, the client's thread sends and completes.
 */
public final class TransactionStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TransactionStore.class.getName());

    /** What a queued message is; SECURITY is a critical SecurityEventNotification (Security Whitepaper A04.FR.02). */
    public enum Kind {
        START, METER, STOP, SECURITY
    }

    /** The most critical security events queued; past it the oldest is dropped, so a flood cannot fill the disk. */
    public static final int SECURITY_BOUND = 1_000;

    /** One queued message. {@code periodic} marks sampled MeterValues the bound may thin. */
    public record Entry(@JsonProperty("seq") long seq, @JsonProperty("kind") Kind kind,
                        @JsonProperty("localTx") long localTx, @JsonProperty("action") String action,
                        @JsonProperty("payload") ObjectNode payload, @JsonProperty("attempts") int attempts,
                        @JsonProperty("periodic") boolean periodic) {
        Entry withAttempts(int n) {
            return new Entry(seq, kind, localTx, action, payload, n, periodic);
        }
    }

    /** A transaction running on a connector, as persisted. */
    public record Active(@JsonProperty("localTx") long localTx, @JsonProperty("connectorId") int connectorId,
                         @JsonProperty("idTag") String idTag, @JsonProperty("startTime") String startTime,
                         @JsonProperty("meterStartWh") long meterStartWh, @JsonProperty("lastMeterWh") long lastMeterWh,
                         @JsonProperty("lastMeterTime") String lastMeterTime) {
    }

    /** What a data directory holds, read without changing anything (tests, diagnostics). */
    public record Contents(List<Entry> queued, Map<Long, Integer> txIds, Map<Integer, Active> active) {
    }

    private final int bound;
    private final QueueState st = new QueueState();
    private final JournalWriter writer;
    private final JournalSync sync;
    private long thinned;

    /**
     * Opens (or creates) the store; a torn last record is dropped, a corrupted one stops the reading there (both
     * logged with the file and offset).
     *
     * @param bound the most queued messages before sampled MeterValues are thinned (StartTransaction and
     *              StopTransaction are queued beyond it)
     */
    public TransactionStore(Path dir, int bound) {
        this(dir, bound, JournalSync.BATCH);
    }

    /**
     * As {@link #TransactionStore(Path, int)}, with {@code sync} choosing whether a step of sampled MeterValues
     * returns once written ({@link JournalSync#BATCH}, the default) or once durable ({@link JournalSync#STEP}).
     */
    public TransactionStore(Path dir, int bound, JournalSync sync) {
        this(dir, bound, sync, false, Journal.Flush.FDATASYNC);
    }

    /** With {@code flush} in front of every fdatasync (tests play a power loss with it). */
    static TransactionStore withFlush(Path dir, int bound, JournalSync sync, Journal.Flush flush) {
        return new TransactionStore(dir, bound, sync, false, flush);
    }

    private TransactionStore(Path dir, int bound, JournalSync sync, boolean readOnly, Journal.Flush flush) {
        this.bound = Math.max(2, bound);
        this.sync = sync;
        try {
            writer = JournalWriter.open(dir, st, readOnly, flush);
            writer.awaitDurable(writer.ticket());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the transaction journal in " + dir, e);
        }
    }

    /** The contents of the store in {@code dir}, read without changing anything (tests, diagnostics). */
    public static Contents inspect(Path dir) {
        try (TransactionStore s = new TransactionStore(dir, Integer.MAX_VALUE, JournalSync.STEP, true,
                Journal.Flush.FDATASYNC)) {
            synchronized (s) {
                return new Contents(s.snapshot(), Map.copyOf(s.st.txIds), Map.copyOf(s.st.active));
            }
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Runs {@code work} as one step: every change the calls inside it make is written as one record when it
     * returns, and a crash leaves all of them or none. It returns once that record is durable if a call inside
     * it needs that (see {@link JournalSync}).
     */
    public void step(Runnable work) {
        change(false, () -> {
            writer.begin();
            try {
                work.run();
            } finally {
                writer.end();
            }
            return null;
        });
    }

    /** Runs {@code work} under the store's lock as one change ({@link JournalWriter#change}). */
    private <T> T change(boolean critical, java.util.function.Supplier<T> work) {
        return writer.change(this, critical, sync, work);
    }

    private void log(JournalOp... ops) {
        writer.log(ops);
    }

    // ---------------------------------------------------------------- the charger's side

    /**
     * Records a transaction start and queues its StartTransaction. Returns the local transaction id.
     *
     * @param payload the StartTransaction.req payload
     */
    public long start(int connectorId, ObjectNode payload) {
        return change(true, () -> {
            long localTx = st.nextLocalTx;
            String ts = payload.path("timestamp").asText();
            long meter = payload.path("meterStart").asLong();
            Active a = new Active(localTx, connectorId, payload.path("idTag").asText(), ts, meter, meter, ts);
            log(new JournalOp.Counter(localTx + 1), new JournalOp.SetActive(a),
                    new JournalOp.Add(new Entry(st.nextSeq, Kind.START, localTx, "StartTransaction", payload, 0, false)));
            return localTx;
        });
    }

    /** Remembers the last meter value of the running transaction (for a PowerLoss stop). */
    public void lastMeter(int connectorId, long meterWh, String timestamp) {
        change(false, () -> {
            Active a = st.active.get(connectorId);
            if (a == null || (a.lastMeterWh() == meterWh && timestamp.equals(a.lastMeterTime()))) {
                return null;
            }
            log(new JournalOp.SetActive(new Active(a.localTx(), a.connectorId(), a.idTag(), a.startTime(),
                    a.meterStartWh(), meterWh, timestamp)));
            return null;
        });
    }

    /**
     * Queues a transaction's MeterValues.req (without transactionId: it is patched in at sending).
     *
     * @param periodic true for sampled values that the bound may thin
     * @return false if the bound was reached and this sample was not kept
     */
    public boolean meterValues(long localTx, ObjectNode payload, boolean periodic) {
        return change(false, () -> {
            List<JournalOp> ops = new ArrayList<>(2);
            if (st.queue.size() >= bound) {
                thinned++;
                Long victim = st.oldestPeriodic();
                LOG.warning("transaction queue full (" + bound + "): " + (victim == null
                        ? "sampled MeterValues not kept" : "oldest sampled MeterValues thinned out"));
                if (victim == null) {
                    return false;
                }
                ops.add(new JournalOp.Remove(victim));
            }
            ops.add(new JournalOp.Add(new Entry(st.nextSeq, Kind.METER, localTx, "MeterValues", payload, 0, periodic)));
            log(ops.toArray(JournalOp[]::new));
            return true;
        });
    }

    /**
     * Queues a critical SecurityEventNotification.req, in order with the transaction messages (Security Whitepaper
     * ed. 2 A04.FR.02: "queued with a guaranteed delivery"). Past {@link #SECURITY_BOUND} the oldest queued event
     * is dropped, with a log line.
     */
    public void securityEvent(ObjectNode payload) {
        change(true, () -> {
            log(st.securityEvent(payload, SECURITY_BOUND).toArray(JournalOp[]::new));
            return null;
        });
    }

    /** How many messages of {@code kind} are queued. */
    public synchronized int queued(Kind kind) {
        return st.count(kind);
    }

    /**
     * Queues the StopTransaction of the transaction on {@code connectorId} and ends its record. Returns the local
     * id, or -1 when no transaction runs there.
     *
     * @param payload StopTransaction.req without transactionId
     */
    public long stop(int connectorId, ObjectNode payload) {
        return change(true, () -> {
            Active a = st.active.get(connectorId);
            if (a == null) {
                return -1L;
            }
            if (st.hasStop(a.localTx())) {
                log(new JournalOp.EndActive(connectorId));
            } else {
                log(new JournalOp.Add(new Entry(st.nextSeq, Kind.STOP, a.localTx(), "StopTransaction", payload, 0,
                        false)), new JournalOp.EndActive(connectorId));
            }
            return a.localTx();
        });
    }

    /**
     * After a restart: every transaction still recorded as running was cut by a power loss. Queues its
     * StopTransaction with reason PowerLoss and the last known meter value (and its StartTransaction if even that
     * had not been queued), exactly once. Returns the local ids stopped.
     */
    public List<Long> recoverPowerLoss() {
        return change(true, () -> {
            List<Long> stopped = new ArrayList<>();
            step(() -> {
                for (Active a : new ArrayList<>(st.active.values())) {
                    log(st.powerLoss(a).toArray(JournalOp[]::new));
                    stopped.add(a.localTx());
                }
            });
            return stopped;
        });
    }

    public synchronized Active active(int connectorId) {
        return st.active.get(connectorId);
    }

    // ---------------------------------------------------------------- the client's side

    /**
     * The first queued message, read from the journal, once its record is durable: a message is never sent before
     * the step that queued it is on disk, so a power loss cannot leave the CSMS with a message the charger has
     * forgotten. The wait is outside the store's lock (the charger's steps go on meanwhile). An unreadable
     * message is logged, dropped and the next used.
     */
    public Entry head() {
        Entry e = null;
        long ticket = 0;
        synchronized (this) {
            while (e == null && !st.queue.isEmpty()) {
                QueueState.Meta m = st.queue.firstEntry().getValue();
                try {
                    e = writer.entry(m);
                    ticket = m.ticket;
                } catch (UncheckedIOException | IllegalStateException ex) {
                    LOG.severe("queued " + m.action + " of local transaction " + m.localTx
                            + " cannot be read, dropped: " + ex.getMessage());
                    log(new JournalOp.Remove(m.seq));
                }
            }
        }
        if (e != null) {
            writer.awaitDurable(ticket);
        }
        return e;
    }

    /** The CSMS transactionId of a local transaction, or null while its StartTransaction is unanswered. */
    public synchronized Integer csmsTransactionId(long localTx) {
        return st.txIds.get(localTx);
    }

    /** The local id of the transaction the CSMS knows as {@code transactionId}, or -1. */
    public synchronized long localTransactionId(int transactionId) {
        return st.localTx(transactionId);
    }

    /**
     * The payload to send for {@code e}: for StopTransaction and MeterValues, with the CSMS transactionId patched
     * in. Null if it can never be sent (its StartTransaction was discarded).
     */
    public synchronized ObjectNode payloadToSend(Entry e) {
        ObjectNode p = e.payload().deepCopy();
        if (e.kind() == Kind.START || e.kind() == Kind.SECURITY) {
            return p;
        }
        Integer id = st.txIds.get(e.localTx());
        if (id == null) {
            return null;
        }
        p.put("transactionId", id);
        return p;
    }

    /** The StartTransaction of {@code e} was answered with {@code transactionId}: its id and its dequeuing, one record. */
    public void startConfirmed(Entry e, int transactionId) {
        change(true, () -> {
            log(new JournalOp.TxId(e.localTx(), transactionId), new JournalOp.Remove(e.seq()));
            return null;
        });
    }

    /** A Stop or MeterValues was answered: dequeue it (a confirmed Stop also forgets the id mapping), one record. */
    public void confirmed(Entry e) {
        change(true, () -> {
            if (e.kind() == Kind.STOP && st.txIds.containsKey(e.localTx())) {
                log(new JournalOp.Remove(e.seq()), new JournalOp.ForgetTxId(e.localTx()));
            } else {
                log(new JournalOp.Remove(e.seq()));
            }
            return null;
        });
    }

    /** Counts one failed attempt (CALLERROR or timeout); returns the attempts made so far. */
    public int failed(Entry e) {
        return change(true, () -> {
            int n = e.attempts() + 1;
            if (st.queue.containsKey(e.seq())) {
                log(new JournalOp.Attempts(e.seq(), n));
            }
            return n;
        });
    }

    /** Gives up on a message (TransactionMessageAttempts exhausted, or never sendable). */
    public void discard(Entry e) {
        change(true, () -> {
            LOG.warning("discarding " + e.action() + " of local transaction " + e.localTx() + " after " + e.attempts()
                    + " attempt(s)");
            if (st.queue.containsKey(e.seq())) {
                log(new JournalOp.Remove(e.seq()));
            }
            return null;
        });
    }

    public synchronized int size() {
        return st.queue.size();
    }

    /** The sequence number of the last message queued so far (0 before the first). */
    public synchronized long lastSeq() {
        return st.nextSeq - 1;
    }

    public synchronized boolean isEmpty() {
        return st.queue.isEmpty();
    }

    /** How many sampled MeterValues the bound has thinned out since start. */
    public synchronized long thinned() {
        return thinned;
    }

    /** Bytes the journal's segment files take (their sizes). */
    public synchronized long queueBytes() {
        return writer.bytes();
    }

    /** How many fdatasyncs the journal has made since it was opened (tests, the benchmark). */
    synchronized long syncs() {
        return writer.syncs();
    }

    /** The longest a record waited for its fdatasync since the store was opened, in ns (the benchmark). */
    synchronized long longestWindowNanos() {
        return writer.longestWindowNanos();
    }

    /** Every queued message, read from the journal (tests, diagnostics). */
    public synchronized List<Entry> snapshot() {
        List<Entry> out = new ArrayList<>();
        for (QueueState.Meta m : st.queue.values()) {
            out.add(writer.entry(m));
        }
        return out;
    }

    /** Closes the journal's files (every change is already durable). */
    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
