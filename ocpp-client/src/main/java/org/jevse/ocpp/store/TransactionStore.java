package org.jevse.ocpp.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jevse.ocpp.rpc.OcppJson;

/**
 * The persistent transaction-message queue and transaction records (OCPP 1.6 §4.8 "transaction-related
 * messages": StartTransaction, StopTransaction and transaction MeterValues).
 *
 * <p>Layout under the data directory: {@code queue/NNNNNNNNNNNNNNNN.json} one file per message, in send order;
 * {@code active-C.json} the transaction running on connector C (its local id, start and last meter value);
 * {@code txids.json} local transaction id → the CSMS's transactionId; {@code counter.json} the next local id.
 * Every write is atomic and fsync'd ({@link AtomicFiles}) and happens before the method returns, so the caller
 * may tell the core a step is done as soon as the call returns.
 *
 * <p>Recording an answer is one atomic step: for a Stop or MeterValues, the deletion of its queue file; for a
 * StartTransaction, the write of {@code txids.json} with its transactionId. The Start's queue file is deleted
 * after that, and a Start whose local id {@code txids.json} already maps is known to be answered: loading drops
 * it, so a kill between the two never sends an answered StartTransaction again (the CSMS would open a second
 * transaction and the first would never be stopped).
 *
 * <p>A transaction is known locally by a local id from the start, so it can start, meter and stop while offline;
 * StopTransaction and MeterValues get the CSMS's transactionId patched in when they are sent, after the
 * StartTransaction ahead of them was answered. The queue is bounded: past the bound, the oldest periodic sampled
 * MeterValues are thinned out (and counted); StartTransaction and StopTransaction are never dropped.
 *
 * <p>Thread-safe: the charger's thread adds, the client's thread sends and completes.
 */
public final class TransactionStore {
    private static final Logger LOG = Logger.getLogger(TransactionStore.class.getName());
    private static final ObjectMapper JSON = OcppJson.mapper();

    public enum Kind {
        START, METER, STOP
    }

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

    /**
     * For the process-level kill test only (hil-tests KillInTheAnswerWindowProcessTest): a pause before and after
     * each durable step of recording an answer, so that a kill -9 can be placed inside the window between a CSMS
     * answer and its persistence. 0, the default, in every real run.
     */
    private static final long ANSWER_STEP_PAUSE_MS = Long.getLong("jevse.test.ocpp.answerStepPauseMs", 0);

    private final Path dir;
    private final Path queueDir;
    private final int bound;
    /** The queue index in memory; payloads stay on disk until sent (10,000 queued messages must fit a small heap). */
    private final TreeMap<Long, Meta> queue = new TreeMap<>();

    private record Meta(long seq, Kind kind, long localTx, String action, int attempts, boolean periodic) {
        static Meta of(Entry e) {
            return new Meta(e.seq(), e.kind(), e.localTx(), e.action(), e.attempts(), e.periodic());
        }
    }
    private final Map<Long, Integer> txIds = new HashMap<>();
    private final Map<Integer, Active> active = new HashMap<>();
    private long nextSeq = 1;
    private long nextLocalTx = 1;
    private long thinned;

    /**
     * Opens (or creates) the store. Unreadable files are set aside with a ".bad" suffix and logged.
     *
     * @param bound the most queued messages before sampled MeterValues are thinned (StartTransaction and
     *              StopTransaction are queued beyond it)
     */
    public TransactionStore(Path dir, int bound) {
        this.dir = dir;
        this.queueDir = dir.resolve("queue");
        this.bound = Math.max(2, bound);
        try {
            Files.createDirectories(queueDir);
            load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void load() throws IOException {
        try (Stream<Path> files = Files.list(queueDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (!n.matches("\\d{16}\\.json")) {
                    continue;
                }
                try {
                    Entry e = JSON.readValue(Files.readAllBytes(p), Entry.class);
                    queue.put(e.seq(), Meta.of(e));
                } catch (IOException | RuntimeException ex) {
                    setAside(p, ex);
                }
            }
        }
        if (!queue.isEmpty()) {
            nextSeq = queue.lastKey() + 1;
        }
        Path ids = dir.resolve("txids.json");
        if (Files.exists(ids)) {
            try {
                txIds.putAll(JSON.readValue(Files.readAllBytes(ids), new TypeReference<Map<Long, Integer>>() { }));
            } catch (IOException | RuntimeException ex) {
                setAside(ids, ex);
            }
        }
        for (Meta m : new ArrayList<>(queue.values())) {
            if (m.kind() == Kind.START && txIds.containsKey(m.localTx())) {
                LOG.info("StartTransaction of local transaction " + m.localTx() + " was answered (transactionId "
                        + txIds.get(m.localTx()) + ") before the last exit: not sent again");
                remove(m.seq());
            }
        }
        Path counter = dir.resolve("counter.json");
        if (Files.exists(counter)) {
            try {
                nextLocalTx = JSON.readTree(Files.readAllBytes(counter)).get("nextLocalTx").asLong(1);
            } catch (IOException | RuntimeException ex) {
                setAside(counter, ex);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().matches("active-\\d+\\.json")) {
                    try {
                        Active a = JSON.readValue(Files.readAllBytes(p), Active.class);
                        active.put(a.connectorId(), a);
                    } catch (IOException | RuntimeException ex) {
                        setAside(p, ex);
                    }
                }
            }
        }
        // Never reuse a local id, even if the counter file was lost.
        for (Meta e : queue.values()) {
            nextLocalTx = Math.max(nextLocalTx, e.localTx() + 1);
        }
        for (long id : txIds.keySet()) {
            nextLocalTx = Math.max(nextLocalTx, id + 1);
        }
        for (Active a : active.values()) {
            nextLocalTx = Math.max(nextLocalTx, a.localTx() + 1);
        }
    }

    private static void setAside(Path p, Exception ex) {
        LOG.severe("unreadable " + p + " set aside: " + ex);
        try {
            Files.move(p, p.resolveSibling(p.getFileName() + ".bad"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ignored) {
            // nothing more can be done
        }
    }

    // ---------------------------------------------------------------- the charger's side

    /**
     * Records a transaction start and queues its StartTransaction. Returns the local transaction id.
     *
     * @param payload the StartTransaction.req payload
     */
    public synchronized long start(int connectorId, ObjectNode payload) {
        long localTx = nextLocalTx++;
        write(dir.resolve("counter.json"), JSON.createObjectNode().put("nextLocalTx", nextLocalTx));
        String ts = payload.path("timestamp").asText();
        long meter = payload.path("meterStart").asLong();
        Active a = new Active(localTx, connectorId, payload.path("idTag").asText(), ts, meter, meter, ts);
        // The record first: a crash right after it is recovered by queuing the Start (and a PowerLoss stop).
        write(activeFile(connectorId), a);
        active.put(connectorId, a);
        append(Kind.START, localTx, "StartTransaction", payload, false);
        return localTx;
    }

    /** Remembers the last meter value of the running transaction (for a PowerLoss stop). */
    public synchronized void lastMeter(int connectorId, long meterWh, String timestamp) {
        Active a = active.get(connectorId);
        if (a == null || (a.lastMeterWh() == meterWh && timestamp.equals(a.lastMeterTime()))) {
            return;
        }
        Active n = new Active(a.localTx(), a.connectorId(), a.idTag(), a.startTime(), a.meterStartWh(), meterWh,
                timestamp);
        write(activeFile(connectorId), n);
        active.put(connectorId, n);
    }

    /**
     * Queues a transaction's MeterValues.req (without transactionId: it is patched in at sending).
     *
     * @param periodic true for sampled values that the bound may thin
     * @return false if the bound was reached and this sample was not kept
     */
    public synchronized boolean meterValues(long localTx, ObjectNode payload, boolean periodic) {
        if (queue.size() >= bound) {
            Long victim = null;
            for (Meta e : queue.values()) {
                if (e.kind() == Kind.METER && e.periodic()) {
                    victim = e.seq();
                    break;
                }
            }
            thinned++;
            if (victim == null) {
                LOG.warning("transaction queue full (" + bound + "): sampled MeterValues not kept");
                return false;
            }
            LOG.warning("transaction queue full (" + bound + "): oldest sampled MeterValues thinned out");
            remove(victim);
        }
        append(Kind.METER, localTx, "MeterValues", payload, periodic);
        return true;
    }

    /**
     * Queues the StopTransaction of the transaction on {@code connectorId} and ends its record. Returns the local
     * id, or -1 when no transaction runs there.
     *
     * @param payload StopTransaction.req without transactionId
     */
    public synchronized long stop(int connectorId, ObjectNode payload) {
        Active a = active.get(connectorId);
        if (a == null) {
            return -1;
        }
        if (!hasStop(a.localTx())) {
            append(Kind.STOP, a.localTx(), "StopTransaction", payload, false);
        }
        delete(activeFile(connectorId));
        active.remove(connectorId);
        return a.localTx();
    }

    /**
     * After a restart: every transaction still recorded as running was cut by a power loss. Queues its
     * StopTransaction with reason PowerLoss and the last known meter value (and its StartTransaction if even that
     * had not been queued), exactly once. Returns the local ids stopped.
     */
    public synchronized List<Long> recoverPowerLoss() {
        List<Long> stopped = new ArrayList<>();
        for (Active a : new ArrayList<>(active.values())) {
            boolean started = txIds.containsKey(a.localTx())
                    || queue.values().stream().anyMatch(m -> m.kind() == Kind.START && m.localTx() == a.localTx());
            if (!started) {
                ObjectNode start = JSON.createObjectNode().put("connectorId", a.connectorId()).put("idTag", a.idTag())
                        .put("meterStart", a.meterStartWh()).put("timestamp", a.startTime());
                append(Kind.START, a.localTx(), "StartTransaction", start, false);
            }
            if (!hasStop(a.localTx())) {
                ObjectNode stop = JSON.createObjectNode().put("meterStop", Math.max(a.lastMeterWh(), a.meterStartWh()))
                        .put("timestamp", a.lastMeterTime()).put("reason", "PowerLoss");
                append(Kind.STOP, a.localTx(), "StopTransaction", stop, false);
            }
            delete(activeFile(a.connectorId()));
            active.remove(a.connectorId());
            stopped.add(a.localTx());
        }
        return stopped;
    }

    public synchronized Active active(int connectorId) {
        return active.get(connectorId);
    }

    // ---------------------------------------------------------------- the client's side

    /** The first queued message, read from its file; an unreadable file is set aside and the next one is used. */
    public synchronized Entry head() {
        while (!queue.isEmpty()) {
            long seq = queue.firstKey();
            Path p = queueFile(seq);
            try {
                return JSON.readValue(Files.readAllBytes(p), Entry.class);
            } catch (IOException | RuntimeException ex) {
                setAside(p, ex);
                queue.remove(seq);
            }
        }
        return null;
    }

    /** The CSMS transactionId of a local transaction, or null while its StartTransaction is unanswered. */
    public synchronized Integer csmsTransactionId(long localTx) {
        return txIds.get(localTx);
    }

    /** The local id of the transaction the CSMS knows as {@code transactionId}, or -1. */
    public synchronized long localTransactionId(int transactionId) {
        for (Map.Entry<Long, Integer> e : txIds.entrySet()) {
            if (e.getValue() == transactionId) {
                return e.getKey();
            }
        }
        return -1;
    }

    /**
     * The payload to send for {@code e}: for Stop and MeterValues, with the CSMS transactionId patched in. Null if
     * it can never be sent (its StartTransaction was discarded).
     */
    public synchronized ObjectNode payloadToSend(Entry e) {
        ObjectNode p = e.payload().deepCopy();
        if (e.kind() == Kind.START) {
            return p;
        }
        Integer id = txIds.get(e.localTx());
        if (id == null) {
            return null;
        }
        p.put("transactionId", id);
        return p;
    }

    /**
     * The StartTransaction of {@code e} was answered with {@code transactionId}: one atomic write of the mapping
     * records the answer; dequeuing it afterwards is cleanup that {@link #load} completes after a crash.
     */
    public synchronized void startConfirmed(Entry e, int transactionId) {
        answerStep();
        txIds.put(e.localTx(), transactionId);
        write(dir.resolve("txids.json"), txIds);
        answerStep();
        remove(e.seq());
        answerStep();
    }

    /** A Stop or MeterValues was answered: dequeue it (a confirmed Stop also forgets the id mapping). */
    public synchronized void confirmed(Entry e) {
        answerStep();
        remove(e.seq());
        answerStep();
        if (e.kind() == Kind.STOP && txIds.remove(e.localTx()) != null) {
            write(dir.resolve("txids.json"), txIds);
        }
    }

    private static void answerStep() {
        if (ANSWER_STEP_PAUSE_MS > 0) {
            try {
                Thread.sleep(ANSWER_STEP_PAUSE_MS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Counts one failed attempt (CALLERROR or timeout); returns the attempts made so far. */
    public synchronized int failed(Entry e) {
        Entry n = e.withAttempts(e.attempts() + 1);
        if (queue.containsKey(e.seq())) {
            write(queueFile(e.seq()), n);
            queue.put(e.seq(), Meta.of(n));
        }
        return n.attempts();
    }

    /** Gives up on a message (TransactionMessageAttempts exhausted, or never sendable). */
    public synchronized void discard(Entry e) {
        LOG.warning("discarding " + e.action() + " of local transaction " + e.localTx() + " after " + e.attempts()
                + " attempt(s)");
        remove(e.seq());
    }

    public synchronized int size() {
        return queue.size();
    }

    /** The sequence number of the last message queued so far (0 before the first). */
    public synchronized long lastSeq() {
        return nextSeq - 1;
    }

    public synchronized boolean isEmpty() {
        return queue.isEmpty();
    }

    /** How many sampled MeterValues the bound has thinned out since start. */
    public synchronized long thinned() {
        return thinned;
    }

    /** Bytes the queue's files take on disk (file sizes). */
    public synchronized long queueBytes() {
        long total = 0;
        for (long seq : queue.keySet()) {
            try {
                total += Files.size(queueFile(seq));
            } catch (IOException ignored) {
                // counted as 0
            }
        }
        return total;
    }

    /** Every queued message, read from disk (tests, diagnostics). */
    public synchronized List<Entry> snapshot() {
        List<Entry> out = new ArrayList<>();
        for (long seq : queue.keySet()) {
            try {
                out.add(JSON.readValue(Files.readAllBytes(queueFile(seq)), Entry.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- internals

    private boolean hasStop(long localTx) {
        for (Meta e : queue.values()) {
            if (e.kind() == Kind.STOP && e.localTx() == localTx) {
                return true;
            }
        }
        return false;
    }

    private void append(Kind kind, long localTx, String action, ObjectNode payload, boolean periodic) {
        Entry e = new Entry(nextSeq++, kind, localTx, action, payload, 0, periodic);
        write(queueFile(e.seq()), e);
        queue.put(e.seq(), Meta.of(e));
    }

    private void remove(long seq) {
        if (queue.remove(seq) != null) {
            delete(queueFile(seq));
        }
    }

    private Path queueFile(long seq) {
        return queueDir.resolve(String.format("%016d.json", seq));
    }

    private Path activeFile(int connectorId) {
        return dir.resolve("active-" + connectorId + ".json");
    }

    private static void write(Path p, Object value) {
        try {
            AtomicFiles.write(p, JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist " + p, e);
        }
    }

    private static void delete(Path p) {
        try {
            AtomicFiles.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }

    /** For tests and the benchmark: iterate entries in order. */
    public synchronized Iterator<Entry> iterator() {
        return snapshot().iterator();
    }
}
