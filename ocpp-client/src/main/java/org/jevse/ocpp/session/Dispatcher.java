package org.jevse.ocpp.session;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jevse.board.time.Scheduler;
import org.jevse.ocpp.rpc.Frame;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.rpc.RpcErrorCode;
import org.jevse.ocpp.rpc.RpcException;

/**
 * Answers the CSMS's CALLs (OCPP-J §4.2): the request is parsed into its record (a FormationViolation or
 * TypeConstraintViolation when it does not fit the schema), the registered {@link Operation} answers, an action
 * nobody handles is NotSupported (known to OCPP 1.6) or NotImplemented (unknown). An answer that comes later goes
 * out only on the connection its CALL came on. Client thread only.
 */
final class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Map<String, Operation<?, ?>> operations = new ConcurrentHashMap<>();
    private final Scheduler sched;
    private final Consumer<Frame> reply;
    private final IntSupplier connection;

    /**
     * @param reply      sends a frame on the current connection
     * @param connection the number of the open connection, -1 when none is open
     */
    Dispatcher(Scheduler sched, Consumer<Frame> reply, IntSupplier connection) {
        this.sched = sched;
        this.reply = reply;
        this.connection = connection;
    }

    void register(Operation<?, ?> op) {
        operations.put(op.action(), op);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void dispatch(Frame.Call c) {
        Operation op = operations.get(c.action());
        if (op == null) {
            reply.accept(new Frame.CallError(c.id(), Actions.isKnown(c.action()) ? RpcErrorCode.NotSupported
                    : RpcErrorCode.NotImplemented, "action " + abbreviate(c.action()) + " not supported",
                    F.objectNode()));
            return;
        }
        Object request;
        CompletableFuture<?> answer;
        try {
            request = OcppJson.parse(c.payload(), op.requestType());
            answer = op.answer(request).toCompletableFuture();
        } catch (RpcException | RuntimeException e) {
            answered(c, op, null, null, e);
            return;
        }
        if (answer.isDone()) {
            answer.whenComplete((response, failure) -> answered(c, op, request, response, failure));
            return;
        }
        int on = connection.getAsInt();
        answer.whenComplete((response, failure) -> sched.submit(() -> {
            if (on >= 0 && connection.getAsInt() == on) {
                answered(c, op, request, response, failure);
            } else {
                LOG.info(c.action() + " " + c.id() + " answered after its connection closed; not sent");
            }
        }));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void answered(Frame.Call c, Operation op, Object request, Object response, Throwable failure) {
        Throwable f = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (f instanceof RpcException e) {
            reply.accept(new Frame.CallError(c.id(), e.code(), e.description(), F.objectNode()));
            return;
        }
        if (f != null) {
            LOG.log(Level.WARNING, "handling " + c.action() + " failed", f);
            reply.accept(new Frame.CallError(c.id(), RpcErrorCode.InternalError, "internal error", F.objectNode()));
            return;
        }
        reply.accept(new Frame.CallResult(c.id(), OcppJson.toTree(response)));
        try {
            op.afterAnswer(request, response);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "after " + c.action() + " failed", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
