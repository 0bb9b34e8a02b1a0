package org.jevse.ocpp.cp;

import java.time.Instant;
import java.util.function.LongSupplier;
import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.smartcharging.ActiveTransaction;
import org.jevse.ocpp.smartcharging.ProfileStore;
import org.jevse.ocpp.v16.RemoteStartTransactionRequest;
import org.jevse.ocpp.v16.RemoteStartTransactionResponse;
import org.jevse.ocpp.v16.RemoteStartTransactionStatus;
import org.jevse.ocpp.v16.SetChargingProfileStatus;

/**
 * RemoteStartTransaction (OCPP 1.6 §5.11): Rejected for a connector that does not exist, is inoperative or already
 * has a transaction. A chargingProfile is installed for the transaction about to start, and the request Rejected
 * if the profile store refuses it ({@link ProfileStore#setForRemoteStart}: a TxProfile without transactionId, §5.11
 * and errata 3.41); without the SmartCharging profile a chargingProfile cannot be honoured and is Rejected. The tag
 * is then handed to the local authorization ({@link LocalAuthorization#remoteStartAccepted}: no second
 * authorization when AuthorizeRemoteTxRequests is false) and the host starts the session.
 */
final class RemoteStartTransaction
        implements Operation<RemoteStartTransactionRequest, RemoteStartTransactionResponse> {
    private final int connectors;
    private final TransactionService transactions;
    private final AvailabilityService availability;
    private final ChargePointHost host;
    /** Null until {@link Features} installs the LocalAuthListManagement and SmartCharging profiles. */
    private final LocalAuthorization authorization;
    private final ProfileStore profiles;
    private final LongSupplier csmsNowMs;

    RemoteStartTransaction(int connectors, TransactionService transactions, AvailabilityService availability,
                           ChargePointHost host, LocalAuthorization authorization, ProfileStore profiles,
                           LongSupplier csmsNowMs) {
        this.connectors = connectors;
        this.transactions = transactions;
        this.availability = availability;
        this.host = host;
        this.authorization = authorization;
        this.profiles = profiles;
        this.csmsNowMs = csmsNowMs;
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
        int target = c == 0 ? 1 : c;
        boolean ok = c >= 0 && c <= connectors && !transactions.active(target) && availability.operative(target);
        boolean profileInstalled = false;
        if (ok && q.chargingProfile() != null) {
            // §5.16.2: the profile applies to the transaction this request starts (its id not known yet).
            ok = profiles != null && profiles.setForRemoteStart(target, q.chargingProfile(),
                    new ActiveTransaction(null, Instant.ofEpochMilli(csmsNowMs.getAsLong())))
                    == SetChargingProfileStatus.Accepted;
            profileInstalled = ok;
        }
        if (ok) {
            if (authorization != null) {
                authorization.remoteStartAccepted(q.idTag());
            }
            ok = host.remoteStart(c, q.idTag());
            if (!ok && profileInstalled) {
                profiles.transactionEnded(target); // no transaction will start for it
            }
        }
        return new RemoteStartTransactionResponse(ok ? RemoteStartTransactionStatus.Accepted
                : RemoteStartTransactionStatus.Rejected);
    }
}
