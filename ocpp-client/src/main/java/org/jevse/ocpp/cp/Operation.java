package org.jevse.ocpp.cp;

import org.jevse.ocpp.rpc.RpcException;

/** One CSMS-initiated OCPP operation: its request type and how the charge point answers it. */
public interface Operation<Q, R> {

    String action();

    Class<Q> requestType();

    R handle(Q request) throws RpcException;

    /** Runs after the answer was sent (e.g. TriggerMessage sends the triggered message). */
    default void afterAnswer(Q request, R response) {
    }
}
