package org.jevse.ocpp.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import java.util.function.Consumer;
import org.jevse.board.time.Scheduler;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.rpc.RpcException;

/**
 * One charge-point-initiated CALL: its action, its payload (already checked, built from a generated record), and
 * what to do with the answer. Client thread only.
 */
public final class Call {
    /** Where a call comes from, which decides what happens when a disconnect cuts it. */
    public enum Kind {
        /** From the {@link RpcSession.Gate} (BootNotification): the gate is told, it sends it again. */
        GATE,
        /** In memory: goes back to the front of the queue (a Heartbeat is dropped: the next one follows). */
        NORMAL,
        /** From the persistent {@link RpcSession.Queue}: still at its head, nothing to do. */
        QUEUED
    }

    final String id = UUID.randomUUID().toString();
    final String action;
    final Kind kind;
    final JsonNode payload;
    final Consumer<JsonNode> onResult;
    final Consumer<RpcException> onFailure;
    Scheduler.Timer timeout;

    public Call(String action, Kind kind, JsonNode payload, Consumer<JsonNode> onResult,
                Consumer<RpcException> onFailure) {
        this.action = action;
        this.kind = kind;
        this.payload = payload;
        this.onResult = onResult;
        this.onFailure = onFailure;
    }

    /** A NORMAL call of a generated request record, whose answer is not needed. */
    public static Call notification(String action, Object request) {
        return new Call(action, Kind.NORMAL, OcppJson.toTree(request), r -> { }, e -> { });
    }

    public String action() {
        return action;
    }

    public Kind kind() {
        return kind;
    }

    public JsonNode payload() {
        return payload;
    }

    Call again() {
        return new Call(action, kind, payload, onResult, onFailure);
    }
}
