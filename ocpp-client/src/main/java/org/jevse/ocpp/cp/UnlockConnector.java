package org.jevse.ocpp.cp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.v16.UnlockConnectorRequest;
import org.jevse.ocpp.v16.UnlockConnectorResponse;
import org.jevse.ocpp.v16.UnlockConnectorStatus;

/**
 * UnlockConnector (OCPP 1.6 §5.18): answered when the host knows whether the lock opened (see
 * {@link org.jevse.ocpp.cp.ChargePointHost#unlockConnector}).
 */
final class UnlockConnector implements Operation<UnlockConnectorRequest, UnlockConnectorResponse> {
    private final int connectors;
    private final ChargePointHost host;

    UnlockConnector(int connectors, ChargePointHost host) {
        this.connectors = connectors;
        this.host = host;
    }

    @Override
    public String action() {
        return "UnlockConnector";
    }

    @Override
    public Class<UnlockConnectorRequest> requestType() {
        return UnlockConnectorRequest.class;
    }

    @Override
    public UnlockConnectorResponse handle(UnlockConnectorRequest q) {
        throw new UnsupportedOperationException("UnlockConnector is answered by answer()");
    }

    @Override
    public CompletionStage<UnlockConnectorResponse> answer(UnlockConnectorRequest q) {
        int c = q.connectorId();
        if (c < 1 || c > connectors) {
            // Errata 3.85: an unknown connectorId is NotSupported, not UnlockFailed.
            return CompletableFuture.completedFuture(new UnlockConnectorResponse(UnlockConnectorStatus.NotSupported));
        }
        return host.unlockConnector(c).thenApply(UnlockConnectorResponse::new);
    }
}
