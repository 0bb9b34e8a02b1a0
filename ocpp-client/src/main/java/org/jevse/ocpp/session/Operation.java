package org.jevse.ocpp.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jevse.ocpp.rpc.RpcException;

/** One CSMS-initiated OCPP operation: its request type and how the charge point answers it. */
public interface Operation<Q, R> {

    String action();

    Class<Q> requestType();

    R handle(Q request) throws RpcException;

    /**
     * The answer, which may come later (UnlockConnector waits for the lock's feedback): it is sent when the stage
     * completes, if the connection it came on is still open. Handle only what cannot be answered at once here.
     */
    default CompletionStage<R> answer(Q request) throws RpcException {
        return CompletableFuture.completedFuture(handle(request));
    }

    /** Runs after the answer was sent (e.g. TriggerMessage sends the triggered message). */
    default void afterAnswer(Q request, R response) {
    }
}
