package org.jevse.ocpp.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jevse.ocpp.rpc.OcppJson;

/** Writes a data directory in the layout before the journal (one fsync'd file per message), as jevse 0.1 left it. */
final class LegacyLayout {
    private static final ObjectMapper JSON = OcppJson.mapper();
    private final Path dir;

    LegacyLayout(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("queue"));
    }

    LegacyLayout queued(long seq, TransactionStore.Kind kind, long localTx, ObjectNode payload) throws IOException {
        String action = switch (kind) {
            case START -> "StartTransaction";
            case METER -> "MeterValues";
            case STOP -> "StopTransaction";
            case SECURITY -> throw new IllegalArgumentException("the layout before the journal had no security events");
        };
        TransactionStore.Entry e = new TransactionStore.Entry(seq, kind, localTx, action, payload, 0,
                kind == TransactionStore.Kind.METER);
        Files.write(dir.resolve("queue").resolve(String.format("%016d.json", seq)), JSON.writeValueAsBytes(e));
        return this;
    }

    LegacyLayout active(TransactionStore.Active a) throws IOException {
        Files.write(dir.resolve("active-" + a.connectorId() + ".json"), JSON.writeValueAsBytes(a));
        return this;
    }

    LegacyLayout txIds(Map<Long, Integer> ids) throws IOException {
        Files.write(dir.resolve("txids.json"), JSON.writeValueAsBytes(ids));
        return this;
    }

    LegacyLayout counter(long next) throws IOException {
        Files.writeString(dir.resolve("counter.json"), "{\"nextLocalTx\":" + next + "}");
        return this;
    }

    static ObjectNode start(String idTag, long meterStart) {
        return JSON.createObjectNode().put("connectorId", 1).put("idTag", idTag).put("meterStart", meterStart)
                .put("timestamp", "2026-11-21T06:00:00.000Z");
    }

    static ObjectNode meter(long wh) {
        ObjectNode p = JSON.createObjectNode().put("connectorId", 1);
        ObjectNode mv = p.putArray("meterValue").addObject().put("timestamp", "2026-11-21T06:01:00.000Z");
        mv.putArray("sampledValue").addObject().put("value", Long.toString(wh))
                .put("measurand", "Energy.Active.Import.Register").put("unit", "Wh");
        return p;
    }

    static ObjectNode stop(long meterStop, String reason) {
        return JSON.createObjectNode().put("meterStop", meterStop).put("timestamp", "2026-11-21T07:00:00.000Z")
                .put("reason", reason);
    }
}
