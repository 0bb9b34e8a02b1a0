package org.jevse.ocpp.cp;

import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.v16.RemoteStopTransactionRequest;
import org.jevse.ocpp.v16.RemoteStopTransactionResponse;
import org.jevse.ocpp.v16.RemoteStopTransactionStatus;

/** RemoteStopTransaction (OCPP 1.6 §5.12): Accepted only for a transaction that runs here. */
final class RemoteStopTransaction
        implements Operation<RemoteStopTransactionRequest, RemoteStopTransactionResponse> {
    private final TransactionService transactions;
    private final ChargePointHost host;

    RemoteStopTransaction(TransactionService transactions, ChargePointHost host) {
        this.transactions = transactions;
        this.host = host;
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
        int c = transactions.connectorOfTransaction(q.transactionId());
        boolean ok = c > 0 && host.remoteStop(c);
        return new RemoteStopTransactionResponse(ok ? RemoteStopTransactionStatus.Accepted
                : RemoteStopTransactionStatus.Rejected);
    }
}
