package org.jevse.ocpp.cp.ops;

import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.cp.Operation;
import org.jevse.ocpp.v16.RemoteStopTransactionRequest;
import org.jevse.ocpp.v16.RemoteStopTransactionResponse;
import org.jevse.ocpp.v16.RemoteStopTransactionStatus;

/** RemoteStopTransaction (OCPP 1.6 §5.12): Accepted only for a transaction that runs here. */
final class RemoteStopTransaction
        implements Operation<RemoteStopTransactionRequest, RemoteStopTransactionResponse> {
    private final ChargePoint cp;

    RemoteStopTransaction(ChargePoint cp) {
        this.cp = cp;
    }

    @Override
    public String action() {
        return "RemoteStopTransaction";
    }

    @Override
    public Class<RemoteStopTransactionRequest> requestType() {
        return RemoteStopTransactionRequest.class;
    }

    @Override
    public RemoteStopTransactionResponse handle(RemoteStopTransactionRequest q) {
        int c = cp.connectorOfTransaction(q.transactionId());
        boolean ok = c > 0 && cp.host().remoteStop(c);
        return new RemoteStopTransactionResponse(ok ? RemoteStopTransactionStatus.Accepted
                : RemoteStopTransactionStatus.Rejected);
    }
}
