package org.jevse.ocpp.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jevse.ocpp.store.TransactionStore.Active;
import org.jevse.ocpp.store.TransactionStore.Entry;
import org.jevse.ocpp.store.TransactionStore.Kind;

/**
 * The index part of a journal record: its changes in a small binary form, a queued message's payload left out
 * (it is in the record's payload part). Replaying the journal at start inflates only this and parses no JSON
 * ({@link JournalOp} deflates it). Big-endian {@link DataOutputStream}
 * fields; one tag byte per change.
 */
final class IndexCodec {
    private static final int ADD = 1;
    private static final int REMOVE = 2;
    private static final int ATTEMPTS = 3;
    private static final int TX_ID = 4;
    private static final int FORGET_TX_ID = 5;
    private static final int SET_ACTIVE = 6;
    private static final int END_ACTIVE = 7;
    private static final int COUNTER = 8;
    private static final int STATE = 9;

    private IndexCodec() {
    }

    static byte[] encode(List<JournalOp> ops) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * ops.size() + 8);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(ops.size());
            for (JournalOp op : ops) {
                write(out, op);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static void write(DataOutputStream out, JournalOp op) throws IOException {
        if (op instanceof JournalOp.Add x) {
            Entry e = x.entry();
            out.writeByte(ADD);
            out.writeLong(e.seq());
            out.writeByte(e.kind().ordinal());
            out.writeLong(e.localTx());
            out.writeUTF(e.action());
            out.writeInt(e.attempts());
            out.writeBoolean(e.periodic());
        } else if (op instanceof JournalOp.Remove x) {
            out.writeByte(REMOVE);
            out.writeLong(x.seq());
        } else if (op instanceof JournalOp.Attempts x) {
            out.writeByte(ATTEMPTS);
            out.writeLong(x.seq());
            out.writeInt(x.attempts());
        } else if (op instanceof JournalOp.TxId x) {
            out.writeByte(TX_ID);
            out.writeLong(x.localTx());
            out.writeInt(x.transactionId());
        } else if (op instanceof JournalOp.ForgetTxId x) {
            out.writeByte(FORGET_TX_ID);
            out.writeLong(x.localTx());
        } else if (op instanceof JournalOp.SetActive x) {
            out.writeByte(SET_ACTIVE);
            writeActive(out, x.active());
        } else if (op instanceof JournalOp.EndActive x) {
            out.writeByte(END_ACTIVE);
            out.writeInt(x.connectorId());
        } else if (op instanceof JournalOp.Counter x) {
            out.writeByte(COUNTER);
            out.writeLong(x.nextLocalTx());
        } else if (op instanceof JournalOp.State x) {
            out.writeByte(STATE);
            out.writeBoolean(x.reset());
            out.writeLong(x.nextSeq());
            out.writeLong(x.nextLocalTx());
            out.writeInt(x.txIds().size());
            for (Map.Entry<Long, Integer> id : x.txIds().entrySet()) {
                out.writeLong(id.getKey());
                out.writeInt(id.getValue());
            }
            out.writeInt(x.active().size());
            for (Active a : x.active()) {
                writeActive(out, a);
            }
        }
    }

    private static void writeActive(DataOutputStream out, Active a) throws IOException {
        out.writeLong(a.localTx());
        out.writeInt(a.connectorId());
        out.writeUTF(a.idTag());
        out.writeUTF(a.startTime());
        out.writeLong(a.meterStartWh());
        out.writeLong(a.lastMeterWh());
        out.writeUTF(a.lastMeterTime());
    }

    /** The changes of an index; a queued message's {@link Entry} has a null payload. */
    static List<JournalOp> decode(byte[] index) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(index))) {
            int n = in.readInt();
            if (n <= 0 || n > index.length) {
                throw new IOException("a journal record's index counts " + n + " changes");
            }
            List<JournalOp> ops = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ops.add(read(in));
            }
            if (in.available() > 0) {
                throw new IOException("a journal record's index has " + in.available() + " bytes after its changes");
            }
            return ops;
        } catch (EOFException e) {
            throw new IOException("a journal record's index ends early", e);
        }
    }

    private static JournalOp read(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case ADD -> {
                long seq = in.readLong();
                int kind = in.readUnsignedByte();
                if (kind >= Kind.values().length) {
                    throw new IOException("a queued message of kind " + kind + " in a journal record's index");
                }
                yield new JournalOp.Add(new Entry(seq, Kind.values()[kind], in.readLong(), in.readUTF(), null,
                        in.readInt(), in.readBoolean()));
            }
            case REMOVE -> new JournalOp.Remove(in.readLong());
            case ATTEMPTS -> new JournalOp.Attempts(in.readLong(), in.readInt());
            case TX_ID -> new JournalOp.TxId(in.readLong(), in.readInt());
            case FORGET_TX_ID -> new JournalOp.ForgetTxId(in.readLong());
            case SET_ACTIVE -> new JournalOp.SetActive(readActive(in));
            case END_ACTIVE -> new JournalOp.EndActive(in.readInt());
            case COUNTER -> new JournalOp.Counter(in.readLong());
            case STATE -> readState(in);
            default -> throw new IOException("unknown change " + tag + " in a journal record's index");
        };
    }

    private static JournalOp.State readState(DataInputStream in) throws IOException {
        boolean reset = in.readBoolean();
        long nextSeq = in.readLong();
        long nextLocalTx = in.readLong();
        int ids = in.readInt();
        Map<Long, Integer> txIds = new HashMap<>();
        for (int i = 0; i < ids; i++) {
            txIds.put(in.readLong(), in.readInt());
        }
        int n = in.readInt();
        List<Active> active = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            active.add(readActive(in));
        }
        return new JournalOp.State(reset, nextSeq, nextLocalTx, txIds, active);
    }

    private static Active readActive(DataInputStream in) throws IOException {
        return new Active(in.readLong(), in.readInt(), in.readUTF(), in.readUTF(), in.readLong(), in.readLong(),
                in.readUTF());
    }
}
