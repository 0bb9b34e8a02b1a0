package org.jevse.ocpp.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.store.TransactionStore.Active;
import org.jevse.ocpp.store.TransactionStore.Entry;
import org.jevse.ocpp.store.TransactionStore.Kind;

/**
 * What the journal's records add up to: the queue's index (payloads stay in the journal), the CSMS
 * transactionIds, the running transactions and the counters. Replaying the records in order and applying each
 * change as it is made give the same state.
 */
final class QueueState {
    private static final Logger LOG = Logger.getLogger(TransactionStore.class.getName());
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = OcppJson.mapper();

    /** A queued message without its payload, and where its record lies in the journal. */
    static final class Meta {
        final long seq;
        final Kind kind;
        final long localTx;
        final String action;
        final boolean periodic;
        int attempts;
        Journal.Position at;
        /** The journal write that holds it ({@link Journal#ticket()}); 0 when replayed (durable). */
        long ticket;
        int index;
        int bytes;

        Meta(Entry e) {
            this.seq = e.seq();
            this.kind = e.kind();
            this.localTx = e.localTx();
            this.action = e.action().intern(); // three distinct names for the whole queue
            this.periodic = e.periodic();
            this.attempts = e.attempts();
        }
    }

    final TreeMap<Long, Meta> queue = new TreeMap<>();
    final Map<Long, Integer> txIds = new HashMap<>();
    final Map<Integer, Active> active = new HashMap<>();
    long nextSeq = 1;
    long nextLocalTx = 1;
    /** The journal bytes the queued messages' records take (a record's bytes shared among its changes). */
    long liveBytes;

    /** Applies one change; {@code at} is null while its record is not written yet. Returns a queued Meta or null. */
    Meta apply(JournalOp op, Journal.Position at, int index, int bytes) {
        if (op instanceof JournalOp.Add x) {
            Meta m = new Meta(x.entry());
            m.at = at;
            m.index = index;
            m.bytes = bytes;
            Meta old = queue.put(m.seq, m);
            liveBytes += bytes - (old == null ? 0 : old.bytes);
            nextSeq = Math.max(nextSeq, m.seq + 1);
            nextLocalTx = Math.max(nextLocalTx, m.localTx + 1);
            return m;
        } else if (op instanceof JournalOp.Remove x) {
            Meta m = queue.remove(x.seq());
            if (m != null) {
                liveBytes -= m.bytes;
            }
        } else if (op instanceof JournalOp.Attempts x) {
            Meta m = queue.get(x.seq());
            if (m != null) {
                m.attempts = x.attempts();
            }
        } else if (op instanceof JournalOp.TxId x) {
            txIds.put(x.localTx(), x.transactionId());
            nextLocalTx = Math.max(nextLocalTx, x.localTx() + 1);
        } else if (op instanceof JournalOp.ForgetTxId x) {
            txIds.remove(x.localTx());
        } else if (op instanceof JournalOp.SetActive x) {
            active.put(x.active().connectorId(), x.active());
            nextLocalTx = Math.max(nextLocalTx, x.active().localTx() + 1);
        } else if (op instanceof JournalOp.EndActive x) {
            active.remove(x.connectorId());
        } else if (op instanceof JournalOp.Counter x) {
            nextLocalTx = Math.max(nextLocalTx, x.nextLocalTx());
        } else if (op instanceof JournalOp.State x) {
            if (x.reset()) {
                queue.clear();
                liveBytes = 0;
            }
            nextSeq = Math.max(nextSeq, x.nextSeq());
            nextLocalTx = Math.max(nextLocalTx, x.nextLocalTx());
            txIds.clear();
            txIds.putAll(x.txIds());
            active.clear();
            x.active().forEach(a -> active.put(a.connectorId(), a));
        }
        return null;
    }

    /**
     * Applies the journal's records in order; returns the StartTransactions to dequeue because their answer is
     * recorded (only after a move from the old layout, which recorded the answer and the dequeuing apart).
     */
    List<Long> replay(List<Journal.Record> records, Journal journal) {
        List<Long> answered = new ArrayList<>();
        for (Journal.Record r : records) {
            List<JournalOp> ops;
            try {
                ops = JournalOp.decodeIndex(r.body());
            } catch (IOException e) {
                LOG.severe("journal " + journal.segment(r.at().segment()) + " offset " + r.at().offset()
                        + ": a record with a good checksum that cannot be read (" + e.getMessage() + "), skipped");
                continue;
            }
            int share = (r.body().length + Journal.RECORD_HEADER) / ops.size();
            for (int i = 0; i < ops.size(); i++) {
                apply(ops.get(i), r.at(), i, share);
            }
        }
        for (QueueState.Meta m : new ArrayList<>(queue.values())) {
            if (m.kind == Kind.START && txIds.containsKey(m.localTx)) {
                LOG.info("StartTransaction of local transaction " + m.localTx + " was answered (transactionId "
                        + txIds.get(m.localTx) + ") before the last exit: not sent again");
                answered.add(m.seq);
            }
        }
        return answered;
    }

    /** Everything but the queue, as the first record of a segment. */
    JournalOp.State state(boolean reset) {
        return new JournalOp.State(reset, nextSeq, nextLocalTx, new HashMap<>(txIds), new ArrayList<>(active.values()));
    }

    /**
     * The changes that end a transaction a power loss cut: its StopTransaction with reason PowerLoss and the last
     * known meter value (and its StartTransaction if even that had not been queued), each queued once.
     */
    List<JournalOp> powerLoss(Active a) {
        List<JournalOp> ops = new ArrayList<>();
        long seq = nextSeq;
        if (!txIds.containsKey(a.localTx()) && !hasStart(a.localTx())) {
            ObjectNode start = JSON.createObjectNode().put("connectorId", a.connectorId()).put("idTag", a.idTag())
                    .put("meterStart", a.meterStartWh()).put("timestamp", a.startTime());
            ops.add(new JournalOp.Add(new Entry(seq++, Kind.START, a.localTx(), "StartTransaction", start, 0, false)));
        }
        if (!hasStop(a.localTx())) {
            ObjectNode stop = JSON.createObjectNode().put("meterStop", Math.max(a.lastMeterWh(), a.meterStartWh()))
                    .put("timestamp", a.lastMeterTime()).put("reason", "PowerLoss");
            ops.add(new JournalOp.Add(new Entry(seq, Kind.STOP, a.localTx(), "StopTransaction", stop, 0, false)));
        }
        ops.add(new JournalOp.EndActive(a.connectorId()));
        return ops;
    }

    /** The oldest queued sampled MeterValues (the one the bound thins first), or null. */
    Long oldestPeriodic() {
        for (Meta e : queue.values()) {
            if (e.kind == Kind.METER && e.periodic) {
                return e.seq;
            }
        }
        return null;
    }

    /** The changes that queue a critical security event; past {@code bound} of them the oldest is dropped. */
    List<JournalOp> securityEvent(ObjectNode payload, int bound) {
        List<JournalOp> ops = new ArrayList<>(2);
        if (count(Kind.SECURITY) >= bound) {
            LOG.warning("security event queue full (" + bound + "): oldest event dropped");
            ops.add(new JournalOp.Remove(oldest(Kind.SECURITY)));
        }
        ops.add(new JournalOp.Add(new Entry(nextSeq, Kind.SECURITY, 0, "SecurityEventNotification", payload, 0,
                false)));
        return ops;
    }

    /** The local id of the transaction the CSMS knows as {@code transactionId}, or -1. */
    long localTx(int transactionId) {
        for (Map.Entry<Long, Integer> e : txIds.entrySet()) {
            if (e.getValue() == transactionId) {
                return e.getKey();
            }
        }
        return -1;
    }

    int count(Kind kind) {
        int n = 0;
        for (Meta e : queue.values()) {
            if (e.kind == kind) {
                n++;
            }
        }
        return n;
    }

    /** The oldest queued message of {@code kind}, or null. */
    Long oldest(Kind kind) {
        for (Meta e : queue.values()) {
            if (e.kind == kind) {
                return e.seq;
            }
        }
        return null;
    }

    boolean hasStop(long localTx) {
        for (Meta e : queue.values()) {
            if (e.kind == Kind.STOP && e.localTx == localTx) {
                return true;
            }
        }
        return false;
    }

    boolean hasStart(long localTx) {
        for (Meta e : queue.values()) {
            if (e.kind == Kind.START && e.localTx == localTx) {
                return true;
            }
        }
        return false;
    }
}
