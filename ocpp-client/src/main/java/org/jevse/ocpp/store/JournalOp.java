package org.jevse.ocpp.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.store.TransactionStore.Active;
import org.jevse.ocpp.store.TransactionStore.Entry;
import org.jevse.ocpp.store.TransactionStore.Kind;

/**
 * The changes a journal record holds: one record is the batch of changes of one step, applied all or none.
 * Encoded as a JSON array of small objects, deflated with a preset dictionary of the words OCPP transaction
 * messages repeat (so a 1.2 KB MeterValues takes a few hundred bytes on disk).
 *
 * <p>A record is {@code [0xFF][int n][n bytes: the index][the payloads]}: the index is the changes with each
 * queued message's payload left out, in binary ({@link IndexCodec}), deflated; the payloads a deflated JSON array
 * with one element per change (null but for a queued message). Replaying the journal at start inflates only the
 * index (a few dozen bytes per change) and parses no JSON.
 * A record of the first format is one deflated JSON array of the whole changes; it is still read.
 * 0xFF cannot start a raw deflate stream (RFC 1951 §3.2.3: block type 11 is reserved), so the first byte tells
 * the two apart.
 */
sealed interface JournalOp {

    /** A message queued. */
    record Add(Entry entry) implements JournalOp {
    }

    /** A message dequeued (answered, discarded or thinned out). */
    record Remove(long seq) implements JournalOp {
    }

    /** A failed attempt counted. */
    record Attempts(long seq, int attempts) implements JournalOp {
    }

    /** The CSMS's transactionId of a local transaction: the record of an answered StartTransaction. */
    record TxId(long localTx, int transactionId) implements JournalOp {
    }

    /** A stopped transaction's mapping forgotten (its StopTransaction was answered). */
    record ForgetTxId(long localTx) implements JournalOp {
    }

    /** The running transaction on a connector (started, or its last meter value). */
    record SetActive(Active active) implements JournalOp {
    }

    /** The transaction on a connector ended. */
    record EndActive(int connectorId) implements JournalOp {
    }

    /** The next local transaction id. */
    record Counter(long nextLocalTx) implements JournalOp {
    }

    /**
     * Everything but the queue, at the start of each segment, so that older segments can be deleted once their
     * messages are gone. With {@code reset} (a compacted segment) the queue is emptied too and the live messages
     * follow as {@link Add}s.
     */
    record State(boolean reset, long nextSeq, long nextLocalTx, Map<Long, Integer> txIds, List<Active> active)
            implements JournalOp {
    }

    ObjectMapper JSON = OcppJson.mapper();
    /** Reads one value in the middle of a record (the record goes on after it). */
    ObjectReader VALUE = JSON.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Words OCPP 1.6 transaction messages repeat; changing it needs a new segment format version. */
    byte[] DICTIONARY = ("\"periodic\":false\"periodic\":true\"op\":\"add\",\"e\":{\"seq\":\"kind\":\"METER\""
            + "\"localTx\":\"action\":\"MeterValues\",\"payload\":{\"connectorId\":1,\"meterValue\":[{\"timestamp\":"
            + "\"sampledValue\":[{\"value\":\",\"context\":\"Sample.Periodic\",\"Sample.Clock\",\"Transaction.Begin"
            + "\"Transaction.End\",\"format\":\"Raw\",\"measurand\":\"Power.Active.Import\",\"Current.Import\","
            + "\"Current.Offered\",\"Energy.Active.Import.Register\",\"location\":\"Outlet\",\"unit\":\"Wh\","
            + "\"unit\":\"W\",\"unit\":\"A\",\"unit\":\"V\",\"phase\":\"L1\"},\"phase\":\"L2\"},\"phase\":\"L3\"},"
            + "\"phase\":\"L1-N\"},\"phase\":\"L2-N\"},\"phase\":\"L3-N\"},\"measurand\":\"Voltage\",\"SoC\""
            + "\"transactionData\":\"meterStop\":\"reason\":\"idTag\":\"meterStart\":\"StopTransaction\""
            + "\"StartTransaction\",\"START\",\"STOP\",\"attempts\":0,\"op\":\"active\",\"lastMeterWh\":"
            + "\"lastMeterTime\":\"op\":\"del\",\"seq\":.000Z\"}]}]},\"attempts\":0,\"periodic\":true}}]")
            .getBytes(StandardCharsets.US_ASCII);

    /** The first byte of a record with a separate index. */
    byte INDEXED = (byte) 0xFF;

    static byte[] encode(List<JournalOp> ops) {
        ArrayNode payloads = JSON.createArrayNode();
        for (JournalOp op : ops) {
            payloads.add(op instanceof Add x ? x.entry().payload() : null);
        }
        try {
            byte[] i = deflate(IndexCodec.encode(ops));
            byte[] p = deflate(JSON.writeValueAsBytes(payloads));
            return ByteBuffer.allocate(5 + i.length + p.length).put(INDEXED).putInt(i.length).put(i).put(p).array();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a journal record", e);
        }
    }

    static List<JournalOp> decode(byte[] record) throws IOException {
        if (record.length > 0 && record[0] == INDEXED) {
            List<JournalOp> index = IndexCodec.decode(inflate(indexPart(record)));
            JsonNode payloads = JSON.readTree(inflate(Arrays.copyOfRange(record, 5 + indexLength(record),
                    record.length)));
            if (payloads == null || !payloads.isArray() || payloads.size() != index.size()) {
                throw new IOException("a journal record's index and payloads do not match");
            }
            List<JournalOp> ops = new ArrayList<>();
            for (int k = 0; k < index.size(); k++) {
                if (index.get(k) instanceof Add x && payloads.get(k) instanceof ObjectNode p) {
                    Entry e = x.entry();
                    ops.add(new Add(new Entry(e.seq(), e.kind(), e.localTx(), e.action(), p, e.attempts(),
                            e.periodic())));
                } else {
                    ops.add(index.get(k));
                }
            }
            return ops;
        }
        JsonNode a = JSON.readTree(inflate(record));
        if (a == null || !a.isArray()) {
            throw new IOException("a journal record is not a list of changes");
        }
        List<JournalOp> ops = new ArrayList<>();
        for (JsonNode o : a) {
            ops.add(fromJson(o));
        }
        return ops;
    }

    /**
     * As {@link #decode}, but a queued message's payload is skipped, not built (its {@link Add} has a null
     * payload): replaying the journal at start then costs little more than reading it.
     */
    static List<JournalOp> decodeIndex(byte[] record) throws IOException {
        List<JournalOp> ops = new ArrayList<>();
        if (record.length > 0 && record[0] == INDEXED) {
            return IndexCodec.decode(inflate(indexPart(record)));
        }
        try (JsonParser p = JSON.getFactory().createParser(inflate(record))) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("a journal record is not a list of changes");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                ObjectNode o = JSON.createObjectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.getCurrentName();
                    p.nextToken();
                    if (name.equals("e") && "add".equals(o.path("op").asText())) {
                        o.set("e", entryWithoutPayload(p));
                    } else {
                        o.set(name, (JsonNode) VALUE.readTree(p));
                    }
                }
                ops.add(fromJson(o));
            }
        }
        return ops;
    }

    private static int indexLength(byte[] record) throws IOException {
        if (record.length < 5) {
            throw new IOException("a journal record ends in its index length");
        }
        int n = ByteBuffer.wrap(record, 1, 4).getInt();
        if (n <= 0 || n > record.length - 5) {
            throw new IOException("a journal record's index length " + n + " is out of range");
        }
        return n;
    }

    private static byte[] indexPart(byte[] record) throws IOException {
        return Arrays.copyOfRange(record, 5, 5 + indexLength(record));
    }

    private static ObjectNode entryWithoutPayload(JsonParser p) throws IOException {
        ObjectNode e = JSON.createObjectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.getCurrentName();
            p.nextToken();
            if (name.equals("payload")) {
                p.skipChildren();
            } else {
                e.set(name, (JsonNode) VALUE.readTree(p));
            }
        }
        return e;
    }

    private static JournalOp fromJson(JsonNode o) throws IOException {
        String op = o.path("op").asText();
        return switch (op) {
            case "add" -> new Add(JSON.treeToValue(o.get("e"), Entry.class));
            case "del" -> new Remove(o.path("seq").asLong());
            case "try" -> new Attempts(o.path("seq").asLong(), o.path("n").asInt());
            case "id" -> new TxId(o.path("tx").asLong(), o.path("id").asInt());
            case "noid" -> new ForgetTxId(o.path("tx").asLong());
            case "active" -> new SetActive(JSON.treeToValue(o.get("a"), Active.class));
            case "end" -> new EndActive(o.path("c").asInt());
            case "ctr" -> new Counter(o.path("next").asLong());
            case "state" -> {
                Map<Long, Integer> ids = new java.util.HashMap<>();
                o.path("ids").fields().forEachRemaining(e -> ids.put(Long.parseLong(e.getKey()), e.getValue().asInt()));
                List<Active> active = new ArrayList<>();
                for (JsonNode x : o.path("active")) {
                    active.add(JSON.treeToValue(x, Active.class));
                }
                yield new State(o.path("reset").asBoolean(), o.path("nextSeq").asLong(),
                        o.path("nextLocalTx").asLong(), ids, active);
            }
            default -> throw new IOException("unknown journal change '" + op + "'");
        };
    }

    private static byte[] deflate(byte[] raw) {
        Deflater d = Codecs.DEFLATERS.get();
        d.reset();
        d.setDictionary(DICTIONARY);
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 3 + 16);
        byte[] buf = new byte[4096];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        return out.toByteArray();
    }

    private static byte[] inflate(byte[] z) throws IOException {
        Inflater i = Codecs.INFLATERS.get();
        i.reset();
        try {
            i.setDictionary(DICTIONARY);
            i.setInput(java.util.Arrays.copyOf(z, z.length + 1)); // raw inflate wants one dummy byte
            ByteArrayOutputStream out = new ByteArrayOutputStream(z.length * 4);
            byte[] buf = new byte[8192];
            while (!i.finished()) {
                int n = i.inflate(buf);
                if (n == 0 && (i.needsInput() || i.needsDictionary())) {
                    throw new IOException("a journal record ends early");
                }
                out.write(buf, 0, n);
                if (out.size() > Journal.MAX_BODY * 16) {
                    throw new IOException("a journal record inflates past " + Journal.MAX_BODY * 16 + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IOException("a journal record does not inflate: " + e.getMessage(), e);
        }
    }

    /** One deflater and one inflater per thread, reused: creating them (native zlib state) costs more than a record. */
    final class Codecs {
        static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(
                () -> new Deflater(Deflater.DEFAULT_COMPRESSION, true));
        static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(() -> new Inflater(true));

        private Codecs() {
        }
    }
}
