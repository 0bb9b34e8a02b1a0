package org.jevse.ocpp.cp;

import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.v16.ChargingProfilePurpose;
import org.jevse.ocpp.v16.RemoteStartTransactionRequest;
import org.jevse.ocpp.v16.RemoteStartTransactionResponse;
import org.jevse.ocpp.v16.RemoteStartTransactionStatus;

/**
 * RemoteStartTransaction (OCPP 1.6 §5.11): Rejected for a connector that does not exist, is inoperative or
 * already has a transaction; a chargingProfile must have purpose TxProfile (§5.11). The host starts the session;
 * with AuthorizeRemoteTxRequests the tag is authorized first, like a presented card.
 */
final class RemoteStartTransaction
        implements Operation<RemoteStartTransactionRequest, RemoteStartTransactionResponse> {
    private final int connectors;
    private final TransactionService transactions;
    private final AvailabilityService availability;
    private final ChargePointHost host;

    RemoteStartTransaction(int connectors, TransactionService transactions, AvailabilityService availability, ChargePointHost host) {
        this.connectors = connectors;
        this.transactions = transactions;
        this.availability = availability;
        this.host = host;
    }

    @Override
    public String action() {
        return "RemoteStartTransaction";
    }

    @Override
    public Class<RemoteStartTransactionRequest> requestType() {
        return RemoteStartTransactionRequest.class;
    }

    @Override
    public RemoteStartTransactionResponse handle(RemoteStartTransactionRequest q) {
        int c = q.connectorId() == null ? 0 : q.connectorId();
        boolean ok = c >= 0 && c <= connectors
                && (q.chargingProfile() == null
                    || q.chargingProfile().chargingProfilePurpose() == ChargingProfilePurpose.TxProfile);
        if (ok) {
            int target = c == 0 ? 1 : c;
            ok = !transactions.active(target) && availability.operative(target)
                    && host.remoteStart(c, q.idTag(), q.chargingProfile());
        }
        return new RemoteStartTransactionResponse(ok ? RemoteStartTransactionStatus.Accepted
                : RemoteStartTransactionStatus.Rejected);
    }
}
